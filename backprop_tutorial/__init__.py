"""backprop-tutorial: see, step through and then write backpropagation.

The package is laid out by layer (docs/ARCHITECTURE.md draws it):

- :mod:`.core` — the mathematics, numpy only: the scalar graph that records every step,
  notebook 1's chain, the fully connected network, forward mode, paths and their
  counts, Jacobian chains, the tape and checkpointing, the landscape, costs,
  activations, the gradient checker and the argument checks;
- :mod:`.data` — the 2-D toy data sets and the shipped 8×8 handwritten digits;
- :mod:`.teaching` — exercise checkers, the notation table and glossary, labels;
- :mod:`.ui` — what the apps share: the palette by role, scene shapes, chart layers,
  text; :mod:`.ui.widgets` holds the App base and the browser-drawn widgets;
- :mod:`.apps` — one folder per app, each ``model.py`` (numpy), ``scene.py`` (plain
  data) and ``app.py`` (widgets): ``from backprop_tutorial.apps import LandscapeApp``.

This top level re-exports the core's public functions, so ``import backprop_tutorial as
bt`` is all a notebook cell needs besides its apps.
"""

from .core.activations import (
    ACTIVATIONS,
    get_activation,
    log_softmax,
    sigmoid,
    sigmoid_prime,
    softmax,
    softmax_jacobian,
)
from .core.chain import ChainNetwork, fan_out_example
from .core.classify import accuracy, check_input_gradient, confusion_matrix, input_gradient, predict
from .core.costs import COSTS, get_cost
from .core.expression import expression_gradients
from .core.gradcheck import check_chain, check_network, numerical_gradient, relative_error
from .core.graph import Node, Trace, trace
from .core.jacobians import (
    chain_multiplications,
    jacobian_forward_mode,
    jacobian_multiplications,
    jacobian_reverse_mode,
    mode_passes,
    network_chain_dims,
)
from .core.landscape import (
    batched_loss,
    descent_trajectory,
    loss_surface,
    random_plane,
    weight_plane,
)
from .core.memory import balanced_k, checkpoint_plan, checkpointed_gradients, tape_bytes
from .core.minibatch import per_example_gradients, roughness
from .core.network import Network
from .core.network_graph import network_graph
from .core.network_tangents import (
    forward_mode_gradients,
    forward_mode_multiplications,
    gradient_passes,
    jvp,
    jvp_multiplications,
    reverse_mode_multiplications,
)
from .core.path_tables import TwoOrders, two_orders
from .core.paths import (
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
from .core.shapes import roll, unroll
from .core.tangents import ForwardModeTrace, forward_mode
from .core.value import Value, value_trace
from .data.datasets import DATASETS, make_dataset
from .data.digits import load_digits, one_hot, train_test_split
from .teaching import zoo
from .teaching.backward import BackwardCase, check_backward, train_with_backward
from .teaching.engine_check import check_engine
from .teaching.labels import ParamRef, param_labels, parse_param_label
from .teaching.notation import glossary_markdown, notation_markdown
from .teaching.skeleton import ValueSkeleton, train_engine

__version__ = "0.1.0"

__all__ = [
    "BackwardCase",
    "Value",
    "ValueSkeleton",
    "check_backward",
    "check_engine",
    "train_engine",
    "train_with_backward",
    "value_trace",
    "zoo",
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
    "expression_gradients",
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
    "network_graph",
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
