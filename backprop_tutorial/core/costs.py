"""Cost functions J(y_hat, y), summed over output units and averaged over the batch.

A cost is a small object (as in Nielsen's ``network2.py``) that knows its value and
the gradient it sends back into the last layer's weighted sums, ``delta[L-1] = dJ/dS[L-1]``.
The cross-entropy costs work from the pre-activations ``S[L-1]`` so that they stay finite
when the sigmoid or the softmax saturates.
"""

from __future__ import annotations

import numpy as np

from . import checks
from .activations import Activation, softplus
from .activations import _log_softmax as log_softmax
from .activations import _sigmoid as sigmoid


class Cost:
    """Base class: ``value`` and ``delta`` for a batch.

    Shapes: ``S``, ``y_hat`` and ``Y`` are ``(batch, n_L)``.
    """

    name = ""
    formula = ""

    def value(self, S, y_hat, Y) -> float:
        """Mean over the batch of the cost summed over output units."""
        raise NotImplementedError

    def dJ_dy_hat(self, y_hat, Y):
        """Per-example derivative of the summed cost w.r.t. ``y_hat``, shape ``(batch, n_L)``."""
        raise NotImplementedError

    def delta(self, S, y_hat, Y, activation: Activation):
        """``dJ/dS[L-1]`` per example (not yet divided by the batch size)."""
        return self.dJ_dy_hat(y_hat, Y) * activation.df(S)

    def check(self, Y, activation: Activation) -> None:
        """Raise ValueError if targets or output activation do not suit this cost.

        ``Y=None`` checks the activation alone (a network does so when it is built).
        """
        if activation.name == "softmax":
            raise ValueError(
                f"a softmax output goes with cost='softmax_cross_entropy' (got {self.name!r}): "
                "its delta p - y needs no elementwise derivative of the softmax"
            )


class Quadratic(Cost):
    """``J = 1/2 * sum_j (y_hat_j - y_j)^2``."""

    name = "quadratic"
    formula = r"J = \frac{1}{2}\sum_j (\hat y_j - y_j)^2"

    def value(self, S, y_hat, Y):
        return float(0.5 * np.sum((y_hat - Y) ** 2) / len(Y))

    def dJ_dy_hat(self, y_hat, Y):
        return y_hat - Y


class CrossEntropy(Cost):
    """Binary cross-entropy ``-sum_j [y log y_hat + (1 - y) log(1 - y_hat)]``.

    With ``y_hat = sigmoid(S)`` this equals ``softplus(S) - y S``, which is finite for
    any ``S``; and ``dJ/dS = y_hat - y``, the sigmoid derivative cancels.
    """

    name = "cross_entropy"
    formula = r"J = -\sum_j \left[y_j \log \hat y_j + (1 - y_j)\log(1 - \hat y_j)\right]"

    def value(self, S, y_hat, Y):
        return float(np.sum(softplus(S) - Y * S) / len(Y))

    def dJ_dy_hat(self, y_hat, Y):
        # Only for display: it blows up where y_hat saturates; delta() avoids it.
        with np.errstate(divide="ignore", invalid="ignore"):
            return (y_hat - Y) / (y_hat * (1.0 - y_hat))

    def delta(self, S, y_hat, Y, activation):
        return sigmoid(S) - Y

    def check(self, Y, activation):
        if activation.name != "sigmoid":
            raise ValueError(
                "the cross-entropy cost needs a sigmoid output layer "
                f"(got {activation.name!r}): pass output_activation='sigmoid'"
            )
        if Y is not None and np.any((Y < 0) | (Y > 1)):
            raise ValueError(
                "cross-entropy targets must lie in [0, 1]: rescale Y or use cost='quadratic'"
            )


class SoftmaxCrossEntropy(Cost):
    """Categorical cross-entropy of softmax outputs, ``J = -sum_k y_k log p_k``.

    ``p = softmax(S)`` and the targets ``y`` are probability rows (one-hot for a
    label).  The value is computed from ``log_softmax(S)``, finite for any finite
    ``S`` (``log p`` itself would be ``log 0 = -inf`` once a probability underflows);
    and ``dJ/dS = p - y``: the softmax Jacobian times ``dJ/dp = -y / p`` collapses to
    it, because ``sum_k y_k = 1``.
    """

    name = "softmax_cross_entropy"
    formula = r"J = -\sum_k y_k \log p_k,\quad p = \mathrm{softmax}(S)"
    # Rows of Y may sum to 1 up to this (float) rounding.
    tolerance = 1e-6

    def value(self, S, y_hat, Y):
        return float(-np.sum(Y * log_softmax(S)) / len(Y))

    def dJ_dy_hat(self, y_hat, Y):
        # Only for display: -y / p blows up where p underflows; delta() avoids it.
        with np.errstate(divide="ignore", invalid="ignore"):
            return -Y / y_hat

    def delta(self, S, y_hat, Y, activation):
        # y_hat is softmax(S): check() admits no other output activation.
        return y_hat - Y

    def check(self, Y, activation):
        if activation.name != "softmax":
            raise ValueError(
                "the softmax cross-entropy cost needs a softmax output layer "
                f"(got {activation.name!r}): pass output_activation='softmax' or leave it out"
            )
        if Y is None:
            return
        Y = np.asarray(Y, dtype=float)
        hint = "one-hot rows (bt.one_hot(labels, n_classes)) or class probabilities"
        if np.any(Y < 0):
            i = int(np.argwhere(Y < 0)[0, 0])
            raise ValueError(
                f"softmax cross-entropy targets must not be negative (row {i}: {Y[i].tolist()}): "
                f"use {hint}"
            )
        sums = Y.sum(axis=-1)
        bad = np.flatnonzero(np.abs(sums - 1.0) > self.tolerance)
        if bad.size:
            i = int(bad[0])
            raise ValueError(
                f"softmax cross-entropy targets must be rows that sum to 1, but {bad.size} "
                f"row(s) do not (row {i} sums to {sums[i]:.6g}): use {hint}"
            )


def naive_softmax_cross_entropy(S, Y) -> float:
    """``-mean sum_k y_k log(exp(S_k) / sum_j exp(S_j))`` written out literally.

    For notebook 5, to show why the package does not compute it this way: ``exp(1000)``
    overflows to inf, inf / inf is NaN, and ``log 0`` is ``-inf``.  Floating-point
    warnings are silenced; the NaN or inf comes back as the value.
    """
    S, Y = np.asarray(S, dtype=float), np.asarray(Y, dtype=float)
    with np.errstate(all="ignore"):
        e = np.exp(S)
        p = e / e.sum(axis=-1, keepdims=True)
        return float(-np.sum(Y * np.log(p)) / len(Y))


COSTS: dict[str, type[Cost]] = {
    "quadratic": Quadratic,
    "cross_entropy": CrossEntropy,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
}
_ALIASES = {
    "mse": "quadratic",
    "bce": "cross_entropy",
    "cross-entropy": "cross_entropy",
    "softmax-cross-entropy": "softmax_cross_entropy",
}


def get_cost(name: str | Cost) -> Cost:
    """Look up a cost by name ("quadratic", "cross_entropy", "softmax_cross_entropy").

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    if isinstance(name, Cost):
        return name
    key = _ALIASES.get(name, name) if isinstance(name, str) else None
    if key not in COSTS:
        known = ", ".join(repr(k) for k in COSTS)
        raise ValueError(f"unknown cost {checks.show(name)}: use one of {known}")
    return COSTS[key]()
