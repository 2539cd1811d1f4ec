"""The two pictures of one network: neurons with weights on edges, and the graph
after surgery with weights and biases as nodes of their own (positions only)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...core import checks
from ...core.network import Network
from ...core.shapes import check_sizes
from ...teaching.labels import bias_label, sum_label, weight_label
from ...ui.model import Check, Choice, Model
from ...ui.sizes import parse_sizes, sizes_text


@dataclass(frozen=True)
class PicNode:
    """A node of a picture: name (as in :func:`.network_graph`), kind, position."""

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
    # "weight" (carries the weight ``param``: a[l][k] -> a[l+1][j] in the usual picture,
    # W[l][j,k] -> S[l][j] after surgery), "input" (a[l][k] -> W[l][j,k]: the value the
    # weight multiplies), "bias" (b[l][j] -> S[l][j]), "activation" (S -> a), "cost".
    kind: str
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
    (0.25 to 0.75) of their length, so nodes of crossing edges do not land on the same
    spot: the squares of one ``j`` share an x, different ``j`` differ in x.
    """
    t = weight_fraction(j, n_out)
    return src.x + t * (dst.x - src.x), src.y + t * (dst.y - src.y)


def weight_fraction(j: int, n_out: int) -> float:
    """Fraction of the edge into ``S[l][j]`` at which its weight nodes sit."""
    return 0.5 if n_out == 1 else 0.25 + 0.5 * j / (n_out - 1)


BIAS_RISE = 0.45  # a bias node sits this far above its sum (in rows)


def surgery_picture(sizes) -> Picture:
    """The computational graph after surgery: weights and biases are nodes of their own.

    Each neuron ``j`` of layer ``l + 1`` is split into its weighted sum ``S[l][j]`` and
    its activation ``a[l+1][j]``; the weight ``W[l][j,k]`` becomes a node on the edge from
    ``a[l][k]`` (``x[k]`` for l = 0) to ``S[l][j]`` (where the two are multiplied), the bias
    ``b[l][j]`` a node feeding ``S[l][j]``; the targets ``y[j]`` and the cost ``J`` close it.
    The edge ``a[l][k] -> S[l][j]`` is drawn through its weight node: ``a -> W`` ("input"),
    then ``W -> S`` ("weight").
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
                edges.append(PicEdge(src.name, w.name, "input", w.name))
                edges.append(PicEdge(w.name, S.name, "weight", w.name))
            b = PicNode(bias_label(l, j), "b", xs, S.y + BIAS_RISE, col, "b")
            nodes.append(b)
            edges.append(PicEdge(b.name, S.name, "bias", b.name))
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


class TwoPicturesModel(Model):
    """One network, two pictures: the usual one and the graph after surgery.

    Parameters
    ----------
    sizes : str or sequence of int
        E.g. ``"2, 3, 3, 1"``.
    picture : {"neurons", "surgery"}
        The picture shown.
    seed : int
        Seed of the (random) weights that set the edges' widths and colours.
    """

    PICTURES = ("neurons", "surgery")
    PARAMS = {"sizes": Check("_sizes"), "picture": Choice(PICTURES)}

    def __init__(self, sizes="2, 3, 3, 1", picture: str = "neurons", seed: int = 0):
        self.seed = checks.seed("seed", seed)
        self.sizes: list = []
        self.picture = "neurons"
        self.set(sizes=sizes, picture=picture)

    # -- the app protocol ------------------------------------------------------------
    def _value(self, name: str):
        return sizes_text(self.sizes) if name == "sizes" else self.picture

    @staticmethod
    def _sizes(value) -> list:
        return parse_sizes(value)

    def _apply(self, values: dict) -> None:
        """New sizes build the network and both pictures before anything is assigned."""
        new_sizes = values.get("sizes", self.sizes)
        if new_sizes != self.sizes:
            net = Network(new_sizes, rng=np.random.default_rng(self.seed))
            pictures = {"neurons": neuron_picture(new_sizes), "surgery": surgery_picture(new_sizes)}
            self.sizes, self.net, self.pictures = new_sizes, net, pictures
        self.picture = values.get("picture", self.picture)

    # -- what the pictures show ----------------------------------------------------------
    @property
    def shown(self) -> Picture:
        """The picture on screen."""
        return self.pictures[self.picture]

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
            f"sizes {self.sizes}: L = {self.net.L} weight layers, n = {n} weights "
            f"and m = {m} biases, so the cost is a function on R^{n + m} "
            f"(x and y held fixed)."
        )
