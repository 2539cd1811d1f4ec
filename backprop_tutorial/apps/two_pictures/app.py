"""``TwoPicturesApp``: the usual picture and the graph after surgery, one toggle apart."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.network_controls import _row, _sizes_box
from ...ui.widgets.scene import SceneWidget
from .model import TwoPicturesModel
from .scene import two_pictures_scene  # noqa: F401 (re-exported)


class TwoPicturesApp(App):
    """The usual network picture and the computational graph after surgery.

    Both are drawn in the browser (:class:`~.scene.SceneWidget`); hover a node for its
    name and role, an edge for its weight.

    Parameters
    ----------
    sizes : str or sequence of int
        Layer sizes, default ``"2, 3, 3, 1"``; up to about 40 neurons.
    seed : int
        Seed of the weights shown by the edges.
    picture : {"neurons", "surgery"}
    """

    CAPTIONS = {
        "neurons": "Neurons as nodes, weights on edges: an edge's width grows with |w|, and it "
        "is dashed when w < 0. The weights are not nodes here, so a chain-rule graph drawn "
        "like this could not give dJ/dW.",
        "surgery": "After surgery: every weight W[l][j,k] (a small green square on the edge it "
        "multiplies) and every bias b[l][j] (a pale square) is a node of its own; each neuron "
        "is split into its sum S[l][j] and its activation a[l+1][j]; the targets y and the "
        "cost J close the graph. Now dJ/dW is just the gradient at a node.",
    }

    def __init__(self, sizes="2, 3, 3, 1", seed: int = 0, picture: str = "neurons"):
        super().__init__()
        self.model = TwoPicturesModel(sizes, picture, seed)
        params = self.model.params()
        self.sizes = _sizes_box(params["sizes"])
        self.toggle = widgets.ToggleButtons(
            options=[("neurons as nodes", "neurons"), ("graph after surgery", "surgery")],
            value=params["picture"],
            style={"button_width": "170px"},
        )
        self.scene = SceneWidget(layout=widgets.Layout(width="100%"))
        self.caption = widgets.HTML()
        self.summary = widgets.HTML()
        self.bind("picture", self.toggle)
        self.bind("sizes", self.sizes)
        self.widget = widgets.VBox(
            [_row([self.toggle, self.sizes]), self.summary, self.scene, self.caption, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-two-pictures")  # for browser tests and styling
        self.update()

    def update(self) -> None:
        m = self.model
        self.scene.show(two_pictures_scene(m), [{}], 0)
        self.summary.value = f'<div style="font-size:13px">{html.escape(m.summary())}</div>'
        self.caption.value = f'<div style="font-size:13px">{self.CAPTIONS[m.picture]}</div>'

    @property
    def visible_picture(self) -> str:
        """The picture on screen ("neurons" or "surgery")."""
        return self.model.picture
