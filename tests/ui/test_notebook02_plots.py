"""Notebook 2's plot apps (sections 4-6: playground, landscape slice, gradient meter) in a real
JupyterLab, at 1366x768 with the file browser open and at 1920x1080: every control moved,
training run from the button (progress, Stop), the charts redrawn in the browser, every
output within its output area, refusals shown and cleared, no widget errors.
(Sections 1-3, the pictures: test_notebook02_pictures.py.)"""

from __future__ import annotations

import re

import pytest

from . import harness as h

NOTEBOOK = "02-general-network.ipynb"
pytestmark = pytest.mark.browser

# Every output no wider than its area; elements of zero height (an empty error panel) show
# nothing.  Returns the offenders' classes (at most 5).
_WIDER = """(el) => {
    const r = el.getBoundingClientRect();
    return [...el.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().height > 0)
        .filter(e => e.getBoundingClientRect().right > r.right + 1)
        .map(e => (e.className && e.className.baseVal === undefined ? e.className : e.tagName))
        .slice(0, 5);
}"""


def _app(page, css_class: str):
    """The cell output area holding the app with ``css_class``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(f".{css_class}")).first


def _fits(out) -> None:
    wider = out.evaluate(_WIDER)
    assert not wider, f"wider than the output area ({out.bounding_box()['width']:.0f}px): {wider}"
    assert out.evaluate("el => el.scrollWidth <= el.clientWidth + 1")


def _open_file_browser(page) -> None:
    """The file browser open in the left area, as a learner has it."""
    if not page.locator("#filebrowser").is_visible():
        page.locator('.lm-TabBar-tab[data-id="filebrowser"]').first.click()
    page.locator("#filebrowser").wait_for(state="visible")


def _slider(page, scope, name: str):
    label = page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


class Chart:
    """A PlotWidget in an output: its drawn version (``data-version``) and its canvas."""

    def __init__(self, page, scope, css_class: str):
        self.page = page
        self.host = scope.locator(f".{css_class}").first
        self.host.locator(".bt-plot-box").wait_for()

    def version(self) -> int:
        return int(self.host.get_attribute("data-version") or -1)

    def pixels(self) -> str:
        return self.host.locator("canvas.bt-plot-canvas").evaluate("c => c.toDataURL()")

    def wait_redrawn(self, before: int, timeout: float = h.TIMEOUT) -> int:
        """Wait until the browser drew a version after ``before``."""
        self.page.wait_for_function(
            "([el, v]) => +(el.dataset.version || -1) > v",
            arg=[self.host.element_handle(), before],
            timeout=timeout,
        )
        return self.version()

    def fits(self, out) -> None:
        box, area = self.host.bounding_box(), out.bounding_box()
        assert box["x"] + box["width"] <= area["x"] + area["width"] + 1, (box, area)
        svg = self.host.locator("svg.bt-plot-svg").first.bounding_box()
        assert svg["x"] + svg["width"] <= area["x"] + area["width"] + 1


def _error_shown(scope, words: str) -> None:
    """The app's error panel shows a message with ``words`` (its details stay folded)."""
    panel = scope.locator(".bt-error").first
    panel.wait_for()
    h.expect_text(panel, words)


def _select(scope, index: int, value: str) -> None:
    scope.locator("select").nth(index).select_option(value)


def _type(scope, selector: str, text: str, index: int = 0) -> None:
    box = scope.locator(selector).nth(index)
    box.fill(text)
    box.press("Enter")


def _button_enabled(page, scope_class: str, name: str, timeout: float = h.TIMEOUT) -> None:
    page.wait_for_function(
        """([cls, name]) => {
            const b = [...document.querySelectorAll(`.${cls} button`)]
                .find(x => x.innerText.trim() === name);
            return b && !b.disabled;
        }""",
        arg=[scope_class, name],
        timeout=timeout,
    )


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_notebook02_plots(lab_server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    tag = f"nb02-{width}"
    h.open_notebook(page, lab_server, NOTEBOOK)
    _open_file_browser(page)
    h.run_all(page)
    h.wait_for_text(page, re.compile(r"epoch 300 · loss J"), timeout=h.RUN_ALL_TIMEOUT)
    h.wait_for_text(page, "by about 0.20", timeout=h.RUN_ALL_TIMEOUT)  # the last code cell ran
    h.wait_kernel_idle(page)

    # -- 4. the playground
    play = _app(page, "bt-training")
    play.scroll_into_view_if_needed()
    chart = Chart(page, play, "bt-training-plot")
    h.expect_text(play, "class 0")
    h.expect_text(play, "class 1")
    for text in ("x[0]", "x[1]", "P(class 1)", "epoch"):
        assert play.locator("svg text", has_text=re.compile(rf"^{re.escape(text)}$")).count()
    _fits(play)
    chart.fits(play)
    h.screenshot(page, f"{tag}-training-300", play)
    status = play.locator(".bt-training-status")

    # Train from the button: the chart is redrawn in the browser as training goes
    v0, pixels0 = chart.version(), chart.pixels()
    play.get_by_role("button", name="Train").click()
    status.get_by_text(re.compile(r"^epoch 600 ")).wait_for()
    chart.wait_redrawn(v0 + 5)  # six chunks of 50 epochs, each one a redraw
    assert chart.pixels() != pixels0
    _button_enabled(page, "bt-training", "Train")
    h.screenshot(page, f"{tag}-training-600", play)

    # Stop: a long run ends early (the kernel hears the click between chunks)
    epochs = _slider(page, play, "epochs")
    h.slider_press(page, epochs, "End")
    play.locator(h.SLIDER_READOUT).filter(has_text="2000").first.wait_for()
    play.get_by_role("button", name="Train").click()
    # Stop once a chunk of the run has been trained (however long that took here).
    status.get_by_text(re.compile(r"^epoch (6[5-9]\d|[7-9]\d\d|\d{4}) ")).wait_for()
    play.get_by_role("button", name="Stop").click()
    _button_enabled(page, "bt-training", "Train")
    epoch = int(re.search(r"epoch (\d+)", status.inner_text()).group(1))
    assert 600 < epoch < 2600, status.inner_text()
    assert play.locator(".progress-bar").count() == 1  # the progress bar is shown

    # Every other control: learning rate, seed, activation, data set, hidden layers, Reset
    h.slider_press(page, _slider(page, play, "learning rate α"), "ArrowLeft", times=2)
    play.locator(h.SLIDER_READOUT).filter(has_text="0.4").first.wait_for()
    v = chart.version()
    play.get_by_role("button", name="Reset").click()
    status.get_by_text(re.compile(r"^epoch 0 ")).wait_for()
    chart.wait_redrawn(v)
    _type(play, "input[type=number]", "3")
    status.get_by_text(re.compile(r"^epoch 0 ")).wait_for()
    _select(play, 1, "relu")  # activation
    _select(play, 0, "spiral")  # data set
    play.locator("svg text", has_text=re.compile("^spiral: ")).wait_for()
    _type(play, "input[type=text]", "16, x")
    _error_shown(play, "not a whole number")
    h.expect(play.locator("input[type=text]").first).to_have_value("8, 8")  # snapped back
    _type(play, "input[type=text]", "16, 16, 16")
    status.get_by_text(re.compile(r"network \[2, 16, 16, 16, 1\]")).wait_for()
    h.expect(play.locator(".bt-error")).to_have_count(0)  # gone with the good value
    v = chart.version()
    play.get_by_role("button", name="Train").click()  # 2000 epochs: stop after a few chunks
    chart.wait_redrawn(v + 2)
    play.get_by_role("button", name="Stop").click()
    _button_enabled(page, "bt-training", "Train")
    _fits(play)
    h.screenshot(page, f"{tag}-training-spiral", play)

    # -- 5. the landscape slice (it reads the playground: refresh after the changes above)
    sl = _app(page, "bt-landscape-slice")
    sl.scroll_into_view_if_needed()
    slice_chart = Chart(page, sl, "bt-slice-plot")
    info = sl.locator(".bt-slice-info")
    h.expect_text(info, "n + m = 105 parameters")
    h.expect_text(info, "holds 100%")
    _fits(sl)
    slice_chart.fits(sl)
    h.screenshot(page, f"{tag}-slice-path", sl)
    v = slice_chart.version()
    h.slider_press(page, _slider(page, sl, "half-width"), "ArrowRight", times=4)
    info.get_by_text(re.compile(r"Half-width 1\.58")).wait_for()
    v = slice_chart.wait_redrawn(v)
    _type(sl, "input[type=number]", "4")  # seed of the across direction
    v = slice_chart.wait_redrawn(v)
    sl.get_by_role("button", name="along two weights").click()
    info.get_by_text("Along two weights").wait_for()
    v = slice_chart.wait_redrawn(v)
    _select(sl, 1, "b[0][0]")
    sl.locator("svg text", has_text=re.compile(r"^b\[0\]\[0\]$")).wait_for()
    _select(sl, 1, "W[0][0,0]")  # the x axis's weight: refused, visibly
    _error_shown(sl, "both axes show W[0][0,0]")
    h.expect(sl.locator("select").nth(1)).to_have_value("b[0][0]")  # still what is plotted
    _select(sl, 0, "W[0][1,0]")
    sl.locator("svg text", has_text=re.compile(r"^W\[0\]\[1,0\]$")).wait_for()
    h.expect(sl.locator(".bt-error")).to_have_count(0)
    _fits(sl)
    h.screenshot(page, f"{tag}-slice-weights", sl)
    sl.get_by_role("button", name="Refresh").click()  # the playground's new network
    info.get_by_text(re.compile(r"n \+ m = 609 parameters")).wait_for()
    sl.get_by_role("button", name="through the training path").click()
    info.get_by_text("Through the training path").wait_for()
    slice_chart.wait_redrawn(v)
    _fits(sl)
    h.screenshot(page, f"{tag}-slice-refreshed", sl)

    # -- 6. the gradient meter
    meter = _app(page, "bt-gradient-meter")
    meter.scroll_into_view_if_needed()
    meter_chart = Chart(page, meter, "bt-meter-plot")
    _fits(meter)
    meter_chart.fits(meter)
    h.screenshot(page, f"{tag}-meter-8", meter)
    v = meter_chart.version()
    h.slider_press(page, _slider(page, meter, "hidden layers"), "ArrowRight", times=4)
    summary = meter.locator(".bt-meter-summary")
    summary.get_by_text(re.compile(r"^12 hidden layers of width 6")).wait_for()
    v = meter_chart.wait_redrawn(v)
    meter.get_by_role("button", name="same init for all").click()
    meter_chart.wait_redrawn(v)
    _fits(meter)
    h.screenshot(page, f"{tag}-meter-12-plain", meter)

    # -- no widget failed, no app shows an error
    h.assert_no_widget_errors(page)
    assert page.locator(".bt-error").count() == 0
