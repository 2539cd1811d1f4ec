"""Forward mode on the scalar graph: carry d(node)/dθ along with the forward pass.

Pick one parameter θ (the *seed*) and give every leaf a *tangent*: dθ/dθ = 1 for the
seed, 0 for every other leaf.  Then, in the forward order, each node's tangent is the
sum over its operands of *local derivative × operand's tangent*,

    d(node)/dθ = Σ_i d(node)/d(parent_i) · d(parent_i)/dθ,

with the very same local derivatives the backward pass multiplies (they are stored on
each :class:`~backprop_tutorial.core.graph.Node` when its value is computed).  At the end
the cost's tangent is dJ/dθ: one number per pass, so a graph with two parameters
needs two forward-mode passes where one backward pass gives both.

:func:`forward_mode` records the pass as a list of steps, like the backward pass of
:func:`~backprop_tutorial.core.graph.trace`, so a stepper can replay it with
:meth:`ForwardModeTrace.state`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from . import checks
from .graph import Node, Trace
from .steps import step_index


@dataclass(frozen=True)
class TangentTerm:
    """One term ``d(node)/d(parent) · d(parent)/dθ`` of a tangent step.

    Attributes
    ----------
    parent : Node
    slot : int
        Which operand of the node ``parent`` is (``x * x`` has slots 0 and 1).
    local : float
        ``d(node)/d(parent)``, from the forward pass (the backward pass uses it too).
    local_name : str
        The local derivative written symbolically, e.g. ``"x"`` or ``"σ'(p0)"``.
    parent_tangent : float
        ``d(parent)/dθ``, already known when the step runs.
    product : float
        ``local * parent_tangent``.
    """

    parent: Node
    slot: int
    local: float
    local_name: str
    parent_tangent: float
    product: float


def _wrap(expr: str) -> str:
    return f"({expr})" if any(c in expr for c in " +−-") else expr


@dataclass(frozen=True)
class TangentStep:
    """One node's value and tangent, or the seed step (``node`` is the seeded leaf).

    Attributes
    ----------
    node : Node
    seed : str
        Name of the parameter θ this pass differentiates with respect to.
    terms : tuple of TangentTerm
        One per operand that depends on a parameter; empty for the seed step.
        Operands that are inputs or constants have tangent 0 in every pass, so they
        are left out (as the backward pass leaves them out).
    tangent : float
        ``d(node)/dθ`` = the sum of the terms' products (1 for the seed step).
    """

    node: Node
    seed: str
    terms: tuple
    tangent: float

    phase = "forward_mode"

    @property
    def is_seed(self) -> bool:
        return not self.terms and self.node.is_leaf

    @property
    def value(self) -> float:
        return self.node.value

    @property
    def multiplications(self) -> int:
        """Products ``local × parent tangent`` this step does."""
        return len(self.terms)

    def rule(self) -> str:
        """The step symbolically, e.g. ``dp1/dw0 = x1 · dw1/dw0 + w1 · dx1/dw0``."""
        n, s = self.node.name, self.seed
        if self.is_seed:
            return f"d{s}/d{s} = 1   (the seed: start of the forward-mode pass for {s})"
        if not self.terms:
            return f"d{n}/d{s} = 0   (no operand depends on a parameter)"
        # Each local derivative is written by its formula (x1, σ'(p0), ...), as the backward
        # pass writes it, so that "d" always means a derivative with respect to the seed.
        parts = " + ".join(f"{_wrap(t.local_name)} · d{t.parent.name}/d{s}" for t in self.terms)
        return f"d{n}/d{s} = {parts}"

    def numbers(self, fmt: str = ".3g") -> str:
        """The same in numbers: ``local × tangent + ... = tangent``."""
        if self.is_seed:
            return "1"
        if not self.terms:
            return "0"
        parts = " + ".join(f"{t.local:{fmt}} × {t.parent_tangent:{fmt}}" for t in self.terms)
        return f"{parts} = {self.tangent:{fmt}}"

    def describe(self, fmt: str = ".3g") -> str:
        if self.is_seed:
            return self.rule()
        n = self.node
        return f"{n.name} = {n.formula} = {n.value:{fmt}};   {self.rule()} = {self.numbers(fmt)}"


@dataclass
class ForwardModeState:
    """What is known after the first ``k`` steps of a forward-mode pass.

    Attributes
    ----------
    k : int
        Steps taken (0 = only the leaves' values; step 1 is the seed).
    phase : str
        ``"start"``, ``"forward_mode"`` or ``"done"``.
    values : dict
        Node name -> value, or None when not yet computed.
    tangents : dict
        Node name -> ``d(node)/dθ``, or None when not yet computed.
    step : TangentStep or None
        The step just taken.
    """

    k: int
    phase: str
    values: dict
    tangents: dict
    step: object = None

    @property
    def active(self) -> str | None:
        return None if self.step is None else self.step.node.name


@dataclass
class ForwardModeTrace:
    """A recorded forward-mode pass for one seeded parameter.

    Build it with :func:`forward_mode`.
    ``steps[0]`` is the seed; then one step per operation node, in the order of the
    forward pass, each computing the node's value and its tangent.
    """

    trace: Trace
    seed: str
    steps: list

    @property
    def n_steps(self) -> int:
        return len(self.steps)

    @property
    def tangents(self) -> dict:
        """Node name -> ``d(node)/dθ`` after the whole pass (every leaf included)."""
        return self.state(self.n_steps).tangents

    def tangent(self, node) -> float:
        """``d(node)/dθ`` after the whole pass (refused like :meth:`Trace.grad` for a non-node)."""
        return self.tangents[self.trace.node(node).name]

    @property
    def derivative(self) -> float:
        """``dJ/dθ``: the output's tangent, the one number this pass gives."""
        return self.tangent(self.trace.output)

    @property
    def multiplications(self) -> int:
        """Products ``local × parent tangent`` over the whole pass."""
        return sum(s.multiplications for s in self.steps)

    def state(self, k: int) -> ForwardModeState:
        """Replay the first ``k`` steps (``0 <= k <= n_steps``)."""
        k = step_index(k, self.n_steps)
        values = {n.name: (n.value if n.is_leaf else None) for n in self.trace.nodes}
        tangents = dict.fromkeys(values)
        step = None
        for step in itertools.islice(self.steps, k):
            if step.is_seed:
                # The seed step gives every leaf its tangent: 1 for θ, 0 for the others.
                for n in self.trace.nodes:
                    if n.is_leaf:
                        tangents[n.name] = 1.0 if n.name == self.seed else 0.0
            else:
                values[step.node.name] = step.node.value
                tangents[step.node.name] = step.tangent
        phase = "start" if k == 0 else ("done" if k == self.n_steps else "forward_mode")
        return ForwardModeState(k, phase, values, tangents, step)


def forward_mode(trace: Trace, seed: str) -> ForwardModeTrace:
    """Record the forward-mode pass of ``trace`` for the parameter named ``seed``.

    Parameters
    ----------
    trace : Trace
        A recorded graph (from :func:`backprop_tutorial.core.graph.trace`).
    seed : str
        Name of a parameter leaf (``requires_grad``), e.g. ``"w0"``.

    Returns
    -------
    ForwardModeTrace
        Its ``derivative`` equals ``trace.grad(seed)``.

    Raises
    ------
    ValueError
        If ``seed`` is not a parameter of the graph.
    """
    checks.instance("trace", trace, Trace, "record one with bt.trace(output)")
    params = parameters(trace)
    if not isinstance(seed, str) or seed not in params:
        raise ValueError(
            f"seed {checks.show(seed)} is not a parameter of this graph: use one of {params}"
        )
    tangent = {n.name: (1.0 if n.name == seed else 0.0) for n in trace.nodes if n.is_leaf}
    steps = [TangentStep(trace[seed], seed, (), 1.0)]
    for node in trace.nodes:
        if node.is_leaf:
            continue
        terms = tuple(
            TangentTerm(p, slot, local, name, tangent[p.name], local * tangent[p.name])
            for slot, (p, local, name) in enumerate(
                zip(node.parents, node.local_grads, node.local_names, strict=True)
            )
            if p.requires_grad
        )
        tangent[node.name] = float(sum(t.product for t in terms))
        steps.append(TangentStep(node, seed, terms, tangent[node.name]))
    return ForwardModeTrace(trace, seed, steps)


def parameters(trace: Trace) -> list:
    """Names of the graph's parameters (the leaves a forward-mode pass can seed)."""
    return [n.name for n in trace.nodes if n.is_leaf and n.requires_grad]
