"""Forward mode: on the scalar graph (steps, replay) and on Network (jvp, full gradient)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
COSTS = ["quadratic", "cross_entropy"]


def five_point_gradient(f, theta, h=1e-3):
    """Fourth-order central differences: error ~h^4 f^(5), rounding ~1e-16/h.

    Plain central differences (error ~h^2) cannot reach the 1e-9 this file asks for in
    float64; this stencil does, with a margin of about 70 on these problems.
    """
    grad = np.empty_like(theta)
    for i in range(theta.size):

        def at(d, i=i):
            t = theta.copy()
            t[i] += d
            return f(t)

        grad[i] = (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h)
    return grad


# -- the scalar graph -----------------------------------------------------------------


@pytest.mark.parametrize("biases", [False, True])
def test_chain_forward_mode_gives_each_weight_gradient_in_its_own_pass(biases):
    chain = bt.ChainNetwork(x=0.8, y=0.2, w0=1.3, w1=-0.7, b0=0.1, b1=-0.3, biases=biases)
    t = chain.trace
    params = ["w0", "w1"] + (["b0", "b1"] if biases else [])
    for p in params:
        fm = bt.forward_mode(t, p)
        assert fm.derivative == pytest.approx(t.grad(p), rel=1e-14, abs=1e-16)
        assert fm.seed == p


def test_every_tangent_step_is_local_times_parent_tangent_with_backward_locals():
    t = bt.ChainNetwork().trace
    fm = bt.forward_mode(t, "w0")
    assert fm.n_steps == 1 + len(t.forward_steps)
    assert fm.steps[0].is_seed and fm.steps[0].node.name == "w0"
    backward_locals = {(s.child.name, s.slot): s.local for s in t.backward_steps if s.child}
    seen = {"w0": 1.0, "w1": 0.0, "x": 0.0, "y": 0.0}
    for step in fm.steps[1:]:
        assert step.node is t[step.node.name]
        total = 0.0
        for term in step.terms:
            # The same local derivative as the backward pass's step along that edge.
            assert term.local == backward_locals[(step.node.name, term.slot)]
            assert term.parent_tangent == seen[term.parent.name]
            total += term.local * term.parent_tangent
        assert step.tangent == total
        seen[step.node.name] = step.tangent
    assert seen["J"] == fm.derivative


def test_a_forward_mode_pass_multiplies_as_often_as_the_backward_pass():
    t = bt.ChainNetwork().trace
    backward_products = len(t.backward_steps) - 1  # minus the seed dJ/dJ = 1
    for p in ("w0", "w1"):
        assert bt.forward_mode(t, p).multiplications == backward_products == 6


def test_replay_shows_dash_until_computed():
    t = bt.ChainNetwork().trace
    fm = bt.forward_mode(t, "w1")
    s0 = fm.state(0)
    assert s0.phase == "start" and s0.step is None
    assert all(v is None for v in s0.tangents.values())
    assert s0.values["x"] == 1.0 and s0.values["p0"] is None
    s1 = fm.state(1)
    assert s1.tangents["w1"] == 1.0 and s1.tangents["w0"] == 0.0 and s1.tangents["x"] == 0.0
    assert s1.tangents["p0"] is None
    s2 = fm.state(2)
    assert s2.active == "p0" and s2.values["p0"] == t["p0"].value and s2.tangents["p0"] == 0.0
    done = fm.state(fm.n_steps)
    assert done.phase == "done"
    assert done.tangents["J"] == pytest.approx(t.grad("w1"), rel=1e-14)
    with pytest.raises(ValueError, match="out of range"):
        fm.state(fm.n_steps + 1)


def test_step_text_in_numbers():
    fm = bt.forward_mode(bt.ChainNetwork().trace, "w0")
    p1 = fm.steps[3]
    assert p1.node.name == "p1"
    assert p1.rule() == "dp1/dw0 = x1 · dw1/dw0 + w1 · dx1/dw0"
    assert p1.numbers().endswith(f"= {p1.tangent:.3g}")
    assert "seed" in fm.steps[0].describe()
    assert fm.steps[-1].rule() == "dJ/dw0 = (y_hat − y) · dy_hat/dw0"


def test_fan_out_adds_both_uses():
    t = bt.fan_out_example("square", 3.0)
    assert bt.forward_mode(t, "x").derivative == 6.0
    t = bt.fan_out_example("shared_weight", 1.5)
    assert bt.forward_mode(t, "w").derivative == pytest.approx(2.0 - 0.5)


def test_forward_mode_on_a_network_graph_matches_backprop():
    rng = np.random.default_rng(3)
    net = bt.Network([2, 2, 1], "tanh", rng=rng)
    x, y = rng.normal(size=(1, 2)), rng.normal(size=(1, 1))
    t = bt.network_graph(net, x, y)
    for name in bt.core.tangents.parameters(t):
        assert bt.forward_mode(t, name).derivative == pytest.approx(
            t.grad(name), rel=1e-12, abs=1e-15
        )


def test_seed_must_be_a_parameter():
    t = bt.ChainNetwork().trace
    with pytest.raises(ValueError, match="not a parameter.*'w0', 'w1'"):
        bt.forward_mode(t, "x")
    with pytest.raises(ValueError, match="not a parameter"):
        bt.forward_mode(t, "p0")


# -- Network ----------------------------------------------------------------------------


@st.composite
def problems(draw):
    """A random network (1-4 weight layers, widths 1-5), activation, cost and batch."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    activation = draw(st.sampled_from(ACTIVATIONS))
    cost = draw(st.sampled_from(COSTS))
    batch = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = bt.Network(sizes, activation, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0.0, 0.5, n) for n in sizes[1:]])
    X = rng.normal(size=(batch, sizes[0]))
    if cost == "cross_entropy" or net.output_activation.name == "sigmoid":
        Y = rng.uniform(size=(batch, sizes[-1]))
    else:
        Y = rng.normal(size=(batch, sizes[-1]))
    return net, X, Y, rng


def _pre_activations(net, X):
    a, out = X, []
    for l, W in enumerate(net.weights):
        S = a @ W.T + net.biases[l]
        out.append(S)
        a = (net.output_activation if l == net.L - 1 else net.activation).f(S)
    return out


@settings(max_examples=120, deadline=None)
@given(problems())
def test_forward_mode_gradients_equal_backprop_and_finite_differences(problem):
    net, X, Y, _ = problem
    result = bt.forward_mode_gradients(net, X, Y)
    dW, db = result
    assert [d.shape for d in dW] == [W.shape for W in net.weights]
    assert [d.shape for d in db] == [b.shape for b in net.biases]
    flat = bt.unroll(dW, db)
    backprop = net.flat_gradient(X, Y)
    assert bt.relative_error(flat, backprop) < 1e-9 or np.linalg.norm(backprop) < 1e-300
    assert result.passes == net.n_params
    assert result.multiplications == bt.forward_mode_multiplications(net.sizes, len(X), net.cost)
    # Finite differences: skip ReLU kinks (the stencil straddles them) and stationary points,
    # where a relative error measures rounding only.
    relu = net.activation.name == "relu" or net.output_activation.name == "relu"
    assume(not relu or all(np.all(np.abs(S) > 0.01) for S in _pre_activations(net, X)))
    assume(np.linalg.norm(backprop) > 1e-2 * max(1.0, net.loss(X, Y)))
    numeric = five_point_gradient(lambda t: net.loss_at(t, X, Y), net.get_params())
    assert bt.relative_error(flat, numeric) < 1e-9


@settings(max_examples=120, deadline=None)
@given(problems())
def test_jvp_is_the_gradient_dotted_with_the_direction(problem):
    net, X, Y, rng = problem
    dW = [rng.normal(size=W.shape) for W in net.weights]
    db = [rng.normal(size=b.shape) for b in net.biases]
    expected = float(bt.unroll(dW, db) @ net.flat_gradient(X, Y))
    got = bt.jvp(net, X, Y, dW, db)
    scale = np.linalg.norm(bt.unroll(dW, db)) * np.linalg.norm(net.flat_gradient(X, Y))
    assert abs(got - expected) <= 1e-12 * max(scale, 1e-300)


def test_jvp_needs_no_backward_pass(monkeypatch):
    rng = np.random.default_rng(0)
    net = bt.Network([3, 4, 2], "sigmoid", rng=rng)
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    dW = [np.ones_like(W) for W in net.weights]
    db = [np.ones_like(b) for b in net.biases]
    expected = bt.jvp(net, X, Y, dW, db)

    def refuse(*args, **kwargs):
        raise AssertionError("forward mode must not run a backward pass")

    for name in ("backward", "gradients", "_backward", "weight_gradients", "flat_gradient"):
        monkeypatch.setattr(net, name, refuse)
    assert bt.jvp(net, X, Y, dW, db) == expected
    bt.forward_mode_gradients(net, X, Y)


def test_jvp_counts_match_the_closed_form():
    for sizes in ([1, 1], [3, 4, 2], [2, 5, 5, 3, 1], [4, 1, 4]):
        for cost in COSTS:
            net = bt.Network(sizes, "sigmoid", cost, rng=np.random.default_rng(1))
            X = np.random.default_rng(2).normal(size=(3, sizes[0]))
            Y = np.full((3, sizes[-1]), 0.5)
            r = bt.forward_mode_gradients(net, X, Y)
            per_pass = bt.jvp_multiplications(sizes, 3, cost)
            assert r.multiplications == net.n_params * per_pass
            assert bt.gradient_passes(sizes) == {"forward": net.n_params, "reverse": 1}


def test_jvp_per_pass_count_by_hand():
    # sizes [2, 3, 1], quadratic, one example:
    # values 6 + 3, dW a 6 + 3, W da (layer 1 only) 3, f' * dS hidden 3, delta 1, dot 1.
    assert bt.jvp_multiplications([2, 3, 1]) == 9 + 9 + 3 + 3 + 1 + 1
    assert bt.jvp_multiplications([2, 3, 1], cost="cross_entropy") == 25
    assert bt.jvp_multiplications([2, 3, 1], batch=4) == 4 * 26


def test_forward_mode_costs_about_n_plus_m_times_reverse_mode():
    # One forward-mode pass multiplies about as often as one forward plus one backward
    # pass, so the whole gradient costs about (n + m) times more by forward mode.
    for width in (1, 2, 4, 8, 16, 64):
        sizes = [width, width, width, 1]
        ratio = bt.forward_mode_multiplications(sizes) / bt.reverse_mode_multiplications(sizes)
        n_params = bt.gradient_passes(sizes)["forward"]
        assert n_params <= ratio <= 1.1 * n_params


@pytest.mark.parametrize(
    ("dW", "db", "match"),
    [
        ([np.zeros((3, 2))], [np.zeros(3)], "need 2 arrays"),
        ([np.zeros((2, 2)), np.zeros((1, 3))], [np.zeros(3), np.zeros(1)], r"dW\[0\] has shape"),
        ([np.zeros((3, 2)), np.zeros((1, 3))], [np.zeros(3), np.zeros(2)], r"db\[1\] has shape"),
        ([np.full((3, 2), np.nan), np.zeros((1, 3))], [np.zeros(3), np.zeros(1)], "NaN"),
        ([np.zeros((3, 2)), "x"], [np.zeros(3), np.zeros(1)], r"dW\[1\] must be numeric"),
        (5, [np.zeros(3), np.zeros(1)], "lists of arrays"),
    ],
)
def test_bad_directions_are_refused_clearly(dW, db, match):
    net = bt.Network([2, 3, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=match):
        bt.jvp(net, np.zeros((1, 2)), np.zeros((1, 1)), dW, db)
