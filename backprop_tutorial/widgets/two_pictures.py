"""``TwoPictures``: the usual picture and the graph after surgery, one toggle apart."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import network as nm
from ..plots import network as pn
from .base import App, figure
from .network_controls import _lay, _sizes_box

SURGERY_KEY = (
    "dark green ■ weight W[l][j,k] (on the edge it multiplies)   light green ■ "
    "bias b[l][j]   S: weighted sum   a: activation   y: target   J: cost"
)


class TwoPictures(App):
    """The usual network picture and the computational graph after surgery.

    Parameters
    ----------
    sizes : str or sequence of int
        Layer sizes, default ``"2, 3, 3, 1"``; up to about 40 neurons.
    seed : int
        Seed of the weights shown by the edges.
    """

    CAPTIONS = {
        "neurons": "Neurons as nodes, weights on edges: edge width shows |w|, colour its sign "
        "(teal positive, brown negative). The weights are not nodes here, so a "
        "chain-rule graph drawn like this could not give dJ/dW.",
        "surgery": "After surgery: every weight W[l][j,k] (green square on its edge) and every "
        "bias b[l][j] (light green square) is a node of its own; each neuron is split "
        "into its sum S[l][j] and its activation a[l][j]; targets y and the cost J "
        "close the graph. Now dJ/dW is just the gradient at a node.",
    }

    def __init__(self, sizes="2, 3, 3, 1", seed: int = 0):
        super().__init__()
        self.model = nm.TwoPicturesModel(sizes, seed)
        self.fig = figure(8.8, 4.4)
        self.figures = [self.fig]
        self.sizes = _sizes_box(", ".join(map(str, self.model.sizes)))
        self.toggle = widgets.ToggleButtons(
            options=[("neurons as nodes", "neurons"), ("graph after surgery", "surgery")],
            value="neurons",
            style={"button_width": "170px"},
        )
        self.caption = widgets.HTML(layout=_lay(width="860px"))
        self.summary = widgets.HTML()
        self.controls = {"sizes": self.sizes, "picture": self.toggle}
        self.sizes.observe(self.guard(self._on_sizes), names="value")
        self.toggle.observe(self.guard(self._on_toggle), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.toggle, self.sizes]),
                self.summary,
                self.fig.canvas,
                self.caption,
                self.errors,
            ]
        )
        self.widget.add_class("bt-two-pictures")  # for browser tests and styling
        self._build()

    def _build(self) -> None:
        self.fig.clear()
        self.views = {}
        weights = self.model.weights()
        for key in self.model.PICTURES:
            ax = self.fig.add_axes((0.01, 0.01, 0.98, 0.98))
            view = pn.PictureView(ax, self.model.pictures[key])
            pn.layer_titles(ax, self.model.pictures[key], self.model.sizes)
            if key == "neurons":
                view.set_weights(weights)
                view.legend("edge width ∝ |w|, teal w > 0, brown w < 0")
            else:
                view.legend(SURGERY_KEY)
            self.views[key] = view
        self.summary.value = (
            f'<div style="font-size:13px">{html.escape(self.model.summary())}</div>'
        )
        self._show()

    def _show(self) -> None:
        for key, view in self.views.items():
            view.ax.set_visible(key == self.toggle.value)
        self.caption.value = f'<div style="font-size:13px">{self.CAPTIONS[self.toggle.value]}</div>'
        self.fig.canvas.draw_idle()

    def _on_sizes(self, change) -> None:
        self.model.set_sizes(change["new"])
        self._build()

    def _on_toggle(self, change) -> None:
        self._show()

    @property
    def visible_picture(self) -> str:
        return next(k for k, v in self.views.items() if v.ax.get_visible())


# ---------------------------------------------------------------------------
# 2. Shared upstream gradient
# ---------------------------------------------------------------------------
