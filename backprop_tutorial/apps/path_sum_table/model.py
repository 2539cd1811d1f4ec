"""``PathSumTableModel``: one weight's gradient as an explicit sum over paths.

Numpy only.  The rows come from :func:`backprop_tutorial.core.paths.path_terms`; the sum is
compared with the value backpropagation computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...core import paths as core
from ...core.network import Network
from ...teaching.labels import activation_label, sum_label
from ...ui.model import Check, Model
from ..influence_paths.model import check_drawable, weight_labels, weight_ref

MAX_ROWS = 1000  # paths of one weight the table enumerates


@dataclass(frozen=True)
class PathSumRow:
    """One path of the expanded chain rule: its factors and their product."""

    path: str
    names: tuple
    values: tuple
    product: float


def path_text(layer: int, k: int, neurons) -> str:
    """Neurons ``(j, i_(l+1), ...)`` of a path of ``W[layer][j,k]`` as
    ``"a[l][k] → S[l][j] → S[l+1][i] → … → J"``."""
    parts = [activation_label(layer, k)] + [sum_label(layer + i, n) for i, n in enumerate(neurons)]
    return " → ".join(parts + ["J"])


class PathSumTableModel(Model):
    """``dJ/dW[l][j,k]`` as a sum over paths, beside the backprop value.

    Parameters
    ----------
    net : Network, optional
        Defaults to a sigmoid network of sizes ``(2, 3, 3, 2)`` with weights from ``rng``.
    x, y : array_like, optional
        One example, shapes ``(n_0,)`` and ``(n_L,)``; defaults are drawn from ``rng``.
    weight : str
        The weight's label, e.g. ``"W[0][1,0]"``.
    rng : numpy.random.Generator, optional
    """

    PARAMS = {"weight": Check("_weight_ref")}

    def __init__(
        self,
        net: Network | None = None,
        x=None,
        y=None,
        weight: str = "W[0][0,0]",
        rng: np.random.Generator | None = None,
    ):
        rng = np.random.default_rng(3) if rng is None else rng
        self.net = Network((2, 3, 3, 2), rng=rng) if net is None else net
        sizes = check_drawable(self.net.sizes)
        self.x = np.round(rng.uniform(-1, 1, sizes[0]), 2) if x is None else x
        self.y = np.round(rng.uniform(0, 1, sizes[-1]), 2) if y is None else y
        X, Y = self.net.check_xy(self.x, self.y)
        if len(X) != 1:
            raise ValueError(f"the table shows one example: pass one x and one y, got {len(X)}")
        self.x, self.y = X[0], Y[0]
        dW, _ = self.net.gradients(X, Y)
        self._dW = dW
        self._weight = None
        self.set(weight=weight)

    # -- the protocol -------------------------------------------------------------------
    def _value(self, name: str) -> str:
        return self.label

    def param_options(self) -> dict:
        return {"weight": weight_labels(self.net.sizes)}

    def _weight_ref(self, label):
        return weight_ref(label, self.net.sizes)

    def _apply(self, values: dict) -> None:
        """The rows of the new weight are computed before anything is assigned."""
        if "weight" not in values:
            return
        ref = values["weight"]
        terms = core.path_terms(self.net, self.x, self.y, ref.l, ref.j, ref.k, max_paths=MAX_ROWS)
        rows = [
            PathSumRow(path_text(ref.l, ref.k, t.neurons), t.names, t.values, t.product)
            for t in terms
        ]
        self.rows = rows
        # fsum: the sum of the products, correctly rounded, so the comparison is fair.
        self.path_sum = math.fsum(r.product for r in self.rows)
        self.backprop = float(self._dW[ref.l][ref.j, ref.k])
        self._weight = ref

    # -- what the views read ---------------------------------------------------------------
    @property
    def label(self) -> str:
        return self._weight.label

    @property
    def difference(self) -> float:
        """``|path sum − backprop|``: rounding only, about 1e-17 to 1e-15."""
        return abs(self.path_sum - self.backprop)

    @property
    def relative_error(self) -> float:
        return self.difference / max(1e-300, abs(self.path_sum) + abs(self.backprop))

    @property
    def n_multiplications(self) -> int:
        """Multiplications of the table: ``factors − 1`` per row."""
        return sum(len(r.values) - 1 for r in self.rows)
