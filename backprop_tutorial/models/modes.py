"""Models of notebook 4's first two apps: the chain in both modes, and the cost as
the number of parameters grows.

:class:`ChainModesModel` keeps three recorded passes of notebook 1's chain: forward mode
seeded at ``w0``, forward mode seeded at ``w1``, and the backward pass; the learner picks
one and steps it.  :class:`ModeGrowthModel` counts (and, on request, measures) forward
and reverse mode on networks ``[w, w, ..., w, 1]``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..chain import ChainNetwork
from ..network import Network
from ..network_tangents import (
    forward_mode_gradients,
    forward_mode_multiplications,
    n_parameters,
    reverse_mode_multiplications,
)
from .stepper import StepperModel
from .tangent_stepper import TangentStepperModel

MODES = ("w0", "w1", "reverse")
MODE_LABELS = {
    "w0": "forward mode, seed w0",
    "w1": "forward mode, seed w1",
    "reverse": "reverse mode (backward pass)",
}


def _number(name, value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _integer(name, value, lo, hi) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ValueError(f"{name} must be an integer from {lo} to {hi}, got {value!r}")
    return int(value)


@dataclass(frozen=True)
class PassRow:
    """One pass in the tally: what it gives and what it cost."""

    mode: str
    label: str
    steps: int
    multiplications: int
    dJ_dw0: float | None
    dJ_dw1: float | None


class ChainModesModel:
    """The chain network stepped in forward mode (for w0, for w1) or in reverse mode.

    Parameters: ``x``, ``y``, ``w0``, ``w1`` (as in notebook 1), ``mode`` (one of
    :data:`MODES`) and ``k`` (the step of the chosen pass).
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, mode="w0", k=0):
        self._p = {"x": 1.0, "y": 0.9, "w0": 0.5, "w1": -1.0, "mode": "w0", "k": 0}
        self.set(x=x, y=y, w0=w0, w1=w1, mode=mode, k=k)

    def params(self) -> dict:
        return dict(self._p)

    def set(self, **changes) -> None:
        """Change any of x, y, w0, w1, mode, k; all checked before anything changes."""
        unknown = set(changes) - set(self._p)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {sorted(self._p)}")
        if set(changes) == {"k"} and hasattr(self, "steppers"):
            # Only the step moves (the slider): no new traces.
            k = _integer("k", changes["k"], 0, self.stepper.n_steps)
            self.stepper.set_step(k)
            self._p["k"] = k
            return
        new = dict(self._p)
        for name in ("x", "y", "w0", "w1"):
            if name in changes:
                new[name] = _number(name, changes[name])
        if "mode" in changes:
            if changes["mode"] not in MODES:
                raise ValueError(f"mode must be one of {list(MODES)}, got {changes['mode']!r}")
            new["mode"] = changes["mode"]
        chain = ChainNetwork(x=new["x"], y=new["y"], w0=new["w0"], w1=new["w1"])
        trace = chain.trace
        steppers = {
            "w0": TangentStepperModel(trace.forward_mode("w0")),
            "w1": TangentStepperModel(trace.forward_mode("w1")),
            "reverse": StepperModel(trace),
        }
        k = changes.get("k", new["k"] if "mode" not in changes else 0)
        n = steppers[new["mode"]].n_steps
        if "k" in changes:
            _integer("k", k, 0, n)
        new["k"] = min(int(k), n)
        steppers[new["mode"]].set_step(new["k"])
        self._p, self.chain, self.steppers = new, chain, steppers

    @property
    def stepper(self):
        """The stepper of the chosen pass."""
        return self.steppers[self._p["mode"]]

    @property
    def trace(self):
        return self.chain.trace

    def rows(self) -> list:
        """One :class:`PassRow` per pass: forward mode gives one derivative per pass."""
        t = self.trace
        rows = []
        for mode in ("w0", "w1"):
            fm = self.steppers[mode].pass_
            rows.append(
                PassRow(
                    mode,
                    MODE_LABELS[mode],
                    fm.n_steps,
                    fm.multiplications,
                    fm.derivative if mode == "w0" else None,
                    fm.derivative if mode == "w1" else None,
                )
            )
        rows.append(
            PassRow(
                "reverse",
                MODE_LABELS["reverse"],
                t.n_steps,
                len(t.backward_steps) - 1,
                t.grad("w0"),
                t.grad("w1"),
            )
        )
        return rows

    def totals(self) -> dict:
        """Passes and multiplications (local × tangent or upstream × local) per mode."""
        rows = self.rows()
        return {
            "forward": {"passes": 2, "multiplications": rows[0].multiplications * 2},
            "reverse": {"passes": 1, "multiplications": rows[2].multiplications},
        }


@dataclass(frozen=True)
class Measurement:
    """Forward and reverse mode run at one size."""

    sizes: tuple
    forward_passes: int
    forward_multiplications: int
    forward_seconds: float
    reverse_seconds: float
    max_abs_difference: float


class ModeGrowthModel:
    """Forward mode against reverse mode on ``[w] * L + [1]`` as ``w`` grows.

    Parameters: ``depth`` (``L``, 1..6) and ``width`` (``w``, 1..32), the network
    measured by :meth:`measure`.
    """

    MAX_DEPTH, MAX_WIDTH = 6, 32

    def __init__(self, depth: int = 3, width: int = 8, rng_seed: int = 0):
        self._p = {"depth": 3, "width": 8}
        self.seed = rng_seed
        self.measured: Measurement | None = None
        self.set(depth=depth, width=width)

    def params(self) -> dict:
        return dict(self._p)

    def set(self, **changes) -> None:
        unknown = set(changes) - set(self._p)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {sorted(self._p)}")
        new = dict(self._p)
        if "depth" in changes:
            new["depth"] = _integer("depth", changes["depth"], 1, self.MAX_DEPTH)
        if "width" in changes:
            new["width"] = _integer("width", changes["width"], 1, self.MAX_WIDTH)
        if new != self._p:
            self.measured = None
        self._p = new

    @staticmethod
    def sizes_for(depth: int, width: int) -> list:
        return [width] * depth + [1]

    @property
    def sizes(self) -> list:
        return self.sizes_for(self._p["depth"], self._p["width"])

    def counts(self, width: int | None = None, depth: int | None = None) -> dict:
        """Passes and multiplications of both modes (exact ints) at one width (default:
        the current width and depth)."""
        depth = self._p["depth"] if depth is None else depth
        sizes = self.sizes_for(depth, self._p["width"] if width is None else width)
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
