"""Notebook 1's apps: the chain network stepped with its chain rule, its loss landscape,
the gradient check, and the fan-out aside.

Each app is a model from :mod:`backprop_tutorial.models` plus the thin view here:
sliders call ``model.set(...)`` and the figures update their artists in place.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..chain import fan_out_example
from ..models.chain import ChainModel, LandscapeModel
from ..plots.landscape import LandscapeView, LossCurveView
from ..scenes.graph import step_panel_html
from .base import COLORS, UNKNOWN, App, figure
from .stepper import GraphStepper

_SLIDER_LAYOUT = dict(width="300px")
_STYLE = {"description_width": "110px"}


def _slider(description, value, lo, hi, step=0.05, fmt=".2f"):
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        layout=widgets.Layout(**_SLIDER_LAYOUT),
        style=_STYLE,
    )


def _param_sliders(params: dict, names=("w0", "w1", "x", "y", "lr")) -> dict:
    """Sliders for the chain's parameters, labelled as in the notebook."""
    spec = {
        "w0": ("w0", -6.0, 6.0, 0.05),
        "w1": ("w1", -6.0, 6.0, 0.05),
        "x": ("x (input)", -3.0, 3.0, 0.05),
        "y": ("y (target)", 0.0, 1.0, 0.01),
        "lr": ("α (learning rate)", 0.1, 20.0, 0.1),
    }
    out = {}
    for name in names:
        desc, lo, hi, step = spec[name]
        out[name] = _slider(desc, params[name], lo, hi, step)
    return out


def _factor_html(f, fmt=".3g") -> tuple:
    """(symbol html, number html) of one chain-rule factor."""
    color = COLORS["shared"] if f.shared else "#222"
    weight = "bold" if f.shared else "normal"
    sym = f'<span style="color:{color};font-weight:{weight}">{html.escape(f.name)}</span>'
    if f.value is None:
        num = f'<span style="color:#999">{UNKNOWN}</span>'
    else:
        num = f'<span style="color:{color};font-weight:{weight}">{f.value:{fmt}}</span>'
    return sym, num


def chain_panel_html(model: ChainModel) -> str:
    """The chain-rule panel: both expansions with numbers, reuse counts, the update."""
    rows = []
    for exp in model.expansions():
        syms, nums = zip(*(_factor_html(f) for f in exp.factors), strict=True)
        result = UNKNOWN if exp.value is None else f"{exp.value:.3g}"
        rows.append(
            f"<tr><td style='padding-right:8px'><b>{html.escape(exp.name)}</b></td>"
            f"<td>= {' · '.join(syms)}</td></tr>"
            f"<tr><td></td><td>= {' × '.join(nums)} = <b>{result}</b></td></tr>"
        )
    reuse = model.reuse_counts()
    counts = " ".join(
        f"<span style='display:inline-block;margin-right:12px'>"
        f"<span style='color:{COLORS['shared'] if c > 1 else '#222'};"
        f"font-weight:{'bold' if c > 1 else 'normal'}'>dJ/d{html.escape(name)}: {c}×</span>"
        f"</span>"
        for name, c in reuse.items()
        if name not in ("w0", "w1")
    )
    updates = "<br>".join(html.escape(t) for t in model.update_texts())
    shared = COLORS["shared"]
    return (
        '<div class="bt-chain-panel" style="font-size:14px;line-height:1.6">'
        f'<div style="font-weight:bold">The chain rule, written out '
        f"(step {model.stepper.k} of {model.stepper.n_steps})</div>"
        f'<table style="font-family:monospace;font-size:14px">{"".join(rows)}</table>'
        f'<div>The factor <b style="color:{shared}">dJ/dP1</b> appears in both: the '
        "backward pass computes it once and reuses it.</div>"
        f"<div>How many later steps read each node's gradient: {counts}</div>"
        f'<div style="font-family:monospace">{updates}</div></div>'
    )


class ChainStepperApp(App):
    """Notebook 1's main app: the chain's graph stepped node by node, the chain-rule
    panel, and sliders for w0, w1, x, y and the learning rate.

    Parameters are passed to :class:`~backprop_tutorial.models.ChainModel`.  Every
    step's picture and both panels are sent to the browser at once; a parameter slider
    recomputes them in the kernel.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, lr=5.0, k=0, interval=900):
        super().__init__()
        self.model = ChainModel(x=x, y=y, w0=w0, w1=w1, lr=lr, k=k)
        self.stepper = GraphStepper(
            model=self.model.stepper,
            panels={"step": step_panel_html, "chain": lambda _: chain_panel_html(self.model)},
            shared=("p1",),
            interval=interval,
        )
        self.sliders = _param_sliders(self.model.params())
        for name, slider in self.sliders.items():
            self.bind(name, slider)
        self.controls = {**self.stepper.controls, **self.sliders}
        params = widgets.VBox(
            [widgets.HTML("<b>Parameters</b> (everything recomputes live)")]
            + list(self.sliders.values()),
            layout=widgets.Layout(flex="0 0 340px", width="340px"),
        )
        self.widget = widgets.VBox(
            [self.stepper.widget, params, self.errors], layout=widgets.Layout(width="100%")
        )

    def update(self) -> None:
        self.stepper.update()

    @property
    def chain_panel_html(self) -> str:
        """The chain-rule panel at the current step, as the browser shows it."""
        return self.stepper.frame["panels"]["chain"]

    @property
    def panel_text(self) -> str:
        return self.stepper.panel_text


class LandscapeApp(App):
    """J(w0, w1) for the current x, y; the point, the negative gradient, descent steps.

    Parameters are passed to :class:`~backprop_tutorial.models.LandscapeModel`.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, lr=5.0, n_run=20, grid=61):
        super().__init__()
        self.model = LandscapeModel(x=x, y=y, w0=w0, w1=w1, lr=lr, n=grid)
        self.n_run = int(n_run)
        self.fig = figure(5.2, 4.3)
        self.view = LandscapeView(self.fig, self.model)
        self.curve_fig = figure(3.8, 2.6)
        self.curve = LossCurveView(self.curve_fig, self.model)
        self.sliders = _param_sliders(self.model.params())
        self._syncing = False
        for s in self.sliders.values():
            s.observe(self.guard(self._on_param), names="value")
        self.step_button = widgets.Button(
            description="step", icon="step-forward", tooltip="one gradient-descent step"
        )
        self.run_button = widgets.Button(description=f"run {self.n_run} steps", icon="forward")
        self.reset_button = widgets.Button(
            description="reset", icon="undo", tooltip="back to the start of the path"
        )
        self.step_button.on_click(self.guard(lambda _: self.step(1)))
        self.run_button.on_click(self.guard(lambda _: self.step(self.n_run)))
        self.reset_button.on_click(self.guard(lambda _: self.reset()))
        self.status = widgets.HTML()
        self.controls = {
            **self.sliders,
            "step": self.step_button,
            "run": self.run_button,
            "reset": self.reset_button,
        }
        self.figures = [self.fig, self.curve_fig]
        side = widgets.VBox(
            [widgets.HTML("<b>Parameters</b>")]
            + list(self.sliders.values())
            + [
                widgets.HBox([self.step_button, self.run_button, self.reset_button]),
                self.status,
                self.curve_fig.canvas,
            ],
        )
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.fig.canvas, side], layout=widgets.Layout(grid_gap="16px")),
                self.errors,
            ],
        )
        self._refresh(grid_changed=True)

    def _on_param(self, change) -> None:
        if self._syncing:
            return
        slider = change["owner"]
        name = next(n for n, s in self.sliders.items() if s is slider)
        # After a descent step we move the w0/w1 sliders; the browser snaps them to the
        # slider's step and sends that value back.  Such an echo (within half a step of
        # where the model is) must not restart the descent path.
        current = min(max(self.model.params()[name], slider.min), slider.max)
        if abs(change["new"] - current) < slider.step / 2:
            return
        self.model.set(**{name: change["new"]})
        self._refresh()

    def step(self, n: int = 1) -> None:
        """Take ``n`` descent steps (what the buttons do)."""
        self.model.step(n)
        self._sync_sliders()
        self._refresh()

    def reset(self) -> None:
        self.model.reset()
        self._sync_sliders()
        self._refresh()

    def _sync_sliders(self) -> None:
        # Move the w0/w1 sliders to the new point without restarting the path.
        self._syncing = True
        try:
            for name in ("w0", "w1"):
                self.sliders[name].value = self.model.params()[name]
        finally:
            self._syncing = False

    def _refresh(self, grid_changed: bool = False) -> None:
        self.view.update(self.model)
        self.curve.update(self.model)
        w0, w1, J = self.model.point
        g = self.model.gradient
        self.status.value = (
            '<div class="bt-landscape-status" style="font-family:monospace;font-size:13px">'
            f"w0 = {w0:.3f}, w1 = {w1:.3f}, J = {J:.5f}<br>"
            f"dJ/dw0 = {g[0]:.3g}, dJ/dw1 = {g[1]:.3g}<br>"
            f"steps taken: {self.model.n_taken}</div>"
        )
        self.fig.canvas.draw_idle()
        self.curve_fig.canvas.draw_idle()


class GradientCheckApp(App):
    """Backprop's gradient next to central finite differences, with the relative error.

    A slider for the finite-difference step ``eps`` shows why it must be neither too
    big (truncation error) nor too small (rounding error).
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, eps=1e-6):
        super().__init__()
        self.model = ChainModel(x=x, y=y, w0=w0, w1=w1)
        self.sliders = _param_sliders(self.model.params(), names=("w0", "w1", "x", "y"))
        self.eps = widgets.FloatLogSlider(
            value=eps,
            base=10,
            min=-12,
            max=-1,
            step=0.5,
            description="ε (step)",
            readout_format=".0e",
            layout=widgets.Layout(**_SLIDER_LAYOUT),
            style=_STYLE,
        )
        for s in [*self.sliders.values(), self.eps]:
            s.observe(self.guard(self._on_change), names="value")
        self.table = widgets.HTML()
        self.controls = {**self.sliders, "eps": self.eps}
        self.widget = widgets.HBox(
            [
                widgets.VBox([*self.sliders.values(), self.eps]),
                widgets.VBox([self.table, self.errors]),
            ],
            layout=widgets.Layout(grid_gap="24px"),
        )
        self._refresh()

    def _on_change(self, change) -> None:
        owner = change["owner"]
        if owner is not self.eps:
            name = next(n for n, s in self.sliders.items() if s is owner)
            self.model.set(**{name: change["new"]})
        self._refresh()

    def _refresh(self) -> None:
        check = self.model.gradient_check(self.eps.value)
        self.check = check
        rows = "".join(
            f"<tr><td>dJ/d{label}</td><td>{b:+.10f}</td><td>{n:+.10f}</td>"
            f"<td>{abs(b - n):.1e}</td></tr>"
            for label, b, n in zip(check.labels, check.backprop, check.numeric, strict=True)
        )
        ok = check.passed
        verdict_color = "#2ca02c" if ok else "#d62728"
        verdict = "they agree" if ok else "they disagree (look at ε)"
        self.table.value = (
            '<div class="bt-gradcheck" style="font-size:14px">'
            '<table style="font-family:monospace;font-size:14px;border-spacing:12px 2px">'
            "<tr><th></th><th>backprop</th><th>finite differences</th><th>|difference|</th></tr>"
            f"{rows}</table>"
            f"<div>relative error = <b>{check.relative_error:.2e}</b> — "
            f'<b style="color:{verdict_color}">{verdict}</b> (pass if below 1e-7)</div></div>'
        )


_FAN_OUT = {
    "J = x · x  (x used twice by one node)": "square",
    "J = w·u + w·v  (w used by two products)": "shared_weight",
}


class FanOutApp(App):
    """The aside: a node used twice receives the sum of both contributions (``+=``)."""

    def __init__(self, kind: str = "square", value: float = 3.0, interval=1100):
        super().__init__()
        if kind not in _FAN_OUT.values():
            raise ValueError(f"kind must be one of {sorted(_FAN_OUT.values())}, got {kind!r}")
        self.kind = widgets.Dropdown(
            options=list(_FAN_OUT.items()),
            value=kind,
            description="graph",
            layout=widgets.Layout(width="420px", max_width="100%"),
        )
        self.value = _slider("value of x or w", value, -3.0, 3.0, 0.1)
        self.stepper = GraphStepper(
            fan_out_example(kind, value), panels_at="right", interval=interval
        )
        self.kind.observe(self.guard(self._on_change), names="value")
        self.value.observe(self.guard(self._on_change), names="value")
        self.controls = {"kind": self.kind, "value": self.value, **self.stepper.controls}
        self.widget = widgets.VBox(
            [widgets.HBox([self.kind, self.value]), self.stepper.widget, self.errors]
        )

    def _on_change(self, change) -> None:
        rebuild = change["owner"] is self.kind
        trace = fan_out_example(self.kind.value, self.value.value)
        self.stepper.set_trace(trace, rebuild=rebuild)

    @property
    def panel_text(self) -> str:
        return self.stepper.panel_text
