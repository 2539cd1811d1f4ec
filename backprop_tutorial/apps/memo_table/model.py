"""``MemoTableModel``: the backward pass as dynamic programming, one table entry per step.

Numpy only.  Each entry ``delta[l][j] = dJ/dS[l][j]`` is computed once from entries of
the next layer, stored, and then read wherever it is needed.  Beside each entry the
model counts two things:

- how many (parameter, path) *terms* of the naive path sum pass through ``S[l][j]``:
  each of them recomputes, factor by factor, the product that ``delta[l][j]`` stores;
- how many times backprop *reads* the stored entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...core import checks
from ...core.network import Network
from ...teaching.labels import bias_label, sum_label, weight_label
from ...ui.model import Integer, Model
from ..influence_paths.model import check_drawable


def reuse_terms(sizes) -> dict:
    """``(l, j) -> [(m, parameters, paths), ...]``: where the terms through ``S[l][j]`` start.

    A (parameter, path) term of the naive sum passes through ``S[l][j]`` if it starts at
    a parameter of weight layer ``m <= l`` and its path goes through neuron ``j`` of
    layer ``l + 1``.  For ``m = l`` the parameters are the ``n_l`` weights and the bias
    of ``S[l][j]`` itself; for ``m < l`` they are all ``n_(m+1) (n_m + 1)`` weights and
    biases of layer ``m``, each reaching ``S[l][j]`` along ``n_(m+2) ... n_l`` middle
    paths.  Every term then continues along one of the ``n_(l+2) ... n_L`` tails, so the
    entry's ``paths`` is (middle paths) × (tails).
    """
    sizes = check_drawable(sizes)
    L = len(sizes) - 1
    out = {}
    for l in range(L):
        tails = math.prod(sizes[l + 2 :])
        parts = [(l, sizes[l] + 1, tails)]
        for m in range(l - 1, -1, -1):
            middle = math.prod(sizes[m + 2 : l + 1])
            parts.append((m, sizes[m + 1] * (sizes[m] + 1), middle * tails))
        for j in range(sizes[l + 1]):
            out[(l, j)] = parts
    return out


def reuse_counts(sizes) -> dict:
    """``(l, j) ->`` number of (parameter, path) terms of the naive sum through ``S[l][j]``.

    Each such term ends with the same product of local derivatives from ``S[l][j]`` to
    the cost: exactly ``delta[l][j]``.  The path sum recomputes it for every term;
    backprop computes it once and stores it.
    """
    return {
        key: sum(params * paths for _, params, paths in parts)
        for key, parts in reuse_terms(sizes).items()
    }


def read_counts(sizes) -> dict:
    """``(l, j) -> (weights, bias, deltas)``: how often backprop reads ``delta[l][j]``.

    Once per weight of ``S[l][j]`` (``dJ/dW[l][j,k] = delta[l][j] a[l][k]``, ``n_l``
    reads), once for its bias (``dJ/db[l][j] = delta[l][j]``), and, for ``l >= 1``, once
    per entry of the layer before (``delta[l-1][k]`` sums ``W[l][i,k] delta[l][i]`` over
    ``i``: ``n_l`` reads).  ``delta[0]`` is not pushed back to the input: no gradient
    with respect to ``x`` is needed.
    """
    sizes = check_drawable(sizes)
    L = len(sizes) - 1
    return {
        (l, j): (sizes[l], 1, sizes[l] if l > 0 else 0)
        for l in range(L)
        for j in range(sizes[l + 1])
    }


@dataclass(frozen=True)
class MemoState:
    """The memo table after ``step`` entries have been filled.

    ``values[(l, j)]`` is ``delta[l][j]`` or None (not computed yet).
    """

    step: int
    values: dict
    current: tuple | None  # the entry filled by this step
    reads: tuple  # entries of layer l+1 this step read
    text: str  # the step's rule, with numbers
    multiplications: int  # backprop's multiplications so far (deltas only)
    complete: bool


class MemoTableModel(Model):
    """The backward pass as dynamic programming over the neurons of a small network.

    Parameters
    ----------
    sizes : sequence of int
        Small enough to draw (see :func:`~.influence_paths.check_drawable`).
    step : int
        Entries filled so far, 0 to :attr:`n_steps`.
    rng : numpy.random.Generator, optional
        Weights and the example.
    """

    PARAMS = {"step": Integer(0, "n_steps")}

    def __init__(self, sizes=(2, 3, 3, 1), step: int = 0, rng: np.random.Generator | None = None):
        rng = np.random.default_rng(5) if rng is None else rng
        self.sizes = tuple(check_drawable(sizes))
        self.net = Network(self.sizes, rng=rng)
        self.x = np.round(rng.uniform(-1, 1, (1, self.sizes[0])), 2)
        self.y = np.round(rng.uniform(0, 1, (1, self.sizes[-1])), 2)
        cache = self.net.forward_cache(self.x)
        self.S = cache.S
        self.y_hat = cache.a[-1]
        self.deltas = self.net.backward(cache, self.y)
        L = self.net.L
        # Backward order: delta[L-1] (the output layer's) first, then one layer earlier.
        self.order = [(l, j) for l in range(L - 1, -1, -1) for j in range(self.sizes[l + 1])]
        self.terms = reuse_terms(self.sizes)
        self.reuse = reuse_counts(self.sizes)
        self.reads = read_counts(self.sizes)
        self._steps = [self._rule(*key) for key in self.order]
        self._step = 0
        self.set(step=step)

    # -- the protocol -------------------------------------------------------------------
    def _value(self, name: str) -> int:
        return self._step

    def _apply(self, values: dict) -> None:
        self._step = values.get("step", self._step)

    # -- what the views read ---------------------------------------------------------------
    @property
    def step(self) -> int:
        return self._step

    @property
    def n_steps(self) -> int:
        """Number of entries (one per neuron with a weighted sum)."""
        return len(self.order)

    def delta(self, l: int, j: int) -> float:
        return float(self.deltas[l][0, j])

    def _rule(self, l: int, j: int) -> tuple:
        """(text, reads, multiplications) of the step that fills ``delta[l][j]``."""
        L, f = self.net.L, self.net.activation_of(l)
        dfs = float(f.df(self.S[l])[0, j])
        d = self.delta(l, j)
        s = sum_label(l, j)
        if l == L - 1:
            diff = float(self.y_hat[0, j] - self.y[0, j])
            text = (
                f"δ[{l}][{j}] = (ŷ[{j}] − y[{j}]) · {f.symbol}'({s}) "
                f"= {diff:.4g} × {dfs:.4g} = {d:.4g}"
            )
            return text, (), 1
        n_next = self.sizes[l + 2]
        terms = " + ".join(f"{weight_label(l + 1, i, j)}·δ[{l + 1}][{i}]" for i in range(n_next))
        W = self.net.weights[l + 1]
        total = sum(float(W[i, j]) * self.delta(l + 1, i) for i in range(n_next))
        entries = "entry" if n_next == 1 else "entries"
        text = (
            f"δ[{l}][{j}] = ({terms}) · {f.symbol}'({s}) "
            f"= {total:.4g} × {dfs:.4g} = {d:.4g}   (reads {n_next} stored {entries})"
        )
        return text, tuple((l + 1, i) for i in range(n_next)), n_next + 1

    def state(self, step: int | None = None) -> MemoState:
        """The table after ``step`` entries (default: the model's step; 0 = empty)."""
        step = self._step if step is None else checks.integer("step", step, 0, self.n_steps)
        values = {key: None for key in self.order}
        mults = 0
        text = "Empty table: no δ computed yet. Start at the output layer."
        reads, current = (), None
        for s in range(step):
            current = self.order[s]
            values[current] = self.delta(*current)
            text, reads, m = self._steps[s]
            mults += m
        return MemoState(step, values, current, reads, text, mults, step == self.n_steps)

    def reads_text(self, l: int, j: int) -> str:
        """E.g. ``"7 = 3 + 1 + 3"``: weight gradients + bias gradient + deltas of layer l-1."""
        w, b, d = self.reads[(l, j)]
        parts = [w, b] + ([d] if d else [])
        return f"{sum(parts)} = " + " + ".join(map(str, parts))

    def reads_detail(self, l: int, j: int) -> str:
        w, b, d = self.reads[(l, j)]
        plural = "s" if w != 1 else ""
        out = (
            f"{w} weight gradient{plural} dJ/dW[{l}][{j},k] = δ[{l}][{j}]·a[{l}][k], "
            f"1 bias gradient dJ/d{bias_label(l, j)} = δ[{l}][{j}]"
        )
        if d:
            out += f", {d} entries δ[{l - 1}][k] of the layer before"
        return out

    def terms_text(self, l: int, j: int) -> str:
        """E.g. ``"9 = 3 × 3"``: (parameters × paths) per starting layer, summed."""
        parts = self.terms[(l, j)]
        inner = " + ".join(f"{params} × {paths}" for _, params, paths in parts)
        return f"{self.reuse[(l, j)]:,} = {inner}"

    def terms_detail(self, l: int, j: int) -> str:
        pieces = []
        for m, params, paths in self.terms[(l, j)]:
            who = (
                f"{params} parameters of {sum_label(l, j)} (its weights and bias)"
                if m == l
                else f"{params} parameters of W[{m}], b[{m}]"
            )
            pieces.append(f"{who} × {paths} path{'s' if paths != 1 else ''} each")
        return " + ".join(pieces)
