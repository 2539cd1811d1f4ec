"""A zoo of broken backpropagation engines, each one a bug people really made.

Every engine here *trains*: the loss goes down on a small task, nothing crashes, the
numbers look plausible (tests/teaching/test_zoo.py checks both that and that
:func:`~backprop_tutorial.teaching.engine_check.check_engine` catches each one).  The
learner runs the checker on an engine, reads the smallest failing expression, names
the bug, and only then calls :func:`reveal`.

Scalar engines are subclasses of the reference :class:`~backprop_tutorial.core.value.Value`
that change one method; matrix engines are functions ``gradients(net, X, Y) -> (dW, db)``
for a softmax network (:class:`~backprop_tutorial.core.network.Network` with
``cost="softmax_cross_entropy"``), like ``net.gradients``.

>>> import backprop_tutorial as bt
>>> bt.zoo.engines()[:3]
['overwrite', 'not_topological', 'pile_up']
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.activations import sigmoid
from ..core.value import Value
from ..ui.style import COLORS

# -- scalar engines: one method changed each -------------------------------------------


class Overwrite(Value):
    """``=`` where ``+=`` belongs."""

    def _backward_step(self):
        for operand, local in zip(self._prev, self._locals(), strict=True):
            operand.grad = self.grad * local


class NotTopological(Value):
    """Depth-first from the output, each node once, before all its uses have reported."""

    def backward(self):
        for v in self._topological():
            if v._prev:
                v.grad = 0.0
        self.grad = 1.0
        stack, seen = [self], set()
        while stack:
            v = stack.pop()
            if id(v) not in seen:
                seen.add(id(v))
                v._backward_step()
                stack.extend(v._prev)


class PileUp(Value):
    """Only the output's grad is set at the start of ``backward()``: the rest keep theirs."""

    def backward(self):
        self.grad = 1.0
        for v in reversed(self._topological()):
            v._backward_step()


class _OneOp(Value):
    # A variant that changes the local derivative of one operation only.
    op_name = ""

    def _locals(self):
        return self._wrong_locals() if self.op == self.op_name else self.node.local_grads


class TanhAtInput(_OneOp):
    """tanh' written as 1 - x² with x the *input*, for 1 - tanh(x)²."""

    op_name = "tanh"

    def _wrong_locals(self):
        return (1.0 - self._prev[0].data ** 2,)


class SigmoidAtOutput(_OneOp):
    """σ'(ŷ) for σ'(p): the derivative function applied to the output."""

    op_name = "sigmoid"

    def _wrong_locals(self):
        return (float(sigmoid(self.data) * (1 - sigmoid(self.data))),)


class SignInSub(_OneOp):
    """In ``a - b`` the gradient of ``b`` gets +1 instead of -1."""

    op_name = "-"

    def _wrong_locals(self):
        return (1.0, 1.0)


class PowerOffByOne(_OneOp):
    """The power rule written (k - 1)·x^(k - 1) for k·x^(k - 1)."""

    op_name = "**"

    def __pow__(self, k):
        out = super().__pow__(k)
        out.k = k  # a subclass without __slots__ may keep the exponent
        return out

    def _wrong_locals(self):
        x = self._prev[0].data
        return ((self.k - 1) * x ** (self.k - 1),)


class UpstreamForgotten(Value):
    """``tanh`` passes its local derivative down without the upstream factor."""

    def _backward_step(self):
        if self.op != "tanh":
            return super()._backward_step()
        for operand, local in zip(self._prev, self._locals(), strict=True):
            operand.grad += local


# -- matrix engines: gradients(net, X, Y) -> (dW, db) for a softmax network ---------------


def _softmax_stable(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _softmax_naive(S):
    E = np.exp(S)
    return E / E.sum(axis=1, keepdims=True)


def _matrix_gradients(net, X, Y, softmax=_softmax_stable, per_example=True, transpose=False):
    """Backpropagation in matrix form, rows = examples; the slips are switches."""
    a, S = [np.asarray(X, float)], []
    for l in range(net.L):
        S.append(a[-1] @ net.weights[l].T + net.biases[l])
        a.append(softmax(S[-1]) if l == net.L - 1 else net.activation.f(S[-1]))
    B = len(X)
    dS = (a[-1] - Y) / B if per_example else a[-1] - Y
    dW, db = [None] * net.L, [None] * net.L
    for l in range(net.L - 1, -1, -1):
        dW[l] = a[l].T @ dS if transpose else dS.T @ a[l]
        db[l] = dS.sum(axis=0)
        if l:
            dS = (dS @ net.weights[l]) * net.activation.df(S[l - 1])
    return dW, db


def transposed_dW(net, X, Y):
    """``dW[l] = a[l]^T dS[l]``: shaped (n_l, n_(l+1)), which only fits a square layer."""
    return _matrix_gradients(net, X, Y, transpose=True)


def forgotten_1_over_B(net, X, Y):
    """The cost is the *mean* over the batch, but dS = ŷ - y has no 1/B."""
    return _matrix_gradients(net, X, Y, per_example=False)


def softmax_no_max(net, X, Y):
    """softmax as exp(S) / Σ exp(S), without subtracting max(S) first."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _matrix_gradients(net, X, Y, softmax=_softmax_naive)


def reference_gradients(net, X, Y):
    """The same code with every switch right (equal to ``net.gradients``)."""
    return _matrix_gradients(net, X, Y)


# -- the table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reveal:
    """What an engine gets wrong, why it still trains, and the one-line fix."""

    name: str
    bug: str
    why_it_trains: str
    fix: str

    def __str__(self):
        return (
            f"{self.name}: {self.bug}\nWhy it still trains: {self.why_it_trains}\nFix: {self.fix}"
        )

    def _repr_html_(self):
        e = html.escape
        return (
            f"<div style='border-left:4px solid {COLORS['muted']};padding:4px 10px'>"
            f"<b>{e(self.name)}</b>: {e(self.bug)}<br><i>Why it still trains:</i> "
            f"{e(self.why_it_trains)}<br><i>Fix:</i> <code>{e(self.fix)}</code></div>"
        )


_ZOO = {
    "overwrite": (
        Overwrite,
        "each backward step *assigns* operand.grad = upstream × local, so a node used "
        "twice keeps only the last contribution (x * x gives x, not 2x).",
        "a network's weights are used once per example, so each weight still gets one "
        "example's gradient: noisy, but downhill.",
        "operand.grad += upstream * local",
    ),
    "not_topological": (
        NotTopological,
        "backward() walks depth-first from the output and passes each node's gradient "
        "down the first time it reaches it, before every use of that node has added in.",
        "in a network each hidden value feeds one output, so the order happens to be fine.",
        "visit nodes in reverse topological order (all uses of a node before the node)",
    ),
    "pile_up": (
        PileUp,
        "backward() sets only the output's grad to 1: computed nodes keep last pass's "
        "gradient, so a second backward() on the same graph adds stale gradients in.",
        "training builds a fresh graph every step, so one backward() per graph is right.",
        "reset every computed node's grad to 0 at the start of backward()",
    ),
    "tanh_at_input": (
        TanhAtInput,
        "tanh' is computed as 1 - x² from the input x instead of 1 - t² from the output t.",
        "for small inputs tanh(x) ≈ x, so the two are close where training starts.",
        "local = 1 - out.data ** 2",
    ),
    "sigmoid_at_output": (
        SigmoidAtOutput,
        "σ' is evaluated at the output ŷ, σ(ŷ)(1 - σ(ŷ)), instead of at the input p.",
        "it is positive like the true σ'(p), so every step still points roughly downhill.",
        "local = out.data * (1 - out.data)",
    ),
    "upstream_forgotten": (
        UpstreamForgotten,
        "tanh adds its local derivative 1 - t² into x.grad without multiplying by the "
        "upstream gradient out.grad.",
        "the layers after the tanh still get right gradients and learn, so the loss goes "
        "down; the weights before it get a gradient that ignores the error.",
        "x.grad += (1 - out.data ** 2) * out.grad",
    ),
    "power_off_by_one": (
        PowerOffByOne,
        "the power rule is written (k - 1)·x^(k - 1) instead of k·x^(k - 1).",
        "for a square the gradient is half the right one, with the right sign: slower, "
        "not wrong-looking.",
        "local = k * x.data ** (k - 1)",
    ),
    "sign_in_sub": (
        SignInSub,
        "in a - b, b.grad gets +upstream: the minus sign of d(a - b)/db = -1 is lost.",
        "in ŷ - y the target y is a constant: nobody reads its gradient.",
        "b.grad += -1 * out.grad",
    ),
    "transposed_dW": (
        transposed_dW,
        "dW[l] = a[l]^T dS[l] has shape (n_l, n_(l+1)), the transpose of W[l].",
        "on a square layer the shapes fit, nothing complains, and the biases' gradients are right.",
        "dW[l] = dS[l].T @ a[l]",
    ),
    "forgotten_1_over_B": (
        forgotten_1_over_B,
        "the cost is averaged over the batch but dS = ŷ - y misses the 1/B.",
        "the direction is right; only the step is B times larger.",
        "dS = (y_hat - Y) / B",
    ),
    "softmax_no_max": (
        softmax_no_max,
        "softmax computes exp(S) without subtracting max(S): exp(710) overflows to inf "
        "and the gradient becomes NaN.",
        "with small weights S stays far below 709, so nothing overflows.",
        "E = np.exp(S - S.max(axis=1, keepdims=True))",
    ),
}

SCALAR = tuple(k for k, v in _ZOO.items() if isinstance(v[0], type))
MATRIX = tuple(k for k in _ZOO if k not in SCALAR)


def engines() -> list:
    """Names of the broken engines, scalar ones first."""
    return list(_ZOO)


def _entry(name):
    if not isinstance(name, str) or name not in _ZOO:
        raise ValueError(f"no engine named {checks.show(name)} in the zoo: use one of {engines()}")
    return _ZOO[name]


def engine(name: str):
    """The broken engine: a Value class (scalar) or a ``gradients(net, X, Y)`` function."""
    return _entry(name)[0]


def reveal(name: str) -> Reveal:
    """The bug, why it still trains, and the one-line fix."""
    _, bug, why, fix = _entry(name)
    return Reveal(name, bug, why, fix)
