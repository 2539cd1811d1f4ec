"""Notebook 4's Jacobian-chain app: the learner's sizes, both orders counted.

A thin view over :class:`backprop_tutorial.apps.jacobian_chain.model.JacobianChainModel`;
the tables are HTML (no figure).
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from .model import MAX_IN_OUT, JacobianChainModel
from .scene import chain_html, vector_html


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
