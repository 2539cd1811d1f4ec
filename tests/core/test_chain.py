"""Notebook 1's chain network against derivatives written out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

import backprop_tutorial as bt

POINTS = [
    dict(x=1.0, y=0.0, w0=0.5, w1=-1.0),
    dict(x=-2.0, y=1.0, w0=0.3, w1=2.5),
    dict(x=0.7, y=0.2, w0=-1.4, w1=0.9),
]


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


def by_hand(x, y, w0, w1, b0=0.0, b1=0.0):
    """J, dJ/dw0, dJ/dw1, dJ/db0, dJ/db1 for J = 1/2 (sig(w1 sig(w0 x + b0) + b1) - y)^2."""
    p0 = w0 * x + b0
    x1 = sig(p0)
    p1 = w1 * x1 + b1
    y_hat = sig(p1)
    J = 0.5 * (y_hat - y) ** 2
    dJ_dp1 = (y_hat - y) * y_hat * (1 - y_hat)
    dJ_dp0 = dJ_dp1 * w1 * x1 * (1 - x1)
    return J, dJ_dp0 * x, dJ_dp1 * x1, dJ_dp0, dJ_dp1


@pytest.mark.parametrize("pt", POINTS)
def test_loss_and_gradient_match_the_hand_written_formulas(pt):
    net = bt.ChainNetwork(**pt)
    J, dw0, dw1, _, _ = by_hand(**pt)
    assert net.loss == pytest.approx(J, rel=1e-14)
    np.testing.assert_allclose(net.gradient(), [dw0, dw1], rtol=1e-13)
    np.testing.assert_allclose(net.closed_form_gradient(), [dw0, dw1], rtol=1e-13)


@pytest.mark.parametrize("pt", POINTS)
def test_with_biases_matches_the_hand_written_formulas(pt):
    net = bt.ChainNetwork(**pt, b0=0.4, b1=-0.3, biases=True)
    J, dw0, dw1, db0, db1 = by_hand(**pt, b0=0.4, b1=-0.3)
    assert net.loss == pytest.approx(J, rel=1e-14)
    np.testing.assert_allclose(net.gradient(), [dw0, dw1], rtol=1e-13)
    np.testing.assert_allclose(net.closed_form_gradient(), [dw0, dw1], rtol=1e-13)
    assert net.trace.grad("b0") == pytest.approx(db0, rel=1e-13)
    assert net.trace.grad("b1") == pytest.approx(db1, rel=1e-13)


def test_biases_are_ignored_unless_switched_on():
    plain = bt.ChainNetwork(w0=0.5, w1=-1.0, b0=3.0, b1=3.0)
    assert plain.loss == bt.ChainNetwork(w0=0.5, w1=-1.0).loss
    assert "b0" not in plain.trace
    assert "b0" in plain.with_params(biases=True).trace


def test_node_names_and_values_follow_the_notebook():
    net = bt.ChainNetwork(x=1.0, y=0.0, w0=0.5, w1=-1.0)
    v = net.values()
    assert set(v) == {"x", "w0", "p0", "x1", "w1", "p1", "y_hat", "y", "J"}
    assert v["p0"] == 0.5
    assert v["x1"] == pytest.approx(sig(0.5))
    assert v["p1"] == pytest.approx(-sig(0.5))
    assert net.y_hat == v["y_hat"] == pytest.approx(sig(-sig(0.5)))


# -- chain-rule expansions ---------------------------------------------------------------


@pytest.mark.parametrize("biases", [False, True])
def test_chain_rule_factors_multiply_to_the_gradient(biases):
    net = bt.ChainNetwork(x=0.7, y=0.2, w0=-1.4, w1=0.9, b0=0.1, b1=0.2, biases=biases)
    exp = net.chain_rule()
    assert [f.name for f in exp["w0"].factors] == ["∂p0/∂w0", "∂x1/∂p0", "∂p1/∂x1", "dJ/dp1"]
    assert [f.name for f in exp["w1"].factors] == ["∂p1/∂w1", "dJ/dp1"]
    for key, index in (("w0", 0), ("w1", 1)):
        product = math.prod(f.value for f in exp[key].factors)
        assert product == pytest.approx(net.gradient()[index], rel=1e-14)
        assert exp[key].value == pytest.approx(net.gradient()[index], rel=1e-15)


def test_chain_rule_factor_values_are_the_local_derivatives():
    pt = dict(x=0.7, y=0.2, w0=-1.4, w1=0.9)
    net = bt.ChainNetwork(**pt)
    f0, f1 = net.chain_rule()["w0"].factors, net.chain_rule()["w1"].factors
    x1 = sig(pt["w0"] * pt["x"])
    y_hat = sig(pt["w1"] * x1)
    assert f0[0].value == pt["x"]  # ∂p0/∂w0 = x
    assert f0[1].value == pytest.approx(x1 * (1 - x1))  # ∂x1/∂p0 = sigma'(p0)
    assert f0[2].value == pt["w1"]  # ∂p1/∂x1 = w1
    assert f1[0].value == pytest.approx(x1)  # ∂p1/∂w1 = x1
    assert f0[3].value == pytest.approx((y_hat - pt["y"]) * y_hat * (1 - y_hat))


def test_the_shared_factor_is_the_same_in_both_expansions():
    exp = bt.ChainNetwork(x=-2.0, y=1.0, w0=0.3, w1=2.5).chain_rule()
    shared0 = [f for f in exp["w0"].factors if f.shared]
    shared1 = [f for f in exp["w1"].factors if f.shared]
    assert len(shared0) == len(shared1) == 1
    assert shared0[0] == shared1[0]
    assert shared0[0].name == "dJ/dp1" == bt.ChainNetwork().shared_factor
    assert shared0[0].value == exp["w1"].factors[-1].value == exp["w0"].factors[-1].value


def test_render_shows_a_dash_before_each_factor_is_known():
    net = bt.ChainNetwork(x=1.0, y=0.0, w0=0.5, w1=-1.0)
    exp = net.chain_rule()["w1"]
    d_p1_w1, shared = exp.factors
    assert shared.step < d_p1_w1.step
    before = exp.render(known_after=shared.step - 1)
    assert before == "dJ/dw1 = ∂p1/∂w1 · dJ/dp1 = — × — = —"
    middle = exp.render(known_after=shared.step)
    assert middle == f"dJ/dw1 = ∂p1/∂w1 · dJ/dp1 = — × {shared.value:.3g} = —"
    after = exp.render(known_after=d_p1_w1.step)
    assert "—" not in after
    assert after.endswith(f"= {d_p1_w1.value:.3g} × {shared.value:.3g} = {exp.value:.3g}")
    assert exp.render() == after


def test_factor_steps_are_when_the_stepper_computes_them():
    net = bt.ChainNetwork()
    t = net.trace
    for exp in net.chain_rule().values():
        for f in exp.factors:
            st = t.state(f.step)
            assert st.step.node.name == f.node
            assert f.node in st.complete
            assert f.node not in t.state(f.step - 1).complete


# -- replay of the chain ------------------------------------------------------------------


def test_chain_forward_replay_one_node_per_step():
    t = bt.ChainNetwork().trace
    leaves = {"x", "w0", "w1", "y"}
    order = ["p0", "x1", "p1", "y_hat", "J"]
    assert [s.node.name for s in t.forward_steps] == order
    for k in range(len(order) + 1):
        known = {n for n, v in t.state(k).values.items() if v is not None}
        assert known == leaves | set(order[:k])


def test_chain_backward_replay_seed_then_one_edge_per_step():
    t = bt.ChainNetwork().trace
    nf = len(t.forward_steps)
    order = ["J", "y_hat", "p1", "w1", "x1", "p0", "w0"]
    assert len(t.backward_steps) == len(order)
    for i in range(len(order) + 1):
        st = t.state(nf + i)
        have = {n for n, v in st.grads.items() if v is not None}
        assert have == set(order[:i])
        # never a misleading zero: unknown gradients are None
        assert all(st.grads[n] is None for n in set(st.grads) - set(order[:i]))
    # the inputs never get a gradient: x and y are held fixed
    final = t.state(t.n_steps)
    assert final.grads["x"] is None and final.grads["y"] is None


def test_chain_reuse_counts():
    t = bt.ChainNetwork().trace
    assert t.grad_reuse("p1") == 2  # dJ/dp1 feeds dJ/dw1 and dJ/dx1
    for name in ("J", "y_hat", "x1", "p0"):
        assert t.grad_reuse(name) == 1
    assert t.grad_reuse("w0") == t.grad_reuse("w1") == 0


# -- parameters, descent -----------------------------------------------------------------------


def test_changing_a_parameter_rebuilds_the_graph():
    net = bt.ChainNetwork(w0=0.5)
    before = net.loss
    net.w0 = 2.0
    assert net.trace["w0"].value == 2.0
    assert net.loss != before
    assert net.loss == bt.ChainNetwork(w0=2.0).loss


def test_with_params_copies_and_validates():
    net = bt.ChainNetwork()
    other = net.with_params(w1=3.0)
    assert other.w1 == 3.0 and net.w1 == -1.0
    with pytest.raises(ValueError, match="unknown parameter"):
        net.with_params(w2=1.0)
    with pytest.raises(ValueError, match="w0 must be a finite number"):
        net.with_params(w0=float("nan"))
    with pytest.raises(ValueError, match="x must be a real number"):
        bt.ChainNetwork(x="one")


def test_descend_takes_gradient_steps_and_lowers_the_loss():
    net = bt.ChainNetwork(x=1.0, y=0.9, w0=0.5, w1=-1.0)
    start = net.gradient()
    path = net.descend(0.5, steps=20)
    assert path.shape == (21, 3)
    assert path[0, 0] == 0.5 and path[0, 1] == -1.0
    np.testing.assert_allclose(path[1, :2], [0.5, -1.0] - 0.5 * start, rtol=1e-14)
    assert (np.diff(path[:, 2]) < 0).all()
    assert (net.w0, net.w1) == (path[-1, 0], path[-1, 1])
    assert path[-1, 2] == net.loss
    assert net.descend(0.5, steps=0).shape == (1, 3)


@pytest.mark.parametrize("rate", [0.0, -0.1, float("nan"), float("inf"), None, 1e400, 10**400])
def test_descend_rejects_bad_learning_rates(rate):
    with pytest.raises(ValueError, match="learning_rate"):
        bt.ChainNetwork().descend(rate, 1)


@pytest.mark.parametrize(
    "steps",
    [-1, 10**7, 10**5000, 2.5, float("inf"), float("nan"), "3", None],
    ids=["-1", "1e7", "1e5000", "2.5", "inf", "nan", "text", "None"],
)
def test_descend_steps_are_bounded_and_checked(steps):
    net = bt.ChainNetwork()
    with pytest.raises(ValueError, match="steps"):
        net.descend(1.0, steps)
    assert (net.w0, net.w1) == (0.5, -1.0)  # nothing moved


def test_descend_matches_the_graph_step_by_step():
    net = bt.ChainNetwork(x=0.7, y=0.2, w0=-1.4, w1=0.9, b0=0.3, b1=-0.2, biases=True)
    path = net.with_params().descend(3.0, 5)
    for row, nxt in zip(path[:-1], path[1:], strict=True):
        here = net.with_params(w0=row[0], w1=row[1])
        assert row[2] == pytest.approx(here.loss, rel=1e-13)
        np.testing.assert_allclose(nxt[:2], row[:2] - 3.0 * here.gradient(), rtol=1e-12)


def test_gradient_on_grid_matches_the_graph():
    net = bt.ChainNetwork(x=0.7, y=0.2, w0=-1.4, w1=0.9)
    W0, W1 = np.meshgrid([-1.4, 0.0, 2.0], [0.9, -3.0])
    G0, G1 = net.gradient_on_grid(W0, W1)
    for i in range(2):
        for j in range(3):
            g = net.with_params(w0=W0[i, j], w1=W1[i, j]).gradient()
            assert G0[i, j] == pytest.approx(g[0], rel=1e-12, abs=1e-300)
            assert G1[i, j] == pytest.approx(g[1], rel=1e-12, abs=1e-300)
