"""Notebook 2's models (numpy only): training, landscape slice, gradient meter (the
picture models and the exercise have their own test files)."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tutorial import Network
from backprop_tutorial.models import network as nm


def test_parse_hidden():
    assert nm.parse_hidden("8, 8") == [8, 8]
    assert nm.parse_hidden("") == []
    with pytest.raises(ValueError, match="whole number"):
        nm.parse_hidden("8, a")
    with pytest.raises(ValueError, match="at least 1"):
        nm.parse_hidden([8, 0])
    with pytest.raises(ValueError, match="quickly"):
        nm.parse_hidden("150, 150")


# -- training --------------------------------------------------------------------------------


def test_training_reduces_loss_and_reset_restores_the_same_start():
    t = nm.TrainingModel("moons", "8, 8", "tanh", 0.5, seed=4)
    theta0 = t.net.get_params()
    t.train(200)
    assert t.epoch == 200 and len(t.losses) == 201 and len(t.thetas) == 201
    assert t.losses[-1] < 0.5 * t.losses[0]
    t.reset()
    assert np.array_equal(t.net.get_params(), theta0) and t.epoch == 0
    t.configure(seed=5)
    assert not np.array_equal(t.net.get_params(), theta0)
    t.configure(seed=4)
    assert np.array_equal(t.net.get_params(), theta0)


def test_training_chunks_progress_and_stop():
    t = nm.TrainingModel("xor", "4", "relu", 0.3, seed=0)
    seen = list(t.chunks(100, chunk=30))
    assert seen == [(30, 100), (60, 100), (90, 100), (100, 100)]
    assert t.epoch == 100
    gen = t.chunks(100, chunk=10)
    next(gen)
    t.stop_requested = True
    assert list(gen) == []  # stops before the next chunk
    assert t.epoch == 110 and not t.stop_requested


def test_training_settings_and_outputs():
    t = nm.TrainingModel("circles", "", "sigmoid", seed=1)
    assert t.sizes == [2, 1]
    p = t.probabilities()
    assert p.shape == (t.grid, t.grid) and np.all((p > 0) & (p < 1))
    t.configure(learning_rate=2.0)
    assert t.learning_rate == 2.0
    t.configure(hidden="3, 2", activation="relu")
    assert t.sizes == [2, 3, 2, 1] and t.net.activation.name == "relu"
    for bad in ({"learning_rate": -1}, {"dataset": "blobs"}, {"colour": 1}):
        with pytest.raises(ValueError):
            t.configure(**bad)
    with pytest.raises(ValueError, match="at least 1"):
        list(t.chunks(0))


# -- landscape slice -------------------------------------------------------------------------


def test_slice_centres_on_current_weights_and_projects_the_trajectory():
    t = nm.TrainingModel("moons", "4", "tanh", 0.5, seed=0)
    t.train(50)
    s = nm.SliceModel(
        t, mode="weights", first="W[0][0,0]", second="W[0][1,1]", span=0.5, resolution=11
    )
    w00, w11 = t.net.weights[0][0, 0], t.net.weights[0][1, 1]
    assert np.allclose(s.current, (w00, w11))
    # The trajectory's start is the initial weights' coordinates.
    assert np.allclose(s.path[0], (t.thetas[0][0], t.thetas[0][3]))
    assert np.allclose(s.path[-1], s.current)
    # The centre of the grid is the current loss.
    assert np.isclose(s.surface[5, 5], t.net.loss(t.X, t.Y))
    ext = s.extent
    assert ext[0] <= s.path[:, 0].min() and s.path[:, 0].max() <= ext[1]


def test_slice_random_directions_are_normalised_per_layer():
    t = nm.TrainingModel("xor", "4, 4", "tanh", seed=2)
    s = nm.SliceModel(t, mode="random", resolution=9, seed=3)
    from backprop_tutorial.network import roll

    dw, _ = roll(s.plane.d1, t.sizes)
    for l, W in enumerate(t.net.weights):
        assert np.isclose(np.linalg.norm(dw[l]), np.linalg.norm(W))
    assert s.surface.shape == (9, 9) and np.isclose(s.surface[4, 4], t.losses[-1])
    before = s.plane.d1.copy()
    s.set(seed=4)
    assert not np.allclose(s.plane.d1, before)
    with pytest.raises(ValueError, match="mode"):
        s.set(mode="diagonal")
    with pytest.raises(ValueError, match="span"):
        s.set(mode="random", span=0)


# -- gradient meter ----------------------------------------------------------------------------


def test_meter_sigmoid_vanishes_fastest_and_depth_changes_bars():
    m = nm.GradientMeterModel(depth=10)
    assert set(m.means) == {"sigmoid", "tanh", "relu"}
    assert all(len(v) == 11 for v in m.means.values())
    assert m.ratio("sigmoid") < 1e-4 < m.ratio("tanh")
    # Sigmoid: each layer back multiplies by at most 1/4 times the weights.
    sig = m.means["sigmoid"]
    assert np.all(sig[:-1] < sig[1:])
    m.set_depth(3)
    assert len(m.means["tanh"]) == 4
    with pytest.raises(ValueError, match="between 1 and 30"):
        m.set_depth(0)
    assert "depth 3" in m.summary()


def test_meter_is_the_engines_backward_pass():
    m = nm.GradientMeterModel(depth=2, width=3, activations=("tanh",))
    rng = np.random.default_rng(m.seed)
    X = rng.uniform(-1, 1, size=(m.n_points, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    base = Network(m.sizes, "sigmoid", rng=rng)
    net = Network(
        m.sizes, "tanh", output_activation="sigmoid", weights=base.weights, biases=base.biases
    )
    deltas = net.backward(net.forward_cache(X), Y)
    assert np.isclose(m.means["tanh"][0], np.mean(np.abs(deltas[0])) * len(X))
