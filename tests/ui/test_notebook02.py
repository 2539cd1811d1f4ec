"""Notebook 2 in a real JupyterLab: run all, train more epochs and see the boundary change,
Stop a run, the slice and the meter; no widget errors (sections 1-3, the pictures:
test_notebook02_pictures.py)."""

from __future__ import annotations

import re

import pytest

from . import harness as h

NOTEBOOK = "02-general-network.ipynb"
pytestmark = pytest.mark.browser


def _app(page, css_class: str):
    """The cell output area holding the app with ``css_class``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(f".{css_class}")).first


def _canvas_url(scope, index: int = 0) -> str:
    return scope.locator(h.FIGURE_CANVAS).nth(index).evaluate("c => c.toDataURL()")


def _wait_canvas_change(page, scope, before: str, index: int = 0, timeout_ms: int = 20_000) -> str:
    for _ in range(timeout_ms // 100):
        now = _canvas_url(scope, index)
        if now != before:
            return now
        page.wait_for_timeout(100)
    raise AssertionError("the canvas did not change")


def test_notebook02_apps_work(lab_server, page):
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    # The ipympl figures of sections 4-6: boundary + loss, landscape slice, gradient meter
    # (the pictures of sections 1-3 are SVG: tests/ui/test_notebook02_pictures.py).
    h.wait_for_canvases(page, count=4, timeout=120_000)
    h.wait_for_text(page, "not yet", timeout=60_000)  # the unsolved exercise runs
    h.wait_for_text(page, re.compile(r"epoch 300 · loss"), timeout=60_000)
    h.wait_kernel_idle(page)
    page.wait_for_timeout(800)
    h.screenshot(page, "nb02-top")

    # -- 4. train more epochs: progress, boundary canvas changes
    train = _app(page, "bt-training")
    train.scroll_into_view_if_needed()
    boundary_before = _canvas_url(train, 0)
    train.get_by_role("button", name="Train").click()
    train.locator(".bt-training-status").get_by_text(re.compile(r"^epoch 600 ")).wait_for(
        timeout=60_000
    )
    _wait_canvas_change(page, train, boundary_before, 0)
    page.wait_for_timeout(600)
    h.screenshot(page, "nb02-training", train)

    # -- Stop: a long run ends early (the kernel hears the click between chunks)
    epochs = page.locator(h.WIDGET_LABEL, has_text=re.compile(r"^epochs$"))
    epochs_slider = train.locator(h.SLIDER).filter(has=epochs).first
    h.slider_press(page, epochs_slider, "End")
    train.locator(h.SLIDER_READOUT).filter(has_text="2000").first.wait_for(timeout=10_000)
    train.get_by_role("button", name="Train").click()
    page.wait_for_timeout(700)
    train.get_by_role("button", name="Stop").click()
    page.wait_for_function(
        """() => {
            const b = [...document.querySelectorAll('.bt-training button')]
                .find(x => x.innerText.trim() === 'Train');
            return b && !b.disabled;
        }""",
        timeout=30_000,
    )
    status = train.locator(".bt-training-status").inner_text()
    epoch = int(re.search(r"epoch (\d+)", status).group(1))
    assert 600 < epoch < 2600, status

    # -- 5, 6. landscape slice and gradient meter are drawn
    for name in ("bt-landscape-slice", "bt-gradient-meter"):
        out = _app(page, name)
        out.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        h.screenshot(page, f"nb02-{name[3:]}", out)
    meter = _app(page, "bt-gradient-meter")
    before = _canvas_url(meter)
    depth = page.locator(h.WIDGET_LABEL, has_text=re.compile(r"^hidden layers$"))
    h.slider_press(page, meter.locator(h.SLIDER).filter(has=depth).first, "ArrowRight", times=4)
    meter.get_by_text(re.compile(r"^depth 12 ")).wait_for(timeout=20_000)
    _wait_canvas_change(page, meter, before)

    # -- no widget failed, no app shows an error
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
