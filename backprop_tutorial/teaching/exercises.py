"""Checks for notebook 1's exercises (numpy only).

The learner replaces a marked placeholder (``...``) with a function or a number and
calls a ``check_*`` function.  A check never raises, so the notebook runs top to
bottom before anything is solved: it returns a :class:`Verdict` that says "not yet",
"correct", or what the likely mistake is ("off by the factor σ'(p1): did you forget
the activation?").  Whatever it is given (a string, None, NaN, an array, 10**400), a
check answers with a verdict.  :func:`show_solution` shows a worked answer, folded by default.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import numpy as np

from ..core.activations import sigmoid, sigmoid_prime
from ..core.chain import ChainNetwork
from ..ui.style import int_digits, var

# The values the exercises use.  Chosen so that every slip the checks know gives a
# different number (at least 14 % apart): x is not 1 (a missing x shows), w1 is not
# -1 (a missing w1 is not a sign error), w0 is neither 1 nor w1 (w0 used in place of w1
# is not "w1 is missing"), and so on.  tests/test_exercises.py checks it.
EXERCISE = {"x": 0.5, "y": 0.9, "w0": 0.8, "w1": -1.5}

NOT_YET, CORRECT, WRONG = "not yet", "correct", "wrong"
_ICON = {NOT_YET: "✎", CORRECT: "✔", WRONG: "✘"}
# Colour-blind-safe roles, in the theme's shade (light or dark); the icon (✎ ✔ ✘) and the
# word carry the verdict as well.
_COLOR = {NOT_YET: var("muted"), CORRECT: var("param"), WRONG: var("error")}


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


@dataclass(frozen=True)
class EngineVerdict(Verdict):
    """A :class:`~.exercises.Verdict` with the counterexample of an engine check.

    Attributes
    ----------
    n_checked : int
        Expressions (or network cases) checked.
    op : str or None
        The operation the smallest failing expression ends with.
    expression : str
        That expression, as code to paste into a cell.
    learner, correct, numeric : dict
        Gradient per leaf: the engine's, the reference's, central differences.
    diagnosis : str
        The likely slip.
    """

    n_checked: int = 0
    op: str | None = None
    expression: str = ""
    learner: dict = field(default_factory=dict)
    correct: dict = field(default_factory=dict)
    numeric: dict = field(default_factory=dict)
    diagnosis: str = ""

    def _rows(self):
        for k in self.correct:
            yield k, self.learner.get(k, math.nan), self.correct[k], self.numeric.get(k, math.nan)

    def __str__(self) -> str:
        lines = [super().__str__()]
        if self.expression:
            lines += ["", clip(self.expression)]
        if self.correct:
            lines += ["", f"{'leaf':>6} {'yours':>12} {'correct':>12} {'central diff':>13}"]
            lines += [f"{k:>6} {y:>12.6g} {c:>12.6g} {n:>13.6g}" for k, y, c, n in self._rows()]
        if self.diagnosis:
            lines += ["", f"Likely slip: {self.diagnosis}"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        color = _COLOR[self.status]
        parts = [
            f'<div class="bt-verdict" style="border-left:4px solid {color};padding:4px 10px;'
            f'font-size:14px"><b style="color:{color}">{_ICON[self.status]} {self.status}</b>'
            f" — {html.escape(self.message)}"
        ]
        if self.expression:
            parts.append(f"<pre>{html.escape(clip(self.expression))}</pre>")
        if self.correct:
            head = "".join(f"<th>{h}</th>" for h in ("leaf", "yours", "correct", "central diff"))
            rows = "".join(
                f"<tr><td>{html.escape(k)}</td><td style='color:{var('backward')}'>{y:.6g}"
                f"</td><td>{c:.6g}</td><td>{n:.6g}</td></tr>"
                for k, y, c, n in self._rows()
            )
            parts.append(f"<table><tr>{head}</tr>{rows}</table>")
        if self.diagnosis:
            parts.append(f"<p><b>Likely slip:</b> {html.escape(self.diagnosis)}</p>")
        return "".join(parts) + "</div>"


def clip(text: str, n: int = 14) -> str:
    lines = text.splitlines()
    if len(lines) <= n:
        return text
    return "\n".join(lines[: n // 2] + [f"... ({len(lines) - n} lines) ..."] + lines[-n // 2 :])


def _unsolved(answer) -> bool:
    return answer is None or answer is Ellipsis


def _as_number(answer):
    """``float(answer)`` or None when it is not a single finite number.

    Strings and booleans are not numbers here (``"0.5"`` is text); an int too large
    for a float (``10**400``), NaN, infinities and arrays of more than one value give
    None as well.
    """
    if isinstance(answer, (str, bytes, bool, np.bool_)):
        return None
    try:
        with np.errstate(all="ignore"):
            value = float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError, OverflowError):
        return None
    return value if np.isfinite(value) else None


def _short(answer) -> str:
    """A short description of what the learner gave (never a 4,000-digit repr)."""
    if isinstance(answer, int) and not isinstance(answer, bool) and abs(answer) >= 10**15:
        return f"an integer of {int_digits(answer)} digits, too large for a float"
    if isinstance(answer, str):
        shown = repr(answer if len(answer) <= 40 else answer[:37] + "...")
        return f"the text {shown} (remove the quotes to give a number)"
    if isinstance(answer, np.ndarray) or isinstance(answer, (list, tuple)):
        size = np.size(answer) if not isinstance(answer, (list, tuple)) else len(answer)
        return f"{type(answer).__name__} of {size} values (give one number)"
    try:
        shown = repr(answer)
    except Exception:  # noqa: BLE001 - any object may come in
        shown = f"a {type(answer).__name__}"
    return shown if len(shown) <= 60 else shown[:57] + "..."


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
    """Check a learner's ``sigma_prime(p)``, the derivative of the sigmoid.  Never raises.

    Parameters
    ----------
    fn : callable or ``...``
        A function of one float.  Left as ``...`` (or returning ``...``/None): "not yet".
    """
    return _guarded(lambda: _check_sigma_prime(fn))


def _check_sigma_prime(fn) -> Verdict:
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
            return Verdict(
                WRONG, f"at p={p} your function returned {_short(out)}, not one finite number."
            )
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
    # The chain's own forward pass (its recorded graph), not a second copy of it.
    v = ChainNetwork(x=x, y=y, w0=w0, w1=w1).values()
    p0, x1, p1, y_hat = v["p0"], v["x1"], v["p1"], v["y_hat"]
    return {
        "x": x,
        "y": y,
        "w0": w0,
        "w1": w1,
        "p0": p0,
        "x1": x1,
        "p1": p1,
        "y_hat": y_hat,
        "J": v["J"],
        "ds0": sigmoid_prime(p0),
        "ds1": sigmoid_prime(p1),
        "ds_yhat": sigmoid_prime(y_hat),
        "err": y_hat - y,
    }


def _params(params: dict) -> dict:
    """The exercise values with the learner's overrides; ValueError for bad ones."""
    unknown = set(params) - set(EXERCISE)
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {sorted(EXERCISE)}")
    out = dict(EXERCISE)
    for k, v in params.items():
        value = _as_number(v)
        if value is None:
            raise ValueError(f"{k} must be one finite number, got {_short(v)}")
        out[k] = value
    return out


def _dJ_dw1_mistakes(v: dict) -> tuple:
    """The right dJ/dw1 and the usual slips ``[(value, message)]``."""
    dJ_dp1 = v["err"] * v["ds1"]
    x1, err = v["x1"], v["err"]
    correct = x1 * dJ_dp1
    mistakes = [
        (-correct, "sign error: ∂J/∂ŷ = ŷ − y, not y − ŷ."),
        (x1 * err, "off by the factor σ'(p1): did you forget the activation?"),
        (
            -x1 * err,
            "two slips: the sign (∂J/∂ŷ = ŷ − y, not y − ŷ) and the factor σ'(p1) is "
            "missing (the activation).",
        ),
        (dJ_dp1, "that is dJ/dp1; multiply by the local derivative ∂p1/∂w1 = x1."),
        (v["w1"] * dJ_dp1, "you multiplied by w1, but ∂p1/∂w1 = x1 (w1 is ∂p1/∂x1)."),
        (x1 * err * v["y_hat"], "you used σ(p1) instead of σ'(p1) = σ(p1)(1 − σ(p1))."),
        (
            x1 * err * v["ds_yhat"],
            "you took σ' at ŷ: the activation's derivative is taken at its input, "
            "σ'(p1) = ŷ(1 − ŷ), not σ'(ŷ).",
        ),
        (
            x1 * v["J"] * v["ds1"],
            "you used the cost J where its derivative belongs: ∂J/∂ŷ = ŷ − y.",
        ),
        (v["p1"] * dJ_dp1, "you multiplied by p1; the local derivative ∂p1/∂w1 is x1."),
        (v["x"] * dJ_dp1, "you multiplied by x; in p1 = w1·x1 the weight multiplies x1."),
    ]
    return correct, mistakes


def _dJ_dw0_mistakes(v: dict) -> tuple:
    """The right dJ/dw0 and the usual slips ``[(value, message)]``."""
    dJ_dp1 = v["err"] * v["ds1"]
    x, ds0, w1, err = v["x"], v["ds0"], v["w1"], v["err"]
    correct = x * ds0 * w1 * dJ_dp1
    mistakes = [
        (-correct, "sign error: check the sign of each factor (w1 and ŷ − y can be negative)."),
        (ds0 * w1 * dJ_dp1, "that is dJ/dp0; one factor more: ∂p0/∂w0 = x."),
        (x * w1 * dJ_dp1, "off by the factor σ'(p0): did you forget the first activation?"),
        (x * ds0 * w1 * err, "off by the factor σ'(p1): did you forget the second activation?"),
        (
            x * w1 * err,
            "both activations' factors are missing: σ'(p0) and σ'(p1) (each σ on the way "
            "contributes its derivative).",
        ),
        (x * ds0 * dJ_dp1, "the factor ∂p1/∂x1 = w1 is missing."),
        (x * ds0 * v["x1"] * dJ_dp1, "you used x1 where ∂p1/∂x1 = w1 belongs."),
        (
            x * ds0 * v["w0"] * dJ_dp1,
            "you used w0 where ∂p1/∂x1 = w1 belongs: in p1 = w1·x1 the factor next to x1 is w1.",
        ),
        (x * v["x1"] * w1 * dJ_dp1, "you used σ(p0) instead of σ'(p0) = σ(p0)(1 − σ(p0))."),
        (x * ds0 * w1 * err * v["y_hat"], "you used σ(p1) instead of σ'(p1)."),
        (
            x * ds0 * w1 * err * v["ds_yhat"],
            "you took σ' at ŷ: it is taken at the activation's input, σ'(p1), not σ'(ŷ).",
        ),
        (
            x * ds0 * w1 * v["J"] * v["ds1"],
            "you used the cost J where its derivative belongs: ∂J/∂ŷ = ŷ − y.",
        ),
        (v["x1"] * dJ_dp1, "that is dJ/dw1, the other weight's gradient."),
        (w1 * dJ_dp1, "that is dJ/dx1; keep going back: times ∂x1/∂p0 and ∂p0/∂w0."),
        (x * x * ds0 * w1 * dJ_dp1, "x appears twice: ∂p0/∂w0 = x only once."),
    ]
    return correct, mistakes


def _check_product(answer, params: dict, mistakes) -> Verdict:
    if _unsolved(answer):
        return Verdict(NOT_YET, "replace the ... with your number.")
    value = _as_number(answer)
    if value is None:
        return Verdict(WRONG, f"expected one finite number, got {_short(answer)}.")
    try:
        values = _forward(**_params(params))
    except ValueError as exc:
        return Verdict(WRONG, f"cannot check with these values: {exc}.")
    return _diagnose(value, *mistakes(values))


def check_dJ_dw1(answer, **params) -> Verdict:
    """Check a number for ``dJ/dw1 = ∂p1/∂w1 · dJ/dp1 = x1 · (ŷ − y) · σ'(p1)``.

    Never raises: anything that is not one finite number gets a "wrong" verdict that
    says what was received.

    Parameters
    ----------
    answer : float or ``...``
    **params
        x, y, w0, w1 (default :data:`EXERCISE`).
    """
    return _guarded(lambda: _check_product(answer, params, _dJ_dw1_mistakes))


def check_dJ_dw0(answer, **params) -> Verdict:
    """Check a number for ``dJ/dw0 = ∂p0/∂w0 · ∂x1/∂p0 · ∂p1/∂x1 · dJ/dp1``
    ``= x · σ'(p0) · w1 · (ŷ − y) σ'(p1)``.  Never raises.

    Parameters
    ----------
    answer : float or ``...``
    **params
        x, y, w0, w1 (default :data:`EXERCISE`).
    """
    return _guarded(lambda: _check_product(answer, params, _dJ_dw0_mistakes))


def _guarded(check) -> Verdict:
    """Run a check; a failure of the check itself is a verdict, never an exception."""
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - a check must never raise in a learner's cell
        return Verdict(WRONG, f"could not check this answer ({type(exc).__name__}: {exc}).")


# ---------------------------------------------------------------------------
# Solutions, folded until the learner opens them
# ---------------------------------------------------------------------------

SOLUTIONS = {
    "sigma_prime": (
        "The sigmoid's derivative, written with the sigmoid itself:",
        "def sigma_prime(p):\n    s = 1 / (1 + np.exp(-p))\n    return s * (1 - s)",
    ),
    "dJ_dw1": (
        "dJ/dw1 = ∂p1/∂w1 · dJ/dp1 = x1 · (ŷ − y) · σ'(p1):",
        'dJ_dw1 = v["x1"] * (v["y_hat"] - v["y"]) * bt.sigmoid_prime(v["p1"])',
    ),
    "dJ_dw0": (
        "dJ/dw0 = ∂p0/∂w0 · ∂x1/∂p0 · ∂p1/∂x1 · dJ/dp1 = x · σ'(p0) · w1 · dJ/dp1, "
        "reusing dJ/dp1 from the previous exercise:",
        'dJ_dp1 = (v["y_hat"] - v["y"]) * bt.sigmoid_prime(v["p1"])\n'
        'dJ_dw0 = v["x"] * bt.sigmoid_prime(v["p0"]) * v["w1"] * dJ_dp1',
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
            f'<details class="bt-solution"><summary style="cursor:pointer;color:{var("forward")}">'
            f"Show a solution ({html.escape(self.name)})</summary>"
            f"<p>{html.escape(self.explanation)}</p>"
            '<pre style="background:var(--jp-layout-color2, #f6f8fa);padding:6px">'
            f"{html.escape(self.code)}</pre>"
            "</details>"
        )


def show_solution(name: str) -> Solution:
    """The solution of exercise ``name`` ("sigma_prime", "dJ_dw1", "dJ_dw0"), folded."""
    if name not in SOLUTIONS:
        raise ValueError(f"no solution called {name!r}: use one of {sorted(SOLUTIONS)}")
    return Solution(name, *SOLUTIONS[name])
