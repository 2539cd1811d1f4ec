"""Models of notebook 4's first two apps: the chain in both modes, and the cost as
the number of parameters grows.

:class:`ChainModesModel` keeps three recorded passes of notebook 1's chain: forward mode
seeded at ``w0``, forward mode seeded at ``w1``, and the backward pass; the learner picks
one and steps it.  :class:`ModeGrowthModel` counts (and, on request, measures) forward
and reverse mode on networks ``[w, w, ..., w, 1]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.chain import ChainNetwork
from ...core.tangents import ForwardModeTrace
from ...ui.style import UNKNOWN
from ..graph_stepper.model import GraphStepperModel, ReplayModel, StepText

MODES = ("w0", "w1", "reverse")


MODE_LABELS = {
    "w0": "forward mode, tangent seed w0",
    "w1": "forward mode, tangent seed w1",
    "reverse": "reverse mode (backward pass)",
}


def _num(value, spec: str = ".3g") -> str:
    return UNKNOWN if value is None else format(value, spec)


class TangentStepperModel(ReplayModel):
    """Current step of a forward-mode pass, and what it means.

    Parameters
    ----------
    pass_ : ForwardModeTrace
    k : int
        Initial step, ``0 <= k <= n_steps``.
    """

    def __init__(self, pass_: ForwardModeTrace, k: int = 0, fmt: str = ".3g"):
        self.fmt = fmt
        self._k = 0
        self._state = None
        self.set_pass(pass_, k)

    def set_pass(self, pass_: ForwardModeTrace, k: int | None = None) -> None:
        """Switch to another forward-mode pass, keeping the step (clipped)."""
        if not isinstance(pass_, ForwardModeTrace):
            raise ValueError(
                f"expected a ForwardModeTrace (trace.forward_mode(...)), got {pass_!r}"
            )
        self._switch(pass_, pass_.trace.nodes, k)

    @property
    def pass_(self) -> ForwardModeTrace:
        return self._source

    @property
    def trace(self):
        """The underlying graph (for the scene)."""
        return self._source.trace

    @property
    def seed(self) -> str:
        return self._source.seed

    def active_edges(self) -> list:
        """Edges whose tangents the current step multiplies, ``(parent, child, slot)``."""
        step = self.step
        if step is None or step.is_seed:
            return []
        return [(t.parent.name, step.node.name, t.slot) for t in step.terms]

    def node_text(self, name: str) -> tuple:
        """``(value_text, tangent_text)``; "—" while unknown, "held fixed" for inputs."""
        node = self._by_name[name]
        value = _num(self._state.values[name], self.fmt)
        if not node.requires_grad:
            return value, "held fixed"
        return value, _num(self._state.tangents[name], self.fmt)

    def node_status(self, name: str) -> str:
        """``"active"``, ``"grad"`` (tangent known), ``"value"`` or ``"idle"``."""
        if name == self.active:
            return "active"
        node = self._by_name[name]
        if node.requires_grad and self._state.tangents[name] is not None:
            return "grad"
        if self._state.values[name] is not None:
            return "value"
        return "idle"

    def describe(self) -> StepText:
        f, n, s = self.fmt, self.n_steps, self.seed
        step = self.step
        if step is None:
            return StepText(
                f"Step 0 of {n} · forward mode for {s}",
                "Only the leaves are known: inputs, target and parameters.",
                f"Step 1 seeds the tangents: d{s}/d{s} = 1, every other leaf 0.",
            )
        title = f"Step {self.k} of {n} · forward mode for {s}"
        if step.is_seed:
            return StepText(
                title,
                f"d{s}/d{s} = 1;  every other leaf: tangent 0",
                "Each node will carry its value and its tangent d(node)/d" + s + ".",
            )
        note = ""
        if self.k == n:
            note = f"Done: this pass gives dJ/d{s} = {step.tangent:{f}}, and only that."
        return StepText(
            title,
            f"{step.node.name} = {step.node.formula};   {step.rule()}",
            f"{step.node.name} = {step.node.value:{f}};   d{step.node.name}/d{s} = "
            f"{step.numbers(f)}",
            note,
        )


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
            "reverse": GraphStepperModel(trace),
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
