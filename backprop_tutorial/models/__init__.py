"""Pure app models: state and logic of the notebook apps, numpy only (no widgets).

Each interactive app is one of these models plus a thin view in
``backprop_tutorial.widgets``; tests drive the models directly.
"""

from .chain import ChainModel, LandscapeModel
from .stepper import StepperModel

__all__ = ["ChainModel", "LandscapeModel", "StepperModel"]
