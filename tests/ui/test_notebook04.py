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


def _plot_host(scope):
    """The element holding the first PlotWidget in ``scope``: the browser writes its
    ``data-version`` once the layers it was sent are drawn."""
    return scope.locator(".bt-plot").first.locator("..")


def _plot_version(scope) -> int:
    return int(_plot_host(scope).get_attribute("data-version") or -1)


def _wait_plot_change(page, scope, before: int) -> int:
    """Wait until the plot in ``scope`` has drawn a version after ``before``."""
    page.wait_for_function(
        "([el, v]) => +(el.dataset.version || -1) > v",
        arg=[_plot_host(scope).element_handle(), before],
    )
    return _plot_version(scope)


def _assert_plot_drawn(scope, layers) -> None:
    for layer in layers:
        assert scope.locator(f'.bt-plot [data-layer="{layer}"] > *').count() > 0, layer


def test_notebook04_apps_work(lab_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    page.locator(".bt-tally").first.wait_for(timeout=h.RUN_ALL_TIMEOUT)
    h.wait_for_text(page, "least memory at k = 4", timeout=h.RUN_ALL_TIMEOUT)
    page.wait_for_function(
        "() => document.querySelectorAll('.bt-plot svg [data-layer]').length > 0",
        timeout=h.RUN_ALL_TIMEOUT,
    )
    h.wait_kernel_idle(page)
    # The file browser is open beside the notebook, as a learner has it.
    assert page.locator(".jp-FileBrowser").first.is_visible()
    assert page.locator(".bt-plot").count() == 2  # growth and tape: no ipympl figure left
    assert page.locator(h.FIGURE_CANVAS).count() == 0

    # -- the chain in both modes: step forward mode for w0 to the end
    modes = _output_with(page, ".bt-tally")
    modes.scroll_into_view_if_needed()
    step = _slider(page, modes, "step")
    h.slider_press(page, step, "ArrowRight", times=6)
    panel = modes.locator(".bt-step-panel")
    panel.get_by_text("Step 6 of 6 · forward mode for w0").wait_for()
    dJ_dw0 = bt.ChainNetwork(x=1.0, y=0.9, w0=0.5, w1=-1.0).trace.grad("w0")
    h.expect_text(panel, f"this pass gives dJ/dw0 = {dJ_dw0:.3g}")
    h.expect(modes.locator("[data-step]").first).to_have_attribute("data-step", "6")
    _assert_fits(page, modes)
    h.screenshot(page, "nb04-forward-w0-end", modes)
    # the second pass, with Play
    modes.get_by_role("button", name="forward mode, tangent seed w1").click()
    panel.get_by_text("Step 0 of 6 · forward mode for w1").wait_for()
    modes.locator(".widget-play button").first.click()
    panel.get_by_text("Step 6 of 6 · forward mode for w1").wait_for()
    # reverse mode: one backward pass for both
    modes.get_by_role("button", name="reverse mode (backward pass)").click()
    panel.get_by_text("Step 0 of 12").wait_for()
    h.slider_press(page, step, "End")
    panel.get_by_text("Step 12 of 12").wait_for()
    h.expect_text(modes, "2 passes, 12 products")
    tally = modes.locator(".bt-tally")
    for name in ("w0", "w1", "x", "y"):
        before = tally.inner_text()
        h.slider_press(page, _slider(page, modes, name), "ArrowLeft", times=3)
        page.wait_for_function(
            "([el, t]) => el.innerText !== t", arg=[tally.element_handle(), before]
        )
    h.screenshot(page, "nb04-modes-reverse", modes)

    # -- growth: both sliders, the plot, Run both
    growth = _output_with(page, ".bt-growth")
    growth.scroll_into_view_if_needed()
    _assert_plot_drawn(growth, ("forward", "reverse", "here", "caption"))
    before = _plot_version(growth)
    h.slider_press(page, _slider(page, growth, "depth L"), "ArrowRight")
    h.wait_for_text(page, "network [8, 8, 8, 8, 1]")
    before = _wait_plot_change(page, growth, before)
    growth.locator("text", has_text="depth L = 4:").wait_for()
    h.slider_press(page, _slider(page, growth, "width w"), "ArrowRight", times=4)
    h.wait_for_text(page, "network [12, 12, 12, 12, 1]")
    _wait_plot_change(page, growth, before)
    growth.locator("text", has_text="your network [12, 12, 12, 12, 1]").wait_for()
    growth.get_by_role("button", name="Run both").click()
    growth.get_by_text(re.compile("ran: forward mode made 481 passes")).wait_for()
    _assert_fits(page, growth)
    h.screenshot(page, "nb04-growth", growth)

    # -- Jacobian chain: type sizes, switch θ, move both sliders
    jchain = _output_with(page, ".bt-jchain")
    jchain.scroll_into_view_if_needed()
    box = jchain.locator("input[type=text]").first
    box.fill("3, 5, 2")
    box.press("Enter")
    jchain.get_by_text("chain sizes d = [20, 5, 2, 1]").wait_for()
    jchain.get_by_role("button", name="θ = the input x").click()
    jchain.get_by_text("chain sizes d = [3, 5, 2, 1]").wait_for()
    h.slider_press(page, _slider(page, jchain, "inputs"), "ArrowRight", times=2)
    jchain.get_by_text("network [3, 16, 16, 64]").wait_for()
    h.slider_press(page, _slider(page, jchain, "outputs"), "Home")
    jchain.get_by_text("network [3, 16, 16, 1]").wait_for()
    _assert_fits(page, jchain)
    h.screenshot(page, "nb04-jacobian-chain", jchain)

    # -- the tape: every slider, then Measure
    tape = _output_with(page, ".bt-tape")
    tape.scroll_into_view_if_needed()
    _assert_plot_drawn(tape, ("bars", "chosen_label", "sqrt_L", "work_line", "work_chosen"))
    h.screenshot(page, "nb04-tape-k4", tape)
    for name, key, times, text in (
        ("k", "ArrowLeft", 3, "checkpoint every k = 1"),
        ("depth L", "ArrowRight", 4, re.compile(r"network \[64\] × 21")),
        ("width", "ArrowLeft", 32, re.compile(r"network \[32\] × 21")),
        ("batch", "ArrowLeft", 56, re.compile(r"batch 200:")),
        # k's range grew with the depth (1..16 -> 1..20): End and Home reach its ends
        # as they are now (helpers.js sliderEndsKnowTheirRange), not as it was created.
        ("k", "End", 1, re.compile(r"checkpoint every k = 20:")),
        ("k", "Home", 1, re.compile(r"checkpoint every k = 1:")),
        ("k", "ArrowRight", 4, "checkpoint every k = 5"),
    ):
        before = _plot_version(tape)
        h.slider_press(page, _slider(page, tape, name), key, times=times)
        tape.get_by_text(text).wait_for()
        _wait_plot_change(page, tape, before)
    tape.locator("text", has_text="chosen k = 5:").first.wait_for()
    h.expect(tape.locator('[data-layer="bars"] rect')).to_have_count(20)  # depth 20: k = 1..20
    tape.get_by_role("button", name="Measure").click()
    tape.get_by_text(re.compile("measured peak")).wait_for()
    _assert_fits(page, tape)
    h.screenshot(page, "nb04-tape", tape)

    # -- exercise, and nothing failed
    verdict = page.locator(".bt-verdict").first
    verdict.scroll_into_view_if_needed()
    h.expect_text(verdict, "not yet")
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
    ours = [e for e in page.console_errors if "pageerror" in e]
    assert not ours, ours
