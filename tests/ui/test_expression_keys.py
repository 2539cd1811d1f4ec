"""ExpressionApp's Home and End after its number of steps changed, in a real JupyterLab.

Typing a longer expression gives the step slider a larger maximum. The slider's own End
and Home must reach the new last and first step (noUiSlider alone keeps the range it was
created with for those two keys; helpers.js puts that right in our outputs), and so must
the picture's own stepping control, a focused node.
"""

from __future__ import annotations

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

CELLS = [
    "from backprop_tutorial.apps import ExpressionApp",
    "expression_app = ExpressionApp()\nexpression_app",
]
LONGER = "(a + b) * (b + 1) * c"


def test_end_and_home_reach_the_new_last_and_first_step(lab_server, page, tmp_path):
    name = lab_server.add_notebook(h.write_notebook(tmp_path / "expression-keys.ipynb", CELLS))
    h.open_notebook(page, lab_server, name)
    h.run_all(page)
    app = page.locator(".bt-expression").first
    app.locator(".bt-node").first.wait_for(timeout=60_000)
    scene = app.locator("[data-step]").first
    frames_before = int(scene.get_attribute("data-frames"))

    box = app.locator(".widget-text input[type=text]").first
    box.fill(LONGER)
    box.press("Enter")
    page.wait_for_function(
        "([el, n]) => parseInt(el.dataset.frames, 10) > n",
        arg=[scene.element_handle(), frames_before],
        timeout=30_000,
    )
    last = int(scene.get_attribute("data-frames")) - 1
    slider = app.locator(h.SLIDER).filter(has=page.locator(h.WIDGET_LABEL, has_text="step"))
    handle = slider.locator(h.SLIDER_HANDLE).first
    page.wait_for_function(
        "([el, n]) => parseFloat(el.getAttribute('aria-valuemax')) === n",
        arg=[handle.element_handle(), last],
        timeout=30_000,
    )
    # The slider's own End and Home reach the new ends (noUiSlider alone keeps the range
    # it was created with: helpers.js sliderEndsKnowTheirRange).
    h.slider_press(page, slider, "End")
    h.expect_text(app.locator(".bt-step-panel").first, f"Step {last} of {last}")
    h.expect(slider.locator(h.SLIDER_READOUT).first).to_have_text(str(last))
    h.slider_press(page, slider, "Home")
    h.expect(scene).to_have_attribute("data-step", "0")
    h.slider_press(page, slider, "End")
    h.expect(scene).to_have_attribute("data-step", str(last))

    node = app.locator(".bt-node").first
    node.focus()
    node.press("End")
    h.expect_text(app.locator(".bt-step-panel").first, f"Step {last} of {last}")
    assert scene.get_attribute("data-step") == str(last)
    node.press("Home")
    page.wait_for_function("(el) => el.dataset.step === '0'", arg=scene.element_handle())
    h.assert_no_widget_errors(page)
