"""Notebook 2's picture apps (sections 1-3) in a real JupyterLab, at 1366x768 with the file
browser open and at 1920x1080: every control moved, every output within its output area,
labels inside their circles, no two weight squares overlapping, hover tips, no widget errors.
"""

from __future__ import annotations

import re

import pytest

from . import harness as h

NOTEBOOK = "02-general-network.ipynb"
pytestmark = pytest.mark.browser

# Every output no wider than its area, and nothing cut off inside a box that scrolls or
# hides sideways; elements of zero height (an empty error panel) show nothing.  Returns the
# offenders' classes (at most 5).
_WIDER = """(el) => {
    const r = el.getBoundingClientRect();
    const name = e => (e.className && e.className.baseVal === undefined ? e.className : e.tagName);
    const all = [...el.querySelectorAll('*')].filter(e => e.getBoundingClientRect().height > 0);
    const wide = all.filter(e => e.getBoundingClientRect().right > r.right + 1).map(name);
    const clips = all.filter(e => ['auto', 'scroll', 'hidden', 'clip']
            .includes(getComputedStyle(e).overflowX)
        && e.scrollWidth > e.clientWidth + 1 && !e.closest('.bt-scroll')
        && !e.closest('.bt-sr-only'))  // text for screen readers only: clipped on purpose
        .map(e => 'clips: ' + name(e));
    return [...wide, ...clips].slice(0, 5);
}"""

# Texts inside a circle that are wider than the circle at their height, and pairs of square
# (or diamond) nodes whose boxes overlap; in SVG units, as drawn by the browser's fonts.
_GEOMETRY = """(el) => {
    const misfit = [], overlap = [];
    const squares = [];
    for (const g of el.querySelectorAll('.bt-node')) {
        const shape = g.querySelector('.bt-shape');
        if (shape.tagName === 'circle') {
            const r = +shape.getAttribute('r'), cy = +shape.getAttribute('cy');
            for (const t of g.querySelectorAll('text')) {
                if (!t.textContent) continue;
                const b = t.getBBox();
                const dy = Math.abs(b.y + b.height / 2 - cy) + 0.35 * b.height;
                const chord = 2 * Math.sqrt(Math.max(0, r * r - dy * dy));
                if (b.width > chord + 1) misfit.push(`${g.dataset.id}: ${t.textContent}`);
            }
        } else {
            squares.push([g.dataset.id, shape.getBBox()]);
        }
    }
    for (let i = 0; i < squares.length; i++)
        for (let j = i + 1; j < squares.length; j++) {
            const [a, p] = squares[i], [b, q] = squares[j];
            if (p.x < q.x + q.width && q.x < p.x + p.width &&
                p.y < q.y + q.height && q.y < p.y + p.height) overlap.push(`${a} / ${b}`);
        }
    return {misfit: misfit.slice(0, 5), overlap: overlap.slice(0, 5)};
}"""


def _app(page, css_class: str):
    """The cell output area holding the app with ``css_class``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(f".{css_class}")).first


def _fits(out) -> None:
    wider = out.evaluate(_WIDER)
    assert not wider, f"wider than the output area ({out.bounding_box()['width']:.0f}px): {wider}"
    assert out.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    geo = out.evaluate(_GEOMETRY)
    assert geo == {"misfit": [], "overlap": []}, geo


def _type(scope, text: str, index: int = 0) -> None:
    box = scope.locator("input[type=text]").nth(index)
    box.fill(text)
    box.press("Enter")


def _node(scope, name: str):
    return scope.locator(f'.bt-node[data-id="{name}"]').first


def _open_file_browser(page) -> None:
    """The file browser open in the left area, as a learner has it."""
    if not page.locator("#filebrowser").is_visible():
        page.locator('.lm-TabBar-tab[data-id="filebrowser"]').first.click()
    page.locator("#filebrowser").wait_for(state="visible")


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_notebook02_pictures(lab_server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    tag = f"nb02p-{width}"
    h.open_notebook(page, lab_server, NOTEBOOK)
    _open_file_browser(page)
    h.run_all(page)
    for css in ("bt-two-pictures", "bt-shared-gradient", "bt-layer-stepper"):
        page.locator(f".{css} .bt-svg").first.wait_for(timeout=h.RUN_ALL_TIMEOUT)
    h.wait_for_text(page, "not yet", timeout=h.RUN_ALL_TIMEOUT)  # the unsolved exercise ran
    h.wait_kernel_idle(page)

    # -- 1. the two pictures: toggle, sizes box
    two = _app(page, "bt-two-pictures")
    two.scroll_into_view_if_needed()
    _fits(two)
    h.screenshot(page, f"{tag}-pictures-neurons", two)
    two.get_by_role("button", name="graph after surgery").click()
    _node(two, "W[0][0,0]").wait_for()
    two.get_by_text("After surgery: every weight").wait_for()
    _fits(two)
    h.screenshot(page, f"{tag}-pictures-surgery", two)
    _type(two, "3, 4, 4, 2")
    _node(two, "W[2][1,3]").wait_for()
    h.expect_text(two, "n = 36 weights")
    _fits(two)  # [3, 4, 4, 2]: squares apart, labels inside (issue 11)
    _node(two, "W[1][2,3]").hover()
    tip = two.locator(".bt-tip-on")
    tip.wait_for()
    h.expect_text(tip, "W[1][2,3] = ")
    h.screenshot(page, f"{tag}-pictures-3442", two)
    two.get_by_role("button", name="neurons as nodes").click()
    two.get_by_text(re.compile(r"^Neurons as nodes, weights on edges: an edge")).wait_for()
    _fits(two)
    h.screenshot(page, f"{tag}-pictures-3442-neurons", two)

    # -- 2. shared delta: both dropdowns, the sizes box, a hover
    shared = _app(page, "bt-shared-gradient")
    shared.scroll_into_view_if_needed()
    h.expect_text(shared, "★ delta[1] = dJ/dS[1]")
    _fits(shared)
    h.screenshot(page, f"{tag}-shared", shared)
    text = shared.locator(".bt-shared-panel")
    shared.locator("select").nth(1).select_option("W[1][1,2]")
    text.get_by_text(re.compile(r"dJ/dW\[1\]\[1,2\] = ")).wait_for()
    shared.locator("select").nth(0).select_option("W[0][2,1]")
    text.get_by_text(re.compile(r"dJ/dW\[0\]\[2,1\] = ")).wait_for()
    h.expect_text(shared, "dJ/dS[1][1]")
    _node(shared, "S[1][1]").hover()
    tip = shared.locator(".bt-tip-on")
    tip.wait_for()
    h.expect_text(tip, "delta[1][1] = dJ/dS[1][1]")
    _fits(shared)
    h.screenshot(page, f"{tag}-shared-layers", shared)
    _type(shared, "3, 4, 4, 2")
    _node(shared, "W[2][1,3]").wait_for()
    h.expect(shared.locator("select").nth(0)).to_have_value("W[0][2,1]")  # still exists
    _fits(shared)
    h.screenshot(page, f"{tag}-shared-3442", shared)

    # -- 3. the layer stepper: Play and the step slider move the picture in the browser
    stepper = _app(page, "bt-layer-stepper")
    stepper.scroll_into_view_if_needed()
    scene = stepper.locator("[data-step]").first
    # It opens at its last step, where the prose reads the deltas; Home goes back to 0.
    h.expect(scene).to_have_attribute("data-step", "6")
    label = page.locator(h.WIDGET_LABEL, has_text=re.compile(r"^step$"))
    slider = stepper.locator(h.SLIDER).filter(has=label).first
    h.slider_press(page, slider, "Home")
    page.wait_for_function("(el) => el.dataset.step === '0'", arg=scene.element_handle())
    stepper.locator(".widget-play button").first.click()
    page.wait_for_function("(el) => +el.dataset.step >= 2", arg=scene.element_handle())
    stepper.locator(".widget-play button").nth(1).click()  # stop
    # Play draws a step first and moves the slider after that frame (scene.js
    # followSteppers): once it has stopped, both show the same step.
    page.wait_for_function(
        "([el, s]) => s.querySelector('.widget-readout').textContent.trim() === el.dataset.step",
        arg=[scene.element_handle(), slider.element_handle()],
    )
    h.slider_press(page, slider, "End")
    panel = stepper.locator(".bt-layer-panel")
    panel.get_by_text("Step 6 of 6").wait_for()
    h.expect(scene).to_have_attribute("data-step", "6")
    h.expect(slider.locator(h.SLIDER_READOUT).first).to_have_text("6")
    h.expect_text(panel, "Done: the backward pass reached the input")
    _node(stepper, "a[1][0]").hover()
    tip = stepper.locator(".bt-tip-on")
    tip.wait_for()
    h.expect_text(tip, "delta[0][0] = (W[1]^T delta[1])[0]")
    _fits(stepper)
    h.screenshot(page, f"{tag}-stepper-end", stepper)
    h.slider_press(page, slider, "ArrowLeft", times=1)  # a backward step: dashed, reversed
    panel.get_by_text("Step 5 of 6").wait_for()
    h.expect(stepper.locator(".bt-edge.bt-backward")).to_have_count(3)
    h.screenshot(page, f"{tag}-stepper-back", stepper)
    # hidden activation, seed, sizes, then node by node
    stepper.locator("select").first.select_option("relu")
    stepper.locator("input[type=number]").first.fill("6")
    stepper.locator("input[type=number]").first.press("Enter")
    h.slider_press(page, slider, "Home")
    h.slider_press(page, slider, "ArrowRight")
    panel.get_by_text(re.compile("Every neuron of layer 1 is inactive")).wait_for()
    _fits(stepper)
    h.screenshot(page, f"{tag}-stepper-relu", stepper)
    _type(stepper, "3, 4, 4, 2")
    _node(stepper, "a[2][3]").wait_for()
    _fits(stepper)
    _type(stepper, "2, 2, 1")
    stepper.get_by_role("button", name="node by node").click()
    stepper.locator(".bt-step-panel").first.wait_for()
    _fits(stepper)
    h.screenshot(page, f"{tag}-stepper-nodes", stepper)
    stepper.get_by_role("button", name="layer by layer").click()
    _node(stepper, "a[1][1]").wait_for(state="visible")

    # -- the exercise verdict has no missing-glyph box, and nothing failed
    verdict = page.locator(".bt-verdict").first
    verdict.scroll_into_view_if_needed()
    h.expect(verdict).to_have_text(re.compile("^\u270e not yet"), use_inner_text=True)
    h.screenshot(page, f"{tag}-exercise", verdict)
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
