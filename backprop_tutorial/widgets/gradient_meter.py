"""``GradientMeter``: mean |delta[l]| per layer as depth grows."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import network as nm
from ..plots import network as pn
from .base import App, figure
from .network_controls import _WIDE, _lay


class GradientMeter(App):
    """Mean |delta[l]| per layer of a deep narrow network, sigmoid vs tanh vs relu."""

    def __init__(self, depth: int = 8, width: int = 6):
        super().__init__()
        self.model = nm.GradientMeterModel(depth, width)
        self.fig = figure(8.8, 3.6)
        self.figures = [self.fig]
        ax = self.fig.add_axes((0.09, 0.14, 0.89, 0.78))
        self.view = pn.MeterView(ax, self.model.activations, self.model.MAX_DEPTH + 1)
        self.depth = widgets.IntSlider(
            depth,
            1,
            self.model.MAX_DEPTH,
            description="hidden layers",
            style=_WIDE,
            layout=_lay(width="380px"),
        )
        self.init = widgets.ToggleButtons(
            options=[("He init for ReLU", "he"), ("same init for all", "plain")],
            value="he",
            style={"button_width": "140px"},
        )
        self.summary = widgets.HTML()
        self.controls = {"depth": self.depth, "init": self.init}
        self.depth.observe(self.guard(self._on_depth), names="value")
        self.init.observe(self.guard(self._on_init), names="value")
        self.widget = widgets.VBox(
            [widgets.HBox([self.depth, self.init]), self.fig.canvas, self.summary, self.errors]
        )
        self.widget.add_class("bt-gradient-meter")  # for browser tests and styling
        self.redraw()

    def redraw(self) -> None:
        self.view.update(self.model)
        text = html.escape(self.model.summary())
        self.summary.value = f'<div style="font-size:13px">{text}</div>'
        self.fig.canvas.draw_idle()

    def _on_depth(self, change) -> None:
        self.model.set_depth(change["new"])
        self.redraw()

    def _on_init(self, change) -> None:
        self.model.init = change["new"]
        self.model.compute()
        self.redraw()
