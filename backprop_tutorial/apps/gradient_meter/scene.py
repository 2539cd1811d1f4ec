"""The vanishing-gradient meter as chart data: mean |delta[l]| per weight layer, one
group of bars per layer, one bar (colour AND marker) per activation, log scale.

Numpy only: ``meter_figure(model)`` and ``meter_layers(model)`` take a
:class:`~backprop_tutorial.apps.gradient_meter.model.GradientMeterModel`.
"""

from __future__ import annotations

import html
import math

import numpy as np

from ...ui import charts as sp
from ...ui.style import OKABE_ITO

ACTIVATION_STYLE = {  # colour and the marker on top of each bar
    "sigmoid": (OKABE_ITO["vermillion"], "circle"),
    "tanh": (OKABE_ITO["blue"], "triangle"),
    "relu": (OKABE_ITO["bluish_green"], "square"),
}
WIDTH, HEIGHT = 800, 330
AXES = (84, 44, 696, 226)


def y_limits(model) -> tuple:
    """Log-scale limits: whole powers of 10 around every shown bar."""
    shown = np.concatenate([model.shown(a) for a in model.activations])
    lo = 10.0 ** math.floor(math.log10(float(shown.min())) - 0.3)
    hi = 10.0 ** math.ceil(math.log10(float(shown.max())) + 0.3)
    return lo, hi


def meter_figure(model) -> dict:
    L = model.L
    step = max(1, math.ceil(L / 16))
    ticks = list(range(0, L, step))
    return sp.figure(
        WIDTH,
        HEIGHT,
        [
            sp.axes(
                "meter",
                *AXES,
                (-0.6, L - 0.4),
                y_limits(model),
                yscale="log",
                xticks=ticks,
                xticklabels=[str(t) for t in ticks],
                xlabel="weight layer l (0 = first, next to the input; "
                f"{L - 1} = last, the output neuron)",
                ylabel="mean |δ[l]|",
                ylabel_offset=70,
                title=f"{model.depth} hidden layers of width {model.width}, L = {L} weight layers",
                grid=True,
            )
        ],
        legend=[
            sp.legend_item(a, ACTIVATION_STYLE[a][0], marker=ACTIVATION_STYLE[a][1])
            for a in model.activations
        ],
        title="mean |delta[l]| per weight layer",
    )


def meter_layers(model) -> dict:
    n = len(model.activations)
    width = 0.8 / n
    layers = {}
    for i, act in enumerate(model.activations):
        color, marker = ACTIVATION_STYLE[act]
        x = np.arange(model.L) + (i - (n - 1) / 2) * width
        top = model.shown(act)
        layers[f"bars_{act}"] = sp.bars(
            x, top, color=color, bar_width=width * 0.92, axes="meter", z=1
        )
        layers[f"tops_{act}"] = sp.scatter(
            x, top, color=color, marker=marker, size=3.2, edge="#ffffff", axes="meter", z=2
        )
    return layers


def summary_html(model) -> str:
    """The line under the chart, from the model's summary."""
    return f'<div style="font-size:13px">{html.escape(model.summary())}</div>'
