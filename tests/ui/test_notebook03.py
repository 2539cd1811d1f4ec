"""Notebook 3 in a real JupyterLab, at 1366x768 with the file browser open and at 1920x1080:
run all, move every control of the four apps, hover the pictures; nothing wider than its
output area, no "Error displaying widget", no error panel."""

from __future__ import annotations

import re

import pytest

from . import harness as h

NOTEBOOK = "03-paths-vs-dynamic-programming.ipynb"
pytestmark = pytest.mark.browser

# Every output's visible content must fit inside the output area (1 px of rounding).
# Content inside a box that scrolls sideways (overflow-x auto/scroll) is clipped by that
# box, not by the output area: the box itself must fit, what it holds may scroll.
OVERFLOW_JS = """(sel) => [...document.querySelectorAll(sel)].flatMap((out, i) => {
    const box = out.getBoundingClientRect();
    if (box.width === 0) return [];
    const scrolls = (e) => {
        for (let p = e.parentElement; p && p !== out; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
        }
        return false;
    };
    const wide = [...out.querySelectorAll('*')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > box.right + 1 && !scrolls(e);
    });
    const cls = (e) => (e.className && e.className.baseVal === undefined ? e.className : '');
    return wide.length ? [`output ${i}: ${wide.length} element(s) past the right edge, ` +
        `e.g. ${wide[0].tagName}.${cls(wide[0])} right=${wide[0].getBoundingClientRect()
        .right.toFixed(0)} > ${box.right.toFixed(0)}`] : [];
})"""

# Boxes that do scroll sideways: reported so that a screenshot can be checked.
SCROLLING_JS = """(sel) => [...document.querySelectorAll(sel + ' .bt-table-box')]
    .filter(b => b.scrollWidth > b.clientWidth + 1)
    .map(b => `${b.className}: ${b.scrollWidth} > ${b.clientWidth}`)"""


def _app(page, css_class: str):
    """The cell output area holding the app with ``css_class``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(f".{css_class}")).first


def _slider(scope, name: str):
    label = scope.page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


def _wait_attr(page, locator, name: str, value: str, timeout_ms: int = 15_000) -> None:
    for _ in range(timeout_ms // 50):
        if locator.get_attribute(name) == value:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{name} is {locator.get_attribute(name)!r}, not {value!r}")


def _version(plot) -> int:
    return int(plot.get_attribute("data-version") or -1)


def _wait_version_above(page, plot, version: int, timeout_ms: int = 15_000) -> None:
    for _ in range(timeout_ms // 50):
        if _version(plot) > version:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the cost chart stayed at version {version}")


def _assert_fits(page, label: str) -> None:
    clipped = page.evaluate(OVERFLOW_JS, h.OUTPUTS)
    assert not clipped, f"{label}:\n" + "\n".join(clipped)


def _select(scope, description: str, value: str) -> None:
    box = scope.locator(
        ".widget-dropdown", has=scope.page.locator(h.WIDGET_LABEL, has_text=description)
    )
    box.locator("select").select_option(value)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}],
    ids=["1366", "1920"],
)
def test_notebook03_apps_work_and_fit(lab_server, page, viewport):
    size = viewport["width"]
    page.set_viewport_size(viewport)
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    h.wait_for_text(page, "reaches the cost along", timeout=90_000)
    h.wait_for_text(page, "time ÷ backprop", timeout=90_000)
    h.wait_for_text(page, "Empty table", timeout=90_000)
    h.wait_for_text(page, "backward / forward", timeout=90_000)
    h.wait_kernel_idle(page)
    h.assert_no_widget_errors(page)
    # The file browser is open beside the notebook, as a learner has it.
    assert page.locator(".jp-FileBrowser").first.is_visible()
    h.screenshot(page, f"nb03-{size}-top")
    _assert_fits(page, "after Run All")

    # -- influence paths: stepped in the browser, hover shows the counts
    influence = _app(page, "bt-influence-paths")
    influence.scroll_into_view_if_needed()
    scene = influence.locator("[data-step]").first
    assert scene.get_attribute("data-frames") == "7"
    h.slider_press(page, _slider(influence, "path"), "ArrowRight", times=2)
    _wait_attr(page, scene, "data-step", "2")
    influence.get_by_text(re.compile(r"^path 2 of 6: a\[0\]\[0\] → S\[0\]\[0\]")).wait_for()
    influence.locator('.bt-node[data-id="n2_1"]').hover()
    tip = influence.locator(".bt-tip-on")
    tip.wait_for(timeout=5_000)
    h.expect_text(tip, "of the 6 paths of W[0][0,0] pass through it")
    h.screenshot(page, f"nb03-{size}-influence-path2", influence)
    _select(influence, "weight", "W[1][2,0]")
    influence.locator(".bt-paths-info").get_by_text(
        re.compile(r"W\[1\]\[2,0\] reaches the cost along")
    ).wait_for()
    _wait_attr(page, scene, "data-frames", "3")
    influence.locator(".widget-play button").first.click()  # ▶ plays the paths
    _wait_attr(page, scene, "data-step", "2", timeout_ms=20_000)
    h.screenshot(page, f"nb03-{size}-influence-later-weight", influence)

    # -- the path-sum table
    table = _app(page, "bt-path-sum")
    table.scroll_into_view_if_needed()
    h.expect_text(table, "sum over paths")
    h.expect_text(table, "backpropagation")
    _select(table, "weight", "W[0][1,1]")
    table.get_by_text(re.compile(r"dJ/dW\[0\]\[1,1\] is the sum of")).wait_for()
    h.screenshot(page, f"nb03-{size}-path-sum-table", table)

    # -- the cost explorer: depth moves only the marks, width the curves
    explorer = _app(page, "bt-cost-explorer")
    explorer.scroll_into_view_if_needed()
    plot = explorer.locator("[data-version]").first
    depth = _slider(explorer, "depth L")
    width = _slider(explorer, "width")
    assert h.slider_readout(depth) == "5"
    version = _version(plot)
    h.slider_press(page, depth, "ArrowRight", times=2)
    explorer.get_by_text("sizes [3, 3, 3, 3, 3, 3, 3, 1]").wait_for()
    explorer.get_by_text("3 × 3 × 3 × 3 × 3 × 3 × 3 × 1 = 2,187").wait_for()
    _wait_version_above(page, plot, version)
    h.screenshot(page, f"nb03-{size}-cost-depth7", explorer)
    # Far too large: the table explains, and the button refuses instead of hanging.
    h.slider_press(page, depth, "End")
    version = _version(plot)
    h.slider_press(page, width, "End")
    explorer.get_by_text(re.compile(r"sizes \[6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 1\]")).wait_for()
    _wait_version_above(page, plot, version)
    h.expect_text(explorer, "over the")
    explorer.get_by_role("button", name="Measure here").click()
    explorer.get_by_text(re.compile(r"Refused: not run: 3,047,495,269")).wait_for()
    h.screenshot(page, f"nb03-{size}-cost-refused", explorer)
    # Affordable but not instant: a background run with progress, then Stop.
    h.slider_press(page, width, "Home")
    # Width 4, depth 12: ~20 s on an idle machine, longer on a busy one, and always under
    # the explorer's limit, which counts multiplications (not a time that load changes).
    h.slider_press(page, width, "ArrowRight", times=2)
    explorer.get_by_text("sizes [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1]").wait_for()
    h.expect_text(explorer, "not run yet")
    explorer.get_by_role("button", name="Measure here").click()
    explorer.get_by_text(re.compile(r"\(parameter, path\) terms…")).wait_for(timeout=30_000)
    h.screenshot(page, f"nb03-{size}-cost-running", explorer)
    explorer.get_by_role("button", name="Stop").click()
    explorer.get_by_text(re.compile(r"^stopped: stopped after")).wait_for(timeout=30_000)
    # A short run to the end: width 2, depth 12.
    h.slider_press(page, width, "Home")
    explorer.get_by_text("sizes [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1]").wait_for()
    explorer.get_by_role("button", name="Measure here").click()
    explorer.get_by_text(re.compile(r"^done in")).wait_for(timeout=60_000)
    h.wait_kernel_idle(page)
    h.screenshot(page, f"nb03-{size}-cost-measured", explorer)

    # -- the memo table: stepped in the browser, Play, hover
    memo = _app(page, "bt-memo")
    memo.scroll_into_view_if_needed()
    scene = memo.locator("[data-step]").first
    h.slider_press(page, _slider(memo, "step"), "ArrowRight", times=4)
    _wait_attr(page, scene, "data-step", "4")
    memo.get_by_text(re.compile(r"^Step 4 of 7")).wait_for()
    memo.locator('.bt-node[data-id="n2_0"]').hover()
    tip = memo.locator(".bt-tip-on")
    tip.wait_for(timeout=5_000)
    h.expect_text(tip, "backprop reads it 7 times")
    h.expect_text(tip, "13 (parameter, path) terms")
    h.screenshot(page, f"nb03-{size}-memo-step4", memo)
    memo.locator(".widget-play button").first.click()
    _wait_attr(page, scene, "data-step", "7", timeout_ms=30_000)
    memo.get_by_text("Table complete:", exact=True).wait_for()
    h.screenshot(page, f"nb03-{size}-memo-complete", memo)

    # -- the whole page: nothing clipped after all that, no errors anywhere
    _assert_fits(page, "after every control")
    print("tables that scroll sideways:", page.evaluate(SCROLLING_JS, h.OUTPUTS))
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
