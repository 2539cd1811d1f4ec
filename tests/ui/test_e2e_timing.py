"""The page-side timing of benchmarks/browser.py, on a tiny notebook: an anywidget SVG
whose ``step`` is jslinked to a slider must give a finite positive duration in the first
frame after the press, presses can be spread over the frame, and a slider that changes no
picture must time out (the method cannot report zeros). No timing thresholds here: the
numbers belong to benchmarks/."""

from __future__ import annotations

import importlib.util
import math

import pytest

from . import harness as h


def _browser_module():
    spec = importlib.util.spec_from_file_location(
        "bt_bench_browser", h.REPO_ROOT / "benchmarks" / "browser.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.browser
def test_press_to_picture_timing(lab_server, browser, tmp_path):
    pytest.importorskip("anywidget")
    e2e = _browser_module()
    name = lab_server.add_notebook(e2e.write_sanity_notebook(tmp_path / "e2e-sanity.ipynb"))
    page = e2e.new_page(browser)
    h.bound_waits(page.context)
    try:
        e2e.open_and_run(page, lab_server, name)
        h.assert_no_widget_errors(page)
        controls = {c["label"]: c for c in e2e.discover(page)}
        assert {"frequency", "step", "step (canvas)", "nothing"} <= set(controls), controls
        assert controls["step"]["step"] and not controls["nothing"]["step"]
        assert controls["step"]["pictures"] >= 1  # the anywidget's SVG is its picture

        # The SVG's <rect>s and the canvas (redrawn in requestAnimationFrame) changed,
        # not the slider's readout.
        for label, seen in (("step", "rect"), ("step (canvas)", "canvas pixels")):
            linked = controls[label]
            e2e.prepare(page, linked["id"])
            for i in range(3):  # (the timeout only bounds a hang)
                r = e2e.press(page, linked["id"], i, timeout_ms=h.TIMEOUT, settle_ms=200)
                assert r["outcome"] == "picture", r
                assert math.isfinite(r["ms"]) and r["ms"] > 0, r
                assert seen in r["what"], r
                # Drawn at once, or in the view's own animation frame: either way in the
                # first frame the page draws after the press (frames count from 1).
                assert r["picture_frame"] == 1, r

        # Spread over the frame: each press comes after its delay, and together they come
        # at many moments of a frame, not all the same few ms after one (the settle check
        # runs in frames, so undelayed presses would all wait almost a frame).
        linked = controls["step"]
        delays = e2e.press_delays(10)
        after = []
        for i in range(10):
            d = next(delays)
            assert 0 < d < e2e.FRAME_MS
            r = e2e.press(page, linked["id"], i, timeout_ms=h.TIMEOUT, settle_ms=200, delay_ms=d)
            assert r["outcome"] == "picture" and r["picture_frame"] == 1, r
            assert r["delay_ms"] == d and r["after_frame_ms"] >= d, r
            after.append(r["after_frame_ms"])
        assert max(after) - min(after) > 5, after
        unspread = e2e.press_delays(10, spread=False)
        assert {next(unspread) for _ in range(3)} == {0.0}

        # A slider linked to nothing: waiting longer would see nothing more (no kernel
        # is involved), so the short timeouts here are the outcome under test, not a bound.
        idle = controls["nothing"]
        e2e.prepare(page, idle["id"])
        r = e2e.press(page, idle["id"], 0, timeout_ms=1500, settle_ms=200)
        assert r["outcome"] == "timeout", r
        assert r["ms"] is None and r["picture_ms"] is None, r
        assert r["control_ms"] is not None, r  # the slider itself did move

        row = e2e.time_control(
            page, idle, list(controls.values()), presses=2, warmup=0, timeout_ms=1000, settle_ms=200
        )
        assert row["n"] == 0 and row["failures"] == 2 and math.isnan(row["median_ms"]), row
    finally:
        page.context.close()
