"""Notebook 2's apps driven headless: set widget values, assert on artists, texts and HTML."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from backprop_tutorial.plots import network as pn
from backprop_tutorial.widgets import (
    GradientMeter,
    LandscapeSlice,
    LayerStepper,
    SharedGradient,
    TrainingPlayground,
    TwoPictures,
)
from backprop_tutorial.widgets.base import COLORS


def _same(c1, c2) -> bool:
    return np.allclose(to_rgba(c1), to_rgba(c2), atol=1e-3)


# -- two pictures ------------------------------------------------------------------------------


def test_two_pictures_toggle_switches_the_visible_picture():
    app = TwoPictures()
    assert app.visible_picture == "neurons"
    assert "Neurons as nodes" in app.caption.value
    app.toggle.value = "surgery"
    assert app.visible_picture == "surgery"
    assert not app.views["neurons"].ax.get_visible()
    assert "After surgery" in app.caption.value
    # The surgery picture draws every parameter as a square node.
    assert len(app.views["surgery"].square) == 18 + 7
    assert app.last_error is None


def test_two_pictures_edge_widths_follow_weights():
    app = TwoPictures("2, 3, 1", seed=1)
    view = app.views["neurons"]
    widths = view.lines.get_linewidths()
    weights = [app.model.weights()[e.param] for e in view.edges]
    order = np.argsort(np.abs(weights))
    assert widths[order[-1]] > widths[order[0]]  # the largest |w| is the widest edge
    colors = view.lines.get_colors()
    for e, c, w in zip(view.edges, colors, weights, strict=True):
        assert _same(c[:3], pn.POSITIVE if w >= 0 else pn.NEGATIVE), e


def test_two_pictures_sizes_box_rebuilds_and_reports_bad_input():
    app = TwoPictures()
    app.sizes.value = "3, 4, 2"
    assert app.last_error is None
    assert len(app.views["neurons"].round) == 9
    assert "n = 20 weights" in app.summary.value
    app.sizes.value = "3, zero, 2"
    assert "not a whole number" in app.last_error
    app.sizes.value = "2, 2"
    assert app.last_error is None  # a good value clears the error


# -- shared gradient -----------------------------------------------------------------------------


def test_shared_gradient_colours_paths_and_shared_delta():
    app = SharedGradient()
    colors = app.view.node_colors()
    assert _same(colors["W[0][0,0]"], pn.FIRST) and _same(colors["W[0][1,1]"], pn.SECOND)
    assert _same(colors["S[0][0]"], pn.FIRST) and _same(colors["a[1][1]"], pn.SECOND)
    assert _same(colors["S[1][0]"], COLORS["shared"])
    assert _same(colors["S[0][2]"], "#ffffff")  # on neither path
    assert "delta[1] = dJ/dS[1]" in app.text.value
    assert app.meeting_label.get_text() == "delta[1] = dJ/dS[1]"


def test_shared_gradient_dropdowns_and_sizes():
    app = SharedGradient()
    app.second.value = "W[1][1,2]"
    assert app.last_error is None
    assert _same(app.view.node_colors()["S[1][1]"], COLORS["shared"])
    assert "dJ/dW[1][1,2]" in app.text.value
    app.sizes.value = "3, 2, 2"
    assert app.last_error is None
    assert list(app.first.options)[0] == "W[0][0,0]" and "W[1][1,1]" in app.second.options
    assert app.first.value != app.second.value
    app.second.value = app.first.value
    assert "different" in app.last_error


# -- layer stepper --------------------------------------------------------------------------------


def test_layer_stepper_fills_values_then_deltas():
    app = LayerStepper()
    texts = lambda: {n: t.get_text() for n, t in app.view.texts.items()}  # noqa: E731
    assert texts()["a[1][0]"] == "a —\nδ —"
    app.slider.value = 3  # forward done
    assert texts()["a[3][0]"].startswith("a 0.") and texts()["a[3][0]"].endswith("δ —")
    assert "J = ½" in app.panel.value
    app.slider.value = 4
    assert "δ —" not in texts()["a[3][0]"] and texts()["a[2][0]"].endswith("δ —")
    app.slider.value = app.slider.max  # the end: every delta known
    assert all("—" not in t for t in texts().values())
    assert "Done" in app.panel.value
    assert "delta[0] = (W[1]^T delta[1]) * σ&#x27;(S[0])" in app.panel.value
    colors = app.view.node_colors()
    assert _same(colors["a[1][0]"], COLORS["active"])
    assert app.last_error is None


def test_layer_stepper_highlights_the_weights_the_step_uses():
    app = LayerStepper()
    app.slider.value = 5  # delta[1] from W[2]^T delta[2]
    colors = app.view.lines.get_colors()
    for i, e in enumerate(app.view.edges):
        on = e.param.startswith("W[2]")
        assert _same(colors[i], COLORS["backward"]) == on, e.param
    app.slider.value = 2  # the second forward step: S[1] = W[1] a[1] + b[1]
    colors = app.view.lines.get_colors()
    assert all(
        _same(colors[i], COLORS["forward"]) == e.param.startswith("W[1]")
        for i, e in enumerate(app.view.edges)
    )


def test_layer_stepper_click_and_settings():
    app = LayerStepper()
    node = app.picture.node("a[2][1]")

    class Click:
        inaxes = app.view.ax
        xdata, ydata = node.x + 0.05, node.y - 0.05

    app.slider.value = 6
    app._on_click(Click())
    assert "neuron 1 of layer 2" in app.details.value and "delta[1][1]" in app.details.value
    app.activation.value = "relu"
    assert app.last_error is None and "relu" in app.panel.value
    app.sizes.value = "2, 4, 1"
    assert app.slider.max == 4 and app.slider.value == 4 and app.last_error is None
    assert len(app.view.round) == 7


def test_layer_stepper_node_by_node_uses_the_generic_stepper():
    app = LayerStepper()
    app.mode.value = "node"
    assert app.graph_stepper is None and "2, 2, 1" in app.node_box.children[0].value
    app.sizes.value = "2, 2, 1"
    stepper = app.graph_stepper
    assert stepper is not None and app.layer_box.layout.display == "none"
    stepper.slider.value = stepper.slider.max
    trace = stepper.model.trace
    assert np.isclose(trace.grad("W[0][0,1]"), app.model.dW[0][0, 1])
    app.mode.value = "layer"
    assert app.graph_stepper is None and app.layer_box.layout.display is None


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
