"""Controls shared by the apps: notebook 1's parameter sliders (one table of ranges), the
layer-sizes box, the log sliders, seed boxes and Train/Stop/Reset buttons of the training
apps, and the layouts every app uses for its control rows."""

from __future__ import annotations

import ipywidgets as widgets

from ..chain_params import RANGES

SLIDER_LAYOUT = dict(width="300px", max_width="100%")
# Label widths: a fixed one lines sliders up; WIDE fits the whole label.
STYLE = {"description_width": "110px"}
NARROW = {"description_width": "90px"}
WIDE = {"description_width": "initial"}


def layout(**kw) -> widgets.Layout:
    """An ipywidgets Layout (a short name for the many the apps build)."""
    return widgets.Layout(**kw)


def row(children) -> widgets.HBox:
    """Controls side by side, wrapping onto a new line on a narrow screen."""
    return widgets.HBox(
        children, layout=layout(flex_flow="row wrap", align_items="center", grid_gap="4px 12px")
    )


def sizes_box(value: str, description: str = "layer sizes") -> widgets.Text:
    """The layer-sizes text box (e.g. "2, 3, 3, 1")."""
    # continuous_update=False: the network is rebuilt on Enter or when the box loses focus.
    return widgets.Text(
        value=value,
        description=description,
        continuous_update=False,
        placeholder="e.g. 2, 3, 3, 1",
        tooltip="layer sizes, comma separated; press Enter to rebuild the network",
        style=WIDE,
        layout=layout(width="260px"),
    )


def log_slider(
    description: str, low: int, high: int, step: float, value: float | None = None, **kw
) -> widgets.FloatLogSlider:
    """A base-10 log slider from ``10**low`` to ``10**high`` (a learning rate, a span),
    read out with two significant digits; ``kw`` are further FloatLogSlider options
    (layout, style, continuous_update)."""
    if value is not None:
        kw["value"] = value
    return widgets.FloatLogSlider(
        base=10, min=low, max=high, step=step, description=description, readout_format=".2g", **kw
    )


def seed_box(description: str = "seed", maximum: int = 10_000, **kw) -> widgets.BoundedIntText:
    """A box for a random seed, 0 to ``maximum``; ``kw`` are further options (value,
    layout, style)."""
    return widgets.BoundedIntText(min=0, max=maximum, description=description, **kw)


def run_buttons() -> tuple:
    """The training apps' Train, Stop (disabled until a run starts) and Reset buttons."""
    train = widgets.Button(
        description="Train", button_style="primary", icon="play", layout=layout(width="100px")
    )
    stop = widgets.Button(
        description="Stop", icon="stop", disabled=True, layout=layout(width="90px")
    )
    reset = widgets.Button(description="Reset", icon="undo", layout=layout(width="90px"))
    return train, stop, reset


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
        tooltip=label,
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
