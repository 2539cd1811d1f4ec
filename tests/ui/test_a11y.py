"""Every notebook readable in JupyterLab Light and Dark (WCAG 2.1 AA), measured in Chromium.

For each theme one JupyterLab server and one page run the five notebooks in turn (Run
All, wait until every widget has drawn), and for each notebook:

- every SVG text in the outputs meets 4.5:1 (3:1 from 24 px, or bold from 18.67 px)
  against the pixels behind it (``a11y.measure_svg_contrast``);
- every line and marker that carries meaning (graph edges, plot curves, arrows, markers)
  meets 3:1 the same way;
- every HTML text of ours in the outputs (explanation panels, read-outs, tables, legends,
  error panels) meets the same text thresholds against the pixels behind it
  (``a11y.measure_html_contrast``); ipywidgets' own text is set apart by selector
  (``a11y.HTML_UPSTREAM``), disabled controls are exempt (WCAG 1.4.3);
- axe-core finds no serious or critical WCAG 2.1 A/AA violation in the outputs that is
  ours. ipywidgets' own controls are set apart by rule and selector (``a11y.UPSTREAM``):
  the slider handle's missing name (``aria-input-field-name`` on
  ``.widget-slider .noUi-handle``) and the Play widget's icon-only buttons
  (``button-name`` on ``.widget-play button``), jupyter-widgets/ipywidgets#2650.

Failure messages name the notebook, the theme, the cell, the picture, the text, its
colour, the colour behind it and the ratio. Screenshots of every picture in both themes
go to BT_SCREENSHOT_DIR (``a11y-<theme>-<notebook>-cell<N>.png``).
"""

from __future__ import annotations

import json
import time

import pytest

from . import a11y
from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in h.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
THEME_SETTINGS = "@jupyterlab/apputils-extension/themes.jupyterlab-settings"
VIEWPORT = {"width": 1366, "height": 1400}  # tall, so every picture fits the window
SHOWN = 40  # failures listed in full in a message

# Settled: no widget is still loading, some SVG text is drawn, every picture of ours has
# drawn, and the number of pictures, SVG texts and canvases has not changed for 1.5 s
# (anywidget views draw after their module has loaded, which a busy machine delays).
SETTLED_JS = """() => {
  const outs = [...document.querySelectorAll('.jp-OutputArea-output')];
  const loading = outs.some(o => o.innerText.includes('Loading widget'));
  const pictures = [...document.querySelectorAll('.bt-scene, .bt-plot')];
  const drawn = pictures.every(s => s.querySelector('svg text, canvas'));
  const texts = document.querySelectorAll('.jp-OutputArea-output svg text').length;
  const n = pictures.length + ':' + texts + ':' +
            document.querySelectorAll('.jp-OutputArea-output canvas').length;
  const now = performance.now(), s = window.__btSettled;
  if (loading || !drawn || !texts || !s || s.n !== n) {
    window.__btSettled = {n, t: now};
    return false;
  }
  return now - s.t > 1500;
}"""


def set_theme(server: h.Server, theme: str) -> None:
    """Write JupyterLab's theme setting for ``server`` (read on every page load)."""
    target = server.root_dir.parent / "settings" / THEME_SETTINGS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"theme": theme}))


def run_notebook(page, server: h.Server, notebook: str, theme: str) -> None:
    """Open ``notebook`` in ``theme``, Run All, wait until every widget has drawn."""
    h.open_notebook(page, server, notebook)
    shown = page.evaluate("() => document.body.dataset.jpThemeName")
    assert shown == theme, f"JupyterLab shows theme {shown!r}, the test asked for {theme!r}"
    h.run_all(page)
    h.wait_cells_done(page, timeout=180_000)
    page.wait_for_function(SETTLED_JS, timeout=60_000, polling=200)
    h.assert_no_widget_errors(page)


def save_pictures(page, label: str) -> None:
    """A screenshot of every output that holds a picture or a widget."""
    outputs = page.locator(h.OUTPUTS).filter(
        has=page.locator("svg, canvas, .widget-box, .bt-scene, .bt-plot")
    )
    cells = page.evaluate(
        """(sel) => { const cells = [...document.querySelectorAll('.jp-Cell')];
           return [...document.querySelectorAll(sel)].filter(o =>
             o.querySelector('svg, canvas, .widget-box, .bt-scene, .bt-plot'))
             .map(o => cells.indexOf(o.closest('.jp-Cell'))); }""",
        h.OUTPUTS,
    )
    for k, cell in enumerate(cells):
        h.screenshot(page, f"{label}-cell{cell:02d}-{k}", outputs.nth(k))


class ThemeRun:
    """One page in one theme; each notebook is run and measured once, when first asked."""

    def __init__(self, server: h.Server, page, key: str):
        self.server, self.page, self.key = server, page, key
        self.results: dict[str, tuple[list[a11y.Measured], list[a11y.AxeFinding]]] = {}
        self.html: dict[str, list[a11y.Measured]] = {}

    def measure(self, notebook: str):
        if notebook not in self.results:
            t0 = time.monotonic()
            run_notebook(self.page, self.server, notebook, THEMES[self.key])
            t1 = time.monotonic()
            measured = a11y.measure_svg_contrast(self.page)
            self.html[notebook] = a11y.measure_html_contrast(self.page)
            t2 = time.monotonic()
            findings = a11y.run_axe(self.page)
            t3 = time.monotonic()
            save_pictures(self.page, f"a11y-{self.key}-{notebook[:2]}")
            self.server.reset_notebook(notebook)  # its kernel is no longer needed
            self.results[notebook] = (measured, findings)
            _print_summary(self.key, notebook, measured + self.html[notebook], findings)
            print(
                f"  (run {t1 - t0:.0f} s, contrast {t2 - t1:.0f} s, axe {t3 - t2:.0f} s, "
                f"screenshots {time.monotonic() - t3:.0f} s)"
            )
        return self.results[notebook]


def _print_summary(key, notebook, measured, findings) -> None:
    texts = [m for m in measured if m.kind == "text"]
    marks = [m for m in measured if m.kind == "mark"]
    html = [m for m in measured if m.kind == "html"]
    ours = [f for f in findings if f.upstream < 0]
    print(
        f"\n[a11y {key} {notebook[:2]}] SVG texts under AA: "
        f"{sum(not m.passes for m in texts)} of {len(texts)}; HTML texts under AA: "
        f"{sum(not m.passes for m in html)} of {len(html)}; marks under 3:1: "
        f"{sum(not m.passes for m in marks)} of {len(marks)}; axe serious/critical: "
        f"{len(ours)} ours, {len(findings) - len(ours)} ipywidgets'"
    )


@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory):
    """One JupyterLab for both themes: the theme setting is rewritten between them."""
    with h.start_lab_server(tmp_path_factory.mktemp("a11y-lab")) as server:
        yield server


@pytest.fixture(scope="module", params=sorted(THEMES))
def theme_run(request, a11y_server, browser):
    set_theme(a11y_server, THEMES[request.param])
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        yield ThemeRun(a11y_server, page, request.param)
    finally:
        context.close()


def _report(header: str, failing: list, total: int) -> str:
    lines = [f"{header}: {len(failing)} of {total}"]
    lines += ["  " + m.describe() for m in failing[:SHOWN]]
    if len(failing) > SHOWN:
        lines.append(f"  ... and {len(failing) - SHOWN} more")
    return "\n".join(lines)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_svg_text_contrast(theme_run, notebook):
    measured, _ = theme_run.measure(notebook)
    texts = [m for m in measured if m.kind == "text"]
    assert texts, f"{notebook}: no SVG text found in the outputs (did the pictures draw?)"
    failing = sorted((m for m in texts if not m.passes), key=lambda m: m.ratio)
    assert not failing, _report(
        f"{notebook} [{theme_run.key}] SVG texts under AA", failing, len(texts)
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_svg_marks_contrast(theme_run, notebook):
    measured, _ = theme_run.measure(notebook)
    marks = [m for m in measured if m.kind == "mark"]
    failing = sorted((m for m in marks if not m.passes), key=lambda m: m.ratio)
    assert not failing, _report(
        f"{notebook} [{theme_run.key}] lines and markers under 3:1", failing, len(marks)
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_html_text_contrast(theme_run, notebook):
    theme_run.measure(notebook)
    texts = theme_run.html[notebook]
    assert texts, f"{notebook}: no HTML text found in the outputs (did the widgets draw?)"
    for k, (selector, why) in enumerate(a11y.HTML_UPSTREAM):
        n = sum(not m.passes for m in texts if m.upstream == k)
        if n:
            print(f"ipywidgets' own text under AA ({selector}): {n} — {why}")
    failing = sorted((m for m in texts if not m.passes and m.upstream < 0), key=lambda m: m.ratio)
    assert not failing, _report(
        f"{notebook} [{theme_run.key}] HTML texts of ours under AA", failing, len(texts)
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_axe_no_serious_violation_of_ours(theme_run, notebook):
    _, findings = theme_run.measure(notebook)
    upstream = [f for f in findings if f.upstream >= 0]
    for k, (rule, selector, ref) in enumerate(a11y.UPSTREAM):
        n = sum(f.upstream == k for f in upstream)
        if n:
            print(f"ipywidgets' own ({rule} on {selector}): {n} — {ref}")
    ours = [f for f in findings if f.upstream < 0]
    assert not ours, f"{notebook} [{theme_run.key}] axe-core, serious/critical, ours: " + (
        f"{len(ours)}\n  " + "\n  ".join(f.describe() for f in ours[:SHOWN])
    )


# The instruments themselves can fail: known colours on a page of our own.
KNOWN_PAGE = """<html><body style="margin:0;background:#fff">
<div class="jp-OutputArea-output">
  <svg width="400" height="120" style="display:block">
    <rect x="200" y="0" width="200" height="120" fill="#1e1e1e"/>
    <text x="10" y="30" fill="#767676" style="font-size:14px">grey 4.54</text>
    <text x="10" y="60" fill="#777777" style="font-size:14px">grey 4.48</text>
    <text x="10" y="100" fill="#949494" style="font-size:24px">large 3.03</text>
    <text x="210" y="30" fill="#444444" style="font-size:14px">dark on dark</text>
    <text x="210" y="60" fill="#000" stroke="#fff" stroke-width="3"
          style="font-size:14px;paint-order:stroke">halo</text>
    <g data-layer="curve"><path d="M210,90 L390,110" fill="none" stroke="#555"
          stroke-width="2"/></g>
    <g data-layer="squares"><rect x="140" y="10" width="20" height="20" fill="#0072b2"/></g>
    <g data-layer="dots"><circle cx="150" cy="20" r="4" fill="#0072b2"/></g>
  </svg>
  <button></button>
  <div class="widget-play"><button></button></div>
</div></body></html>"""


def test_instruments_catch_known_failures(browser):
    page = browser.new_page(viewport={"width": 600, "height": 400})
    try:
        page.set_content(KNOWN_PAGE)
        measured = {m.text: m for m in a11y.measure_svg_contrast(page)}
        assert measured["grey 4.54"].passes and not measured["grey 4.48"].passes
        assert abs(measured["grey 4.48"].ratio - 4.48) < 0.02
        assert measured["large 3.03"].need == 3.0 and measured["large 3.03"].passes
        assert abs(measured["dark on dark"].ratio - 1.71) < 0.02
        assert measured["halo"].background == (255.0, 255.0, 255.0)
        assert not measured["path"].passes  # #555 on #1e1e1e is about 2.3:1
        # A dot over another series' square is judged against the picture behind both.
        assert measured["circle"].background == (255.0, 255.0, 255.0)
        # The hidden texts are shown again.
        assert page.locator("[data-bt-a11y-hidden]").count() == 0
        findings = a11y.run_axe(page)
        assert [(f.rule, f.upstream) for f in findings] == [
            ("button-name", -1),
            ("button-name", 1),
        ]
    finally:
        page.close()


KNOWN_HTML = """<html><body style="margin:0;background:#fff;font:14px sans-serif">
<div class="jp-OutputArea-output">
  <p style="color:#767676">html 4.54</p>
  <p style="color:#777777">html 4.48</p>
  <div style="background:#1e1e1e;color:#444"><b>dark on dark</b></div>
  <p style="color:#949494;font-size:24px">large 3.03</p>
  <p style="color:#000;opacity:0.3">faded</p>
  <button disabled style="color:#ddd">switched off</button>
  <span class="bt-sr-only">for screen readers</span>
  <div style="height:3000px"></div><p style="color:#000">far below</p>
</div></body></html>"""


def test_html_instrument_catches_known_failures(browser):
    page = browser.new_page(viewport={"width": 600, "height": 400})
    try:
        page.set_content(KNOWN_HTML)
        measured = {m.text: m for m in a11y.measure_html_contrast(page)}
        assert set(measured) == {
            "html 4.54", "html 4.48", "dark on dark", "large 3.03", "faded", "far below"
        }  # fmt: skip
        assert measured["html 4.54"].passes and not measured["html 4.48"].passes
        assert abs(measured["html 4.48"].ratio - 4.48) < 0.02
        assert measured["dark on dark"].background == (30.0, 30.0, 30.0)
        assert abs(measured["dark on dark"].ratio - 1.71) < 0.02
        assert measured["large 3.03"].need == 3.0 and measured["large 3.03"].passes
        assert not measured["faded"].passes  # 30 % black on white is about 2.3:1
        assert measured["far below"].passes  # measured after scrolling down to it
        # The text is shown again.
        color = page.evaluate("() => getComputedStyle(document.querySelector('p')).color")
        assert color == "rgb(118, 118, 118)"
    finally:
        page.close()
