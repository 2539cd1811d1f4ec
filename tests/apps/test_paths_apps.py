"""Notebook 3's apps, driven headless: set widget values, assert on what the browser gets.

The pictures are data (SceneWidget frames, PlotWidget layers, HTML), so the tests check
exactly what is drawn.  A random-control test moves random controls to random values
and checks that no error is lost or left stale, that the widget count stays flat and
that the controls always show the model's state.
"""

from __future__ import annotations

import time

import ipywidgets
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.cost_explorer.app import CostExplorerApp
from backprop_tutorial.apps.cost_explorer.model import (
    METHODS,
    CostExplorerModel,
    cost_sizes,
    multiplications,
)
from backprop_tutorial.apps.influence_paths.app import InfluencePathsApp
from backprop_tutorial.apps.memo_table.app import MemoTableApp
from backprop_tutorial.apps.path_sum_table.app import PathSumTableApp
from backprop_tutorial.core import paths as core
from backprop_tutorial.ui.text import format_count


@pytest.fixture(scope="module")
def cost_model():
    m = CostExplorerModel(
        depths=range(1, 11), widths=range(2, 5), run_limit_seconds=5.0, rng=np.random.default_rng(2)
    )
    m.measure_all()
    return m


# --------------------------------------------------------------------------- influence paths


def test_influence_paths_sends_every_path_once():
    app = InfluencePathsApp((2, 3, 3, 2))
    frames = app.scene.frames
    assert len(frames) == 1 + 6  # frame 0: all paths at once, then one per path
    assert app.path.max == app.play.max == 6
    assert '<b class="bt-count">6</b>' in frames[0]["panels"]["paths"]
    assert "✓ matches" in frames[0]["panels"]["paths"]
    # Frame p highlights exactly path p: its neurons and its edges after the weight.
    for p in range(1, 7):
        nodes = app.model.nodes(p)
        assert set(frames[p]["nodes"]) == {f"n{l}_{n}" for l, n in nodes}
        assert f"path {p} of 6: {app.model.describe(p)}" in frames[p]["panels"]["paths"]
        on = {e for e, v in frames[p]["edges"].items() if v == "path"}
        assert len(on) == len(nodes) - 1  # one edge per later layer, then the cost
        assert frames[p]["edges"]["W[0][0,0]"]["cls"] == "param"
    # Frame 0: an edge is wider the more paths use it (the weight's own edge aside).
    widths = {e: v["width"] for e, v in frames[0]["edges"].items() if v["cls"] == "path"}
    assert widths["W[1][0,0]"] > widths["W[2][0,0]"]  # 2 paths against 1


def test_influence_paths_slider_needs_no_new_frames():
    app = InfluencePathsApp((2, 3, 3, 2))
    frames = app.scene.frames
    app.path.value = 3
    assert app.model.params() == {"weight": "W[0][0,0]", "path": 3}
    assert app.scene.frames is frames and app.frame is frames[3]  # nothing re-sent
    assert app.last_error is None


def test_influence_paths_weight_change_resends_and_resets():
    app = InfluencePathsApp((2, 3, 3, 2))
    app.path.value = 5
    app.weight.value = "W[1][2,0]"
    assert app.model.params() == {"weight": "W[1][2,0]", "path": 0}
    assert app.path.value == 0 and app.path.max == app.play.max == 2
    assert len(app.scene.frames) == 3
    assert "W[1][2,0]" in app.scene.scene["title"]
    tips = {n["id"]: n["tip"] for n in app.scene.scene["nodes"]}
    assert "2 of the 2 paths of W[1][2,0] pass through it" in tips["n2_2"]
    assert "no path of W[1][2,0]" in tips["n1_1"]
    assert app.last_error is None


def test_influence_paths_error_shows_and_controls_snap_back():
    app = InfluencePathsApp((2, 3, 3, 2))
    app.model.max_paths = 1  # any weight of W[0] now has too many paths to draw
    app.weight.value = "W[0][1,0]"
    assert app.last_error is not None and "too many to draw" in app.last_error
    assert app.weight.value == "W[0][0,0]" == app.model.params()["weight"]
    app.path.value = 2  # the next action that works clears the error
    assert app.last_error is None


# --------------------------------------------------------------------------- path-sum table


def test_path_sum_table_shows_rows_sum_and_backprop():
    app = PathSumTableApp()
    html = app.table.value
    assert html.count("<tr") == 1 + 6 + 3  # header, 6 paths, sum, backprop, difference
    assert f"{app.model.path_sum:.15g}" in html and f"{app.model.backprop:.15g}" in html
    assert 'class="bt-table-box' in html and "overflow-x:auto" in html  # scrolls, not clips
    diff = float(app.summary.value.split('bt-diff">')[1].split("<")[0])
    assert diff < 1e-12
    app.weight.value = "W[1][1,1]"
    assert app.model.label == "W[1][1,1]" and "W[1][1,1]" in app.summary.value
    assert app.table.value.count("<tr") == 1 + 2 + 3
    assert app.last_error is None


# --------------------------------------------------------------------------- cost explorer


def test_cost_explorer_depth_moves_only_the_marks(cost_model):
    app = CostExplorerApp(cost_model, depth=3, width=3)
    figure, version = app.plot.figure, app.plot.version
    app.depth.value = 7
    assert "[3, 3, 3, 3, 3, 3, 3, 1]" in app.table.value
    assert format_count(3**7) in app.table.value
    layers = app.plot.layers
    assert layers["here_ops"]["value"] == 7
    assert layers["here_box_ops"]["y"] == [float(multiplications("path_sum", cost_sizes(7, 3)))]
    assert app.plot.figure is figure and app.plot.version == version + 1
    assert app.last_error is None


def test_cost_explorer_width_redraws_curves(cost_model):
    app = CostExplorerApp(cost_model, depth=3, width=2)
    y2 = app.plot.layers["ops_path_sum"]["y"]
    app.width.value = 4
    y4 = app.plot.layers["ops_path_sum"]["y"]
    assert y4[-1] > y2[-1] * 10
    assert app.plot.figure["axes"][0]["yscale"] == "log"
    # Each method has its own marker, not only its own colour.
    markers = {app.plot.layers[f"ops_{m}"]["marker"] for m in METHODS}
    assert len(markers) == 3


def test_cost_explorer_refuses_too_large():
    m = CostExplorerModel(depths=[1, 2, 12], widths=[6], run_limit_seconds=1.0)
    app = CostExplorerApp(m, depth=12, width=6, background=False)
    assert app.row.status == "too_large"
    assert "not run" in app.table.value and "limit" in app.table.value
    app.measure.click()
    assert "Refused" in app.status.value
    assert format_count(app.row.parameter_paths) in app.status.value  # the exact count
    assert not app.running and app.last_error is None


def test_cost_explorer_background_error_stays_until_the_next_success():
    m = CostExplorerModel(depths=[1, 2, 3], widths=[2, 3])
    app = CostExplorerApp(m, depth=3, width=2)
    app.model.measure_here = lambda *x, **k: 1 / 0
    app.measure.click()
    app.wait()
    assert app.last_error is not None and "ZeroDivisionError" in app.last_error
    assert "failed" in app.status.value and "ZeroDivisionError" in app.status.value
    assert not app.depth.disabled and not app.running
    app.stop.click()  # ... until the next action that succeeds
    assert app.last_error is None


def test_cost_explorer_measure_here_in_background_and_stop():
    m = CostExplorerModel(
        depths=[1, 2, 8, 9],
        widths=[4],
        auto_seconds=1e-6,
        run_limit_seconds=60,
        rng=np.random.default_rng(3),
    )
    app = CostExplorerApp(m, depth=8, width=4)
    assert app.row.status == "runnable"
    app.measure.click()
    assert app.depth.disabled or not app.running  # sliders wait while a run is going
    app.wait()
    assert "done" in app.status.value, app.status.value
    assert not app.depth.disabled and not app.width.disabled
    assert app.row.status == "measured" and app.progress.value == 1000
    assert "run:" in app.table.value
    assert 8.0 in app.plot.layers["measured_path_sum"]["x"]  # the new point is drawn
    # A longer run, stopped from the "kernel" while the thread works.
    app.depth.value = 9
    assert app.status.value == ""  # the old shape's status does not linger
    app.measure.click()
    deadline = time.monotonic() + 10
    while app.progress.value == 0 and app.running and time.monotonic() < deadline:
        time.sleep(0.01)
    app.stop.click()
    app.wait()
    assert "stopped" in app.status.value or "done" in app.status.value
    assert app.last_error is None


# --------------------------------------------------------------------------- memo table


def test_memo_table_frames():
    app = MemoTableApp()
    frames = app.scene.frames
    assert len(frames) == 1 + 7
    assert frames[0]["panels"]["table"].count("—") == 7 and frames[0]["nodes"] == {}
    f2 = frames[2]
    assert "δ[1][0]" in f2["panels"]["rule"] and "reads 1 stored entry)" in f2["panels"]["rule"]
    assert "bt-active" in f2["nodes"]["n2_0"]["cls"]  # delta[1][0] on neuron 0 of layer 2
    assert "bt-upstream" in f2["nodes"]["n3_0"]["cls"]  # it reads delta[2][0]
    assert f2["edges"] == {"W[2][0,0]": "backward"}
    assert "n1_0" not in f2["nodes"]  # delta[0][0] not computed yet: shows "—"
    last = frames[-1]
    assert "Table complete" in last["panels"]["rule"] and "—" not in last["panels"]["table"]
    app.step.value = 4
    assert app.model.params() == {"step": 4} and app.scene.frames is frames
    nodes = {n["id"]: n for n in app.scene.scene["nodes"]}
    assert nodes["n2_0"]["lines"][:2] == ["δ[1][0]", "13 terms"]
    assert "read 7 times" not in nodes["n2_0"]["tip"] and "reads it 7 times" in nodes["n2_0"]["tip"]
    assert app.last_error is None


# --------------------------------------------------------------------------- random controls


def _apps(cost_model):
    return [
        InfluencePathsApp((2, 3, 3, 2)),
        PathSumTableApp(),
        CostExplorerApp(cost_model, background=False),
        MemoTableApp(),
    ]


def _value_for(widget, u: float):
    """The value at fraction ``u`` of a control's range or options (None: a button)."""
    if isinstance(widget, ipywidgets.Button):
        return None
    if isinstance(widget, ipywidgets.Dropdown):
        options = list(widget.options)
        return options[min(len(options) - 1, int(u * len(options)))]
    return widget.min + round(u * (widget.max - widget.min))


def n_widgets() -> int:
    return len(ipywidgets.widgets.widget._instances)


@pytest.fixture(scope="module")
def warm_apps(cost_model):
    apps = _apps(cost_model)
    for app in apps:  # warm-up: every control once
        for w in app.controls.values():
            if not isinstance(w, ipywidgets.Button):
                w.value = _value_for(w, 1.0)
    return apps


# Each action: which app, which control, where in its range, and whether the background
# measurement is made to fail.  Drawn up front, so the draws do not depend on the state.
actions_st = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 20), st.floats(0, 1), st.booleans()),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=actions_st)
def test_random_control_sequences(warm_apps, actions):
    before = n_widgets()
    for i_app, i_control, u, fail in actions:
        app = warm_apps[i_app]
        names = sorted(app.controls)
        name = names[i_control % len(names)]
        widget = app.controls[name]
        if getattr(widget, "disabled", False):
            continue  # a learner cannot press it either
        value = _value_for(widget, u)
        if value is not None and value == widget.value:
            continue  # no change, no event: not an action
        if value is None and name == "measure" and fail:
            original = app.model.measure_here
            app.model.measure_here = lambda *a, **k: 1 / 0
            try:
                widget.click()
            finally:
                app.model.measure_here = original
            assert app.last_error and "ZeroDivisionError" in app.last_error  # never lost
            assert "failed" in app.status.value
            continue
        if value is None:
            widget.click()
        else:
            widget.value = value
        # A successful action leaves no stale error behind.
        assert app.last_error is None, (name, value, app.last_error)
        params = app.model.params()
        for key, (w, _, _) in app._bound.items():
            assert w.value == params[key], (type(app).__name__, key)
    assert n_widgets() == before  # nothing leaks


def test_cost_explorer_slider_work_is_cached(cost_model, monkeypatch):
    app = CostExplorerApp(cost_model, depth=2, width=3)

    def boom(*a, **k):
        raise AssertionError("a slider move over the measured grid must not enumerate")

    monkeypatch.setattr(core, "path_sum_gradients", boom)
    for d in range(1, 11):
        app.depth.value = d
    assert app.last_error is None
