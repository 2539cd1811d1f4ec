"""Notebook 3 in a real JupyterLab: run it, move the sliders, check tables and plots update."""

from __future__ import annotations

import re

import pytest

from . import harness as h

NOTEBOOK = "03-paths-vs-dynamic-programming.ipynb"


def _settle(page, quiet_ms: int = 600, timeout_s: float = 15) -> None:
    """Wait until no ipympl canvas changes for ``quiet_ms``: several key presses each
    trigger a redraw, and a screenshot should show the last one."""
    import time

    deadline = time.monotonic() + timeout_s
    last = h.canvas_data_urls(page)
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet_ms)
        now = h.canvas_data_urls(page)
        if now == last:
            return
        last = now


def _output_with(page, text):
    """The cell output area that contains ``text``."""
    return page.locator(h.OUTPUTS).filter(has_text=text).first


@pytest.mark.browser
def test_notebook03_runs_and_sliders_update(lab_server, page):
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    # The last app (memo table) and the cost explorer have rendered.
    h.wait_for_text(page, "reaches the cost along", timeout=60_000)
    h.wait_for_text(page, "input-to-output paths: 3 × 3 × 3 × 3 × 3 × 1", timeout=60_000)
    h.wait_for_text(page, "Empty table", timeout=60_000)
    h.wait_for_text(page, "backward / forward multiplications", timeout=60_000)
    h.wait_for_canvases(page, count=3)
    h.assert_no_widget_errors(page)

    # --- influence paths: the path slider moves the drawn path
    influence = _output_with(page, "reaches the cost along")
    before = h.canvas_data_urls(page)
    h.slider_press(
        page, h.sliders_by_description(page, re.compile(r"^path$")).first, "ArrowRight", times=2
    )
    h.wait_for_text(page, "path 3 of 6")
    h.wait_for_canvas_change(page, before)
    _settle(page)
    h.screenshot(page, "nb03-influence-paths", influence)

    # --- path-sum table: rendered with its sum and backprop rows
    table = _output_with(page, "sum over paths")
    assert "backpropagation" in table.inner_text()
    h.screenshot(page, "nb03-path-sum-table", table)

    # --- cost explorer: the depth slider updates the table and the plot
    explorer = _output_with(page, "time ÷ backprop")
    depth = h.sliders_by_description(page, "depth L").first
    assert h.slider_readout(depth) == "5"
    before = h.canvas_data_urls(page)
    h.slider_press(page, depth, "ArrowRight", times=2)
    h.wait_for_text(page, "sizes [3, 3, 3, 3, 3, 3, 3, 1]")
    h.wait_for_text(page, "3 × 3 × 3 × 3 × 3 × 3 × 3 × 1 = 2,187")
    h.wait_for_canvas_change(page, before)
    _settle(page)
    h.screenshot(page, "nb03-cost-explorer-depth7", explorer)

    # Far too large: the table explains, and the button refuses instead of hanging.
    h.slider_press(page, depth, "End")
    h.slider_press(page, h.sliders_by_description(page, re.compile(r"^width$")).first, "End")
    h.wait_for_text(page, re.compile(r"sizes \[6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 1\]"))
    assert "over the" in explorer.inner_text()
    explorer.get_by_role("button", name="Measure here").click()
    h.wait_for_text(page, "Refused: the path sum would take")
    _settle(page)
    h.screenshot(page, "nb03-cost-explorer-refused", explorer)

    # Affordable but not instant: runs in the background, with progress, and finishes.
    h.slider_press(page, h.sliders_by_description(page, re.compile(r"^width$")).first, "Home")
    h.slider_press(page, depth, "Home")
    h.slider_press(page, depth, "ArrowRight", times=10)  # width 2, depth 11
    h.wait_for_text(page, "sizes [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1]")
    if "Measure here" in explorer.inner_text() and "not run yet" in explorer.inner_text():
        explorer.get_by_role("button", name="Measure here").click()
        h.wait_for_text(page, re.compile(r"done in|stopped"), timeout=60_000)

    # --- memo table: stepping fills the table
    before = h.canvas_data_urls(page)
    h.slider_press(
        page, h.sliders_by_description(page, re.compile(r"^step$")).first, "ArrowRight", times=4
    )
    h.wait_for_text(page, "Step 4 of 7")
    h.wait_for_canvas_change(page, before)
    _settle(page)
    h.screenshot(page, "nb03-memo-table-step4", _output_with(page, "Step 4 of 7"))

    h.assert_no_widget_errors(page)
    h.screenshot(page, "nb03-page")
