"""The vectorised network: shapes, formulas, deltas, the scalar graph, flat vector, training."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt
from backprop_tutorial.core.activations import ACTIVATIONS


def random_net(sizes, activation="sigmoid", cost="quadratic", seed=0):
    rng = np.random.default_rng(seed)
    net = bt.Network(sizes, activation, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0, 0.5, n) for n in sizes[1:]])
    X = rng.normal(size=(3, sizes[0]))
    Y = rng.uniform(size=(3, sizes[-1]))
    return net, X, Y


@pytest.mark.parametrize("act", list(ACTIVATIONS))
def test_activation_derivatives_match_central_differences(act):
    f = ACTIVATIONS[act]
    s = np.array([-3.0, -0.7, -0.01, 0.02, 0.5, 2.5])  # away from relu's kink
    eps = 1e-6
    numeric = (f.f(s + eps) - f.f(s - eps)) / (2 * eps)
    np.testing.assert_allclose(f.df(s), numeric, rtol=1e-8, atol=1e-10)
    assert isinstance(f.f(0.3), float) and isinstance(f.df(0.3), float)


def test_activation_values():
    s = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(bt.sigmoid(s), 1 / (1 + np.exp(-s)), rtol=1e-15)
    np.testing.assert_allclose(ACTIVATIONS["tanh"].f(s), np.tanh(s))
    np.testing.assert_array_equal(ACTIVATIONS["relu"].f(s), np.maximum(s, 0))
    np.testing.assert_array_equal(ACTIVATIONS["relu"].df(np.array([-1.0, 0.0, 1.0])), [0, 0, 1])
    np.testing.assert_array_equal(ACTIVATIONS["identity"].f(s), s)


def test_public_contract_from_the_issue():
    net = bt.Network(
        [3, 4, 2], activation="sigmoid", cost="quadratic", rng=np.random.default_rng(0)
    )
    assert [W.shape for W in net.weights] == [(4, 3), (2, 4)]
    assert [b.shape for b in net.biases] == [(4,), (2,)]
    X = np.ones((5, 3))
    assert net.forward(X).shape == (5, 2)
    assert isinstance(net.loss(X, np.zeros((5, 2))), float)
    dW, db = net.gradients(X, np.zeros((5, 2)))
    assert [d.shape for d in dW] == [(4, 3), (2, 4)]
    assert [d.shape for d in db] == [(4,), (2,)]
    assert bt.count_paths([3, 4, 2]) == 24


def test_structure_counts():
    net = bt.Network([2, 3, 3, 1], rng=np.random.default_rng(0))
    assert net.L == 3
    assert net.n_weights == 6 + 9 + 3
    assert net.n_biases == 7
    assert net.n_params == 25 == len(net.get_params()) == len(net.param_labels())


def test_same_rng_seed_gives_same_weights():
    a = bt.Network([2, 3, 1], rng=np.random.default_rng(7))
    b = bt.Network([2, 3, 1], rng=np.random.default_rng(7))
    c = bt.Network([2, 3, 1], rng=np.random.default_rng(8))
    np.testing.assert_array_equal(a.get_params(), b.get_params())
    assert not np.array_equal(a.get_params(), c.get_params())


@pytest.mark.parametrize("act", list(ACTIVATIONS))
def test_forward_matches_a_plain_numpy_forward_pass(act):
    net, X, _ = random_net([3, 4, 2], act)
    f = ACTIVATIONS[act].f
    a1 = f(X @ net.weights[0].T + net.biases[0])
    a2 = f(a1 @ net.weights[1].T + net.biases[1])
    np.testing.assert_allclose(net.forward(X), a2, rtol=1e-15)
    cache = net.forward_cache(X)
    # No padding: S has L entries, a has L + 1 (a[0] = X); S[l] = W[l] a[l] + b[l].
    assert len(cache.S) == net.L and len(cache.a) == net.L + 1
    np.testing.assert_array_equal(cache.a[0], X)
    np.testing.assert_allclose(cache.a[1], a1, rtol=1e-15)
    np.testing.assert_allclose(cache.S[0], X @ net.weights[0].T + net.biases[0], rtol=1e-15)
    np.testing.assert_allclose(cache.S[1], a1 @ net.weights[1].T + net.biases[1], rtol=1e-15)


def test_quadratic_loss_is_half_the_summed_squares_averaged_over_the_batch():
    net, X, Y = random_net([2, 3, 2])
    y_hat = net.forward(X)
    expected = np.mean([0.5 * sum((y_hat[i] - Y[i]) ** 2) for i in range(len(X))])
    assert net.loss(X, Y) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_is_the_textbook_formula_averaged_over_the_batch():
    net, X, Y = random_net([2, 3, 2], cost="cross_entropy")
    assert net.output_activation.name == "sigmoid"
    p = net.forward(X)
    per_example = -np.sum(Y * np.log(p) + (1 - Y) * np.log(1 - p), axis=1)
    assert net.loss(X, Y) == pytest.approx(per_example.mean(), rel=1e-12)


def test_output_activation_defaults():
    assert bt.Network([2, 1], "tanh").output_activation.name == "tanh"
    assert bt.Network([2, 1], "relu", "cross_entropy").output_activation.name == "sigmoid"
    assert (
        bt.Network([2, 2, 1], "relu", output_activation="identity").activation_of(1).name
        == "identity"
    )


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("act", list(ACTIVATIONS))
def test_deltas_follow_the_backprop_equations(act, cost):
    net, X, Y = random_net([3, 4, 3, 2], act, cost, seed=3)
    cache = net.forward_cache(X)
    deltas = net.backward(cache, Y)
    assert len(deltas) == net.L == 3
    B = len(X)
    if cost == "quadratic":
        dL = (cache.a[3] - Y) * net.activation_of(2).df(cache.S[2]) / B
    else:
        dL = (cache.a[3] - Y) / B  # sigmoid' cancels against the cross-entropy
    np.testing.assert_allclose(deltas[2], dL, rtol=1e-14)  # the output delta, delta[L-1]
    for k in (1, 0):
        # delta[k] = (W[k+1]^T delta[k+1]) * f'(S[k]), in row form
        expected = (deltas[k + 1] @ net.weights[k + 1]) * ACTIVATIONS[act].df(cache.S[k])
        np.testing.assert_allclose(deltas[k], expected, rtol=1e-14)
    dW, db = net.gradients(X, Y)
    for k in (0, 1, 2):
        # dJ/dW[k] = sum over the batch of delta[k] a[k]^T
        outer = sum(np.outer(deltas[k][i], cache.a[k][i]) for i in range(B))
        np.testing.assert_allclose(dW[k], outer, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(db[k], deltas[k].sum(axis=0), rtol=1e-14)


# -- the scalar graph agrees with the vectorised network ------------------------------------


def graph_gradients(net, t):
    """dJ/dW[m] and dJ/db[m] read off the scalar graph's nodes, m = 0..L-1."""
    sizes = net.sizes
    dW = [
        np.array(
            [[t.grad(f"W[{m}][{j},{k}]") for k in range(sizes[m])] for j in range(sizes[m + 1])]
        )
        for m in range(net.L)
    ]
    db = [np.array([t.grad(f"b[{m}][{j}]") for j in range(sizes[m + 1])]) for m in range(net.L)]
    return dW, db


@pytest.mark.parametrize("batch", [1, 3])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize(
    ("sizes", "act"),
    [
        ([1, 1], "sigmoid"),
        ([2, 3, 1], "tanh"),
        ([3, 2, 2], "sigmoid"),
        ([2, 2, 3, 2], "relu"),
        ([1, 3, 1], "identity"),
    ],
)
def test_scalar_graph_gives_the_same_loss_and_gradients(sizes, act, cost, batch):
    rng = np.random.default_rng(sum(sizes) + batch)
    net = bt.Network(sizes, act, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0, 0.5, n) for n in sizes[1:]])
    X = rng.normal(size=(batch, sizes[0]))
    Y = rng.uniform(size=(batch, sizes[-1]))
    t = bt.network_graph(net, X, Y)
    assert t.output.name == "J"
    assert t.output.value == pytest.approx(net.loss(X, Y), rel=1e-13)
    gW, gb = graph_gradients(net, t)
    dW, db = net.gradients(X, Y)
    for a, b in zip(gW + gb, dW + db, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=4),
    act=st.sampled_from(list(ACTIVATIONS)),
    cost=st.sampled_from(["quadratic", "cross_entropy"]),
    batch=st.integers(1, 3),
    seed=st.integers(0, 2**32 - 1),
)
def test_scalar_graph_agrees_on_random_networks(sizes, act, cost, batch, seed):
    rng = np.random.default_rng(seed)
    net = bt.Network(sizes, act, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0, 0.5, n) for n in sizes[1:]])
    X, Y = rng.normal(size=(batch, sizes[0])), rng.uniform(size=(batch, sizes[-1]))
    t = bt.network_graph(net, X, Y)
    assert t.output.value == pytest.approx(net.loss(X, Y), rel=1e-12, abs=1e-300)
    gW, gb = graph_gradients(net, t)
    dW, db = net.gradients(X, Y)
    for a, b in zip(gW + gb, dW + db, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-15)


def test_scalar_graph_node_names_and_values():
    net, X, Y = random_net([2, 2, 1])
    t = bt.network_graph(net, X[:1], Y[:1])
    cache = net.forward_cache(X[:1])
    for name in ("x[0]", "x[1]", "W[0][0,1]", "b[1][0]", "W[1][0,1]·a[1][1]", "y[0]", "J"):
        assert name in t
    # The node's name is the expression: t["S[0][1]"] is cache.S[0][:, 1].
    assert t["S[0][1]"].value == pytest.approx(cache.S[0][0, 1], rel=1e-15)
    assert t["S[1][0]"].value == pytest.approx(cache.S[1][0, 0], rel=1e-15)
    assert t["a[1][0]"].value == pytest.approx(cache.a[1][0, 0], rel=1e-15)
    assert t["a[2][0]"].value == pytest.approx(cache.a[2][0, 0], rel=1e-15)
    assert t.grad("W[0][1,0]") == pytest.approx(net.gradients(X[:1], Y[:1])[0][0][1, 0])
    batched = bt.network_graph(net, X, Y)
    assert "S[0][0]@2" in batched and batched.output.op == "mean"


def test_scalar_graph_refuses_huge_networks():
    net = bt.Network([10, 10, 10], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="max_nodes=5000"):
        bt.network_graph(net, np.zeros((50, 10)), np.zeros((50, 10)))


# -- the flat parameter vector ---------------------------------------------------------------


def test_unroll_and_roll_are_inverse():
    net, _, _ = random_net([3, 4, 2])
    theta = net.get_params()
    weights, biases = bt.roll(theta, net.sizes)
    for a, b in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(bt.unroll(weights, biases), theta)


def test_flat_vector_order_weights_row_major_then_biases():
    W = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0]])]
    net = bt.Network([2, 2, 1], weights=W, biases=[np.array([7.0, 8.0]), np.array([9.0])])
    np.testing.assert_array_equal(net.get_params(), np.arange(1.0, 10.0))
    assert net.param_labels() == [
        "W[0][0,0]",
        "W[0][0,1]",
        "W[0][1,0]",
        "W[0][1,1]",
        "W[1][0,0]",
        "W[1][0,1]",
        "b[0][0]",
        "b[0][1]",
        "b[1][0]",
    ]


def test_set_params_round_trip_and_flat_gradient_order():
    net, X, Y = random_net([2, 3, 1])
    theta = net.get_params() + 0.25
    net.set_params(theta)
    np.testing.assert_array_equal(net.get_params(), theta)
    dW, db = net.gradients(X, Y)
    flat = net.flat_gradient(X, Y)
    labels = net.param_labels()
    assert flat[labels.index("W[1][0,2]")] == dW[1][0, 2]
    assert flat[labels.index("b[0][1]")] == db[0][1]
    assert net.loss_at(theta, X, Y) == net.loss(X, Y)


def test_parameters_are_copied_not_shared():
    W = [np.ones((2, 2)), np.ones((1, 2))]
    net = bt.Network([2, 2, 1], weights=W, biases=[np.zeros(2), np.zeros(1)])
    W[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 1.0
    twin = net.copy()
    twin.weights[0][0, 0] = -5.0
    assert net.weights[0][0, 0] == 1.0
    assert repr(twin) == repr(net)


def test_one_example_may_be_a_flat_vector():
    net, X, Y = random_net([3, 2, 2])
    assert net.forward(X[0]).shape == (1, 2)
    assert net.loss(X[0], Y[0]) == pytest.approx(net.loss(X[:1], Y[:1]))
    scalar = bt.Network([1, 2, 1], rng=np.random.default_rng(0))
    assert scalar.forward([0.1, 0.2, 0.3]).shape == (3, 1)  # width 1: a batch of scalars


# -- training ----------------------------------------------------------------------------------


def test_training_on_xor_lowers_the_loss_and_records_history():
    X, Y = bt.make_dataset("xor", 64, noise=0.05, rng=np.random.default_rng(1))
    net = bt.Network([2, 6, 1], "tanh", "cross_entropy", rng=np.random.default_rng(2))
    start = net.loss(X, Y)
    history = net.train(X, Y, learning_rate=1.0, epochs=300)
    assert len(history) == 301
    assert history[0] == pytest.approx(start)
    assert history[-1] == pytest.approx(net.loss(X, Y))
    assert history[-1] < 0.5 * start
    accuracy = np.mean((net.forward(X) > 0.5) == (Y > 0.5))
    assert accuracy > 0.9


def test_one_training_step_is_w_minus_alpha_gradient():
    net, X, Y = random_net([2, 3, 1])
    theta, grad = net.get_params(), net.flat_gradient(X, Y)
    net.train(X, Y, learning_rate=0.3, epochs=1)
    np.testing.assert_allclose(net.get_params(), theta - 0.3 * grad, rtol=1e-14, atol=1e-16)


def test_training_callback_every_and_stop():
    net, X, Y = random_net([2, 3, 1])
    seen = []
    net.train(X, Y, 0.1, epochs=10, every=4, callback=lambda e, loss: seen.append(e))
    assert seen == [0, 4, 8, 10]

    def stop_at_3(epoch, loss):
        return epoch < 3

    history = net.train(X, Y, 0.1, epochs=10, callback=stop_at_3)
    assert len(history) == 4


def test_training_with_zero_epochs_only_measures():
    net, X, Y = random_net([2, 3, 1])
    theta = net.get_params()
    assert net.train(X, Y, 0.1, epochs=0) == [net.loss(X, Y)]
    np.testing.assert_array_equal(net.get_params(), theta)
