"""Each notebook as a Voila app (app mode): prose and widgets, no code, the widgets work.

For every notebook: start ``voila notebooks/NN-....ipynb`` (harness.voila_server, on a
temporary copy), open it in headless Chromium, wait until its pictures are drawn (ipympl
canvases, and the browser-side scenes and plots), move one slider of one app (ArrowRight
on its noUiSlider handle), wait for the text that the new value produces, then check that
a picture of that app changed. The page
must show no code cell, no "Error displaying widget" and no Python traceback.

Screenshots of each notebook's main app are saved (BT_SCREENSHOT_DIR or a pytest tmp
folder). With ``BT_DOCS_SCREENSHOTS=docs`` (``python3 dev.py screenshots``) they are also
written, size-optimised, to ``docs/notebookNN.png`` for the README.

Voila inside JupyterLab (the "Render with Voila" button, ``/voila/render/...``) is opened
once too: with no flags it must use our template, as installed with the package.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

DOCS_MAX_BYTES = 300_000


@dataclass(frozen=True)
class Case:
    notebook: str
    figures: int  # at least this many pictures are drawn before we start
    slider_app: str  # ".css-class" inside, or a text of, the output of the app whose slider we move
    slider: str  # that slider's description, exactly
    presses: int  # presses of ``key``
    expect: str | re.Pattern  # text in that app once the kernel has answered
    main_app: str  # ".css-class" inside, or a text of, the output of the app for the README
    main_ready: str | re.Pattern  # text in the main app once it shows its content
    key: str = "ArrowRight"  # the key pressed ``presses`` times


CASES = [
    Case(
        "01-simplest-network.ipynb",
        figures=5,
        slider_app=".bt-chain-panel",
        slider="step",
        presses=9,
        expect="step 9 of 12",
        main_app=".bt-chain-panel",
        main_ready="step 9 of 12",
    ),
    Case(
        "02-general-network.ipynb",
        figures=7,
        slider_app=".bt-layer-stepper",
        slider="step",
        presses=3,  # back from step 6: the stepper opens at its end, where the prose reads it
        key="ArrowLeft",
        expect="Step 3 of 6",
        main_app=".bt-training",
        main_ready=re.compile(r"epoch 300 · loss"),
    ),
    Case(
        "03-paths-vs-dynamic-programming.ipynb",
        figures=3,
        slider_app="reaches the cost along",
        slider="path",
        presses=3,  # path 0 shows all of them at once
        expect="path 3 of 6",
        main_app="time ÷ backprop",
        main_ready="time ÷ backprop",
    ),
    Case(
        "04-why-backwards.ipynb",
        figures=3,
        slider_app=".bt-step-panel",
        slider="step",
        presses=3,
        expect="Step 3 of 6",
        main_app=".bt-step-panel",
        main_ready="Step 3 of 6",
    ),
    Case(
        "05-digits.ipynb",
        figures=5,
        slider_app=".bt-batch-noise",
        slider="batch size",
        presses=1,
        expect="batch size 32: 43 steps per epoch",
        main_app=".bt-digits-trainer",
        main_ready=re.compile(r"epoch 30 · training loss"),
    ),
    Case(
        "06-build-it-break-it.ipynb",
        figures=2,  # the Value graph's stepper and the ExpressionApp (SVG scenes)
        slider_app=".bt-expression",
        slider="step",
        presses=6,
        expect="Step 6 of 9",
        main_app=".bt-expression",
        main_ready="Step 6 of 9 · backward pass",
    ),
]


def _app(page, marker: str):
    """The cell output area holding an element matching ``marker`` (".css-class"), or
    containing the text ``marker``."""
    outputs = page.locator(h.OUTPUTS)
    if marker.startswith("."):
        return outputs.filter(has=page.locator(marker)).first
    return outputs.filter(has_text=marker).first


# What a learner sees as a picture: ipympl's figure canvas, a SceneWidget's SVG, a
# PlotWidget's canvas and SVG, the digit-drawing canvas.
PICTURES = f"{h.FIGURE_CANVAS}, svg.bt-svg, .bt-plot-box > canvas, svg.bt-plot-svg, .bt-draw canvas"


def _canvases(scope) -> list[str]:
    """A fingerprint of every picture in ``scope`` (pixels of canvases, markup of SVGs)."""
    return scope.locator(PICTURES).evaluate_all(
        "els => els.map(e => e.tagName === 'CANVAS' ? e.toDataURL() : e.outerHTML)"
    )


def wait_for_pictures(page, count: int, timeout: float) -> None:
    """At least ``count`` pictures on the page, each with something drawn."""
    page.wait_for_function(
        """([sel, n]) => {
          const els = [...document.querySelectorAll(sel)];
          const drawn = els.filter((e) => e.tagName !== 'CANVAS' || (e.width > 0 && e.height > 0));
          return drawn.length >= n;
        }""",
        arg=[PICTURES, count],
        timeout=timeout,
    )


def _settle(page, scope, quiet_ms: int = 500, timeout_s: float = 10) -> None:
    """Wait until the scope's canvases stop changing (the last redraw has landed)."""
    deadline = time.monotonic() + timeout_s
    last = _canvases(scope)
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet_ms)
        now = _canvases(scope)
        if now == last:
            return
        last = now


# Front-end failures after which the page stays broken: fail at once, not after the 180 s
# render timeout. Our Voila template (harness.VOILA_TEMPLATE) removes the one we saw under
# load, anywidget's 2 s start-up deadline; benchmarks/voila_load.py loads every notebook
# 20 times, 4 at once, on a busy machine and counts these.
FATAL_CONSOLE = ("widget model not found", "Failed to load model class", "pageerror:")


def _offline_noise(message: str) -> bool:
    """Console errors of a machine without internet: Voila asks a CDN for MathJax."""
    return message.startswith("Failed to load resource: net::ERR_NAME_NOT_RESOLVED")


def fatal_errors(messages: list[str]) -> list[str]:
    """The console messages after which a Voila page is broken (see FATAL_CONSOLE)."""
    return [e for e in messages if any(f in e for f in FATAL_CONSOLE)]


def load_app(page, url: str, figures: int, timeout_s: float = h.RUN_ALL_TIMEOUT / 1000) -> None:
    """Open the Voila page once and wait until at least ``figures`` pictures are drawn;
    fail as soon as the front end reports a fatal error."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url, timeout=timeout_s * 1000)  # Voila runs every cell while loading
    deadline = time.monotonic() + timeout_s
    while True:
        fatal = fatal_errors(page.console_errors)
        assert not fatal, "the app did not render:\n  " + "\n  ".join(fatal)
        try:
            wait_for_pictures(page, figures, timeout=2_000)
            _settle(page, page.locator("body"))
            return
        except (AssertionError, PlaywrightTimeout):
            assert time.monotonic() < deadline, f"{figures} pictures not drawn in {timeout_s:.0f} s"


def save_docs_screenshot(locator, name: str) -> Path | None:
    """With BT_DOCS_SCREENSHOTS=DIR, save ``locator``'s element as DIR/NAME.png, reduced
    to a 256-colour palette when that is needed to stay under DOCS_MAX_BYTES."""
    folder = os.environ.get("BT_DOCS_SCREENSHOTS")
    if not folder:
        return None
    from PIL import Image  # matplotlib depends on Pillow

    path = Path(folder)
    if not path.is_absolute():
        path = h.REPO_ROOT / path
    path.mkdir(parents=True, exist_ok=True)
    target = path / f"{name}.png"
    locator.screenshot(path=str(target))
    with Image.open(target) as img:
        img = img.convert("RGB")
    img.save(target, optimize=True)
    if target.stat().st_size > DOCS_MAX_BYTES:
        img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    size = target.stat().st_size
    assert size <= DOCS_MAX_BYTES, f"{target} is {size:,} bytes, over {DOCS_MAX_BYTES:,}"
    print(f"docs screenshot: {target} ({size:,} bytes)")
    return target


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.notebook[:2])
def test_notebook_as_voila_app(page, case):
    t0 = time.monotonic()
    with h.voila_server(case.notebook) as server:
        t_up = time.monotonic()
        load_app(page, server.url, case.figures)
        t_rendered = time.monotonic()

        # App mode: prose and widgets only, no code.
        assert page.locator(".jp-CodeMirrorEditor").count() == 0, "a code cell is shown"
        body = page.locator("body").inner_text()
        assert "import backprop_tutorial" not in body, "cell source is shown"
        assert page.locator(".jp-MarkdownOutput").count() > 3, "the prose is missing"
        h.assert_no_widget_errors(page)

        # Move one slider; the app's text answers, then one of its figures changes.
        app = _app(page, case.slider_app)
        app.scroll_into_view_if_needed()
        before = _canvases(app)
        label = page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(case.slider)}$"))
        slider = app.locator(h.SLIDER).filter(has=label).first
        h.slider_press(page, slider, case.key, times=case.presses)
        app.get_by_text(case.expect).first.wait_for(timeout=30_000)
        deadline = time.monotonic() + 20
        while _canvases(app) == before:
            assert time.monotonic() < deadline, f"no picture of {case.slider_app} changed"
            page.wait_for_timeout(100)
        _settle(page, app)
        t_slider = time.monotonic()
        h.screenshot(page, f"voila-{case.notebook[:2]}-slider", app)

        # The main app, for the README.
        main = _app(page, case.main_app)
        main.get_by_text(case.main_ready).first.wait_for(timeout=30_000)
        main.scroll_into_view_if_needed()
        _settle(page, main)
        h.screenshot(page, f"voila-{case.notebook[:2]}-main", main)
        save_docs_screenshot(main, f"notebook{case.notebook[:2]}")

        h.assert_no_widget_errors(page)
        assert page.locator(".bt-error").count() == 0, page.locator(".bt-error").all_inner_texts()
        unexpected = [e for e in page.console_errors if not _offline_noise(e)]
        assert not unexpected, "browser console errors:\n" + "\n".join(unexpected)
    print(
        f"timing {case.notebook}: voila up {t_up - t0:.1f} s, rendered "
        f"{t_rendered - t_up:.1f} s, slider + redraw {t_slider - t_rendered:.1f} s, "
        f"total {time.monotonic() - t0:.1f} s"
    )


@pytest.mark.slow
def test_render_with_voila_in_jupyterlab_uses_our_template(page, lab_server):
    """JupyterLab's "Render with Voila" button (and Binder's voila/render link): Voila's
    server extension, with no flags, renders with our template, found where the package
    installed it (tests/infra/test_voila_install.py), and anywidget's code is loaded
    from a URL with /anywidget/ in it, which is what the template's fix recognises."""
    case = CASES[0]
    load_app(page, f"{lab_server.url}/voila/render/{case.notebook}", case.figures)
    assert page.locator('script[data-voila-template="backprop"]').count() == 1, (
        "/voila/render did not use our template"
    )
    urls = page.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name)")
    assert any("/anywidget/" in u for u in urls), "no script of anywidget's under /anywidget/"
    h.assert_no_widget_errors(page)
    assert not fatal_errors(page.console_errors), page.console_errors
