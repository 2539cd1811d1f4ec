"""The steps a recorded graph replays: forward steps, backward steps, the state after k.

:func:`backprop_tutorial.core.graph.trace` records a graph as these steps in
:func:`topological_order`; a stepper replays the first ``k`` of them
(:meth:`~backprop_tutorial.core.graph.Trace.state`).  Forward mode
(:mod:`.tangents`) replays its own steps with the same :func:`step_index`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from . import checks

# Nodes are :class:`.graph.Node` objects; this module reads only their attributes
# (name, value, parents), so it does not import graph, which imports it.


@dataclass(frozen=True)
class ForwardStep:
    """Computing one node's value from its parents."""

    node: object  # a graph.Node

    phase = "forward"

    @property
    def value(self) -> float:
        return self.node.value

    def describe(self, fmt: str = ".3g") -> str:
        n = self.node
        operands = ", ".join(f"{p.name} = {p.value:{fmt}}" for p in dict.fromkeys(n.parents))
        return f"{n.name} = {n.formula} = {n.value:{fmt}}   ({operands})"


@dataclass(frozen=True)
class BackwardStep:
    """One contribution ``grad[parent] += upstream * local`` (or the seed ``dJ/dJ = 1``).

    Attributes
    ----------
    node : Node
        The node whose gradient this step adds to (for the seed, the output).
    child : Node or None
        The node the gradient flows back from; None for the seed.
    slot : int
        Which operand of ``child`` ``node`` is (``x * x`` has slots 0 and 1).
    upstream : float
        ``dJ/d(child)``, already complete when this step runs.
    local : float
        ``d(child)/d(node)``, from the forward pass.
    product : float
        ``upstream * local``, the contribution added.
    grad_after : float
        ``dJ/d(node)`` accumulated so far, after this step.
    contribution : int
        This is contribution number ``contribution`` (1-based) of ``n_contributions``.
    """

    node: object  # a graph.Node
    child: object  # a graph.Node, or None
    slot: int
    upstream: float
    local: float
    product: float
    grad_after: float
    contribution: int
    n_contributions: int
    local_name: str = ""

    phase = "backward"

    @property
    def is_seed(self) -> bool:
        return self.child is None

    @property
    def complete(self) -> bool:
        """Whether ``node``'s gradient is final after this step."""
        return self.contribution == self.n_contributions

    def describe(self, fmt: str = ".3g") -> str:
        if self.is_seed:
            return f"d{self.node.name}/d{self.node.name} = 1   (start of the backward pass)"
        n, c = self.node.name, self.child.name
        text = (
            f"dJ/d{n} {'+=' if self.n_contributions > 1 else '='} dJ/d{c} × d{c}/d{n}: "
            f"upstream {self.upstream:{fmt}} × local {self.local:{fmt}} = {self.product:{fmt}}"
        )
        if self.n_contributions > 1:
            text += (
                f"   (contribution {self.contribution} of {self.n_contributions}, "
                f"dJ/d{n} so far {self.grad_after:{fmt}})"
            )
        return text


@dataclass
class GraphState:
    """What is known after the first ``k`` steps.

    Attributes
    ----------
    k : int
        Number of steps taken (0 = nothing computed but the leaves).
    phase : str
        ``"start"``, ``"forward"``, ``"backward"`` or ``"done"``.
    values : dict
        Node name -> value, or None when not yet computed.
    grads : dict
        Node name -> gradient accumulated so far, or None when nothing arrived yet.
    complete : set of str
        Names of nodes whose gradient is final.
    step : ForwardStep or BackwardStep or None
        The step just taken.
    """

    k: int
    phase: str
    values: dict
    grads: dict
    complete: set
    step: object = None

    @property
    def active(self) -> str | None:
        """Name of the node the last step computed (or added to)."""
        return None if self.step is None else self.step.node.name


def step_index(k, n_steps: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise checks.KindError(
            f"step k must be an integer from 0 to {n_steps}, got {checks.show(k)}"
        )
    if not 0 <= k <= n_steps:
        raise ValueError(f"step {checks.show(k)} is out of range: use 0..{n_steps}")
    return int(k)


def topological_order(output) -> list:
    """All ancestors of ``output`` (itself included), operands before results.

    Iterative (Kahn's algorithm on child counts), so graphs of any depth work.
    Ties are broken by creation order, which keeps pictures stable.
    """
    seen = {id(output): output}
    stack = [output]
    while stack:
        for p in stack.pop().parents:
            if id(p) not in seen:
                seen[id(p)] = p
                stack.append(p)
    n_children = dict.fromkeys(seen, 0)
    for node in seen.values():
        for p in set(map(id, node.parents)):
            n_children[p] += 1
    # Walk from the output towards the leaves, releasing a node once all its children are done.
    ready = [(-output.id, id(output))]
    reverse = []
    while ready:
        _, key = heapq.heappop(ready)
        node = seen[key]
        reverse.append(node)
        for p in {id(p): p for p in node.parents}.values():
            n_children[id(p)] -= 1
            if n_children[id(p)] == 0:
                heapq.heappush(ready, (-p.id, id(p)))
    return reverse[::-1]
