# Notebook 3: paths versus dynamic programming.
from .paths import CostExplorer, InfluencePaths, MemoTable, PathSumTable  # noqa: E402, F401
