"""Notebook 4's chain in both modes: :class:`ChainModesModel` keeps three recorded passes
of notebook 1's chain (forward mode with tangent seed ``w0``, forward mode with tangent seed
``w1``, and the backward pass), and :class:`TangentStepperModel` steps a forward-mode pass
the way the graph stepper steps a backward one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import checks
from ...core.chain import ChainNetwork
from ...core.tangents import ForwardModeTrace, forward_mode
from ...ui.model import Choice, Integer, Model, Number, ReplayModel
from ...ui.style import UNKNOWN
from ..graph_stepper.model import GraphStepperModel, StepText

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
                f"expected a ForwardModeTrace (forward_mode(trace, ...)), got {pass_!r}"
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


@dataclass(frozen=True)
class PassRow:
    """One pass in the tally: what it gives and what it cost."""

    mode: str
    label: str
    steps: int
    multiplications: int
    dJ_dw0: float | None
    dJ_dw1: float | None


class ChainModesModel(Model):
    """The chain network stepped in forward mode (for w0, for w1) or in reverse mode.

    Parameters: ``x``, ``y``, ``w0``, ``w1`` (as in notebook 1), ``mode`` (one of
    :data:`MODES`) and ``k`` (the step of the chosen pass, ``0..n_steps``).  A new mode
    starts at step 0; new numbers keep the step.
    """

    # name -> (lowest, highest, slider step): what the app's sliders can show.
    SLIDERS = {
        "w0": (-4.0, 4.0, 0.05),
        "w1": (-4.0, 4.0, 0.05),
        "x": (-3.0, 3.0, 0.05),
        "y": (0.0, 1.0, 0.01),
    }
    PARAMS = {
        "x": Number(*SLIDERS["x"][:2]),
        "y": Number(*SLIDERS["y"][:2]),
        "w0": Number(*SLIDERS["w0"][:2]),
        "w1": Number(*SLIDERS["w1"][:2]),
        "mode": Choice(MODES),
        "k": Integer(0),  # and at most the chosen pass's n_steps (checked in _apply)
    }

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, mode="w0", k=0):
        self._p = {}
        self.set(x=x, y=y, w0=w0, w1=w1, mode=mode, k=k)

    def _value(self, name: str):
        return self._p[name]

    def _apply(self, values: dict) -> None:
        if set(values) == {"k"}:
            # Only the step moves (the slider): no new traces.
            k = checks.integer("k", values["k"], 0, self.stepper.n_steps)
            self.stepper.set_step(k)
            self._p["k"] = k
            return
        new = {**self._p, **values}
        chain = ChainNetwork(x=new["x"], y=new["y"], w0=new["w0"], w1=new["w1"])
        trace = chain.trace
        steppers = {
            "w0": TangentStepperModel(forward_mode(trace, "w0")),
            "w1": TangentStepperModel(forward_mode(trace, "w1")),
            "reverse": GraphStepperModel(trace),
        }
        n = steppers[new["mode"]].n_steps
        if "k" in values:
            k = checks.integer("k", values["k"], 0, n)
        else:
            k = 0 if "mode" in values else min(self._p["k"], n)
        steppers[new["mode"]].set_step(k)
        new["k"] = k
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
