"""Models of notebook 2's apps: a general fully connected network (numpy only).

Each class holds one app's state and logic; the views in
``backprop_tutorial.widgets.network`` only read them and update artists.

Notation as everywhere (:mod:`backprop_tutorial.notation`): neuron layers ``0..L``,
``a[0] = x``; weight layers ``l = 0..L-1``, ``S[l] = W[l] a[l] + b[l]``,
``a[l+1] = f(S[l])``, ``delta[l] = dJ/dS[l]``.  Lists are not padded:
``net.weights[l]`` is ``W[l]``, ``cache.S[l]`` is ``S[l]``, ``deltas[l]`` is ``delta[l]``.

Contents
--------
- :func:`parse_sizes` — layer sizes from a text box ("2, 3, 3, 1").
- :func:`neuron_picture`, :func:`surgery_picture`, :class:`TwoPicturesModel` — the two
  pictures of one network (positions of nodes and edges; drawing is in ``plots.network``).
- :class:`SharedGradientModel` — two weights whose gradients share ``delta[l+1]``.
- :class:`LayerStepperModel` — forward layer by layer, then the deltas from last to first.
- :class:`TrainingModel` — gradient descent on a 2-D data set, in chunks.
- :class:`SliceModel` — the cost on a 2-D slice of parameter space, with the trajectory.
- :class:`GradientMeterModel` — mean ``|delta[l]|`` per layer as depth grows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from ..activations import get_activation
from ..datasets import DATASETS, make_dataset
from ..labels import ParamRef, bias_label, parse_param_label, sum_label, weight_label
from ..landscape import loss_surface, random_plane, weight_plane
from ..network import Network, check_sizes

MAX_PICTURE_NEURONS = 40  # pictures stay readable up to about this many neurons
MAX_LAYERS = 12

# ---------------------------------------------------------------------------
# Layer sizes from text
# ---------------------------------------------------------------------------


def parse_sizes(
    text, max_neurons: int | None = MAX_PICTURE_NEURONS, max_layers: int = MAX_LAYERS
) -> list:
    """Layer sizes from a text box such as ``"2, 3, 3, 1"`` (brackets and spaces allowed).

    Parameters
    ----------
    text : str or sequence of int
        Widths ``n_0, n_1, ..., n_L``.
    max_neurons : int or None
        Upper bound on the total number of neurons (pictures stop being readable).
    max_layers : int
        Upper bound on the number of entries.

    Returns
    -------
    list of int

    Raises
    ------
    ValueError
        With a message that says what to type instead.
    """
    if isinstance(text, str):
        body = text.strip().strip("[]()").strip()
        if not body:
            raise ValueError('type the layer sizes separated by commas, e.g. "2, 3, 3, 1"')
        parts = [p for p in re.split(r"[,\s;]+", body) if p]
        sizes = []
        for p in parts:
            if not re.fullmatch(r"[+]?\d+", p):
                raise ValueError(
                    f"{p!r} is not a whole number: type the layer sizes as whole numbers "
                    'separated by commas, e.g. "2, 3, 3, 1"'
                )
            sizes.append(int(p))
    else:
        sizes = list(text)
    sizes = check_sizes(sizes)
    if len(sizes) > max_layers:
        raise ValueError(
            f"{len(sizes)} layers is more than this app draws ({max_layers}): use fewer entries"
        )
    if max_neurons is not None and sum(sizes) > max_neurons:
        raise ValueError(
            f"{sum(sizes)} neurons in total is more than the picture can show readably "
            f"({max_neurons}): use smaller layers"
        )
    return sizes


# ---------------------------------------------------------------------------
# The two pictures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PicNode:
    """A node of a picture: name (as in :meth:`Network.to_graph`), kind, position."""

    name: str
    kind: str  # "input", "neuron", "S", "a", "W", "b", "y", "J"
    x: float
    y: float
    # The picture's column = neuron layer: a[l] is in column l; S[l], W[l], b[l] (which
    # compute a[l+1]) in column l + 1; y and J in column L + 1.
    layer: int
    label: str = ""


@dataclass(frozen=True)
class PicEdge:
    """A drawn edge from ``src`` to ``dst``; ``param`` names the weight it carries, if any."""

    src: str
    dst: str
    kind: str  # "weight", "activation", "param", "cost"
    param: str | None = None


@dataclass
class Picture:
    """Nodes and edges with positions, in data units (one unit between neurons)."""

    nodes: list
    edges: list
    title: str = ""
    index: dict = field(default_factory=dict)

    def __post_init__(self):
        self.index = {n.name: i for i, n in enumerate(self.nodes)}

    def node(self, name: str) -> PicNode:
        return self.nodes[self.index[name]]

    def names(self, kind: str | None = None) -> list:
        return [n.name for n in self.nodes if kind is None or n.kind == kind]

    @property
    def extent(self) -> tuple:
        """``(xmin, xmax, ymin, ymax)`` of the node positions."""
        xs = [n.x for n in self.nodes]
        ys = [n.y for n in self.nodes]
        return min(xs), max(xs), min(ys), max(ys)


def _column(n: int) -> list:
    """Vertical positions of ``n`` neurons, centred on 0, one unit apart (top first)."""
    return [(n - 1) / 2 - j for j in range(n)]


def neuron_name(l: int, j: int) -> str:
    """The usual picture's name of neuron ``j`` of layer ``l``: ``x[j]`` for the inputs."""
    return f"x[{j}]" if l == 0 else f"a[{l}][{j}]"


def neuron_picture(sizes) -> Picture:
    """The usual picture: neurons as nodes, one edge per weight ``W[l][j,k]``."""
    sizes = check_sizes(sizes)
    gap = 2.2  # horizontal distance between layers
    nodes, edges = [], []
    for l, n in enumerate(sizes):
        for j, y in enumerate(_column(n)):
            kind = "input" if l == 0 else "neuron"
            label = f"x{j}" if l == 0 else f"{l},{j}"
            nodes.append(PicNode(neuron_name(l, j), kind, l * gap, y, l, label))
    for l in range(len(sizes) - 1):
        for j in range(sizes[l + 1]):
            for k in range(sizes[l]):
                edges.append(
                    PicEdge(
                        neuron_name(l, k), neuron_name(l + 1, j), "weight", weight_label(l, j, k)
                    )
                )
    return Picture(nodes, edges, "neurons as nodes, weights on edges")


def weight_node_position(src: PicNode, dst: PicNode, j: int, n_out: int) -> tuple:
    """Where the node of ``W[l][j,k]`` sits on the edge ``a[l][k] -> S[l][j]``.

    Edges into different neurons ``j`` get their weight node at different fractions
    of their length, so nodes of crossing edges do not land on the same spot.
    """
    t = 0.5 if n_out == 1 else 0.3 + 0.4 * j / (n_out - 1)
    return src.x + t * (dst.x - src.x), src.y + t * (dst.y - src.y)


def surgery_picture(sizes) -> Picture:
    """The computational graph after surgery: weights and biases are nodes of their own.

    Each neuron ``j`` of layer ``l + 1`` is split into its weighted sum ``S[l][j]`` and
    its activation ``a[l+1][j]``; the weight ``W[l][j,k]`` becomes a node on the edge from
    ``a[l][k]`` (``x[k]`` for l = 0) to ``S[l][j]`` (where the two are multiplied), the bias
    ``b[l][j]`` a node feeding ``S[l][j]``; the targets ``y[j]`` and the cost ``J`` close it.
    """
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    gap, split = 3.0, 0.9  # distance between layers; S-to-a distance inside a layer
    nodes, edges = [], []
    prev = []
    for k, y in enumerate(_column(sizes[0])):
        node = PicNode(f"x[{k}]", "input", 0.0, y, 0, f"x{k}")
        nodes.append(node)
        prev.append(node)
    for l in range(L):
        col = l + 1  # S[l] and a[l+1] share the column of neuron layer l + 1
        xs = col * gap - split
        S_nodes = [
            PicNode(sum_label(l, j), "S", xs, y, col, "S")
            for j, y in enumerate(_column(sizes[col]))
        ]
        a_nodes = [
            PicNode(f"a[{col}][{j}]", "a", col * gap, y, col, "a")
            for j, y in enumerate(_column(sizes[col]))
        ]
        for j, S in enumerate(S_nodes):
            for k, src in enumerate(prev):
                wx, wy = weight_node_position(src, S, j, sizes[col])
                w = PicNode(weight_label(l, j, k), "W", wx, wy, col, "w")
                nodes.append(w)
                edges.append(PicEdge(src.name, S.name, "weight", w.name))
                edges.append(PicEdge(w.name, S.name, "param", w.name))
            b = PicNode(bias_label(l, j), "b", xs, S.y + 0.42, col, "b")
            nodes.append(b)
            edges.append(PicEdge(b.name, S.name, "param", b.name))
        nodes += S_nodes + a_nodes
        edges += [
            PicEdge(S.name, a.name, "activation") for S, a in zip(S_nodes, a_nodes, strict=True)
        ]
        prev = a_nodes
    xj = L * gap + 1.3
    J = PicNode("J", "J", xj, 0.0, L + 1, "J")
    for j, a in enumerate(prev):
        y = PicNode(f"y[{j}]", "y", L * gap + 0.65, a.y - 0.5, L + 1, "y")
        nodes.append(y)
        edges.append(PicEdge(a.name, "J", "cost"))
        edges.append(PicEdge(y.name, "J", "cost"))
    nodes.append(J)
    return Picture(nodes, edges, "computational graph after surgery")


class TwoPicturesModel:
    """One network, two pictures: the usual one and the graph after surgery.

    Parameters
    ----------
    sizes : str or sequence of int
        E.g. ``"2, 3, 3, 1"``.
    seed : int
        Seed of the (random) weights that set the edges' widths and colours.
    """

    PICTURES = ("neurons", "surgery")

    def __init__(self, sizes="2, 3, 3, 1", seed: int = 0):
        self.seed = int(seed)
        self.set_sizes(sizes)

    def set_sizes(self, sizes) -> None:
        self.sizes = parse_sizes(sizes)
        self.net = Network(self.sizes, rng=np.random.default_rng(self.seed))
        self.pictures = {
            "neurons": neuron_picture(self.sizes),
            "surgery": surgery_picture(self.sizes),
        }

    def weights(self) -> dict:
        """``"W[l][j,k]" -> value`` for every weight."""
        out = {}
        for l, W in enumerate(self.net.weights):
            for (j, k), w in np.ndenumerate(W):
                out[weight_label(l, j, k)] = float(w)
        return out

    def summary(self) -> str:
        n, m = self.net.n_weights, self.net.n_biases
        return (
            f"sizes {self.sizes}: L = {self.net.L} layers with weights, n = {n} weights "
            f"and m = {m} biases, so the cost is a function on R^{n + m} "
            f"(x and y held fixed)."
        )


def _descendants(sizes, l: int, j: int) -> set:
    """Names of the surgery-picture nodes downstream of ``S[l][j]`` (itself included)."""
    out = {sum_label(l, j), f"a[{l + 1}][{j}]", "J"}
    for m in range(l + 1, len(sizes) - 1):
        out |= {sum_label(m, i) for i in range(sizes[m + 1])}
        out |= {f"a[{m + 1}][{i}]" for i in range(sizes[m + 1])}
    return out


def weight_ref(name, sizes) -> ParamRef:
    """The weight ``name`` (e.g. ``"W[0][1,0]"``) parsed and checked against ``sizes``.

    Raises
    ------
    ValueError
        If the name is malformed, is a bias, or the weight does not exist here.
    """
    ref = parse_param_label(name, sizes)
    if ref.kind != "W":
        raise ValueError(f"{name!r} is a bias: pick a weight, written like 'W[0][1,0]'")
    return ref


def example_point(net: Network, seed: int) -> tuple:
    """One fixed input ``x`` (shape ``(1, n_0)``) and target ``y`` (``(1, n_L)``) in [0, 1]."""
    rng = np.random.default_rng(seed + 7919)
    x = np.round(rng.uniform(-1, 1, size=(1, net.sizes[0])), 2)
    y = np.round(rng.uniform(0, 1, size=(1, net.sizes[-1])), 2)
    return x, y


def _vec(v, spec: str = ".3g") -> str:
    v = np.ravel(v)
    return "[" + ", ".join(format(float(e), spec) for e in v) + "]"


def _mat(m, spec: str = ".3g") -> str:
    return "[" + ", ".join(_vec(row, spec) for row in np.atleast_2d(m)) + "]"


# ---------------------------------------------------------------------------
# Shared upstream gradient
# ---------------------------------------------------------------------------


class SharedGradientModel:
    """Two weights whose gradients both need the same deltas.

    ``dJ/dW[l][j,k] = delta[l][j] a[l][k]`` and ``delta[l][j]`` is computed from
    ``delta[l+1]``; so any two weights of ``W[l]`` share all of ``delta[l+1]`` (for
    the default ``W[0][0,0]`` and ``W[0][1,1]``: ``dJ/dS[1][0]`` and the rest of
    ``delta[1]``).  The model sorts the surgery picture's nodes into roles.

    Parameters
    ----------
    sizes : sequence of int
    first, second : str
        Weight names, e.g. ``"W[0][0,0]"``.
    seed : int
        Seed of the weights and of the example ``(x, y)``.
    activation : str
    """

    ROLES = ("first", "second", "shared", "meeting")

    def __init__(
        self,
        sizes=(2, 3, 3, 1),
        first="W[0][0,0]",
        second="W[0][1,1]",
        seed: int = 0,
        activation: str = "sigmoid",
    ):
        self.seed = int(seed)
        self.activation = activation
        self.first, self.second = first, second
        self.set_sizes(sizes)

    def set_sizes(self, sizes) -> None:
        sizes = parse_sizes(sizes)
        if len(sizes) < 3:
            raise ValueError(
                'the shared-gradient picture needs at least one hidden layer, e.g. "2, 3, 3, 1"'
            )
        self.sizes = sizes
        self.net = Network(sizes, self.activation, rng=np.random.default_rng(self.seed))
        self.x, self.y = example_point(self.net, self.seed)
        cache = self.net.forward_cache(self.x)
        self.cache = cache
        self.deltas = self.net.backward(cache, self.y)
        self.picture = surgery_picture(sizes)
        names = self.weight_names()
        if self.first not in names:
            self.first = names[0]
        if self.second not in names or self.second == self.first:
            self.second = next(n for n in names if n != self.first)
        self.set_weights(self.first, self.second)

    def weight_names(self) -> list:
        """Names of all weights, layer by layer (the choices of the dropdowns)."""
        return [p for p in self.net.param_labels() if p.startswith("W")]

    def set_weights(self, first: str, second: str) -> None:
        """Choose the two weights; raises ValueError for unknown or equal names."""
        a = weight_ref(first, self.sizes)
        b = weight_ref(second, self.sizes)
        if a == b:
            raise ValueError("pick two different weights to compare")
        self.first, self.second = a.label, b.label
        self._a, self._b = (a.l, a.j, a.k), (b.l, b.j, b.k)
        da = _descendants(self.sizes, a.l, a.j)
        db = _descendants(self.sizes, b.l, b.j)
        shared = da & db
        self.shared = shared
        # The shared quantity met first on the way back: the earliest weight layer whose
        # S nodes are all shared, i.e. delta[l+1] for two weights of W[l].
        layers = sorted({int(n[2 : n.index("]")]) for n in shared if n.startswith("S[")})
        self.meeting_layer = layers[0] if layers else None
        roles = {}
        for name, own in ((self.first, da - shared), (self.second, db - shared)):
            role = "first" if name == self.first else "second"
            roles[name] = role
            for n in own:
                roles[n] = role
        for n in shared:
            roles[n] = "shared"
        if self.meeting_layer is not None:
            for i in range(self.sizes[self.meeting_layer + 1]):
                roles[sum_label(self.meeting_layer, i)] = "meeting"
        self.roles = roles

    def edge_roles(self) -> dict:
        """``(src, dst) -> role`` for the edges on a weight's path to J."""
        out = {}
        for e in self.picture.edges:
            rs, rd = self.roles.get(e.src), self.roles.get(e.dst)
            if e.kind == "param" and e.src in (self.first, self.second):
                out[(e.src, e.dst)] = rs
            elif rs is not None and rd is not None and e.kind != "param":
                if rs in ("first", "second"):
                    out[(e.src, e.dst)] = rs
                elif rd in ("shared", "meeting"):
                    out[(e.src, e.dst)] = "shared"
        return out

    def gradient_of(self, name: str) -> float:
        """``dJ/dW[l][j,k] = delta[l][j] a[l][k]`` for the example, e.g. ``"W[0][0,0]"``."""
        ref = weight_ref(name, self.sizes)
        return float(self.deltas[ref.l][0, ref.j] * self.cache.a[ref.l][0, ref.k])

    def explain(self, spec: str = ".3g") -> list:
        """Lines of text: each gradient in numbers, and the delta they share."""
        lines = []
        for name, (l, j, k) in ((self.first, self._a), (self.second, self._b)):
            g = self.gradient_of(name)
            lines.append(
                f"dJ/d{name} = delta[{l}][{j}] · a[{l}][{k}] = "
                f"{self.deltas[l][0, j]:{spec}} × {self.cache.a[l][0, k]:{spec}} = {g:{spec}}"
            )
        m = self.meeting_layer
        if m is not None:
            lines.append(
                f"Both need delta[{m}] = dJ/dS[{m}] = {_vec(self.deltas[m][0], spec)} "
                f"(e.g. dJ/dS[{m}][0] = {self.deltas[m][0, 0]:{spec}}): computed once, "
                "used by both."
            )
        la, lb = self._a[0], self._b[0]
        if la == lb and m == la + 1:
            lines.append(
                f"In general every weight of W[{la}] gets its gradient from "
                f"delta[{la}] = (W[{la + 1}]^T delta[{la + 1}]) * f'(S[{la}]), and "
                f"dJ/dW[{la}] = delta[{la}] a[{la}]^T."
            )
        elif m is not None and m == max(la, lb):
            lines.append(
                f"The weights are in different layers: the one in W[{min(la, lb)}] "
                f"reaches J through S[{m}], which the other feeds directly."
            )
        return lines


# ---------------------------------------------------------------------------
# Layer-by-layer backward stepper
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerStep:
    """One step of the layer stepper.

    ``phase`` is "start" (``layer`` None), "forward" (weight layer ``layer``:
    ``S[layer]`` and ``a[layer+1]`` computed) or "backward" (``delta[layer]`` and
    ``dJ/dW[layer]`` computed).
    """

    k: int
    phase: str
    layer: int | None


class LayerStepperModel:
    """Forward values layer by layer, then deltas from the last layer to the first.

    Steps ``k = 0..2L``: ``k = 0`` nothing but the input; ``k = l + 1`` (l = 0..L-1)
    computes ``S[l], a[l+1]``; ``k = L + i`` (i = 1..L) computes ``delta[L - i]`` and
    ``dJ/dW``, ``dJ/db`` of that weight layer.  One example ``(x, y)``, quadratic cost.

    Parameters
    ----------
    sizes : sequence of int
    activation : str
    seed : int
        Seed of the weights and of the example.
    """

    def __init__(self, sizes=(2, 3, 3, 1), activation: str = "sigmoid", seed: int = 0):
        self.activation = get_activation(activation).name
        self.seed = int(seed)
        self.k = 0
        self.selected = None
        self.set_sizes(sizes)

    def set_sizes(self, sizes) -> None:
        self.sizes = parse_sizes(sizes)
        self._build()

    def set_activation(self, activation: str) -> None:
        self.activation = get_activation(activation).name
        self._build()

    def set_seed(self, seed: int) -> None:
        self.seed = int(seed)
        self._build()

    def _build(self) -> None:
        self.net = Network(self.sizes, self.activation, rng=np.random.default_rng(self.seed))
        self.x, self.y = example_point(self.net, self.seed)
        self.cache = self.net.forward_cache(self.x)
        self.deltas = self.net.backward(self.cache, self.y)
        self.dW = [self.deltas[l].T @ self.cache.a[l] for l in range(self.L)]
        self.db = [self.deltas[l][0] for l in range(self.L)]
        self.k = min(self.k, self.n_steps)
        if self.selected is not None and not self._valid_neuron(*self.selected):
            self.selected = None

    @property
    def L(self) -> int:
        return len(self.sizes) - 1

    @property
    def n_steps(self) -> int:
        return 2 * self.L

    def set_step(self, k) -> None:
        k_int = int(k)
        if k_int != k or not 0 <= k_int <= self.n_steps:
            raise ValueError(f"step {k!r} is out of range: use an integer in 0..{self.n_steps}")
        self.k = k_int

    @property
    def step(self) -> LayerStep:
        k, L = self.k, self.L
        if k == 0:
            return LayerStep(0, "start", None)
        if k <= L:
            return LayerStep(k, "forward", k - 1)
        return LayerStep(k, "backward", 2 * L - k)

    def forward_known(self, l: int) -> bool:
        """Whether neuron layer ``l`` (``a[l]``, and ``S[l-1]``) is computed (a[0] always)."""
        return l == 0 or l <= min(self.k, self.L)

    def delta_known(self, l: int) -> bool:
        """Whether ``delta[l]`` (weight layer ``l``) is computed at the current step."""
        return self.k > self.L and l >= 2 * self.L - self.k

    def neuron_texts(self, spec: str = ".2f", delta_spec: str = ".2g") -> dict:
        """Neuron name (usual picture) -> ``(a text, delta text)`` ("—" while unknown).

        Neuron ``j`` of layer ``l >= 1`` shows ``a[l][j]`` and ``delta[l-1][j]`` (the
        gradient of its sum ``S[l-1][j]``).  Deltas get significant digits (they are often
        tiny), activations two decimals.
        """
        out = {}
        for l, n in enumerate(self.sizes):
            for j in range(n):
                a = f"{self.cache.a[l][0, j]:{spec}}" if self.forward_known(l) else "\u2014"
                if l == 0:
                    d = ""
                elif self.delta_known(l - 1):
                    d = f"{self.deltas[l - 1][0, j]:{delta_spec}}"
                else:
                    d = "\u2014"
                out[neuron_name(l, j)] = (a, d)
        return out

    def neuron_status(self) -> dict:
        """Neuron name -> "active", "used", "delta", "value" or "idle" at this step."""
        step = self.step
        out = {}
        for l, n in enumerate(self.sizes):
            if l > 0 and self.delta_known(l - 1):
                status = "delta"
            elif self.forward_known(l):
                status = "value"
            else:
                status = "idle"
            for j in range(n):
                out[neuron_name(l, j)] = status
        l = step.layer
        if step.phase == "forward":
            for j in range(self.sizes[l]):
                out[neuron_name(l, j)] = "used"
        elif step.phase == "backward":
            # delta[l] reads delta[l+1] (or the cost) and the forward S[l]; dJ/dW[l] reads a[l].
            for j in range(self.sizes[l]):
                out[neuron_name(l, j)] = "used"
            if l < self.L - 1:
                for j in range(self.sizes[l + 2]):
                    out[neuron_name(l + 2, j)] = "used"
        if l is not None:
            # The neurons S[l] feeds: layer l + 1.
            for j in range(self.sizes[l + 1]):
                out[neuron_name(l + 1, j)] = "active"
        return out

    def uses(self) -> list:
        """What the current step reads, as symbols (the inductive structure)."""
        step = self.step
        l = step.layer
        if step.phase == "forward":
            return [f"a[{l}]", f"W[{l}]", f"b[{l}]"]
        if step.phase == "backward":
            if l == self.L - 1:
                return [f"a[{l + 1}] = y_hat", "y", f"S[{l}]", f"a[{l}]"]
            return [f"W[{l + 1}]", f"delta[{l + 1}]", f"S[{l}]", f"a[{l}]"]
        return []

    def describe(self, spec: str = ".3g") -> list:
        """The current step in formulas and numbers, one string per line."""
        step = self.step
        l, L = step.layer, self.L
        c, act = self.cache, get_activation(self.activation).symbol
        f_out = get_activation(self.net.activation_of(L - 1).name).symbol
        if step.phase == "start":
            return [
                f"Step 0 of {self.n_steps}: only the input is known.",
                f"x = a[0] = {_vec(self.x)},  target y = {_vec(self.y)}",
                "Move the slider: first the forward pass, layer by layer; then the "
                "deltas, from the last layer back to the first.",
            ]
        if step.phase == "forward":
            f = f_out if l == L - 1 else act
            lines = [
                f"Step {self.k} of {self.n_steps} · forward, weight layer {l}",
                f"S[{l}] = W[{l}] a[{l}] + b[{l}] = {_vec(c.S[l][0], spec)}",
                f"a[{l + 1}] = {f}(S[{l}]) = {_vec(c.a[l + 1][0], spec)}",
            ]
            if l == L - 1:
                J = self.net.cost.value(c.S[l], c.a[L], self.y)
                lines.append(f"J = ½ Σ (y_hat − y)² = {J:{spec}}   — next: the backward pass")
            return lines
        d = self.deltas
        fp = self.net.activation_of(l).df(c.S[l][0])
        f = f_out if l == L - 1 else act
        lines = [f"Step {self.k} of {self.n_steps} · backward, weight layer {l}"]
        if l == L - 1:
            lines.append(
                f"delta[{l}] = (y_hat − y) * {f}'(S[{l}]) = {_vec(c.a[L][0] - self.y[0], spec)}"
                f" * {_vec(fp, spec)} = {_vec(d[l][0], spec)}"
            )
        else:
            back = d[l + 1][0] @ self.net.weights[l + 1]
            lines.append(
                f"delta[{l}] = (W[{l + 1}]^T delta[{l + 1}]) * {f}'(S[{l}]) = "
                f"{_vec(back, spec)} * {_vec(fp, spec)} = {_vec(d[l][0], spec)}"
            )
        lines.append(
            f"dJ/dW[{l}] = delta[{l}] a[{l}]^T = {_mat(self.dW[l], spec)};  dJ/db[{l}] = delta[{l}]"
        )
        lines.append(
            "uses only: "
            + ", ".join(self.uses())
            + ("  — nothing from earlier layers' deltas" if l < L - 1 else "")
        )
        if l == 0:
            lines.append("Done: every weight's gradient is known.")
        return lines

    # -- clicking a neuron ------------------------------------------------------------
    def _valid_neuron(self, l, j) -> bool:
        return 0 <= l < len(self.sizes) and 0 <= j < self.sizes[l]

    def select(self, l: int, j: int) -> None:
        """Choose the neuron whose numbers :meth:`neuron_details` shows."""
        if not self._valid_neuron(l, j):
            raise ValueError(f"there is no neuron {j} in layer {l} for sizes {self.sizes}")
        self.selected = (int(l), int(j))

    def neuron_details(self, spec: str = ".4g") -> list:
        """Lines with the selected neuron's numbers known at this step."""
        if self.selected is None:
            return ["Click a neuron to see its numbers."]
        l, j = self.selected
        c = self.cache
        if l == 0:
            return [f"x[{j}] = a[0][{j}] = {c.a[0][0, j]:{spec}} (input, held fixed)"]
        dash = "\u2014"
        known = self.forward_known(l)
        w = l - 1  # the weight layer whose sum S[w] feeds this neuron
        lines = [
            f"neuron {j} of layer {l}",
            f"S[{w}][{j}] = {c.S[w][0, j]:{spec}}" if known else f"S[{w}][{j}] = {dash}",
            f"a[{l}][{j}] = {c.a[l][0, j]:{spec}}" if known else f"a[{l}][{j}] = {dash}",
        ]
        if self.delta_known(w):
            lines.append(f"delta[{w}][{j}] = dJ/dS[{w}][{j}] = {self.deltas[w][0, j]:{spec}}")
            lines.append(f"dJ/dW[{w}][{j},:] = {_vec(self.dW[w][j], spec)}")
        else:
            lines.append(f"delta[{w}][{j}] = {dash}")
        return lines

    def to_graph(self, max_nodes: int = 120):
        """The scalar graph of the same network and example, for node-by-node stepping.

        Raises
        ------
        ValueError
            If the network is too big to step node by node.
        """
        return self.net.to_graph(self.x, self.y, max_nodes=max_nodes)


# ---------------------------------------------------------------------------
# Training playground
# ---------------------------------------------------------------------------


def parse_hidden(text, max_total: int = 200) -> list:
    """Hidden layer widths from text such as ``"8, 8"`` (empty text: no hidden layer).

    Raises
    ------
    ValueError
        With a message that says what to type instead.
    """
    if isinstance(text, str):
        body = text.strip().strip("[]()").strip()
        parts = [p for p in re.split(r"[,\s;]+", body) if p]
        for p in parts:
            if not re.fullmatch(r"[+]?\d+", p):
                raise ValueError(
                    f"{p!r} is not a whole number: type the hidden layer widths separated "
                    'by commas, e.g. "8, 8"'
                )
        hidden = [int(p) for p in parts]
    else:
        hidden = [int(h) for h in text]
    for i, n in enumerate(hidden, start=1):
        if n < 1:
            raise ValueError(f"hidden layer {i} has width {n}: every layer needs at least 1 neuron")
    if len(hidden) > MAX_LAYERS:
        raise ValueError(
            f"{len(hidden)} hidden layers is more than this playground allows ({MAX_LAYERS})"
        )
    if sum(hidden) > max_total:
        raise ValueError(
            f"{sum(hidden)} hidden neurons is more than this playground trains "
            f"quickly ({max_total}): use smaller layers"
        )
    return hidden


class TrainingModel:
    """Full-batch gradient descent on a 2-D data set, run in chunks of epochs.

    Parameters
    ----------
    dataset : {"xor", "circles", "moons", "spiral"}
    hidden : str or sequence of int
        Hidden layer widths, e.g. ``"8, 8"``; the network is ``[2, *hidden, 1]``.
    activation : str
        Hidden activation; the output is a sigmoid with the cross-entropy cost.
    learning_rate : float
    seed : int
        Seed of the data and of the initial weights: :meth:`reset` with the same seed
        restores exactly the same start.
    n_points : int
    noise : float
    """

    def __init__(
        self,
        dataset: str = "moons",
        hidden="8, 8",
        activation: str = "tanh",
        learning_rate: float = 0.5,
        seed: int = 0,
        n_points: int = 200,
        noise: float = 0.1,
        grid: int = 60,
    ):
        if dataset not in DATASETS:
            raise ValueError(f"unknown data set {dataset!r}: use one of {', '.join(DATASETS)}")
        self.dataset = dataset
        self.hidden = parse_hidden(hidden)
        self.activation = get_activation(activation).name
        self.learning_rate = float(learning_rate)
        self.seed = int(seed)
        self.n_points = int(n_points)
        self.noise = float(noise)
        self.grid = int(grid)
        self.stop_requested = False
        self.reset()

    @property
    def sizes(self) -> list:
        return [2, *self.hidden, 1]

    def reset(self) -> None:
        """New data and initial weights from ``seed``; clears the history."""
        self.X, self.Y = make_dataset(
            self.dataset, self.n_points, self.noise, rng=np.random.default_rng(self.seed)
        )
        self.net = Network(
            self.sizes,
            self.activation,
            cost="cross_entropy",
            output_activation="sigmoid",
            rng=np.random.default_rng(self.seed + 1),
        )
        self.initial = self.net.copy()
        self.epoch = 0
        self.losses = [self.net.loss(self.X, self.Y)]
        self.thetas = [self.net.get_params()]
        lo = min(self.X.min(), -1.5) - 0.2
        hi = max(self.X.max(), 1.5) + 0.2
        self.extent = (float(lo), float(hi), float(lo), float(hi))
        g = np.linspace(lo, hi, self.grid)
        gx, gy = np.meshgrid(g, g)
        self._grid_points = np.stack([gx.ravel(), gy.ravel()], axis=1)

    def configure(self, **settings) -> None:
        """Change settings (dataset, hidden, activation, seed, n_points, noise) and reset.

        ``learning_rate`` alone does not reset: it applies to the next epochs.
        """
        needs_reset = False
        for key, value in settings.items():
            if key == "learning_rate":
                value = float(value)
                if not np.isfinite(value) or value <= 0:
                    raise ValueError(f"the learning rate must be positive, got {value}")
                self.learning_rate = value
                continue
            if key == "hidden":
                value = parse_hidden(value)
            elif key == "activation":
                value = get_activation(value).name
            elif key == "dataset" and value not in DATASETS:
                raise ValueError(f"unknown data set {value!r}: use one of {', '.join(DATASETS)}")
            elif key not in ("seed", "n_points", "noise", "dataset"):
                raise ValueError(f"unknown setting {key!r}")
            setattr(self, key, value)
            needs_reset = True
        if needs_reset:
            self.reset()

    def train(self, epochs: int) -> list:
        """Run ``epochs`` more gradient steps; returns the new losses.

        Raises
        ------
        ValueError
            If training diverges (the message says to lower the learning rate).
        """
        epochs = int(epochs)
        if epochs < 0:
            raise ValueError(f"epochs must be >= 0, got {epochs}")
        if epochs == 0:
            return []
        net = self.net
        new = []

        def keep(epoch, loss):
            if epoch > 0:
                new.append(loss)
                self.thetas.append(net.get_params())

        net.train(self.X, self.Y, self.learning_rate, epochs, callback=keep)
        self.losses += new
        self.epoch += len(new)
        return new

    def chunks(self, epochs: int, chunk: int = 25):
        """Train ``epochs`` epochs in chunks, yielding ``(done, total)`` after each.

        Stops early when :attr:`stop_requested` is set (a Stop button); clears it.
        """
        epochs = int(epochs)
        if epochs < 1:
            raise ValueError(f"the number of epochs must be at least 1, got {epochs}")
        self.stop_requested = False
        done = 0
        while done < epochs:
            if self.stop_requested:
                break
            n = min(chunk, epochs - done)
            self.train(n)
            done += n
            yield done, epochs
        self.stop_requested = False

    def probabilities(self) -> np.ndarray:
        """The network's output on the grid, shape ``(grid, grid)`` (rows follow y)."""
        return self.net.forward(self._grid_points).reshape(self.grid, self.grid)

    def accuracy(self) -> float:
        return float(np.mean((self.net.forward(self.X) > 0.5) == (self.Y > 0.5)))

    def status(self) -> str:
        return (
            f"epoch {self.epoch} · loss {self.losses[-1]:.4f} · "
            f"accuracy {100 * self.accuracy():.0f}% · network {self.sizes}"
        )


# ---------------------------------------------------------------------------
# Landscape slice
# ---------------------------------------------------------------------------


class SliceModel:
    """The cost on a plane through the current parameters, with the trajectory on it.

    Parameters
    ----------
    training : TrainingModel
        Network, data and trajectory (``training.thetas``).
    mode : {"weights", "random"}
        Along two chosen weights, or along two random directions normalised per layer.
    first, second : str
        Parameter names for ``mode="weights"``.
    span : float
        Half-width of the plotted square (weight units, or multiples of the directions).
    resolution : int
        Grid points per side; the cost is ``resolution**2`` forward passes over the data
        (25: about 60 ms for 200 points and [2, 8, 8, 1]).
    seed : int
        Seed of the random directions.
    """

    def __init__(
        self,
        training: TrainingModel,
        mode: str = "random",
        first="W[0][0,0]",
        second="W[0][1,1]",
        span: float = 1.0,
        resolution: int = 41,
        seed: int = 0,
    ):
        self.training = training
        self.mode = mode
        self.first, self.second = first, second
        self.span = float(span)
        self.resolution = int(resolution)
        self.seed = int(seed)
        self.compute()

    def param_names(self) -> list:
        return self.training.net.param_labels()

    def set(self, **settings) -> None:
        """Change mode / first / second / span / seed and recompute."""
        for key, value in settings.items():
            if key not in ("mode", "first", "second", "span", "seed"):
                raise ValueError(f"unknown setting {key!r}")
            setattr(self, key, value)
        self.compute()

    def compute(self) -> None:
        """Recompute the plane, the cost on the grid and the projected trajectory."""
        if self.mode not in ("weights", "random"):
            raise ValueError(f"mode must be 'weights' or 'random', got {self.mode!r}")
        span = float(self.span)
        if not np.isfinite(span) or span <= 0:
            raise ValueError(f"the span must be a positive number, got {self.span}")
        net = self.training.net
        names = self.param_names()
        if self.mode == "weights":
            if self.first not in names:
                self.first = names[0]
            if self.second not in names or self.second == self.first:
                self.second = next(n for n in names if n != self.first)
            self.plane = weight_plane(net, self.first, self.second)
        else:
            self.plane = random_plane(net, np.random.default_rng(self.seed))
        self.path = self.plane.project(np.array(self.training.thetas))
        ox, oy = self.plane.offsets
        # Make sure the start of the trajectory is inside the picture.
        reach = np.max(np.abs(self.path - [ox, oy])) * 1.1 if len(self.path) else 0.0
        half = max(span, float(reach))
        self.alphas = np.linspace(-half, half, self.resolution)
        self.betas = np.linspace(-half, half, self.resolution)
        self.surface = loss_surface(
            net, self.plane, self.training.X, self.training.Y, self.alphas, self.betas
        )
        self.extent = (ox - half, ox + half, oy - half, oy + half)
        self.current = (ox, oy)

    @property
    def axis_labels(self) -> tuple:
        if self.mode == "weights":
            return self.first, self.second
        return "direction 1 (per-layer normalised)", "direction 2"


# ---------------------------------------------------------------------------
# Vanishing-gradient meter
# ---------------------------------------------------------------------------


class GradientMeterModel:
    """Mean ``|delta[l]|`` per layer for a deep narrow network, for several activations.

    The same random weights (Gaussian, ``W[l]`` with std ``1/sqrt(n_l)``), the same batch of
    inputs and targets are used for every activation, so only the activation differs;
    with ``init="he"`` the ReLU network's weights are scaled by ``sqrt(2)`` (He
    initialisation, which keeps ReLU signals from shrinking layer after layer).

    Parameters
    ----------
    depth : int
        Number of hidden layers.
    width : int
        Neurons per hidden layer.
    activations : sequence of str
    seed : int
    n_points : int
    init : {"he", "plain"}
    """

    MAX_DEPTH = 30
    FLOOR = 1e-30  # shown instead of an exact 0 on a log scale

    def __init__(
        self,
        depth: int = 8,
        width: int = 6,
        activations=("sigmoid", "tanh", "relu"),
        seed: int = 0,
        n_points: int = 64,
        init: str = "he",
    ):
        if init not in ("he", "plain"):
            raise ValueError(f"init must be 'he' or 'plain', got {init!r}")
        self.init = init
        self.activations = [get_activation(a).name for a in activations]
        self.width = int(width)
        self.seed = int(seed)
        self.n_points = int(n_points)
        self.set_depth(depth)

    def set_depth(self, depth) -> None:
        depth = int(depth)
        if not 1 <= depth <= self.MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {self.MAX_DEPTH}, got {depth}")
        self.depth = depth
        self.compute()

    @property
    def sizes(self) -> list:
        return [2] + [self.width] * self.depth + [1]

    def compute(self) -> None:
        rng = np.random.default_rng(self.seed)
        X = rng.uniform(-1, 1, size=(self.n_points, 2))
        Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
        base = Network(self.sizes, "sigmoid", rng=rng)
        self.means = {}
        for act in self.activations:
            gain = math.sqrt(2.0) if (act == "relu" and self.init == "he") else 1.0
            # The output layer stays the same for all, so delta[L-1] is comparable.
            weights = [W * gain for W in base.weights[:-1]] + [base.weights[-1]]
            net = Network(
                self.sizes, act, output_activation="sigmoid", weights=weights, biases=base.biases
            )
            cache = net.forward_cache(X)
            deltas = net.backward(cache, Y)
            # backward() divides by the batch size; undo it to show per-example sizes.
            self.means[act] = np.array([np.mean(np.abs(deltas[l])) * len(X) for l in range(net.L)])

    def ratio(self, activation: str) -> float:
        """``mean|delta[0]| / mean|delta[L-1]|``: how much smaller the first layer's gradient is."""
        m = self.means[activation]
        return float(m[0] / m[-1]) if m[-1] > 0 else math.nan

    def shown(self, activation: str) -> np.ndarray:
        """The means clipped to :attr:`FLOOR` so that a log scale can show them."""
        return np.maximum(self.means[activation], self.FLOOR)

    def summary(self) -> str:
        parts = []
        for a in self.activations:
            r = self.ratio(a)
            parts.append(
                f"{a}: mean|delta[0]| = {r:.2g} × mean|delta[L-1]|"
                if r > 0
                else f"{a}: delta[0] = 0 (every ReLU off)"
            )
        return f"depth {self.depth} (L = {self.depth + 1} weight layers) · " + " · ".join(parts)
