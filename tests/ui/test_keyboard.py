"""Notebook 1 with the keyboard alone, in JupyterLab.

Keys only, from the moment the notebook is open: the command palette runs all cells;
in command mode the arrow keys select the stepper's cell; Tab reaches its stepping
control; arrow keys step the forward and the backward pass to the last step and back;
then the landscape app's cell is selected the same way, Tab reaches its "step" and its
"run 20 steps" buttons, Enter and Space press them. Every control reached must show a
visible focus ring (a computed outline or box shadow).
"""

from __future__ import annotations

import re

import pytest

import backprop_tutorial as bt

from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOK = "01-simplest-network.ipynb"
MAX_TABS = 30  # Tab presses allowed to reach a control from its cell

# The focused element: its cell, tag, role, name and whether it shows a focus ring.
FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const cs = getComputedStyle(e);
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0)
               || cs.boxShadow !== 'none';
  return {cell: cells.indexOf(e.closest('.jp-Cell')), tag: e.tagName.toLowerCase(),
          role: e.getAttribute('role') || '', name: e.getAttribute('aria-label') || '',
          text: (e.innerText || e.textContent || '').trim().slice(0, 40),
          isCell: e.classList.contains('jp-Cell'), ring};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED_JS) or {}


def press_and_settle(page, key: str) -> None:
    """Press ``key``, then wait two animation frames: JupyterLab applies a command-mode
    move (the new active cell, its focus) in a Lumino update request, run on the next
    frame, so the focus read right after the press may still be the old one; on a busy
    machine that frame comes late."""
    page.keyboard.press(key)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def cell_index(page, selector: str) -> int:
    """Index of the notebook cell whose output holds ``selector``."""
    return page.evaluate(
        """(sel) => { const cells = [...document.querySelectorAll('.jp-Cell')];
           return cells.indexOf(document.querySelector(sel).closest('.jp-Cell')); }""",
        selector,
    )


def run_all_by_keys(page) -> None:
    """Run > Run All Cells through the command palette (Ctrl+Shift+C)."""
    page.keyboard.press("Control+Shift+C")
    page.locator(".lm-CommandPalette input").wait_for(state="visible")
    page.keyboard.type("Run All Cells")
    page.locator(".lm-CommandPalette-item.lm-mod-active", has_text="Run All Cells").wait_for()
    page.keyboard.press("Enter")


def select_cell_by_keys(page, target: int) -> bool:
    """Escape to command mode, then ArrowUp/ArrowDown until cell ``target`` is focused.
    False when Escape left the focus where it was (inside an output)."""
    press_and_settle(page, "Escape")
    for _ in range(80):
        now = focused(page)
        if not now.get("isCell"):
            return False
        if now["cell"] == target:
            return True
        press_and_settle(page, "ArrowDown" if now["cell"] < target else "ArrowUp")
    raise AssertionError(f"the arrow keys did not reach cell {target}")


def tab_to(page, cell: int, want, what: str, limit: int = MAX_TABS) -> dict:
    """Press Tab until the focused element in ``cell`` satisfies ``want``; return it."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now.get("cell") == cell and want(now):
            return now
        seen.append(f"{now.get('tag')}[{now.get('role')}] {now.get('name') or now.get('text')}")
    raise AssertionError(
        f"{limit} Tabs did not reach {what} in cell {cell}; focus went to: {seen[-40:]}"
    )


@pytest.fixture(scope="module")
def walk(lab_server, browser):
    """Walk notebook 1 by keyboard once; record what happened for the tests below."""
    context = h.bound_waits(browser.new_context(viewport={"width": 1366, "height": 900}))
    page = context.new_page()
    record = {"rings": {}, "error": None}
    try:
        h.open_notebook(page, lab_server, NOTEBOOK)
        run_all_by_keys(page)
        h.wait_cells_done(page, timeout=h.RUN_ALL_TIMEOUT)
        page.locator(".bt-landscape-status").wait_for(timeout=h.RUN_ALL_TIMEOUT)
        record["stepper"] = _walk_stepper(page, record)
        record["landscape"] = _walk_landscape(page, record)
    except AssertionError as exc:
        record["error"] = str(exc)
        h.screenshot(page, "keyboard-failed")
    finally:
        context.close()
    return record


def _walk_stepper(page, record) -> str:
    cell = cell_index(page, ".bt-step-panel")
    assert select_cell_by_keys(page, cell), f"Escape did not give command mode: {focused(page)}"
    panel = page.locator(".jp-Cell").nth(cell).locator(".bt-step-panel")
    panel.get_by_text("Step 0 of 12").wait_for()

    def steps(el):  # a control whose arrow keys step: the slider, or a stepper of ours
        return el["role"] == "slider"

    control = tab_to(page, cell, steps, "the stepper's step control")
    record["rings"]["stepper step control"] = control["ring"]
    last = bt.ChainNetwork(x=1.0, y=0.9, w0=0.5, w1=-1.0).trace.backward_steps[-1]
    for k in range(1, 13):
        page.keyboard.press("ArrowRight")
        panel.get_by_text(f"Step {k} of 12").wait_for()
    text = panel.inner_text()
    assert f"upstream {last.upstream:.3g} × local {last.local:.3g}" in text, text
    page.keyboard.press("ArrowLeft")
    panel.get_by_text("Step 11 of 12").wait_for()
    return "forward and backward pass stepped to 12 of 12 and back to 11 by arrow keys"


def _walk_landscape(page, record) -> str:
    cell = cell_index(page, ".bt-landscape-status")
    # From inside the stepper: Escape to command mode and the arrow keys to the cell; if
    # Escape does not leave the widget, Tab on through the outputs in between.
    by_cell = select_cell_by_keys(page, cell)
    out = page.locator(".jp-Cell").nth(cell)
    out.get_by_text("steps taken: 0").wait_for()
    step = tab_to(
        page,
        cell,
        lambda e: re.fullmatch(r"step", e["text"]) is not None,
        "the step button",
        limit=MAX_TABS if by_cell else 150,
    )
    record["rings"]["landscape step button"] = step["ring"]
    page.keyboard.press("Enter")
    out.get_by_text("steps taken: 1").wait_for()
    run = tab_to(page, cell, lambda e: "run 20 steps" in e["text"], "the run 20 steps button")
    record["rings"]["landscape run button"] = run["ring"]
    page.keyboard.press("Space")
    out.get_by_text("steps taken: 21").wait_for()
    how = "" if by_cell else " (Escape did not leave the stepper's widget: reached by Tab)"
    return "gradient descent: step (Enter) and run 20 steps (Space) by keyboard" + how


def test_notebook01_by_keyboard_alone(walk):
    assert walk["error"] is None, walk["error"]
    print(walk["stepper"])
    print(walk["landscape"])


def test_focus_ring_visible(walk):
    assert walk["rings"], f"no control was reached: {walk['error']}"
    missing = [name for name, ring in walk["rings"].items() if not ring]
    assert not missing, f"no visible focus ring (outline or box shadow) on: {missing}"
