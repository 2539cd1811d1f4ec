"""``TwoPicturesApp``: the usual picture and the graph after surgery, one toggle apart."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import row, sizes_box
from ...ui.widgets.scene import SceneWidget
from .model import TwoPicturesModel
from .scene import caption_html, summary_html, two_pictures_scene


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

    def __init__(self, sizes="2, 3, 3, 1", seed: int = 0, picture: str = "neurons"):
        super().__init__()
        self.model = TwoPicturesModel(sizes, picture, seed)
        params = self.model.params()
        self.sizes = sizes_box(params["sizes"])
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
            [row([self.toggle, self.sizes]), self.summary, self.scene, self.caption, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-two-pictures")  # for browser tests and styling
        self.update()

    def update(self) -> None:
        m = self.model
        self.scene.show({"scene": two_pictures_scene(m), "frames": [{}], "step": 0})
        self.summary.value = summary_html(m)
        self.caption.value = caption_html(m.picture)

    @property
    def visible_picture(self) -> str:
        """The picture on screen ("neurons" or "surgery")."""
        return self.model.picture
