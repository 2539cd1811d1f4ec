"""The backward pass layer by layer: ``LayerStepperModel``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core import checks
from ...core.activations import get_activation
from ...core.network import Network
from ...core.network_graph import network_graph
from ...ui.example import example_point, mat_text, num_text, short_num, vec_text
from ...ui.model import Check, Choice, Integer, Model, Seed
from ...ui.sizes import parse_sizes, sizes_text
from ...ui.style import UNKNOWN
from ..two_pictures.model import neuron_name

# Hidden activations the stepper offers.  The output neuron is always a sigmoid: with the
# quadratic cost a ReLU output that starts at S <= 0 would give y_hat = 0 and every
# gradient 0 from the first step on.
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUTPUT_ACTIVATION = "sigmoid"
MODES = ("layer", "node")


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


class LayerStepperModel(Model):
    """Forward values layer by layer, then deltas from the last layer to the first.

    Steps ``k = 0..2L``: ``k = 0`` nothing but the input; ``k = l + 1`` (l = 0..L-1)
    computes ``S[l], a[l+1]``; ``k = L + i`` (i = 1..L) computes ``delta[L - i]`` and
    ``dJ/dW``, ``dJ/db`` of that weight layer.  One example ``(x, y)``, quadratic cost,
    a sigmoid output neuron whatever the hidden activation.

    Parameters
    ----------
    sizes : str or sequence of int
    activation : {"sigmoid", "tanh", "relu"}
        Activation of the hidden layers.
    seed : int
        Seed of the weights and of the example.
    step : int
    mode : {"layer", "node"}
        Layer by layer, or the same pass one scalar node at a time (small networks).
    """

    PARAMS = {
        "sizes": Check("_sizes"),
        "activation": Choice(HIDDEN_ACTIVATIONS),  # the output neuron is always a sigmoid
        "seed": Seed(),
        "step": Integer(0),  # and at most the new network's n_steps (checked in _apply)
        "mode": Choice(MODES),
    }

    def __init__(
        self, sizes=(2, 3, 3, 1), activation: str = "sigmoid", seed: int = 0, step=0, mode="layer"
    ):
        self.sizes: list = []
        self.activation = None
        self.seed = None
        self.k = 0
        self.mode = "layer"
        self.set(sizes=sizes, activation=activation, seed=seed, step=step, mode=mode)

    # -- the app protocol ------------------------------------------------------------
    def _value(self, name: str):
        if name == "sizes":
            return sizes_text(self.sizes)
        return self.k if name == "step" else getattr(self, name)

    @staticmethod
    def _sizes(value) -> list:
        return parse_sizes(value)

    def _apply(self, values: dict) -> None:
        """A new network keeps the step, clipped to its number of steps; it is built
        before anything is assigned."""
        new_sizes = values.get("sizes", self.sizes)
        new_act = values.get("activation", self.activation)
        new_seed = values.get("seed", self.seed)
        n_steps = 2 * (len(new_sizes) - 1)
        k = min(self.k, n_steps)
        if "step" in values:
            k = checks.integer("step", values["step"], 0, n_steps)
        if (new_sizes, new_act, new_seed) != (self.sizes, self.activation, self.seed):
            self._build(new_sizes, new_act, new_seed)
        self.k, self.mode = k, values.get("mode", self.mode)

    def _build(self, sizes, activation, seed) -> None:
        net = Network(
            sizes,
            activation,
            output_activation=OUTPUT_ACTIVATION,
            rng=np.random.default_rng(seed),
        )
        x, y = example_point(net, seed)
        cache = net.forward_cache(x)
        deltas = net.backward(cache, y)
        self.sizes, self.activation, self.seed = sizes, activation, seed
        self.net, self.x, self.y, self.cache, self.deltas = net, x, y, cache, deltas
        self.dW = [deltas[l].T @ cache.a[l] for l in range(self.L)]
        self.db = [deltas[l][0] for l in range(self.L)]

    @property
    def version(self) -> tuple:
        """What the recorded pass depends on: a new value means new frames."""
        return (tuple(self.sizes), self.activation, self.seed)

    # -- steps ------------------------------------------------------------------------
    @property
    def L(self) -> int:
        return len(self.sizes) - 1

    @property
    def n_steps(self) -> int:
        return 2 * self.L

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

    # -- ReLU: inactive neurons --------------------------------------------------------
    def inactive(self, l: int) -> list:
        """Neurons ``j`` of neuron layer ``l + 1`` whose ReLU is off for this example
        (``S[l][j] <= 0``: output 0, slope 0); empty for other activations."""
        if self.net.activation_of(l).name != "relu":
            return []
        return [int(j) for j in np.flatnonzero(self.cache.S[l][0] <= 0)]

    def zero_gradients(self) -> int:
        """How many weights get gradient exactly 0 for this example (with ReLU: those
        that feed an inactive neuron, or read one, whose a is 0)."""
        return int(sum(np.count_nonzero(dW == 0) for dW in self.dW))

    def _inactive_lines(self, l: int, phase: str) -> list:
        off = self.inactive(l)
        if not off:
            return []
        names = ", ".join(f"a[{l + 1}][{j}]" for j in off)
        if phase == "forward":
            lines = [
                f"inactive: {names} (S ≤ 0, so relu gives 0 and its slope relu' is 0): no "
                "gradient flows back through them for this example. A neuron inactive for "
                "every example is called dead: its incoming weights never change."
            ]
        else:
            lines = [
                f"relu'(S[{l}]) is 0 at the inactive {names}: their delta is 0, and so are "
                f"the gradients of the weights into them (rows of dJ/dW[{l}]), for this example."
            ]
        if len(off) == self.sizes[l + 1]:
            lines.append(
                f"Every neuron of layer {l + 1} is inactive: no gradient reaches the layers "
                "before it for this example. Try another seed, or tanh or sigmoid."
            )
        return lines

    # -- texts ---------------------------------------------------------------------------
    def neuron_texts(self, spec: str = ".2f") -> dict:
        """Neuron name (usual picture) -> ``(a text, delta text)`` ("—" while unknown).

        Neuron ``j`` of layer ``l >= 1`` shows ``a[l][j]`` and ``delta[l-1][j]`` (the
        gradient of its sum ``S[l-1][j]``).  Activations get two decimals, deltas two
        significant digits (they are often tiny: ``-1.9e-4``); a zero never prints as "-0".
        """
        out = {}
        for l, n in enumerate(self.sizes):
            for j in range(n):
                known = self.forward_known(l)
                a = num_text(self.cache.a[l][0, j], spec) if known else UNKNOWN
                if l == 0:
                    d = ""
                elif self.delta_known(l - 1):
                    d = short_num(self.deltas[l - 1][0, j])
                else:
                    d = UNKNOWN
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
        c = self.cache
        if step.phase == "start":
            return [
                f"Step 0 of {self.n_steps}: only the input is known.",
                f"x = a[0] = {vec_text(self.x)},  target y = {vec_text(self.y)}",
                "Move the slider: first the forward pass, layer by layer; then the "
                "deltas, from the last layer back to the first.",
            ]
        f = get_activation(self.net.activation_of(l).name).symbol
        if step.phase == "forward":
            lines = [
                f"Step {self.k} of {self.n_steps} · forward, weight layer {l}",
                f"S[{l}] = W[{l}] a[{l}] + b[{l}] = {vec_text(c.S[l][0], spec)}",
                f"a[{l + 1}] = {f}(S[{l}]) = {vec_text(c.a[l + 1][0], spec)}",
            ]
            lines += self._inactive_lines(l, "forward")
            if l == L - 1:
                J = self.net.cost.value(c.S[l], c.a[L], self.y)
                lines.append(
                    f"J = ½ Σ (y_hat − y)² = {num_text(J, spec)}   — next: the backward pass"
                )
            return lines
        d = self.deltas
        fp = self.net.activation_of(l).df(c.S[l][0])
        lines = [f"Step {self.k} of {self.n_steps} · backward, weight layer {l}"]
        if l == L - 1:
            lines.append(
                f"delta[{l}] = (y_hat − y) * {f}'(S[{l}]) = "
                f"{vec_text(c.a[L][0] - self.y[0], spec)} * {vec_text(fp, spec)} = "
                f"{vec_text(d[l][0], spec)}"
            )
        else:
            back = d[l + 1][0] @ self.net.weights[l + 1]
            lines.append(
                f"delta[{l}] = (W[{l + 1}]^T delta[{l + 1}]) * {f}'(S[{l}]) = "
                f"{vec_text(back, spec)} * {vec_text(fp, spec)} = {vec_text(d[l][0], spec)}"
            )
        lines.append(
            f"dJ/dW[{l}] = delta[{l}] a[{l}]^T = {mat_text(self.dW[l], spec)};  "
            f"dJ/db[{l}] = delta[{l}]"
        )
        lines += self._inactive_lines(l, "backward")
        lines.append(
            "uses only: "
            + ", ".join(self.uses())
            + ("  — nothing from earlier layers" if l < L - 1 else "")
        )
        if l == 0:
            lines.append(
                "Done: the backward pass reached the input. dJ/dW[l] and dJ/db[l] are known "
                f"for every layer l = 0..{L - 1} — for this one example (x, y); training "
                "averages such gradients over many examples."
            )
            zeros = self.zero_gradients()
            if zeros and any(self.inactive(m) for m in range(L)):
                lines.append(
                    f"{zeros} of the {self.net.n_weights} weight gradients are exactly 0 here: "
                    "each of those weights feeds an inactive neuron or reads one (a = 0)."
                )
        return lines

    def neuron_tip(self, l: int, j: int, spec: str = ".4g") -> str:
        """What hovering neuron ``j`` of layer ``l`` shows at this step: formula and numbers."""
        if not (0 <= l < len(self.sizes) and 0 <= j < self.sizes[l]):
            raise ValueError(f"there is no neuron {j} in layer {l} for sizes {self.sizes}")
        c = self.cache
        if l == 0:
            return f"x[{j}] = a[0][{j}] = {num_text(c.a[0][0, j], spec)} (input, held fixed)"
        w = l - 1  # the weight layer whose sum S[w] feeds this neuron
        f = get_activation(self.net.activation_of(w).name).symbol
        known = self.forward_known(l)
        S = num_text(c.S[w][0, j], spec) if known else UNKNOWN
        a = num_text(c.a[l][0, j], spec) if known else UNKNOWN
        lines = [
            f"a[{l}][{j}]: neuron {j} of layer {l}" + (" (output, y_hat)" if l == self.L else ""),
            f"S[{w}][{j}] = W[{w}][{j},:] a[{w}] + b[{w}][{j}] = {S}",
            f"a[{l}][{j}] = {f}(S[{w}][{j}]) = {a}",
        ]
        if known and j in self.inactive(w):
            lines.append("inactive: S ≤ 0, so relu' = 0 and its delta is 0")
        rule = (
            f"(a[{l}][{j}] − y[{j}]) * {f}'(S[{w}][{j}])"
            if w == self.L - 1
            else f"(W[{w + 1}]^T delta[{w + 1}])[{j}] * {f}'(S[{w}][{j}])"
        )
        if self.delta_known(w):
            lines.append(f"delta[{w}][{j}] = {rule} = {num_text(self.deltas[w][0, j], spec)}")
            lines.append(f"dJ/dW[{w}][{j},:] = {vec_text(self.dW[w][j], spec)}")
        else:
            lines.append(f"delta[{w}][{j}] = {rule} = {UNKNOWN} (not computed yet)")
        return "\n".join(lines)

    def to_graph(self, max_nodes: int = 120):
        """The scalar graph of the same network and example, for node-by-node stepping.

        Raises
        ------
        ValueError
            If the network is too big to step node by node.
        """
        return network_graph(self.net, self.x, self.y, max_nodes=max_nodes)
