"""``MemoTableApp``: the backward pass filling its memo table, one ``δ[l][j]`` per step.

Every step's frame is sent once; the step slider and Play are linked to the picture in
the browser, so stepping never waits for the kernel.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.scene import stepped_scene
from .model import MemoTableModel
from .scene import memo_frames, memo_scene


class MemoTableApp(App):
    """Step through the backward pass as dynamic programming.

    Parameters
    ----------
    model : MemoTableModel, optional
    interval : int
        Milliseconds per step when playing.
    """

    def __init__(self, model: MemoTableModel | None = None, interval: int = 1200):
        super().__init__()
        self.model = MemoTableModel() if model is None else model
        m = self.model
        self.step, self.play, self.scene = stepped_scene(
            m.step, 0, m.n_steps, interval=interval, width="340px"
        )
        self.bind_steps("step", self.step, self.play)
        self.widget = widgets.VBox(
            [widgets.HBox([self.play, self.step]), self.scene, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-memo")
        # The frames do not depend on the step: sent once, here.
        self.scene.show({"scene": memo_scene(m), "frames": memo_frames(m), "step": m.step})

    @property
    def frame(self) -> dict:
        """The frame the browser shows for the model's step (for tests)."""
        return self.scene.frames[self.model.step]
