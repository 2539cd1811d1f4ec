"""``LayerStepperApp``: forward layer by layer, then delta[L-1] ... delta[0]; node by node
for small networks (the generic :class:`~.stepper.GraphStepperApp`)."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import layout, row, sizes_box
from ...ui.widgets.scene import show_steps, stepped_scene
from .model import HIDDEN_ACTIVATIONS, LayerStepperModel
from .scene import stepper_frames, stepper_scene, too_big_html


class LayerStepperApp(App):
    """Forward values layer by layer, then deltas from the last layer to the first.

    A step slider and Play, linked to the picture in the browser (every step's frame is
    sent once: stepping never waits for the kernel); the network with each neuron's
    activation ``a`` and delta ``δ`` ("—" until computed); a panel with the current
    formula in numbers; hover (or Tab to) a neuron for its own formula.  "node by node"
    steps the same network and example with the generic graph stepper (small networks).

    Parameters
    ----------
    sizes : str or sequence of int
    activation : {"sigmoid", "tanh", "relu"}
        The hidden layers' activation (the output neuron is a sigmoid).
    seed : int
        The random seed of the weights and the example.
    step : int
        The step the stepper opens at (0 = nothing computed yet).
    """

    MAX_GRAPH_NODES = 40  # node-by-node stepping above this is a wall of boxes

    def __init__(
        self, sizes="2, 3, 3, 1", activation: str = "sigmoid", seed: int = 0, step: int = 0
    ):
        super().__init__()
        # ``step``: open at that step, so a sentence about a state shows it without stepping.
        self.model = LayerStepperModel(sizes, activation, seed, step=step)
        p = self.model.params()
        self.sizes = sizes_box(p["sizes"])
        self.activation = widgets.Dropdown(
            options=list(HIDDEN_ACTIVATIONS),
            value=p["activation"],
            description="hidden activation",
            style={"description_width": "initial"},
            layout=layout(width="230px"),
        )
        self.seed = widgets.IntText(
            value=p["seed"], description="seed", layout=layout(width="140px")
        )
        n = self.model.n_steps
        self.slider, self.play, self.scene = stepped_scene(
            p["step"], 0, n, interval=1200, width="380px"
        )
        self.mode = widgets.ToggleButtons(
            options=[("layer by layer", "layer"), ("node by node", "node")],
            value=p["mode"],
            style={"button_width": "120px"},
        )
        for name, w in (
            ("mode", self.mode),
            ("sizes", self.sizes),
            ("activation", self.activation),
            ("seed", self.seed),
        ):
            self.bind(name, w)
        self.bind_steps("step", self.slider, self.play)
        self.layer_box = widgets.VBox([row([self.play, self.slider]), self.scene])
        self.graph_stepper = None  # built on the first switch to "node by node", then reused
        self.too_big = widgets.HTML()
        self.node_box = widgets.VBox()
        self.widget = widgets.VBox(
            [
                row([self.mode, self.sizes, self.activation, self.seed]),
                self.layer_box,
                self.node_box,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-layer-stepper")  # for browser tests and styling
        self._version = None
        self._trace_version = None
        self.update()

    # -- the protocol -------------------------------------------------------------------
    def update(self) -> None:
        m = self.model
        n = m.n_steps
        new_pass = m.version != self._version
        if new_pass or self.slider.max != n or self.play.max != n:
            show_steps(self.slider, self.play, min(self.slider.value, n), n)
        if new_pass:
            # A new network: the whole pass again.  A step change sends nothing: the
            # browser already shows that frame.
            self.scene.show({"scene": stepper_scene(m), "frames": stepper_frames(m), "step": m.k})
            self._version = m.version
        node = m.mode == "node"
        self.layer_box.layout.display = "none" if node else None
        if node:
            self._show_node_mode()
        elif self.node_box.children:
            self.node_box.children = []

    def _show_node_mode(self) -> None:
        from ..graph_stepper.app import GraphStepperApp

        m = self.model
        try:
            trace = m.to_graph(max_nodes=self.MAX_GRAPH_NODES)
        except ValueError:
            self.too_big.value = too_big_html(m.sizes, self.MAX_GRAPH_NODES)
            self.node_box.children = [self.too_big]
            return
        if self.graph_stepper is None:
            self.graph_stepper = GraphStepperApp(trace, interval=700)
        elif self._trace_version != m.version:
            self.graph_stepper.set_trace(trace)
        self._trace_version = m.version
        if self.node_box.children != (self.graph_stepper.widget,):
            self.node_box.children = [self.graph_stepper.widget]

    # -- for tests ----------------------------------------------------------------------
    @property
    def frame(self) -> dict:
        """The frame the browser shows for the model's step."""
        return self.scene.frames[self.model.k]

    @property
    def panel(self) -> str:
        """The step panel (HTML) at the model's step."""
        return self.frame["panels"]["step"]
