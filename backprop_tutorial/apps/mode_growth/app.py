"""Notebook 4's growth app: forward against reverse mode as the number of parameters
grows, counted for every width and measured on the network of the sliders.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import NARROW
from ...ui.widgets.plot import PlotWidget
from .model import ModeGrowthModel
from .scene import growth_figure, growth_layers, measurement_html


class ModeGrowthApp(App):
    """Forward mode's cost grows with the number of parameters; reverse mode's does not."""

    def __init__(self, depth: int = 3, width: int = 8):
        super().__init__()
        self.model = ModeGrowthModel(depth, width)
        self.depth = widgets.IntSlider(
            depth,
            1,
            self.model.MAX_DEPTH,
            description="depth L",
            style=NARROW,
            layout=widgets.Layout(width="300px"),
        )
        self.width = widgets.IntSlider(
            width,
            1,
            self.model.MAX_WIDTH,
            description="width w",
            style=NARROW,
            layout=widgets.Layout(width="300px"),
        )
        self.bind("depth", self.depth)
        self.bind("width", self.width)
        self.run = widgets.Button(
            description="Run both",
            icon="play",
            tooltip="run forward mode (one pass per parameter) and backprop",
        )
        self.on_press(self.run, lambda _: self._run())
        self.readout = widgets.HTML()
        self.plot = PlotWidget(layout=widgets.Layout(width="100%"))
        self.controls = {"depth": self.depth, "width": self.width, "run": self.run}
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.depth, self.width, self.run]),
                self.plot,
                self.readout,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def _run(self) -> None:
        # Said at once (the message leaves before the measurement starts), then the result.
        self.readout.value = measurement_html(self.model) + "<p><i>measuring…</i></p>"
        self.model.measure()
        self.readout.value = measurement_html(self.model)

    def update(self) -> None:
        # The limits hold every depth: after the first call only the layers change.
        self.plot.show({"figure": self._figure, "layers": growth_layers(self.model)})
        self.readout.value = measurement_html(self.model)

    @functools.cached_property
    def _figure(self) -> dict:
        return growth_figure(self.model)
