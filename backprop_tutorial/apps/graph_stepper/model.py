"""A generic stepper over any recorded graph (:class:`backprop_tutorial.core.graph.Trace`).

The model holds the current step ``k`` (0 = nothing computed but the leaves,
``n_steps`` = forward and backward passes done) and turns the replayed
:class:`~backprop_tutorial.core.graph.GraphState` into what a picture needs: which
node is active, which edges the step used, and the step written in numbers.
Notebooks 1, 2 and 3 all step graphs through this one class.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.graph import Trace
from ...ui.model import ReplayModel
from ...ui.style import UNKNOWN  # "—": not computed yet (never a misleading 0)


def _num(value, spec: str = ".3g") -> str:
    return UNKNOWN if value is None else format(value, spec)


@dataclass(frozen=True)
class StepText:
    """The current step in words and numbers, for a side panel.

    Attributes
    ----------
    title : str
        E.g. ``"Step 8 of 12 · backward pass"``.
    rule : str
        The rule applied, symbolically: ``"dJ/dp1 = dJ/dy_hat × dy_hat/dp1"``.
    numbers : str
        The same with numbers: ``"upstream 0.349 × local 0.227 = 0.0794"``.
    note : str
        Extra context (fan-out contributions, what comes next).
    """

    title: str
    rule: str
    numbers: str
    note: str = ""

    def __str__(self) -> str:
        return "\n".join(t for t in (self.title, self.rule, self.numbers, self.note) if t)


class GraphStepperModel(ReplayModel):
    """Current step of a trace, and what it means.

    Parameters
    ----------
    trace : Trace
        The graph to step through.
    k : int
        Initial step, ``0 <= k <= trace.n_steps``.
    fmt : str
        Number format for texts.
    """

    def __init__(self, trace: Trace, k: int = 0, fmt: str = ".3g"):
        self.fmt = fmt
        self._k = 0
        self._state = None
        self.set_trace(trace, k)

    @property
    def trace(self) -> Trace:
        return self._source

    @property
    def n_forward(self) -> int:
        return len(self._source.forward_steps)

    def set_trace(self, trace: Trace, k: int | None = None) -> None:
        """Switch to a new trace (e.g. after a parameter changed), keeping the step.

        The step is clipped to the new trace's range.
        """
        if not isinstance(trace, Trace):
            raise ValueError(f"expected a Trace (from backprop_tutorial.trace), got {trace!r}")
        self._switch(trace, trace.nodes, k)

    # -- what the picture highlights ------------------------------------------
    def active_edges(self) -> list:
        """Edges the current step uses, as ``(parent, child, slot)`` name triples.

        Forward step: every operand edge into the computed node.  Backward step:
        the one edge the gradient flows back along (none for the seed).
        """
        step = self.step
        if step is None:
            return []
        if step.phase == "forward":
            return [(p.name, step.node.name, i) for i, p in enumerate(step.node.parents)]
        if step.child is None:
            return []
        return [(step.node.name, step.child.name, step.slot)]

    def upstream_node(self) -> str | None:
        """For a backward step, the node whose gradient is read (the child)."""
        step = self.step
        if step is None or step.phase != "backward" or step.child is None:
            return None
        return step.child.name

    def node_text(self, name: str) -> tuple:
        """``(value_text, grad_text)`` for a node's box at the current step.

        Unknown values and gradients are "—"; a gradient still collecting
        contributions is marked "so far"; inputs held fixed say so.
        """
        node = self._by_name[name]
        value = _num(self._state.values[name], self.fmt)
        if not node.requires_grad:
            grad = "held fixed"
        else:
            g = self._state.grads[name]
            grad = _num(g, self.fmt)
            if g is not None and name not in self._state.complete:
                grad += " so far"
        return value, grad

    def node_status(self, name: str) -> str:
        """``"active"``, ``"upstream"``, ``"grad"`` (gradient final), ``"value"`` (value
        known, gradient not yet), or ``"idle"`` (value not computed yet)."""
        if name == self.active:
            return "active"
        if name == self.upstream_node():
            return "upstream"
        if name in self._state.complete:
            return "grad"
        if self._state.values[name] is not None:
            return "value"
        return "idle"

    # -- the step in words -----------------------------------------------------
    def describe(self) -> StepText:
        """The current step for the side panel."""
        f = self.fmt
        nf, n = self.n_forward, self.n_steps
        step = self.step
        if step is None:
            return StepText(
                f"Step 0 of {n} · start",
                "Only the leaves are known: inputs, target and parameters.",
                "Press ▶ or move the slider to compute the nodes one by one.",
            )
        if step.phase == "forward":
            node = step.node
            operands = ", ".join(f"{p.name} = {p.value:{f}}" for p in dict.fromkeys(node.parents))
            return StepText(
                f"Step {self.k} of {n} · forward pass (node {self.k} of {nf})",
                f"{node.name} = {node.formula}",
                f"{node.name} = {node.value:{f}}   with {operands}",
                "Next: the backward pass." if self.k == nf else "",
            )
        title = f"Step {self.k} of {n} · backward pass"
        if step.is_seed:
            return StepText(
                title,
                f"d{step.node.name}/d{step.node.name} = 1",
                "The backward pass starts at the cost: its derivative with respect to itself is 1.",
            )
        node, child = step.node.name, step.child.name
        sign = "+=" if step.n_contributions > 1 else "="
        # The local derivative is a partial derivative of one operation with respect to
        # one operand (∂), unlike the total gradients dJ/d(...) it multiplies.
        rule = f"dJ/d{node} {sign} dJ/d{child} × ∂{child}/∂{node}"
        uses = sum(1 for p in step.child.parents if p is step.node)
        if uses > 1:
            rule += f" via operand {step.slot + 1} of {child}"
        if step.local_name:
            rule += f"   (∂{child}/∂{node} = {step.local_name})"
        numbers = f"upstream {step.upstream:{f}} × local {step.local:{f}} = {step.product:{f}}"
        note = ""
        if step.n_contributions > 1:
            note = (
                f"{node} is used {step.n_contributions} times: contribution "
                f"{step.contribution} of {step.n_contributions}, dJ/d{node} so far = "
                f"{step.grad_after:{f}}"
            )
            if step.complete:
                note += " (complete)"
        elif self.k == n:
            note = "Done: every gradient is known."
        return StepText(title, rule, numbers, note)
