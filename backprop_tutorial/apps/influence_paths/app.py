"""``InfluencePathsApp``: every path from one weight to the cost, drawn in the browser.

All frames (frame 0: every path at once; frame p: path p) are sent when the weight
changes; the path slider and Play are linked to the picture in the browser, so
stepping through the paths never waits for the kernel.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.scene import show_steps, stepped_scene
from .model import InfluencePathsModel
from .scene import influence_frames, influence_scene


class InfluencePathsApp(App):
    """The paths from a weight to the cost, one at a time (path 1, 2, ...) or all (path 0).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths of the network drawn.
    weight : str
        The weight shown first, e.g. ``"W[0][0,0]"``.
    model : InfluencePathsModel, optional
        Use this model instead of building one from ``sizes`` and ``weight``.
    interval : int
        Milliseconds per path when playing.
    """

    def __init__(self, sizes=(2, 3, 3, 2), weight: str = "W[0][0,0]", model=None, interval=900):
        super().__init__()
        self.model = InfluencePathsModel(sizes, weight) if model is None else model
        m = self.model
        self.weight = widgets.Dropdown(
            options=m.param_options()["weight"],
            value=m.label,
            description="weight",
            layout=widgets.Layout(width="210px"),
        )
        self.path, self.play, self.scene = stepped_scene(
            m.path, 0, m.count, description="path", interval=interval, width="340px"
        )
        self.bind("weight", self.weight)
        self.bind_steps("path", self.path, self.play)
        self.widget = widgets.VBox(
            [widgets.HBox([self.weight, self.play, self.path]), self.scene, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-influence-paths")
        self._shown = None
        self.update()

    def update(self) -> None:
        """Send the scene and every path's frame when the weight changed."""
        m = self.model
        if self._shown != m.label:
            show_steps(self.path, self.play, m.path, m.count)
            self.scene.show(
                {"scene": influence_scene(m), "frames": influence_frames(m), "step": m.path}
            )
            self._shown = m.label

    @property
    def frame(self) -> dict:
        """The frame the browser shows for the model's path (for tests)."""
        return self.scene.frames[self.model.path]
