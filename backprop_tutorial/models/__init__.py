"""Pure app models: state and logic of the notebook apps, numpy only (no widgets).

Each interactive app is one of these models plus a thin view in
``backprop_tutorial.widgets``; tests drive the models directly.
"""

from .chain_stepper import ChainModel
from .fan_out import FanOutModel
from .gradient_check import GradientCheckModel
from .landscape import LandscapeModel
from .stepper import StepperModel

__all__ = ["ChainModel", "FanOutModel", "GradientCheckModel", "LandscapeModel", "StepperModel"]
