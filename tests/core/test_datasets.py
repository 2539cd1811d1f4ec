"""Toy data sets: shapes, balance, reproducibility, and the shape of each class."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt


@pytest.mark.parametrize("name", bt.DATASETS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_shapes_labels_and_balance(name, n):
    X, Y = bt.make_dataset(name, n, rng=np.random.default_rng(0))
    assert X.shape == (n, 2) and Y.shape == (n, 1)
    assert X.dtype == Y.dtype == np.float64
    assert set(np.unique(Y)) <= {0.0, 1.0}
    ones = int(Y.sum())
    assert ones in (n // 2, (n + 1) // 2)  # split evenly (one extra 0 for odd n)
    assert np.all(np.isfinite(X))
    assert np.abs(X).max() < 2.5


@pytest.mark.parametrize("name", bt.DATASETS)
def test_same_seed_same_data_other_seed_other_data(name):
    a = bt.make_dataset(name, 50, rng=np.random.default_rng(42))
    b = bt.make_dataset(name, 50, rng=np.random.default_rng(42))
    c = bt.make_dataset(name, 50, rng=np.random.default_rng(43))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.allclose(a[0], c[0])


def test_library_does_not_touch_the_global_random_state():
    # The legacy global state is read here only to prove the library never uses it.
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    bt.make_dataset("moons", 20, rng=np.random.default_rng(1))
    bt.Network([2, 3, 1], rng=np.random.default_rng(1))
    bt.random_plane(bt.Network([2, 1], rng=np.random.default_rng(1)), np.random.default_rng(2))
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def noiseless(name, n=400):
    X, Y = bt.make_dataset(name, n, noise=0.0, rng=np.random.default_rng(3))
    return X, Y.ravel()


def test_xor_class_one_is_where_the_signs_differ():
    X, y = noiseless("xor")
    np.testing.assert_array_equal(y == 1, X[:, 0] * X[:, 1] < 0)


def test_circles_inner_ring_is_class_one():
    X, y = noiseless("circles")
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 1], 0.5)
    np.testing.assert_allclose(r[y == 0], 1.2)


def test_moons_are_two_interleaved_half_circles():
    X, y = noiseless("moons")
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0] + 0.5, upper[:, 1] + 0.25), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 0.5, lower[:, 1] - 0.25), 1.0)
    assert upper[:, 1].min() >= -0.25 - 1e-12 and lower[:, 1].max() <= 0.25 + 1e-12


def test_spiral_arms_are_half_a_turn_apart():
    X, y = noiseless("spiral")
    r = np.hypot(X[:, 0], X[:, 1]) / 1.3
    angle = np.arctan2(X[:, 1], X[:, 0])
    # angle = 3 pi r + pi * label (mod 2 pi)
    expected = 3 * np.pi * r + np.pi * y
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-9)


def test_noise_is_gaussian_jitter_of_the_given_size():
    clean, _ = bt.make_dataset("circles", 4000, noise=0.0, rng=np.random.default_rng(9))
    noisy, _ = bt.make_dataset("circles", 4000, noise=0.2, rng=np.random.default_rng(9))
    # same underlying points (same draws), jitter added on top
    assert abs(np.std(noisy - clean) - 0.2) < 0.2 * 0.1
