"""Two weights whose gradients share one delta: ``SharedGradientModel``."""

from __future__ import annotations

import numpy as np

from ..labels import ParamRef, parse_param_label, sum_label
from ..network import Network
from .pictures import surgery_picture
from .sizes import parse_sizes


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
