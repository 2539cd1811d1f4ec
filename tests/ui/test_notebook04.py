"""Notebook 4 in a real JupyterLab: every control moved, nothing clipped, no widget errors."""

from __future__ import annotations

import re

import pytest

import backprop_tutorial as bt

from . import harness as h

NOTEBOOK = "04-why-backwards.ipynb"
pytestmark = pytest.mark.browser


def _output_with(page, selector: str):
    return page.locator(h.OUTPUTS).filter(has=page.locator(selector)).first


def _slider(page, scope, name: str):
    label = page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


def _assert_fits(page, out) -> None:
    """Nothing visible in the output area is wider than the area (no clipping, no sideways
    scroll).  Elements of zero height (an app's empty error panel) show nothing."""
    box = out.bounding_box()
    wider = out.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            return [...el.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().height > 0)  // empty: nothing to clip
                .filter(e => e.getBoundingClientRect().right > r.right + 1)
                .map(e => e.className && e.className.baseVal === undefined
                     ? e.className : e.tagName).slice(0, 5);
        }"""
    )
    assert not wider, f"wider than the output area ({box['width']:.0f}px): {wider}"
    assert out.evaluate("el => el.scrollWidth <= el.clientWidth + 1")


def test_notebook04_apps_work(lab_server, page):
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    page.locator(".bt-tally").first.wait_for(timeout=90_000)
    h.wait_for_text(page, "least memory at k = 4", timeout=90_000)
    h.wait_for_canvases(page, count=2, timeout=90_000)
    h.wait_kernel_idle(page)

    # -- the chain in both modes: step forward mode for w0 to the end
    modes = _output_with(page, ".bt-tally")
    modes.scroll_into_view_if_needed()
    step = _slider(page, modes, "step")
    h.slider_press(page, step, "ArrowRight", times=6)
    panel = modes.locator(".bt-step-panel")
    panel.get_by_text("Step 6 of 6 · forward mode for w0").wait_for(timeout=20_000)
    dJ_dw0 = bt.ChainNetwork(x=1.0, y=0.9, w0=0.5, w1=-1.0).trace.grad("w0")
    assert f"this pass gives dJ/dw0 = {dJ_dw0:.3g}" in panel.inner_text()
    assert modes.locator("[data-step]").first.get_attribute("data-step") == "6"
    _assert_fits(page, modes)
    h.screenshot(page, "nb04-forward-w0-end", modes)
    # the second pass, with Play
    modes.get_by_role("button", name="forward mode, seed w1").click()
    panel.get_by_text("Step 0 of 6 · forward mode for w1").wait_for(timeout=20_000)
    modes.locator(".widget-play button").first.click()
    panel.get_by_text("Step 6 of 6 · forward mode for w1").wait_for(timeout=30_000)
    # reverse mode: one backward pass for both
    modes.get_by_role("button", name="reverse mode (backward pass)").click()
    panel.get_by_text("Step 0 of 12").wait_for(timeout=20_000)
    h.slider_press(page, step, "End")
    panel.get_by_text("Step 12 of 12").wait_for(timeout=20_000)
    assert "2 passes, 12 products" in modes.inner_text()
    for name in ("w0", "w1", "x", "y"):
        before = modes.locator(".bt-tally").inner_text()
        h.slider_press(page, _slider(page, modes, name), "ArrowLeft", times=3)
        for _ in range(100):
            if modes.locator(".bt-tally").inner_text() != before:
                break
            page.wait_for_timeout(100)
        assert modes.locator(".bt-tally").inner_text() != before, name
    h.screenshot(page, "nb04-modes-reverse", modes)

    # -- growth: both sliders, the plot, Run both
    growth = _output_with(page, ".bt-growth")
    growth.scroll_into_view_if_needed()
    before = h.canvas_data_urls(page)
    h.slider_press(page, _slider(page, growth, "depth L"), "ArrowRight")
    h.wait_for_text(page, "network [8, 8, 8, 8, 1]")
    h.slider_press(page, _slider(page, growth, "width w"), "ArrowRight", times=4)
    h.wait_for_text(page, "network [12, 12, 12, 12, 1]")
    h.wait_for_canvas_change(page, before)
    growth.get_by_role("button", name="Run both").click()
    growth.get_by_text(re.compile("ran: forward mode made 481 passes")).wait_for(timeout=30_000)
    _assert_fits(page, growth)
    page.wait_for_timeout(600)
    h.screenshot(page, "nb04-growth", growth)

    # -- Jacobian chain: type sizes, switch θ, move both sliders
    jchain = _output_with(page, ".bt-jchain")
    jchain.scroll_into_view_if_needed()
    box = jchain.locator("input[type=text]").first
    box.fill("3, 5, 2")
    box.press("Enter")
    jchain.get_by_text("chain sizes d = [20, 5, 2, 1]").wait_for(timeout=20_000)
    jchain.get_by_role("button", name="θ = the input x").click()
    jchain.get_by_text("chain sizes d = [3, 5, 2, 1]").wait_for(timeout=20_000)
    h.slider_press(page, _slider(page, jchain, "inputs"), "ArrowRight", times=2)
    jchain.get_by_text("network [3, 16, 16, 64]").wait_for(timeout=20_000)
    h.slider_press(page, _slider(page, jchain, "outputs"), "Home")
    jchain.get_by_text("network [3, 16, 16, 1]").wait_for(timeout=20_000)
    _assert_fits(page, jchain)
    h.screenshot(page, "nb04-jacobian-chain", jchain)

    # -- the tape: every slider, then Measure
    tape = _output_with(page, ".bt-tape")
    tape.scroll_into_view_if_needed()
    h.slider_press(page, _slider(page, tape, "k"), "ArrowLeft", times=3)
    tape.get_by_text("checkpoint every k = 1").wait_for(timeout=20_000)
    h.slider_press(page, _slider(page, tape, "depth L"), "ArrowRight", times=4)
    tape.get_by_text(re.compile(r"network \[64\] × 21")).wait_for(timeout=20_000)
    h.slider_press(page, _slider(page, tape, "width"), "ArrowLeft", times=32)
    tape.get_by_text(re.compile(r"network \[32\] × 21")).wait_for(timeout=20_000)
    h.slider_press(page, _slider(page, tape, "batch"), "ArrowLeft", times=56)
    tape.get_by_text(re.compile(r"batch 200:")).wait_for(timeout=20_000)
    h.slider_press(page, _slider(page, tape, "k"), "ArrowRight", times=4)
    tape.get_by_text("checkpoint every k = 5").wait_for(timeout=20_000)
    tape.get_by_role("button", name="Measure").click()
    tape.get_by_text(re.compile("measured peak")).wait_for(timeout=30_000)
    _assert_fits(page, tape)
    page.wait_for_timeout(600)
    h.screenshot(page, "nb04-tape", tape)

    # -- exercise, and nothing failed
    verdict = page.locator(".bt-verdict").first
    verdict.scroll_into_view_if_needed()
    assert "not yet" in verdict.inner_text()
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
