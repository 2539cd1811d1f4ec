"""Notebook 4's tape app: memory kept against depth and batch, and checkpointing.

A thin view over :class:`backprop_tutorial.apps.tape.model.TapeModel`.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.plot import PlotWidget
from .model import TapeModel
from .scene import tape_chart, tape_html

_STYLE = {"description_width": "70px"}


class TapeApp(App):
    def __init__(self, **params):
        super().__init__()
        self.model = TapeModel(**params)
        p = self.model.params()
        m = self.model
        self.sliders = {
            "depth": widgets.IntSlider(p["depth"], 1, m.MAX_DEPTH, description="depth L"),
            "width": widgets.IntSlider(p["width"], 1, m.MAX_WIDTH, description="width"),
            "batch": widgets.IntSlider(p["batch"], 1, m.MAX_BATCH, description="batch"),
            "k": widgets.IntSlider(p["k"], 1, p["depth"], description="k"),
        }
        for name, s in self.sliders.items():
            s.style = _STYLE
            s.layout = widgets.Layout(width="300px")
            s.continuous_update = False
            self.bind(name, s)
        self.measure = widgets.Button(
            description="Measure",
            icon="play",
            tooltip="run the checkpointed backward pass under tracemalloc",
        )
        self.on_press(self.measure, lambda _: self._measure())
        self.readout = widgets.HTML()
        self.plot = PlotWidget(layout=widgets.Layout(width="100%"))
        self.controls = {**self.sliders, "measure": self.measure}
        s = list(self.sliders.values())
        self.widget = widgets.VBox(
            [
                widgets.HBox(s[:2]),
                widgets.HBox(s[2:] + [self.measure]),
                self.plot,
                self.readout,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def _measure(self) -> None:
        # Said at once (the message leaves before the measurement starts), then the result.
        self.readout.value = tape_html(self.model) + "<p><i>measuring…</i></p>"
        self.model.measure()
        self.readout.value = tape_html(self.model)

    def update(self) -> None:
        self.sliders["k"].max = self.model.params()["depth"]
        # A new figure only when the limits moved (depth, or the tallest bar's scale).
        figure, layers = tape_chart(self.model)
        self.plot.show({"figure": figure, "layers": layers})
        self.readout.value = tape_html(self.model)
