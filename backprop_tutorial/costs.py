"""Cost functions J(y_hat, y), summed over output units and averaged over the batch.

A cost is a small object (as in Nielsen's ``network2.py``) that knows its value and
the gradient it sends back into the last layer's weighted sums, ``delta[L-1] = dJ/dS[L-1]``.
The cross-entropy cost works from the pre-activation ``S[L]`` so that it stays finite
when the sigmoid saturates.
"""

from __future__ import annotations

import numpy as np

from . import checks
from .activations import Activation, softplus
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
        """``dJ/dS[L]`` per example (not yet divided by the batch size)."""
        return self.dJ_dy_hat(y_hat, Y) * activation.df(S)

    def check(self, Y, activation: Activation) -> None:
        """Raise ValueError if targets or output activation do not suit this cost."""


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
        if np.any((Y < 0) | (Y > 1)):
            raise ValueError(
                "cross-entropy targets must lie in [0, 1]: rescale Y or use cost='quadratic'"
            )


COSTS: dict[str, type[Cost]] = {"quadratic": Quadratic, "cross_entropy": CrossEntropy}
_ALIASES = {"mse": "quadratic", "bce": "cross_entropy", "cross-entropy": "cross_entropy"}


def get_cost(name: str | Cost) -> Cost:
    """Look up a cost by name ("quadratic" or "cross_entropy").

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
