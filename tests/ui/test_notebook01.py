"""Notebook 1 in a real JupyterLab: run all, step to the end, move w0, no widget errors."""

from __future__ import annotations

import re

import pytest

import backprop_tutorial as bt

from . import harness as h

NOTEBOOK = "01-simplest-network.ipynb"
pytestmark = pytest.mark.browser


def _output_with(page, selector: str):
    """The cell output area holding an element matching ``selector``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(selector)).first


def _slider(page, scope, name: str):
    label = page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


def test_notebook01_apps_work(lab_server, page):
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    # Three graph steppers drawn in the browser (SVG), the landscape and its loss curve.
    page.locator(".bt-svg").nth(2).wait_for(timeout=90_000)
    h.wait_for_canvases(page, count=2, timeout=90_000)
    h.wait_for_text(page, "they agree", timeout=60_000)  # the gradient-check app
    h.wait_kernel_idle(page)
    h.screenshot(page, "nb01-top")

    # -- the first stepper: to the last step, the side panel shows the last backward step
    stepper_out = _output_with(page, ".bt-step-panel")
    stepper_out.scroll_into_view_if_needed()
    step_slider = _slider(page, stepper_out, "step")
    h.slider_press(page, step_slider, "ArrowRight", times=12)
    last = bt.ChainNetwork(x=1.0, y=0.9, w0=0.5, w1=-1.0).trace.backward_steps[-1]
    numbers = f"upstream {last.upstream:.3g} × local {last.local:.3g} = {last.product:.3g}"
    panel = stepper_out.locator(".bt-step-panel")
    panel.get_by_text("Step 12 of 12").wait_for(timeout=20_000)
    assert numbers in panel.inner_text()
    assert "dJ/dw0 = dJ/dp0 × ∂p0/∂w0" in panel.inner_text()
    assert h.slider_readout(step_slider) == "12"
    # The picture shows frame 12, drawn in the browser; it fits its output area.
    scene = stepper_out.locator("[data-step]").first
    assert scene.get_attribute("data-step") == "12"
    svg_box = stepper_out.locator(".bt-svg").bounding_box()
    out_box = stepper_out.bounding_box()
    assert svg_box["x"] + svg_box["width"] <= out_box["x"] + out_box["width"] + 1
    h.screenshot(page, "nb01-stepper-end", stepper_out)

    # -- the chain app with its chain-rule panel
    chain_out = _output_with(page, ".bt-chain-panel")
    chain_out.scroll_into_view_if_needed()
    h.slider_press(page, _slider(page, chain_out, "step"), "ArrowRight", times=12)
    chain_out.locator(".bt-chain-panel").get_by_text("step 12 of 12").wait_for(timeout=20_000)
    assert "dJ/dp1: 2×" in chain_out.locator(".bt-chain-panel").inner_text()
    # Hovering a node shows its value, gradient and formula.
    chain_out.locator('.bt-node[data-id="p0"]').hover()
    tip = chain_out.locator(".bt-tip-on")
    tip.wait_for(timeout=5_000)
    assert "p0 = w0" in tip.inner_text() and "dJ/dp0" in tip.inner_text()
    h.screenshot(page, "nb01-chain-app", chain_out)

    # -- the landscape: move w0, the point moves (canvas pixels change)
    land_out = _output_with(page, ".bt-landscape-status")
    land_out.scroll_into_view_if_needed()
    canvas = land_out.locator(h.FIGURE_CANVAS).first
    before = canvas.evaluate("c => c.toDataURL()")
    h.slider_press(page, _slider(page, land_out, "w0"), "ArrowRight", times=4)
    land_out.get_by_text("w0 = 0.700").wait_for(timeout=20_000)
    deadline_ms, changed = 15_000, False
    for _ in range(deadline_ms // 100):
        if canvas.evaluate("c => c.toDataURL()") != before:
            changed = True
            break
        page.wait_for_timeout(100)
    assert changed, "the landscape canvas did not change after moving w0"
    land_out.get_by_role("button", name=re.compile("run 20 steps")).click()
    land_out.get_by_text("steps taken: 20").wait_for(timeout=20_000)
    page.wait_for_timeout(800)
    h.screenshot(page, "nb01-landscape", land_out)

    # -- gradient check, fan-out (Play button), exercises
    h.screenshot(page, "nb01-gradcheck", _output_with(page, ".bt-gradcheck"))
    fan_out = page.locator(h.OUTPUTS).filter(has=page.locator(".bt-step-panel")).nth(2)
    fan_out.scroll_into_view_if_needed()
    fan_out.locator(".widget-play button").first.click()  # ▶ (jslinked to the slider)
    fan_out.locator(".bt-step-panel").get_by_text("Step 4 of 4").wait_for(timeout=20_000)
    h.screenshot(page, "nb01-fan-out", fan_out)
    verdict = page.locator(".bt-verdict").first
    verdict.scroll_into_view_if_needed()
    assert "not yet" in verdict.inner_text()
    assert page.locator(".bt-solution").count() == 3
    h.screenshot(page, "nb01-exercise-1", verdict)

    # -- no widget failed, no app shows an error
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
