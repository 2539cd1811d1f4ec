"""TrainingModel (notebook 2, section 4): training, chunks, the protocol, refusals, and
every claim the section makes, reproduced on the model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.training import model as tm
from backprop_tutorial.apps.training.model import TrainingModel, parse_hidden


def state(t: TrainingModel):
    """Everything a rejected change must leave as it was."""
    return (
        t.params(),
        t.generation,
        t.epoch,
        list(t.losses),
        t.net.get_params().tolist(),
        t.X.tolist(),
        t.initial.get_params().tolist(),
    )


# -- training, reset, chunks ----------------------------------------------------------------


def test_training_halves_the_loss_and_reset_restores_the_same_start():
    t = TrainingModel("moons", "8, 8", "tanh", 0.5, seed=4)
    theta0 = t.net.get_params()
    t.train(200)
    assert t.epoch == 200 and len(t.losses) == 201 and len(t.thetas) == 201
    assert t.path_epochs[-1] == 200
    assert t.losses[-1] < 0.5 * t.losses[0]
    t.reset()
    assert np.array_equal(t.net.get_params(), theta0) and t.epoch == 0
    t.set(seed=5)
    assert not np.array_equal(t.net.get_params(), theta0)
    t.set(seed=4)
    assert np.array_equal(t.net.get_params(), theta0)


def test_chunks_report_progress_and_stop_between_chunks():
    t = TrainingModel("xor", "4", "relu", 0.3, seed=0)
    assert list(t.chunks(100, chunk=30)) == [(30, 100), (60, 100), (90, 100), (100, 100)]
    assert t.epoch == 100
    gen = t.chunks(100, chunk=10)
    next(gen)
    t.request_stop()
    assert list(gen) == []  # stops before the next chunk
    assert t.epoch == 110 and not t.stop_requested


def test_a_fresh_start_ends_a_run_in_progress():
    t = TrainingModel()
    gen = t.chunks(100, chunk=10)
    next(gen)
    t.set(dataset="xor")  # a new setting between two chunks
    assert list(gen) == [] and t.epoch == 0
    # A learning rate alone does not start afresh: the run goes on.
    gen = t.chunks(30, chunk=10)
    next(gen)
    t.set(learning_rate=0.2)
    assert [d for d, _ in gen] == [20, 30] and t.epoch == 30


def test_train_continues_where_it_stopped():
    a, b = TrainingModel(seed=2), TrainingModel(seed=2)
    a.train(100)
    a.train(50)
    b.train(150)
    np.testing.assert_array_equal(a.net.get_params(), b.net.get_params())
    assert a.losses == b.losses


def test_settings_outputs_and_learning_rate_alone_keeps_the_weights():
    t = TrainingModel("circles", "", "sigmoid", seed=1)
    assert t.sizes == [2, 1] and t.params()["hidden"] == ""
    p = t.probabilities()
    assert p.shape == (t.grid, t.grid) and np.all((p > 0) & (p < 1))
    t.train(10)
    theta = t.net.get_params()
    t.set(learning_rate=2.0)
    assert t.learning_rate == 2.0 and np.array_equal(t.net.get_params(), theta) and t.epoch == 10
    t.set(hidden="3, 2", activation="relu")
    assert t.sizes == [2, 3, 2, 1] and t.net.activation.name == "relu" and t.epoch == 0
    assert t.params()["hidden"] == "3, 2"


def test_divergence_keeps_history_and_weights_consistent():
    t = TrainingModel("spiral", "100, 100", "relu", learning_rate=100.0, seed=0)
    with pytest.raises(ValueError, match="diverged.*lower the learning rate"):
        t.train(200)
    assert len(t.losses) == t.epoch + 1 == len(t.thetas)
    np.testing.assert_array_equal(t.thetas[-1], t.net.get_params())
    assert np.isfinite(t.losses).all() and np.isclose(t.net.loss(t.X, t.Y), t.losses[-1])


def test_the_output_delta_is_y_hat_minus_y():
    # Cross-entropy with a sigmoid output: delta[L-1] = y_hat - y (per example).
    t = TrainingModel()
    cache = t.net.forward_cache(t.X)
    deltas = t.net.backward(cache, t.Y)
    np.testing.assert_allclose(deltas[-1] * len(t.X), cache.y_hat - t.Y, atol=1e-12)


def test_trajectory_is_thinned_not_unbounded(monkeypatch):
    monkeypatch.setattr(tm, "MAX_PATH_FLOATS", 64 * 105)  # 64 points of [2, 8, 8, 1]
    t = TrainingModel()
    t.train(300)
    assert len(t.thetas) <= t.max_path_points == 64
    assert t.path_epochs[0] == 0 and t.path_epochs[-1] == 300
    assert np.all(np.diff(t.path_epochs) > 0)
    np.testing.assert_array_equal(t.thetas[-1], t.net.get_params())


# -- the claims of section 4 ("things to try") ------------------------------------------------


def test_claim_training_from_code_halves_the_loss():
    t = TrainingModel("moons", "8, 8", "tanh", 0.5)
    t.train(300)
    assert t.losses[-1] < 0.5 * t.losses[0]


def test_claim_spiral_needs_the_bigger_network():
    # "the spiral: 8, 8 versus 16, 16, 16, 1000 epochs each"
    small, big = TrainingModel("spiral", "8, 8"), TrainingModel("spiral", "16, 16, 16")
    small.train(1000)
    big.train(1000)
    assert big.accuracy() >= 0.9 > 0.8 > small.accuracy()


def test_claim_learning_rate_too_large_jumps_too_small_crawls():
    runs = {}
    for lr in (0.05, 0.5, 5.0):
        t = TrainingModel(learning_rate=lr)
        t.train(300)
        runs[lr] = np.array(t.losses)
    rises = {lr: int(np.sum(np.diff(L) > 0)) for lr, L in runs.items()}
    assert rises[0.5] == 0 and rises[0.05] == 0
    assert rises[5.0] >= 30  # the loss goes up in many epochs: it jumps around
    assert runs[0.05][-1] > 5 * runs[0.5][-1]  # after 300 epochs still far behind


def test_claim_sigmoid_barely_learns_the_circles_in_300_epochs():
    acc = {}
    for act in ("sigmoid", "tanh", "relu"):
        t = TrainingModel("circles", "8, 8", act)
        t.train(300)
        acc[act] = t.accuracy()
    assert acc["sigmoid"] < 0.7 and acc["tanh"] > 0.95 and acc["relu"] > 0.95


def test_claim_a_new_seed_makes_new_data_and_new_weights():
    t = TrainingModel()
    X, theta = t.X.copy(), t.net.get_params()
    t.set(seed=1)
    assert not np.allclose(t.X, X) and not np.allclose(t.net.get_params(), theta)
    t.set(hidden="8, 8, 8")  # other settings keep the data of this seed
    t2 = TrainingModel(seed=1)
    np.testing.assert_array_equal(t.X, t2.X)


def test_claim_reset_gives_the_same_start_for_a_fair_comparison():
    t = TrainingModel(learning_rate=0.5)
    start = t.net.get_params()
    t.train(50)
    t.set(learning_rate=2.0)
    t.reset()
    np.testing.assert_array_equal(t.net.get_params(), start)


# -- refusals (issue 14) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "change, words",
    [
        ({"noise": -1}, "noise must be a number from 0 to 1, got -1"),
        ({"noise": float("nan")}, "noise"),
        ({"noise": None}, "noise must be a real number, got None"),
        ({"n_points": 1}, "n_points must be an integer from 2"),
        ({"n_points": 10**9}, "n_points must be an integer from 2 to 2,000, got 1,000,000,000"),
        ({"seed": -1}, "seed must be an integer from 0"),
        ({"seed": 2.5}, "seed must be an integer from 0 to 4,294,967,295, got 2.5"),
        ({"seed": np.random.default_rng(0)}, "Generator"),
        ({"seed": 5, "hidden": "0"}, "at least 1 neuron"),
        ({"hidden": "8, x"}, "whole number"),
        ({"hidden": "9" * 5000}, "far too wide for a layer"),
        ({"hidden": 5}, "text like"),
        ({"activation": "identity"}, "activation must be one of 'sigmoid', 'tanh', 'relu'"),
        ({"dataset": "blobs"}, "dataset must be one of .*got 'blobs'"),
        ({"learning_rate": -1}, "learning_rate"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"learning_rate": "fast"}, "learning_rate must be a real number"),
        ({"colour": 1}, "unknown parameter 'colour'"),
    ],
)
def test_a_rejected_change_leaves_the_model_as_it_was(change, words):
    t = TrainingModel(seed=3)
    t.train(20)
    before = state(t)
    with pytest.raises(ValueError, match=words):
        t.set(**change)
    assert state(t) == before
    t.reset()  # and the model still works
    t.train(5)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"learning_rate": -1}, "learning_rate"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"grid": 10**5}, "grid must be an integer from 10 to 200, got 100,000"),
        ({"n_points": 10**9}, "n_points"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_construction_is_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        TrainingModel(**kwargs)


def test_epochs_and_chunks_are_bounded():
    t = TrainingModel()
    with pytest.raises(ValueError, match="epochs must be an integer from 0 to 20,000, got 1,000"):
        t.train(10**9)
    with pytest.raises(ValueError, match="chunk must be an integer from 1"):
        t.chunks(10, 0)
    with pytest.raises(ValueError, match="epochs must be an integer from 1"):
        t.chunks(0)
    with pytest.raises(ValueError, match="epochs"):
        t.train(-1)
    assert t.epoch == 0


def test_parse_hidden():
    assert parse_hidden("8, 8") == [8, 8]
    assert parse_hidden("") == []
    assert parse_hidden((3, np.int64(2))) == [3, 2]
    with pytest.raises(ValueError, match="whole number"):
        parse_hidden("8, a")
    with pytest.raises(ValueError, match="at least 1"):
        parse_hidden([8, 0])
    with pytest.raises(ValueError, match="quickly"):
        parse_hidden("150, 150")


# -- property tests over random and extreme settings --------------------------------------

SETTINGS = st.fixed_dictionaries(
    {},
    optional={
        "dataset": st.sampled_from(["xor", "circles", "moons", "spiral", "blobs", ""]),
        "hidden": st.one_of(
            st.lists(st.integers(-2, 120), max_size=4).map(lambda v: ", ".join(map(str, v))),
            st.text(max_size=8),
        ),
        "activation": st.sampled_from(["sigmoid", "tanh", "relu", "identity", "RELU"]),
        "learning_rate": st.one_of(
            st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0, -1, 1e-9, 999])
        ),
        "seed": st.one_of(st.integers(-5, 2**40), st.floats(allow_nan=True)),
        "n_points": st.one_of(st.integers(-3, 3000), st.just(10**12)),
        "noise": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(None)),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=SETTINGS, epochs=st.integers(0, 30))
def test_any_change_is_applied_whole_or_refused_whole(changes, epochs):
    t = TrainingModel("xor", "4", seed=1, n_points=40)
    t.train(3)
    before = state(t)
    try:
        t.set(**changes)
    except ValueError as exc:
        assert str(exc)  # a message, and nothing changed
        assert state(t) == before
        return
    p = t.params()
    for key, value in changes.items():
        if key != "hidden":
            assert p[key] == value or np.isclose(p[key], value)
    moved = {k for k in changes if p[k] != before[0][k]}
    assert t.epoch == (3 if moved <= {"learning_rate"} else 0)  # a new setting starts afresh
    try:
        t.train(epochs)
    except ValueError as exc:  # a very large learning rate diverges: said, and consistent
        assert "diverged" in str(exc)
    assert len(t.losses) == t.epoch + 1 == len(t.thetas)
    assert t.probabilities().shape == (t.grid, t.grid)
