"""Notebook 1's models and apps under random and hostile input (issue 14).

Property tests: any value given to a model's ``set`` (or ``set_step``, ``step``) is either
accepted, leaving the model in a valid state that ``params()`` reports, or refused with a
ValueError that leaves the model exactly as it was.  Random control sequences drive the
apps like a learner would (and break the model now and then): no error is lost or left
stale, no widget leaks, and every control shows the model's value.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.chain_stepper.model import ChainStepperModel
from backprop_tutorial.apps.fan_out.model import FanOutModel
from backprop_tutorial.apps.gradient_check.model import GradientCheckModel
from backprop_tutorial.apps.landscape.model import LandscapeModel
from backprop_tutorial.ui.chain_params import RANGES

widgets = pytest.importorskip("backprop_tutorial.apps")
ipywidgets = pytest.importorskip("ipywidgets")

ANY = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-10, 10),
    st.integers(-(10**6), 10**6),
    st.sampled_from([10**400, -(10**400), 10**5000, True, None, "0.5", "abc", "", [1.0]]),
    st.just(np.float64(0.25)),
    st.just(np.array([0.5])),
)
NAMES = ("x", "y", "w0", "w1", "learning_rate")


def snapshot(model) -> dict:
    out = dict(model.params())
    if hasattr(model, "stepper"):
        out["_k"] = model.stepper.k
        out["_trace"] = id(model.stepper.trace)
    if isinstance(model, LandscapeModel):
        out["_path"] = model.path.tobytes()
    if isinstance(model, GradientCheckModel):
        out["_check"] = id(model.check)
    return out


def valid(name, value) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
        return False
    try:
        v = float(value)
    except OverflowError:
        return False
    lo, hi = RANGES[name][:2]
    return math.isfinite(v) and lo <= v <= hi


@settings(max_examples=150)
@given(
    cls=st.sampled_from([ChainStepperModel, LandscapeModel]),
    changes=st.dictionaries(st.sampled_from(NAMES + ("lr", "w2")), ANY, max_size=3),
)
def test_set_is_atomic_and_validated(cls, changes):
    m = cls()
    before = snapshot(m)
    ok = all(n in NAMES and valid(n, v) for n, v in changes.items())
    if not ok:
        with pytest.raises(ValueError):
            m.set(**changes)
        assert snapshot(m) == before
        return
    m.set(**changes)
    p = m.params()
    for name, value in changes.items():
        assert p[name] == float(value)
    assert all(math.isfinite(v) for v in p.values())
    assert math.isfinite(m.network.loss) and np.all(np.isfinite(m.network.gradient()))


@settings(max_examples=100)
@given(
    kw=st.dictionaries(st.sampled_from(NAMES), ANY, max_size=2),
    k=st.one_of(st.integers(-3, 15), ANY),
)
def test_construction_refuses_what_set_refuses(kw, k):
    ok = all(valid(n, v) for n, v in kw.items())
    k_ok = (
        isinstance(k, (int, float))
        and not isinstance(k, bool)
        and -1 < k < 13
        and math.isfinite(k)
        and k == int(k)
    )
    if ok and k_ok:
        assert ChainStepperModel(**kw, k=k).stepper.k == int(k)
    else:
        with pytest.raises(ValueError):
            ChainStepperModel(**kw, k=k)
    if ok:
        assert LandscapeModel(**kw).params()
    else:
        with pytest.raises(ValueError):
            LandscapeModel(**kw)


@settings(max_examples=100)
@given(k=ANY)
def test_set_step_refuses_anything_but_a_step(k):
    m = ChainStepperModel()
    m.set_step(3)
    try:
        m.set_step(k)
    except ValueError:
        assert m.stepper.k == 3 and m.stepper.active == "p1"
    else:
        assert 0 <= m.stepper.k <= 12 and m.stepper.k == k


@settings(max_examples=60)
@given(
    start=st.tuples(st.floats(-6, 6), st.floats(-6, 6)),
    x=st.floats(-3, 3),
    y=st.floats(0, 1),
    rate=st.floats(0.1, 60),
    n=st.integers(1, 300),
)
def test_descent_stays_on_the_map_and_finite(start, x, y, rate, n):
    m = LandscapeModel(x=x, y=y, w0=start[0], w1=start[1], learning_rate=rate)
    rows = m.step(n)
    assert len(rows) <= n and m.n_taken == len(rows)
    assert np.all(np.isfinite(m.path)) and np.all(np.abs(m.path[:, :2]) <= 6.0)
    assert bool(m.stopped) == (len(rows) < n)
    p = m.params()
    assert (p["w0"], p["w1"]) == tuple(m.path[-1, :2])


@pytest.mark.parametrize("n", [0, -1, 10**7, 10**400, 2.5, float("nan"), "5", None])
def test_landscape_step_counts_are_bounded(n):
    m = LandscapeModel()
    with pytest.raises(ValueError, match="steps"):
        m.step(n)
    assert m.n_taken == 0


@settings(max_examples=80)
@given(kind=st.one_of(st.sampled_from(["square", "shared_weight"]), ANY), value=ANY)
def test_fan_out_model_set_is_atomic(kind, value):
    m = FanOutModel()
    before = snapshot(m)
    kind_ok = kind in ("square", "shared_weight") if isinstance(kind, str) else False
    value_ok = (
        not isinstance(value, bool)
        and isinstance(value, (int, float, np.floating))
        and valid("x", value)  # -3..3, as the fan-out value
    )
    if kind_ok and value_ok:
        m.set(kind=kind, value=value)
        assert m.params() == {"kind": kind, "value": float(value)}
    else:
        with pytest.raises(ValueError):
            m.set(kind=kind, value=value)
        assert snapshot(m) == before


@settings(max_examples=60)
@given(eps=ANY)
def test_gradient_check_model_eps(eps):
    m = GradientCheckModel()
    before = snapshot(m)
    try:
        m.set(eps=eps)
    except ValueError:
        assert snapshot(m) == before
    else:
        assert 1e-12 <= m.eps <= 0.1 and math.isfinite(m.check.relative_error)


# -- construction of the apps ---------------------------------------------------------------


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: widgets.ChainStepperApp(learning_rate=-1), "learning_rate"),
        (lambda: widgets.ChainStepperApp(learning_rate=0), "learning_rate"),
        (lambda: widgets.ChainStepperApp(learning_rate=float("nan")), "learning_rate"),
        (lambda: widgets.ChainStepperApp(w0=100.0), "w0"),
        (lambda: widgets.ChainStepperApp(k=99), "step"),
        (lambda: widgets.LandscapeApp(grid=10**5), "10,000,000,000 values"),
        (lambda: widgets.LandscapeApp(grid=1), "grid"),
        (lambda: widgets.LandscapeApp(n_run=0), "n_run"),
        (lambda: widgets.LandscapeApp(learning_rate=1000.0), "learning_rate"),
        (lambda: widgets.GradientCheckApp(eps=0.0), "eps"),
        (lambda: widgets.GradientCheckApp(y="high"), "y"),
        (lambda: widgets.FanOutApp(kind="triangle"), "kind"),
        (lambda: widgets.FanOutApp(value=float("inf")), "value"),
    ],
)
def test_apps_refuse_invalid_values_at_construction(make, match):
    with pytest.raises(ValueError, match=match):
        make()


# -- random control sequences on the apps -----------------------------------------------------

APPS = {
    "chain": lambda: widgets.ChainStepperApp(),
    "landscape": lambda: widgets.LandscapeApp(n_run=5),
    "gradcheck": lambda: widgets.GradientCheckApp(),
    "fan_out": lambda: widgets.FanOutApp(),
}


def step_model(app):
    return app.model.stepper if hasattr(app.model, "stepper") else None


def value_controls(app) -> dict:
    """Controls bound to a model parameter, plus the step slider (the stepper's)."""
    out = {name: w for name, (w, _, _) in app._bound.items()}
    if isinstance(app.controls.get("step"), ipywidgets.IntSlider):
        out["step"] = app.controls["step"]
    return out


def random_value(w, draw_float):
    if isinstance(w, ipywidgets.Dropdown):
        return [o[1] if isinstance(o, tuple) else o for o in w.options][
            int(draw_float * len(w.options)) % len(w.options)
        ]
    if isinstance(w, ipywidgets.FloatLogSlider):
        return w.base ** (w.min + draw_float * (w.max - w.min))
    if isinstance(w, ipywidgets.IntSlider):
        return int(round(w.min + draw_float * (w.max - w.min)))
    return round((w.min + draw_float * (w.max - w.min)) / w.step) * w.step


def assert_controls_show_the_model(app):
    params = app.model.params()
    for name, (w, tolerance, _) in app._bound.items():
        v = params[name]
        if isinstance(v, float):
            assert abs(w.value - v) <= tolerance + 1e-12, (name, w.value, v)
        else:
            assert w.value == v, (name, w.value, v)
    stepper = step_model(app)
    if stepper is not None and isinstance(app.controls.get("step"), ipywidgets.IntSlider):
        assert app.controls["step"].value == stepper.k
        assert app.controls["step"].max == stepper.n_steps


ACTION = st.tuples(
    st.sampled_from(["move", "move", "move", "click", "fail"]),
    st.integers(0, 50),
    st.floats(0, 1),
)


def run(app, actions):
    controls = value_controls(app)
    names = sorted(controls)
    buttons = sorted(n for n, w in app.controls.items() if isinstance(w, ipywidgets.Button))
    for kind, which, where in actions:
        if kind == "click" and buttons:
            app.controls[buttons[which % len(buttons)]].click()
            assert app.last_error is None, app.last_error
        elif kind == "fail":
            # The model refuses the next change (as a broken model would): the error must
            # show, and the control must snap back to the model's value.
            name = sorted(app._bound)[which % len(app._bound)]
            w = app._bound[name][0]
            value = random_value(w, where)
            model = app.model
            if value == w.value:
                continue

            def broken(**kw):
                raise ValueError("deliberately refused")

            model.set = broken
            try:
                w.value = value
            finally:
                del model.set
            if app.last_error is not None:
                assert "deliberately refused" in app.last_error
        else:
            name = names[which % len(names)]
            w = controls[name]
            value = random_value(w, where)
            before = w.value
            w.value = value
            changed = value != before
            if changed and name != "step":
                tolerance = app._bound[name][1]
                moved = abs(value - before) > tolerance if isinstance(value, float) else True
                if moved:
                    assert app.last_error is None, app.last_error  # not left stale
        assert_controls_show_the_model(app)


@pytest.mark.parametrize("name", sorted(APPS))
@settings(max_examples=25)
@given(actions=st.lists(ACTION, min_size=1, max_size=25))
def test_random_control_sequences(name, actions):
    app = APPS[name]()
    run(app, actions)
    assert_controls_show_the_model(app)


@pytest.mark.parametrize("name", sorted(APPS))
def test_no_widget_leaks_over_many_changes(name):
    app = APPS[name]()
    rng = np.random.default_rng(0)
    actions = [
        (str(k), int(i), float(f))
        for k, i, f in zip(
            rng.choice(["move", "move", "click", "fail"], 200),
            rng.integers(0, 50, 200),
            rng.random(200),
            strict=True,
        )
    ]
    run(app, actions[:50])  # warm-up
    count = widget_count()
    run(app, actions[50:])
    assert widget_count() == count


def widget_count() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the registry is what we count
        return len(ipywidgets.Widget.widgets)
