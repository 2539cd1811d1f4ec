"""Checks for notebook 1's exercises (numpy only).

The learner replaces a marked placeholder (``...``) with a function or a number and
calls a ``check_*`` function.  A check never raises, so the notebook runs top to
bottom before anything is solved: it returns a :class:`Verdict` that says "not yet",
"correct", or what the likely mistake is ("off by the factor σ'(P1): did you forget
the activation?").  :func:`show_solution` shows a worked answer, folded by default.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid, sigmoid_prime

# The values the exercises use.  Chosen so that every slip the checks know gives a
# different number (at least 19 % apart): x is not 1 (a missing X0 shows), w1 is not
# -1 (a missing W1 is not a sign error), and so on.  tests/test_exercises.py checks it.
EXERCISE = {"x": 0.5, "y": 0.9, "w0": 1.0, "w1": -2.0}

NOT_YET, CORRECT, WRONG = "not yet", "correct", "wrong"
_ICON = {NOT_YET: "✎", CORRECT: "✔", WRONG: "✘"}
_COLOR = {NOT_YET: "#666666", CORRECT: "#2ca02c", WRONG: "#d62728"}


@dataclass(frozen=True)
class Verdict:
    """The result of a check: ``status`` is "not yet", "correct" or "wrong".

    Truthy only when correct, so ``assert check_...(answer)`` works once solved.
    """

    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        return f"{_ICON[self.status]} {self.status}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        color = _COLOR[self.status]
        return (
            f'<div class="bt-verdict" style="border-left:4px solid {color};padding:4px 10px;'
            f'font-size:14px"><b style="color:{color}">{_ICON[self.status]} {self.status}</b>'
            f" — {html.escape(self.message)}</div>"
        )


def _unsolved(answer) -> bool:
    return answer is None or answer is Ellipsis


def _as_number(answer):
    """``float(answer)`` or None when it is not a single finite number."""
    try:
        value = float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _close(a: float, b: float, rtol: float = 5e-3) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1e-12)


def _diagnose(answer: float, correct: float, mistakes: list) -> Verdict:
    """Compare with the right value, then with each ``(value, message)`` mistake in turn."""
    if _close(answer, correct):
        return Verdict(CORRECT, f"{answer:.6g} is right.")
    for value, message in mistakes:
        # A mistake that gives the right number here cannot be told apart: skip it.
        if _close(answer, value) and not _close(value, correct):
            return Verdict(WRONG, f"{answer:.6g} is not it: {message}")
    return Verdict(
        WRONG,
        f"{answer:.6g} is not it, and it does not match a usual slip either. Write the "
        "product factor by factor, compute each factor, and check them one at a time.",
    )


# ---------------------------------------------------------------------------
# Exercise 1: the local derivative of the sigmoid
# ---------------------------------------------------------------------------

_POINTS = np.array([-4.0, -2.0, -0.5, 0.0, 0.7, 1.5, 3.0])


def check_sigma_prime(fn) -> Verdict:
    """Check a learner's ``sigma_prime(p)``, the derivative of the sigmoid.

    Parameters
    ----------
    fn : callable or ``...``
        A function of one float.  Left as ``...`` (or returning ``...``/None): "not yet".
    """
    if _unsolved(fn):
        return Verdict(NOT_YET, "replace the ... with your function.")
    if not callable(fn):
        return Verdict(WRONG, f"expected a function of p, got {type(fn).__name__}.")
    got = []
    for p in _POINTS:
        try:
            out = fn(float(p))
        except Exception as exc:  # noqa: BLE001 - the learner's code may fail in any way
            return Verdict(WRONG, f"your function raised {type(exc).__name__}: {exc} (at p={p}).")
        if _unsolved(out):
            return Verdict(NOT_YET, "your function still returns ...: write the formula.")
        value = _as_number(out)
        if value is None:
            return Verdict(WRONG, f"at p={p} your function returned {out!r}, not a number.")
        got.append(value)
    got = np.array(got)
    s = np.array([sigmoid(p) for p in _POINTS])
    right = np.array([sigmoid_prime(p) for p in _POINTS])
    if np.allclose(got, right, rtol=1e-6, atol=1e-12):
        return Verdict(CORRECT, "σ'(p) = σ(p)(1 − σ(p)). Note that it never exceeds 1/4.")
    mistakes = [
        (s, "you returned σ(p) itself; the derivative is σ(p)(1 − σ(p))."),
        (-right, "sign error: σ is increasing, so its derivative is positive."),
        (
            _POINTS * (1 - _POINTS),
            "you wrote p(1 − p): the formula needs σ(p), i.e. σ(p)(1 − σ(p)).",
        ),
        (1 - s, "you have the factor (1 − σ(p)) but the factor σ(p) is missing."),
        (s * (1 + s), "almost: it is σ(p)(1 − σ(p)), with a minus."),
        (
            np.exp(-_POINTS) / (1 + np.exp(-_POINTS)),
            "that is σ(−p); the derivative is e^(−p) / (1 + e^(−p))², squared in the denominator.",
        ),
        (s**2, "that is σ(p)²; the derivative is σ(p)(1 − σ(p))."),
    ]
    for values, message in mistakes:
        if np.allclose(got, values, rtol=1e-6, atol=1e-12):
            return Verdict(WRONG, message)
    worst = int(np.argmax(np.abs(got - right)))
    return Verdict(
        WRONG,
        f"at p = {_POINTS[worst]:g} you give {got[worst]:.6g}, but σ'(p) = {right[worst]:.6g}. "
        "Hint: differentiate 1/(1 + e^(−p)) and write the result with σ(p).",
    )


# ---------------------------------------------------------------------------
# Exercises 2 and 3: chain-rule products for the chain network
# ---------------------------------------------------------------------------


def _forward(x, y, w0, w1) -> dict:
    p0 = w0 * x
    x1 = sigmoid(p0)
    p1 = w1 * x1
    y_hat = sigmoid(p1)
    return {
        "x": x,
        "y": y,
        "w0": w0,
        "w1": w1,
        "p0": p0,
        "x1": x1,
        "p1": p1,
        "y_hat": y_hat,
        "ds0": sigmoid_prime(p0),
        "ds1": sigmoid_prime(p1),
        "err": y_hat - y,
    }


def _params(params: dict) -> dict:
    unknown = set(params) - set(EXERCISE)
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {sorted(EXERCISE)}")
    return {**EXERCISE, **{k: float(v) for k, v in params.items()}}


def _dJ_dW1_mistakes(v: dict) -> tuple:
    """The right dJ/dW1 and the usual slips ``[(value, message)]``."""
    dJ_dP1 = v["err"] * v["ds1"]
    correct = v["x1"] * dJ_dP1
    mistakes = [
        (-correct, "sign error: dJ/dŷ = ŷ − y, not y − ŷ."),
        (v["x1"] * v["err"], "off by the factor σ'(P1): did you forget the activation?"),
        (dJ_dP1, "that is dJ/dP1; multiply by the local derivative dP1/dW1 = X1."),
        (v["w1"] * dJ_dP1, "you multiplied by W1, but dP1/dW1 = X1 (W1 is dP1/dX1)."),
        (v["x1"] * v["err"] * v["y_hat"], "you used σ(P1) instead of σ'(P1) = σ(P1)(1 − σ(P1))."),
        (v["p1"] * dJ_dP1, "you multiplied by P1; the local derivative dP1/dW1 is X1."),
        (v["x"] * dJ_dP1, "you multiplied by x (X0); in P1 = W1·X1 the weight multiplies X1."),
    ]
    return correct, mistakes


def _dJ_dW0_mistakes(v: dict) -> tuple:
    """The right dJ/dW0 and the usual slips ``[(value, message)]``."""
    dJ_dP1 = v["err"] * v["ds1"]
    x, ds0, w1 = v["x"], v["ds0"], v["w1"]
    correct = x * ds0 * w1 * dJ_dP1
    mistakes = [
        (-correct, "sign error: check the sign of each factor (W1 and ŷ − y can be negative)."),
        (ds0 * w1 * dJ_dP1, "a factor of X0 is missing: dP0/dW0 = X0."),
        (x * w1 * dJ_dP1, "off by the factor σ'(P0): did you forget the first activation?"),
        (
            x * ds0 * w1 * v["err"],
            "off by the factor σ'(P1): did you forget the second activation?",
        ),
        (x * ds0 * dJ_dP1, "the factor dP1/dX1 = W1 is missing."),
        (x * ds0 * v["x1"] * dJ_dP1, "you used X1 where dP1/dX1 = W1 belongs."),
        (x * v["x1"] * w1 * dJ_dP1, "you used σ(P0) instead of σ'(P0) = σ(P0)(1 − σ(P0))."),
        (x * ds0 * w1 * v["err"] * v["y_hat"], "you used σ(P1) instead of σ'(P1)."),
        (v["x1"] * dJ_dP1, "that is dJ/dW1, the other weight's gradient."),
        (w1 * dJ_dP1, "that is dJ/dX1; keep going back: times dX1/dP0 and dP0/dW0."),
        (
            x * x * ds0 * w1 * dJ_dP1,
            "X0 appears twice: dP0/dW0 = X0 only once.",
        ),
    ]
    return correct, mistakes


def check_dJ_dW1(answer, **params) -> Verdict:
    """Check a number for ``dJ/dW1 = dP1/dW1 · dJ/dP1 = X1 · (ŷ − y) · σ'(P1)``.

    Parameters
    ----------
    answer : float or ``...``
    **params
        x, y, w0, w1 (default :data:`EXERCISE`).
    """
    if _unsolved(answer):
        return Verdict(NOT_YET, "replace the ... with your number.")
    value = _as_number(answer)
    if value is None:
        return Verdict(WRONG, f"expected one number, got {answer!r}.")
    return _diagnose(value, *_dJ_dW1_mistakes(_forward(**_params(params))))


def check_dJ_dW0(answer, **params) -> Verdict:
    """Check a number for ``dJ/dW0 = dP0/dW0 · dX1/dP0 · dP1/dX1 · dJ/dP1``
    ``= X0 · σ'(P0) · W1 · (ŷ − y) σ'(P1)``.

    Parameters
    ----------
    answer : float or ``...``
    **params
        x, y, w0, w1 (default :data:`EXERCISE`).
    """
    if _unsolved(answer):
        return Verdict(NOT_YET, "replace the ... with your number.")
    value = _as_number(answer)
    if value is None:
        return Verdict(WRONG, f"expected one number, got {answer!r}.")
    return _diagnose(value, *_dJ_dW0_mistakes(_forward(**_params(params))))


# ---------------------------------------------------------------------------
# Solutions, folded until the learner opens them
# ---------------------------------------------------------------------------

SOLUTIONS = {
    "sigma_prime": (
        "The sigmoid's derivative, written with the sigmoid itself:",
        "def sigma_prime(p):\n    s = 1 / (1 + np.exp(-p))\n    return s * (1 - s)",
    ),
    "dJ_dW1": (
        "dJ/dW1 = dP1/dW1 · dJ/dP1 = X1 · (ŷ − y) · σ'(P1):",
        'dJ_dW1 = v["x1"] * (v["y_hat"] - v["y"]) * bt.sigmoid_prime(v["p1"])',
    ),
    "dJ_dW0": (
        "dJ/dW0 = dP0/dW0 · dX1/dP0 · dP1/dX1 · dJ/dP1 = X0 · σ'(P0) · W1 · dJ/dP1, "
        "reusing dJ/dP1 from the previous exercise:",
        'dJ_dP1 = (v["y_hat"] - v["y"]) * bt.sigmoid_prime(v["p1"])\n'
        'dJ_dW0 = v["x"] * bt.sigmoid_prime(v["p0"]) * v["w1"] * dJ_dP1',
    ),
}


@dataclass(frozen=True)
class Solution:
    """A worked solution shown folded (an HTML ``<details>`` block) until clicked."""

    name: str
    explanation: str
    code: str

    def __str__(self) -> str:
        return f"{self.explanation}\n\n{self.code}"

    def _repr_html_(self) -> str:
        return (
            '<details class="bt-solution"><summary style="cursor:pointer;color:#1f77b4">'
            f"Show a solution ({html.escape(self.name)})</summary>"
            f"<p>{html.escape(self.explanation)}</p>"
            f'<pre style="background:#f6f8fa;padding:6px">{html.escape(self.code)}</pre>'
            "</details>"
        )


def show_solution(name: str) -> Solution:
    """The solution of exercise ``name`` ("sigma_prime", "dJ_dW1", "dJ_dW0"), folded."""
    if name not in SOLUTIONS:
        raise ValueError(f"no solution called {name!r}: use one of {sorted(SOLUTIONS)}")
    return Solution(name, *SOLUTIONS[name])
