"""backprop-tutorial: see and step through backpropagation.

The core (this package's top level) needs numpy only:

- :mod:`.graph` — a scalar computational graph that records each forward and
  backward step, for the steppers;
- :mod:`.chain` — notebook 1's two-neuron chain network;
- :mod:`.network` — a vectorised fully connected network;
- :mod:`.paths` — path counts, the naive path-sum gradient, operation counts;
- :mod:`.digits` — the 8×8 handwritten digits (shipped), one-hot targets, a split;
- :mod:`.classify` — predictions, accuracy, confusion matrix, dJ/dx;
- :mod:`.minibatch` — per-example gradients, the roughness of a loss curve;
- :mod:`.gradcheck`, :mod:`.landscape`, :mod:`.datasets`, :mod:`.notation`.

Plots live in ``backprop_tutorial.plots`` (matplotlib) and the interactive apps in
``backprop_tutorial.widgets`` (ipywidgets + ipympl); import them explicitly.
"""

from .activations import (
    ACTIVATIONS,
    get_activation,
    log_softmax,
    sigmoid,
    sigmoid_prime,
    softmax,
    softmax_jacobian,
)
from .chain import ChainNetwork, fan_out_example
from .classify import accuracy, check_input_gradient, confusion_matrix, input_gradient, predict
from .costs import COSTS, get_cost
from .datasets import DATASETS, make_dataset
from .digits import load_digits, one_hot, train_test_split
from .gradcheck import check_chain, check_network, numerical_gradient, relative_error
from .graph import Node, Trace, trace
from .landscape import batched_loss, descent_trajectory, loss_surface, random_plane, weight_plane
from .minibatch import per_example_gradients, roughness
from .network import Network, roll, unroll
from .notation import notation_markdown
from .paths import (
    EnumerationStopped,
    backprop_multiplications,
    count_parameter_paths,
    count_paths,
    count_paths_from_weight,
    finite_difference_multiplications,
    forward_multiplications,
    path_sum_gradients,
    path_sum_multiplications,
    path_terms,
)

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "COSTS",
    "DATASETS",
    "ChainNetwork",
    "EnumerationStopped",
    "Network",
    "Node",
    "Trace",
    "accuracy",
    "backprop_multiplications",
    "batched_loss",
    "check_chain",
    "check_input_gradient",
    "check_network",
    "confusion_matrix",
    "count_parameter_paths",
    "count_paths",
    "count_paths_from_weight",
    "descent_trajectory",
    "fan_out_example",
    "finite_difference_multiplications",
    "forward_multiplications",
    "get_activation",
    "get_cost",
    "input_gradient",
    "load_digits",
    "log_softmax",
    "loss_surface",
    "make_dataset",
    "notation_markdown",
    "numerical_gradient",
    "one_hot",
    "path_sum_gradients",
    "path_sum_multiplications",
    "path_terms",
    "per_example_gradients",
    "predict",
    "random_plane",
    "relative_error",
    "roll",
    "roughness",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "softmax_jacobian",
    "trace",
    "train_test_split",
    "unroll",
    "weight_plane",
]
