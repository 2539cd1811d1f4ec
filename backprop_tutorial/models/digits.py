"""Models of notebook 5's apps, one module each (numpy only); imported here together.

Every model has ``params()`` and ``set(**changes)``; ``set`` validates all changes
before applying any, so a rejected change leaves the model as it was.
"""

from .batch_noise import BatchNoiseModel
from .digit_draw import DigitDrawModel
from .digits_data import N_CLASSES, RECIPE, DigitsData
from .digits_training import DigitsTrainingModel

__all__ = [
    "N_CLASSES",
    "RECIPE",
    "BatchNoiseModel",
    "DigitDrawModel",
    "DigitsData",
    "DigitsTrainingModel",
]
