"""LandscapeSliceApp driven headless: modes, dropdowns, refusals shown, refresh after more
training or a new network, the chart data, and random control sequences (with the
playground it reads from)."""

from __future__ import annotations

import app_sequences as seq
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.landscape_slice.app import LandscapeSliceApp
from backprop_tutorial.apps.training.app import TrainingApp
from backprop_tutorial.apps.training.model import parse_hidden


@pytest.fixture
def play():
    p = TrainingApp(epochs=60)
    p.train_button.click()
    return p


def axes(app):
    return app.view.figure["axes"][0]


def test_opens_through_the_training_path(play):
    app = LandscapeSliceApp(play, resolution=11)
    assert app.mode.value == "path" and app.first.layout.display == "none"
    assert app.seed.layout.display is None
    path = app.view.layers["path"]
    assert len(path["x"]) == 61
    assert np.allclose([path["x"][0], path["y"][0]], [0, 0], atol=1e-5)
    assert np.allclose([path["x"][-1], path["y"][-1]], [1, 0], atol=1e-5)
    a = axes(app)
    assert a["xlabel"].startswith("along the path") and a["ylabel"].startswith("across")
    bar = app.view.figure["axes"][1]
    assert bar["ylabel"] == "J" and len(bar["yticks"]) >= 2  # the colour bar, in J
    n = play.model.net.n_params
    assert f"n + m = {n} parameters" in app.info.value and "holds 100%" in app.info.value
    assert "Half-width 1" in app.info.value


def test_two_weights_mode_says_what_is_plotted(play):
    app = LandscapeSliceApp(play, resolution=11)
    z0 = app.view.layers["J"]["values"]
    app.mode.value = "weights"
    assert app.last_error is None and app.first.layout.display is None
    assert (axes(app)["xlabel"], axes(app)["ylabel"]) == ("W[0][0,0]", "W[0][1,1]")
    assert app.view.layers["J"]["values"] != z0
    now = app.view.layers["now"]
    w = play.model.net.weights[0]
    assert np.allclose([now["x"][0], now["y"][0]], [w[0, 0], w[1, 1]], atol=1e-5)
    info = app.info.value
    assert "stay at their values <i>now</i>" in info and "the network at the start had J" in info
    app.second.value = "b[0][0]"
    assert axes(app)["ylabel"] == "b[0][0]" and app.model.second == "b[0][0]"


def test_the_same_weight_twice_is_refused_visibly_and_the_dropdown_snaps_back(play):
    app = LandscapeSliceApp(play, mode="weights", resolution=9)
    app.second.value = app.first.value
    assert "both axes show W[0][0,0]" in app.last_error and app.errors.outputs
    assert app.second.value == "W[0][1,1]" == app.model.second  # shows what is plotted
    assert axes(app)["ylabel"] == "W[0][1,1]"
    app.second.value = "W[0][1,0]"
    assert app.last_error is None and not app.errors.outputs


def test_refresh_after_training_and_after_a_new_network(play):
    app = LandscapeSliceApp(play, mode="weights", resolution=9)
    app.second.value = "W[1][7,7]"
    play.train(40)
    app.refresh_button.click()
    assert len(app.view.layers["path"]["x"]) == 101
    assert "after 100 epochs" in axes(app)["title"]
    play.hidden.value = "3"
    app.refresh_button.click()
    assert app.last_error is None
    names = play.model.net.param_labels()
    assert list(app.first.options) == names and app.second.value in names
    assert app.second.value == app.model.second != "W[1][7,7]"
    assert "W[1][7,7] is not a parameter of [2, 3, 1]" in app.info.value


def test_half_width_slider_and_seed(play):
    app = LandscapeSliceApp(play, resolution=9)
    app.span.value = 5.0
    assert app.model.half == 5.0 and axes(app)["xlim"] == [-4.5, 5.5]
    d2 = app.model.plane.d2.copy()
    app.seed.value = 3
    assert not np.allclose(app.model.plane.d2, d2) and app.last_error is None


def test_without_a_playground_and_bad_source():
    app = LandscapeSliceApp(epochs=20, resolution=9)
    assert app.model.training.epoch == 20
    with pytest.raises(ValueError, match="TrainingApp"):
        LandscapeSliceApp("moons")
    with pytest.raises(ValueError, match="resolution must be an integer from 3 to 101"):
        LandscapeSliceApp(epochs=1, resolution=10**5)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_control_sequences_with_the_playground(data):
    play = TrainingApp(epochs=10, chunk=10)
    play.train(20)
    app = LandscapeSliceApp(play, resolution=5)

    def accepts_slice(name, value):
        if name in ("first", "second") and app.model.sizes != play.model.sizes:
            return None  # the playground's network changed: the old name may be gone
        if name == "first":
            return value != app.model.second
        if name == "second":
            return value != app.model.first
        return True

    def accepts_play(name, value):
        if name == "hidden":
            try:
                parse_hidden(value)
            except ValueError:
                return False
        return None if name in ("train", "epochs") else True

    overrides = {"epochs": st.just(10)}
    seq.warm_up(play)
    seq.warm_up(app)
    for _ in range(10):
        target, accepts = data.draw(
            st.sampled_from([(app, accepts_slice), (play, accepts_play)]), label="app"
        )
        seq.run(target, data, 1, accepts, overrides, warm=False)
        seq.bound_controls_match(app)
    assert app.first.value != app.second.value or app.mode.value == "path"
