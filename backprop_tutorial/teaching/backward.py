"""The backward pass in matrix form, checked line by line (notebook 6).

For a softmax network [64, 32, 10] (sigmoid hidden layer) on a batch of B digits, rows
are examples, and the backward pass is seven lines (``*`` elementwise, ``@`` matrix
product)::

    dS[1] = (a[2] - Y) / B  # (B, 10): softmax + cross-entropy, mean over B
    dW[1] = dS[1].T @ a[1]  # (10, 32), like W[1]
    db[1] = dS[1].sum(axis=0)  # (10,),    like b[1]
    da[1] = dS[1] @ W[1]  # (B, 32)
    dS[0] = da[1] * a[1] * (1 - a[1])  # (B, 32): times σ'(S[0]) = a[1] (1 - a[1])
    dW[0] = dS[0].T @ a[0]  # (32, 64)
    db[0] = dS[0].sum(axis=0)  # (32,)

``dS[l]`` is the notebooks' ``delta[l] = dJ/dS[l]``.  :class:`BackwardCase` holds the
batch and checks each line on its own against the engine (``Network.backward`` and
``Network.gradients``), shape first and strictly -- a ``(1, 32)`` for a ``(32,)`` is
refused with the reason -- then the numbers, with the usual slips as data.
:func:`train_with_backward` trains the digits with the learner's lines.
:func:`check_gradients_function` checks a whole ``gradients(net, X, Y)`` function on
random networks (square and not, large pre-activations), for the zoo's matrix engines.
"""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..core.activations import sigmoid_prime
from ..core.classify import accuracy
from ..core.network import Network
from ..data.digits import load_digits, one_hot, train_test_split
from .deadline import Timeout, deadline
from .exercises import CORRECT, NOT_YET, WRONG, EngineVerdict, Verdict

LINES = ("dS[1]", "dW[1]", "db[1]", "da[1]", "dS[0]", "dW[0]", "db[0]")
SIZES = (64, 32, 10)


def _shape(x) -> tuple | None:
    return getattr(x, "shape", None) if isinstance(x, np.ndarray) else None


def _shape_slip(name: str, got: tuple, want: tuple) -> str:
    reason = f"{name} must have shape {want}, got {got}"
    if got == want[::-1] and len(want) == 2:
        return f"{reason}: the transpose. A gradient has the shape of what it is the gradient of."
    if len(want) == 1 and got in ((1, want[0]), (want[0], 1)):
        return (
            f"{reason}: b has shape {want}, a vector, and so has its gradient. Sum over the "
            "batch without keepdims=True (or take [0] / .ravel())."
        )
    if len(want) == 2 and got == (want[1],):
        return f"{reason}: keep one row per example; did you sum over the batch?"
    if len(got) == 2 and len(want) == 2 and got[0] == want[0] and got[1] != want[1]:
        return f"{reason}: the columns are wrong; check which matrix you multiplied by."
    return f"{reason}."


class BackwardCase:
    """One batch of digits and a [64, 32, 10] softmax network, for the backward lines.

    Parameters
    ----------
    batch : int
        Number of images B.
    seed : int
        The network's weights and which images.

    Attributes
    ----------
    W, b : list of ndarray
        ``W[0]`` (32, 64), ``W[1]`` (10, 32); ``b[0]`` (32,), ``b[1]`` (10,).
    S, a : list of ndarray
        The forward pass: ``S[0]`` (B, 32), ``S[1]`` (B, 10), ``a[0]`` = X (B, 64),
        ``a[1]`` (B, 32), ``a[2]`` = softmax(S[1]) (B, 10).
    Y : ndarray, shape (B, 10)
        One-hot targets.
    B : int
    """

    def __init__(self, batch: int = 16, seed: int = 0):
        self.B = checks.integer("batch", batch, 2, 1797)
        rng = np.random.default_rng(checks.integer("seed", seed, 0))
        X, labels = load_digits()
        pick = rng.choice(len(X), self.B, replace=False)
        self.net = Network(SIZES, "sigmoid", "softmax_cross_entropy", rng=rng)
        self.Y = one_hot(labels[pick], 10)
        cache = self.net.forward_cache(X[pick])
        self.W, self.b = self.net.weights, self.net.biases
        self.S, self.a = cache.S, cache.a
        deltas = self.net.backward(cache, self.Y)
        dW, db = self.net.gradients(X[pick], self.Y)
        self.answers = {
            "dS[1]": deltas[1],
            "dW[1]": dW[1],
            "db[1]": db[1],
            "da[1]": deltas[1] @ self.W[1],
            "dS[0]": deltas[0],
            "dW[0]": dW[0],
            "db[0]": db[0],
        }

    def _slips(self, name: str) -> list:
        # (value, message): what the likely mistakes give for this line.
        a, B, W, ans = self.a, self.B, self.W, self.answers
        return (
            {
                "dS[1]": [
                    (a[2] - self.Y, "the 1/B is missing: J is the mean over the batch."),
                    (self.Y - a[2], "sign: it is a[2] − Y, output minus target (and / B)."),
                    (a[2] / B, "the target Y is missing."),
                ],
                "dW[1]": [(ans["dW[1]"] * B, "B times too large: dS[1] needs its 1/B.")],
                "db[1]": [(ans["db[1]"] * B, "B times too large: dS[1] needs its 1/B.")],
                "da[1]": [
                    (ans["dS[0]"], "that is dS[0]: da[1] is before the σ' factor."),
                ],
                "dS[0]": [
                    (ans["da[1]"], "the factor σ'(S[0]) = a[1] (1 − a[1]) is missing."),
                    (ans["da[1]"] * a[1], "half of σ': it is a[1] · (1 − a[1])."),
                    (
                        ans["da[1]"] * sigmoid_prime(a[1]),
                        "σ' evaluated at a[1]: σ'(S[0]) = a[1] (1 − a[1]), not σ'(a[1]).",
                    ),
                ],
                "dW[0]": [(ans["dW[0]"] * B, "B times too large: dS[1] needs its 1/B.")],
                "db[0]": [(ans["db[0]"] * B, "B times too large: dS[1] needs its 1/B.")],
            }[name]
            + [(-ans[name], "sign: every entry has the wrong sign.")]
            + (
                [(W[1].T @ ans["dS[1]"].T, "that is (W[1]^T dS[1]^T): transpose it, dS[1] @ W[1].")]
                if name == "da[1]"
                else []
            )
        )

    def check(self, name: str, value) -> Verdict:
        """Check one line: ``case.check("dW[1]", dW1)``; never raises."""
        if name not in self.answers:
            return Verdict(WRONG, f"no line named {name!r}: use one of {list(LINES)}")
        if value is None or value is Ellipsis:
            return Verdict(
                NOT_YET, f"{name} is still a placeholder: replace the ... with your line."
            )
        want = self.answers[name]
        got = _shape(value)
        if got is None:
            return Verdict(
                WRONG,
                f"{name} must be a numpy array of shape {want.shape}, got {type(value).__name__}",
            )
        if got != want.shape:
            return Verdict(WRONG, _shape_slip(name, got, want.shape))
        if _close(value, want):
            return Verdict(CORRECT, f"{name} {want.shape} matches the engine.")
        for slip, message in self._slips(name):
            if slip.shape == want.shape and _close(value, slip):
                return Verdict(WRONG, f"{name} is not it: {message}")
        return Verdict(
            WRONG,
            f"{name} has the right shape but not the right numbers: write "
            "it from the lines above it, and check those first.",
        )


def _close(x, y) -> bool:
    with np.errstate(all="ignore"):
        return bool(np.all(np.isfinite(x))) and np.allclose(x, y, rtol=1e-6, atol=1e-10)


def check_backward(fn, case: BackwardCase | None = None) -> list:
    """Check every line a function ``fn(W, b, S, a, Y) -> dict`` returns, each on its own.

    Returns the list of verdicts, one per line of :data:`LINES`.
    """
    case = case or BackwardCase()
    try:
        lines = fn(case.W, case.b, case.S, case.a, case.Y)
    except Exception as e:  # noqa: BLE001 - the learner's code may raise anything
        return [Verdict(WRONG, f"your function raised {type(e).__name__}: {e}")]
    if not isinstance(lines, dict):
        return [
            Verdict(WRONG, f"return a dict of the lines {list(LINES)}, got {type(lines).__name__}")
        ]
    return [case.check(name, lines.get(name)) for name in LINES]


def train_with_backward(fn, epochs: int = 100, learning_rate: float = 2.0, seed: int = 0) -> dict:
    """Train [64, 32, 10] on the digits with ``fn``'s dW and db, and with ``bt.Network``.

    Full-batch gradient descent from the same weights, ``epochs`` steps each.

    Returns
    -------
    dict
        ``"yours"`` and ``"network"``: test accuracy of each (fraction in [0, 1]).
    """
    if not callable(fn):
        raise checks.KindError(f"fn must be a function fn(W, b, S, a, Y), got {checks.show(fn)}")
    epochs = checks.integer("epochs", epochs, 1, 2000)
    X, labels = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, labels, rng=seed)
    Y_train = one_hot(y_train, 10)
    net = Network(SIZES, "sigmoid", "softmax_cross_entropy", rng=seed)
    reference = net.copy()
    reference.train(X_train, Y_train, learning_rate=learning_rate, epochs=epochs)
    for _ in range(epochs):
        cache = net.forward_cache(X_train)
        lines = fn(net.weights, net.biases, cache.S, cache.a, Y_train)
        for l in range(net.L):
            net.weights[l] -= learning_rate * lines[f"dW[{l}]"]
            net.biases[l] -= learning_rate * lines[f"db[{l}]"]
    return {"yours": accuracy(net, X_test, y_test), "network": accuracy(reference, X_test, y_test)}


def solution(W, b, S, a, Y) -> dict:
    """The seven lines (the notebook's solution cell writes the same)."""
    B = len(Y)
    dS1 = (a[2] - Y) / B
    da1 = dS1 @ W[1]
    dS0 = da1 * a[1] * (1 - a[1])
    return {
        "dS[1]": dS1,
        "dW[1]": dS1.T @ a[1],
        "db[1]": dS1.sum(axis=0),
        "da[1]": da1,
        "dS[0]": dS0,
        "dW[0]": dS0.T @ a[0],
        "db[0]": dS0.sum(axis=0),
    }


# -- a whole gradients(net, X, Y) function, on random networks ------------------------------


def _case(rng, i: int):
    # Every third case is square (where a transposed dW fits); every fifth has large
    # weights, so that S goes beyond 709 and a softmax without its max overflows.
    L = int(rng.integers(1, 3))
    width = int(rng.integers(2, 5))
    sizes = [width] * (L + 1) if i % 3 == 0 else [int(n) for n in rng.integers(2, 6, L + 1)]
    net = Network(sizes, str(rng.choice(["sigmoid", "tanh"])), "softmax_cross_entropy", rng=rng)
    if i % 5 == 4:
        net.set_parameters([W * 400 for W in net.weights], net.biases)
    B = int(rng.integers(2, 6))
    X = rng.normal(size=(B, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], B)]
    return net, X, Y


def _compare(fn, net, X, Y) -> str | None:
    """None when ``fn`` gives ``net.gradients``; else what is wrong."""
    dW, db = net.gradients(X, Y)
    try:
        got = fn(net, X, Y)
        got_W, got_b = got
        got_W, got_b = list(got_W), list(got_b)
    except Timeout:
        raise
    except Exception as e:  # noqa: BLE001
        return f"it raised {type(e).__name__}: {e}"
    if len(got_W) != net.L or len(got_b) != net.L:
        return f"return (dW, db) with {net.L} arrays each, one per weight layer"
    B = len(X)
    for l in range(net.L):
        for name, g, want in ((f"dW[{l}]", got_W[l], dW[l]), (f"db[{l}]", got_b[l], db[l])):
            shape = _shape(np.asarray(g))
            if shape != want.shape:
                return _shape_slip(name, shape, want.shape)
            g = np.asarray(g, float)
            if _close(g, want):
                continue
            if not np.all(np.isfinite(g)):
                return (
                    f"{name} is NaN or infinite where the right one is finite: exp overflowed "
                    "(S beyond 709). Subtract each row's max from S before the exponential."
                )
            if g.ndim == 2 and _close(g, want.T):
                return f"{name} is the transpose of the right gradient: write dS.T @ a."
            if _close(g, want * B):
                return (
                    f"{name} is B = {B} times the right gradient: the 1/B of the mean is missing."
                )
            return f"{name} differs from the engine's."
    return None


def check_gradients_function(fn, n_cases: int = 200, seed: int = 0, time_limit: float = 5.0):
    """Check ``fn(net, X, Y) -> (dW, db)`` against ``net.gradients`` on random networks.

    Shapes are checked strictly, layer by layer; returns an
    :class:`~.engine_check.EngineVerdict` with the first failing network described.
    """
    rng = np.random.default_rng(seed)
    name = getattr(fn, "__name__", "your function")
    n = 0
    try:
        with deadline(time_limit), np.errstate(all="ignore"):
            for i in range(n_cases):
                net, X, Y = _case(rng, i)
                n += 1
                problem = _compare(fn, net, X, Y)
                if problem:
                    return EngineVerdict(
                        WRONG,
                        f"network case {n}: sizes {net.sizes}, batch B = {len(X)}, "
                        f"{net.activation.name} hidden, largest |S| "
                        f"{max(np.abs(S).max() for S in net.forward_cache(X).S):.3g}.",
                        n_checked=n,
                        diagnosis=problem,
                    )
    except Timeout:
        return EngineVerdict(
            WRONG, f"stopped after {time_limit:g} s on network case {n}.", n_checked=n - 1
        )
    return EngineVerdict(
        CORRECT,
        f"{name} matches the engine's gradients, shapes included, on {n} random softmax "
        "networks (square and not, large pre-activations).",
        n_checked=n,
    )


def train_gradients_function(fn, net, X, Y, learning_rate: float = 0.5, epochs: int = 50) -> list:
    """Full-batch descent of ``net`` (in place) with ``fn(net, X, Y) -> (dW, db)``.

    Returns the cost before each step (``net.loss``, the engine's own cost), so a
    broken gradient function can be seen to train.
    """
    losses = []
    for _ in range(checks.integer("epochs", epochs, 1, 10_000)):
        losses.append(net.loss(X, Y))
        dW, db = fn(net, X, Y)
        net.set_parameters(
            [W - learning_rate * g for W, g in zip(net.weights, dW, strict=True)],
            [b - learning_rate * g for b, g in zip(net.biases, db, strict=True)],
        )
    return losses
