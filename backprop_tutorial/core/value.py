"""A scalar autograd engine with micrograd's interface, built on :mod:`.graph`.

``Value(2.0) * Value(3.0) + 1`` builds the graph as it computes: every operation makes
one :class:`~.graph.Node` (from :mod:`.graph` or :mod:`.ops`) that already knows its
local derivatives, and wraps it in a new ``Value`` that remembers its operands.
:meth:`Value.backward` then does what notebooks 1-5 stepped through:

- **topological**: it orders the graph so that every node comes after its operands
  (iteratively, so a chain 10,000 deep works);
- **reverse**: it walks that order backwards from the output, so a node's gradient is
  complete (every use has reported) before it is passed further down;
- **adds**: each step *adds* ``upstream × local`` into an operand's ``grad``, so a node
  used twice gets both contributions.

A second ``backward()`` on the same graph resets the gradients of the computed
(non-leaf) nodes and runs the pass again, so it *adds the same amounts again* to the
leaves' ``grad`` (as PyTorch does): call :meth:`Value.zero_grad` (or set ``p.grad = 0``
for each parameter, as a training loop does) to start from zero.

Each step of the pass goes through a small method (:meth:`Value._locals`,
:meth:`Value._backward_step`), one place a variant engine can change;
``backprop_tutorial.teaching.zoo`` breaks them on purpose.

numpy only (through the graph module).
"""

from __future__ import annotations

import itertools
import numbers

from . import checks, ops
from .graph import Node, add, mul, param, topological_order, trace

_leaf_ids = itertools.count()
_MAX_NAME = 40


class Value:
    """One scalar of an expression, and its gradient after :meth:`backward`.

    Parameters
    ----------
    data : float
        The number.
    _label : str, optional
        Name in pictures and traces (default ``v0``, ``v1``, ...).

    Attributes
    ----------
    data : float
        The value (read-only: it is the wrapped node's value).
    grad : float
        ``d(output)/d(self)`` after ``output.backward()``; 0.0 before.
    node : Node
        The graph node, with the operation label and the local derivatives.
    """

    __slots__ = ("node", "grad", "_prev")

    def __init__(self, data, _label: str | None = None):
        if isinstance(data, Node):  # an operation's result (see _wrap)
            self.node = data
        else:
            name = f"v{next(_leaf_ids)}" if _label is None else str(_label)
            self.node = param(name, data)
        self.grad = 0.0
        self._prev = ()

    @classmethod
    def _wrap(cls, node: Node, *operands) -> Value:
        if len(node.name) > _MAX_NAME:
            # Names spell out the expression, (a + b)·(b + 1); a deep one gets a short
            # name, or building a chain n deep would copy O(n²) characters.
            node.name = f"v{next(_leaf_ids)}"
        out = cls(node)
        out._prev = operands
        return out

    def _lift(self, other) -> Value:
        # A plain number becomes a constant of the same engine (micrograd does the same).
        if isinstance(other, Value):
            return other
        if isinstance(other, numbers.Real) and not isinstance(other, bool):
            return type(self)(Node(f"{float(other):g}", other, "const"))
        raise TypeError(f"a Value combines with a Value or a number, got {type(other).__name__}")

    @property
    def data(self) -> float:
        return self.node.value

    @property
    def op(self) -> str:
        """The operation that made this value (``"param"`` or ``"const"`` for a leaf)."""
        return self.node.op

    @property
    def label(self) -> str:
        return self.node.name

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # -- operations: one node each ---------------------------------------------------
    def _binary(self, build, other, reflected=False):
        other = self._lift(other)
        a, b = (other, self) if reflected else (self, other)
        return self._wrap(build(a.node, b.node), a, b)

    def __add__(self, other):
        return self._binary(add, other)

    def __radd__(self, other):
        return self._binary(add, other, reflected=True)

    def __mul__(self, other):
        return self._binary(mul, other)

    def __rmul__(self, other):
        return self._binary(mul, other, reflected=True)

    def __sub__(self, other):
        return self._binary(ops.sub, other)

    def __rsub__(self, other):
        return self._binary(ops.sub, other, reflected=True)

    def __truediv__(self, other):
        return self._binary(ops.div, other)

    def __rtruediv__(self, other):
        return self._binary(ops.div, other, reflected=True)

    def __neg__(self):
        return self._wrap(ops.neg(self.node), self)

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("the exponent must be a plain number (x ** 2), not a Value")
        return self._wrap(ops.power(self.node, k), self)

    def exp(self):
        return self._wrap(ops.exp(self.node), self)

    def log(self):
        return self._wrap(ops.log(self.node), self)

    def tanh(self):
        return self._wrap(ops.tanh(self.node), self)

    def sigmoid(self):
        return self._wrap(ops.sigmoid(self.node), self)

    def relu(self):
        return self._wrap(ops.relu(self.node), self)

    def sin(self):
        return self._wrap(ops.sin(self.node), self)

    def cos(self):
        return self._wrap(ops.cos(self.node), self)

    # -- the backward pass -------------------------------------------------------------
    def _topological(self) -> list:
        """Every value below ``self``, operands before results (iterative depth-first)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, expanded = stack.pop()
            if expanded:
                order.append(v)  # all of v's operands are already in the order
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((p, False) for p in v._prev if id(p) not in seen)
        return order

    def _locals(self) -> tuple:
        """``d(self)/d(operand)`` for each operand slot, computed in the forward pass."""
        return self.node.local_grads

    def _backward_step(self) -> None:
        """Add ``upstream × local`` into each operand's gradient (``self.grad`` is complete)."""
        for operand, local in zip(self._prev, self._locals(), strict=True):
            operand.grad += self.grad * local

    def backward(self) -> None:
        """Fill ``grad`` of every value below ``self`` with ``d(self)/d(value)``.

        Leaves *accumulate*: a second call adds the same gradients again (call
        :meth:`zero_grad` first to start from zero).
        """
        order = self._topological()
        for v in order:
            if v._prev:  # computed nodes start from 0 on every pass; leaves keep theirs
                v.grad = 0.0
        self.grad = 1.0 if self._prev else self.grad + 1.0
        for v in reversed(order):
            v._backward_step()

    def zero_grad(self) -> None:
        """Set ``grad = 0`` for every value below ``self`` (itself included)."""
        for v in self._topological():
            v.grad = 0.0

    def to_trace(self):
        """This expression as a :class:`~.graph.Trace` the graph stepper can replay."""
        return value_trace(self)


def value_trace(v: Value):
    """The :class:`~.graph.Trace` of ``v``'s expression (names made unique by a suffix)."""
    checks.instance("v", v, Value, "pass the output of an expression of Values")
    taken: dict = {}
    for node in topological_order(v.node):
        if node.op == "const":
            continue  # trace() numbers repeated constants itself
        n = taken.get(node.name, 0)
        taken[node.name] = n + 1
        if n:
            node.name = f"{node.name}_{n + 1}"
    return trace(v.node)
