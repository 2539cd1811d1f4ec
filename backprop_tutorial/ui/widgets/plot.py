"""``PlotWidget``: a chart drawn in the browser (axes, heat map, lines, points, bars).

The kernel sends a ``figure`` (axes boxes, limits, ticks, labels, legend) and ``layers``
(what each axes shows) through ``show({"figure": ..., "layers": ...})``; only what changed
is sent, and the browser redraws only the layers whose data changed.  A heat map is painted
on a canvas from its values, the rest is SVG.  No PNG is rendered in the kernel, so a slider
move costs one small message and a repaint.  The dictionaries come from
:mod:`backprop_tutorial.ui.charts`.
"""

from __future__ import annotations

import traitlets

from .browser import BrowserWidget, module, stylesheet


class PlotWidget(BrowserWidget):
    """A browser-drawn chart.

    Traits (synced)
    ---------------
    figure : dict
        From :func:`backprop_tutorial.ui.charts.figure`.
    layers : dict
        Layer id -> layer dict (:func:`~backprop_tutorial.ui.charts.line`, ...).
    """

    _esm = module("plot.js")
    _css = stylesheet("plot.css")
    DATA = ("figure", "layers")
    figure = traitlets.Dict().tag(sync=True)
    layers = traitlets.Dict().tag(sync=True)
