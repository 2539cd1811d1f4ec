"""Mean ``|delta[l]|`` per layer as depth grows: ``GradientMeterModel``."""

from __future__ import annotations

import math

import numpy as np

from ...core import checks
from ...core.network import Network
from ...ui.model import Choice, Integer, Model, Seed
from ..training.model import HIDDEN_ACTIVATIONS

INITS = ("he", "plain")
MAX_WIDTH = 64
MAX_POINTS = 10_000  # (points x width x depth) floats per activation: ~150 MB at most


class GradientMeterModel(Model):
    """Mean ``|delta[l]|`` per layer for a deep narrow network, for several activations.

    The network is ``[2] + [width] * depth + [1]``: ``depth`` hidden layers, so
    ``L = depth + 1`` weight layers.  The same random weights (Gaussian, ``W[l]`` with
    std ``1/sqrt(n_l)``), the same batch of inputs and targets are used for every
    activation, so only the activation differs; with ``init="he"`` the ReLU network's
    hidden weights are scaled by ``sqrt(2)`` (He initialisation, std ``sqrt(2/n_l)``,
    which keeps ReLU signals from shrinking layer after layer).  The output neuron is a
    sigmoid with the cross-entropy cost, so ``delta[L-1] = y_hat - y`` for all.

    Parameters
    ----------
    depth : int
        Number of hidden layers, ``1..MAX_DEPTH``.
    width : int
        Neurons per hidden layer, ``1..MAX_WIDTH``.
    activations : sequence of str
        Hidden activations to compare (from sigmoid, tanh, relu).
    seed : int
    n_points : int
        Examples in the batch, ``1..MAX_POINTS``.
    init : {"he", "plain"}
    """

    MAX_DEPTH = 30
    FLOOR = 1e-30  # shown instead of an exact 0 on a log scale
    PARAMS = {
        "depth": Integer(1, MAX_DEPTH),
        "width": Integer(1, MAX_WIDTH),
        "seed": Seed(),
        "n_points": Integer(1, MAX_POINTS),
        "init": Choice(INITS),
    }

    def __init__(
        self,
        depth: int = 8,
        width: int = 6,
        activations=("sigmoid", "tanh", "relu"),
        seed: int = 0,
        n_points: int = 64,
        init: str = "he",
    ):
        if isinstance(activations, str) or not activations:
            raise ValueError(f"activations must be a list of names, got {checks.show(activations)}")
        self.activations = [
            checks.choice("activations", a, HIDDEN_ACTIVATIONS) for a in activations
        ]
        self._settings = {}
        self.set(depth=depth, width=width, seed=seed, n_points=n_points, init=init)

    # -- the protocol ------------------------------------------------------------------
    def _value(self, name: str):
        return self._settings[name]

    def _apply(self, values: dict) -> None:
        """Recompute the means before anything is assigned."""
        new = {**self._settings, **values}
        means = self._compute(new)
        self._settings = new
        self.means = means

    depth = property(lambda self: self._settings["depth"])
    width = property(lambda self: self._settings["width"])
    seed = property(lambda self: self._settings["seed"])
    n_points = property(lambda self: self._settings["n_points"])
    init = property(lambda self: self._settings["init"])

    @property
    def sizes(self) -> list:
        return [2] + [self.width] * self.depth + [1]

    @property
    def L(self) -> int:
        """Number of weight layers (bars per activation): ``depth + 1``."""
        return self.depth + 1

    def _compute(self, s: dict) -> dict:
        sizes = [2] + [s["width"]] * s["depth"] + [1]
        rng = np.random.default_rng(s["seed"])
        X = rng.uniform(-1, 1, size=(s["n_points"], 2))
        Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
        base = Network(sizes, "sigmoid", rng=rng)
        means = {}
        for act in self.activations:
            gain = math.sqrt(2.0) if (act == "relu" and s["init"] == "he") else 1.0
            # The output layer stays the same for all, so delta[L-1] is comparable.
            weights = [W * gain for W in base.weights[:-1]] + [base.weights[-1]]
            net = Network(
                sizes,
                act,
                cost="cross_entropy",
                output_activation="sigmoid",
                weights=weights,
                biases=base.biases,
            )
            deltas = net.backward(net.forward_cache(X), Y)
            # backward() divides by the batch size; undo it to show per-example sizes.
            means[act] = np.array([np.mean(np.abs(d)) * len(X) for d in deltas])
        return means

    # -- what the view and the prose show -----------------------------------------------
    def ratios_by_depth(self, activation: str, depths) -> np.ndarray:
        """:meth:`ratio` of ``activation`` for each depth in ``depths``, the other settings
        as now (this model is not changed)."""
        if activation not in self.activations:
            raise ValueError(f"{activation!r} is not on this meter: {self.activations}")
        out = []
        for depth in depths:
            s = dict(self._settings, **self.checked({"depth": depth}))
            m = self._compute(s)[activation]
            out.append(m[0] / m[-1] if m[-1] > 0 else math.nan)
        return np.array(out)

    def ratio(self, activation: str) -> float:
        """``mean|delta[0]| / mean|delta[L-1]|``: how much smaller the first layer's gradient is."""
        m = self.means[activation]
        return float(m[0] / m[-1]) if m[-1] > 0 else math.nan

    def shown(self, activation: str) -> np.ndarray:
        """The means clipped to :attr:`FLOOR` so that a log scale can show them."""
        return np.maximum(self.means[activation], self.FLOOR)

    def summary(self) -> str:
        parts = []
        for a in self.activations:
            r = self.ratio(a)
            parts.append(
                f"{a}: mean|delta[0]| = {r:.2g} × mean|delta[L-1]|"
                if r > 0
                else f"{a}: delta[0] = 0 (every ReLU off)"
            )
        return (
            f"{self.depth} hidden layers of width {self.width} (L = {self.L} weight layers, "
            f"network {_sizes_text(self.sizes)}) · " + " · ".join(parts)
        )


def _sizes_text(sizes) -> str:
    """``[2, 6, 6, 6, 1]`` or, for long runs, ``[2] + [6] * 12 + [1]``."""
    if len(sizes) <= 6:
        return str(list(sizes))
    return f"[{sizes[0]}] + [{sizes[1]}] * {len(sizes) - 2} + [{sizes[-1]}]"
