"""Write the engine yourself: :class:`ValueSkeleton`, and training with any engine.

``ValueSkeleton`` is the reference :class:`~backprop_tutorial.core.value.Value` with
its forward pass and its ``backward()`` (reverse topological order) kept, and the
*local backward steps* left to the learner: one method per operation, called on the
result node once its gradient is complete::

    class MyValue(bt.ValueSkeleton):
        def backward_mul(self, a, b):  # self = a * b; self.grad is dJ/d(self)
            a.grad += b.data * self.grad
            b.grad += a.data * self.grad

A method not written yet adds nothing (the checker says so).
:func:`train_engine` trains a small network with any engine class and compares it
with :class:`~backprop_tutorial.core.network.Network` from the same weights.
"""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..core.network import Network
from ..core.value import Value

_STEPS = {
    "+": "backward_add",
    "-": "backward_sub",
    "*": "backward_mul",
    "/": "backward_div",
    "**": "backward_pow",
    "neg": "backward_neg",
    "exp": "backward_exp",
    "log": "backward_log",
    "tanh": "backward_tanh",
    "sigmoid": "backward_sigmoid",
    "relu": "backward_relu",
}


class ValueSkeleton(Value):
    """A :class:`Value` whose local backward steps are methods for you to write."""

    def __pow__(self, k):
        out = super().__pow__(k)
        out.k = k  # backward_pow needs the exponent
        return out

    def _backward_step(self):
        name = _STEPS.get(self.op)
        if name is None:  # a leaf: nothing below it
            return
        if self.op == "**":
            self.backward_pow(self._prev[0], self.k)
        else:
            getattr(self, name)(*self._prev)

    # Each step below is yours to write: add upstream × local into the operands' grad.
    def backward_add(self, a, b):
        """``self = a + b``."""

    def backward_sub(self, a, b):
        """``self = a - b``."""

    def backward_mul(self, a, b):
        """``self = a * b``."""

    def backward_div(self, a, b):
        """``self = a / b``."""

    def backward_pow(self, a, k):
        """``self = a ** k`` (k a number)."""

    def backward_neg(self, a):
        """``self = -a``."""

    def backward_exp(self, a):
        """``self = a.exp()``."""

    def backward_log(self, a):
        """``self = a.log()``."""

    def backward_tanh(self, a):
        """``self = a.tanh()``."""

    def backward_sigmoid(self, a):
        """``self = a.sigmoid()``."""

    def backward_relu(self, a):
        """``self = a.relu()``."""


def _loss(engine, weights, biases, X, y):
    """Mean of ½(ŷ − y)² over the examples, built with ``engine``; also the leaves."""
    W = [[[engine(float(w)) for w in row] for row in Wl] for Wl in weights]
    b = [[engine(float(v)) for v in bl] for bl in biases]
    total = None
    for x, target in zip(X, y, strict=True):
        a = [float(v) for v in x]
        for l in range(len(W)):
            S = [
                sum((w * v for w, v in zip(row, a, strict=True)), bj)
                for row, bj in zip(W[l], b[l], strict=True)
            ]
            a = [s.tanh() for s in S] if l < len(W) - 1 else [s.sigmoid() for s in S]
        term = 0.5 * (a[0] - float(target)) ** 2
        total = term if total is None else total + term
    return total * (1.0 / len(X)), W, b


def train_engine(
    engine, X, y, sizes=(2, 4, 1), epochs: int = 30, learning_rate: float = 2.0, seed: int = 0
):
    """Train a tanh network with a sigmoid output on (X, y) with ``engine``, and with Network.

    Both start from the same weights and take ``epochs`` full-batch steps of
    ``J = mean ½(ŷ − y)²``, so a correct engine gives the same losses as ``Network``.

    Parameters
    ----------
    engine : class
        A class with micrograd's interface (``bt.Value``, yours, a zoo engine).
    X : array_like, shape (N, sizes[0])
    y : array_like, shape (N,) or (N, 1)
        Targets 0 or 1.

    Returns
    -------
    dict
        ``"losses"`` (the engine's, one per epoch, before the step),
        ``"network_losses"`` (``Network.train``'s), ``"accuracy"``, ``"network_accuracy"``.
    """
    epochs = checks.integer("epochs", epochs, 1, 2000)
    X = checks.array("X", X)
    y = checks.array("y", y)
    if X.ndim != 2 or X.shape[1] != sizes[0] or len(X) == 0 or y.size != len(X):
        raise ValueError(
            f"X must have shape (N, {sizes[0]}) and y N targets; got X {X.shape}, y {y.shape}"
        )
    y = y.reshape(len(X))  # (N,) or (N, 1), as make_dataset gives
    net = Network(list(sizes), "tanh", "quadratic", output_activation="sigmoid", rng=seed)
    reference = net.copy()
    network_losses = []
    reference.train(
        X, y[:, None], learning_rate, epochs, callback=lambda e, j: network_losses.append(j)
    )
    weights = [W.copy() for W in net.weights]
    biases = [b.copy() for b in net.biases]
    losses = []
    for _ in range(epochs):
        loss, W, b = _loss(engine, weights, biases, X, y)
        losses.append(float(loss.data))
        loss.backward()
        for l in range(len(W)):
            weights[l] -= learning_rate * np.array([[w.grad for w in row] for row in W[l]])
            biases[l] -= learning_rate * np.array([v.grad for v in b[l]])
    net.set_parameters(weights, biases)

    def acc(n):
        return float(((n.forward(X)[:, 0] > 0.5) == (y > 0.5)).mean())

    return {
        "losses": losses,
        "network_losses": network_losses[:epochs],
        "accuracy": acc(net),
        "network_accuracy": acc(reference),
    }
