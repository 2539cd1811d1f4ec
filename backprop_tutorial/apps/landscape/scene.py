"""Notebook 1's loss landscape and loss curve as PlotWidget data (numpy + contourpy).

:func:`landscape_figure` is the static part (axes, colour-bar limits), rebuilt only when
the grid changes (x or y moved); :func:`landscape_layers` is what moves: the heat map
and its contour lines (per grid), the descent path, the start, the current point and
the negative-gradient arrow (per step or slider move).
"""

from __future__ import annotations

import html

import numpy as np

from ...ui import charts as sp
from ...ui.style import COLORS, LIGHT_INK, ink_on, map_color, var

MAP = dict(x=58, y=44, w=300, h=300)
CBAR = dict(x=404, y=44, w=14, h=300)
LOSS = dict(x=56, y=44, w=228, h=300)
WIDTH, HEIGHT = 440, 392  # the map and its colour bar
LOSS_WIDTH = 300
N_CONTOURS = 7
PIECE_POINTS = 8  # vertices per piece of a contour line (see inked_contours)


def _levels(J) -> np.ndarray:
    """``N_CONTOURS`` evenly spaced levels strictly inside J's range (none when flat)."""
    lo, hi = float(np.min(J)), float(np.max(J))
    return np.linspace(lo, hi, N_CONTOURS + 2)[1:-1] if hi > lo else np.empty(0)


def _j_range(J) -> tuple:
    lo, hi = float(np.min(J)), float(np.max(J))
    return lo, (hi if hi > lo else lo + 1e-9)


def landscape_figure(model) -> dict:
    """Axes of the map (w0 across, w1 up) and of its colour bar, limits from the grid."""
    x0, x1, y0, y1 = model.extent
    n = model.network
    lo, hi = _j_range(model.grid()[2])
    return sp.figure(
        WIDTH,
        HEIGHT,
        [
            sp.axes(
                "map",
                **MAP,
                xlim=(x0, x1),
                ylim=(y0, y1),
                xlabel="w0",
                ylabel="w1",
                ylabel_offset=34,
                title=f"J(w0, w1) for x = {n.x:.3g}, y = {n.y:.3g}",
            ),
            sp.axes(
                "cb",
                **CBAR,
                xlim=(0, 1),
                ylim=(lo, hi),
                xticks=[],
                ylabel="J",
                ylabel_offset=-2,
                n_yticks=4,
            ),
        ],
        legend=[
            sp.legend_item("current weights (white circle)", "#ffffff", marker="circle"),
            sp.legend_item("−∇J, the way down (arrow, to scale)", COLORS["backward"]),
            sp.legend_item("descent path (white line), start ■", "#9a9a9a"),
        ],
        title="loss landscape",
    )


def landscape_layers(model, grid: bool = True) -> dict:
    """The layers for the model's state; ``grid=False`` leaves out the heat map and
    contours (unchanged unless x or y moved)."""
    w0, w1, _ = model.point
    path = model.path
    d = model.arrow()
    # White with a black rim: on viridis, yellow would read as "high J".
    point = sp.scatter([w0], [w1], color="#ffffff", edge="#000000", size=8, axes="map", z=6)
    point["edge_width"] = 2
    layers = {
        "path": sp.line(
            path[:, 0],
            path[:, 1],
            color="#ffffff",
            width=1.6,
            marker="circle",
            size=2.2,
            axes="map",
            z=3,
        ),
        "start": sp.scatter(
            [path[0, 0]],
            [path[0, 1]],
            color="#ffffff",
            edge="#000000",
            marker="square",
            size=5,
            axes="map",
            z=4,
        ),
        "arrow": _arrow(model, w0, w1, d),
        "point": point,
    }
    if grid:
        w0s, w1s, J = model.grid()
        x0, x1, y0, y1 = model.extent
        lo, hi = _j_range(J)
        layers["heat"] = sp.image(
            J, (x0, x1, y0, y1), vmin=lo, vmax=hi, colors=sp.VIRIDIS, axes="map", z=0
        )
        layers["contours"] = inked_contours(w0s, w1s, J, _levels(J), lo, hi)
        layers["cb"] = sp.colorbar(colors=sp.VIRIDIS, axes="cb")
    return layers


def _arrow(model, w0, w1, d) -> dict:
    """The -grad J arrow in the gradient colour, outlined in the ink that stands out from
    the map where the arrow lies (viridis runs from near-black to yellow)."""
    w0s, w1s, J = model.grid()
    lo, hi = _j_range(J)
    # The map's value under the middle of the arrow (nearest grid point).
    i = int(np.argmin(np.abs(w1s - (w1 + d[1] / 2))))
    j = int(np.argmin(np.abs(w0s - (w0 + d[0] / 2))))
    layer = sp.arrow(
        w0, w1, w0 + d[0], w1 + d[1], color=COLORS["backward"], width=3, head=12, axes="map", z=5
    )
    layer["edge"] = ink_on(map_color(float(J[i, j]), lo, hi, sp.VIRIDIS))
    layer["edge_width"] = 1.5
    return layer


def inked_contours(x, y, Z, levels, vmin, vmax, colors=sp.VIRIDIS) -> dict:
    """Contour lines of ``Z`` each inked dark or light by the map colour of its level (a
    contour lies where the map has that colour), so every line keeps 3:1 on the map.

    Each line goes in short pieces (:data:`PIECE_POINTS` vertices, the joints shared): a
    piece is one SVG path, and what is behind a short piece is the map near the line, not
    the far side of a long curve's bounding box (which the browser test measures)."""
    pieces, inks = [], []
    for level in levels:
        ink = ink_on(map_color(float(level), vmin, vmax, colors))
        for seg in sp.contour_segments(x, y, Z, [level]):
            step = 2 * (PIECE_POINTS - 1)
            for start in range(0, max(len(seg) - 2, 1), step):
                pieces.append(seg[start : start + step + 2])
                inks.append(ink)
    layer = sp.segments(pieces, color=LIGHT_INK, width=0.9, opacity=1, axes="map", z=1)
    layer["colors"] = inks
    return layer


def loss_figure(model) -> dict:
    """Axes of the loss curve, wide enough for the steps taken and the highest J."""
    losses = model.losses
    top = float(np.max(losses))
    return sp.figure(
        LOSS_WIDTH,
        HEIGHT,
        [
            sp.axes(
                "loss",
                **LOSS,
                xlim=(0, max(20, len(losses) - 1)),
                ylim=(0, top * 1.1 if top > 0 else 1.0),
                xlabel="step",
                ylabel="J",
                ylabel_offset=30,
                title="loss curve",
                grid=True,
                n_yticks=4,
            )
        ],
    )


def loss_layers(model) -> dict:
    losses = model.losses
    return {
        "loss": sp.line(
            np.arange(len(losses)),
            losses,
            color=COLORS["forward"],
            width=1.8,
            marker="circle",
            size=2.5,
            axes="loss",
        ),
    }


def status_html(model) -> str:
    """The numbers beside the map: point, cost, gradient, steps, and what went wrong."""
    w0, w1, J = model.point
    g = model.gradient
    lines = [
        f"w0 = {w0:.3f}, w1 = {w1:.3f}, J = {J:.5f}",
        f"dJ/dw0 = {g[0]:.3g}, dJ/dw1 = {g[1]:.3g}",
        f"steps taken: {model.n_taken}",
    ]
    notes = []
    rises = model.n_rises()
    if rises:
        notes.append(
            f"▲ J went up in {rises} of {model.n_taken} steps: the learning rate overshoots "
            "the valley"
        )
    if model.stopped:
        notes.append(f"■ {model.stopped}")
    note = "".join(
        f'<div style="color:{var("error")};font-family:inherit">{html.escape(t)}</div>'
        for t in notes
    )
    return (
        '<div class="bt-landscape-status bt-mono" style="font-size:13px;line-height:1.5">'
        + "<br>".join(html.escape(t) for t in lines)
        + note
        + "</div>"
    )
