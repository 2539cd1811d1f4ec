"""Sliders for notebook 1's parameters, built from the one table of their ranges."""

from __future__ import annotations

import ipywidgets as widgets

from ..chain_params import RANGES

SLIDER_LAYOUT = dict(width="300px", max_width="100%")
STYLE = {"description_width": "110px"}


def param_slider(name: str, value: float) -> widgets.FloatSlider:
    """A slider for ``name`` (a key of :data:`~backprop_tutorial.ui.chain_params.RANGES`),
    its range the model's, so it can show every value the model accepts."""
    lo, hi, step, label = RANGES[name]
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=label,
        readout_format=".2f",
        continuous_update=True,
        layout=widgets.Layout(**SLIDER_LAYOUT),
        style=STYLE,
    )


def bind_params(app, params: dict, names) -> dict:
    """One bound slider per name (tolerance: half a slider step, so the browser's
    snapping echo of a value set by the model changes nothing)."""
    out = {}
    for name in names:
        out[name] = param_slider(name, params[name])
        app.bind(name, out[name], tolerance=RANGES[name][2] / 2)
    return out
