"""Notebook 5's models and apps without a browser: the protocol (params/set, atomic
ValueErrors), the claims the notebook's prose makes, and the apps driven like a learner."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.apps.batch_noise.model import BatchNoiseModel
from backprop_tutorial.apps.digit_draw.model import DigitDrawModel
from backprop_tutorial.apps.digits_trainer.model import DigitsTrainerModel
from backprop_tutorial.data.digits_data import DigitsData
from backprop_tutorial.data.drawing import cells_text, prepare_drawing


@pytest.fixture(scope="module")
def data():
    return DigitsData()


@pytest.fixture(scope="module")
def trained(data):
    model = DigitsTrainerModel(data=data)
    model.train()
    return model


# -- the helpers behind the notebook's cells ---------------------------------------------------


def test_per_example_gradients_average_to_the_batch_gradient():
    rng = np.random.default_rng(0)
    net = bt.Network([5, 4, 3], "tanh", "softmax_cross_entropy", rng=rng)
    X, Y = rng.normal(size=(6, 5)), bt.one_hot(rng.integers(0, 3, 6), 3)
    each = bt.per_example_gradients(net, X, Y)
    assert each.shape == (6, net.n_params)
    np.testing.assert_allclose(each[2], net.flat_gradient(X[2:3], Y[2:3]))
    np.testing.assert_allclose(each.mean(axis=0), net.flat_gradient(X, Y), rtol=1e-12)


def test_roughness():
    assert bt.roughness([3.0, 2.0, 1.0, 0.0]) == 0.0  # a straight descent is smooth
    assert bt.roughness([0.0, 1.0, 0.0, 1.0]) == 1.0
    assert bt.roughness([1.0, 2.0]) == 0.0
    with pytest.raises(ValueError, match="1-D curve"):
        bt.roughness(np.zeros((2, 2)))


def test_the_literal_formula_fails_where_the_log_softmax_does_not():
    S, Y = np.array([[1000.0, 0.0, -1000.0]]), bt.one_hot([1], 3)
    assert not np.isfinite(bt.core.costs.naive_softmax_cross_entropy(S, Y))
    assert bt.get_cost("softmax_cross_entropy").value(S, bt.softmax(S), Y) == 1000.0
    S = np.array([[2.0, 1.0, -1.0]])
    assert bt.core.costs.naive_softmax_cross_entropy(S, Y) == pytest.approx(
        bt.get_cost("softmax_cross_entropy").value(S, bt.softmax(S), Y), rel=1e-14
    )


def test_check_input_gradient(trained):
    x = trained.data.X_test[:2]
    check = bt.check_input_gradient(trained.net, x, bt.one_hot(trained.data.y_test[:2], 10))
    assert check.passed and "over 128 inputs" in str(check)


# -- batch size against noise ------------------------------------------------------------------


def test_batch_noise_claims(data):
    runs = {B: BatchNoiseModel(batch_size=B, data=data) for B in (1, 16, 256)}
    assert runs[1].roughness > runs[16].roughness > runs[256].roughness
    assert runs[256].final_loss > runs[16].final_loss
    assert len(runs[16].losses) == 3 * 85 and runs[16].epoch_of_step[-1] < 3
    assert "batch size 16: 85 steps per epoch" in runs[16].summary()


def test_batch_noise_set_is_atomic(data):
    model = BatchNoiseModel(batch_size=8, data=data)
    before = (model.params(), model.losses.copy())
    for bad in (
        {"batch_size": 0},
        {"batch_size": 2.5},
        {"epochs": 9},
        {"learning_rate": -1},
        {"batch_size": 4, "colour": "red"},
    ):
        with pytest.raises(ValueError):
            model.set(**bad)
        assert model.params() == before[0]
        np.testing.assert_array_equal(model.losses, before[1])
    model.set(batch_size=4)
    assert model.params()["batch_size"] == 4 and len(model.losses) == 3 * 337


# -- training on the digits --------------------------------------------------------------------


def test_training_reaches_95_percent_and_reads_out(trained):
    assert trained.test_accuracy >= 0.95 and trained.train_accuracy >= trained.test_accuracy
    h = trained.history
    assert all(len(v) == 31 for v in h.values()) and h["train_loss"][-1] < h["train_loss"][0]
    C = trained.confusion()
    assert C.sum() == len(trained.data.y_test)
    assert np.trace(C) / C.sum() == pytest.approx(trained.test_accuracy)
    wrong = trained.misclassified(5)
    assert len(wrong) == 5 and all(t != p for _, t, p, _ in wrong)
    assert [q for *_, q in wrong] == sorted((q for *_, q in wrong), reverse=True)
    assert trained.first_layer_weights().shape == (32, 8, 8)
    assert "test accuracy" in trained.status() and "[64, 32, 10]" in trained.status()


def test_training_is_repeatable_and_a_narrow_network_stays_below_95(data, trained):
    again = DigitsTrainerModel(data=data)
    again.train()
    np.testing.assert_array_equal(again.net.get_params(), trained.net.get_params())
    narrow = DigitsTrainerModel(hidden=4, data=data)
    narrow.train()
    assert narrow.test_accuracy < 0.95


def test_training_settings_and_stop(data):
    model = DigitsTrainerModel(epochs=5, data=data)
    model.train(2)
    assert model.epoch == 2
    model.set(learning_rate=0.5, batch_size=64)  # no restart
    assert model.epoch == 2
    model.set(hidden=16)  # a new network
    assert model.epoch == 0 and model.sizes == [64, 16, 10]
    before = model.params()
    with pytest.raises(ValueError, match="hidden must be an integer from 1 to 128"):
        model.set(hidden=0, learning_rate=2.0)
    assert model.params() == before
    with pytest.raises(ValueError, match="unknown parameter"):
        model.set(depth=3)
    steps = []
    for done, _total in model.chunks(10, chunk=1):
        steps.append(done)
        if done == 2:
            model.request_stop()
    assert steps == [1, 2] and model.epoch == 2 and not model.stop_requested


# -- drawing -------------------------------------------------------------------------------------


def test_draw_model(trained):
    d = trained.data
    model = DigitDrawModel(trained.net, d.X_test)
    assert model.example == 0 and model.predicted == trained.predictions()[0]
    np.testing.assert_allclose(model.probabilities.sum(), 1.0)
    model.set(example=7)
    assert model.predicted == trained.predictions()[7] and model.gradient_class == model.predicted
    # -dJ/dx for the predicted class, as backprop to the input gives it.
    expected = -bt.input_gradient(trained.net, d.X_test[7:8], bt.one_hot([model.predicted], 10))
    np.testing.assert_allclose(model.saliency, expected[0])
    model.set(target=3)
    assert model.gradient_class == 3 and model.params()["target"] == 3
    model.set(target="prediction")
    assert model.gradient_class == model.predicted
    assert model.ink == [int(v) for v in np.rint(d.X_test[7] * 16)]
    model.clear()
    assert model.ink == [0] * 64 and model.example == 7


def test_the_canvas_text_is_the_drawing_it_encodes():
    grid = np.zeros((32, 32))
    grid[4:28, 15:17] = 1  # a "1"
    text = cells_text(grid)
    assert len(text) == 1024 and text.count("1") == 48 and cells_text(text) == text
    np.testing.assert_array_equal(prepare_drawing(text), prepare_drawing(grid))
    assert cells_text("") == ""
    for bad in ("2" * 1024, "01"):
        with pytest.raises(ValueError, match="cells must be 1024 characters 0 or 1"):
            prepare_drawing(bad)
    with pytest.raises(ValueError, match=r"cells must be 0 \(no ink\) or 1 \(ink\)"):
        cells_text(np.full(1024, 2))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"pixels": np.full(64, 2.0)}, r"pixels must lie in \[0, 1\]"),
        ({"pixels": np.zeros(63)}, r"pixels must be 64 numbers in \[0, 1\], got shape \(63,\)"),
        ({"pixels": [np.nan] * 64}, "pixels contains 64 NaN or infinite"),
        ({"target": 10}, "target must be an integer from 0 to 9, got 10"),
        ({"target": "seven"}, "0..9 or 'prediction'"),
        ({"example": 10_000}, "example must be an integer from 0 to"),
        ({"example": 1, "target": -1}, "target must be an integer from 0 to 9, got -1"),
        ({"brush": 2}, "unknown parameter"),
    ],
)
def test_draw_model_refuses_bad_changes_atomically(trained, change, message):
    model = DigitDrawModel(trained.net, trained.data.X_test)
    before = model.params()
    with pytest.raises(ValueError, match=message):
        model.set(**change)
    assert model.params() == before


def test_draw_model_needs_a_digits_softmax_network():
    with pytest.raises(ValueError, match=r"\[64, \.\.\., 10\] network"):
        DigitDrawModel(bt.Network([4, 10], cost="softmax_cross_entropy"))
    with pytest.raises(ValueError, match="softmax network"):
        DigitDrawModel(bt.Network([64, 10], cost="quadratic"))


# -- the apps, driven like a learner -------------------------------------------------------------


def test_batch_noise_app(data):
    from backprop_tutorial.apps.batch_noise.app import BatchNoiseApp

    app = BatchNoiseApp(batch_size=16, data=data)
    plot = app.plot
    version = plot.version
    ylim = plot.figure["axes"][0]["ylim"]
    app.slider.value = 256
    assert app.model.batch_size == 256 and "batch size 256" in app.summary.value
    # What the browser draws: the run's batch losses against epochs, and its title.
    losses = plot.layers["losses"]
    assert losses["type"] == "line" and len(losses["y"]) == 3 * 6 == len(losses["x"])
    np.testing.assert_allclose(losses["y"], app.model.losses, atol=1e-6)
    assert plot.layers["title"]["text"].startswith("batch size 256: 18 steps, roughness")
    assert plot.version == version + 1 and plot.figure["axes"][0]["ylim"] == ylim
    # Every stop was trained once when the app was built: a move only recalls a run.
    assert set(app.model.runs()) == set(app.slider.options)
    app.slider.value = 1
    assert len(plot.layers["losses"]["y"]) == 3 * 1348
    assert "cut off" in plot.layers["title"]["text"]  # batch size 1 spikes above the top
    assert app.last_error is None


def test_batch_noise_app_refuses_what_its_slider_cannot_show(data):
    from backprop_tutorial.apps.batch_noise.app import BatchNoiseApp

    with pytest.raises(ValueError, match="batch_size must be one of the slider's stops"):
        BatchNoiseApp(batch_size=3, data=data)
    with pytest.raises(ValueError, match="epochs must be an integer from 1 to 5"):
        BatchNoiseApp(epochs=0, data=data)


def _counts_shown(layers) -> np.ndarray:
    """The confusion matrix as the browser writes it: cell labels on the diagonal, bold
    text layers off it."""
    counts = layers["counts"]
    n = counts["shape"][0]
    shown = np.zeros((n, n), dtype=int)
    for k, t in enumerate(counts["text"]):
        if t:
            shown[divmod(k, n)] = int(t)
    for key, layer in layers.items():
        if key.startswith("mistake_"):
            i, j = map(int, key.split("_")[1:])
            assert layer["weight"] == "bold" and (layer["x"], layer["y"]) == (j, n - 1 - i)
            shown[i, j] = int(layer["text"])
    return shown


def test_digits_trainer_app(data):
    from backprop_tutorial.apps.digits_trainer.app import DigitsTrainerApp

    app = DigitsTrainerApp(epochs=3)
    curves, results, weights = app.curves, app.results, app.weights
    assert app.status.value.startswith("epoch 0 ·")
    assert curves.figure["axes"][0]["xlim"] == [0.0, 3.0]  # the planned run
    versions = [p.version for p in app.plots.values()]
    app.controls["train"].click()  # no event loop here: trains at once
    assert (
        app.model.epoch == 3 and app.progress.value == 3 and app.status.value.startswith("epoch 3")
    )
    # Drawn after the first epoch and after the chunk (3 epochs): two updates each.
    assert [p.version for p in app.plots.values()] == [v + 2 for v in versions]
    h = app.model.history
    assert curves.layers["test_accuracy"]["y"] == pytest.approx(h["test_accuracy"], abs=1e-6)
    assert curves.layers["train_loss"]["marker"] == "circle"
    assert curves.layers["test_loss"]["marker"] == "square" and curves.layers["test_loss"]["dash"]
    np.testing.assert_array_equal(_counts_shown(results.layers), app.model.confusion())
    wrong = app.model.misclassified(12)
    assert sum(k.endswith("_image") for k in results.layers) == len(wrong)
    t, p = wrong[0][1:3]
    assert results.layers["wrong0_caption"]["text"].startswith(f"{t} → {p} (")
    np.testing.assert_allclose(
        results.layers["wrong0_image"]["values"], data.X_test[wrong[0][0]], atol=5e-4
    )
    W = app.model.first_layer_weights()
    np.testing.assert_allclose(weights.layers["neuron5"]["values"], W[5].ravel(), atol=5e-4)
    top = weights.layers["neuron5"]["vmax"]
    assert weights.layers["neuron5"]["vmin"] == -top and f"≥ +{top:.2g}" in str(weights.layers)
    # Settings that keep the network send nothing; epochs moves only the curves' axis.
    versions = [p.version for p in app.plots.values()]
    app.controls["learning_rate"].value = 0.5
    app.controls["batch_size"].value = 64
    assert [p.version for p in app.plots.values()] == versions
    app.controls["hidden"].value = 8
    assert app.model.epoch == 0 and "[64, 8, 10]" in app.status.value
    assert sum(k.startswith("neuron") and "_" not in k for k in weights.layers) == 8
    app.controls["epochs"].value = 2
    assert curves.figure["axes"][0]["xlim"] == [0.0, 2.0]
    app.controls["seed"].value = 4
    assert app.model.params() == dict(hidden=8, learning_rate=0.5, batch_size=64, epochs=2, seed=4)
    app.controls["train"].click()
    assert app.model.epoch == 2
    app.controls["reset"].click()
    assert app.model.epoch == 0 and app.progress.value == 0
    assert app.last_error is None


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"batch_size": 3}, "batch_size must be one of the slider's stops"),
        ({"epochs": 150}, r"epochs must lie in 1..100 in the app"),
        ({"epochs": 0}, r"epochs must be an integer from 1 to 200"),
        ({"seed": 20_000}, r"seed must lie in 0..10000 in the app"),
        ({"learning_rate": 0.001}, r"learning_rate must lie in 0.01..10.0 in the app"),
        ({"learning_rate": -1}, "learning_rate must be a positive number"),
        ({"hidden": 0}, r"hidden must be an integer from 1 to 128"),
        ({"chunk": 0}, r"chunk \(epochs between redraws\) must be a whole number >= 1"),
    ],
)
def test_digits_trainer_refuses_bad_settings(settings, message):
    from backprop_tutorial.apps.digits_trainer.app import DigitsTrainerApp

    with pytest.raises(ValueError, match=message):
        DigitsTrainerApp(**settings)


def test_digit_draw_app(trained):
    from backprop_tutorial.apps.digit_draw.app import DigitDrawApp

    app = DigitDrawApp(trained.net, trained.data.X_test)
    first = list(app.canvas.probabilities)
    one = np.zeros((32, 32), dtype=int)
    one[2:9, 3:5] = 1  # a small stroke in the top-left corner
    app.draw(one)  # as a stroke in the browser sends it: the 32×32 grid
    # the kernel prepared it like the data (centred, scaled, thickened, then counted)
    assert app.model.ink == [int(v) for v in np.rint(16 * prepare_drawing(one))]
    assert app.canvas.ink == app.model.ink and app.canvas.cells == app.model.cells
    assert list(app.canvas.probabilities) != first and app.canvas.verdict.startswith("prediction")
    assert app.canvas.predicted == app.model.predicted
    app.target.value = 5
    assert app.canvas.gradient_class == 5
    app.example.value = 7
    assert app.canvas.ink == app.model.ink and app.model.example == 7
    app.canvas.cells = "2" * 1024  # not a drawing: refused, shown, model unchanged
    assert "cells must be 1024 characters 0 or 1" in app.last_error and app.model.example == 7
