"""Notebook 4's Jacobian-chain app: the learner's sizes, both orders counted.

A thin view over :class:`backprop_tutorial.apps.jacobian_chain.model.JacobianChainModel`;
the tables are HTML (no figure).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...ui.style import COLORS
from ...ui.widgets.app import App
from .model import MAX_IN_OUT, JacobianChainModel


def _row(name, value, color, bold):
    w = "bold" if bold else "normal"
    return (
        f"<tr><td>{html.escape(name)}</td><td style='text-align:right;color:{color};"
        f"font-weight:{w}'>{value:,}</td></tr>"
    )


def chain_html(model: JacobianChainModel) -> str:
    c = model.counts()
    d = c.dims
    K = len(d) - 1
    shapes = " · ".join(f"M{k} ({d[k + 1]}×{d[k]})" for k in range(K - 1, -1, -1))
    cheaper = c.cheaper
    return (
        "<div class='bt-jchain' style='font-size:13.5px'>"
        f"<div>chain sizes d = {list(d)}:  dJ/dθ = {html.escape(shapes)}</div>"
        "<table style='border-collapse:collapse;margin-top:4px'>"
        + _row(
            "from the cost end (reverse mode: vector × matrix)",
            c.reverse,
            COLORS["backward"],
            cheaper == "reverse",
        )
        + _row(
            "from the input end (forward mode: matrix × matrix)",
            c.forward,
            COLORS["forward"],
            cheaper == "forward",
        )
        + "</table>"
        f"<div>the same matrix either way; forward / reverse = {c.ratio:,.1f}"
        f" — cheaper: <b>{cheaper}</b></div></div>"
    )


def vector_html(model: JacobianChainModel) -> str:
    v = model.vector_output()
    s = v["sizes"]
    winner = "forward" if v["forward"] < v["reverse"] else "reverse"
    return (
        "<div class='bt-jvector' style='font-size:13.5px'>"
        f"<div>network {s}: f: R^{s[0]} → R^{s[-1]}, its Jacobian dy_hat/dx is "
        f"{s[-1]}×{s[0]}</div>"
        "<table style='border-collapse:collapse;margin-top:4px'>"
        + _row(
            f"forward mode: {v['passes']['forward']} pass(es), multiplications",
            v["forward"],
            COLORS["forward"],
            winner == "forward",
        )
        + _row(
            f"reverse mode: {v['passes']['reverse']} backward pass(es), multiplications",
            v["reverse"],
            COLORS["backward"],
            winner == "reverse",
        )
        + "</table>"
        f"<div>both Jacobians agree to {v['agree']:.1e}; cheaper: <b>{winner}</b></div></div>"
    )


class JacobianChainApp(App):
    def __init__(self, **params):
        super().__init__()
        self.model = JacobianChainModel(**params)
        p = self.model.params()
        self.sizes = widgets.Text(
            p["sizes"],
            description="sizes",
            continuous_update=False,
            layout=widgets.Layout(width="300px"),
        )
        self.wrt = widgets.ToggleButtons(
            options=[
                ("θ = layer 0's weights and biases", "first_layer"),
                ("θ = the input x", "input"),
            ],
            value=p["wrt"],
            style={"button_width": "290px"},
        )
        self.n_in = widgets.IntSlider(
            p["n_in"], 1, MAX_IN_OUT, description="inputs", layout=widgets.Layout(width="300px")
        )
        self.n_out = widgets.IntSlider(
            p["n_out"], 1, MAX_IN_OUT, description="outputs", layout=widgets.Layout(width="300px")
        )
        for name in ("sizes", "wrt", "n_in", "n_out"):
            self.bind(name, getattr(self, name))
        self.chain = widgets.HTML()
        self.vector = widgets.HTML()
        self.controls = {
            "sizes": self.sizes,
            "wrt": self.wrt,
            "n_in": self.n_in,
            "n_out": self.n_out,
        }
        self.widget = widgets.VBox(
            [
                widgets.HTML("<b>The gradient of the cost</b> (one output)"),
                self.sizes,
                self.wrt,
                self.chain,
                widgets.HTML("<b>A network with a vector output</b> [inputs, 16, 16, outputs]"),
                widgets.HBox([self.n_in, self.n_out]),
                self.vector,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.update()

    def update(self) -> None:
        self.chain.value = chain_html(self.model)
        self.vector.value = vector_html(self.model)
