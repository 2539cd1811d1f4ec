"""Model of notebook 4's tape app: what reverse mode keeps, and checkpointing.

Parameters: ``depth`` (``L`` weight layers), ``width`` (every layer's width, the
network ``[width] * (L + 1)``), ``batch`` and ``k`` (checkpoint every ``k``-th layer).
Everything comes from :mod:`backprop_tutorial.core.memory`; :meth:`TapeModel.measure` runs
:func:`~backprop_tutorial.core.memory.checkpointed_gradients` under ``tracemalloc``.
"""

from __future__ import annotations

import math
import tracemalloc
from dataclasses import dataclass

import numpy as np

from ...core.memory import balanced_k, checkpoint_plan, checkpointed_gradients, tape_bytes
from ...core.network import Network


@dataclass(frozen=True)
class TapeMeasurement:
    sizes: tuple
    batch: int
    k: int
    peak_bytes: int
    formula_bytes: int
    gradient_error: float


class TapeModel:
    MAX_DEPTH, MAX_WIDTH, MAX_BATCH = 64, 256, 4096

    def __init__(self, depth=16, width=64, batch=256, k=1):
        self._p = {"depth": 16, "width": 64, "batch": 256, "k": 1}
        self.measured: TapeMeasurement | None = None
        self.set(depth=depth, width=width, batch=batch, k=k)

    def params(self) -> dict:
        return dict(self._p)

    def set(self, **changes) -> None:
        """Change depth, width, batch, k (checked first; ``k`` is clipped to the depth
        when only the depth changes)."""
        unknown = set(changes) - set(self._p)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {sorted(self._p)}")
        new = dict(self._p)
        limits = {"depth": self.MAX_DEPTH, "width": self.MAX_WIDTH, "batch": self.MAX_BATCH}
        for name, hi in limits.items():
            if name in changes:
                v = changes[name]
                if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 1 <= v <= hi:
                    raise ValueError(f"{name} must be an integer from 1 to {hi}, got {v!r}")
                new[name] = int(v)
        if "k" in changes:
            v = changes["k"]
            if (
                isinstance(v, bool)
                or not isinstance(v, (int, np.integer))
                or not 1 <= v <= new["depth"]
            ):
                raise ValueError(
                    f"k must be an integer from 1 to the depth {new['depth']}, got {v!r}"
                )
            new["k"] = int(v)
        new["k"] = min(new["k"], new["depth"])
        if new != self._p:
            self.measured = None
        self._p = new

    @property
    def sizes(self) -> list:
        return [self._p["width"]] * (self._p["depth"] + 1)

    def tape_bytes(self) -> int:
        return tape_bytes(self.sizes, self._p["batch"])

    def plan(self, k: int | None = None):
        return checkpoint_plan(self.sizes, self._p["batch"], self._p["k"] if k is None else k)

    def curve(self) -> dict:
        """Memory (bytes) and extra forward work (fraction) for every k = 1..L."""
        ks = np.arange(1, self._p["depth"] + 1)
        plans = [self.plan(int(k)) for k in ks]
        return {
            "k": ks,
            "memory": np.array([p.memory_bytes for p in plans], dtype=float),
            "extra": np.array([p.extra_fraction for p in plans]),
        }

    def balanced_k(self) -> int:
        return balanced_k(self.sizes, self._p["batch"])

    def sqrt_L(self) -> float:
        return math.sqrt(self._p["depth"])

    def measure(self) -> TapeMeasurement:
        """Peak memory of the checkpointed backward pass (tracemalloc) and its error."""
        sizes, batch, k = self.sizes, self._p["batch"], self._p["k"]
        rng = np.random.default_rng(0)
        net = Network(sizes, "sigmoid", rng=rng)
        X, Y = rng.normal(size=(batch, sizes[0])), rng.uniform(size=(batch, sizes[-1]))
        checkpointed_gradients(net, X, Y, k)  # warm-up
        started = tracemalloc.is_tracing()
        if not started:
            tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            cW, cb = checkpointed_gradients(net, X, Y, k)
            peak = tracemalloc.get_traced_memory()[1] - base
        finally:
            if not started:
                tracemalloc.stop()
        dW, db = net.gradients(X, Y)
        err = max(float(np.max(np.abs(a - b))) for a, b in zip(cW + cb, dW + db, strict=True))
        self.measured = TapeMeasurement(tuple(sizes), batch, k, peak, self.plan().memory_bytes, err)
        return self.measured
