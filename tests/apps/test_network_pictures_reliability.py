"""Notebook 2's picture apps under random use (issue 14): property tests over random
sizes and choices for the models, random control sequences for the apps."""

from __future__ import annotations

import copy
import warnings

import ipywidgets
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scene_checks import misfit_labels, overlapping_nodes

from backprop_tutorial.apps.layer_stepper.app import LayerStepperApp
from backprop_tutorial.apps.layer_stepper.model import HIDDEN_ACTIVATIONS, LayerStepperModel
from backprop_tutorial.apps.layer_stepper.scene import stepper_frames, stepper_scene
from backprop_tutorial.apps.shared_gradient.app import SharedGradientApp
from backprop_tutorial.apps.shared_gradient.model import SharedGradientModel
from backprop_tutorial.apps.shared_gradient.scene import shared_frame, shared_scene
from backprop_tutorial.apps.two_pictures.app import TwoPicturesApp
from backprop_tutorial.apps.two_pictures.model import TwoPicturesModel
from backprop_tutorial.apps.two_pictures.scene import two_pictures_scene


@st.composite
def sizes(draw, min_layers=2, max_layers=5, max_width=6):
    out = draw(st.lists(st.integers(1, max_width), min_size=min_layers, max_size=max_layers))
    return out


# -- models: property tests ------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(sizes(), st.sampled_from(["neurons", "surgery"]), st.integers(0, 2**31))
def test_two_pictures_scene_never_overlaps(s, picture, seed):
    m = TwoPicturesModel(s, picture, seed)
    scene = two_pictures_scene(m)
    assert overlapping_nodes(scene) == [] and misfit_labels(scene) == []
    assert len([n for n in scene["nodes"] if n["id"][0] in "Wb"]) == (
        m.net.n_params if picture == "surgery" else 0
    )


@settings(max_examples=40, deadline=None)
@given(sizes(min_layers=3), st.data())
def test_shared_gradient_roles_and_gradients(s, data):
    m = SharedGradientModel(s)
    names = m.weight_names()
    first = data.draw(st.sampled_from(names))
    second = data.draw(st.sampled_from([n for n in names if n != first]))
    m.set(first=first, second=second)
    assert m.params()["first"] == first and m.params()["second"] == second
    dW, _ = m.net.gradients(m.x, m.y)
    for name in (first, second):
        l, j, k = (int(v) for v in name[2:-1].replace("][", ",").split(","))
        assert np.isclose(m.gradient_of(name), dW[l][j, k], rtol=1e-9, atol=1e-15)
    assert m.roles[first] == "first" and m.roles[second] == "second"
    # The meeting point is shared by both paths, and nothing before it is.
    assert m.meeting and all(n in m.shared and n[0] in "SJ" for n in m.meeting)
    assert m.roles["J"] in ("shared", "meeting") and "★" in "\n".join(m.explain())
    scene = shared_scene(m)
    assert overlapping_nodes(scene) == [] and misfit_labels(scene) == []
    assert set(shared_frame(m)["edges"].values()) <= {"first", "second", "shared"}


@settings(max_examples=30, deadline=None)
@given(sizes(max_layers=4), st.sampled_from(HIDDEN_ACTIVATIONS), st.integers(0, 10_000))
def test_layer_stepper_frames_match_the_engine(s, activation, seed):
    m = LayerStepperModel(s, activation, seed)
    frames = stepper_frames(m)
    assert len(frames) == m.n_steps + 1
    scene = stepper_scene(m)
    assert overlapping_nodes(scene) == [] and misfit_labels(scene, frames) == []
    dW, db = m.net.gradients(m.x, m.y)
    for l in range(m.L):
        assert np.allclose(m.dW[l], dW[l]) and np.allclose(m.db[l], db[l])
    last = frames[-1]["nodes"]
    assert not any("—" in line for n in last.values() for line in n.get("lines", []))
    assert 0 < m.cache.a[-1].min() and m.cache.a[-1].max() < 1  # the sigmoid output


BAD = {
    "sizes": ["2, 0, 1", "x", "9" * 5000, "", "2", "20, 20, 1", 7, [2, 2.5]],
    "picture": ["graph", 1, None.__class__],
    "activation": ["identity", "softmax", 3],
    "seed": [-1, 2**40, 1.5, "0"],
    "step": [-1, 99, 2.5, np.inf, np.nan, "1"],
    "mode": ["nodes", 0],
    "first": ["W[9][0,0]", "b[0][0]", "x", 0],
}


@pytest.mark.parametrize(
    "model, names",
    [
        (lambda: TwoPicturesModel("2, 3, 1"), ["sizes", "picture"]),
        (lambda: SharedGradientModel("2, 3, 1"), ["sizes", "first"]),
        (lambda: LayerStepperModel("2, 3, 1"), ["sizes", "activation", "seed", "step", "mode"]),
    ],
)
def test_every_bad_value_is_a_value_error_and_changes_nothing(model, names):
    m = model()
    before = m.params()
    for name in names:
        for bad in BAD[name]:
            with pytest.raises(ValueError):
                m.set(**{name: bad})
            assert m.params() == before, (name, bad)


# -- apps: random control sequences ------------------------------------------------------------

SIZES_TEXT = ["2, 3, 3, 1", "2, 2, 1", "3, 4, 4, 2", "1, 8, 8, 8, 1", "2; 2; 2", "[2 3 1]"]
SIZES_TEXT += ["2, 0, 1", "x", "9" * 5000, "", "2", "20, 20, 1", "2, 1"]


def _count() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(ipywidgets.Widget.widgets)


def _choose(data, widget):
    """A random value a learner could give this control (invalid text included)."""
    if isinstance(widget, ipywidgets.Text):
        return data.draw(st.sampled_from(SIZES_TEXT))
    if isinstance(widget, (ipywidgets.Dropdown, ipywidgets.ToggleButtons)):
        return data.draw(st.sampled_from([v for _, v in widget._options_full]))
    if isinstance(widget, (ipywidgets.IntSlider, ipywidgets.Play)):
        return data.draw(st.integers(widget.min, widget.max))
    if isinstance(widget, ipywidgets.IntText):
        return data.draw(st.integers(-5, 60))
    raise AssertionError(widget)


def _check(app) -> None:
    params = app.model.params()
    for name, (widget, _, _) in app._bound.items():
        assert widget.value == params[name], (name, widget.value, params[name])
    options = getattr(app.model, "param_options", lambda: {})()
    for name, choices in options.items():
        assert list(app.controls[name].options) == list(choices), name


def _drive(app, data, warm_up) -> None:
    warm_up(app)
    before = _count()
    names = sorted(app.controls)
    for _ in range(data.draw(st.integers(5, 25))):
        name = data.draw(st.sampled_from(names))
        widget = app.controls[name]
        if name == "play":  # Play is jslinked to the slider in the browser: it moves the slider
            name, widget = "step", app.controls["step"]
        value = _choose(data, widget)
        trial = copy.deepcopy(app.model)
        try:
            trial.set(**{name: value})
            rejected = False
        except ValueError:
            rejected = True
        old_error, changed = app.last_error, widget.value != value
        widget.value = value
        if not changed:
            assert app.last_error == old_error  # nothing happened, nothing changes
        elif rejected:
            assert app.last_error is not None, (name, value)  # no error lost
        else:
            assert app.last_error is None, (name, value, app.last_error)  # none left stale
        assert "Exceeds the limit" not in (app.last_error or "")
        _check(app)
    assert _count() == before  # no widget left behind


def _warm_stepper(app):
    app.sizes.value = "2, 2, 1"
    app.mode.value = "node"
    app.mode.value = "layer"
    app.sizes.value = "2, 3, 3, 1"
    app.clear_error()


@settings(max_examples=12, deadline=None)
@given(st.data())
def test_random_controls_two_pictures(data):
    _drive(TwoPicturesApp(), data, lambda app: None)


@settings(max_examples=12, deadline=None)
@given(st.data())
def test_random_controls_shared_gradient(data):
    _drive(SharedGradientApp(), data, lambda app: None)


@settings(max_examples=12, deadline=None)
@given(st.data())
def test_random_controls_layer_stepper(data):
    _drive(LayerStepperApp(), data, _warm_stepper)
