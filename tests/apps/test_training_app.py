"""TrainingApp driven headless: controls, buttons, the async run, the chart data
the browser draws, and random control sequences."""

from __future__ import annotations

import asyncio

import app_sequences as seq
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.training import scene as sc
from backprop_tutorial.apps.training.app import TrainingApp
from backprop_tutorial.apps.training.model import parse_hidden
from backprop_tutorial.ui.scale import log_ticks
from backprop_tutorial.ui.style import CLASS_COLORS


def axes(app, id_):
    return next(a for a in app.view.figure["axes"] if a["id"] == id_)


def test_the_chart_has_labels_class_legend_and_a_probability_colour_bar():
    app = TrainingApp()
    m = axes(app, "map")
    assert (m["xlabel"], m["ylabel"]) == ("x[0]", "x[1]")
    bar = axes(app, "bar")
    assert bar["ylabel"] == "P(class 1)" and bar["yticks"] == [0, 0.5, 1]
    assert axes(app, "loss")["ylabel"] == "J" and axes(app, "loss")["yscale"] == "log"
    assert len(axes(app, "loss")["yticks"]) >= 2  # a log axis inside one decade too
    legend = {item["text"]: item for item in app.view.figure["legend"]}
    assert (legend["class 0"]["color"], legend["class 0"]["marker"]) == (CLASS_COLORS[0], "circle")
    assert (legend["class 1"]["color"], legend["class 1"]["marker"]) == (
        CLASS_COLORS[1],
        "triangle",
    )
    assert any("0.5 contour" in t for t in legend)
    layers = app.view.layers
    # Each class is drawn with its own colour AND marker shape.
    for cls in (0, 1):
        pts = layers[f"class{cls}"]
        assert pts["marker"] == sc.CLASS_MARKERS[cls] and pts["color"] == CLASS_COLORS[cls]
        assert len(pts["x"]) == int(np.sum((app.model.Y > 0.5) == bool(cls)))
    assert layers["bar_half"]["value"] == 0.5 and layers["bar_note"]["text"] == "boundary"
    assert layers["p"]["vmin"] == 0 and layers["p"]["vmax"] == 1


def test_train_button_trains_and_redraws_boundary_and_loss():
    app = TrainingApp(epochs=100, chunk=25)
    image0 = list(app.view.layers["p"]["values"])
    version = app.view.widget.version
    app.train_button.click()  # no running event loop here: trains to the end at once
    assert app.last_error is None
    assert app.model.epoch == 100 and app.progress.value == 100 == app.progress.max
    assert app.view.layers["p"]["values"] != image0
    assert app.view.widget.version >= version + 4  # one redraw per chunk
    loss = app.view.layers["loss"]
    assert len(loss["x"]) == 101 and loss["y"][-1] < loss["y"][0]
    assert axes(app, "loss")["xlim"] == [0.0, 100.0]
    assert app.view.layers["boundary"]["segments"]  # the 0.5 contour is drawn
    assert "epoch 100" in app.status.value
    assert not app.train_button.disabled and app.stop_button.disabled


def test_reset_and_settings_reset_and_bad_text_snaps_back():
    app = TrainingApp(epochs=50)
    theta0 = app.model.net.get_params()
    app.train_button.click()
    app.reset_button.click()
    assert np.array_equal(app.model.net.get_params(), theta0)
    assert app.model.epoch == 0 and len(app.view.layers["loss"]["x"]) == 1
    app.dataset.value = "spiral"
    assert app.model.dataset == "spiral" and app.last_error is None
    assert axes(app, "map")["title"].startswith("spiral")
    pts = app.view.layers["class0"]
    assert np.allclose(pts["x"], app.model.X[np.ravel(app.model.Y) < 0.5, 0], atol=1e-5)
    app.hidden.value = "16,16,16"
    assert app.model.sizes == [2, 16, 16, 16, 1] and app.hidden.value == "16, 16, 16"
    app.hidden.value = "16, x"
    assert "whole number" in app.last_error and app.errors.outputs
    assert app.hidden.value == "16, 16, 16"  # the box shows the model's real state
    app.learning_rate.value = 1.0
    assert app.model.learning_rate == 1.0 and app.last_error is None and not app.errors.outputs


def test_claim_redrawn_every_50_epochs_while_training():
    app = TrainingApp(epochs=300)
    seen = []
    app.view.widget.observe(lambda c: seen.append(app.model.epoch), names="version")
    app.train_button.click()
    assert seen == [50, 100, 150, 200, 250, 300]
    assert app.progress.value == 300


@pytest.mark.parametrize(
    "lo, hi", [(0.28, 1.5), (0.3, 0.35), (0.003, 1.9), (1e-7, 2.0), (0.5, 0.500001)]
)
def test_log_ticks_are_round_inside_the_range_and_at_least_two(lo, hi):
    ticks = log_ticks(lo, hi)
    assert all(lo <= t <= hi for t in ticks) and len(ticks) >= 2 or hi / lo < 1.01
    assert len(ticks) <= 6 and ticks == sorted(ticks)


def test_long_loss_curves_are_thinned_for_the_browser():
    app = TrainingApp(epochs=1500, chunk=1500)
    app.train_button.click()
    loss = app.view.layers["loss"]
    assert len(loss["x"]) <= sc.MAX_CURVE_POINTS and loss["x"][-1] == 1500


def test_async_task_reports_progress_and_stops():
    app = TrainingApp(epochs=2000, chunk=10)
    seen = []

    async def drive():
        app._on_train()
        task = app.task
        assert task is not None and app.stop_button.disabled is False
        for _ in range(3):
            await asyncio.sleep(0.05)
            seen.append(app.progress.value)
        app.stop_button.click()
        await task

    asyncio.run(drive())
    assert 0 < seen[0] <= seen[-1] < 2000  # progress moved while the task ran
    assert app.model.epoch < 2000  # Stop ended it early
    assert app.train_button.disabled is False and app.last_error is None


def test_a_new_setting_during_a_run_ends_it_and_starts_afresh():
    app = TrainingApp(epochs=2000, chunk=10)

    async def drive():
        app._on_train()
        await asyncio.sleep(0.05)
        app.dataset.value = "xor"
        await app.task

    asyncio.run(drive())
    assert app.model.dataset == "xor" and app.model.epoch == 0 and app.progress.value == 0
    assert app.train_button.disabled is False and app.last_error is None


def test_an_error_in_the_task_is_shown():
    app = TrainingApp(epochs=100, chunk=10)

    def boom(_n):
        raise ValueError("training diverged at epoch 3 (loss nan): lower the learning rate")

    app.model.train = boom

    async def drive():
        app._on_train()
        await app.task

    asyncio.run(drive())
    assert "lower the learning rate" in app.last_error and app.errors.outputs
    assert not app.train_button.disabled


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"chunk": 0}, "chunk must be an integer from 1"),
        ({"learning_rate": -1}, "learning_rate"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"epochs": 10**9}, "epochs must be an integer from 10 to 2,000"),
        ({"seed": -1}, "seed"),
        ({"hidden": "8, x"}, "whole number"),
    ],
)
def test_bad_construction_is_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        TrainingApp(**kwargs)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_control_sequences(data):
    app = TrainingApp(epochs=10, chunk=5)

    def accepts(name, value):
        if name == "hidden":
            try:
                parse_hidden(value)
            except ValueError:
                return False
        if name == "train":  # a large learning rate may diverge: said, never hidden
            return None
        if name == "epochs":  # how many epochs Train runs: nothing happens yet
            return None
        return True

    overrides = {"epochs": st.integers(1, 3).map(lambda k: 10 * k)}
    seq.run(app, data, 12, accepts, overrides)
    assert (
        app.last_error is None
        or "diverged" in app.last_error
        or "hidden" in str(app.last_error)
        or "whole number" in app.last_error
        or "neuron" in app.last_error
    )
