"""The backward pass layer by layer: ``LayerStepperModel``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activations import get_activation
from ..network import Network
from .pictures import neuron_name
from .shared_gradient import _mat, _vec, example_point
from .sizes import parse_sizes


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
