"""Notebook 2's apps, one module each (this module re-exports them)."""

from .gradient_meter import GradientMeter  # noqa: F401
from .landscape_slice import LandscapeSlice  # noqa: F401
from .layer_stepper import LayerStepper  # noqa: F401
from .shared_gradient import SharedGradient  # noqa: F401
from .training import TrainingPlayground  # noqa: F401
from .two_pictures import SURGERY_KEY, TwoPictures  # noqa: F401
