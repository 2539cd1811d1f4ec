"""Notebook 2's app models, one module each (this module re-exports them).

- :mod:`.sizes` — layer sizes from a text box; :mod:`.pictures` — the two pictures;
- :mod:`.example` — the one example (x, y) and how its numbers print;
- :mod:`.shared_gradient`, :mod:`.layer_stepper`, :mod:`.training`,
  :mod:`.landscape_slice`, :mod:`.gradient_meter`.
"""

from .example import example_point, mat_text, num_text, vec_text  # noqa: F401
from .gradient_meter import GradientMeterModel  # noqa: F401
from .landscape_slice import SliceModel  # noqa: F401
from .layer_stepper import LayerStep, LayerStepperModel  # noqa: F401
from .pictures import (  # noqa: F401
    PicEdge,
    PicNode,
    Picture,
    TwoPicturesModel,
    _column,
    check_seed,
    neuron_name,
    neuron_picture,
    surgery_picture,
    weight_fraction,
    weight_node_position,
)
from .shared_gradient import (  # noqa: F401
    SharedGradientModel,
    _descendants,
    weight_names,
    weight_ref,
)
from .sizes import MAX_LAYERS, MAX_PICTURE_NEURONS, parse_sizes, sizes_text  # noqa: F401
from .training import TrainingModel, parse_hidden  # noqa: F401
