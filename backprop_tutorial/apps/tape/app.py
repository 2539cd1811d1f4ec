"""Notebook 4's tape app: memory kept against depth and batch, and checkpointing.

A thin view over :class:`backprop_tutorial.apps.tape.model.TapeModel`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.plot import PlotWidget
from .model import TapeModel
from .scene import tape_chart

_STYLE = {"description_width": "70px"}


def _mb(b) -> str:
    return f"{b / 1e6:,.2f} MB"


def tape_html(model: TapeModel) -> str:
    p = model.params()
    plan = model.plan()
    lines = [
        f"network [{p['width']}] × {p['depth'] + 1}, batch {p['batch']}: the full tape keeps "
        f"{_mb(model.tape_bytes())} (every S[l] and a[l+1], and x)",
        f"checkpoint every k = {p['k']}: keeps {len(plan.kept)} of {p['depth']} layers "
        f"({_mb(plan.kept_bytes)}) + the largest rebuilt segment ({_mb(plan.recompute_bytes)})"
        f" = {_mb(plan.memory_bytes)}",
        f"extra forward work: {plan.extra_multiplications:,} multiplications "
        f"= {plan.extra_fraction:.2f} of one forward pass",
        f"least memory at k = {model.balanced_k()};  √L = {model.sqrt_L():.2f}",
    ]
    m = model.measured
    if m is None:
        lines.append("Press “Measure” to run it under tracemalloc.")
    else:
        lines.append(
            f"measured peak (tracemalloc): {_mb(m.peak_bytes)} against the formula's "
            f"{_mb(m.formula_bytes)}; gradients equal backprop's to {m.gradient_error:.1e}"
        )
    return (
        "<div class='bt-tape' style='font-size:13.5px'>"
        + "<br>".join(html.escape(t) for t in lines)
        + "</div>"
    )


class TapeApp(App):
    def __init__(self, **params):
        super().__init__()
        self.model = TapeModel(**params)
        p = self.model.params()
        m = self.model
        self.sliders = {
            "depth": widgets.IntSlider(p["depth"], 1, m.MAX_DEPTH, description="depth L"),
            "width": widgets.IntSlider(p["width"], 1, m.MAX_WIDTH, description="width"),
            "batch": widgets.IntSlider(p["batch"], 1, m.MAX_BATCH, description="batch"),
            "k": widgets.IntSlider(p["k"], 1, p["depth"], description="k"),
        }
        for name, s in self.sliders.items():
            s.style = _STYLE
            s.layout = widgets.Layout(width="300px")
            s.continuous_update = False
            self.bind(name, s)
        self.measure = widgets.Button(
            description="Measure",
            icon="play",
            tooltip="run the checkpointed backward pass under tracemalloc",
        )
        self.measure.on_click(self.guard(lambda _: self._measure()))
        self.readout = widgets.HTML()
        self.plot = PlotWidget(layout=widgets.Layout(width="100%"))
        self.controls = {**self.sliders, "measure": self.measure}
        s = list(self.sliders.values())
        self.widget = widgets.VBox(
            [
                widgets.HBox(s[:2]),
                widgets.HBox(s[2:] + [self.measure]),
                self.plot,
                self.readout,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def _measure(self) -> None:
        # Said at once (the message leaves before the measurement starts), then the result.
        self.readout.value = tape_html(self.model) + "<p><i>measuring…</i></p>"
        self.model.measure()
        self.readout.value = tape_html(self.model)

    def update(self) -> None:
        self.sliders["k"].max = self.model.params()["depth"]
        # A new figure only when the limits moved (depth, or the tallest bar's scale).
        self.plot.show(*tape_chart(self.model))
        self.readout.value = tape_html(self.model)
