"""Notebook 3's apps, one module each; this module only re-exports them."""

from .cost_explorer import CostExplorer
from .influence_paths import InfluencePaths
from .memo_table import MemoTable
from .path_sum_table import PathSumTable

__all__ = ["CostExplorer", "InfluencePaths", "MemoTable", "PathSumTable"]
