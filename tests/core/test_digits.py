"""The shipped 8×8 digits, one-hot targets, the split, the classifier read-outs, and a
seeded training run that reaches 95 % test accuracy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import backprop_tutorial as bt

ROOT = Path(__file__).resolve().parents[2]
# The seeded run of test_seeded_training_reaches_95_percent (notebook 5 and the benchmark
# use the same recipe): [64, 32, 10], sigmoid hidden layer, alpha = 1, batches of 32.
RECIPE = {"learning_rate": 1.0, "epochs": 30, "batch_size": 32}


def test_load_digits_shapes_ranges_and_label_counts():
    X, labels = bt.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    # The stored values are the data set's integer intensities 0..16, divided by 16.
    np.testing.assert_array_equal(X * 16, np.round(X * 16))
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    # The first image is a 0 (a ring of ink around an empty middle).
    assert labels[0] == 0
    img = X[0].reshape(8, 8)
    assert img[3:5, 3:5].max() < 0.1 and img[1:7, 1:7].max() > 0.9
    # A fresh copy each time: the learner cannot spoil the next call.
    X[:] = -1
    assert bt.load_digits()[0].min() == 0.0


def test_load_digits_opens_no_socket():
    # A fresh interpreter in which creating any socket fails the run, before the package
    # is even imported.
    code = (
        "import socket\n"
        "class NoNetwork(socket.socket):\n"
        "    def __init__(self, *a, **k):\n"
        "        raise SystemExit('a socket was opened')\n"
        "socket.socket = NoNetwork\n"
        "socket.create_connection = lambda *a, **k: NoNetwork()\n"
        "import backprop_tutorial as bt\n"
        "X, y = bt.load_digits()\n"
        "print(X.shape, y.shape)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1797, 64) (1797,)"


def test_the_data_file_states_its_source_and_licence():
    readme = (ROOT / "backprop_tutorial" / "data" / "README.md").read_text(encoding="utf-8")
    for needed in ("Alpaydin", "Kaynak", "CC BY 4.0", "archive.ics.uci.edu", "digits.csv.gz"):
        assert needed in readme
    assert bt.data.digits.DIGITS_FILE.stat().st_size < 60_000


def test_one_hot():
    Y = bt.one_hot([2, 0, 1, 2], 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(bt.one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])


@pytest.mark.parametrize(
    "labels, n, message",
    [
        ([0, 3], 3, "class 3 but n_classes=3"),
        ([0, -1], 3, "must not be negative"),
        ([0.5], 3, "whole numbers: 0.5"),
        ([[0, 1]], 3, "1-D array"),
        ([], 3, "non-empty"),
        (["a"], 3, "class numbers"),
        ([0], 0, "n_classes must be a positive integer"),
    ],
)
def test_one_hot_refuses_bad_labels(labels, n, message):
    with pytest.raises(ValueError, match=message):
        bt.one_hot(labels, n)


def test_train_test_split_is_a_repeatable_partition():
    X, labels = bt.load_digits()
    parts = bt.train_test_split(X, labels, 0.25, rng=np.random.default_rng(0))
    again = bt.train_test_split(X, labels, 0.25, rng=np.random.default_rng(0))
    for a, b in zip(parts, again, strict=True):
        np.testing.assert_array_equal(a, b)
    X_train, X_test, y_train, y_test = parts
    assert len(X_test) == 449 and len(X_train) == 1348 and len(y_test) == 449
    # Every image lands in exactly one part, still next to its own label.
    key = {row.tobytes(): y for row, y in zip(X, labels, strict=True)}
    assert sorted(map(len, (X_train, X_test))) == [449, 1348]
    assert all(key[row.tobytes()] == y for row, y in zip(X_test, y_test, strict=True))
    rows = {r.tobytes() for r in X_train} | {r.tobytes() for r in X_test}
    assert rows == {r.tobytes() for r in X}
    other = bt.train_test_split(X, labels, 0.25, rng=np.random.default_rng(1))
    assert not np.array_equal(other[3], y_test)


@pytest.mark.parametrize(
    "args, message",
    [
        ((np.zeros((4, 2)), np.zeros(3), 0.5), "one row per example"),
        ((np.zeros((1, 2)), np.zeros(1), 0.5), "at least 2 examples"),
        ((np.zeros((4, 2)), np.zeros(4), 0.0), "strictly between 0 and 1"),
        ((np.zeros((4, 2)), np.zeros(4), 1.0), "strictly between 0 and 1"),
    ],
)
def test_train_test_split_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        bt.train_test_split(*args, rng=np.random.default_rng(0))


def test_confusion_matrix_and_accuracy():
    C = bt.confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
    with pytest.raises(ValueError, match="predicted has 1"):
        bt.confusion_matrix([0, 1], [0], 2)
    rng = np.random.default_rng(0)
    net = bt.Network([3, 4], cost="softmax_cross_entropy", rng=rng)
    X, labels = rng.normal(size=(20, 3)), rng.integers(0, 4, 20)
    C = bt.confusion_matrix(labels, bt.predict(net, X), 4)
    assert C.sum() == 20
    assert bt.accuracy(net, X, labels) == pytest.approx(np.trace(C) / 20)
    with pytest.raises(ValueError, match="class 4 but n_classes=4"):
        bt.accuracy(net, X, labels + 1)


def train_digits(seed: int = 0):
    rng = np.random.default_rng(seed)
    X, labels = bt.load_digits()
    X_train, X_test, y_train, y_test = bt.train_test_split(X, labels, 0.25, rng=rng)
    net = bt.Network([64, 32, 10], "sigmoid", "softmax_cross_entropy", rng=rng)
    history = net.train(X_train, bt.one_hot(y_train, 10), rng=rng, **RECIPE)
    return net, history, (X_train, X_test, y_train, y_test)


def test_seeded_training_reaches_95_percent_test_accuracy():
    net, history, (X_train, X_test, y_train, y_test) = train_digits(seed=0)
    assert len(history) == 30 * 43  # 1,348 training images in batches of 32
    assert bt.accuracy(net, X_test, y_test) >= 0.95
    assert bt.accuracy(net, X_train, y_train) >= 0.95
    # The saliency of a test image: one gradient per pixel, finite.
    grad = bt.input_gradient(net, X_test[:1], bt.one_hot(y_test[:1], 10))
    assert grad.shape == (1, 64) and np.all(np.isfinite(grad))
