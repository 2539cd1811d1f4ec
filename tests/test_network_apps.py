"""Notebook 2's training, slice and meter apps driven headless (the picture apps have
their own files: test_two_pictures.py, test_shared_gradient.py, test_layer_stepper.py)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from backprop_tutorial.widgets import (
    GradientMeter,
    LandscapeSlice,
    TrainingPlayground,
)


def _same(c1, c2) -> bool:
    return np.allclose(to_rgba(c1), to_rgba(c2), atol=1e-3)


# -- training playground -------------------------------------------------------------------------


def test_training_button_trains_and_redraws_boundary_and_loss():
    app = TrainingPlayground(epochs=100, chunk=25)
    image0 = app.boundary.image.get_array().copy()
    app.train_button.click()  # no running event loop here: trains to the end at once
    assert app.last_error is None
    assert app.model.epoch == 100 and app.progress.value == 100 == app.progress.max
    assert not np.allclose(app.boundary.image.get_array(), image0)
    x, y = app.loss.line.get_data()
    assert len(x) == 101 and y[-1] < y[0]
    assert "epoch 100" in app.status.value
    assert not app.train_button.disabled and app.stop_button.disabled


def test_training_reset_restores_initial_weights_and_settings_reset():
    app = TrainingPlayground(epochs=50)
    theta0 = app.model.net.get_params()
    app.train_button.click()
    app.reset_button.click()
    assert np.array_equal(app.model.net.get_params(), theta0)
    assert app.model.epoch == 0 and len(app.loss.line.get_data()[0]) == 1
    app.dataset.value = "spiral"
    assert app.model.dataset == "spiral" and app.last_error is None
    assert np.allclose(app.boundary.points.get_offsets(), app.model.X)
    app.hidden.value = "16, 16, 16"
    assert app.model.sizes == [2, 16, 16, 16, 1]
    app.hidden.value = "16, x"
    assert "whole number" in app.last_error
    app.lr.value = 1.0
    assert app.model.learning_rate == 1.0 and app.last_error is None


def test_training_async_task_reports_progress_and_stops():
    app = TrainingPlayground(epochs=2000, chunk=10)
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


# -- landscape slice -------------------------------------------------------------------------


def test_landscape_slice_modes_and_trajectory():
    play = TrainingPlayground(epochs=60)
    play.train_button.click()
    app = LandscapeSlice(play, resolution=11)
    assert app.mode.value == "weights" and app.seed.layout.display == "none"
    path = np.array(app.view.path.get_xydata())
    assert len(path) == 61
    assert (app.view.ax.get_xlabel(), app.view.ax.get_ylabel()) == ("W[0][0,0]", "W[0][1,1]")
    now = app.view.now.get_xydata()[0]
    assert np.allclose(now, (play.model.net.weights[0][0, 0], play.model.net.weights[0][1, 1]))
    assert np.allclose(path[0], (play.model.thetas[0][0], play.model.thetas[0][3]))
    z0 = app.view.image.get_array().copy()
    app.mode.value = "random"  # random directions hide the weight pickers
    assert app.first.layout.display == "none" and app.last_error is None
    assert "direction 1" in app.view.ax.get_xlabel()
    assert not np.allclose(app.view.image.get_array(), z0)
    app.mode.value = "weights"
    app.second.value = "b[0][0]"
    assert app.view.ax.get_ylabel() == "b[0][0]"
    play.train(40)
    app.refresh_button.click()
    assert len(app.view.path.get_xydata()) == 101 and "100 epochs" in app.view.title.get_text()


def test_landscape_slice_without_a_playground_and_bad_source():
    app = LandscapeSlice(epochs=20, resolution=9)
    assert app.model.training.epoch == 20
    with pytest.raises(ValueError, match="TrainingPlayground"):
        LandscapeSlice("moons")


# -- gradient meter ------------------------------------------------------------------------------


def test_gradient_meter_depth_slider_changes_bars():
    app = GradientMeter(depth=4)
    assert len(app.view.heights("sigmoid")) == 5
    app.depth.value = 12
    top = app.view.heights("sigmoid")
    assert len(top) == 13
    assert np.allclose(top, app.model.shown("sigmoid"))
    assert top[0] < 1e-6 * top[-1]  # the first layer's gradient has vanished
    assert "depth 12" in app.summary.value
    relu_he = app.model.means["relu"][0]
    app.init.value = "plain"
    assert app.model.means["relu"][0] < relu_he and app.last_error is None
    assert np.allclose(app.view.heights("relu"), app.model.shown("relu"))
