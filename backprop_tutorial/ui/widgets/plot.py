"""``PlotWidget``: a chart drawn in the browser (axes, heat map, lines, points, bars).

The kernel sends a ``figure`` (axes boxes, limits, scales, labels, legend) once, and
``layers`` (what each axes shows) whenever the model changes; the browser redraws only
the layers whose data changed.  A heat map is painted on a canvas from its values, the
rest is SVG.  No PNG is rendered in the kernel, so a slider move costs one small
message and a repaint.  The dictionaries come from :mod:`backprop_tutorial.ui.charts`.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

_HERE = Path(__file__).parent


class PlotWidget(anywidget.AnyWidget):
    """A browser-drawn chart.

    Traits (synced)
    ---------------
    figure : dict
        From :func:`backprop_tutorial.ui.charts.figure`.
    layers : dict
        Layer id -> layer dict (:func:`~backprop_tutorial.ui.charts.line`, ...).
    version : int
        Incremented on every update; the browser writes it to ``data-version`` once the
        new layers are drawn (tests and the benchmark wait on it).
    """

    _esm = _HERE / "plot.js"
    _css = _HERE / "plot.css"
    figure = traitlets.Dict().tag(sync=True)
    layers = traitlets.Dict().tag(sync=True)
    version = traitlets.Int(0).tag(sync=True)

    def __init__(self, figure: dict | None = None, layers: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        if figure is not None:
            self.figure = figure
        if layers:
            self.layers = dict(layers)

    def update_layers(self, layers: dict, replace: bool = False) -> None:
        """Change some layers (a value of None removes that layer), in one message."""
        new = {} if replace else dict(self.layers)
        for key, value in layers.items():
            if value is None:
                new.pop(key, None)
            else:
                new[key] = value
        with self.hold_sync():
            self.layers = new
            self.version += 1

    def set_figure(self, figure: dict, layers: dict) -> None:
        """A new figure (other axes or limits) with its layers."""
        with self.hold_sync():
            self.figure = figure
            self.layers = dict(layers)
            self.version += 1

    def show(self, figure: dict, layers: dict) -> bool:
        """Show ``figure`` with ``layers``, sending only what differs from what is shown:
        a new figure (other limits) with its layers, else the layers, else nothing.

        Returns whether anything was sent (``version`` then went up by one).
        """
        if figure != self.figure:
            self.set_figure(figure, layers)
        elif layers != self.layers:
            self.update_layers(layers, replace=True)
        else:
            return False
        return True
