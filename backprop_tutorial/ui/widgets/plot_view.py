"""``PlotView``: a :class:`~backprop_tutorial.ui.widgets.plot.PlotWidget` kept in step with a
model by two builders (``figure(model)``, ``layers(model)``, from the app's ``scene.py``).

Every view of an app has this one update signature: ``update(model) -> bool``.
"""

from __future__ import annotations

from .plot import PlotWidget


class PlotView:
    """A browser-drawn chart of a model, built once, then :meth:`update` d in place.

    Parameters
    ----------
    model : object
        What the builders read.
    figure : callable
        ``figure(model) -> dict`` (axes, limits, labels, legend).
    layers : callable
        ``layers(model) -> dict`` (layer id -> layer).
    css_class : str, optional
        Added to the widget (browser tests find the chart by it).
    """

    def __init__(self, model, figure, layers, css_class: str | None = None):
        self._figure, self._layers = figure, layers
        self.widget = PlotWidget({"figure": figure(model), "layers": layers(model)})
        if css_class:
            self.widget.add_class(css_class)

    @property
    def figure(self) -> dict:
        """The figure the browser shows (tests assert on it)."""
        return self.widget.figure

    @property
    def layers(self) -> dict:
        """The layers the browser shows (tests assert on them)."""
        return self.widget.layers

    def update(self, model) -> bool:
        """Show ``model``: at most one message, nothing sent if nothing changed.
        Returns whether anything was sent."""
        return self.widget.show({"figure": self._figure(model), "layers": self._layers(model)})
