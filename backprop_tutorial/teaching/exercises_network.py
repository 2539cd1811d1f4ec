"""Notebook 2's exercise: one line of the backward pass, checked and explained (numpy only).

The learner writes ``delta[l]`` from ``delta[l+1]``::

    def my_delta(l, W, S, delta, f_prime):
        return ...  # delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l])

``W``, ``S`` and ``delta`` are lists indexed like the maths (``W[l]``, ``S[l]``,
``delta[l]`` for weight layers ``l = 0..L-1``; one example, so vectors are 1-D arrays).
Only the deltas of *later* layers are filled in: ``delta[l]`` and earlier are ``None``,
as in a real backward pass.
:func:`check_delta` runs the function on a few networks and, when the answer is wrong,
compares it with the usual mistakes to say what went wrong.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from ..core.network import Network
from ..ui.style import var

# Marks that every font the notebooks meet has (DejaVu Sans has them; emoji such as an
# hourglass showed as a missing-glyph box): the same as notebook 1's exercises.
_ICON = {"correct": "\u2714", "not yet": "\u270e", "wrong": "\u2718"}
# The palette's roles in the theme's shade (light or dark), as notebook 1's exercises.
_COLOR = {"correct": var("param"), "not yet": var("muted"), "wrong": var("error")}


@dataclass
class CheckResult:
    """Outcome of a check: ``passed``, ``status`` ("correct", "not yet", "wrong") and why."""

    passed: bool
    status: str
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"

    def _repr_html_(self) -> str:
        color = _COLOR.get(self.status, var("text"))
        return (
            f'<div class="bt-verdict" style="border-left:4px solid {color};padding:4px 10px;'
            f'font-size:14px"><b style="color:{color}">{_ICON.get(self.status, "")} '
            f"{self.status}</b> — {html.escape(self.message)}</div>"
        )


@dataclass
class Case:
    """One test network: the lists the learner's function receives and the answer."""

    net: Network
    l: int
    W: list
    S: list
    delta: list
    f_prime: object
    expected: np.ndarray


def make_case(sizes, l: int, seed: int) -> Case:
    """A network, one example, the forward pass and the deltas after weight layer ``l``."""
    rng = np.random.default_rng(seed)
    net = Network(sizes, "sigmoid", rng=rng)
    # Biases too, so that S differs from W a and a wrong layer shows.
    net.set_parameters(net.weights, [rng.normal(0, 0.5, n) for n in net.sizes[1:]])
    x = rng.uniform(-1, 1, size=(1, net.sizes[0]))
    y = rng.uniform(0, 1, size=(1, net.sizes[-1]))
    cache = net.forward_cache(x)
    deltas = net.backward(cache, y)
    W = [w.copy() for w in net.weights]
    S = [s[0].copy() for s in cache.S]
    known = [None] * net.L
    for m in range(l + 1, net.L):
        known[m] = deltas[m][0].copy()
    return Case(net, l, W, S, known, net.activation.df, deltas[l][0].copy())


# Square hidden layers, so that the usual mistakes give numbers instead of shape errors
# (and can be recognised); then an uneven network to catch shape slips.
CASES = (((3, 3, 3, 3), 0, 0), ((3, 3, 3, 3), 1, 1), ((2, 4, 3, 2), 0, 2))


def _mistakes(c: Case) -> dict:
    """The usual wrong answers for this case, by explanation."""
    l, W, S, d, fp = c.l, c.W, c.S, c.delta, c.f_prime
    out = {}

    def add(msg, fn):
        try:
            with np.errstate(all="ignore"):
                out[msg] = np.asarray(fn(), dtype=float)
        except Exception:  # noqa: BLE001 - a mistake that cannot even be computed here
            pass

    add(
        "transpose missing: going backwards multiplies by W[l+1]^T (W[l+1].T), not W[l+1]",
        lambda: (W[l + 1] @ d[l + 1]) * fp(S[l]),
    )
    add(
        "activation derivative missing: multiply elementwise by f'(S[l])",
        lambda: W[l + 1].T @ d[l + 1],
    )
    add("transpose and activation derivative both missing", lambda: W[l + 1] @ d[l + 1])
    add(
        "you used the activation f(S[l]) where its derivative f'(S[l]) is needed",
        lambda: (W[l + 1].T @ d[l + 1]) * _sigmoid(S[l]),
    )
    add(
        "wrong layer: the derivative must be taken at S[l] (this delta's sums), not S[l+1]",
        lambda: (W[l + 1].T @ d[l + 1]) * fp(S[l + 1]),
    )
    add(
        "wrong layer: the weights are W[l+1] (they read a[l+1] = f(S[l])), not W[l]",
        lambda: (W[l].T @ d[l + 1]) * fp(S[l]),
    )
    if l + 2 < len(W):
        add(
            "wrong layer: use delta[l+1], the next layer's delta, not delta[l+2]",
            lambda: (W[l + 1].T @ (W[l + 2].T @ d[l + 2])) * fp(S[l]),
        )
    # A stray minus (often borrowed from the update W <- W - alpha dJ/dW), alone or on
    # top of another slip.
    signed = {SIGN_ERROR: -c.expected}
    for why, value in out.items():
        signed[f"{SIGN_ERROR_ALSO} and {why}"] = -value
    return {**signed, **out}


SIGN_ERROR = (
    "sign error: your delta[l] is exactly -1 times the right one. Nothing in "
    "delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l]) changes sign — look for a stray minus "
    "(the minus of gradient descent, W <- W - alpha dJ/dW, belongs to the update, not here)"
)
SIGN_ERROR_ALSO = "a sign error (your answer has the opposite sign: drop the minus)"


class _Recorded(list):
    """A list that remembers which indices were read (to spot a wrong layer)."""

    def __init__(self, items, name: str):
        super().__init__(items)
        self.name = name
        self.read: list = []

    def __getitem__(self, index):
        self.read.append(index)
        return super().__getitem__(index)


def _layer_slip(l: int, W, S, delta) -> str | None:
    """Explain a read of the wrong layer's quantity, if there was one."""
    for lst, want, what in (
        (delta, l + 1, "the next layer's delta, delta[l+1]"),
        (W, l + 1, "the weights that read a[l+1] = f(S[l]), W[l+1]"),
        (S, l, "this layer's weighted sums, S[l]"),
    ):
        wrong = [i for i in lst.read if isinstance(i, int) and i != want]
        if wrong:
            i = wrong[0]
            shift = f"l{i - l:+d}" if i != l else "l"
            extra = (
                " — delta[l] is what you are computing, not known yet"
                if lst is delta and i <= l
                else ""
            )
            return (
                f"wrong layer: you read {lst.name}[{shift}] (= {lst.name}[{i}] here){extra}; "
                f"the formula needs {what}"
            )
    return None


def _sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


def check_delta(fn) -> CheckResult:
    """Check a learner's ``fn(l, W, S, delta, f_prime) -> delta[l]``.

    Returns
    -------
    CheckResult
        "not yet" while ``fn`` returns None or ``...``; "wrong" with the likely
        mistake; "correct" when it matches the engine on every test network.
    """
    if not callable(fn):
        return CheckResult(False, "wrong", "pass your function itself, e.g. check_delta(my_delta)")
    for sizes, l, seed in CASES:
        verdict = _check_delta_case(fn, sizes, l, seed)
        if verdict is not None:
            return verdict
    return CheckResult(
        True,
        "correct",
        (
            "your line matches the engine on every test network. This one line, applied from "
            "the last layer to the first, is the whole backward pass."
        ),
    )


def _check_delta_case(fn, sizes, l: int, seed: int) -> CheckResult | None:
    """The verdict on one test network, or None when ``fn`` gets it right."""
    c = make_case(sizes, l, seed)
    W, S, d = (_Recorded(c.W, "W"), _Recorded(c.S, "S"), _Recorded(c.delta, "delta"))
    try:
        with np.errstate(all="ignore"):
            got = fn(c.l, W, S, d, c.f_prime)
    except Exception as exc:  # noqa: BLE001 - report any failure of learner code
        return _delta_raised(exc, sizes, l, W, S, d)
    if got is None or got is Ellipsis:
        return CheckResult(
            False, "not yet", "replace the `...` with your line for delta[l], then run again."
        )
    got, verdict = _as_delta(got, c.expected.shape, l)
    if verdict is not None:
        return verdict
    if np.allclose(got, c.expected, rtol=1e-6, atol=1e-12):
        return None
    slip = _layer_slip(l, W, S, d)
    if slip:
        return CheckResult(False, "wrong", f"not quite — {slip}.")
    for why, value in _mistakes(c).items():
        if value.shape == c.expected.shape and np.allclose(got, value, rtol=1e-6, atol=1e-12):
            return CheckResult(False, "wrong", f"not quite — {why}.")
    return CheckResult(
        False,
        "wrong",
        (
            f"on sizes {list(sizes)} at l = {l} the engine gets {np.round(c.expected, 5)}, "
            f"you get {np.round(got, 5)}. Recall delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l])."
        ),
    )


def _delta_raised(exc: Exception, sizes, l: int, W, S, d) -> CheckResult:
    """What to say when the learner's line raised: a layer read off by one if the
    recorded reads show one, else the error (with a shape hint for a ValueError)."""
    if isinstance(exc, (TypeError, ValueError, IndexError)):
        slip = _layer_slip(l, W, S, d)
        if slip:
            return CheckResult(False, "wrong", f"not quite — {slip}.")
    if isinstance(exc, ValueError):
        return CheckResult(
            False,
            "wrong",
            (
                f"your line raised ValueError ({exc}) on a network with sizes {list(sizes)}. "
                f"Check the shapes: W[l+1] is (n_(l+2), n_(l+1)), delta[l+1] is (n_(l+2),), so "
                "W[l+1].T @ delta[l+1] has the shape of S[l]."
            ),
        )
    return CheckResult(False, "wrong", f"your line raised {type(exc).__name__}: {exc}")


def _as_delta(got, shape: tuple, l: int) -> tuple:
    """``(array, None)`` for a finite array of ``shape`` (or of its size, reshaped), else
    ``(None, verdict)`` saying what is wrong with the returned value."""
    try:
        with np.errstate(all="ignore"):
            got = np.asarray(got, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None, CheckResult(
            False, "wrong", f"return an array of numbers, got {type(got).__name__}"
        )
    if not np.all(np.isfinite(got)):
        return None, CheckResult(
            False,
            "wrong",
            "your delta[l] has entries that are infinite or not a number (inf, nan): "
            "delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l]) only multiplies and adds "
            "finite numbers.",
        )
    if got.shape != shape:
        if got.size != np.prod(shape):
            return None, CheckResult(
                False,
                "wrong",
                (
                    f"delta[{l}] should have shape {shape} (one entry per sum "
                    f"S[{l}][j], i.e. per neuron of layer {l + 1}), yours has shape "
                    f"{got.shape}."
                ),
            )
        got = got.reshape(shape)
    return got, None


def solution_delta(l, W, S, delta, f_prime):
    """The reference answer (used by the tests; the notebook hides its own copy)."""
    return (W[l + 1].T @ delta[l + 1]) * f_prime(S[l])
