"""The one view contract: every browser widget takes its data through ``show(data)``; the
JavaScript shares one helper module; ticks come from the kernel."""

from __future__ import annotations

import re

import pytest

from backprop_tutorial.ui import charts, scale, style
from backprop_tutorial.ui.widgets import app as app_module
from backprop_tutorial.ui.widgets import browser
from backprop_tutorial.ui.widgets.digit_canvas import DigitCanvas
from backprop_tutorial.ui.widgets.plot import PlotWidget
from backprop_tutorial.ui.widgets.scene import SceneWidget

WIDGETS = (SceneWidget, PlotWidget, DigitCanvas)


@pytest.mark.parametrize("cls", WIDGETS)
def test_show_sends_what_differs_once_and_refuses_unknown_keys(cls):
    w = cls()
    key = cls.DATA[-1]
    value = {"step": 2, "layers": {"a": {"type": "text"}}, "verdict": "a 3"}[key]
    assert w.show({key: value}) is True and getattr(w, key) == value and w.version == 1
    assert w.show({key: value}) is False and w.version == 1  # nothing new: nothing sent
    with pytest.raises(ValueError, match="colour"):
        w.show({key: value, "colour": "red"})
    assert w.version == 1


@pytest.mark.parametrize("name", ["scene.js", "plot.js", "digit_canvas.js"])
def test_every_module_is_the_helpers_then_its_own_code_and_cleans_up(name):
    esm = browser.module(name)
    helpers = (browser._HERE / "helpers.js").read_text()
    own = (browser._HERE / name).read_text()
    assert esm.startswith("const BT_ROLE_OF = ") and helpers + "\n" + own in esm
    # No second copy of what helpers.js holds.
    for fn in ("function svgEl", "function htmlEl", "function hexToRgb", "function uniqueId"):
        assert fn not in own, (name, fn)
    assert "Math.random" not in own and "Ticks(" not in own
    # render returns the function that removes what it added.
    body = own[own.index("function render(") :]
    assert re.search(r"return \(\) => \{", body), name


def test_stylesheets_carry_both_themes():
    css = browser.stylesheet("scene.css")
    assert 'body[data-jp-theme-light="false"]' in css and ":focus-visible" in css


def test_role_colours_map_to_their_theme_variable():
    roles = style.role_of_color()
    assert roles[style.COLORS["forward"].lower()] == "forward"
    assert roles["#222222"] == "text" and "#ffffff" not in roles


def test_axes_carry_the_ticks_and_labels_the_browser_draws():
    ax = charts.axes("a", 0, 0, 100, 100, (0, 1), (1e-3, 1e3), yscale="log")
    assert ax["xticks"] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert ax["xticklabels"] == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"]
    assert ax["yticks"][0] == 1e-3 and ax["yticks"][-1] == 1e3
    given = charts.axes("b", 0, 0, 100, 100, (0, 10), (0, 1), xticks=[0, 5, 10])
    assert given["xticklabels"] == ["0", "5", "10"]


@pytest.mark.parametrize("lo,hi", [(0, 1), (-2, 2), (0.3, 0.35), (0, 2000), (-1e-4, 3e-4)])
def test_linear_ticks_are_round_and_inside(lo, hi):
    values = scale.linear_ticks(lo, hi)
    assert 3 <= len(values) <= 11 and all(lo - 1e-12 <= v <= hi + 1e-12 for v in values)
    steps = {round(b - a, 12) for a, b in zip(values, values[1:], strict=False)}
    assert len(steps) == 1


def test_pictures_follow_the_controls_that_redraw_them():
    """A shown app lists, in each of its browser views, the controls whose press asks the
    kernel for a new picture; every answer of the kernel raises ``settled``."""
    from backprop_tutorial.apps import ChainStepperApp, LandscapeApp

    app = LandscapeApp()
    app._repr_mimebundle_()
    views = app._followers
    assert views and all(isinstance(v, browser.BrowserWidget) for v in views)
    ids = set(views[0].pending_on)
    assert app.controls["w0"].model_id in ids and app.step_button.model_id in ids
    assert all(set(v.pending_on) == ids for v in views)
    before = [v.settled for v in views]
    app.controls["w0"].value = app.controls["w0"].value + 0.5
    assert all(v.settled > b for v, b in zip(views, before, strict=True))
    before = [v.settled for v in views]
    app.step_button.click()
    assert all(v.settled > b for v, b in zip(views, before, strict=True))

    # A step slider the browser follows by itself (redraw=False) is not listed.
    chain = ChainStepperApp()
    chain._repr_mimebundle_()
    listed = set(chain._followers[0].pending_on)
    assert chain.controls["w0"].model_id in listed
    assert chain.stepper.slider.model_id not in listed


def test_a_failing_press_still_ends_pending():
    from backprop_tutorial.apps import LandscapeApp

    app = LandscapeApp()
    app._repr_mimebundle_()
    before = [v.settled for v in app._followers]
    app.guard(lambda: 1 / 0)()
    after = [v.settled for v in app._followers]
    assert app.last_error and all(a > b for a, b in zip(after, before, strict=True))


def test_an_app_with_html_read_outs_only_gets_a_pending_bar():
    """No picture to mark itself pending: a bar along the app's top edge does it."""
    from backprop_tutorial.apps import GradientCheckApp

    app = GradientCheckApp()
    assert not list(app_module._browser_views(app.widget))
    app._repr_mimebundle_()
    (bar,) = app._followers
    assert isinstance(bar, browser.PendingBar) and app.widget.children[0] is bar
    assert app.controls["eps"].model_id in bar.pending_on
    app._repr_mimebundle_()  # shown again: still one bar
    assert sum(isinstance(c, browser.PendingBar) for c in app.widget.children) == 1
    before = bar.settled
    app.controls["w0"].value = 0.25
    assert bar.settled > before


def test_controls_observed_by_the_app_itself_are_followed_too():
    """The expression app's value boxes are rebuilt with the expression; the pictures
    follow the boxes there are now, not the closed ones."""
    from backprop_tutorial.apps import ExpressionApp

    app = ExpressionApp("a * b + a")
    app._repr_mimebundle_()
    ids = set(app._followers[0].pending_on)
    assert {b.model_id for b in app.value_boxes.values()} <= ids
    old = {b.model_id for b in app.value_boxes.values()}
    app.text.value = "x * y * z"
    ids = set(app._followers[0].pending_on)
    assert {b.model_id for b in app.value_boxes.values()} <= ids and not old & ids
