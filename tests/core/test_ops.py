"""core/ops.py: each operation's value and local derivatives, and the refused inputs."""

import math

import pytest

from backprop_tutorial.core import ops
from backprop_tutorial.core.graph import leaf, param, trace

UNARY = {
    "neg": (ops.neg, lambda x: -x, 0.7),
    "exp": (ops.exp, math.exp, 0.7),
    "log": (ops.log, math.log, 0.7),
    "tanh": (ops.tanh, math.tanh, 0.7),
    "sigmoid": (ops.sigmoid, lambda x: 1 / (1 + math.exp(-x)), 0.7),
    "relu": (ops.relu, lambda x: max(0.0, x), 0.7),
    "relu_negative": (ops.relu, lambda x: max(0.0, x), -0.7),
    "sin": (ops.sin, math.sin, 0.7),
    "cos": (ops.cos, math.cos, 0.7),
    "square": (lambda a: ops.power(a, 2), lambda x: x**2, 0.7),
    "cube_negative": (lambda a: ops.power(a, 3), lambda x: x**3, -0.7),
    "sqrt": (lambda a: ops.power(a, 0.5), math.sqrt, 0.7),
    "inverse": (lambda a: ops.power(a, -1), lambda x: 1 / x, 0.7),
}
BINARY = {
    "sub": (ops.sub, lambda x, y: x - y),
    "div": (ops.div, lambda x, y: x / y),
}


def _central(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_value_and_local_derivative(name):
    build, f, x = UNARY[name]
    node = build(param("x", x))
    assert node.value == pytest.approx(f(x))
    assert node.local_grads[0] == pytest.approx(_central(f, x), rel=1e-6)
    assert node.local_names[0]  # a symbol the stepper can show


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_value_and_local_derivatives(name):
    build, f = BINARY[name]
    node = build(param("a", 1.3), param("b", -0.6))
    assert node.value == pytest.approx(f(1.3, -0.6))
    assert node.local_grads[0] == pytest.approx(_central(lambda x: f(x, -0.6), 1.3), rel=1e-6)
    assert node.local_grads[1] == pytest.approx(_central(lambda y: f(1.3, y), -0.6), rel=1e-6)


def test_numbers_become_constants_and_names_are_generated():
    a = param("a", 2.0)
    out = ops.div(1, ops.sub(a, 3))
    assert out.name == "(1 / (a − 3))"
    assert [p.op for p in out.parents] == ["const", "-"]
    t = trace(out)
    assert t.grad("a") == pytest.approx(-1 / (2.0 - 3) ** 2)


def test_ops_combine_with_graph_builders_in_a_trace():
    a, b = param("a", 2.0), param("b", 1.0)
    e = ops.exp(ops.neg(ops.log(a * b + b)))  # 1 / (ab + b)
    t = trace(e)
    assert t.grad("b") == pytest.approx(-(a.value + 1) / (a.value * b.value + b.value) ** 2)


@pytest.mark.parametrize(
    "build, words",
    [
        (lambda: ops.div(param("a", 1.0), leaf("b", 0.0)), "division by zero"),
        (lambda: ops.log(param("a", 0.0)), "positive"),
        (lambda: ops.log(param("a", -2.0)), "positive"),
        (lambda: ops.power(param("a", -2.0), 0.5), "not a real number"),
        (lambda: ops.power(param("a", 0.0), -1), "infinite"),
        (lambda: ops.exp(param("a", 800.0)), "overflows"),
        (lambda: ops.power(param("a", 2.0), float("nan")), "exponent"),
        (lambda: ops.sub(param("a", 2.0), "3"), "constant operand"),
    ],
)
def test_refused_inputs_name_the_problem(build, words):
    with pytest.raises(ValueError, match=words):
        build()
