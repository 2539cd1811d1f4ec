"""Notebook 1's loss landscape: J(w0, w1), the point, −∇J, descent steps, the loss curve.

Both pictures are drawn in the browser (:class:`~backprop_tutorial.ui.widgets.plot.PlotWidget`):
a slider or a button sends the few layers that changed (the heat map only when x or y
moved), never a rendered image.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import bind_params
from ...ui.widgets.plot import PlotWidget
from .model import LandscapeModel
from .scene import (
    LOSS_WIDTH,
    WIDTH,
    landscape_figure,
    landscape_layers,
    loss_figure,
    loss_layers,
    status_html,
)


class LandscapeApp(App):
    """J(w0, w1) for the current x, y; the point, the negative gradient, descent steps.

    Parameters are passed to :class:`~backprop_tutorial.apps.landscape.model.LandscapeModel`
    (ValueError for a value out of range or a grid too large); ``n_run`` is the number
    of steps of the "run" button.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, learning_rate=5.0, n_run=20, grid=61):
        super().__init__()
        from ...core.checks import integer

        self.n_run = integer("n_run", n_run, 1, 10_000, whole_floats=True)
        self.model = LandscapeModel(x=x, y=y, w0=w0, w1=w1, learning_rate=learning_rate, n=grid)
        self.map = PlotWidget(layout=widgets.Layout(width=f"{WIDTH}px", max_width="100%"))
        self.curve = PlotWidget(layout=widgets.Layout(width=f"{LOSS_WIDTH}px", max_width="100%"))
        self.sliders = bind_params(
            self, self.model.params(), ("w0", "w1", "x", "y", "learning_rate")
        )
        self.step_button = widgets.Button(
            description="step", icon="step-forward", tooltip="one gradient-descent step"
        )
        self.run_button = widgets.Button(
            description=f"run {self.n_run} steps",
            icon="forward",
            tooltip=f"{self.n_run} gradient-descent steps",
        )
        self.reset_button = widgets.Button(
            description="reset", icon="undo", tooltip="back to the start of the path"
        )
        self.on_press(self.step_button, lambda _: self.step(1), resync=True)
        self.on_press(self.run_button, lambda _: self.step(self.n_run), resync=True)
        self.on_press(self.reset_button, lambda _: self.reset(), resync=True)
        self.status = widgets.HTML()
        self.controls.update(
            {"step": self.step_button, "run": self.run_button, "reset": self.reset_button}
        )
        self.views = [self.map, self.curve]
        controls = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<b>Parameters</b>"), *self.sliders.values()]),
                widgets.VBox(
                    [
                        widgets.HBox(
                            [self.step_button, self.run_button, self.reset_button],
                            layout=widgets.Layout(flex_flow="row wrap"),
                        ),
                        self.status,
                    ],
                    layout=widgets.Layout(flex="1 1 320px", min_width="0"),
                ),
            ],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="6px 24px", max_width="100%"),
        )
        pictures = widgets.HBox(
            [self.map, self.curve],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px", max_width="100%"),
        )
        self.widget = widgets.VBox(
            [controls, pictures, self.errors], layout=widgets.Layout(max_width="100%")
        )
        self._grid_key = None
        self.update()

    # -- actions ------------------------------------------------------------------
    def step(self, n: int = 1) -> None:
        """Take ``n`` descent steps (what the buttons do)."""
        self.model.step(n)
        self.update()

    def reset(self) -> None:
        self.model.reset()
        self.update()

    # -- views ---------------------------------------------------------------------
    def update(self) -> None:
        m = self.model
        new_grid = m.grid_key != self._grid_key
        if new_grid:
            self.map.show({"figure": landscape_figure(m), "layers": landscape_layers(m, grid=True)})
            self._grid_key = m.grid_key
        else:
            # The heat map is kept; the rest of the layers are new.
            self.map.show({"layers": {**self.map.layers, **landscape_layers(m, grid=False)}})
        self.curve.show({"figure": loss_figure(m), "layers": loss_layers(m)})
        self.status.value = status_html(m)
