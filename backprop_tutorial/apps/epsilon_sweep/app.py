"""``EpsilonSweepApp``: notebook 6's ε sweep, drawn in the browser with a text alternative."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.plot_view import PlotView
from .model import EpsilonSweepModel
from .scene import sweep_figure, sweep_layers


class EpsilonSweepApp(App):
    """The relative error of a central difference against ε, log-log, best ε marked.

    A chart to read, not to drive: no controls.  Parameters are those of
    :class:`~backprop_tutorial.apps.epsilon_sweep.model.EpsilonSweepModel`.
    """

    def __init__(self, eps, errors):
        super().__init__()
        self.model = EpsilonSweepModel(eps, errors)
        self.view = PlotView(self.model, sweep_figure, sweep_layers, "bt-epsilon-sweep")
        self.widget = widgets.VBox([self.view.widget, self.errors])
        self.widget.add_class("bt-epsilon-sweep-app")

    def update(self) -> None:
        self.view.update(self.model)
