"""Notebook 2's apps: a general network, its graph, its deltas, training and landscape.

Each app holds a pure model from :mod:`backprop_tutorial.models.network`, draws with
:mod:`backprop_tutorial.plots.network` and only updates artists and HTML on a change.

- :class:`TwoPictures` — the usual picture and the graph after surgery, one toggle apart.
- :class:`SharedGradient` — two weights, their paths to J, and the delta they share.
- :class:`LayerStepper` — forward layer by layer, then delta[L-1] ... delta[0]; node by
  node for small networks (the generic :class:`~.stepper.GraphStepper`).
- :class:`TrainingPlayground` — gradient descent on 2-D data, in chunks with progress;
  in a kernel it runs as an asyncio task so that the Stop button is heard.
- :class:`LandscapeSlice` — J on a plane through the weights, with the trajectory.
- :class:`GradientMeter` — mean |delta[l]| per layer as depth grows.
"""

from __future__ import annotations

import asyncio
import html

import ipywidgets as widgets
from matplotlib.colors import to_rgba

from ..activations import ACTIVATIONS
from ..datasets import DATASETS
from ..labels import weight_label
from ..models import network as nm
from ..plots import network as pn
from .base import COLORS, App, figure

_WIDE = {"description_width": "initial"}
_HIDDEN_ACTIVATIONS = [a for a in ACTIVATIONS if a != "identity"]


def _lay(**kw) -> widgets.Layout:
    return widgets.Layout(**kw)


def _swatch(color: str, text: str) -> str:
    return (
        f'<span style="display:inline-block;width:12px;height:12px;background:{color};'
        f'border:1px solid #333;border-radius:6px;margin:0 4px -1px 10px"></span>'
        f"{html.escape(text)}"
    )


def _lines_html(lines, color: str = "#333", mono: bool = True) -> str:
    family = "font-family:monospace;" if mono else ""
    body = "<br>".join(html.escape(x) for x in lines)
    return (
        f'<div style="{family}font-size:13px;line-height:1.5;border-left:4px solid {color};'
        f'padding:4px 10px">{body}</div>'
    )


def _sizes_box(value: str, description: str = "layer sizes") -> widgets.Text:
    # continuous_update=False: the network is rebuilt on Enter or when the box loses focus.
    return widgets.Text(
        value=value,
        description=description,
        continuous_update=False,
        placeholder="e.g. 2, 3, 3, 1",
        style=_WIDE,
        layout=_lay(width="260px"),
    )


# ---------------------------------------------------------------------------
# 1. Two pictures of one network
# ---------------------------------------------------------------------------


SURGERY_KEY = (
    "dark green ■ weight W[l][j,k] (on the edge it multiplies)   light green ■ "
    "bias b[l][j]   S: weighted sum   a: activation   y: target   J: cost"
)


class TwoPictures(App):
    """The usual network picture and the computational graph after surgery.

    Parameters
    ----------
    sizes : str or sequence of int
        Layer sizes, default ``"2, 3, 3, 1"``; up to about 40 neurons.
    seed : int
        Seed of the weights shown by the edges.
    """

    CAPTIONS = {
        "neurons": "Neurons as nodes, weights on edges: edge width shows |w|, colour its sign "
        "(teal positive, brown negative). The weights are not nodes here, so a "
        "chain-rule graph drawn like this could not give dJ/dW.",
        "surgery": "After surgery: every weight W[l][j,k] (green square on its edge) and every "
        "bias b[l][j] (light green square) is a node of its own; each neuron is split "
        "into its sum S[l][j] and its activation a[l][j]; targets y and the cost J "
        "close the graph. Now dJ/dW is just the gradient at a node.",
    }

    def __init__(self, sizes="2, 3, 3, 1", seed: int = 0):
        super().__init__()
        self.model = nm.TwoPicturesModel(sizes, seed)
        self.fig = figure(8.8, 4.4)
        self.figures = [self.fig]
        self.sizes = _sizes_box(", ".join(map(str, self.model.sizes)))
        self.toggle = widgets.ToggleButtons(
            options=[("neurons as nodes", "neurons"), ("graph after surgery", "surgery")],
            value="neurons",
            style={"button_width": "170px"},
        )
        self.caption = widgets.HTML(layout=_lay(width="860px"))
        self.summary = widgets.HTML()
        self.controls = {"sizes": self.sizes, "picture": self.toggle}
        self.sizes.observe(self.guard(self._on_sizes), names="value")
        self.toggle.observe(self.guard(self._on_toggle), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.toggle, self.sizes]),
                self.summary,
                self.fig.canvas,
                self.caption,
                self.errors,
            ]
        )
        self.widget.add_class("bt-two-pictures")  # for browser tests and styling
        self._build()

    def _build(self) -> None:
        self.fig.clear()
        self.views = {}
        weights = self.model.weights()
        for key in self.model.PICTURES:
            ax = self.fig.add_axes((0.01, 0.01, 0.98, 0.98))
            view = pn.PictureView(ax, self.model.pictures[key])
            pn.layer_titles(ax, self.model.pictures[key], self.model.sizes)
            if key == "neurons":
                view.set_weights(weights)
                view.legend("edge width ∝ |w|, teal w > 0, brown w < 0")
            else:
                view.legend(SURGERY_KEY)
            self.views[key] = view
        self.summary.value = (
            f'<div style="font-size:13px">{html.escape(self.model.summary())}</div>'
        )
        self._show()

    def _show(self) -> None:
        for key, view in self.views.items():
            view.ax.set_visible(key == self.toggle.value)
        self.caption.value = f'<div style="font-size:13px">{self.CAPTIONS[self.toggle.value]}</div>'
        self.fig.canvas.draw_idle()

    def _on_sizes(self, change) -> None:
        self.model.set_sizes(change["new"])
        self._build()

    def _on_toggle(self, change) -> None:
        self._show()

    @property
    def visible_picture(self) -> str:
        return next(k for k, v in self.views.items() if v.ax.get_visible())


# ---------------------------------------------------------------------------
# 2. Shared upstream gradient
# ---------------------------------------------------------------------------


class SharedGradient(App):
    """Two weights, the paths their gradients need, and the deltas they share.

    Parameters
    ----------
    sizes : str or sequence of int
    first, second : str
        The two weights (default ``W[0][0,0]`` and ``W[0][1,1]``).
    """

    def __init__(self, sizes="2, 3, 3, 1", first="W[0][0,0]", second="W[0][1,1]", seed: int = 0):
        super().__init__()
        self.model = nm.SharedGradientModel(sizes, first, second, seed)
        self.fig = figure(8.8, 4.4)
        self.figures = [self.fig]
        self.sizes = _sizes_box(", ".join(map(str, self.model.sizes)))
        names = self.model.weight_names()
        self.first = widgets.Dropdown(
            options=names,
            value=self.model.first,
            description="weight 1",
            layout=_lay(width="200px"),
        )
        self.second = widgets.Dropdown(
            options=names,
            value=self.model.second,
            description="weight 2",
            layout=_lay(width="200px"),
        )
        self.legend = widgets.HTML(
            '<div style="font-size:13px">'
            + _swatch(pn.FIRST, "only weight 1's path")
            + _swatch(pn.SECOND, "only weight 2's path")
            + _swatch(COLORS["shared"], "delta both need, computed once")
            + _swatch(to_rgba_hex(COLORS["shared"], 0.35), "shared further on")
            + "</div>"
        )
        self.text = widgets.HTML(layout=_lay(width="860px"))
        self.controls = {"sizes": self.sizes, "first": self.first, "second": self.second}
        self.sizes.observe(self.guard(self._on_sizes), names="value")
        self.first.observe(self.guard(self._on_weights), names="value")
        self.second.observe(self.guard(self._on_weights), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.first, self.second, self.sizes]),
                self.legend,
                self.fig.canvas,
                self.text,
                self.errors,
            ]
        )
        self.widget.add_class("bt-shared-gradient")  # for browser tests and styling
        self._build()

    def _build(self) -> None:
        self.fig.clear()
        ax = self.fig.add_axes((0.01, 0.01, 0.98, 0.98))
        self.view = pn.PictureView(ax, self.model.picture)
        pn.layer_titles(ax, self.model.picture, self.model.sizes)
        self.view.legend(SURGERY_KEY)
        m = self.model.meeting_layer
        self.meeting_label = None
        if m is not None:
            # Below the lowest S node of that layer: biases sit above, weights to the left.
            low = min(n.y for n in self.model.picture.nodes if n.name.startswith(f"S[{m}]"))
            x = self.model.picture.node(f"S[{m}][0]").x
            self.meeting_label = ax.text(
                x - 0.25,
                low - 0.38,
                f"delta[{m}] = dJ/dS[{m}]",
                ha="left",
                va="top",
                fontsize=9,
                color=COLORS["shared"],
                fontweight="bold",
                bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 1},
            )
        self._update()

    def _update(self) -> None:
        m = self.model
        role_color = {
            "first": pn.FIRST,
            "second": pn.SECOND,
            "meeting": COLORS["shared"],
            "shared": to_rgba(COLORS["shared"], 0.35),
        }
        self.view.set_node_colors({n: role_color[r] for n, r in m.roles.items()})
        edge_color = {"first": pn.FIRST, "second": pn.SECOND, "shared": COLORS["shared"]}
        self.view.set_edge_colors({e: edge_color[r] for e, r in m.edge_roles().items()})
        self.text.value = _lines_html(m.explain(), COLORS["shared"])
        self.fig.canvas.draw_idle()

    def _on_sizes(self, change) -> None:
        self.model.set_sizes(change["new"])
        names = self.model.weight_names()
        # Keep the dropdowns consistent without firing a half-updated selection.
        with self.first.hold_trait_notifications(), self.second.hold_trait_notifications():
            self._syncing = True
            self.first.options = names
            self.second.options = names
            self.first.value = self.model.first
            self.second.value = self.model.second
        self._syncing = False
        self._build()

    _syncing = False

    def _on_weights(self, change) -> None:
        if self._syncing:
            return
        before = self.model.meeting_layer
        self.model.set_weights(self.first.value, self.second.value)
        if self.model.meeting_layer != before:
            self._build()  # the shared delta moved to another layer: move its label
        else:
            self._update()


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


def _enumerate2(W):
    for j in range(W.shape[0]):
        for k in range(W.shape[1]):
            yield (j, k), float(W[j, k])


# ---------------------------------------------------------------------------
# 4. Training playground
# ---------------------------------------------------------------------------


class TrainingPlayground(App):
    """Gradient descent on a 2-D data set: decision boundary, loss curve, progress.

    Training runs in chunks of epochs; after each chunk the boundary, the loss curve
    and the progress bar are updated.  Inside a Jupyter kernel the run is an asyncio
    task that yields between chunks, so the figures are sent and the Stop button is
    heard while it runs; without an event loop (tests, scripts) it runs to the end.

    Parameters
    ----------
    dataset, hidden, activation, learning_rate, seed : see :class:`TrainingModel`
    epochs : int
        Epochs per press of Train.
    chunk : int
        Epochs between two redraws.
    """

    def __init__(
        self,
        dataset: str = "moons",
        hidden="8, 8",
        activation: str = "tanh",
        learning_rate: float = 0.5,
        seed: int = 0,
        epochs: int = 300,
        chunk: int = 50,
    ):
        super().__init__()
        self.model = nm.TrainingModel(dataset, hidden, activation, learning_rate, seed)
        self.chunk = int(chunk)
        self.task = None
        self.fig_boundary = figure(4.3, 4.0)
        self.fig_loss = figure(4.3, 4.0)
        self.figures = [self.fig_boundary, self.fig_loss]
        axb = self.fig_boundary.add_axes((0.1, 0.08, 0.86, 0.84))
        axl = self.fig_loss.add_axes((0.17, 0.12, 0.79, 0.8))
        m = self.model
        self.boundary = pn.BoundaryView(axb, m.extent, m.X, m.Y, m.probabilities())
        self.loss = pn.LossCurveView(axl)

        self.dataset = widgets.Dropdown(
            options=list(DATASETS),
            value=dataset,
            description="data set",
            layout=_lay(width="190px"),
        )
        self.hidden = widgets.Text(
            ", ".join(map(str, m.hidden)),
            description="hidden layers",
            continuous_update=False,
            placeholder="e.g. 8, 8",
            style=_WIDE,
            layout=_lay(width="200px"),
        )
        self.activation = widgets.Dropdown(
            options=_HIDDEN_ACTIVATIONS,
            value=m.activation,
            description="activation",
            layout=_lay(width="190px"),
        )
        self.seed = widgets.BoundedIntText(
            seed, min=0, max=10_000, description="seed", layout=_lay(width="150px")
        )
        self.lr = widgets.FloatLogSlider(
            learning_rate,
            base=10,
            min=-2,
            max=1,
            step=0.05,
            description="learning rate α",
            style=_WIDE,
            readout_format=".2g",
            layout=_lay(width="330px"),
        )
        self.epochs = widgets.IntSlider(
            epochs, 10, 2000, step=10, description="epochs", layout=_lay(width="330px")
        )
        self.train_button = widgets.Button(
            description="Train", button_style="primary", icon="play", layout=_lay(width="100px")
        )
        self.stop_button = widgets.Button(
            description="Stop", icon="stop", disabled=True, layout=_lay(width="90px")
        )
        self.reset_button = widgets.Button(
            description="Reset", icon="undo", layout=_lay(width="90px")
        )
        self.progress = widgets.IntProgress(0, 0, 1, layout=_lay(width="300px"))
        self.status = widgets.Label()
        self.status.add_class("bt-training-status")
        self.controls = {
            "dataset": self.dataset,
            "hidden": self.hidden,
            "activation": self.activation,
            "seed": self.seed,
            "learning_rate": self.lr,
            "epochs": self.epochs,
            "train": self.train_button,
            "stop": self.stop_button,
            "reset": self.reset_button,
        }
        for name in ("dataset", "hidden", "activation", "seed"):
            self.controls[name].observe(self.guard(self._on_setting), names="value")
        self.lr.observe(self.guard(self._on_lr), names="value")
        self.train_button.on_click(self.guard(self._on_train))
        self.stop_button.on_click(self.guard(self._on_stop))
        self.reset_button.on_click(self.guard(self._on_reset))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.dataset, self.hidden, self.activation, self.seed]),
                widgets.HBox([self.lr, self.epochs]),
                widgets.HBox(
                    [self.train_button, self.stop_button, self.reset_button, self.progress]
                ),
                self.status,
                widgets.HBox([self.fig_boundary.canvas, self.fig_loss.canvas]),
                self.errors,
            ]
        )
        self.widget.add_class("bt-training")  # for browser tests and styling
        self.redraw()

    # -- drawing -------------------------------------------------------------------
    def redraw(self) -> None:
        m = self.model
        self.boundary.update(m.probabilities(), f"{m.dataset}: output of the network (0.5 contour)")
        self.loss.update(m.losses, f"loss after epoch {m.epoch}: {m.losses[-1]:.4f}")
        self.status.value = m.status()
        for fig in self.figures:
            fig.canvas.draw_idle()

    # -- settings ------------------------------------------------------------------
    def _on_setting(self, change) -> None:
        self._cancel()
        names = {
            self.dataset: "dataset",
            self.hidden: "hidden",
            self.activation: "activation",
            self.seed: "seed",
        }
        self.model.configure(**{names[change["owner"]]: change["new"]})
        # Every setting resets the model, and the data may be new (data set, seed).
        self.boundary.set_data(self.model.extent, self.model.X, self.model.Y)
        self.progress.value = 0
        self.redraw()

    def _on_lr(self, change) -> None:
        self.model.configure(learning_rate=change["new"])

    def _on_reset(self, _button=None) -> None:
        self._cancel()
        self.model.reset()
        self.boundary.set_data(self.model.extent, self.model.X, self.model.Y)
        self.progress.value = 0
        self.redraw()

    def _on_stop(self, _button=None) -> None:
        self.model.stop_requested = True

    def _cancel(self) -> None:
        if self.task is not None and not self.task.done():
            self.model.stop_requested = True
            self.task.cancel()
        self.task = None
        self._running(False)

    def _running(self, on: bool) -> None:
        self.train_button.disabled = on
        self.stop_button.disabled = not on

    # -- training ------------------------------------------------------------------
    def _on_train(self, _button=None) -> None:
        if self.task is not None and not self.task.done():
            return
        epochs = int(self.epochs.value)
        self.progress.max = epochs
        self.progress.value = 0
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self.train(epochs)
        else:
            self._running(True)  # at once, so a second click cannot start a second run
            self.task = loop.create_task(self._train_async(epochs))

    def train(self, epochs: int) -> None:
        """Train ``epochs`` epochs now, redrawing after every chunk (blocking)."""
        self._running(True)
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
        finally:
            self._running(False)

    async def _train_async(self, epochs: int) -> None:
        self._running(True)
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
                # Let the kernel handle the front end's draw requests and a Stop click.
                await asyncio.sleep(0.03)
        except Exception as exc:  # noqa: BLE001 - a task's error must be shown, not lost
            self.show_error(exc)
        finally:
            self._running(False)

    def _after_chunk(self, done: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = done
        self.redraw()


# ---------------------------------------------------------------------------
# 5. Landscape slice
# ---------------------------------------------------------------------------


class LandscapeSlice(App):
    """The cost on a plane through the current weights, with the trajectory projected.

    Parameters
    ----------
    playground : TrainingPlayground or TrainingModel, optional
        Take the network, data and trajectory from it ("Refresh" re-reads it after
        more training).  Without one, a moons network trained for ``epochs`` is used.
    """

    def __init__(
        self,
        playground=None,
        mode: str = "weights",
        epochs: int = 300,
        span: float = 1.0,
        resolution: int = 25,
    ):
        super().__init__()
        if playground is None:
            training = nm.TrainingModel()
            training.train(epochs)
        elif isinstance(playground, TrainingPlayground):
            training = playground.model
        elif isinstance(playground, nm.TrainingModel):
            training = playground
        else:
            raise ValueError(
                "LandscapeSlice takes a TrainingPlayground, a TrainingModel or "
                f"nothing, got {type(playground).__name__}"
            )
        self.model = nm.SliceModel(training, mode=mode, span=span, resolution=resolution)
        self.fig = figure(5.8, 4.3)
        self.figures = [self.fig]
        ax = self.fig.add_axes((0.14, 0.11, 0.68, 0.8))
        cax = self.fig.add_axes((0.85, 0.11, 0.03, 0.8))
        self.view = pn.SliceView(ax, cax)
        names = self.model.param_names()
        self.mode = widgets.ToggleButtons(
            options=[("random directions", "random"), ("two weights", "weights")],
            value=mode,
            style={"button_width": "140px"},
        )
        self.first = widgets.Dropdown(
            options=names, value=self.model.first, description="x axis", layout=_lay(width="200px")
        )
        self.second = widgets.Dropdown(
            options=names, value=self.model.second, description="y axis", layout=_lay(width="200px")
        )
        self.span = widgets.FloatLogSlider(
            span,
            base=10,
            min=-1,
            max=1,
            step=0.05,
            description="half-width",
            continuous_update=False,
            readout_format=".2g",
            layout=_lay(width="320px"),
        )
        self.seed = widgets.BoundedIntText(
            0,
            min=0,
            max=10_000,
            description="directions seed",
            style=_WIDE,
            layout=_lay(width="190px"),
        )
        self.refresh_button = widgets.Button(
            description="Refresh",
            icon="refresh",
            tooltip="re-read the network and its trajectory",
            layout=_lay(width="100px"),
        )
        self.info = widgets.HTML()
        self.controls = {
            "mode": self.mode,
            "first": self.first,
            "second": self.second,
            "span": self.span,
            "seed": self.seed,
            "refresh": self.refresh_button,
        }
        for key in ("mode", "first", "second", "span", "seed"):
            self.controls[key].observe(self.guard(self._on_change), names="value")
        self.refresh_button.on_click(self.guard(self._on_refresh))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.mode, self.span]),
                widgets.HBox([self.first, self.second, self.seed, self.refresh_button]),
                self.fig.canvas,
                self.info,
                self.errors,
            ]
        )
        self.widget.add_class("bt-landscape-slice")  # for browser tests and styling
        self._sync_visibility()
        self.redraw()

    def _sync_visibility(self) -> None:
        weights = self.mode.value == "weights"
        for w in (self.first, self.second):
            w.layout.display = None if weights else "none"
        self.seed.layout.display = "none" if weights else None

    def redraw(self) -> None:
        m = self.model
        t = m.training
        self.view.update(m, f"J around the weights after {t.epoch} epochs ({t.dataset}, {t.sizes})")
        what = (
            "two random directions, each layer's block scaled to that layer's weights"
            if m.mode == "random"
            else f"{m.first} and {m.second}, all other parameters fixed"
        )
        self.info.value = (
            f'<div style="font-size:13px">Slice along {html.escape(what)}. White line: the '
            f"training trajectory projected on the plane, from ○ (start) to ★ (now); colours "
            f"show log10 J, lower is darker.</div>"
        )
        self.fig.canvas.draw_idle()

    def _on_change(self, change) -> None:
        self._sync_visibility()
        self.model.set(
            mode=self.mode.value,
            first=self.first.value,
            second=self.second.value,
            span=self.span.value,
            seed=self.seed.value,
        )
        self.redraw()

    def _on_refresh(self, _button=None) -> None:
        names = self.model.param_names()
        if list(self.first.options) != names:
            self.first.options = names
            self.second.options = names
        self.model.compute()
        self.redraw()


# ---------------------------------------------------------------------------
# 6. Vanishing-gradient meter
# ---------------------------------------------------------------------------


class GradientMeter(App):
    """Mean |delta[l]| per layer of a deep narrow network, sigmoid vs tanh vs relu."""

    def __init__(self, depth: int = 8, width: int = 6):
        super().__init__()
        self.model = nm.GradientMeterModel(depth, width)
        self.fig = figure(8.8, 3.6)
        self.figures = [self.fig]
        ax = self.fig.add_axes((0.09, 0.14, 0.89, 0.78))
        self.view = pn.MeterView(ax, self.model.activations, self.model.MAX_DEPTH + 1)
        self.depth = widgets.IntSlider(
            depth,
            1,
            self.model.MAX_DEPTH,
            description="hidden layers",
            style=_WIDE,
            layout=_lay(width="380px"),
        )
        self.init = widgets.ToggleButtons(
            options=[("He init for ReLU", "he"), ("same init for all", "plain")],
            value="he",
            style={"button_width": "140px"},
        )
        self.summary = widgets.HTML()
        self.controls = {"depth": self.depth, "init": self.init}
        self.depth.observe(self.guard(self._on_depth), names="value")
        self.init.observe(self.guard(self._on_init), names="value")
        self.widget = widgets.VBox(
            [widgets.HBox([self.depth, self.init]), self.fig.canvas, self.summary, self.errors]
        )
        self.widget.add_class("bt-gradient-meter")  # for browser tests and styling
        self.redraw()

    def redraw(self) -> None:
        self.view.update(self.model)
        text = html.escape(self.model.summary())
        self.summary.value = f'<div style="font-size:13px">{text}</div>'
        self.fig.canvas.draw_idle()

    def _on_depth(self, change) -> None:
        self.model.set_depth(change["new"])
        self.redraw()

    def _on_init(self, change) -> None:
        self.model.init = change["new"]
        self.model.compute()
        self.redraw()
