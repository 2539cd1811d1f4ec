"""``LandscapeSliceApp``: J on a plane through parameter space, with the trajectory."""

from __future__ import annotations

import ipywidgets as widgets

from ...core import checks
from ...ui.widgets.app import App
from ...ui.widgets.controls import WIDE, layout, log_slider, row, seed_box
from ...ui.widgets.plot_view import PlotView
from ..training.app import TrainingApp
from ..training.model import TrainingModel
from .model import LandscapeSliceModel
from .scene import info_html, slice_figure, slice_layers


class LandscapeSliceApp(App):
    """The cost on a plane in parameter space, with the training trajectory on it.

    Parameters
    ----------
    playground : TrainingApp or TrainingModel, optional
        Take the network, data and trajectory from it ("Refresh" re-reads it after
        more training).  Without one, a moons network trained for ``epochs`` is used.
    mode : {"path", "weights"}
        See :class:`~backprop_tutorial.apps.landscape_slice.model.LandscapeSliceModel`.
    epochs : int
        Training of the network made when no playground is given.
    span : float
        Half-width of the square shown (the slider's range is 0.1 to 10).
    resolution : int
        Grid points per side.
    """

    def __init__(
        self,
        playground=None,
        mode: str = "path",
        epochs: int = 300,
        span: float = 1.0,
        resolution: int = 25,
    ):
        super().__init__()
        training = _training_model(playground, epochs)
        self.model = LandscapeSliceModel(training, mode=mode, span=span, resolution=resolution)
        self.view = PlotView(self.model, slice_figure, slice_layers, "bt-slice-plot")
        self._build_controls()
        self.widget = widgets.VBox(
            [
                row([self.mode, self.span]),
                row([self.first, self.second, self.seed, self.refresh_button]),
                self.view.widget,
                self.info,
                self.errors,
            ]
        )
        self.widget.add_class("bt-landscape-slice")  # for browser tests and styling
        self.update()

    def _build_controls(self) -> None:
        """The plane (mode, axes, half-width, seed), bound to the model, and Refresh."""
        self.mode = widgets.ToggleButtons(
            options=[("through the training path", "path"), ("along two weights", "weights")],
            style={"button_width": "190px"},
        )
        names = self.model.param_names()
        self.first = widgets.Dropdown(
            options=names,
            value=self.model.first,
            description="x axis",
            layout=layout(width="190px"),
        )
        self.second = widgets.Dropdown(
            options=names,
            value=self.model.second,
            description="y axis",
            layout=layout(width="190px"),
        )
        self.span = log_slider(
            "half-width", -1, 1, 0.05, continuous_update=False, layout=layout(width="320px")
        )
        self.seed = seed_box(
            "seed of the across direction", style=WIDE, layout=layout(width="260px")
        )
        self.refresh_button = widgets.Button(
            description="Refresh",
            icon="refresh",
            tooltip="re-read the network and its trajectory",
            layout=layout(width="100px"),
        )
        self.info = widgets.HTML()
        self.info.add_class("bt-slice-info")
        for name in ("mode", "first", "second", "span", "seed"):
            self.bind(name, getattr(self, name))
        self.sync_controls()
        self.controls["refresh"] = self.refresh_button
        self.on_press(self.refresh_button, self._on_refresh, resync=True)

    def update(self) -> None:
        m = self.model
        weights = m.mode == "weights"
        for w in (self.first, self.second):
            w.layout.display = None if weights else "none"
        self.seed.layout.display = "none" if weights else None
        self.view.update(m)
        self.info.value = info_html(m)

    def _on_refresh(self, _button=None) -> None:
        self.model.refresh()
        self.update()


def _training_model(playground, epochs: int) -> TrainingModel:
    """The training whose network and trajectory are sliced: the playground's, or a moons
    network trained for ``epochs`` when there is none."""
    if playground is None:
        training = TrainingModel()
        training.train(checks.integer("epochs", epochs, 0, 5000, whole_floats=True))
        return training
    if isinstance(playground, TrainingApp):
        return playground.model
    if isinstance(playground, TrainingModel):
        return playground
    raise ValueError(
        "LandscapeSliceApp takes a TrainingApp, a TrainingModel or "
        f"nothing, got {type(playground).__name__}"
    )
