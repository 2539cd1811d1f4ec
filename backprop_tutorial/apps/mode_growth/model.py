""":class:`ModeGrowthModel`: forward against reverse mode on networks ``[w, ..., w, 1]``
as the width grows, counted exactly and, on request, measured.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ...core.network import Network
from ...core.network_tangents import (
    forward_mode_gradients,
    forward_mode_multiplications,
    reverse_mode_multiplications,
)
from ...core.shapes import n_parameters
from ...ui.model import Integer, Model


@dataclass(frozen=True)
class Measurement:
    """Forward and reverse mode run at one size."""

    sizes: tuple
    forward_passes: int
    forward_multiplications: int
    forward_seconds: float
    reverse_seconds: float
    max_abs_difference: float


class ModeGrowthModel(Model):
    """Forward mode against reverse mode on ``[w] * L + [1]`` as ``w`` grows.

    Parameters: ``depth`` (``L``, 1..6) and ``width`` (``w``, 1..32), the network
    measured by :meth:`measure`.
    """

    MAX_DEPTH, MAX_WIDTH = 6, 32
    PARAMS = {"depth": Integer(1, MAX_DEPTH), "width": Integer(1, MAX_WIDTH)}

    def __init__(self, depth: int = 3, width: int = 8, rng_seed: int = 0):
        self.depth = self.width = None
        self.seed = rng_seed
        self.measured: Measurement | None = None
        self.set(depth=depth, width=width)

    def _apply(self, values: dict) -> None:
        if any(getattr(self, k) != v for k, v in values.items()):
            self.measured = None  # it measured another network
        super()._apply(values)

    @staticmethod
    def sizes_for(depth: int, width: int) -> list:
        return [width] * depth + [1]

    @property
    def sizes(self) -> list:
        return self.sizes_for(self.depth, self.width)

    def counts(self, width: int | None = None, depth: int | None = None) -> dict:
        """Passes and multiplications of both modes (exact ints) at one width (default:
        the current width and depth)."""
        depth = self.depth if depth is None else depth
        sizes = self.sizes_for(depth, self.width if width is None else width)
        return {
            "sizes": sizes,
            "n_params": n_parameters(sizes),
            "forward_passes": n_parameters(sizes),
            "reverse_passes": 1,
            "forward": forward_mode_multiplications(sizes),
            "reverse": reverse_mode_multiplications(sizes),
        }

    def curve(self, depth: int | None = None) -> dict:
        """Counts for every width 1..MAX_WIDTH at ``depth`` (default: the current one),
        as float arrays for a plot."""
        rows = [self.counts(w, depth) for w in range(1, self.MAX_WIDTH + 1)]
        return {
            key: np.array([r[key] for r in rows], dtype=float)
            for key in ("n_params", "forward", "reverse")
        }

    def measure(self) -> Measurement:
        """Run both modes on the current network (one example): passes, counts, times."""
        sizes = self.sizes
        rng = np.random.default_rng(self.seed)
        net = Network(sizes, "tanh", rng=rng)
        x, y = rng.normal(size=(1, sizes[0])), rng.normal(size=(1, 1))
        t0 = time.perf_counter()
        fwd = forward_mode_gradients(net, x, y)
        t_fwd = time.perf_counter() - t0
        reps, t0 = 0, time.perf_counter()
        while reps < 3 or time.perf_counter() - t0 < 0.02:
            dW, db = net.gradients(x, y)
            reps += 1
        t_rev = (time.perf_counter() - t0) / reps
        diff = max(
            float(np.max(np.abs(a - b))) for a, b in zip(fwd.dW + fwd.db, dW + db, strict=True)
        )
        self.measured = Measurement(
            tuple(sizes), fwd.passes, fwd.multiplications, t_fwd, t_rev, diff
        )
        return self.measured
