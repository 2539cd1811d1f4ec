"""The gradient checker: relative error, central differences, network and chain checks."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt


def test_relative_error_definition():
    # |a - b| / max(1e-12, |a| + |b|)
    assert bt.relative_error(1.0, 1.0) == 0.0
    assert bt.relative_error(1.0, 3.0) == pytest.approx(2.0 / 4.0)
    assert bt.relative_error(-1.0, 1.0) == 1.0
    assert bt.relative_error(0.0, 0.0) == 0.0
    assert bt.relative_error(1e-13, 0.0) == pytest.approx(1e-13 / 1e-12)  # the floor
    assert bt.relative_error(2e-3, 1e-3) == pytest.approx(1 / 3)  # scale-free


def test_relative_error_uses_euclidean_norms_for_arrays():
    a, b = np.array([3.0, 0.0]), np.array([0.0, 4.0])
    assert bt.relative_error(a, b) == pytest.approx(5.0 / (3.0 + 4.0))
    assert bt.relative_error(a, b) == bt.relative_error(b, a)
    A = np.arange(6.0).reshape(2, 3)
    assert bt.relative_error(A, A + 1e-9) == pytest.approx(
        np.linalg.norm(np.full(6, 1e-9)) / (np.linalg.norm(A) + np.linalg.norm(A + 1e-9))
    )


def test_numerical_gradient_on_a_known_function():
    def f(t):
        return np.sin(t[0]) * t[1] ** 2 + np.exp(t[2])

    theta = np.array([0.3, -1.2, 0.5])
    exact = [np.cos(0.3) * 1.44, 2 * np.sin(0.3) * -1.2, np.exp(0.5)]
    num = bt.numerical_gradient(f, theta)
    assert bt.relative_error(num, exact) < 1e-9
    np.testing.assert_array_equal(theta, [0.3, -1.2, 0.5])  # left untouched


def test_numerical_gradient_is_exact_for_quadratics_and_counts_2n_calls():
    calls = []

    def f(t):
        calls.append(1)
        return float(t @ t)

    theta = np.array([1.0, -2.0, 0.5, 4.0])
    num = bt.numerical_gradient(f, theta, eps=1e-3)
    np.testing.assert_allclose(num, 2 * theta, rtol=1e-9)
    assert len(calls) == 2 * len(theta)


def test_check_network_passes_for_backprop():
    rng = np.random.default_rng(0)
    net = bt.Network([3, 4, 2], "tanh", "cross_entropy", rng=rng)
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    check = bt.check_network(net, X, Y)
    assert check.passed and check.relative_error < 1e-8
    assert check.labels == net.param_labels()
    assert check.backprop.shape == check.numeric.shape == (net.n_params,)
    assert "agree" in str(check) and f"over {net.n_params} parameters" in str(check)
    # the check works on a copy: the network's parameters are unchanged
    np.testing.assert_array_equal(
        net.get_params(),
        bt.Network([3, 4, 2], "tanh", "cross_entropy", rng=np.random.default_rng(0)).get_params(),
    )


def test_check_network_can_fail(monkeypatch):
    rng = np.random.default_rng(1)
    net = bt.Network([2, 3, 1], rng=rng)
    X, Y = rng.normal(size=(4, 2)), rng.uniform(size=(4, 1))
    right = net.flat_gradient(X, Y)
    # a backward pass that forgot the factor 1/batch
    monkeypatch.setattr(net, "flat_gradient", lambda X, Y: right * len(X))
    check = bt.check_network(net, X, Y)
    assert not check.passed
    assert "DISAGREE" in str(check)


def test_check_chain():
    chain = bt.ChainNetwork(x=0.7, y=0.2, w0=-1.4, w1=0.9)
    check = bt.check_chain(chain)
    assert check.passed and check.labels == ["w0", "w1"]
    np.testing.assert_array_equal(check.backprop, chain.gradient())
    assert (chain.w0, chain.w1) == (-1.4, 0.9)
