"""``GradientMeterApp``: mean |delta[l]| per weight layer as depth grows."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import WIDE, layout, row
from ...ui.widgets.plot_view import PlotView
from .model import GradientMeterModel
from .scene import meter_figure, meter_layers, summary_html


class GradientMeterApp(App):
    """Mean |delta[l]| per weight layer of a deep narrow network, sigmoid vs tanh vs relu.

    Parameters
    ----------
    depth : int
        Hidden layers (1..30).
    width : int
        Neurons per hidden layer.
    """

    def __init__(self, depth: int = 8, width: int = 6):
        super().__init__()
        self.model = GradientMeterModel(depth, width)
        self.view = PlotView(self.model, meter_figure, meter_layers, "bt-meter-plot")
        self.depth = widgets.IntSlider(
            min=1,
            max=self.model.MAX_DEPTH,
            description="hidden layers",
            style=WIDE,
            layout=layout(width="380px"),
        )
        self.init = widgets.ToggleButtons(
            options=[("He init for ReLU", "he"), ("same init for all", "plain")],
            style={"button_width": "150px"},
        )
        self.summary = widgets.HTML()
        self.summary.add_class("bt-meter-summary")
        self.bind("depth", self.depth)
        self.bind("init", self.init)
        self.sync_controls()
        self.widget = widgets.VBox(
            [row([self.depth, self.init]), self.view.widget, self.summary, self.errors]
        )
        self.widget.add_class("bt-gradient-meter")  # for browser tests and styling
        self.update()

    def update(self) -> None:
        self.view.update(self.model)
        self.summary.value = summary_html(self.model)
