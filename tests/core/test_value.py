"""core/value.py: the reference scalar engine with micrograd's interface."""

import math

import pytest

import backprop_tutorial as bt
from backprop_tutorial.core.graph import Trace
from backprop_tutorial.core.value import Value


def _central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_every_operation_and_reflected_numbers_match_central_differences():
    def f(x, y):
        return (
            2
            - x / 3
            + x**2
            - (-y)
            + 1.5 * y.tanh()
            + (x * y).sigmoid()
            + (y + 2).log()
            + x.exp() / (1 + y**2)
            + (x - 0.5).relu()
            + 4 / x
        )

    def num(x, y):
        s = 1 / (1 + math.exp(-x * y))
        return (
            2
            - x / 3
            + x**2
            + y
            + 1.5 * math.tanh(y)
            + s
            + math.log(y + 2)
            + math.exp(x) / (1 + y**2)
            + max(0, x - 0.5)
            + 4 / x
        )

    x, y = Value(1.3, "x"), Value(0.4, "y")
    out = f(x, y)
    out.backward()
    assert out.data == pytest.approx(num(1.3, 0.4))
    assert x.grad == pytest.approx(_central(lambda t: num(t, 0.4), 1.3), rel=1e-6)
    assert y.grad == pytest.approx(_central(lambda t: num(1.3, t), 0.4), rel=1e-6)


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0)
    (a * a).backward()
    assert a.grad == 6.0


def test_a_chain_10000_deep_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**10_000)


def test_a_second_backward_adds_again_until_zero_grad():
    # The documented choice (as PyTorch): computed nodes restart from 0, leaves accumulate.
    a, b = Value(2.0), Value(1.0)
    e = (a + b) * (b + 1)
    e.backward()
    assert (a.grad, b.grad) == (2.0, 5.0)
    e.backward()
    assert (a.grad, b.grad) == (4.0, 10.0)
    e.zero_grad()
    assert (a.grad, b.grad, e.grad) == (0.0, 0.0, 0.0)
    e.backward()
    assert (a.grad, b.grad) == (2.0, 5.0)


def test_to_trace_gives_the_stepper_a_trace_with_unique_names():
    a, b = Value(2.0, "a"), Value(1.5, "b")
    e = (a * b) + (a * b)  # two different nodes, both named (a·b)
    e.backward()
    t = bt.value_trace(e)
    assert isinstance(t, Trace)
    assert len({n.name for n in t.nodes}) == len(t.nodes) == 5
    assert t.grad("a") == pytest.approx(a.grad) == pytest.approx(3.0)
    assert t.grad("b") == pytest.approx(b.grad) == pytest.approx(4.0)


def test_the_graph_stepper_replays_a_value_expression():
    from backprop_tutorial.apps.graph_stepper.model import GraphStepperModel

    a, b = Value(2.0, "a"), Value(1.0, "b")
    t = ((a + b) * (b + 1)).to_trace()
    model = GraphStepperModel(t)
    model.set_step(t.n_steps)
    assert model.state.grads["b"] == pytest.approx(5.0)


@pytest.mark.parametrize(
    "build, error, words",
    [
        (lambda: Value(1.0) / 0, ValueError, "division by zero"),
        (lambda: Value(-1.0).log(), ValueError, "positive"),
        (lambda: Value(2.0) ** Value(2.0), TypeError, "plain number"),
        (lambda: Value(2.0) + "1", TypeError, "a Value or a number"),
        (lambda: Value(float("nan")), ValueError, "non-finite"),
    ],
)
def test_bad_operations_are_refused(build, error, words):
    with pytest.raises(error, match=words):
        build()
