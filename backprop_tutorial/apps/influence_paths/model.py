"""``InfluencePathsModel``: every path from one weight to the cost, for drawing and stepping.

Numpy only.  The paths are enumerated with :func:`itertools.product`, independently of
the count formula (:func:`backprop_tutorial.core.paths.count_paths_from_weight`), so the two
check each other.
"""

from __future__ import annotations

import itertools

from ...core import checks
from ...core import paths as core
from ...core.shapes import check_sizes
from ...teaching.labels import activation_label, parse_param_label, sum_label, weight_label
from ...ui.model import Check, Integer, Model
from ...ui.text import format_count, product_text

# What a picture can show: wider or deeper networks are refused with the reason.
MAX_DRAWN_WIDTH = 10
MAX_DRAWN_LAYERS = 7  # neuron layers
MAX_DRAWN_PATHS = 1000  # one browser frame each


def node_label(layer: int, neuron: int) -> str:
    """What a neuron is called on a path: ``a[0][k]`` for an input, ``S[l-1][j]`` after.

    Neuron ``j`` of neuron layer ``l >= 1`` is reached through its weighted sum
    ``S[l-1][j]`` (weight layer ``l - 1`` feeds it).
    """
    return activation_label(0, neuron) if layer == 0 else sum_label(layer - 1, neuron)


def weight_labels(sizes) -> list:
    """Labels of every weight, weight layer by weight layer, row by row."""
    return [
        weight_label(l, j, k)
        for l in range(len(sizes) - 1)
        for j in range(sizes[l + 1])
        for k in range(sizes[l])
    ]


def weight_ref(label, sizes):
    """A weight label parsed and checked against ``sizes`` (a bias is refused)."""
    if not isinstance(label, str):
        raise ValueError(f"weight must be a label like 'W[0][1,0]', got {checks.show(label)}")
    if len(label) > 40:  # no index of a drawable network is that long (and int() of a
        # 5,000-digit index would fail with Python's own message)
        raise ValueError(
            f"weight {checks.show(label)} is not a weight of sizes {list(sizes)}: "
            "pick one like 'W[0][1,0]'"
        )
    ref = parse_param_label(label, sizes)
    if ref.kind != "W":
        raise ValueError(f"{label!r} is a bias: pick a weight, written like 'W[0][1,0]'")
    return ref


def check_drawable(sizes) -> list:
    """``sizes`` validated, refused (ValueError) when too large to draw neuron by neuron."""
    sizes = check_sizes(sizes)
    if len(sizes) > MAX_DRAWN_LAYERS or max(sizes) > MAX_DRAWN_WIDTH:
        raise ValueError(
            f"sizes={[checks.show(n) for n in sizes]} is too large to draw: at most "
            f"{MAX_DRAWN_LAYERS} neuron layers of at most {MAX_DRAWN_WIDTH} neurons "
            "(the counts themselves work for any size: bt.count_paths)"
        )
    return sizes


class InfluencePathsModel(Model):
    """Every path from one weight ``W[l][j,k]`` to the cost.

    A path starts at neuron ``k`` of neuron layer ``l`` (``a[l][k]``, the weight's
    input), enters neuron ``j`` of layer ``l + 1`` (through ``S[l][j]``), then visits
    one neuron of each later layer and ends at the cost ``J``.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_0, ..., n_L]`` (small enough to draw).
    weight : str
        The weight's label, e.g. ``"W[0][1,0]"``.
    path : int
        0 shows all the weight's paths at once; ``p >= 1`` shows path number ``p``.
    max_paths : int
        Enumerating more paths than this is refused with the exact count.

    Attributes
    ----------
    paths : list of tuple
        Each path as neuron indices ``(k, j, i_(l+2), ..., i_L)``, one per neuron layer
        from ``l`` to ``L``.
    """

    PARAMS = {
        "weight": Check("_weight_ref"),
        "path": Integer(0),  # and at most the weight's number of paths (checked in _apply)
    }

    def __init__(
        self,
        sizes=(2, 3, 3, 2),
        weight: str = "W[0][0,0]",
        path: int = 0,
        max_paths: int = MAX_DRAWN_PATHS,
    ):
        self.sizes = check_drawable(sizes)
        self.max_paths = checks.integer("max_paths", max_paths, 1, MAX_DRAWN_PATHS)
        self._weight, self._paths, self._path = None, [], 0
        self.set(weight=weight, path=path)

    # -- the protocol -------------------------------------------------------------------
    def _value(self, name: str):
        return self.label if name == "weight" else self._path

    def param_options(self) -> dict:
        return {"weight": weight_labels(self.sizes)}

    def _weight_ref(self, label):
        return weight_ref(label, self.sizes)

    def _apply(self, values: dict) -> None:
        """A new weight starts at path 0; its paths are enumerated (and a weight with more
        than ``max_paths`` refused) before anything is assigned."""
        ref, paths = values.get("weight", self._weight), self._paths
        if ref != self._weight:
            paths = self._enumerate(ref)
        path = values.get("path", 0 if ref != self._weight else self._path)
        path = checks.integer("path", path, 0, len(paths))
        self._weight, self._paths, self._path = ref, paths, path

    def _enumerate(self, ref) -> list:
        count = core.count_paths_from_weight(self.sizes, ref.l)
        if count > self.max_paths:
            raise ValueError(
                f"{ref.label} has {format_count(count)} paths, too many to draw one by one "
                f"(max_paths={self.max_paths:,}): pick a weight of a later layer or a "
                "smaller network"
            )
        tails = itertools.product(*(range(n) for n in self.sizes[ref.l + 2 :]))
        return [(ref.k, ref.j, *tail) for tail in tails]

    # -- what the views read ---------------------------------------------------------------
    @property
    def L(self) -> int:
        return len(self.sizes) - 1

    @property
    def layer(self) -> int:
        return self._weight.l

    @property
    def j(self) -> int:
        return self._weight.j

    @property
    def k(self) -> int:
        return self._weight.k

    @property
    def label(self) -> str:
        return self._weight.label

    @property
    def path(self) -> int:
        return self._path

    @property
    def paths(self) -> list:
        return list(self._paths)

    @property
    def count(self) -> int:
        """Number of enumerated paths."""
        return len(self._paths)

    @property
    def formula_count(self) -> int:
        """The count formula: product of the widths after the layer the weight feeds."""
        return core.count_paths_from_weight(self.sizes, self.layer)

    @property
    def formula_text(self) -> str:
        """E.g. ``"n_2 × n_3 = 3 × 2 = 6"`` for a weight of ``W[0]``."""
        after = self.sizes[self.layer + 2 :]
        if not after:
            return "1 (the weight feeds the output layer directly)"
        names = " × ".join(f"n_{m}" for m in range(self.layer + 2, self.L + 1))
        return f"{names} = {product_text(after)} = {format_count(self.formula_count)}"

    @property
    def matches(self) -> bool:
        """Whether the enumeration agrees with the formula."""
        return self.count == self.formula_count

    def nodes(self, p: int) -> list:
        """Path number ``p`` (1..count) as ``(layer, neuron)`` pairs, input to output."""
        path = self._paths[checks.integer("p", p, 1, self.count) - 1]
        return [(self.layer + i, n) for i, n in enumerate(path)]

    def describe(self, p: int) -> str:
        """E.g. ``"a[0][0] → S[0][0] → S[1][2] → S[2][1] → J"``."""
        nodes = self.nodes(p)
        first = activation_label(*nodes[0])
        return " → ".join([first] + [node_label(l, n) for l, n in nodes[1:]] + ["J"])

    def through(self) -> dict:
        """``(layer, neuron) -> how many of the weight's paths pass through that neuron``."""
        out: dict = {}
        for path in self._paths:
            for i, n in enumerate(path):
                key = (self.layer + i, n)
                out[key] = out.get(key, 0) + 1
        return out
