"""A slice of the loss landscape as chart data: log10 J on the plane, contours, the
trajectory from start to now, a colour bar in J.

Numpy only: ``slice_figure(model)`` and ``slice_layers(model)`` take a
:class:`~backprop_tutorial.apps.landscape_slice.model.LandscapeSliceModel`.
"""

from __future__ import annotations

import html

import numpy as np

from ...ui import charts as sp
from ...ui.scale import log_ticks, ramp, tick_text
from ...ui.style import DARK_INK, OKABE_ITO
from ..landscape.scene import inked_contours
from .model import LandscapeSliceModel

# Anchors of matplotlib's viridis (dark blue = low J, yellow = high J), interpolated here
# so that drawing needs no matplotlib.
VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
SLICE_COLORS = ramp(VIRIDIS)
START_MARKER, NOW_MARKER = "circle", "diamond"
# The map is data, the same in both themes: "now" is the palette's yellow (not the theme's
# "active" fill, dark in the dark theme) with a dark edge, one of them clear on any colour.
NOW_COLOR = OKABE_ITO["yellow"]

WIDTH, HEIGHT = 640, 480
MAP = (76, 66, 380, 370)
BAR = (500, 66, 14, 370)


def log_surface(model) -> np.ndarray:
    """log10 J on the grid (J floored at 1e-12 so that a zero cost stays finite)."""
    return np.log10(np.maximum(model.surface, 1e-12))


def color_range(model) -> tuple:
    z = log_surface(model)
    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    return lo, (hi if hi > lo else lo + 1e-6)


def slice_figure(model) -> dict:
    x0, x1, y0, y1 = model.extent
    xl, yl = model.axis_labels
    lo, hi = color_range(model)
    ticks = log_ticks(10**lo, 10**hi)
    t = model.training
    return sp.figure(
        WIDTH,
        HEIGHT,
        [
            sp.axes(
                "map",
                *MAP,
                (x0, x1),
                (y0, y1),
                xlabel=xl,
                ylabel=yl,
                title=f"J on the slice, after {model.epochs} epochs ({t.dataset}, {t.sizes})",
                ylabel_offset=40,
            ),
            sp.axes(
                "bar",
                *BAR,
                (0, 1),
                (10**lo, 10**hi),
                yscale="log",
                xticks=[],
                yticks=ticks,
                yticklabels=[tick_text(v) for v in ticks],
                ylabel="J",
                ylabel_offset=4,
            ),
        ],
        legend=[
            sp.legend_item("training path", "#111111"),
            sp.legend_item("start (initial weights)", "#ffffff", marker=START_MARKER),
            sp.legend_item("now", NOW_COLOR, marker=NOW_MARKER),
            sp.legend_item("colour: J (log scale), dark = low", SLICE_COLORS[8]),
        ],
        title="loss landscape slice",
    )


def slice_layers(model) -> dict:
    z = log_surface(model)
    lo, hi = color_range(model)
    cx, cy = model.centre
    xs, ys = model.alphas + cx, model.betas + cy
    levels = np.linspace(lo, hi, 10)[1:-1] if hi - lo > 1e-6 else []
    path = model.path
    return {
        "J": sp.image(z, model.extent, vmin=lo, vmax=hi, colors=SLICE_COLORS, axes="map"),
        "contours": inked_contours(xs, ys, z, levels, lo, hi, SLICE_COLORS),
        # A dark line under a white one: visible on dark and on light colours.
        "path_under": sp.line(path[:, 0], path[:, 1], color=DARK_INK, width=4.5, axes="map", z=2),
        "path": sp.line(path[:, 0], path[:, 1], color="#ffffff", width=1.8, axes="map", z=3),
        "start": sp.scatter(
            [path[0, 0]],
            [path[0, 1]],
            color="#ffffff",
            marker=START_MARKER,
            size=6,
            edge=DARK_INK,
            axes="map",
            z=4,
        ),
        "now": sp.scatter(
            [model.current[0]],
            [model.current[1]],
            color=NOW_COLOR,
            marker=NOW_MARKER,
            size=8,
            edge=DARK_INK,
            axes="map",
            z=5,
        ),
        "bar": sp.colorbar(colors=SLICE_COLORS, axes="bar"),
    }


def info_html(m: LandscapeSliceModel) -> str:
    """What the picture shows, in words and numbers from the model."""
    t = m.training
    dims = m.dimensions
    if m.mode == "weights":
        (start,) = m.surface_at(m.path[:1])
        text = (
            f"<b>Along two weights:</b> {html.escape(m.first)} across, {html.escape(m.second)} "
            f"up; the other {dims - 2} of the n + m = {dims} parameters stay at their values "
            "<i>now</i>. The path shows only these two coordinates of the trajectory: while "
            "training, the other parameters moved too, so the colour under a point of the path "
            "is not the cost the network had there. Under the start ○ the colours read "
            f"J = {start:.3g}; the network at the start had J = {t.losses[0]:.3g}."
        )
    elif m.plane.offsets == (0.5, 0.0):
        share = m.in_plane_share()
        text = (
            "<b>Through the training path:</b> across, from the initial weights (0, ○) to the "
            "weights now (1, ◆), θ = θ<sub>start</sub> + α (θ<sub>now</sub> − θ<sub>start</sub>); "
            "up, a random direction normalised per neuron, as long as θ<sub>now</sub> − "
            f"θ<sub>start</sub>. All n + m = {dims} parameters move along both axes; the plane "
            f"holds {100 * share:.0f}% of the displacement of training."
        )
    else:
        text = (
            "<b>Two random directions</b> (normalised per neuron) through the weights now, "
            f"in a space of n + m = {dims} parameters."
        )
    text += (
        f" Half-width {m.half:.3g}: the square shown reaches that far from its centre in "
        "the axes' units. Colours: J on a log scale, dark = low."
    )
    if m.note:
        text += f'<br><span class="bt-slice-note">Note: {html.escape(m.note)}.</span>'
    return f'<div style="font-size:13px;line-height:1.45">{text}</div>'
