"""Notebook 1's aside: a node used twice receives the sum of both contributions (+=)."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import STYLE
from ..graph_stepper.app import GraphStepperApp
from .model import KINDS, VALUE_RANGE, FanOutModel
from .scene import fan_out_positions


class FanOutApp(App):
    """Step ``J = x · x`` or ``J = w·u + w·v`` and watch the gradient add up.

    Parameters are passed to :class:`~backprop_tutorial.apps.fan_out.model.FanOutModel`.
    """

    def __init__(self, kind: str = "square", value: float = 3.0, interval=1100):
        super().__init__()
        self.model = FanOutModel(kind, value)
        self.kind = widgets.Dropdown(
            options=[(label, key) for key, label in KINDS.items()],
            value=self.model.kind,
            description="graph",
            layout=widgets.Layout(width="420px", max_width="100%"),
        )
        self.value = widgets.FloatSlider(
            value=self.model.value,
            min=VALUE_RANGE[0],
            max=VALUE_RANGE[1],
            step=0.1,
            description="value of x or w",
            readout_format=".1f",
            layout=widgets.Layout(width="320px", max_width="100%"),
            style=STYLE,
        )
        self.stepper = GraphStepperApp(
            model=self.model.stepper,
            positions=fan_out_positions(self.model),
            panels_at="right",
            interval=interval,
        )
        self.bind("kind", self.kind)
        self.bind("value", self.value, tolerance=0.05)
        self.controls.update(self.stepper.controls)
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.kind, self.value], layout=widgets.Layout(flex_flow="row wrap")),
                self.stepper.widget,
                self.errors,
            ],
            layout=widgets.Layout(max_width="100%"),
        )

    def update(self) -> None:
        self.stepper.positions = fan_out_positions(self.model)
        self.stepper.update()

    @property
    def panel_text(self) -> str:
        return self.stepper.panel_text
