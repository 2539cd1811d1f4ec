"""PlotWidget in a real JupyterLab: every layer kind drawn, a slider repaints the heat map,
the ticks are the kernel's, and a theme switch recolours without a re-run."""

from __future__ import annotations

import pytest

from . import harness as h

pytestmark = pytest.mark.browser

SOURCE = [
    """\
import ipywidgets as widgets
import numpy as np

from backprop_tutorial.ui.charts import (
    arrow,
    axes,
    bars,
    colorbar,
    contour_segments,
    figure,
    image,
    legend_item,
    line,
    scatter,
    segments,
    text,
)
from backprop_tutorial.ui.style import COLORS
from backprop_tutorial.ui.widgets.plot import PlotWidget

x = np.linspace(-2, 2, 41)
X, Y = np.meshgrid(x, x)
fig = figure(
    640,
    300,
    [
        axes("map", 60, 40, 220, 220, (-2, 2), (-2, 2), xlabel="w0", ylabel="w1", title="J"),
        axes("bar", 350, 40, 16, 220, (0, 1), (0, 8), xticks=[]),
        axes("log", 430, 40, 190, 220, (1, 100), (1e-3, 1e3), xscale="log", yscale="log",
                xlabel="depth", ylabel="time (s)", grid=True),
    ],
    legend=[legend_item("path", COLORS["forward"]), legend_item("fit", "#000", dash=True)],
)


def layers(k):
    Z = (X - 0.3 * k) ** 2 + Y**2
    return {
        "heat": image(Z, (-2, 2, -2, 2), vmin=0, vmax=8, axes="map"),
        "contours": segments(contour_segments(x, x, Z, [1, 2, 4]), axes="map"),
        "path": line([0, 0.5, 1], [1, 0.5, 0.2], color=COLORS["forward"], marker="circle",
                        axes="map"),
        "arrow": arrow(0, 0, -0.8, 0.6, color=COLORS["backward"], axes="map"),
        "point": scatter([0.3 * k], [0], marker="square", size=6, axes="map"),
        "note": text(0.05, 0.95, f"k = {k}", coords="axes", axes="map", color="#fff"),
        "cb": colorbar(axes="bar"),
        "meas": scatter([1, 10, 100], [1e-3, 1e-1, 1e2], axes="log", marker="triangle"),
        "fit": line([1, 100], [1e-3, 1e2], dash="5 3", axes="log", width=1.5),
        "bars": bars([2, 20], [1, 10], bar_width=1, axes="log", color=COLORS["param"]),
    }


plot = PlotWidget({"figure": fig, "layers": layers(0)})
slider = widgets.IntSlider(value=0, min=0, max=5, description="k")
slider.observe(lambda c: plot.show({"layers": layers(c["new"])}), names="value")
widgets.VBox([slider, plot])""",
]


def test_plot_widget_draws_and_repaints(tmp_path, lab_server, page):
    name = lab_server.add_notebook(h.write_notebook(tmp_path / "00-plot.ipynb", SOURCE))
    h.open_notebook(page, lab_server, name)
    h.run_all(page)
    box = page.locator(".bt-plot-box").first
    box.wait_for()
    out = page.locator(h.OUTPUTS).filter(has=page.locator(".bt-plot")).first
    # Every layer kind made SVG (or canvas pixels).
    for layer in ("contours", "path", "arrow", "point", "note", "cb", "meas", "fit", "bars"):
        assert out.locator(f'[data-layer="{layer}"] > *').count() > 0, layer
    canvas = out.locator("canvas.bt-plot-canvas")
    before = canvas.evaluate("c => c.toDataURL()")
    assert out.locator(".bt-plot-legend-item").count() == 2
    h.slider_press(page, h.sliders_by_description(page, "k"), "ArrowRight")
    out.locator("text", has_text="k = 1").wait_for()
    page.wait_for_function("([c, b]) => c.toDataURL() !== b", arg=[canvas.element_handle(), before])
    # The ticks drawn are the ones the kernel sent (ui/scale.py), labels included.
    labels = out.locator(".bt-plot-ticklabel").all_text_contents()
    for expected in ("-2", "0", "2", "0.001", "1000"):
        assert expected in labels, (expected, labels)
    # A text alternative that says what the chart shows.
    label = out.locator("svg.bt-plot-svg").get_attribute("aria-label")
    assert label.startswith("J. time (s) against depth. key: path, fit"), label
    # Role colours follow JupyterLab's theme without a re-run: the forward (path) line is
    # light-theme blue, then the dark theme's sky blue once the body says "dark".
    path = out.locator('[data-layer="path"] path').first
    stroke = "e => getComputedStyle(e).stroke"
    assert path.evaluate(stroke) == "rgb(0, 114, 178)"
    page.evaluate("document.body.dataset.jpThemeLight = 'false'")
    assert path.evaluate(stroke) == "rgb(86, 180, 233)"
    page.evaluate("document.body.dataset.jpThemeLight = 'true'")
    # The figure fits its output area.
    fig_box, out_box = box.bounding_box(), out.bounding_box()
    assert fig_box["x"] + fig_box["width"] <= out_box["x"] + out_box["width"] + 1
    h.screenshot(page, "plot-widget", out)
    h.assert_no_widget_errors(page)
