"""The generic stepper model: steps, texts with "—", active edges, the step in numbers."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.apps.graph_stepper.model import GraphStepperModel

DASH = "—"


@pytest.fixture
def chain_model():
    return GraphStepperModel(bt.ChainNetwork(x=1.0, y=0.0, w0=0.5, w1=-1.0).trace)


def test_range_and_start(chain_model):
    m = chain_model
    assert m.play_range == (0, 12) and m.n_forward == 5 and m.k == 0
    assert m.phase == "start" and m.step is None and m.active is None
    assert m.active_edges() == []
    # Leaves known, everything else unknown: "—", never 0.
    assert m.node_text("w0") == ("0.5", DASH)
    assert m.node_text("p0") == (DASH, DASH)
    assert m.node_text("x")[1] == "held fixed"
    assert m.node_status("p0") == "idle"
    assert "Step 0 of 12" in m.describe().title


def test_forward_step_text_and_edges(chain_model):
    m = chain_model
    m.set_step(1)
    assert m.phase == "forward" and m.active == "p0"
    assert set(m.active_edges()) == {("w0", "p0", 0), ("x", "p0", 1)}
    assert m.node_text("p0") == ("0.5", DASH)
    text = m.describe()
    assert text.rule == "p0 = w0 · x"
    assert "p0 = 0.5" in text.numbers
    m.set_step(5)
    assert "Next: the backward pass" in m.describe().note


def test_seed_step(chain_model):
    m = chain_model
    m.set_step(6)
    assert m.active == "J" and m.active_edges() == []
    assert m.node_text("J")[1] == "1"
    assert m.describe().rule == "dJ/dJ = 1"


def test_last_backward_step_in_numbers(chain_model):
    m = chain_model
    m.set_step(m.n_steps)
    assert m.phase == "done" and m.active == "w0"
    assert m.active_edges() == [("w0", "p0", 0)]
    assert m.upstream_node() == "p0"
    text = m.describe()
    assert text.rule.startswith("dJ/dw0 = dJ/dp0 × ∂p0/∂w0   (∂p0/∂w0 = x)")
    step = m.step
    assert text.numbers == (
        f"upstream {step.upstream:.3g} × local {step.local:.3g} = {step.product:.3g}"
    )
    assert step.product == pytest.approx(m.trace.grad("w0"))
    assert "Done" in text.note
    # Every gradient is now known and shown.
    for name in ("p0", "x1", "p1", "y_hat", "J", "w0", "w1"):
        assert DASH not in m.node_text(name)[1]


def test_gradient_appears_only_when_its_step_runs(chain_model):
    m = chain_model
    grads_seen = []
    for k in range(m.n_steps + 1):
        m.set_step(k)
        grads_seen.append(m.node_text("p1")[1])
    first = next(i for i, g in enumerate(grads_seen) if g != DASH)
    assert first == 8  # 5 forward, seed, y_hat, then p1
    assert all(g == DASH for g in grads_seen[:first])


def test_fan_out_marks_partial_gradients():
    m = GraphStepperModel(bt.fan_out_example("square", 3.0))
    m.set_step(3)  # first contribution into x
    assert m.node_text("x")[1] == "3 so far"
    assert "contribution 1 of 2" in m.describe().note
    assert m.describe().rule.startswith("dJ/dx += dJ/dJ × ∂J/∂x via operand 1 of J")
    m.set_step(4)
    assert m.node_text("x")[1] == "6"
    assert m.active_edges() == [("x", "J", 1)]
    assert "(complete)" in m.describe().note


def test_statuses_follow_the_step(chain_model):
    m = chain_model
    m.set_step(8)  # p1 receives its gradient from y_hat
    assert m.node_status("p1") == "active"
    assert m.node_status("y_hat") == "upstream"
    assert m.node_status("J") == "grad"
    assert m.node_status("x1") == "value"


def test_set_trace_keeps_and_clips_step(chain_model):
    m = chain_model
    m.set_step(7)
    m.set_trace(bt.ChainNetwork(w0=2.0).trace)
    assert m.k == 7 and m.trace["w0"].value == 2.0
    m.set_step(12)
    m.set_trace(bt.fan_out_example("square"))
    assert m.k == 4


@pytest.mark.parametrize(
    "bad",
    [-1, 13, 2.5, "x", "3", None, float("inf"), float("nan"), 10**400, [3], True],
    ids=["-1", "13", "2.5", "x", "text-3", "None", "inf", "nan", "1e400", "list", "True"],
)
def test_bad_steps_are_refused_and_leave_the_step(chain_model, bad):
    chain_model.set_step(4)
    with pytest.raises(ValueError, match="step"):
        chain_model.set_step(bad)
    assert chain_model.k == 4 and chain_model.active == "y_hat"


def test_integral_floats_are_steps(chain_model):
    chain_model.set_step(3.0)
    assert chain_model.k == 3


def test_not_a_trace_is_refused():
    with pytest.raises(ValueError, match="Trace"):
        GraphStepperModel("not a trace")


def test_works_on_a_network_graph():
    net = bt.Network([2, 2, 1], rng=np.random.default_rng(0))
    m = GraphStepperModel(bt.network_graph(net, np.array([[0.5, -1.0]]), np.array([[1.0]])))
    m.set_step(m.n_steps)
    for n in m.trace.nodes:
        value, grad = m.node_text(n.name)
        assert value != DASH
        assert grad != DASH
    assert "upstream" in m.describe().numbers


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 2.5, "3", None, -1, 10**400])
def test_forward_mode_stepper_refuses_what_the_backward_one_refuses(bad):
    # Both steppers share one replay model: set_step(inf) was an OverflowError here.
    from backprop_tutorial.apps.chain_modes.model import TangentStepperModel

    m = TangentStepperModel(bt.forward_mode(bt.ChainNetwork().trace, "w0"), k=2)
    with pytest.raises(ValueError, match="step"):
        m.set_step(bad)
    assert m.k == 2 and m.state.k == 2
