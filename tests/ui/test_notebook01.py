"""Notebook 1 in a real JupyterLab, with the file browser open, at 1366x768 and 1920x1080:
run all, move every control of every app, step in the browser, nothing wider than its
output area, no widget errors.  Screenshots go to BT_SCREENSHOT_DIR."""

from __future__ import annotations

import re

import pytest

import backprop_tutorial as bt

from . import harness as h

NOTEBOOK = "01-simplest-network.ipynb"
pytestmark = pytest.mark.browser

# Per output area: its own horizontal overflow, and every SVG, canvas or element whose
# box passes its right edge (1 px of rounding allowed).
OVERFLOW_JS = """(sel) => [...document.querySelectorAll(sel)].flatMap((out, i) => {
    const box = out.getBoundingClientRect();
    if (box.width === 0) return [];
    const bad = [];
    if (out.scrollWidth > out.clientWidth + 1)
        bad.push(`output ${i}: scrollWidth ${out.scrollWidth} > clientWidth ${out.clientWidth}`);
    const wide = [...out.querySelectorAll('svg, canvas, table, .widget-box, .bt-panel, *')]
        .filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.right > box.right + 1;
        });
    if (wide.length) {
        const r = wide[0].getBoundingClientRect();
        bad.push(`output ${i}: ${wide.length} element(s) past the right edge, e.g. ` +
                 `${wide[0].tagName}.${wide[0].className} right=${r.right.toFixed(0)} > ` +
                 `${box.right.toFixed(0)}`);
    }
    return bad;
})"""

# Time from a key press on a slider to the next change of a PlotWidget's data-version
# (the browser has drawn the new layers), in ms; null if nothing was drawn within
# ``bound`` ms (a hang: a busy machine may take seconds).
KEY_TO_PIXELS_JS = """([host, bound]) => { window.__bt_latency = new Promise(resolve => {
    const el = document.querySelectorAll('.bt-plot')[host].parentElement;
    let t0 = performance.now();
    document.addEventListener('keydown', () => { t0 = performance.now(); },
                              {capture: true, once: true});
    const obs = new MutationObserver(() => {
        obs.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    obs.observe(el, {attributes: true, attributeFilter: ['data-version']});
    setTimeout(() => { obs.disconnect(); resolve(null); }, bound);
}); }"""

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}


def _output_with(page, selector: str, nth: int = 0):
    """The cell output area holding an element matching ``selector``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(selector)).nth(nth)


def _slider(page, scope, name: str):
    label = page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


def _press_and_wait(page, scope, name, key, times, text):
    h.slider_press(page, _slider(page, scope, name), key, times=times)
    scope.get_by_text(text).first.wait_for()


def _fits(page, label):
    clipped = page.evaluate(OVERFLOW_JS, h.OUTPUTS)
    assert not clipped, f"{label}:\n" + "\n".join(clipped)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_notebook01_apps_work(lab_server, page, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    page.locator(".bt-svg").nth(2).wait_for(timeout=h.RUN_ALL_TIMEOUT)  # three graph steppers
    # the landscape and its curve
    page.locator(".bt-plot").nth(1).wait_for(timeout=h.RUN_ALL_TIMEOUT)
    h.wait_for_text(page, "they agree")  # the gradient-check app
    page.locator(".bt-solution").nth(2).wait_for()
    h.wait_kernel_idle(page)
    # The file browser is open beside the notebook, as a learner has it.
    assert page.locator(".jp-FileBrowser").first.is_visible()
    h.screenshot(page, f"nb01-{size}-top")
    h.assert_no_widget_errors(page)
    _fits(page, "after run all")

    # -- the first stepper: to the last step in the browser; the panel follows
    stepper_out = _output_with(page, ".bt-step-panel", 0)
    stepper_out.scroll_into_view_if_needed()
    step_slider = _slider(page, stepper_out, "step")
    h.slider_press(page, step_slider, "ArrowRight", times=12)
    last = bt.ChainNetwork(x=1.0, y=0.9, w0=0.5, w1=-1.0).trace.backward_steps[-1]
    numbers = f"upstream {last.upstream:.3g} × local {last.local:.3g} = {last.product:.3g}"
    panel = stepper_out.locator(".bt-step-panel")
    panel.get_by_text("Step 12 of 12").wait_for()
    h.expect_text(panel, numbers)
    h.expect_text(panel, "dJ/dw0 = dJ/dp0 × ∂p0/∂w0")
    h.expect(stepper_out.locator("[data-step]").first).to_have_attribute("data-step", "12")
    stepper_out.locator('.bt-node[data-id="p0"]').hover()
    tip = stepper_out.locator(".bt-tip-on")
    tip.wait_for()
    h.expect_text(tip, "p0 = w0")
    h.expect_text(tip, "dJ/dp0")
    h.screenshot(page, f"nb01-{size}-stepper-end", stepper_out)

    # -- the chain app: step, every parameter slider
    chain_out = _output_with(page, ".bt-chain-panel")
    chain_out.scroll_into_view_if_needed()
    h.slider_press(page, _slider(page, chain_out, "step"), "ArrowRight", times=12)
    chain_panel = chain_out.locator(".bt-chain-panel")
    chain_panel.get_by_text("step 12 of 12").wait_for()
    text = chain_panel.inner_text()
    assert "dJ/dp1: 2×" in text and "∂p0/∂w0" in text
    # The shared factor is starred in the graph, too.
    assert chain_out.locator('.bt-node[data-id="p1"].bt-shared').count() == 1
    assert "★ p1" in chain_out.locator('.bt-node[data-id="p1"]').text_content()
    h.screenshot(page, f"nb01-{size}-chain-app", chain_out)
    for name, key in [
        ("w0", "ArrowRight"),
        ("w1", "ArrowLeft"),
        ("x (input)", "ArrowLeft"),
        ("y (target)", "ArrowLeft"),
        ("α (learning rate)", "ArrowRight"),
    ]:
        before = chain_panel.inner_text()
        h.slider_press(page, _slider(page, chain_out, name), key, times=2)
        page.wait_for_function(
            "([el, t]) => el.innerText !== t", arg=[chain_panel.element_handle(), before]
        )
    assert chain_out.locator(".bt-error").count() == 0

    # -- the landscape: sliders and buttons, drawn in the browser
    land_out = _output_with(page, ".bt-landscape-status")
    land_out.scroll_into_view_if_needed()
    _press_and_wait(page, land_out, "w0", "ArrowRight", 4, "w0 = 0.700")
    latencies = []
    for _ in range(5):
        page.evaluate(KEY_TO_PIXELS_JS, [0, h.TIMEOUT])
        h.slider_press(page, _slider(page, land_out, "w1"), "ArrowRight")
        latencies.append(page.evaluate("() => window.__bt_latency"))
    shown = ", ".join("—" if t is None else f"{t:.0f}" for t in latencies)
    print(f"landscape w1 key -> pixels ({size}): {shown} ms")
    assert all(t is not None for t in latencies), "the landscape did not redraw"
    land_out.get_by_role("button", name=re.compile("run 20 steps")).click()
    land_out.get_by_text("steps taken: 20").wait_for()
    land_out.locator("button", has_text=re.compile(r"^\s*step\s*$")).click()
    land_out.get_by_text("steps taken: 21").wait_for()
    h.screenshot(page, f"nb01-{size}-landscape-run", land_out)
    land_out.get_by_role("button", name=re.compile("reset")).click()
    land_out.get_by_text("steps taken: 0").wait_for()
    # The overshoot of the prose: y = 0.5, (w0, w1) = (4, 1), α = 50.
    h.slider_press(page, _slider(page, land_out, "y (target)"), "ArrowLeft", times=40)
    land_out.get_by_text("J(w0, w1) for x = 1, y = 0.5").wait_for()
    for name, value, label in [("w0", 4.0, "w0 = 4.000"), ("w1", 1.0, "w1 = 1.000")]:
        handle = _slider(page, land_out, name)
        current = float(h.slider_readout(handle).replace("\u2212", "-"))
        steps = round((value - current) / 0.05)
        _press_and_wait(
            page, land_out, name, "ArrowRight" if steps > 0 else "ArrowLeft", abs(steps), label
        )
    h.slider_press(page, _slider(page, land_out, "α (learning rate)"), "ArrowRight", times=450)
    h.expect(_slider(page, land_out, "α (learning rate)").locator(h.SLIDER_READOUT)).to_have_text(
        "50.00"
    )
    land_out.get_by_role("button", name=re.compile("run 20 steps")).click()
    land_out.get_by_text(re.compile("J went up in")).wait_for()
    h.screenshot(page, f"nb01-{size}-landscape-overshoot", land_out)
    h.slider_press(page, _slider(page, land_out, "x (input)"), "ArrowRight", times=2)
    land_out.get_by_text("J(w0, w1) for x = 1.1, y = 0.5").wait_for()
    assert land_out.locator(".bt-error").count() == 0

    # -- the gradient check: every slider
    check_out = _output_with(page, ".bt-gradcheck")
    check_out.scroll_into_view_if_needed()
    h.slider_press(page, _slider(page, check_out, "ε (step)"), "End")
    check_out.get_by_text("they disagree").wait_for()
    h.slider_press(page, _slider(page, check_out, "ε (step)"), "ArrowLeft", times=10)
    check_out.get_by_text("they agree").wait_for()
    for name in ("w0", "w1", "x (input)", "y (target)"):
        table = check_out.locator(".bt-gradcheck")
        before = table.inner_text()
        h.slider_press(page, _slider(page, check_out, name), "ArrowLeft", times=3)
        page.wait_for_function(
            "([el, t]) => el.innerText !== t", arg=[table.element_handle(), before]
        )
    h.screenshot(page, f"nb01-{size}-gradcheck", check_out)

    # -- the fan-out aside: Play, the dropdown, the value
    fan_out = _output_with(page, ".bt-step-panel", 3)  # after two steppers and the chain app
    fan_out.scroll_into_view_if_needed()
    fan_out.locator(".widget-play button").first.click()  # ▶ (jslinked to the slider)
    fan_out.locator(".bt-step-panel").get_by_text("Step 4 of 4").wait_for()
    h.screenshot(page, f"nb01-{size}-fan-out", fan_out)
    fan_out.locator("select").select_option(label="J = w·u + w·v  (w used by two products)")
    fan_out.locator('.bt-node[data-id="w"]').wait_for()
    h.slider_press(page, _slider(page, fan_out, "value of x or w"), "ArrowLeft", times=5)
    fan_out.get_by_text(re.compile(r"^= 2\.5$")).first.wait_for()
    h.slider_press(page, _slider(page, fan_out, "step"), "ArrowRight", times=8)
    fan_out.locator(".bt-step-panel").get_by_text("Step 8 of 8").wait_for()
    h.screenshot(page, f"nb01-{size}-fan-out-shared", fan_out)

    # -- exercises: the checks answer, the solutions are folded
    verdict = page.locator(".bt-verdict").first
    verdict.scroll_into_view_if_needed()
    h.expect_text(verdict, "not yet")
    assert page.locator(".bt-solution").count() == 3
    h.screenshot(page, f"nb01-{size}-exercise-1", verdict)

    # -- after every control moved: still no widget failed, nothing too wide
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
    _fits(page, "after every control moved")
