"""Mean ``|delta[l]|`` per layer as depth grows: ``GradientMeterModel``."""

from __future__ import annotations

import math

import numpy as np

from ...core.network import Network
from ..training.model import HIDDEN_ACTIVATIONS, MAX_SEED, _whole

INITS = ("he", "plain")
MAX_WIDTH = 64
MAX_POINTS = 10_000  # (points x width x depth) floats per activation: ~150 MB at most


class GradientMeterModel:
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
            raise ValueError(f"activations must be a list of names, got {activations!r}")
        acts = list(activations)
        for a in acts:
            if a not in HIDDEN_ACTIVATIONS:
                raise ValueError(
                    f"unknown activation {a!r}: use some of {', '.join(HIDDEN_ACTIVATIONS)}"
                )
        self.activations = acts
        self._settings = {}
        self.set(depth=depth, width=width, seed=seed, n_points=n_points, init=init)

    # -- the protocol ------------------------------------------------------------------
    def params(self) -> dict:
        return dict(self._settings)

    def set(self, **changes) -> None:
        """Change depth / width / seed / n_points / init and recompute (atomic)."""
        checks = {
            "depth": lambda v: _whole("depth", v, 1, self.MAX_DEPTH),
            "width": lambda v: _whole("width", v, 1, MAX_WIDTH),
            "seed": lambda v: _whole("seed", v, 0, MAX_SEED),
            "n_points": lambda v: _whole("n_points", v, 1, MAX_POINTS),
            "init": _check_init,
        }
        unknown = sorted(set(changes) - set(checks))
        if unknown:
            raise ValueError(f"unknown setting {unknown[0]!r}: use one of {', '.join(checks)}")
        new = dict(self._settings)
        for key, value in changes.items():
            new[key] = checks[key](value)
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
            s = dict(self._settings, depth=_whole("depth", depth, 1, self.MAX_DEPTH))
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


def _check_init(value) -> str:
    if not isinstance(value, str) or value not in INITS:
        raise ValueError(f"init must be 'he' or 'plain', got {value!r}")
    return value
