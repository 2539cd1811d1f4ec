"""Notebook 4's first two apps: the chain stepped in forward and reverse mode, and
forward against reverse mode as the number of parameters grows.

Thin views over :mod:`backprop_tutorial.models.modes`: every step of the chosen pass is
sent to the browser once, and the step slider and Play run there.
"""

from __future__ import annotations

import functools
import html

import ipywidgets as widgets

from ..models.modes import MODE_LABELS, MODES, ChainModesModel, ModeGrowthModel
from ..scenes.graph import graph_frames, graph_scene, step_panel_html
from ..scenes.modes import growth_figure, growth_layers
from ..scenes.tangents import tangent_frames, tangent_panel_html
from ..style import COLORS, UNKNOWN, fmt
from .base import App
from .plot import PlotWidget
from .scene import stepped_scene

_STYLE = {"description_width": "90px"}


def tally_html(model: ChainModesModel) -> str:
    """Every pass, what it gave, what it cost; the chosen one in bold."""
    mode = model.params()["mode"]
    rows = []
    for r in model.rows():
        weight = "bold" if r.mode == mode else "normal"
        mark = "▶ " if r.mode == mode else ""
        rows.append(
            f"<tr style='font-weight:{weight}'><td>{mark}{html.escape(r.label)}</td>"
            f"<td>{r.steps}</td><td>{r.multiplications}</td>"
            f"<td>{fmt(r.dJ_dw0, '.6g')}</td><td>{fmt(r.dJ_dw1, '.6g')}</td></tr>"
        )
    t = model.totals()
    return (
        "<table class='bt-tally' style='font-size:13.5px;border-collapse:collapse'>"
        "<tr><th style='text-align:left'>pass</th><th>steps</th><th>products</th>"
        "<th>dJ/dw0</th><th>dJ/dw1</th></tr>" + "".join(rows) + "</table>"
        f"<div style='font-size:13.5px;margin-top:4px'>Both gradients: forward mode "
        f"<b style='color:{COLORS['forward']}'>{t['forward']['passes']} passes, "
        f"{t['forward']['multiplications']} products</b>; reverse mode "
        f"<b style='color:{COLORS['backward']}'>{t['reverse']['passes']} backward pass, "
        f"{t['reverse']['multiplications']} products</b>. "
        f"{UNKNOWN} = a pass does not give it.</div>"
    )


class ChainModesApp(App):
    """The chain network in forward mode (seed w0 or w1) or reverse mode, stepped."""

    SLIDERS = (("w0", -4, 4, 0.05), ("w1", -4, 4, 0.05), ("x", -3, 3, 0.05), ("y", 0, 1, 0.01))

    def __init__(self, interval: int = 900, **params):
        super().__init__()
        self.model = ChainModesModel(**params)
        p = self.model.params()
        for name, lo, hi, _ in self.SLIDERS:
            if not lo <= p[name] <= hi:
                raise ValueError(
                    f"{name} must lie in {lo}..{hi} (the app's slider), got {p[name]!r}"
                )
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
        for name, lo, hi, step in self.SLIDERS:
            self.sliders[name] = widgets.FloatSlider(
                p[name],
                min=lo,
                max=hi,
                step=step,
                description=name,
                style=_STYLE,
                continuous_update=False,
                layout=widgets.Layout(width="300px"),
            )
            self.bind(name, self.sliders[name], tolerance=step / 2)
        self.bind("mode", self.mode)
        self.bind("k", self.slider)
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

    def _on_bound(self, change):
        # A step is the browser's business; only the kernel's copy of k follows it.
        if change["owner"] is self.slider:
            self.model.set(k=change["new"])
            return None
        return super()._on_bound(change)

    def update(self) -> None:
        m = self.model
        stepper = m.stepper
        scene = graph_scene(m.trace, panels=("step",))
        if m.params()["mode"] == "reverse":
            frames = graph_frames(stepper, {"step": step_panel_html})
        else:
            frames = tangent_frames(stepper, {"step": tangent_panel_html})
        n, k = stepper.n_steps, m.params()["k"]
        for w in (self.slider, self.play):
            # Value first (within the old range), then the new range: never clipped to a
            # step the model does not have.
            w.max = max(n, w.value)
            w.value = k
            w.max = n
        self.scene.show(scene, frames, m.params()["k"])
        self.tally.value = tally_html(m)

    @property
    def frame(self) -> dict:
        return self.scene.frames[self.model.params()["k"]]


def measurement_html(model: ModeGrowthModel) -> str:
    c = model.counts()
    lines = [
        f"network {c['sizes']}: n + m = {c['n_params']:,} parameters",
        f"forward mode: {c['forward_passes']:,} passes, {c['forward']:,} multiplications",
        f"reverse mode: {c['reverse_passes']} forward + 1 backward pass, "
        f"{c['reverse']:,} multiplications",
        f"forward / reverse = {c['forward'] / c['reverse']:,.1f}",
    ]
    m = model.measured
    if m is None:
        lines.append("Press “Run both” to run them and time them.")
    else:
        lines.append(
            f"ran: forward mode made {m.forward_passes:,} passes and counted "
            f"{m.forward_multiplications:,} multiplications in {m.forward_seconds * 1e3:,.1f} ms; "
            f"backprop took {m.reverse_seconds * 1e3:,.3f} ms "
            f"(time ratio {m.forward_seconds / m.reverse_seconds:,.0f}); "
            f"largest gradient difference {m.max_abs_difference:.1e}"
        )
    return (
        "<div class='bt-growth' style='font-size:13.5px'>"
        + "<br>".join(html.escape(t) for t in lines)
        + "</div>"
    )


class ModeGrowthApp(App):
    """Forward mode's cost grows with the number of parameters; reverse mode's does not."""

    def __init__(self, depth: int = 3, width: int = 8):
        super().__init__()
        self.model = ModeGrowthModel(depth, width)
        self.depth = widgets.IntSlider(
            depth,
            1,
            self.model.MAX_DEPTH,
            description="depth L",
            style=_STYLE,
            layout=widgets.Layout(width="300px"),
        )
        self.width = widgets.IntSlider(
            width,
            1,
            self.model.MAX_WIDTH,
            description="width w",
            style=_STYLE,
            layout=widgets.Layout(width="300px"),
        )
        self.bind("depth", self.depth)
        self.bind("width", self.width)
        self.run = widgets.Button(
            description="Run both",
            icon="play",
            tooltip="run forward mode (one pass per parameter) and backprop",
        )
        self.run.on_click(self.guard(lambda _: self._run()))
        self.readout = widgets.HTML()
        self.plot = PlotWidget(layout=widgets.Layout(width="100%"))
        self.controls = {"depth": self.depth, "width": self.width, "run": self.run}
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.depth, self.width, self.run]),
                self.plot,
                self.readout,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def _run(self) -> None:
        self.model.measure()
        self.readout.value = measurement_html(self.model)

    def update(self) -> None:
        # The limits hold every depth: after the first call only the layers change.
        self.plot.show(self._figure, growth_layers(self.model))
        self.readout.value = measurement_html(self.model)

    @functools.cached_property
    def _figure(self) -> dict:
        return growth_figure(self.model)
