"""The scalar operations of notebook 6 that :mod:`.graph` does not build.

Each builder is one :class:`~.graph.Node` call carrying its value, its local
derivatives ``d(result)/d(operand)`` and their symbols, as ``graph.mul`` and
``graph.add`` do: micrograd's one shape.  A plain number passed as an operand becomes a
constant node.  Inputs outside an operation's domain (division by zero, the log of a
non-positive number) are refused with a ValueError that says what to do, before any
infinity or NaN can enter the graph.

numpy only.
"""

from __future__ import annotations

import math

from . import checks
from .graph import Node


def _operand(x) -> Node:
    # A number becomes an anonymous constant named by its value, like graph.py's
    # constants (trace() numbers repeated names: 2, 2_2, ...).
    if isinstance(x, Node):
        return x
    value = checks.number("a constant operand", x)
    return Node(f"{value:g}", value, "const")


def sub(a, b, name: str | None = None) -> Node:
    """``a - b``; local derivatives 1 and -1."""
    a, b = _operand(a), _operand(b)
    formula = f"{a.name} − {b.name}"
    return Node(
        name or f"({formula})",
        a.value - b.value,
        "-",
        (a, b),
        (1.0, -1.0),
        ("1", "−1"),
        formula=formula,
    )


def neg(a, name: str | None = None) -> Node:
    """``-a``; local derivative -1."""
    a = _operand(a)
    return Node(
        name or f"(−{a.name})", -a.value, "neg", (a,), (-1.0,), ("−1",), formula=f"−{a.name}"
    )


def div(a, b, name: str | None = None) -> Node:
    """``a / b``; local derivatives ``1/b`` and ``-a/b²``.

    Raises
    ------
    ValueError
        When ``b`` is 0.
    """
    a, b = _operand(a), _operand(b)
    if b.value == 0:
        raise ValueError(
            f"division by zero: the divisor {b.name!r} is 0; divide by a non-zero value"
        )
    formula = f"{a.name} / {b.name}"
    return Node(
        name or f"({formula})",
        a.value / b.value,
        "/",
        (a, b),
        (1.0 / b.value, -a.value / b.value**2),
        (f"1/{b.name}", f"−{a.name}/{b.name}²"),
        formula=formula,
    )


def power(a, k, name: str | None = None) -> Node:
    """``a ** k`` for a fixed number ``k``; local derivative ``k a^(k-1)``.

    Raises
    ------
    ValueError
        When the result is not a real number (a negative base with a fractional ``k``)
        or not finite (0 to a negative power).
    """
    a = _operand(a)
    k = checks.number("the exponent k", k)
    if a.value < 0 and k != int(k):
        raise ValueError(
            f"{a.name!r} = {a.value:g} to the fractional power {k:g} is not a real number: "
            "use a positive base or a whole exponent"
        )
    if a.value == 0 and k < 1 and k != 0:
        raise ValueError(
            f"{a.name!r} is 0 and the exponent is {k:g}: the power or its derivative is "
            "infinite there; use a non-zero base or an exponent of at least 1"
        )
    kk = int(k) if k == int(k) else k
    formula = f"{a.name}^{kk}"
    return Node(
        name or f"({formula})",
        a.value**k,
        "**",
        (a,),
        (k * a.value ** (k - 1),),
        (f"{kk}·{a.name}^{kk - 1}",),
        formula=formula,
    )


def exp(a, name: str | None = None) -> Node:
    """``e^a``; the local derivative is the result itself."""
    a = _operand(a)
    if a.value > 709:  # math.exp overflows above log(1.8e308)
        raise ValueError(
            f"exp({a.name}) with {a.name} = {a.value:g} overflows: use a smaller input"
        )
    value = math.exp(a.value)
    return Node(
        name or f"exp({a.name})",
        value,
        "exp",
        (a,),
        (value,),
        (f"exp({a.name})",),
        formula=f"exp({a.name})",
    )


def log(a, name: str | None = None) -> Node:
    """Natural logarithm; local derivative ``1/a``.

    Raises
    ------
    ValueError
        When ``a <= 0``.
    """
    a = _operand(a)
    if a.value <= 0:
        raise ValueError(
            f"log({a.name}) needs a positive input, got {a.name} = {a.value:g}: "
            "take the log of a positive value"
        )
    return Node(
        name or f"log({a.name})",
        math.log(a.value),
        "log",
        (a,),
        (1.0 / a.value,),
        (f"1/{a.name}",),
        formula=f"log({a.name})",
    )


def _unary(a, name, op, symbol, value, local, local_name) -> Node:
    # One Node for an activation, with the labels graph.activate gives (op "tanh", "σ(x)"),
    # computed with math: numpy's scalar overhead tripled the cost of a node.
    return Node(
        name or f"{symbol}({a.name})",
        value,
        op,
        (a,),
        (local,),
        (local_name,),
        formula=f"{symbol}({a.name})",
    )


def tanh(a, name: str | None = None) -> Node:
    """``tanh(a)``; local derivative ``1 - tanh(a)²``."""
    a = _operand(a)
    t = math.tanh(a.value)
    return _unary(a, name, "tanh", "tanh", t, 1.0 - t * t, f"tanh'({a.name})")


def sigmoid(a, name: str | None = None) -> Node:
    """``σ(a)``; local derivative ``σ(a)(1 - σ(a))``."""
    a = _operand(a)
    x = a.value
    # Both forms, so that exp never overflows.
    s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
    return _unary(a, name, "sigmoid", "σ", s, s * (1.0 - s), f"σ'({a.name})")


def relu(a, name: str | None = None) -> Node:
    """``max(0, a)``; local derivative 1 for ``a > 0``, else 0."""
    a = _operand(a)
    x = a.value
    return _unary(a, name, "relu", "relu", max(0.0, x), 1.0 if x > 0 else 0.0, f"relu'({a.name})")


def sin(a, name: str | None = None) -> Node:
    """``sin(a)``; local derivative ``cos(a)``."""
    a = _operand(a)
    return Node(
        name or f"sin({a.name})",
        math.sin(a.value),
        "sin",
        (a,),
        (math.cos(a.value),),
        (f"cos({a.name})",),
        formula=f"sin({a.name})",
    )


def cos(a, name: str | None = None) -> Node:
    """``cos(a)``; local derivative ``-sin(a)``."""
    a = _operand(a)
    return Node(
        name or f"cos({a.name})",
        math.cos(a.value),
        "cos",
        (a,),
        (-math.sin(a.value),),
        (f"−sin({a.name})",),
        formula=f"cos({a.name})",
    )
