"""A stepper over a recorded forward-mode pass (a ``ForwardModeTrace``).

The same interface as :class:`~backprop_tutorial.models.stepper.StepperModel` (``k``,
``set_step``, ``node_text``, ``node_status``, ``active_edges``, ``describe``), so the
scene builders draw both kinds of pass; a box's third line is the node's tangent
``d(node)/dθ`` instead of its gradient.
"""

from __future__ import annotations

from ..tangents import ForwardModeTrace
from .stepper import UNKNOWN, ReplayModel, StepText


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
