"""Notebook 1's gradient check: backprop next to central finite differences."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import SLIDER_LAYOUT, STYLE, bind_params
from .model import GradientCheckModel
from .scene import check_html


class GradientCheckApp(App):
    """Backprop's gradient next to central finite differences, with the relative error.

    A slider for the finite-difference step ``eps`` shows why it must be neither too
    big (truncation error) nor too small (rounding error).  Parameters are passed to
    :class:`~backprop_tutorial.apps.gradient_check.model.GradientCheckModel`.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, eps=1e-6):
        super().__init__()
        self.model = GradientCheckModel(x=x, y=y, w0=w0, w1=w1, eps=eps)
        self.sliders = bind_params(self, self.model.params(), ("w0", "w1", "x", "y"))
        self.eps = widgets.FloatLogSlider(
            value=self.model.eps,
            base=10,
            min=-12,
            max=-1,
            step=0.5,
            description="ε (step)",
            readout_format=".0e",
            layout=widgets.Layout(**SLIDER_LAYOUT),
            style=STYLE,
        )
        self.bind("eps", self.eps)
        self.table = widgets.HTML()
        self.widget = widgets.HBox(
            [
                widgets.VBox([*self.sliders.values(), self.eps]),
                widgets.VBox([self.table, self.errors], layout=widgets.Layout(min_width="0")),
            ],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px 24px", max_width="100%"),
        )
        self.update()

    @property
    def check(self):
        return self.model.check

    def update(self) -> None:
        self.table.value = check_html(self.model.check)
