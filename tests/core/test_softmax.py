"""Softmax outputs with the categorical cross-entropy; mini-batch training; dJ/dx.

The output delta p - y is checked two ways: against central differences of the cost on
random networks (hypothesis), and against the full softmax Jacobian times dJ/dp.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt
from backprop_tutorial.core.costs import SoftmaxCrossEntropy
from backprop_tutorial.core.training import MAX_TRAIN_STEPS

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]


def hidden_sums(net, X) -> list:
    """The weighted sums that feed a hidden activation: S[0] .. S[L-2]."""
    return net.forward_cache(X).S[:-1]


def random_targets(rng, batch, n, one_hot: bool) -> np.ndarray:
    if one_hot:
        return bt.one_hot(rng.integers(0, n, size=batch), n)
    return rng.dirichlet(np.ones(n), size=batch)


def small_problem(seed=0, sizes=(4, 5, 3), batch=6, one_hot=True):
    rng = np.random.default_rng(seed)
    net = bt.Network(list(sizes), "tanh", "softmax_cross_entropy", rng=rng)
    X = rng.normal(size=(batch, sizes[0]))
    return net, X, random_targets(rng, batch, sizes[-1], one_hot)


# -- softmax and log-softmax ------------------------------------------------------------------


def test_softmax_rows_are_probabilities_and_match_the_definition():
    S = np.random.default_rng(1).normal(scale=3, size=(5, 4))
    p = bt.softmax(S)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(p, np.exp(S) / np.exp(S).sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(bt.log_softmax(S), np.log(p), rtol=1e-13)
    # Adding a constant to every sum of a row changes nothing.
    np.testing.assert_allclose(bt.softmax(S + 100.0), p, rtol=1e-13)


def test_extreme_sums_stay_finite_without_warnings():
    S = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, -3.0]])
    Y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    cost = SoftmaxCrossEntropy()
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        p = bt.softmax(S)
        logp = bt.log_softmax(S)
        J = cost.value(S, p, Y)
        delta = cost.delta(S, p, Y, bt.get_activation("softmax"))
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(logp)) and np.isfinite(J)
    np.testing.assert_allclose(p[1], 1 / 3)
    np.testing.assert_allclose(p[2], [0.5, 0.5, 0.0])
    # Row 0 puts all mass on class 0 but the target is class 1: J = 2e4 there.
    np.testing.assert_allclose(J, (2e4 + np.log(3) + np.log(2)) / 3)
    np.testing.assert_allclose(delta, p - Y)


def test_extreme_sums_through_a_network_stay_finite_without_warnings():
    net = bt.Network(
        [2, 3],
        cost="softmax_cross_entropy",
        weights=[np.zeros((3, 2))],
        biases=[np.array([1e4, -1e4, 0.0])],
    )
    X, Y = np.ones((2, 2)), bt.one_hot([1, 0], 3)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        J = net.loss(X, Y)
        dW, db = net.gradients(X, Y)
        p = net.forward(X)
    assert np.isfinite(J) and J == pytest.approx((2e4 + 0.0) / 2)
    assert all(np.all(np.isfinite(g)) for g in dW + db)
    np.testing.assert_allclose(db[0], (p - Y).mean(axis=0))


def test_softmax_jacobian_matches_central_differences():
    S = np.random.default_rng(2).normal(size=(1, 4))
    jac = bt.softmax_jacobian(bt.softmax(S))[0]
    eps = 1e-6
    numeric = np.stack(
        [(bt.softmax(S + eps * e) - bt.softmax(S - eps * e))[0] / (2 * eps) for e in np.eye(4)],
        axis=1,
    )
    np.testing.assert_allclose(jac, numeric, rtol=1e-7, atol=1e-10)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 8), batch=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_p_minus_y_is_the_softmax_jacobian_times_dJ_dp(n, batch, seed):
    rng = np.random.default_rng(seed)
    S = rng.normal(scale=2, size=(batch, n))
    Y = random_targets(rng, batch, n, one_hot=bool(seed % 2))
    p = bt.softmax(S)
    dJ_dp = SoftmaxCrossEntropy().dJ_dy_hat(p, Y)  # -y / p, the chain rule's other factor
    chained = np.einsum("bkj,bk->bj", bt.softmax_jacobian(p), dJ_dp)  # (dp/dS)^T dJ/dp
    np.testing.assert_allclose(chained, p - Y, rtol=1e-10, atol=1e-12)


def test_value_is_minus_sum_y_log_p():
    net, X, Y = small_problem(one_hot=False)
    p = net.forward(X)
    assert net.loss(X, Y) == pytest.approx(-np.mean(np.sum(Y * np.log(p), axis=1)), rel=1e-13)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


# -- gradients against central differences -----------------------------------------------------


@st.composite
def problems(draw):
    """A random softmax network (1-4 weight layers, widths 1-5, >= 2 classes) and batch."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    sizes.append(draw(st.integers(2, 5)))
    activation = draw(st.sampled_from(HIDDEN))
    batch = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = bt.Network(sizes, activation, "softmax_cross_entropy", rng=rng)
    net.set_parameters(net.weights, [rng.normal(0.0, 0.5, n) for n in sizes[1:]])
    X = rng.normal(size=(batch, sizes[0]))
    return net, X, random_targets(rng, batch, sizes[-1], one_hot=draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(problems())
def test_softmax_backprop_matches_central_differences(problem):
    net, X, Y = problem
    # ReLU's kink at 0: central differences straddle two slopes there.
    if net.activation.name == "relu":
        assume(all(np.all(np.abs(S) > 1e-3) for S in hidden_sums(net, X)))
    # Relative error means nothing at a stationary point (see test_gradients_property).
    assume(np.linalg.norm(net.flat_gradient(X, Y)) > 1e-2 * max(1.0, net.loss(X, Y)))
    check = bt.check_network(net, X, Y)
    assert check.relative_error < 1e-7, (net, check.relative_error)


def test_output_delta_is_p_minus_y_over_the_batch():
    net, X, Y = small_problem()
    cache = net.forward_cache(X)
    deltas = net.backward(cache, Y)
    assert len(deltas) == net.L  # delta[0] .. delta[L-1]
    np.testing.assert_allclose(deltas[net.L - 1], (cache.y_hat - Y) / len(X), rtol=1e-14)


def test_batch_gradient_is_the_mean_of_the_example_gradients():
    net, X, Y = small_problem(batch=5)
    whole = net.flat_gradient(X, Y)
    each = [net.flat_gradient(X[i : i + 1], Y[i : i + 1]) for i in range(len(X))]
    np.testing.assert_allclose(whole, np.mean(each, axis=0), rtol=1e-12, atol=1e-15)
    assert net.loss(X, Y) == pytest.approx(
        np.mean([net.loss(X[i : i + 1], Y[i : i + 1]) for i in range(5)]), rel=1e-13
    )


def test_batched_loss_knows_the_softmax_cost():
    net, X, Y = small_problem()
    rng = np.random.default_rng(3)
    thetas = net.get_params() + rng.normal(scale=0.1, size=(4, net.n_params))
    expected = [net.loss_at(t, X, Y) for t in thetas]
    np.testing.assert_allclose(bt.batched_loss(net, thetas, X, Y), expected, rtol=1e-12)


def test_input_gradient_matches_central_differences():
    net, X, Y = small_problem(batch=3)
    grad = bt.input_gradient(net, X, Y)
    assert grad.shape == X.shape
    numeric = bt.numerical_gradient(lambda x: net.loss(x.reshape(X.shape), Y), X.ravel())
    assert bt.relative_error(grad.ravel(), numeric) < 1e-7


def test_input_gradient_of_another_cost_too():
    rng = np.random.default_rng(4)
    net = bt.Network([3, 4, 2], "sigmoid", "quadratic", rng=rng)
    X, Y = rng.normal(size=(2, 3)), rng.uniform(size=(2, 2))
    numeric = bt.numerical_gradient(lambda x: net.loss(x.reshape(X.shape), Y), X.ravel())
    assert bt.relative_error(bt.input_gradient(net, X, Y).ravel(), numeric) < 1e-7


# -- configuration and bad targets ----------------------------------------------------------


def test_the_cost_brings_its_softmax_output():
    net = bt.Network([3, 4, 2], cost="softmax_cross_entropy")
    assert net.output_activation.name == "softmax" and net.activation.name == "sigmoid"
    assert "softmax_cross_entropy" in repr(net)
    twin = net.copy()
    assert twin.output_activation.name == "softmax"
    np.testing.assert_array_equal(twin.forward(np.ones(3)), net.forward(np.ones(3)))


def test_softmax_is_refused_where_it_does_not_belong():
    with pytest.raises(ValueError, match="output layer only.*cost='softmax_cross_entropy'"):
        bt.Network([2, 3, 2], activation="softmax")
    with pytest.raises(ValueError, match="softmax output goes with cost='softmax_cross_entropy'"):
        bt.Network([2, 2], cost="quadratic", output_activation="softmax")
    with pytest.raises(ValueError, match="needs a sigmoid output"):
        bt.Network([2, 2], cost="cross_entropy", output_activation="softmax")
    with pytest.raises(ValueError, match="needs a softmax output.*output_activation='softmax'"):
        bt.Network([2, 2], cost="softmax_cross_entropy", output_activation="sigmoid")
    with pytest.raises(ValueError, match="not elementwise"):
        bt.get_activation("softmax").df(np.zeros(2))


def test_to_graph_refuses_softmax_and_names_an_alternative():
    net, X, Y = small_problem(batch=1)
    with pytest.raises(ValueError, match="net.gradients.*cost='cross_entropy'"):
        bt.network_graph(net, X, Y)


@pytest.mark.parametrize(
    "Y, message",
    [
        (np.array([[0.5, 0.6, 0.0]]), r"sum to 1.*row 0 sums to 1\.1.*bt\.one_hot"),
        (np.array([[1.5, -0.5, 0.0]]), r"must not be negative.*row 0"),
        (np.array([[0.0, 0.0, 0.0]]), r"row 0 sums to 0"),
        (np.array([[1.0, 0.0]]), r"shape \(1, 2\).*\(batch, 3\)"),
        (np.array([[2.0]]), r"\(batch, 3\)"),
    ],
)
def test_bad_targets_are_refused_everywhere(Y, message):
    net, X, _ = small_problem(batch=1)
    before = net.get_params()
    for call in (net.loss, net.gradients, net.train, lambda X, Y: bt.check_network(net, X, Y)):
        with pytest.raises(ValueError, match=message):
            call(X, Y)
    with pytest.raises(ValueError, match=message):
        net.train(X, Y, batch_size=1)
    np.testing.assert_array_equal(net.get_params(), before)


def test_targets_that_sum_to_1_up_to_rounding_are_accepted():
    net, X, _ = small_problem(batch=1)
    assert np.isfinite(net.loss(X, [[0.1, 0.2, 0.7 + 1e-9]]))


# -- mini-batch training -------------------------------------------------------------------------


def test_full_batch_training_is_unchanged():
    net, X, Y = small_problem()
    calls = []
    history = net.copy().train(X, Y, 0.5, 4, callback=lambda e, J: calls.append((e, J)))
    assert len(history) == 5 and [e for e, _ in calls] == [0, 1, 2, 3, 4]
    assert history == [J for _, J in calls]


def test_minibatch_training_is_repeatable_and_reports_each_step():
    net, X, Y = small_problem(batch=7)
    runs = []
    for _ in range(2):
        work, calls = net.copy(), []
        history = work.train(
            X,
            Y,
            0.5,
            3,
            batch_size=3,
            rng=np.random.default_rng(5),
            callback=lambda e, b, J, calls=calls: calls.append((e, b, J)),
        )
        runs.append((work.get_params(), history, calls))
    (p1, h1, c1), (p2, h2, c2) = runs
    np.testing.assert_array_equal(p1, p2)
    assert h1 == h2 and len(h1) == 3 * 3  # 7 examples in batches of 3: 3 + 3 + 1
    assert [(e, b) for e, b, _ in c1] == [(e, b) for e in range(3) for b in range(3)]
    assert [J for *_, J in c1] == h1 and h1[-1] < h1[0]
    # Another shuffle, another path.
    other = net.copy()
    other.train(X, Y, 0.5, 3, batch_size=3, rng=np.random.default_rng(6))
    assert not np.array_equal(other.get_params(), p1)


def test_each_step_uses_the_gradient_of_its_own_batch():
    net, X, Y = small_problem(batch=4)
    rng = np.random.default_rng(7)
    order = np.random.default_rng(7).permutation(4)
    expected = net.copy()
    for rows in (order[:2], order[2:]):
        dW, db = expected.gradients(X[rows], Y[rows])
        expected.set_parameters(
            [W - 0.3 * g for W, g in zip(expected.weights, dW, strict=True)],
            [b - 0.3 * g for b, g in zip(expected.biases, db, strict=True)],
        )
    net.train(X, Y, 0.3, 1, batch_size=2, rng=rng)
    np.testing.assert_allclose(net.get_params(), expected.get_params(), rtol=1e-13)


def test_one_batch_of_everything_is_full_batch_descent():
    net, X, Y = small_problem(batch=5)
    full, mini = net.copy(), net.copy()
    full.train(X, Y, 0.4, 6)
    mini.train(X, Y, 0.4, 6, batch_size=100, rng=np.random.default_rng(0))
    np.testing.assert_allclose(mini.get_params(), full.get_params(), rtol=1e-12, atol=1e-14)


def test_minibatch_callback_can_stop_and_every_thins_the_calls():
    net, X, Y = small_problem(batch=6)
    calls = []
    history = net.train(
        X,
        Y,
        0.1,
        10,
        batch_size=2,
        every=4,
        rng=np.random.default_rng(0),
        callback=lambda e, b, J: calls.append((e, b)) or len(calls) < 3,
    )
    # Steps 4, 8, 12 report; the third call says stop, after 12 steps.
    assert calls == [(1, 0), (2, 1), (3, 2)] and len(history) == 12
    calls.clear()
    net.train(X, Y, 0.1, 2, batch_size=4, every=100, callback=lambda *a: calls.append(a[:2]))
    assert calls == [(1, 1)]  # only the last step


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, True, "8"])
def test_bad_batch_sizes_are_refused(batch_size):
    net, X, Y = small_problem()
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        net.train(X, Y, batch_size=batch_size)


def test_absurdly_many_steps_are_refused_before_any_work():
    net, X, Y = small_problem(batch=6)
    before = net.get_params()
    with pytest.raises(ValueError, match=r"steps is more than MAX_TRAIN_STEPS.*larger batch_size"):
        net.train(X, Y, epochs=MAX_TRAIN_STEPS // 6 + 1, batch_size=1)
    np.testing.assert_array_equal(net.get_params(), before)


def test_minibatch_divergence_keeps_the_last_finite_parameters():
    rng = np.random.default_rng(0)
    net = bt.Network([4, 5, 3], "relu", "softmax_cross_entropy", rng=rng)
    X, Y = rng.normal(size=(6, 4)), bt.one_hot(rng.integers(0, 3, 6), 3)
    before = net.get_params()
    with pytest.raises(ValueError, match="diverged at epoch 0, batch 1 .*lower the learning rate"):
        net.train(X, Y, 1e200, 5, batch_size=2, rng=np.random.default_rng(0))
    # Batch 0 had a finite loss and batch 1 did not: back to the parameters batch 0 saw.
    np.testing.assert_array_equal(net.get_params(), before)
