"""Notebook 1's main app: the chain stepped node by node, with its chain-rule panel."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import bind_params
from ..graph_stepper.app import GraphStepperApp
from ..graph_stepper.scene import step_panel_html
from .model import ChainStepperModel
from .scene import chain_panel_html


class ChainStepperApp(App):
    """The chain's graph stepped node by node, the chain-rule panel, and sliders for
    w0, w1, x, y and the learning rate.

    Parameters are passed to :class:`.model.ChainStepperModel` (ValueError
    for a value out of range).  Every step's picture and both panels are sent to the
    browser at once; a parameter slider recomputes them in the kernel.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, learning_rate=5.0, k=0, interval=900):
        super().__init__()
        self.model = ChainStepperModel(x=x, y=y, w0=w0, w1=w1, learning_rate=learning_rate, k=k)
        shared = self.model.network.shared_factor.removeprefix("dJ/d")
        self.stepper = GraphStepperApp(
            model=self.model.stepper,
            panels={"step": step_panel_html, "chain": lambda _: chain_panel_html(self.model)},
            shared=(shared,),
            interval=interval,
        )
        self.sliders = bind_params(
            self, self.model.params(), ("w0", "w1", "x", "y", "learning_rate")
        )
        self.controls = {**self.stepper.controls, **self.sliders}
        params = widgets.VBox(
            [widgets.HTML("<b>Parameters</b> (everything recomputes live)")]
            + list(self.sliders.values()),
            layout=widgets.Layout(max_width="100%"),
        )
        self.widget = widgets.VBox(
            [self.stepper.widget, params, self.errors], layout=widgets.Layout(width="100%")
        )

    def update(self) -> None:
        self.stepper.update()

    @property
    def chain_panel_html(self) -> str:
        """The chain-rule panel at the current step, as the browser shows it."""
        return self.stepper.frame["panels"]["chain"]

    @property
    def panel_text(self) -> str:
        return self.stepper.panel_text
