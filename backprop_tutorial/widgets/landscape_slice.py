"""``LandscapeSlice``: J on a plane through the weights, with the trajectory."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import network as nm
from ..plots import network as pn
from .base import App, figure
from .network_controls import _WIDE, _lay
from .training import TrainingPlayground


class LandscapeSlice(App):
    """The cost on a plane through the current weights, with the trajectory projected.

    Parameters
    ----------
    playground : TrainingPlayground or TrainingModel, optional
        Take the network, data and trajectory from it ("Refresh" re-reads it after
        more training).  Without one, a moons network trained for ``epochs`` is used.
    """

    def __init__(
        self,
        playground=None,
        mode: str = "weights",
        epochs: int = 300,
        span: float = 1.0,
        resolution: int = 25,
    ):
        super().__init__()
        if playground is None:
            training = nm.TrainingModel()
            training.train(epochs)
        elif isinstance(playground, TrainingPlayground):
            training = playground.model
        elif isinstance(playground, nm.TrainingModel):
            training = playground
        else:
            raise ValueError(
                "LandscapeSlice takes a TrainingPlayground, a TrainingModel or "
                f"nothing, got {type(playground).__name__}"
            )
        self.model = nm.SliceModel(training, mode=mode, span=span, resolution=resolution)
        self.fig = figure(5.8, 4.3)
        self.figures = [self.fig]
        ax = self.fig.add_axes((0.14, 0.11, 0.68, 0.8))
        cax = self.fig.add_axes((0.85, 0.11, 0.03, 0.8))
        self.view = pn.SliceView(ax, cax)
        names = self.model.param_names()
        self.mode = widgets.ToggleButtons(
            options=[("random directions", "random"), ("two weights", "weights")],
            value=mode,
            style={"button_width": "140px"},
        )
        self.first = widgets.Dropdown(
            options=names, value=self.model.first, description="x axis", layout=_lay(width="200px")
        )
        self.second = widgets.Dropdown(
            options=names, value=self.model.second, description="y axis", layout=_lay(width="200px")
        )
        self.span = widgets.FloatLogSlider(
            span,
            base=10,
            min=-1,
            max=1,
            step=0.05,
            description="half-width",
            continuous_update=False,
            readout_format=".2g",
            layout=_lay(width="320px"),
        )
        self.seed = widgets.BoundedIntText(
            0,
            min=0,
            max=10_000,
            description="directions seed",
            style=_WIDE,
            layout=_lay(width="190px"),
        )
        self.refresh_button = widgets.Button(
            description="Refresh",
            icon="refresh",
            tooltip="re-read the network and its trajectory",
            layout=_lay(width="100px"),
        )
        self.info = widgets.HTML()
        self.controls = {
            "mode": self.mode,
            "first": self.first,
            "second": self.second,
            "span": self.span,
            "seed": self.seed,
            "refresh": self.refresh_button,
        }
        for key in ("mode", "first", "second", "span", "seed"):
            self.controls[key].observe(self.guard(self._on_change), names="value")
        self.refresh_button.on_click(self.guard(self._on_refresh))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.mode, self.span]),
                widgets.HBox([self.first, self.second, self.seed, self.refresh_button]),
                self.fig.canvas,
                self.info,
                self.errors,
            ]
        )
        self.widget.add_class("bt-landscape-slice")  # for browser tests and styling
        self._sync_visibility()
        self.redraw()

    def _sync_visibility(self) -> None:
        weights = self.mode.value == "weights"
        for w in (self.first, self.second):
            w.layout.display = None if weights else "none"
        self.seed.layout.display = "none" if weights else None

    def redraw(self) -> None:
        m = self.model
        t = m.training
        self.view.update(m, f"J around the weights after {t.epoch} epochs ({t.dataset}, {t.sizes})")
        what = (
            "two random directions, each layer's block scaled to that layer's weights"
            if m.mode == "random"
            else f"{m.first} and {m.second}, all other parameters fixed"
        )
        self.info.value = (
            f'<div style="font-size:13px">Slice along {html.escape(what)}. White line: the '
            f"training trajectory projected on the plane, from ○ (start) to ★ (now); colours "
            f"show log10 J, lower is darker.</div>"
        )
        self.fig.canvas.draw_idle()

    def _on_change(self, change) -> None:
        self._sync_visibility()
        self.model.set(
            mode=self.mode.value,
            first=self.first.value,
            second=self.second.value,
            span=self.span.value,
            seed=self.seed.value,
        )
        self.redraw()

    def _on_refresh(self, _button=None) -> None:
        names = self.model.param_names()
        if list(self.first.options) != names:
            self.first.options = names
            self.second.options = names
        self.model.compute()
        self.redraw()


# ---------------------------------------------------------------------------
# 6. Vanishing-gradient meter
# ---------------------------------------------------------------------------
