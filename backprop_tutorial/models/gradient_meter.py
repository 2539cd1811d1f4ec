"""Mean ``|delta[l]|`` per layer as depth grows: ``GradientMeterModel``."""

from __future__ import annotations

import math

import numpy as np

from ..activations import get_activation
from ..network import Network


class GradientMeterModel:
    """Mean ``|delta[l]|`` per layer for a deep narrow network, for several activations.

    The same random weights (Gaussian, ``W[l]`` with std ``1/sqrt(n_l)``), the same batch of
    inputs and targets are used for every activation, so only the activation differs;
    with ``init="he"`` the ReLU network's weights are scaled by ``sqrt(2)`` (He
    initialisation, which keeps ReLU signals from shrinking layer after layer).

    Parameters
    ----------
    depth : int
        Number of hidden layers.
    width : int
        Neurons per hidden layer.
    activations : sequence of str
    seed : int
    n_points : int
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
        if init not in ("he", "plain"):
            raise ValueError(f"init must be 'he' or 'plain', got {init!r}")
        self.init = init
        self.activations = [get_activation(a).name for a in activations]
        self.width = int(width)
        self.seed = int(seed)
        self.n_points = int(n_points)
        self.set_depth(depth)

    def set_depth(self, depth) -> None:
        depth = int(depth)
        if not 1 <= depth <= self.MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {self.MAX_DEPTH}, got {depth}")
        self.depth = depth
        self.compute()

    @property
    def sizes(self) -> list:
        return [2] + [self.width] * self.depth + [1]

    def compute(self) -> None:
        rng = np.random.default_rng(self.seed)
        X = rng.uniform(-1, 1, size=(self.n_points, 2))
        Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
        base = Network(self.sizes, "sigmoid", rng=rng)
        self.means = {}
        for act in self.activations:
            gain = math.sqrt(2.0) if (act == "relu" and self.init == "he") else 1.0
            # The output layer stays the same for all, so delta[L-1] is comparable.
            weights = [W * gain for W in base.weights[:-1]] + [base.weights[-1]]
            net = Network(
                self.sizes, act, output_activation="sigmoid", weights=weights, biases=base.biases
            )
            cache = net.forward_cache(X)
            deltas = net.backward(cache, Y)
            # backward() divides by the batch size; undo it to show per-example sizes.
            self.means[act] = np.array([np.mean(np.abs(deltas[l])) * len(X) for l in range(net.L)])

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
        return f"depth {self.depth} (L = {self.depth + 1} weight layers) · " + " · ".join(parts)
