"""Every output of every notebook fits its output area, on a laptop, a big screen, a tablet.

JupyterLab at 1366×768 with the file browser open (what a newcomer gets), then the same
page at 1920×1080 and at 768×1024 (a tablet held upright): no element of a cell's output
may stick out to the right of the output area (an element inside a box that scrolls
sideways counts as fitting when that box fits), and no widget may fail to display.
"""

from __future__ import annotations

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in h.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
SCREENS = [(1366, 768), (1920, 1080)]
# A tablet held upright: measured on every run, but not yet met (issue 20 is open: wide
# tables, the cost explorer and the digits trainer's controls are wider than 768 px).
TABLET = (768, 1024)

# Elements sticking out of their output area, as [cell, description, overshoot px].
OVERFLOW_JS = """() => {
  const out = [];
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const label = (el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/)[0] : '';
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
  };
  document.querySelectorAll('.jp-Cell .jp-OutputArea-output').forEach((area) => {
    const index = cells.indexOf(area.closest('.jp-Cell'));
    const right = area.getBoundingClientRect().right;
    if (area.scrollWidth > area.clientWidth + 1) {
      out.push([index, 'output area scrolls', area.scrollWidth - area.clientWidth]);
    }
    const walk = (el) => {
      for (const child of el.children) {
        const style = getComputedStyle(child);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const r = child.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.right > right + 1) {
          out.push([index, label(child), Math.round(r.right - right)]);
          continue;  // the outermost offender is enough
        }
        // Content cut off inside a box (hidden, or behind a sideways scroll bar) is
        // clipped too, unless the box is meant to scroll (class bt-scroll).
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
            && child.scrollWidth > child.clientWidth + 1 && !child.closest('.bt-scroll')
            && !child.closest('.bt-sr-only')) {  // screen-reader text: clipped on purpose
          out.push([index, label(child) + ' clips', child.scrollWidth - child.clientWidth]);
          continue;
        }
        walk(child);
      }
    };
    walk(area);
  });
  return out;
}"""


def _show_file_browser(page) -> None:
    """Make sure the left sidebar shows the file browser, as a newcomer sees it."""
    browser_panel = page.locator("#filebrowser")
    if not browser_panel.is_visible():
        page.locator('.jp-SideBar [data-id="filebrowser"]').first.click()
        browser_panel.wait_for(state="visible", timeout=10_000)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_output_fits_its_area(notebook, lab_server, browser):
    width, height = SCREENS[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        h.open_notebook(page, lab_server, notebook)
        _show_file_browser(page)
        h.run_all(page)
        h.wait_cells_done(page, timeout=180_000)
        page.wait_for_timeout(1500)  # widgets render after their cell finished
        problems = {}
        for width, height in [*SCREENS, TABLET]:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(600)  # relayout
            over = page.evaluate(OVERFLOW_JS)
            if over:
                problems[f"{width}x{height}"] = over
            h.screenshot(page, f"fit-{notebook[:2]}-{width}x{height}")
        tablet = problems.pop(f"{TABLET[0]}x{TABLET[1]}", None)
        assert not problems, f"outputs wider than their area (cell, element, px): {problems}"
        # The check itself can fail: a too-wide element is reported.
        page.evaluate(
            """() => {
              const d = document.createElement('div');
              d.id = 'bt-too-wide'; d.style.width = '4000px'; d.style.height = '5px';
              document.querySelector('.jp-OutputArea-output').appendChild(d);
            }"""
        )
        assert page.evaluate(OVERFLOW_JS), "the overflow check missed a 4000 px element"
        page.evaluate("() => document.getElementById('bt-too-wide').remove()")
        h.assert_no_widget_errors(page)
        assert page.locator(".bt-error").count() == 0, "an app shows an error"
        if tablet:
            pytest.xfail(f"known gap (issue 20): at {TABLET[0]}x{TABLET[1]}, too wide: {tablet}")
    finally:
        context.close()
