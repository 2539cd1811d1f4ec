"""A press shows at once: the pictures mark themselves pending until the kernel answers.

Notebook 1 in JupyterLab: moving the landscape app's w0 slider with a key, and pressing its
"step" button, must put ``bt-pending`` (and ``aria-busy``) on the app's pictures before any
of them shows the kernel's new data (``data-version`` goes up), and take it away once the
kernel has answered. Recorded in the page by a MutationObserver, so the order is exact
however busy the machine is.
"""

from __future__ import annotations

import re

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOK = "01-simplest-network.ipynb"

# Records, in order, every change of a picture's pending mark or data-version in `cell`.
RECORD_JS = """(cell) => {
  window.btPending = [];
  const mo = new MutationObserver((recs) => {
    for (const r of recs) {
      const el = r.target;
      if (r.attributeName === 'class') {
        const on = el.classList.contains('bt-pending');
        const was = (r.oldValue || '').split(/\\s+/).includes('bt-pending');
        if (on !== was) window.btPending.push([on ? 'on' : 'off', el.getAttribute('aria-busy')]);
      } else if (r.attributeName === 'data-version') {
        window.btPending.push(['version', el.dataset.version]);
      }
    }
  });
  mo.observe(cell, {subtree: true, attributes: true, attributeOldValue: true,
                    attributeFilter: ['class', 'data-version']});
  window.btStopPending = () => mo.disconnect();
}"""


def _press_and_record(page, cell, press) -> list:
    cell.evaluate(RECORD_JS)
    press()
    # Done when the kernel answered: every mark that went on went off again.
    try:
        page.wait_for_function(
            """() => { const ev = window.btPending || [];
                       const on = ev.filter(e => e[0] === 'on').length;
                       return on > 0 && on === ev.filter(e => e[0] === 'off').length; }""",
            timeout=180_000,  # bounds a hang only: the kernel may be slow on a busy machine
        )
    except Exception as exc:
        events = page.evaluate("() => window.btPending")
        raise AssertionError(f"the marks never settled: {events}") from exc
    events = page.evaluate("() => { window.btStopPending(); return window.btPending; }")
    return events


def _check(events: list, what: str) -> None:
    kinds = [e[0] for e in events]
    assert "on" in kinds, f"{what}: no picture marked itself pending: {events}"
    first_on = kinds.index("on")
    assert "version" not in kinds[:first_on], f"{what}: new data came before the mark: {events}"
    assert all(e[1] == "true" for e in events if e[0] == "on"), f"{what}: aria-busy: {events}"
    assert all(e[1] is None for e in events if e[0] == "off"), f"{what}: aria-busy left: {events}"


def test_a_press_marks_the_pictures_pending_until_the_kernel_answers(lab_server, page):
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    h.wait_cells_done(page, timeout=180_000)
    cell = page.locator(".jp-CodeCell").filter(has_text="apps.LandscapeApp(").first
    slider = cell.locator(h.SLIDER).filter(
        has=page.locator(h.WIDGET_LABEL, has_text=re.compile(r"^w0$"))
    )
    before = h.slider_readout(slider)

    events = _press_and_record(page, cell, lambda: h.slider_press(page, slider, "ArrowRight"))
    _check(events, "w0 slider")
    assert h.slider_readout(slider) != before
    assert any(e[0] == "version" for e in events), "the picture never showed the new w0"

    button = cell.locator("button").filter(has_text=re.compile(r"^\s*step\s*$")).first
    events = _press_and_record(page, cell, button.click)
    _check(events, "step button")
    assert cell.locator(".bt-pending").count() == 0
    assert cell.locator("[aria-busy]").count() == 0
    h.assert_no_widget_errors(page)
