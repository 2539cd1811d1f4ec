"""The browser harness itself: a tiny ipywidgets + ipympl notebook in JupyterLab and Voila."""

from __future__ import annotations

import json
import time

import pytest

from . import harness as h

SOURCE = [
    "%matplotlib widget",
    """\
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
with plt.ioff():
    fig, ax = plt.subplots(figsize=(5, 3))
(line,) = ax.plot(x, np.sin(x))
ax.set_ylim(-1.1, 1.1)
slider = widgets.IntSlider(value=1, min=1, max=5, description="frequency")
label = widgets.Label(value="frequency is 1")


def update(change):
    line.set_ydata(np.sin(change["new"] * x))
    label.value = f"frequency is {change['new']}"
    fig.canvas.draw_idle()


slider.observe(update, names="value")
widgets.VBox([slider, label, fig.canvas])""",
]


# A widget view whose model does not exist ("Error displaying widget: model not found"),
# then a failing cell.
BROKEN_SOURCE = [
    """\
from IPython.display import display

view = {"model_id": "no-such-model", "version_major": 2, "version_minor": 0}
display({"application/vnd.jupyter.widget-view+json": view, "text/plain": "a widget"}, raw=True)""",
    "raise ValueError('deliberate failure')",
]


@pytest.fixture(scope="module")
def smoke_notebook(tmp_path_factory):
    return h.write_notebook(tmp_path_factory.mktemp("smoke") / "00-harness-smoke.ipynb", SOURCE)


def _drive_slider(page, shot: str) -> None:
    """Shared by Lab and Voila: the widgets are up; move the slider, see the change."""
    h.wait_for_text(page, "frequency is 1")
    before = h.wait_for_canvases(page, 1)
    assert len(before) == 1
    slider = h.sliders_by_description(page, "frequency")
    assert slider.count() == 1
    assert h.slider_readout(slider) == "1"

    h.slider_press(page, slider, "ArrowRight")
    h.wait_for_text(page, "frequency is 2")
    assert h.slider_readout(slider) == "2"
    after = h.wait_for_canvas_change(page, before)
    assert len(after) == 1 and after != before

    h.assert_no_widget_errors(page)
    assert "Loading widget" not in page.locator("body").inner_text()
    h.screenshot(page, shot)


@pytest.mark.browser
def test_lab_slider_updates_label_and_figure(lab_server, page, smoke_notebook):
    name = lab_server.add_notebook(smoke_notebook)
    t0 = time.monotonic()
    h.open_notebook(page, lab_server, name)
    t_open = time.monotonic()
    h.run_all(page)
    _drive_slider(page, "smoke-lab")
    print(f"timing: open {t_open - t0:.1f} s, run all + slider {time.monotonic() - t_open:.1f} s")


@pytest.mark.browser
def test_voila_slider_updates_label_and_figure(page, smoke_notebook):
    t0 = time.monotonic()
    with h.voila_server(smoke_notebook) as server:
        t_up = time.monotonic()
        page.goto(server.url)
        _drive_slider(page, "smoke-voila")
    print(f"timing: voila up {t_up - t0:.1f} s, render + slider {time.monotonic() - t_up:.1f} s")


@pytest.mark.browser
def test_lab_widget_errors_are_detected(lab_server, page, tmp_path):
    """assert_no_widget_errors must not pass vacuously."""
    name = lab_server.add_notebook(h.write_notebook(tmp_path / "00-broken.ipynb", BROKEN_SOURCE))
    h.open_notebook(page, lab_server, name)
    h.run_all(page)
    h.wait_for_text(page, "deliberate failure")
    page.get_by_text("Error displaying widget").first.wait_for()
    errors = h.widget_errors(page)
    assert any("Error displaying widget" in e for e in errors), errors
    assert any("ValueError" in e and "deliberate failure" in e for e in errors), errors
    with pytest.raises(AssertionError, match="deliberate failure"):
        h.assert_no_widget_errors(page)


def _saved_outputs(path) -> list:
    return [
        out for cell in json.loads(path.read_text())["cells"] for out in cell.get("outputs", [])
    ]


@pytest.mark.browser
def test_lab_reopen_starts_clean(lab_server, page, tmp_path):
    """open_notebook() gives a fresh kernel and the original file, even after a saved run."""
    name = lab_server.add_notebook(h.write_notebook(tmp_path / "00-reopen.ipynb", SOURCE))
    h.open_notebook(page, lab_server, name)
    h.run_all(page)
    h.wait_for_text(page, "frequency is 1")
    h.slider_press(page, h.sliders_by_description(page, "frequency"), "ArrowRight")
    h.wait_for_text(page, "frequency is 2")
    # The tab is marked dirty until the server has written the saved file.
    dirty = page.locator(".lm-TabBar-tab.jp-mod-dirty")
    h.expect(dirty).to_have_count(1)
    page.keyboard.press("Control+s")
    h.expect(dirty).to_have_count(0)
    served = lab_server.root_dir / name
    assert _saved_outputs(served), "the saved copy has no outputs"

    h.open_notebook(page, lab_server, name)
    assert not _saved_outputs(served)
    h.expect(page.locator(".jp-Cell")).to_have_count(len(SOURCE))  # the file is shown
    assert page.locator(h.OUTPUTS).count() == 0
    h.run_all(page)
    h.wait_for_text(page, "frequency is 1")  # a fresh kernel: the slider starts at 1 again
    h.assert_no_widget_errors(page)
