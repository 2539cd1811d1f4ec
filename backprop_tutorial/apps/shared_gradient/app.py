"""``SharedGradientApp``: two weights, their paths to J, and the delta they share."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import layout, row, sizes_box
from ...ui.widgets.scene import SceneWidget
from .model import SharedGradientModel
from .scene import shared_frame, shared_scene


class SharedGradientApp(App):
    """Two weights, the paths their gradients need, and the deltas they share.

    Drawn in the browser: weight 1 is a square "1" with its own path solid, weight 2 a
    diamond "2" with its own path dashed, the shared delta a thick ring with a star.
    Hover a node for its value and gradient.

    Parameters
    ----------
    sizes : str or sequence of int
    first, second : str, optional
        The two weights (default ``W[0][0,0]`` and ``W[0][1,1]``).
    seed : int
    """

    def __init__(self, sizes="2, 3, 3, 1", first=None, second=None, seed: int = 0):
        super().__init__()
        self.model = SharedGradientModel(sizes, first, second, seed)
        params, options = self.model.params(), self.model.param_options()
        self.sizes = sizes_box(params["sizes"])
        self.first = widgets.Dropdown(
            options=options["first"],
            value=params["first"],
            description="weight 1",
            layout=layout(width="200px"),
        )
        self.second = widgets.Dropdown(
            options=options["second"],
            value=params["second"],
            description="weight 2",
            layout=layout(width="200px"),
        )
        self.scene = SceneWidget(layout=widgets.Layout(width="100%"))
        self.bind("first", self.first)
        self.bind("second", self.second)
        self.bind("sizes", self.sizes)
        self.widget = widgets.VBox(
            [row([self.first, self.second, self.sizes]), self.scene, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-shared-gradient")  # for browser tests and styling
        self.update()

    def update(self) -> None:
        self.scene.show(
            {"scene": shared_scene(self.model), "frames": [shared_frame(self.model)], "step": 0}
        )

    @property
    def frame(self) -> dict:
        """What the browser shows (for tests)."""
        return self.scene.frames[0]

    @property
    def text(self) -> str:
        """The panel under the picture, as HTML."""
        return self.frame["panels"]["explain"]
