"""The playground's charts as data: decision boundary (with class legend and probability
colour bar) beside the loss curve, for :class:`~backprop_tutorial.ui.widgets.plot.PlotWidget`.

Numpy only: ``training_figure(model)`` and ``training_layers(model)`` take a
:class:`~backprop_tutorial.apps.training.model.TrainingModel`.
"""

from __future__ import annotations

import numpy as np

from ...ui import charts as sp
from ...ui.scale import log_ticks, ramp, tick_text
from ...ui.style import CLASS_COLORS, COLORS, DARK_INK

# Class 0 and class 1: colour AND marker shape.
CLASS_MARKERS = ("circle", "triangle")
# P(class 1): light class-0 orange at 0, white at 0.5, light class-1 blue at 1.
BOUNDARY_RAMP = ("#f3c96b", "#f9e6bd", "#ffffff", "#bcd9ee", "#79b2db")
# The map's colours are data, the same in both themes, so the marks on it are inked dark
# in both (an unthemed near-black: the boundary and every marker's edge).
CONTOUR = DARK_INK
MAX_CURVE_POINTS = 600  # the loss curve sent to the browser (every epoch is kept)

WIDTH, HEIGHT = 830, 392
MAP = (58, 52, 290, 290)  # x, y, w, h in pixels
BAR = (384, 52, 14, 290)
LOSS = (520, 52, 290, 290)


BOUNDARY_COLORS = ramp(BOUNDARY_RAMP)


def loss_limits(losses) -> tuple:
    """``(xlim, ylim)`` of the loss curve (log y, a little room above and below)."""
    losses = np.asarray(losses, dtype=float)
    finite = losses[np.isfinite(losses) & (losses > 0)]
    lo = float(finite.min()) if finite.size else 1e-3
    hi = float(finite.max()) if finite.size else 1.0
    xlim = (0.0, float(max(10, len(losses) - 1)))
    return xlim, (max(lo / 1.6, 1e-8), max(hi * 1.6, lo * 3, 1e-7))


def curve(losses) -> tuple:
    """Epochs and losses of the curve, at most :data:`MAX_CURVE_POINTS` (evenly spaced,
    first and last kept)."""
    losses = np.asarray(losses, dtype=float)
    epochs = np.arange(len(losses))
    if len(losses) > MAX_CURVE_POINTS:
        keep = np.unique(np.linspace(0, len(losses) - 1, MAX_CURVE_POINTS).round().astype(int))
        epochs, losses = epochs[keep], losses[keep]
    return epochs, losses


def training_figure(model) -> dict:
    """Axes: the boundary map (x[0], x[1]), its colour bar P(class 1), the loss curve."""
    lo, hi, lo_y, hi_y = model.extent
    xlim, ylim = loss_limits(model.losses)
    yticks = log_ticks(*ylim)
    return sp.figure(
        WIDTH,
        HEIGHT,
        [
            sp.axes(
                "map",
                *MAP,
                (lo, hi),
                (lo_y, hi_y),
                xlabel="x[0]",
                ylabel="x[1]",
                title=f"{model.dataset}: the network's P(class 1)",
                xticks=[-1, 0, 1],
                yticks=[-1, 0, 1],
            ),
            sp.axes(
                "bar",
                *BAR,
                (0, 1),
                (0, 1),
                xticks=[],
                yticks=[0, 0.5, 1],
                yticklabels=["0", "0.5", "1"],
                ylabel="P(class 1)",
                ylabel_offset=26,
            ),
            sp.axes(
                "loss",
                *LOSS,
                xlim,
                ylim,
                yscale="log",
                yticks=yticks,
                yticklabels=[tick_text(v) for v in yticks],
                xlabel="epoch",
                ylabel="J",
                ylabel_offset=40,
                title="cost J (cross-entropy) per epoch",
                grid=True,
            ),
        ],
        legend=[
            sp.legend_item("class 0", CLASS_COLORS[0], marker=CLASS_MARKERS[0]),
            sp.legend_item("class 1", CLASS_COLORS[1], marker=CLASS_MARKERS[1]),
            sp.legend_item("0.5 contour: the decision boundary (P = 0.5)", CONTOUR),
            sp.legend_item("J, all examples (full batch)", COLORS["forward"]),
        ],
        title=f"decision boundary and loss curve, {model.dataset}",
    )


def _points(model, cls: int) -> dict:
    rows = np.ravel(model.Y > 0.5) == bool(cls)
    X = model.X[rows]
    layer = sp.scatter(
        X[:, 0],
        X[:, 1],
        color=CLASS_COLORS[cls],
        marker=CLASS_MARKERS[cls],
        size=3.6,
        edge=DARK_INK,
        axes="map",
        z=3 + cls,
    )
    layer["edge_width"] = 1.1  # the edge, not the fill, sets a marker apart from the map
    return layer


def training_layers(model, probabilities=None) -> dict:
    """What the axes show: P(class 1) on the grid, its 0.5 contour, the data, the loss."""
    P = model.probabilities() if probabilities is None else probabilities
    lo, hi, lo_y, hi_y = model.extent
    gx = np.linspace(lo, hi, P.shape[1])
    gy = np.linspace(lo_y, hi_y, P.shape[0])
    boundary = sp.contour_segments(gx, gy, P, [0.5]) if P.min() < 0.5 < P.max() else []
    epochs, losses = curve(model.losses)
    mark = sp.hline(0.5, color=CONTOUR, width=2, axes="bar", z=2)
    note = sp.text(1.5, 0.5, "boundary", axes="bar", coords="axes", size=11, z=3)
    note["clip"] = False
    return {
        # Three decimals are finer than the 64 colours of the map: a smaller message.
        "p": sp.image(
            np.round(P, 3), model.extent, vmin=0, vmax=1, colors=BOUNDARY_COLORS, axes="map"
        ),
        "boundary": sp.segments(boundary, color=CONTOUR, width=2.2, opacity=1, axes="map", z=2),
        "class0": _points(model, 0),
        "class1": _points(model, 1),
        "bar": sp.colorbar(colors=BOUNDARY_COLORS, axes="bar"),
        "bar_half": mark,
        "bar_note": note,
        "loss": sp.line(epochs, losses, color=COLORS["forward"], width=2, axes="loss"),
        "now": sp.scatter(
            [epochs[-1]], [losses[-1]], color=COLORS["forward"], size=4, axes="loss", z=4
        ),
    }
