"""Every stepped picture's slider and Play take a new pass through one helper: the range
changes without a clamped value in between, and a Play still running stops (after its
last step it waits one interval before it notices the end; a pass shown in that time
would otherwise start playing by itself: seen in notebook 4 on a busy machine)."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

import traitlets  # noqa: E402

from backprop_tutorial.apps.chain_modes.app import ChainModesApp  # noqa: E402
from backprop_tutorial.apps.chain_stepper.model import ChainStepperModel  # noqa: E402
from backprop_tutorial.apps.expression.app import ExpressionApp  # noqa: E402
from backprop_tutorial.apps.graph_stepper.app import GraphStepperApp  # noqa: E402
from backprop_tutorial.apps.influence_paths.app import InfluencePathsApp  # noqa: E402
from backprop_tutorial.apps.layer_stepper.app import LayerStepperApp  # noqa: E402
from backprop_tutorial.apps.memo_table.app import MemoTableApp  # noqa: E402
from backprop_tutorial.ui.widgets.scene import show_steps, stepped_scene  # noqa: E402


def test_show_steps_never_passes_through_a_clamped_value():
    slider, play, _ = stepped_scene(2, 0, 4)
    seen = []
    slider.observe(lambda c: seen.append(c["new"]), names="value")
    show_steps(slider, play, 9, 12, lo=1)
    assert (slider.min, slider.max, slider.value) == (1, 12, 9)
    assert (play.min, play.max, play.value) == (1, 12, 9)
    assert seen == [9]
    show_steps(slider, play, 0, 3)
    assert (slider.min, slider.max, slider.value) == (0, 3, 0) and seen == [9, 0]


def _mode(app):
    app.mode.value = "reverse"


def _weight(app):
    app.weight.index = len(app.weight.options) - 1


def _seed(app):
    app.seed.value = app.seed.value + 1


def _text(app):
    app.text.value = "a * b * b"


@pytest.mark.parametrize(
    ("make", "new_pass"),
    [
        (ChainModesApp, _mode),
        (lambda: InfluencePathsApp((2, 3, 3, 2)), _weight),
        (LayerStepperApp, _seed),
        (lambda: ExpressionApp("a * b + a"), _text),
    ],
    ids=["chain modes: mode", "influence paths: weight", "layer stepper: seed", "expression"],
)
def test_a_new_pass_stops_a_running_play(make, new_pass):
    app = make()
    app.play.playing = True  # as the browser reports it while Play runs
    new_pass(app)
    assert app.last_error is None
    assert app.play.playing is False
    slider = app.path if isinstance(app, InfluencePathsApp) else app.slider
    n = len(app.scene.frames) - 1
    assert slider.max == app.play.max == n and slider.value == app.play.value <= n


STEPPED = [
    (ChainModesApp, "k"),
    (lambda: InfluencePathsApp((2, 3, 3, 2)), "path"),
    (LayerStepperApp, "step"),
    (lambda: ExpressionApp("a * b + a"), "k"),
    (lambda: MemoTableApp(), "step"),
    (lambda: GraphStepperApp(ChainStepperModel().trace), "step"),
]


@pytest.mark.parametrize(
    ("make", "name"),
    STEPPED,
    ids=["chain modes", "influence paths", "layer stepper", "expression", "memo", "graph"],
)
def test_a_step_only_tells_the_model(make, name):
    """The browser already shows the step's frame: a step marks no picture pending and
    sends nothing back (each message to the browser costs the page work in the frame the
    step is drawn in)."""
    app = make()
    app._repr_mimebundle_()
    slider = app._bound[name][0]
    assert app.controls["play"] is not None
    assert all(slider.model_id not in v.pending_on for v in app._followers)
    settled = [v.settled for v in app._followers]
    sent = []
    for v in app._followers:
        v.observe(lambda c: sent.append(c["name"]), names=traitlets.All)
    for w in (app.scene, slider):
        w.observe(lambda c: sent.append(c["name"]), names=traitlets.All)
    slider.value = min(slider.max, slider.value + 1)
    assert app.model.params()[name] == slider.value and app.last_error is None
    assert [v.settled for v in app._followers] == settled
    assert sent == ["value"]  # the step itself, nothing else
