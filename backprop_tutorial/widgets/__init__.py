# Notebook 3: paths versus dynamic programming.
# Notebook 1: the simplest network (and the generic graph stepper, reused by notebook 2).
# Notebook 5: many classes and real data.
from .batch_noise import BatchNoiseApp  # noqa: E402, F401
from .chain_stepper import ChainStepperApp  # noqa: E402, F401
from .digit_draw import DigitDrawApp  # noqa: E402, F401
from .digits_trainer import DigitsTrainer  # noqa: E402, F401
from .fan_out import FanOutApp  # noqa: E402, F401
from .gradient_check import GradientCheckApp  # noqa: E402, F401
from .landscape import LandscapeApp  # noqa: E402, F401

# Notebook 2: a general network.
from .network import (  # noqa: E402, F401
    GradientMeter,
    LandscapeSlice,
    LayerStepper,
    SharedGradient,
    TrainingPlayground,
    TwoPictures,
)
from .paths import CostExplorer, InfluencePaths, MemoTable, PathSumTable  # noqa: E402, F401
from .stepper import GraphStepper  # noqa: E402, F401
