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

from ...core import checks
from ...core.memory import balanced_k, checkpoint_plan, checkpointed_gradients, tape_bytes
from ...core.network import Network
from ...ui.model import Integer, Model


@dataclass(frozen=True)
class TapeMeasurement:
    sizes: tuple
    batch: int
    k: int
    peak_bytes: int
    formula_bytes: int
    gradient_error: float


class TapeModel(Model):
    """Reverse mode's tape and checkpointing on ``[width] * (depth + 1)``.

    Parameters: ``depth`` (1..64), ``width`` (1..256), ``batch`` (1..4096) and ``k``
    (checkpoint every ``k``-th layer, ``1..depth``; clipped to the depth when only the
    depth changes).
    """

    MAX_DEPTH, MAX_WIDTH, MAX_BATCH = 64, 256, 4096
    PARAMS = {
        "depth": Integer(1, MAX_DEPTH),
        "width": Integer(1, MAX_WIDTH),
        "batch": Integer(1, MAX_BATCH),
        "k": Integer(1, MAX_DEPTH),  # and at most the depth (checked in _apply)
    }

    def __init__(self, depth=16, width=64, batch=256, k=1):
        self.depth, self.width, self.batch, self.k = 16, 64, 256, 1
        self.measured: TapeMeasurement | None = None
        self.set(depth=depth, width=width, batch=batch, k=k)

    def _apply(self, values: dict) -> None:
        new = self.params() | values
        if "k" in values:
            checks.integer("k", values["k"], 1, new["depth"])
        new["k"] = min(new["k"], new["depth"])
        if new != self.params():
            self.measured = None  # it measured another network
        super()._apply(new)

    @property
    def sizes(self) -> list:
        return [self.width] * (self.depth + 1)

    def tape_bytes(self) -> int:
        return tape_bytes(self.sizes, self.batch)

    def plan(self, k: int | None = None):
        return checkpoint_plan(self.sizes, self.batch, self.k if k is None else k)

    def curve(self) -> dict:
        """Memory (bytes) and extra forward work (fraction) for every k = 1..L."""
        ks = np.arange(1, self.depth + 1)
        plans = [self.plan(int(k)) for k in ks]
        return {
            "k": ks,
            "memory": np.array([p.memory_bytes for p in plans], dtype=float),
            "extra": np.array([p.extra_fraction for p in plans]),
        }

    def balanced_k(self) -> int:
        return balanced_k(self.sizes, self.batch)

    def sqrt_L(self) -> float:
        return math.sqrt(self.depth)

    def measure(self) -> TapeMeasurement:
        """Peak memory of the checkpointed backward pass (tracemalloc) and its error."""
        sizes, batch, k = self.sizes, self.batch, self.k
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
