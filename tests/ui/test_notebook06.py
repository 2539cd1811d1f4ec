"""Notebook 6 in a real JupyterLab with the file browser open, at 1366x768 and 1920x1080:
run all; the stepper of the Value graph e = (a + b)(b + 1) plays and steps; the
ExpressionApp takes a typed expression, a new value, every step and the forward mode, and
its graph and panel change each time; nothing wider than its output area, no widget
errors.  Screenshots go to BT_SCREENSHOT_DIR."""

from __future__ import annotations

import re
import time

import pytest

from . import harness as h
from .test_notebook01 import OVERFLOW_JS
from .test_notebook02_pictures import _fits, _open_file_browser

NOTEBOOK = "06-build-it-break-it.ipynb"
pytestmark = pytest.mark.browser


def _slider(page, scope, name: str):
    label = page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


def _node_ids(scope) -> set:
    return set(scope.locator(".bt-node").evaluate_all("ns => ns.map(n => n.dataset.id)"))


def _wait_changed(page, locator, before: str, timeout: float = h.TIMEOUT) -> None:
    """Wait until ``locator``'s text is no longer ``before``."""
    page.wait_for_function(
        "([el, t]) => el.innerText !== t",
        arg=[locator.element_handle(), before],
        timeout=timeout,
    )


def _to_end(page, slider, panel, last: str | re.Pattern) -> None:
    """Step to the end with → until the panel shows ``last``.

    Not with End: once a new graph has given the slider a larger maximum, End in the
    browser still stops at the first graph's last step (seen here: 9 of 11, while
    aria-valuemax says 11), and → goes on.  A press before the new range has arrived
    from the kernel stops short too, hence the loop: → to the slider's maximum, then a
    short look for ``last``; until it shows, or ``h.TIMEOUT`` (a busy kernel may take
    seconds to send the new range)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    handle = slider.locator(h.SLIDER_HANDLE).first
    deadline = time.monotonic() + h.TIMEOUT / 1000
    while time.monotonic() < deadline:
        now, top = (int(float(handle.get_attribute(a))) for a in ("aria-valuenow", "aria-valuemax"))
        h.slider_press(page, slider, "ArrowRight", times=max(top - now, 1))
        try:
            panel.get_by_text(last).wait_for(timeout=2_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the step slider never reached {last!r}: {panel.inner_text()!r}")


def _assert_page_fits(page, label: str) -> None:
    clipped = page.evaluate(OVERFLOW_JS, h.OUTPUTS)
    assert not clipped, f"{label}:\n" + "\n".join(clipped)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_notebook06_apps_work(lab_server, page, width, height):
    tag = f"nb06-{width}"
    page.set_viewport_size({"width": width, "height": height})
    h.open_notebook(page, lab_server, NOTEBOOK)
    _open_file_browser(page)
    h.run_all(page)
    expression = page.locator(".bt-expression").first
    expression.locator(".bt-node").first.wait_for(timeout=h.RUN_ALL_TIMEOUT)  # the last cell's app
    h.wait_cells_done(page, timeout=h.RUN_ALL_TIMEOUT)
    # Checker verdicts, the zoo and both trainings printed what the prose talks about.
    for text in ("after zero_grad() and backward()", "largest difference", "your lines:"):
        h.wait_for_text(page, text)
    assert page.locator(".jp-FileBrowser").first.is_visible()
    h.assert_no_widget_errors(page)
    h.screenshot(page, f"{tag}-top")
    _assert_page_fits(page, "after run all")

    # -- the stepper of the Value graph: Play moves it in the browser, End to the last step
    stepper = (
        page.locator(h.OUTPUTS)
        .filter(has=page.locator(".bt-step-panel"))
        .filter(has_not=page.locator(".bt-expression"))
        .first
    )
    stepper.scroll_into_view_if_needed()
    assert _node_ids(stepper) >= {"a", "b"}
    scene = stepper.locator("[data-step]").first
    h.expect(scene).to_have_attribute("data-step", "0")
    stepper.locator(".widget-play button").first.click()
    page.wait_for_function("(el) => +el.dataset.step >= 2", arg=scene.element_handle())
    stepper.locator(".widget-play button").nth(1).click()  # pause
    h.slider_press(page, _slider(page, stepper, "step"), "End")
    panel = stepper.locator(".bt-step-panel")
    panel.get_by_text("Step 9 of 9 · backward pass").wait_for()
    h.expect_text(panel, "so far = 5 (complete)")  # de/db = 5, both uses of b
    h.expect(scene).to_have_attribute("data-step", "9")
    _fits(stepper)
    h.screenshot(page, f"{tag}-value-stepper", stepper)

    # -- the ExpressionApp: Colah's graph, as the notebook builds it
    out = page.locator(h.OUTPUTS).filter(has=expression).first
    out.scroll_into_view_if_needed()
    assert _node_ids(expression) == {"a", "b", "1", "c", "d", "e"}
    summary = expression.locator(".widget-html").first
    h.expect_text(expression, "de/db = 5")
    _fits(out)
    h.screenshot(page, f"{tag}-expression-colah", out)

    # A value box: b = 1 -> 2 changes e and its gradients.
    before = summary.inner_text()
    b_label = page.locator(h.WIDGET_LABEL, has_text=re.compile(r"^b$"))
    b_box = expression.locator(".widget-text", has=b_label)
    b_box.locator("input").last.fill("2")
    b_box.locator("input").last.press("Enter")
    _wait_changed(page, summary, before)
    h.expect_text(expression, "de/db = 7")  # (a + b) + (b + 1) at a = 2, b = 2

    # Steps: the slider to the end and back; the panel follows.
    step = _slider(page, expression, "step")
    ex_panel = expression.locator(".bt-step-panel").first
    h.slider_press(page, step, "End")
    ex_panel.get_by_text("Step 9 of 9 · backward pass").wait_for()
    h.slider_press(page, step, "ArrowLeft", times=6)
    ex_panel.get_by_text("Step 3 of 9 · forward pass").wait_for()

    # A typed expression: a new graph, new value boxes.
    text_box = expression.locator(".widget-text input[type=text]").first
    text_box.fill("tanh(w * x + c) ** 2")
    text_box.press("Enter")
    page.wait_for_function("() => document.querySelector('.bt-expression .bt-node[data-id=\"w\"]')")
    assert {"w", "x", "c"} <= _node_ids(expression)  # the inputs' names
    assert "1" not in _node_ids(expression)  # the constant of (b + 1) is gone
    h.expect(expression.locator("input[type=number]")).to_have_count(3)
    _fits(out)
    _to_end(page, step, ex_panel, "Step 11 of 11 · backward pass")
    h.screenshot(page, f"{tag}-expression-typed", out)

    # Forward mode for w: the dropdown changes the pass and restarts the steps.
    expression.locator("select").first.select_option(label="forward mode for w")
    ex_panel.get_by_text(re.compile(r"^Step 0 of \d+ · forward mode for w")).wait_for()
    _to_end(page, step, ex_panel, re.compile(r"this pass gives d\w+/dw = "))
    h.screenshot(page, f"{tag}-expression-forward", out)

    # Play runs the steps in the browser.
    h.slider_press(page, step, "Home")
    ex_scene = expression.locator("[data-step]").first
    expression.locator(".widget-play button").first.click()
    page.wait_for_function("(el) => +el.dataset.step >= 2", arg=ex_scene.element_handle())
    expression.locator(".widget-play button").nth(1).click()  # pause

    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0, page.locator(".bt-error").all_inner_texts()
    _assert_page_fits(page, "after every control")
    ours = [e for e in page.console_errors if "pageerror" in e]
    assert not ours, ours
