"""A scalar computational graph that records every forward and backward step.

Every operation builds one :class:`Node` holding its value, its parents, an
operation label and the *local derivatives* d(node)/d(parent), computed right away
(the forward pass).  :func:`trace` then orders the graph (iteratively, so deep
graphs do not hit Python's recursion limit) and runs the backward pass as an
explicit list of steps, one per edge, each adding ``upstream * local`` into a
parent's gradient, as in micrograd.  A node used twice receives two contributions.
:meth:`Trace.state` replays the first ``k`` steps, which is what the notebooks'
steppers show.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from . import checks
from .activations import get_activation, softplus
from .activations import sigmoid as _sigmoid
from .steps import BackwardStep, ForwardStep, GraphState, step_index, topological_order

_ids = itertools.count()


class NodeNotFound(KeyError, ValueError):
    """A node name that is not in the graph (a KeyError, and a ValueError like every
    other bad argument of the core)."""

    def __str__(self):  # KeyError would show the message in quotes
        return str(self.args[0])


def _value(name, value) -> float:
    # Real numbers only: float() would take "1.5", True and complex numpy scalars.
    if isinstance(value, (str, bytes)) or value is None or isinstance(value, complex):
        raise checks.KindError(
            f"node {checks.show(name)} needs a real number as its value, got {checks.show(value)}"
        )
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, np.complexfloating):
        raise checks.KindError(f"node {checks.show(name)} got the complex value {value}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"node {checks.show(name)}: the value is too large for a float") from None
    except (TypeError, ValueError):
        raise checks.KindError(
            f"node {checks.show(name)} needs a real number as its value, got {checks.show(value)}"
        ) from None


def _sequence(name, what: str, value) -> tuple:
    # parents, local_grads, local_names: a tuple or list (None or a string is refused).
    if not isinstance(value, (tuple, list)):
        raise checks.KindError(
            f"node {checks.show(name)} needs {what} as a tuple (empty for a leaf), got "
            f"{checks.show(value)}"
        )
    return tuple(value)


class Node:
    """One scalar of the graph.

    Parameters
    ----------
    name : str
        Label shown in pictures, e.g. ``"p0"`` or ``"W[0][0,1]"``.
    value : float
        Computed value.
    op : str
        Operation label: ``"input"``, ``"param"``, ``"const"`` (a plain number
        passed to a builder), ``"*"``, ``"+"``, an activation name, or a cost name.
    parents : tuple of Node
        Operands, in order (the same node may appear twice, as in ``x * x``).
    local_grads : tuple of float
        ``d(self)/d(parents[i])`` for each operand slot.
    local_names : tuple of str
        Each local derivative written symbolically, e.g. ``"x"`` or ``"σ'(p0)"``.
    requires_grad : bool
        For leaves: whether the cost's gradient w.r.t. this node is wanted
        (weights, biases) or not (the input x and target y are held fixed).
    formula : str
        How the value was computed, in terms of the parents' names.
    """

    __slots__ = (
        "name",
        "value",
        "op",
        "parents",
        "local_grads",
        "local_names",
        "requires_grad",
        "formula",
        "id",
    )

    def __init__(
        self,
        name,
        value,
        op="input",
        parents=(),
        local_grads=(),
        local_names=(),
        requires_grad=False,
        formula="",
    ):
        if not isinstance(name, str):
            raise checks.KindError(f"a node name must be a string, got {checks.show(name)}")
        value = _value(name, value)
        if not np.isfinite(value):
            raise ValueError(
                f"node {checks.show(name)} got the non-finite value {value}: check the inputs "
                "(an input or weight is NaN or infinite, or a product overflowed beyond 1e308)"
            )
        self.name = str(name)
        self.value = value
        self.op = op
        self.parents = _sequence(name, "parents", parents)
        for p in self.parents:
            checks.instance(f"an operand of {self.name!r}", p, Node)
        grads = _sequence(name, "local_grads", local_grads)
        self.local_grads = tuple(_value(f"{name}'s local derivative", g) for g in grads)
        if len(self.local_grads) != len(self.parents):
            raise ValueError(
                f"node {self.name!r} has {len(self.parents)} parents but "
                f"{len(self.local_grads)} local derivatives: give one per operand slot"
            )
        if not all(np.isfinite(self.local_grads)):
            raise ValueError(
                f"node {self.name!r}: a local derivative is not finite (values beyond 1e308): "
                "use smaller inputs or weights"
            )
        names = _sequence(name, "local_names", local_names)
        if names and len(names) != len(self.parents):
            raise ValueError(
                f"node {self.name!r} has {len(self.parents)} parents but {len(names)} "
                "local_names: give one per operand slot, or none"
            )
        self.local_names = names or tuple("" for _ in self.parents)
        # An operation needs a gradient when any operand does.
        self.requires_grad = bool(requires_grad) or any(p.requires_grad for p in self.parents)
        self.formula = formula
        self.id = next(_ids)

    @property
    def is_leaf(self) -> bool:
        return not self.parents

    def __repr__(self):
        return f"Node({self.name!r}, value={self.value:.6g}, op={self.op!r})"

    def __mul__(self, other):
        return mul(self, other)

    def __add__(self, other):
        return add(self, other)


def _const(x) -> Node:
    # A plain number becomes an anonymous constant named by its value; trace() numbers
    # constants that print alike (two targets of 0.0) so that names stay unique.
    if isinstance(x, Node):
        return x
    value = _value("a constant operand", x)
    return Node(f"{value:g}", value, "const")


def leaf(name: str, value: float, requires_grad: bool = False) -> Node:
    """An input (``requires_grad=False``) or a parameter (``True``)."""
    return Node(name, value, "param" if requires_grad else "input", requires_grad=requires_grad)


def param(name: str, value: float) -> Node:
    """A weight or bias: a leaf whose gradient is wanted."""
    return leaf(name, value, requires_grad=True)


def mul(a, b, name: str | None = None) -> Node:
    """``a * b``; local derivatives are the other operand."""
    a, b = _const(a), _const(b)
    name = name or f"({a.name}·{b.name})"
    return Node(
        name,
        a.value * b.value,
        "*",
        (a, b),
        (b.value, a.value),
        (b.name, a.name),
        formula=f"{a.name} · {b.name}",
    )


def add(*terms, name: str | None = None) -> Node:
    """Sum of any number of operands; every local derivative is 1."""
    terms = tuple(_const(t) for t in terms)
    if not terms:
        raise ValueError("add() needs at least one operand")
    formula = " + ".join(t.name for t in terms)
    name = name or f"({formula})"
    value = float(sum(t.value for t in terms))
    return Node(name, value, "+", terms, (1.0,) * len(terms), ("1",) * len(terms), formula=formula)


def activate(s: Node, activation: str = "sigmoid", name: str | None = None) -> Node:
    """Apply an activation (sigmoid, tanh, relu, identity) to one node."""
    act = get_activation(activation)
    name = name or f"{act.symbol}({s.name})"
    return Node(
        name,
        act.f(s.value),
        act.name,
        (s,),
        (act.df(s.value),),
        (f"{act.symbol}'({s.name})",),
        formula=f"{act.symbol}({s.name})",
    )


def sigmoid(s: Node, name: str | None = None) -> Node:
    """Shorthand for ``activate(s, "sigmoid")``."""
    return activate(s, "sigmoid", name)


def _same_length(outputs, targets) -> None:
    # zip() would silently drop the extra outputs or targets.
    if len(outputs) != len(targets):
        raise ValueError(
            f"{len(outputs)} outputs but {len(targets)} target(s): pass one target per output"
        )


def quadratic_cost(y_hat, y, name: str = "J") -> Node:
    """``J = 1/2 * sum_j (y_hat_j - y_j)^2``; ``y_hat`` and ``y`` are sequences of nodes/floats."""
    y_hat = [_const(v) for v in np.atleast_1d(np.array(y_hat, dtype=object))]
    y = [_const(v) for v in np.atleast_1d(np.array(y, dtype=object))]
    _same_length(y_hat, y)
    diffs = [yh.value - t.value for yh, t in zip(y_hat, y, strict=True)]
    value = 0.5 * sum(d * d for d in diffs)
    parents = tuple(y_hat) + tuple(y)
    grads = tuple(diffs) + tuple(-d for d in diffs)
    names = tuple(f"{yh.name} − {t.name}" for yh, t in zip(y_hat, y, strict=True))
    names += tuple(f"−({yh.name} − {t.name})" for yh, t in zip(y_hat, y, strict=True))
    terms = " + ".join(f"({yh.name} − {t.name})²" for yh, t in zip(y_hat, y, strict=True))
    return Node(name, value, "quadratic", parents, grads, names, formula=f"½ [{terms}]")


def cross_entropy_cost(s, y, name: str = "J") -> Node:
    """Binary cross-entropy from the *pre-activations* ``s`` of sigmoid outputs.

    ``J = sum_j softplus(s_j) - y_j s_j``, with ``dJ/ds_j = sigmoid(s_j) - y_j``:
    finite for any ``s``.
    """
    s = [_const(v) for v in np.atleast_1d(np.array(s, dtype=object))]
    y = [_const(v) for v in np.atleast_1d(np.array(y, dtype=object))]
    _same_length(s, y)
    value = float(sum(softplus(si.value) - t.value * si.value for si, t in zip(s, y, strict=True)))
    grads = tuple(_sigmoid(si.value) - t.value for si, t in zip(s, y, strict=True))
    grads += tuple(-si.value for si in s)
    names = tuple(f"σ({si.name}) − {t.name}" for si, t in zip(s, y, strict=True))
    names += tuple(f"−{si.name}" for si in s)
    return Node(
        name,
        value,
        "cross_entropy",
        tuple(s) + tuple(y),
        grads,
        names,
        formula="−Σ [y log ŷ + (1 − y) log(1 − ŷ)]",
    )


def mean(terms, name: str = "J") -> Node:
    """Average of nodes (a cost averaged over a batch)."""
    terms = tuple(terms)
    n = len(terms)
    if n == 0:
        raise ValueError("mean() needs at least one term")
    value = float(sum(t.value for t in terms)) / n
    return Node(
        name,
        value,
        "mean",
        terms,
        (1.0 / n,) * n,
        (f"1/{n}",) * n,
        formula=f"mean({', '.join(t.name for t in terms)})",
    )


@dataclass
class Trace:
    """A graph ordered for replay, with its forward and backward steps.

    Build it with :func:`trace`.  ``nodes`` is in topological order (operands
    before results); ``steps`` is ``forward_steps + backward_steps``.
    """

    output: Node
    nodes: list
    forward_steps: list
    backward_steps: list
    grads: dict = field(default_factory=dict)
    uses: dict = field(default_factory=dict)

    @property
    def steps(self) -> list:
        return self.forward_steps + self.backward_steps

    @property
    def n_steps(self) -> int:
        return len(self.forward_steps) + len(self.backward_steps)

    def __getitem__(self, name: str) -> Node:
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise NodeNotFound(
                f"no node named {checks.show(name)} in this graph: use one of "
                f"{checks.show(list(self._by_name))}"
            ) from None

    def __contains__(self, name) -> bool:
        return name in self._by_name

    def __post_init__(self):
        self._by_name = {n.name: n for n in self.nodes}

    def node(self, node) -> Node:
        """The node named ``node`` (a name, or a node of this graph).

        Raises
        ------
        NodeNotFound (a KeyError and a ValueError)
            For anything that is not a node of the graph (None included).
        """
        return self[node if isinstance(node, str) else getattr(node, "name", node)]

    def grad(self, node) -> float:
        """``dJ/d(node)`` after the full backward pass (0.0 if J does not depend on it).

        Raises
        ------
        NodeNotFound (a KeyError and a ValueError)
            For a name that is not in the graph.
        """
        name = self.node(node).name
        return self.grads.get(name, 0.0)

    def fan_out(self, node) -> int:
        """How many operand slots use this node in the forward pass (``x*x`` counts 2)."""
        name = self.node(node).name
        return len(self.uses.get(name, ()))

    def grad_reuse(self, node) -> int:
        """How many times this node's gradient is read as *upstream* by backward steps."""
        name = self.node(node).name
        return sum(1 for s in self.backward_steps if s.child is not None and s.child.name == name)

    def state(self, k: int) -> GraphState:
        """Replay the first ``k`` steps (``0 <= k <= n_steps``)."""
        k = step_index(k, self.n_steps)
        values = {n.name: (n.value if n.is_leaf else None) for n in self.nodes}
        grads = {n.name: None for n in self.nodes}
        complete: set = set()
        step = None
        for step in itertools.islice(itertools.chain(self.forward_steps, self.backward_steps), k):
            name = step.node.name
            if step.phase == "forward":
                values[name] = step.node.value
            else:
                grads[name] = step.grad_after
                if step.complete:
                    complete.add(name)
        nf = len(self.forward_steps)
        if k == 0:
            phase = "start"
        elif k <= nf:
            phase = "forward"
        elif k < self.n_steps:
            phase = "backward"
        else:
            phase = "done"
        return GraphState(k, phase, values, grads, complete, step)


def _number_constants(order) -> None:
    """Rename anonymous constants whose printed value repeats a name: ``0``, ``0_2``, ..."""
    taken = {n.name for n in order if n.op != "const"}
    for node in order:
        if node.op != "const":
            continue
        base, i = node.name.split("_")[0], 1
        while node.name in taken:
            i += 1
            node.name = f"{base}_{i}"
        taken.add(node.name)


def trace(output: Node) -> Trace:
    """Order the graph below ``output`` and record its forward and backward steps.

    Raises
    ------
    ValueError
        If two nodes share a name (names identify nodes in pictures and states), or
        the graph has more than ``checks.MAX_GRAPH_NODES`` nodes.
    """
    checks.instance("output", output, Node, "build the graph with leaf(), param(), mul(), ...")
    order = topological_order(output)
    checks.budget("the graph (nodes)", len(order), checks.MAX_GRAPH_NODES, "build a smaller graph")
    _number_constants(order)
    names = [n.name for n in order]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"node names must be unique in a graph; repeated: {dup[:5]}")
    uses: dict = {n.name: [] for n in order}
    for node in order:
        for slot, p in enumerate(node.parents):
            uses[p.name].append((node, slot))
    forward = [ForwardStep(n) for n in order if not n.is_leaf]

    # How many contributions each node will receive: one per use by a node on a gradient path.
    n_contrib = {n.name: 0 for n in order}
    for node in order:
        for p in node.parents:
            if p.requires_grad:
                n_contrib[p.name] += 1
    grads = {output.name: 1.0}
    received = dict.fromkeys(n_contrib, 0)
    backward = [BackwardStep(output, None, 0, 1.0, 1.0, 1.0, 1.0, 1, 1, "1")]
    for child in reversed(order):
        if not child.requires_grad or child.name not in grads:
            continue
        upstream = grads[child.name]
        for slot, (p, local) in enumerate(zip(child.parents, child.local_grads, strict=True)):
            if not p.requires_grad:
                continue
            product = upstream * local
            grads[p.name] = grads.get(p.name, 0.0) + product
            received[p.name] += 1
            backward.append(
                BackwardStep(
                    p,
                    child,
                    slot,
                    upstream,
                    local,
                    product,
                    grads[p.name],
                    received[p.name],
                    n_contrib[p.name],
                    child.local_names[slot],
                )
            )
    return Trace(output, order, forward, backward, grads, uses)
