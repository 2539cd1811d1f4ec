"""Notebook 3's apps, driven headless: set widget values, assert on artists and HTML."""

from __future__ import annotations

import time

import numpy as np
import pytest

from backprop_tutorial import paths as core
from backprop_tutorial.models import paths as pm
from backprop_tutorial.widgets import CostExplorer, InfluencePaths, MemoTable, PathSumTable


@pytest.fixture(scope="module")
def cost_model():
    m = pm.CostModel(
        depths=range(1, 11), widths=range(2, 5), run_limit_seconds=5.0, rng=np.random.default_rng(2)
    )
    m.measure_all()
    return m


def test_influence_paths_slider_moves_the_drawn_path():
    app = InfluencePaths((2, 3, 3, 2))
    assert '<b class="bt-count">6</b>' in app.info.value and "✓ matches" in app.info.value
    before = np.array(app.plot.path_line.get_xydata())
    app.path.value = 6  # numbered from 1
    after = np.array(app.plot.path_line.get_xydata())
    assert not np.array_equal(before, after)
    assert "path 6 of 6" in app.info.value
    # The drawn path is the model's path: same neurons, then the cost.
    expected = app.plot._xy(app.model.nodes(app.model.paths[5]))
    assert np.allclose(after, expected)
    assert app.last_error is None


def test_influence_paths_all_at_once_and_weight_change():
    app = InfluencePaths((2, 3, 3, 2))
    assert len(app.plot.all_paths.get_segments()) == 0
    app.show_all.value = True
    assert len(app.plot.all_paths.get_segments()) == 6
    app.path.value = 4
    app.weight.value = "W[0][2,1]"
    assert app.path.value == 1 and app.path.max == 6
    assert app.model.label == "W[0][2,1]"
    assert "W[0][2,1]" in app.plot.weight_text.get_text()
    assert len(app.plot.all_paths.get_segments()) == 6
    assert app.last_error is None


def test_influence_paths_wider_network():
    app = InfluencePaths((3, 4, 5, 2))
    assert app.model.count == 10 and app.path.max == 10


def test_path_sum_table_shows_rows_sum_and_backprop():
    app = PathSumTable()
    html = app.table.value
    assert html.count("<tr") == 1 + 6 + 3  # header, 6 paths, sum, backprop, difference
    assert f"{app.model.path_sum:.15g}" in html and f"{app.model.backprop:.15g}" in html
    diff = float(app.summary.value.split('bt-diff">')[1].split("<")[0])
    assert diff < 1e-12
    app.weight.value = "W[0][1,1]"
    assert app.model.label == "W[0][1,1]" and "W[0][1,1]" in app.summary.value
    assert app.last_error is None


def test_cost_explorer_depth_slider_updates_table_and_plot(cost_model):
    app = CostExplorer(cost_model, depth=3, width=3)
    table_before = app.table.value
    x_before = app.plot.here[0].get_xdata()[0]
    app.depth.value = 7
    assert app.table.value != table_before
    assert "[3, 3, 3, 3, 3, 3, 3, 1]" in app.table.value
    assert pm.format_count(3**7) in app.table.value
    assert app.plot.here[0].get_xdata()[0] == 7 != x_before
    assert app.plot.here_ops.get_ydata()[0] == pm.multiplications("path_sum", pm.cost_sizes(7, 3))
    assert app.last_error is None


def test_cost_explorer_width_slider_redraws_curves(cost_model):
    app = CostExplorer(cost_model, depth=3, width=2)
    y2 = app.plot.theory[("ops", "path_sum")].get_ydata().copy()
    app.width.value = 4
    y4 = app.plot.theory[("ops", "path_sum")].get_ydata()
    assert y4[-1] > y2[-1] * 10
    assert "width 4" in app.legend.value


def test_cost_explorer_refuses_too_large():
    m = pm.CostModel(depths=[1, 2, 12], widths=[6], run_limit_seconds=1.0)
    app = CostExplorer(m, depth=12, width=6)
    assert app.row.status == "too_large"
    assert "not run" in app.table.value and "limit" in app.table.value
    app.measure.click()
    assert "Refused" in app.status.value
    assert not app.running and app.last_error is None


def test_cost_explorer_measure_here_in_background_and_stop():
    m = pm.CostModel(
        depths=[1, 2, 8, 9],
        widths=[4],
        auto_seconds=1e-6,
        run_limit_seconds=60,
        rng=np.random.default_rng(3),
    )
    app = CostExplorer(m, depth=8, width=4)
    assert app.row.status == "runnable"
    app.measure.click()
    assert app.depth.disabled or not app.running  # sliders wait while a run is going
    app._thread and app._thread.join(60)
    assert "done" in app.status.value, app.status.value
    assert not app.depth.disabled and not app.width.disabled
    assert app.row.status == "measured" and app.progress.value == 1000
    assert "run:" in app.table.value
    # A longer run, stopped from the "kernel" while the thread works.
    app.depth.value = 9
    app.measure.click()
    deadline = time.monotonic() + 10
    while app.progress.value == 0 and app.running and time.monotonic() < deadline:
        time.sleep(0.01)
    app.stop.click()
    app._thread and app._thread.join(60)
    assert "stopped" in app.status.value or "done" in app.status.value
    assert app.last_error is None


def test_cost_explorer_slider_latency(cost_model):
    app = CostExplorer(cost_model, depth=2, width=3)
    times = []
    for i in range(20):
        t0 = time.perf_counter()
        app.depth.value = 1 + (i % 10)
        times.append(time.perf_counter() - t0)
    assert np.median(times) < 0.06


def test_memo_table_steps():
    app = MemoTable()
    assert app.table.value.count("—") == 7
    app.step.value = 2
    assert "δ[1][0]" in app.rule.value and "reads 1 stored entry)" in app.rule.value
    assert app.plot.values[(2, 0)].get_text() != "—"
    assert app.plot.values[(0, 0)].get_text() == "—"
    assert len(app.plot.read_edges.get_segments()) == 1
    app.step.value = app.model.n_steps
    assert "Table complete" in app.rule.value
    assert "—" not in app.table.value
    assert app.last_error is None


def test_errors_show_in_the_app():
    app = InfluencePaths()
    app.model.max_paths = 1  # any weight now has too many paths to draw
    app.weight.value = "W[0][1,0]"
    assert app.last_error is not None and "too many to draw" in app.last_error


def test_core_refuses_beyond_max_paths():
    from backprop_tutorial import Network

    net = Network([4] * 12 + [1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="would visit"):
        core.path_sum_gradients(net, np.zeros((1, 4)), np.zeros((1, 1)))
