"""Two weights whose gradients share one delta: ``SharedGradientModel``."""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...core.activations import get_activation
from ...core.network import Network
from ...teaching.labels import ParamRef, activation_label, parse_param_label, sum_label
from ...ui.example import example_point, num_text, vec_text
from ...ui.model import Check, Model
from ...ui.sizes import parse_sizes, sizes_text
from ..two_pictures.model import surgery_picture

DEFAULT_PAIR = ("W[0][0,0]", "W[0][1,1]")


def _descendants(sizes, l: int, j: int) -> set:
    """Names of the surgery-picture nodes downstream of ``S[l][j]`` (itself included)."""
    out = {sum_label(l, j), activation_label(l + 1, j), "J"}
    for m in range(l + 1, len(sizes) - 1):
        out |= {sum_label(m, i) for i in range(sizes[m + 1])}
        out |= {activation_label(m + 1, i) for i in range(sizes[m + 1])}
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


def weight_names(sizes) -> list:
    """Names of all weights of ``sizes``, layer by layer (the choices of the dropdowns)."""
    from ...teaching.labels import param_labels

    return [p for p in param_labels(sizes) if p.startswith("W")]


def _check_sizes(sizes) -> list:
    sizes = parse_sizes(sizes)
    if len(sizes) < 3:
        raise ValueError(
            f"sizes={sizes_text(sizes)!r}: the shared-gradient picture needs at least one "
            'hidden layer, e.g. "2, 3, 3, 1"'
        )
    return sizes


def _pick(wanted, names: list, avoid=None) -> str:
    """``wanted`` if it names a weight here (and is not ``avoid``), else the first that does."""
    for name in (wanted, *names):
        if name in names and name != avoid:
            return name
    raise ValueError("these sizes have only one weight: two different weights are needed")


class SharedGradientModel(Model):
    """Two weights whose gradients both need the same deltas.

    ``dJ/dW[l][j,k] = delta[l][j] a[l][k]`` and ``delta[l][j]`` is computed from
    ``delta[l+1]``; so any two weights of ``W[l]`` share all of ``delta[l+1]`` (for
    the default ``W[0][0,0]`` and ``W[0][1,1]``: ``dJ/dS[1][0]`` and the rest of
    ``delta[1]``).  The model sorts the surgery picture's nodes into roles.

    Parameters
    ----------
    sizes : str or sequence of int
    first, second : str, optional
        Weight names, e.g. ``"W[0][0,0]"``; default ``W[0][0,0]`` and ``W[0][1,1]`` (or
        the next weights these sizes have).
    seed : int
        Seed of the weights and of the example ``(x, y)``.
    activation : str
    """

    ROLES = ("first", "second", "shared", "meeting")
    PARAMS = {"sizes": Check("_sizes"), "first": Check("_weight"), "second": Check("_weight")}

    def __init__(
        self,
        sizes=(2, 3, 3, 1),
        first=None,
        second=None,
        seed: int = 0,
        activation: str = "sigmoid",
    ):
        self.seed = checks.seed("seed", seed)
        self.activation = get_activation(activation).name
        self.sizes: list = []
        self.first = self.second = None
        self.set(sizes=sizes, **{k: v for k, v in (("first", first), ("second", second)) if v})

    # -- the app protocol ------------------------------------------------------------
    def _value(self, name: str):
        return sizes_text(self.sizes) if name == "sizes" else getattr(self, name)

    def param_options(self) -> dict:
        names = self.weight_names()
        return {"first": names, "second": names}

    @staticmethod
    def _sizes(value) -> list:
        return _check_sizes(value)

    @staticmethod
    def _weight(value) -> str:
        """A weight's name; whether these sizes have it is checked in ``_apply``."""
        if not isinstance(value, str):
            raise ValueError(f"pick a weight by name, e.g. 'W[0][1,0]'; got {checks.show(value)}")
        return value

    def _apply(self, values: dict) -> None:
        """Change the sizes and/or the two weights, all checked before anything changes.

        A weight not given keeps its value; after a sizes change one that no longer
        exists is replaced (first by ``W[0][0,0]``, second by ``W[0][1,1]``, or the next
        weight that is not the other one).  The same weight twice is refused.
        """
        new_sizes = values.get("sizes", self.sizes)
        names = weight_names(new_sizes)
        first, second = values.get("first"), values.get("second")
        for name, value in (("first", first), ("second", second)):
            if value is not None:
                try:
                    weight_ref(value, new_sizes)
                except ValueError as error:
                    raise ValueError(f"{name}: {error}") from None
        # A weight not given keeps its value while it exists in the new sizes.
        if first is None and self.first in names:
            first = self.first
        if second is None and self.second in names:
            second = self.second
        if first is not None and first == second:
            raise ValueError(
                f"first and second would both be {first}: pick two different weights to compare"
            )
        if first is None:
            first = _pick(DEFAULT_PAIR[0], names, avoid=second)
        if second is None:
            second = _pick(DEFAULT_PAIR[1], names, avoid=first)
        if new_sizes != self.sizes:
            net = Network(new_sizes, self.activation, rng=np.random.default_rng(self.seed))
            x, y = example_point(net, self.seed)
            cache = net.forward_cache(x)
            deltas = net.backward(cache, y)
            self.sizes, self.net, self.x, self.y = new_sizes, net, x, y
            self.cache, self.deltas = cache, deltas
            self.picture = surgery_picture(new_sizes)
        self._choose(first, second)

    def weight_names(self) -> list:
        """Names of all weights, layer by layer (the choices of the dropdowns)."""
        return weight_names(self.sizes)

    def _choose(self, first: str, second: str) -> None:
        a = weight_ref(first, self.sizes)
        b = weight_ref(second, self.sizes)
        self.first, self.second = a.label, b.label
        self._a, self._b = (a.l, a.j, a.k), (b.l, b.j, b.k)
        da = _descendants(self.sizes, a.l, a.j)
        db = _descendants(self.sizes, b.l, b.j)
        shared = da & db
        self.shared = shared
        # The shared quantity met first on the way back: the earliest weight layer with
        # a shared S node (all of delta[l+1] for two weights of W[l] in different rows).
        layers = sorted({int(n[2 : n.index("]")]) for n in shared if n.startswith("S[")})
        self.meeting_layer = layers[0] if layers else None
        roles = {self.first: "first", self.second: "second"}
        for n in da - shared:
            roles[n] = "first"
        for n in db - shared:
            roles[n] = "second"
        for n in shared:
            roles[n] = "shared"
        self.meeting = []
        if self.meeting_layer is not None:
            m = self.meeting_layer
            self.meeting = [
                sum_label(m, i) for i in range(self.sizes[m + 1]) if sum_label(m, i) in shared
            ]
        else:
            # Weights into different output neurons: the paths meet only at the cost.
            self.meeting = ["J"]
        for n in self.meeting:
            roles[n] = "meeting"
        self.roles = roles

    # -- what the picture shows ----------------------------------------------------------
    def edge_roles(self) -> dict:
        """``(src, dst) -> role`` for the edges on a weight's way to J.

        An edge ``a[l][k] -> W[l][j,k] -> S[l][j]`` (drawn through its weight node) takes
        the role of ``a[l][k]``: "first"/"second" while on one weight's own path,
        "shared" once both paths run through it; a chosen weight's edge into its sum
        takes that weight's role.
        """

        def along(role):
            if role in ("first", "second"):
                return role
            if role in ("shared", "meeting"):
                return "shared"
            return None

        source_of = {e.dst: e.src for e in self.picture.edges if e.kind == "input"}
        out = {}
        for e in self.picture.edges:
            role = None
            if e.kind == "weight":
                if e.src in (self.first, self.second):
                    role = self.roles[e.src]
                else:
                    role = along(self.roles.get(source_of[e.src]))
            elif e.kind == "input":
                role = along(self.roles.get(e.src))
            elif e.kind in ("activation", "cost"):
                role = along(self.roles.get(e.src))
            if role is not None:
                out[(e.src, e.dst)] = role
        return out

    def gradient_of(self, name: str) -> float:
        """``dJ/dW[l][j,k] = delta[l][j] a[l][k]`` for the example, e.g. ``"W[0][0,0]"``."""
        ref = weight_ref(name, self.sizes)
        return float(self.deltas[ref.l][0, ref.j] * self.cache.a[ref.l][0, ref.k])

    def meeting_text(self) -> str:
        """The shared quantity as a symbol: ``"delta[1]"`` (a whole layer) or
        ``"delta[1][1]"`` (one entry); J when the paths meet only at the cost."""
        m = self.meeting_layer
        if m is None:
            return "only J: dJ/dJ = 1"
        if len(self.meeting) == self.sizes[m + 1] and len(self.meeting) > 1:
            return f"delta[{m}] = dJ/dS[{m}]"
        return ", ".join(f"delta{n[1:]} = dJ/d{n}" for n in self.meeting)

    def node_tip(self, name: str, spec: str = ".4g") -> str:
        """Hover text of one node of the surgery picture: its value and its gradient."""
        c, d = self.cache, self.deltas
        kind = self.picture.node(name).kind
        role = {
            "first": "weight 1's own path",
            "second": "weight 2's own path",
            "shared": "on both paths",
            "meeting": "the shared delta: computed once, used by both weights",
        }.get(self.roles.get(name), "")
        if name == self.first or name == self.second:
            role = "weight 1 (the first chosen)" if name == self.first else "weight 2"
        if kind == "W":
            ref = weight_ref(name, self.sizes)
            w = self.net.weights[ref.l][ref.j, ref.k]
            lines = [
                f"{name} = {num_text(w, spec)} (a weight: a node after surgery)",
                f"dJ/d{name} = delta[{ref.l}][{ref.j}] a[{ref.l}][{ref.k}] = "
                f"{num_text(self.gradient_of(name), spec)}",
            ]
        elif kind == "b":
            l, j = (int(v) for v in name[2:-1].split("]["))
            lines = [
                f"{name} = {num_text(self.net.biases[l][j], spec)} (a bias)",
                f"dJ/d{name} = delta[{l}][{j}] = {num_text(d[l][0, j], spec)}",
            ]
        elif kind == "S":
            l, j = (int(v) for v in name[2:-1].split("]["))
            lines = [
                f"{name} = W[{l}][{j},:] a[{l}] + b[{l}][{j}] = {num_text(c.S[l][0, j], spec)}",
                f"delta[{l}][{j}] = dJ/d{name} = {num_text(d[l][0, j], spec)}",
            ]
        elif kind in ("a", "input"):
            l, j = (int(v) for v in name[2:-1].split("][")) if kind == "a" else (0, int(name[2:-1]))
            what = "input, held fixed" if kind == "input" else f"f(S[{l - 1}][{j}])"
            lines = [f"{name} = {what} = {num_text(c.a[l][0, j], spec)}"]
        elif kind == "y":
            j = int(name[2:-1])
            lines = [f"{name} = {num_text(self.y[0, j], spec)} (target, held fixed)"]
        else:
            J = self.net.cost.value(c.S[-1], c.a[-1], self.y)
            lines = [f"J = ½ Σ (y_hat − y)² = {num_text(J, spec)} (the cost)"]
        return "\n".join(lines + ([role] if role else []))

    def explain(self, spec: str = ".3g") -> list:
        """Lines of text: each gradient in numbers, and the delta they share."""
        lines = []
        for i, (name, (l, j, k)) in enumerate(((self.first, self._a), (self.second, self._b))):
            g = self.gradient_of(name)
            lines.append(
                f"weight {i + 1}: dJ/d{name} = delta[{l}][{j}] · a[{l}][{k}] = "
                f"{num_text(self.deltas[l][0, j], spec)} × "
                f"{num_text(self.cache.a[l][0, k], spec)} = {num_text(g, spec)}"
            )
        m = self.meeting_layer
        la, lb = self._a[0], self._b[0]
        if m is not None and len(self.meeting) == self.sizes[m + 1] and len(self.meeting) > 1:
            lines.append(
                f"★ Both need delta[{m}] = dJ/dS[{m}] = {vec_text(self.deltas[m][0], spec)} "
                f"(e.g. dJ/dS[{m}][0] = {num_text(self.deltas[m][0, 0], spec)}): computed "
                "once, used by both."
            )
        elif m is not None:
            vals = ", ".join(
                f"dJ/d{n} = {num_text(self.deltas[m][0, int(n[n.rindex('[') + 1 : -1])], spec)}"
                for n in self.meeting
            )
            lines.append(f"★ Both need {vals}: computed once, used by both.")
        if m is None:
            lines.append(
                f"★ The paths meet only at J: each output's delta[{la}][j] = "
                f"(y_hat[j] − y[j]) * f'(S[{la}][j]) is its own, so the two gradients share "
                "nothing but the seed dJ/dJ = 1."
            )
        if la == lb and m == la + 1:
            lines.append(
                f"In general every weight of W[{la}] gets its gradient from "
                f"delta[{la}] = (W[{la + 1}]^T delta[{la + 1}]) * f'(S[{la}]), and "
                f"dJ/dW[{la}] = delta[{la}] a[{la}]^T."
            )
        elif la == lb and m == la:
            lines.append(
                f"Both weights feed the same sum {self.meeting[0]}: they share its delta, "
                "and everything after it."
            )
        elif m is not None:
            lo = min(la, lb)
            lines.append(
                f"The weights are in different layers: the one in W[{lo}] reaches J "
                f"through S[{m}], which the other feeds directly."
            )
        return lines
