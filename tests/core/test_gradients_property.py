"""Backprop against central differences on hundreds of random architectures (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
COSTS = ["quadratic", "cross_entropy"]


@st.composite
def problems(draw):
    """A random network (1-4 weight layers, widths 1-5), activation, cost and batch."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    activation = draw(st.sampled_from(ACTIVATIONS))
    cost = draw(st.sampled_from(COSTS))
    batch = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = bt.Network(sizes, activation, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0.0, 0.5, n) for n in sizes[1:]])
    X = rng.normal(size=(batch, sizes[0]))
    if cost == "cross_entropy" and draw(st.booleans()):
        Y = rng.integers(0, 2, size=(batch, sizes[-1])).astype(float)  # hard labels
    elif cost == "cross_entropy" or net.output_activation.name == "sigmoid":
        Y = rng.uniform(size=(batch, sizes[-1]))
    else:
        Y = rng.normal(size=(batch, sizes[-1]))
    return net, X, Y


def away_from_kinks(net, X) -> bool:
    """ReLU has a kink at 0, where central differences straddle two slopes."""
    cache = net.forward_cache(X)
    return all(
        np.all(np.abs(cache.S[m]) > 1e-3)
        for m in range(net.L)
        if net.activation_of(m).name == "relu"
    )


@settings(max_examples=200, deadline=None)
@given(problems())
def test_backprop_matches_central_differences(problem):
    net, X, Y = problem
    assume(away_from_kinks(net, X))
    # Central differences carry an absolute rounding error of about 1e-16 |J| / eps, so the
    # *relative* error says nothing near a stationary point (or a dead ReLU net, gradient 0).
    # Skip those (about 0.3% of draws); everywhere else the bound has a 7x margin.
    assume(np.linalg.norm(net.flat_gradient(X, Y)) > 1e-2 * max(1.0, net.loss(X, Y)))
    check = bt.check_network(net, X, Y)
    assert check.backprop.shape == (net.n_params,)
    assert check.relative_error < 1e-7, (net, check.relative_error)
    assert check.passed


@settings(max_examples=50, deadline=None)
@given(problems())
def test_flat_vector_round_trip_and_labels(problem):
    net, X, Y = problem
    theta = net.get_params()
    weights, biases = bt.roll(theta, net.sizes)
    np.testing.assert_array_equal(bt.unroll(weights, biases), theta)
    labels = net.param_labels()
    assert len(labels) == len(set(labels)) == net.n_weights + net.n_biases
    dW, db = net.gradients(X, Y)
    flat = net.flat_gradient(X, Y)
    first, last = labels.index("W[0][0,0]"), labels.index(f"b[{net.L - 1}][{net.sizes[-1] - 1}]")
    assert flat[first] == dW[0][0, 0] and flat[last] == db[-1][-1] and last == len(flat) - 1


@settings(max_examples=50, deadline=None)
@given(problems())
def test_loss_is_the_mean_of_per_example_losses(problem):
    net, X, Y = problem
    per_example = [net.loss(X[i : i + 1], Y[i : i + 1]) for i in range(len(X))]
    assert np.isclose(net.loss(X, Y), np.mean(per_example), rtol=1e-13, atol=0)
    # and the gradient is the mean of the per-example gradients
    grads = [net.flat_gradient(X[i : i + 1], Y[i : i + 1]) for i in range(len(X))]
    np.testing.assert_allclose(
        net.flat_gradient(X, Y), np.mean(grads, axis=0), rtol=1e-12, atol=1e-15
    )
