"""``GraphStepper``: step any recorded graph forward and backward, one node at a time.

A step slider and a Play button (linked in the browser, so playing costs no
Python round trip per frame), the graph picture, and a side panel with the
current step in numbers ("upstream 0.349 × local 0.227 = 0.0794").  Notebooks 1
and 2 use it as is; apps that need more (the chain-rule panel) register a
callback in ``on_step``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..models.stepper import StepperModel
from ..plots.graph import GraphView
from .base import COLORS, App, figure

_PHASE_COLOR = {
    "start": "#555555",
    "forward": COLORS["forward"],
    "backward": COLORS["backward"],
    "done": COLORS["backward"],
}


def step_panel_html(model: StepperModel) -> str:
    """The side panel for the model's current step (HTML)."""
    text = model.describe()
    color = _PHASE_COLOR.get(model.phase, "#333333")
    e = html.escape
    numbers = e(text.numbers)
    for word in ("upstream", "local"):
        numbers = numbers.replace(word, f"<b>{word}</b>")
    return (
        '<div class="bt-step-panel" style="font-size:14px;line-height:1.5;'
        f'border-left:4px solid {color};padding:4px 10px;min-height:96px">'
        f'<div style="color:{color};font-weight:bold">{e(text.title)}</div>'
        f'<div style="font-family:monospace">{e(text.rule)}</div>'
        f'<div style="font-family:monospace;font-size:15px">{numbers}</div>'
        f'<div style="color:#555">{e(text.note)}</div></div>'
    )


class GraphStepper(App):
    """Step through the forward and backward passes of a trace.

    Parameters
    ----------
    trace : Trace
        The graph (e.g. ``ChainNetwork().trace`` or ``Network([2, 2, 1]).to_graph(x, y)``).
    model : StepperModel, optional
        Use this model (shared with a bigger app) instead of a new one.
    positions : dict, optional
        Node positions overriding the automatic layout.
    size : tuple, optional
        Figure size in inches (default: fits the graph).
    interval : int
        Milliseconds per step when playing.
    k : int
        Initial step.

    Attributes
    ----------
    on_step : list of callables
        Called with no arguments after every refresh (step or trace change).
    """

    def __init__(self, trace=None, model=None, positions=None, size=None, interval=900, k=0):
        super().__init__()
        if model is None:
            if trace is None:
                raise ValueError("GraphStepper needs a trace (or a StepperModel)")
            model = StepperModel(trace, k)
        self.model = model
        self.on_step: list = []
        self.fig = figure(*(size or GraphView.figsize(model.trace, positions=positions)))
        self.view = GraphView(self.fig, model.trace, positions)
        lo, hi = model.play_range
        self.slider = widgets.IntSlider(
            value=model.k,
            min=lo,
            max=hi,
            description="step",
            continuous_update=True,
            layout=widgets.Layout(width="420px"),
        )
        self.play = widgets.Play(
            value=model.k, min=lo, max=hi, step=1, interval=interval, description="play"
        )
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.panel = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.slider.observe(self.guard(self._on_slider), names="value")
        self.controls = {"step": self.slider, "play": self.play}
        self.figures = [self.fig]
        self.widget = widgets.VBox(
            [widgets.HBox([self.play, self.slider]), self.fig.canvas, self.panel, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.refresh()

    def _on_slider(self, change) -> None:
        self.model.set_step(change["new"])
        self.refresh()

    def set_trace(self, trace, rebuild: bool = False, positions=None) -> None:
        """Show a new trace, keeping the step (clipped).  ``rebuild=True`` when the
        graph's shape changed (not just its numbers)."""
        self.model.set_trace(trace)
        if rebuild:
            self.view.rebuild(trace, positions)
        self._sync_range()
        self.refresh()

    def _sync_range(self) -> None:
        lo, hi = self.model.play_range
        for w in (self.slider, self.play):
            if w.max != hi:
                # Widen before narrowing so value stays within bounds at every moment.
                w.max = max(hi, w.value)
            w.value = self.model.k
            w.max = hi

    def refresh(self) -> None:
        """Redraw texts and colours for the model's current step."""
        self.view.update(self.model)
        self.panel.value = step_panel_html(self.model)
        self.fig.canvas.draw_idle()
        for fn in self.on_step:
            fn()

    @property
    def panel_text(self) -> str:
        """The side panel as plain text (for tests)."""
        return str(self.model.describe())
