"""Notebook 4's chain app: the chain stepped in forward mode (tangent seed w0 or w1) or in
reverse mode, every step sent to the browser once, with a tally of passes and products.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import NARROW
from ...ui.widgets.scene import show_steps, stepped_scene
from ..graph_stepper.scene import graph_frames, graph_scene, step_panel_html
from .model import MODE_LABELS, MODES, ChainModesModel
from .scene import tally_html, tangent_frames, tangent_panel_html


class ChainModesApp(App):
    """The chain network in forward mode (seed w0 or w1) or reverse mode, stepped."""

    def __init__(self, interval: int = 900, **params):
        super().__init__()
        self.model = ChainModesModel(**params)
        p = self.model.params()
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 50:
            raise ValueError(f"interval (ms between Play steps) must be an integer >= 50, "
                             f"got {interval!r}")  # fmt: skip
        self.mode = widgets.ToggleButtons(
            options=[(MODE_LABELS[m], m) for m in MODES],
            value=p["mode"],
            style={"button_width": "250px"},
        )
        self.slider, self.play, self.scene = stepped_scene(
            0, 0, self.model.stepper.n_steps, interval=interval
        )
        self.sliders = {}
        for name, (lo, hi, step) in self.model.SLIDERS.items():
            self.sliders[name] = widgets.FloatSlider(
                p[name],
                min=lo,
                max=hi,
                step=step,
                description=name,
                style=NARROW,
                continuous_update=False,
                layout=widgets.Layout(width="300px"),
            )
            self.bind(name, self.sliders[name], tolerance=step / 2)
        self.bind("mode", self.mode)
        # A step is the browser's business: the kernel's copy of k follows, nothing redraws.
        self.bind_steps("k", self.slider, self.play)
        self.tally = widgets.HTML()
        self.controls = {"mode": self.mode, "step": self.slider, "play": self.play, **self.sliders}
        self.widget = widgets.VBox(
            [
                self.mode,
                widgets.HBox([self.play, self.slider]),
                self.scene,
                self.tally,
                widgets.HBox(list(self.sliders.values())[:2]),
                widgets.HBox(list(self.sliders.values())[2:]),
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def update(self) -> None:
        m = self.model
        stepper = m.stepper
        scene = graph_scene(m.trace, panels=("step",))
        if m.params()["mode"] == "reverse":
            frames = graph_frames(stepper, {"step": step_panel_html})
        else:
            frames = tangent_frames(stepper, {"step": tangent_panel_html})
        n, k = stepper.n_steps, m.params()["k"]
        show_steps(self.slider, self.play, k, n)
        self.scene.show({"scene": scene, "frames": frames, "step": m.params()["k"]})
        self.tally.value = tally_html(m)

    @property
    def frame(self) -> dict:
        return self.scene.frames[self.model.params()["k"]]
