"""``GraphStepperApp``: step any recorded graph forward and backward, one node at a time.

The whole recorded pass is sent to the browser once (:mod:`.scene`);
the step slider and the Play button are linked to the picture in the browser, so
stepping never waits for the kernel.  The kernel still hears about the step: the slider
is bound to the model's ``k`` like any control (``redraw=False``: no pixel depends on
the kernel's copy).  A parameter change (a new trace) recomputes the frames and sends
them again.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.scene import show_steps, stepped_scene
from .model import GraphStepperModel
from .scene import graph_frames, graph_scene, step_panel_html


class GraphStepperApp(App):
    """Step through the forward and backward passes of a trace.

    Parameters
    ----------
    trace : Trace
        The graph (e.g. ``ChainNetwork().trace`` or ``network_graph(Network([2, 2, 1]), x, y)``).
    model : GraphStepperModel, optional
        Use this model (shared with a bigger app) instead of a new one.
    positions : dict, optional
        Node positions (layout columns and rows) overriding the automatic layout.
    panels : dict, optional
        Panel id -> ``fn(model) -> html``, evaluated for every step; default: the step
        panel ("upstream 0.349 × local 0.227 = 0.0794").
    shared : sequence of str
        Nodes whose gradient is reused (outlined as "shared").
    panels_at : {"below", "right"}
    interval : int
        Milliseconds per step when playing.
    k : int
        Initial step.
    """

    def __init__(
        self,
        trace=None,
        model=None,
        positions=None,
        panels=None,
        shared=(),
        panels_at="below",
        interval=900,
        k=0,
    ):
        super().__init__()
        if model is None:
            if trace is None:
                raise ValueError("GraphStepperApp needs a trace (or a GraphStepperModel)")
            model = GraphStepperModel(trace, k)
        self.model = model
        self.positions = positions
        self.panels = dict(panels or {"step": step_panel_html})
        self.shared = tuple(shared)
        self.panels_at = panels_at
        lo, hi = model.play_range
        self.slider, self.play, self.scene = stepped_scene(model.k, lo, hi, interval=interval)
        self.bind_steps("step", self.slider, self.play)
        self.views = [self.scene]
        self.widget = widgets.VBox(
            [widgets.HBox([self.play, self.slider]), self.scene, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def set_trace(self, trace, positions=None) -> None:
        """Show a new trace, keeping the step (clipped)."""
        self.model.set_trace(trace)
        if positions is not None:
            self.positions = positions
        self.update()

    def update(self) -> None:
        """Send the frames of the model's trace (and the scene, when it changed)."""
        model = self.model
        lo, hi = model.play_range
        show_steps(self.slider, self.play, model.k, hi, lo)
        scene = graph_scene(
            model.trace,
            self.positions,
            shared=self.shared,
            panels=tuple(self.panels),
            panels_at=self.panels_at,
        )
        frames = graph_frames(model, self.panels, self.shared)
        self.scene.show({"scene": scene, "frames": frames, "step": model.k})

    @property
    def frame(self) -> dict:
        """The frame the browser shows for the model's step (for tests)."""
        return self.scene.frames[self.model.k]

    @property
    def panel_text(self) -> str:
        """The side panel as plain text (for tests)."""
        return str(self.model.describe())
