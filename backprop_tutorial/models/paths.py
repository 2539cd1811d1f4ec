"""Notebook 3's models, one module each; this module only re-exports them.

- :class:`~.influence_paths.InfluencePathsModel`: every path from one weight to the cost;
- :class:`~.path_sum_table.PathSumTableModel`: one weight's gradient as a sum over paths;
- :class:`~.cost.CostModel`: path sum, backprop and finite differences counted and timed;
- :class:`~.memo_table.MemoTableModel`: the backward pass filling its memo table;
- :mod:`.formatting`: ``format_count`` and ``format_seconds``.
"""

from .cost import (
    METHOD_NAMES,
    METHODS,
    CostModel,
    CostRow,
    Measurement,
    cost_sizes,
    finite_difference_gradient,
    multiplications,
    n_parameters,
    python_steps,
)
from .formatting import format_count, format_seconds
from .influence_paths import InfluencePathsModel
from .memo_table import MemoState, MemoTableModel, read_counts, reuse_counts, reuse_terms
from .path_sum_table import PathSumRow, PathSumTableModel
from .timing import TimeModel, fit_time_model, time_call

__all__ = [
    "METHODS",
    "METHOD_NAMES",
    "CostModel",
    "CostRow",
    "InfluencePathsModel",
    "Measurement",
    "MemoState",
    "MemoTableModel",
    "PathSumRow",
    "PathSumTableModel",
    "TimeModel",
    "cost_sizes",
    "finite_difference_gradient",
    "fit_time_model",
    "format_count",
    "format_seconds",
    "multiplications",
    "n_parameters",
    "python_steps",
    "read_counts",
    "reuse_counts",
    "reuse_terms",
    "time_call",
]
