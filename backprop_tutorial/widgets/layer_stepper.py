"""``LayerStepper``: forward layer by layer, then delta[L-1] ... delta[0]; node by node
for small networks (the generic :class:`~.stepper.GraphStepper`)."""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.colors import to_rgba

from ..labels import weight_label
from ..models import network as nm
from ..plots import network as pn
from .base import COLORS, App, figure
from .network_controls import _HIDDEN_ACTIVATIONS, _lay, _lines_html, _sizes_box, _swatch
from .training import _enumerate2


def to_rgba_hex(color: str, alpha: float) -> str:
    """``color`` blended with white at opacity ``alpha``, as ``#rrggbb`` (for HTML)."""
    r, g, b, _ = to_rgba(color)
    mix = [int(round(255 * (alpha * c + (1 - alpha)))) for c in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


# ---------------------------------------------------------------------------
# 3. Layer-by-layer backward stepper
# ---------------------------------------------------------------------------


class LayerStepper(App):
    """Forward values layer by layer, then deltas from the last layer to the first.

    A step slider (and Play), the network with each neuron's activation ``a`` and
    delta ``δ`` ("—" until computed), and a side panel with the current formula in
    numbers.  Click a neuron for its numbers.  "node by node" switches to the generic
    graph stepper on the same network and example (small networks only).

    Parameters
    ----------
    sizes : str or sequence of int
    activation : str
    seed : int
    """

    MAX_GRAPH_NODES = 40  # node-by-node stepping above this is a wall of boxes
    TEXT_ROWS = 8  # write values next to neurons up to this many neurons per layer

    def __init__(self, sizes="2, 3, 3, 1", activation: str = "sigmoid", seed: int = 0):
        super().__init__()
        self.model = nm.LayerStepperModel(sizes, activation, seed)
        self.fig = figure(8.8, 4.2)
        self.figures = [self.fig]
        self.sizes = _sizes_box(", ".join(map(str, self.model.sizes)))
        self.activation = widgets.Dropdown(
            options=_HIDDEN_ACTIVATIONS,
            value=activation,
            description="activation",
            layout=_lay(width="190px"),
        )
        self.slider = widgets.IntSlider(
            0, 0, self.model.n_steps, description="step", layout=_lay(width="380px")
        )
        self.play = widgets.Play(0, 0, self.model.n_steps, interval=1200)
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.mode = widgets.ToggleButtons(
            options=[("layer by layer", "layer"), ("node by node", "node")],
            value="layer",
            style={"button_width": "120px"},
        )
        self.key = widgets.HTML(
            '<div style="font-size:13px">'
            + _swatch(COLORS["active"], "layer computed at this step")
            + _swatch(to_rgba_hex(COLORS["shared"], 0.55), "layers it reads")
            + _swatch(COLORS["done"], "value known")
            + _swatch(to_rgba_hex(COLORS["backward"], 0.3), "delta known")
            + "</div>"
        )
        self.panel = widgets.HTML(layout=_lay(width="860px"))
        self.panel.add_class("bt-layer-panel")
        self.details = widgets.HTML(layout=_lay(width="860px"))
        self.node_box = widgets.VBox()
        self.graph_stepper = None
        self.controls = {
            "sizes": self.sizes,
            "activation": self.activation,
            "step": self.slider,
            "play": self.play,
            "mode": self.mode,
        }
        self.sizes.observe(self.guard(self._on_sizes), names="value")
        self.activation.observe(self.guard(self._on_activation), names="value")
        self.slider.observe(self.guard(self._on_step), names="value")
        self.mode.observe(self.guard(self._on_mode), names="value")
        self._click_id = self.fig.canvas.mpl_connect(
            "button_press_event", self.guard(self._on_click)
        )
        self.layer_box = widgets.VBox(
            [
                widgets.HBox([self.play, self.slider]),
                self.key,
                self.fig.canvas,
                self.panel,
                self.details,
            ]
        )
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.mode, self.sizes, self.activation]),
                self.layer_box,
                self.node_box,
                self.errors,
            ]
        )
        self.widget.add_class("bt-layer-stepper")  # for browser tests and styling
        self._build()

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        self.fig.clear()
        ax = self.fig.add_axes((0.01, 0.01, 0.98, 0.93))
        self.picture = nm.neuron_picture(self.model.sizes)
        self.view = pn.PictureView(ax, self.picture, labels=False)
        self.view.set_weights(
            {
                weight_label(l, j, k): w
                for l, W in enumerate(self.model.net.weights)
                for (j, k), w in _enumerate2(W)
            }
        )
        pn.layer_titles(ax, self.picture, self.model.sizes)
        self.show_texts = max(self.model.sizes) <= self.TEXT_ROWS
        self.fig.text(
            0.01,
            0.985,
            "each neuron: a (its activation), δ = delta (its dJ/dS)",
            fontsize=8.5,
            color="#555",
            va="top",
        )
        for w in (self.slider, self.play):
            w.max = max(w.value, self.model.n_steps)
            w.value = min(w.value, self.model.n_steps)
            w.max = self.model.n_steps
        self.model.set_step(self.slider.value)
        if self.mode.value == "node":
            self._build_node_mode()
        self._update()

    def _update(self) -> None:
        m = self.model
        status_color = {
            "active": COLORS["active"],
            "used": to_rgba(COLORS["shared"], 0.55),
            "delta": to_rgba(COLORS["backward"], 0.3),
            "value": COLORS["done"],
            "idle": COLORS["idle"],
        }
        self.view.set_node_colors({n: status_color[s] for n, s in m.neuron_status().items()})
        if self.show_texts:
            texts = {
                n: f"a {a}" + (f"\nδ {d}" if d else "") for n, (a, d) in m.neuron_texts().items()
            }
            self.view.set_texts(texts, offset=-0.24)
        # The weights this step multiplies by: W[l] forward, W[l+1]^T backward.
        step = m.step
        edges = {}
        if step.phase == "forward":
            edges = dict.fromkeys(self.view.edges_of_layer(step.layer), COLORS["forward"])
        elif step.phase == "backward" and step.layer < m.L - 1:
            edges = dict.fromkeys(self.view.edges_of_layer(step.layer + 1), COLORS["backward"])
        self.view.set_edge_colors(edges, width=2.2)
        phase = m.step.phase
        color = {"start": "#555", "forward": COLORS["forward"], "backward": COLORS["backward"]}[
            phase
        ]
        self.panel.value = _lines_html(m.describe(), color)
        self.details.value = _lines_html(m.neuron_details(), "#999")
        self.fig.canvas.draw_idle()

    # -- callbacks -----------------------------------------------------------------
    def _on_step(self, change) -> None:
        self.model.set_step(change["new"])
        self._update()

    def _on_sizes(self, change) -> None:
        self.model.set_sizes(change["new"])
        self._build()

    def _on_activation(self, change) -> None:
        self.model.set_activation(change["new"])
        self._build()

    def _on_click(self, event) -> None:
        if event.inaxes is None or event.xdata is None:
            return
        name = self.view.nearest(event.xdata, event.ydata)
        if name is None:
            return
        self.select(name)

    def select(self, name: str) -> None:
        """Show the numbers of neuron ``name`` (``"a[2][0]"`` or ``"x[1]"``)."""
        node = self.picture.node(name)
        j = int(name[name.rindex("[") + 1 : -1])
        self.model.select(node.layer, j)
        self.details.value = _lines_html(self.model.neuron_details(), "#999")

    def _on_mode(self, change) -> None:
        node = change["new"] == "node"
        self.layer_box.layout.display = "none" if node else None
        if node:
            self._build_node_mode()
        else:
            self.node_box.children = []
            self.graph_stepper = None

    def _build_node_mode(self) -> None:
        from .stepper import GraphStepper

        try:
            trace = self.model.to_graph(max_nodes=self.MAX_GRAPH_NODES)
        except ValueError:
            self.graph_stepper = None
            self.node_box.children = [
                widgets.HTML(
                    '<div style="font-size:14px;padding:6px">Node-by-node stepping is for small '
                    f"networks (at most {self.MAX_GRAPH_NODES} nodes in the scalar graph); "
                    f"{self.model.sizes} has more. Type e.g. <b>2, 2, 1</b> in the layer sizes "
                    "box.</div>"
                )
            ]
            return
        self.graph_stepper = GraphStepper(trace, interval=700)
        self.node_box.children = [self.graph_stepper.widget]
