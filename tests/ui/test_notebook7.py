"""The notebooks in Notebook 7 (``jupyter notebook``, the other front end of every Jupyter
install): each one runs all its cells, every widget displays, no cell shows an error, and
where the notebook has a stepped picture, its step slider steps it in the browser.

One Notebook 7 server (``harness.start_lab_server(front_end="notebook")``) and one page
for all the notebooks.
"""

from __future__ import annotations

import re
import time

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in h.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
# Notebooks with a stepped picture (SceneWidget with a step slider): 05 has none.
STEPPED = {"01", "02", "03", "04", "06"}
# What the slider linked to a stepped picture is called (notebook 3 steps through paths).
STEP_SLIDER = re.compile(r"^(step|path)$")


def kernel_state(server: h.Server, name: str) -> str | None:
    for session in server.api("GET", "/api/sessions"):
        if session.get("path") == name:
            return session["kernel"]["execution_state"]
    return None


def wait_kernel(server: h.Server, name: str, state: str = "idle", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while kernel_state(server, name) != state:
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}: kernel not {state} after {timeout:.0f} s")
        time.sleep(0.25)


# Every cell ran (an execution count, none queued or running).
CELLS_DONE_JS = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .map(p => p.innerText);
  return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
}"""

STEP_OF_JS = "(el) => el.dataset.step"


def run_in_notebook7(page, server: h.Server, name: str) -> None:
    server.reset_notebook(name)
    page.goto(f"{server.url}/notebooks/{name}", timeout=60_000)
    page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=60_000)
    assert page.locator("#jp-main-statusbar").count() == 0, "this is JupyterLab, not Notebook 7"
    wait_kernel(server, name, timeout=120)
    h.run_all(page)
    page.wait_for_function(CELLS_DONE_JS, timeout=180_000, polling=250)
    wait_kernel(server, name, timeout=120)
    # Some picture drawn (the first in the page may be one that is hidden, or a chart).
    page.locator(".bt-svg:visible, .bt-plot-svg:visible").first.wait_for(timeout=60_000)


# Mark the first picture with more than one frame (a static picture has data-step too).
MARK_STEPPED_JS = """() => {
  const el = [...document.querySelectorAll('[data-step]')]
      .find(e => parseInt(e.dataset.frames, 10) > 1);
  if (el) el.setAttribute('data-bt-nb7', '');
  return !!el;
}"""


def step_first_picture(page) -> tuple[int, int]:
    """Step the first stepped picture as a learner does: click its step slider's handle,
    press ArrowRight twice (ArrowLeft if the picture opens near its end); return the
    picture's data-step before and after.

    The keys go wherever the click left the focus, as a learner's would: were Notebook 7's
    command-mode shortcuts to take the arrows (ArrowRight jumps to the next heading), the
    picture would not step and this fails.
    """
    assert page.evaluate(MARK_STEPPED_JS), "no stepped picture (data-frames > 1) on the page"
    scene = page.locator("[data-bt-nb7]")
    box = page.locator(h.OUTPUTS).filter(has=page.locator("[data-bt-nb7]"))
    slider = box.locator(h.SLIDER).filter(has=page.locator(h.WIDGET_LABEL, has_text=STEP_SLIDER))
    assert slider.count() == 1, f"{slider.count()} step sliders beside the picture, not one"
    handle = slider.locator(h.SLIDER_HANDLE)
    before = int(scene.evaluate(STEP_OF_JS))
    last = int(scene.evaluate("(el) => el.dataset.frames")) - 1
    key, want = ("ArrowRight", before + 2) if before + 2 <= last else ("ArrowLeft", before - 2)
    handle.scroll_into_view_if_needed()
    handle.click()
    for _ in range(2):
        page.keyboard.press(key)
    try:
        page.wait_for_function(
            "([el, k]) => el.dataset.step === String(k)",
            arg=[scene.element_handle(), want],
            timeout=20_000,
        )
    except Exception as exc:
        active = page.evaluate("() => document.activeElement.className")
        raise AssertionError(
            f"two {key} presses did not take the picture from step {before} to {want} (now "
            f"{scene.evaluate(STEP_OF_JS)}; readout {h.slider_readout(slider)!r}; focus is "
            f"on {active!r})"
        ) from exc
    return before, int(scene.evaluate(STEP_OF_JS))


@pytest.fixture(scope="module")
def nb7(tmp_path_factory):
    pytest.importorskip("notebook", minversion="7", reason="pip install -e '.[test]'")
    with h.start_lab_server(tmp_path_factory.mktemp("nb7"), front_end="notebook") as server:
        yield server


@pytest.fixture(scope="module")
def nb7_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_runs_and_steps_in_notebook7(nb7, nb7_page, notebook):
    page = nb7_page
    try:
        run_in_notebook7(page, nb7, notebook)
        h.assert_no_widget_errors(page)
        assert page.locator(".bt-error").count() == 0, f"{notebook}: an app shows an error"
        if notebook[:2] in STEPPED:
            before, after = step_first_picture(page)
            assert abs(after - before) == 2, f"{notebook}: two steps took {before} to {after}"
        h.screenshot(page, f"nb7-{notebook[:2]}")
    finally:
        nb7.reset_notebook(notebook)
