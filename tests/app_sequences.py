"""Random control sequences for the apps (issue 14): a random control, a random value
from its range or options (invalid text in text boxes too), then the checks:

- no error lost: a rejected value shows its error in the app's panel;
- no error left stale: after an accepted value the panel is empty;
- the controls show the model's state (``model.params()``) after every action;
- the number of live widgets stays flat after a warm-up (nothing leaks).

Used by test_training_app.py, test_landscape_slice_app.py, test_gradient_meter_app.py.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
from hypothesis import strategies as st

from backprop_tutorial.ui.widgets.app import _same

# Text a learner might type into a box: numbers, junk, huge numbers.
JUNK = st.one_of(
    st.sampled_from(["", "8, 8", "4", "16, x", "0", "-3", "[3 3]", "9" * 5000, "1e3", "2;2"]),
    st.lists(st.integers(-1, 40), max_size=4).map(lambda v: ", ".join(map(str, v))),
    st.text(max_size=6),
)


def value_strategy(w, overrides: dict, name: str):
    """A strategy for a new value of control ``w`` (None for a button)."""
    if name in overrides:
        return overrides[name]
    if isinstance(w, widgets.Button):
        return None
    if isinstance(w, widgets.widget_selection._Selection):
        return st.sampled_from([o[1] if isinstance(o, tuple) else o for o in w.options])
    if isinstance(w, widgets.FloatLogSlider):
        return st.floats(w.min, w.max).map(lambda e: w.base**e)
    if isinstance(w, (widgets.IntSlider, widgets.BoundedIntText)):
        return st.integers(w.min, w.max)
    if isinstance(w, widgets.FloatSlider):
        return st.floats(w.min, w.max)
    if isinstance(w, widgets.Text):
        return JUNK
    raise AssertionError(f"no strategy for control {name!r} ({type(w).__name__})")


def bound_controls_match(app) -> None:
    params = {}
    for name, (widget, tolerance, model) in app._bound.items():
        model = app.model if model is None else model
        p = params.setdefault(id(model), model.params())
        if widget.layout.display == "none":
            continue  # hidden controls still hold a value, but need not be checked
        assert _same(widget.value, p[name], tolerance or 1e-12) or (
            isinstance(p[name], float) and math.isclose(widget.value, p[name], rel_tol=1e-9)
        ), f"{type(app).__name__}.{name} shows {widget.value!r}, the model has {p[name]!r}"


def act(app, name, value) -> bool:
    """Press a button or set a value, as the browser would; whether anything was sent
    (a value equal to the control's sends no change, and so changes nothing)."""
    w = app.controls[name]
    if isinstance(w, widgets.Button):
        w.click()
        return True
    fired = w.value != value
    w.value = value
    return fired


def check_after(app, accepted: bool | None) -> None:
    """``accepted``: True/False when known, None when the action sent nothing."""
    if accepted is True:
        assert app.last_error is None, f"stale error after an accepted change: {app.last_error}"
        assert not app.errors.outputs
    elif accepted is False:
        assert app.last_error, "a rejected change showed no error"
        assert app.errors.outputs  # it is in the panel, not only in last_error
    if app.last_error is not None:
        shown = app.errors.outputs[0]["data"]["text/html"] if app.errors.outputs else ""
        assert html.escape(app.last_error) in shown, "the panel shows another error"
    else:
        assert not app.errors.outputs
    bound_controls_match(app)


def warm_up(app) -> None:
    """Every control once (first uses may create cached objects), errors cleared."""
    for name in sorted(app.controls):
        w = app.controls[name]
        act(app, name, None if isinstance(w, widgets.Button) else w.value)
    app.clear_error()


def run(app, data, steps: int, accepts, overrides=None, warm: bool = True) -> None:
    """``steps`` random actions on ``app`` (after a warm-up), checked after each.

    ``accepts(name, value)`` says whether the model takes the value (True/False, or
    None when the test cannot tell).
    """
    overrides = overrides or {}
    if warm:
        warm_up(app)
    baseline = widget_count()
    for _ in range(steps):
        name = data.draw(st.sampled_from(sorted(app.controls)), label="control")
        strategy = value_strategy(app.controls[name], overrides, name)
        value = None if strategy is None else data.draw(strategy, label=name)
        expected = accepts(name, value)
        fired = act(app, name, value)
        check_after(app, expected if fired else None)
    assert widget_count() == baseline, "widgets leaked"


def widget_count() -> int:
    from ipywidgets.widgets import widget

    return len(widget._instances)
