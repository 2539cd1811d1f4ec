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
- :mod:`.tangents`, :mod:`.network_tangents` — forward mode on the scalar graph and on a network;
- :mod:`.jacobians` — the Jacobian chain multiplied from either end, counted;
- :mod:`.memory` — what reverse mode keeps (the tape) and checkpointing;
- :mod:`.path_tables` — both orders as dynamic programming (prefix and suffix tables);
- :mod:`.gradcheck`, :mod:`.landscape`, :mod:`.datasets`, :mod:`.notation`, :mod:`.labels`.

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
from .jacobians import (
    chain_multiplications,
    jacobian_forward_mode,
    jacobian_multiplications,
    jacobian_reverse_mode,
    mode_passes,
    network_chain_dims,
)
from .labels import ParamRef, param_labels, parse_param_label
from .landscape import batched_loss, descent_trajectory, loss_surface, random_plane, weight_plane
from .memory import balanced_k, checkpoint_plan, checkpointed_gradients, tape_bytes
from .minibatch import per_example_gradients, roughness
from .network import Network, roll, unroll
from .network_tangents import (
    forward_mode_gradients,
    forward_mode_multiplications,
    gradient_passes,
    jvp,
    jvp_multiplications,
    reverse_mode_multiplications,
)
from .notation import glossary_markdown, notation_markdown
from .path_tables import TwoOrders, two_orders
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
from .tangents import ForwardModeTrace, forward_mode

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "COSTS",
    "DATASETS",
    "ChainNetwork",
    "EnumerationStopped",
    "ForwardModeTrace",
    "Network",
    "Node",
    "ParamRef",
    "Trace",
    "accuracy",
    "TwoOrders",
    "backprop_multiplications",
    "balanced_k",
    "batched_loss",
    "chain_multiplications",
    "check_chain",
    "check_input_gradient",
    "check_network",
    "confusion_matrix",
    "checkpoint_plan",
    "checkpointed_gradients",
    "count_parameter_paths",
    "count_paths",
    "count_paths_from_weight",
    "descent_trajectory",
    "fan_out_example",
    "finite_difference_multiplications",
    "forward_mode",
    "forward_mode_gradients",
    "forward_mode_multiplications",
    "forward_multiplications",
    "get_activation",
    "get_cost",
    "input_gradient",
    "load_digits",
    "log_softmax",
    "glossary_markdown",
    "gradient_passes",
    "jacobian_forward_mode",
    "jacobian_multiplications",
    "jacobian_reverse_mode",
    "jvp",
    "jvp_multiplications",
    "loss_surface",
    "make_dataset",
    "mode_passes",
    "network_chain_dims",
    "notation_markdown",
    "numerical_gradient",
    "one_hot",
    "param_labels",
    "parse_param_label",
    "path_sum_gradients",
    "path_sum_multiplications",
    "path_terms",
    "per_example_gradients",
    "predict",
    "random_plane",
    "relative_error",
    "reverse_mode_multiplications",
    "roll",
    "roughness",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "softmax_jacobian",
    "trace",
    "train_test_split",
    "tape_bytes",
    "trace",
    "two_orders",
    "unroll",
    "weight_plane",
]
