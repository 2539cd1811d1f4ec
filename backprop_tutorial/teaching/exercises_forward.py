"""Notebook 4's exercise: one forward-mode tangent step, checked with a diagnosis.

The learner computes ``dp1/dw0``, the tangent of ``p1 = w1 · x1`` in the forward-mode
pass seeded at ``w0``, from the values and tangents already known:
``dp1/dw0 = x1 · dw1/dw0 + w1 · dx1/dw0 = w1 · dx1/dw0`` (``dw1/dw0 = 0``).
"""

from __future__ import annotations

from ..core.activations import sigmoid, sigmoid_prime
from .exercises import EXERCISE, NOT_YET, WRONG, Solution, Verdict, _as_number, _diagnose, _unsolved


def known_before_p1(**params) -> dict:
    """Values and tangents (tangent seed w0) known when the pass reaches p1."""
    v = {**EXERCISE, **{k: float(x) for k, x in params.items()}}
    p0 = v["w0"] * v["x"]
    x1 = sigmoid(p0)
    return {
        "x": v["x"],
        "w0": v["w0"],
        "w1": v["w1"],
        "p0": p0,
        "x1": x1,
        "dw0_dw0": 1.0,
        "dw1_dw0": 0.0,
        "dp0_dw0": v["x"],
        "dx1_dw0": sigmoid_prime(p0) * v["x"],
    }


def _mistakes(t: dict) -> tuple:
    correct = t["w1"] * t["dx1_dw0"]
    mistakes = [
        (-correct, "sign error: the local derivative dp1/dx1 is w1 itself, sign included."),
        (t["dx1_dw0"], "that is dx1/dw0; multiply it by the local derivative dp1/dx1 = w1."),
        (
            t["x1"] * t["dx1_dw0"],
            "you multiplied by x1, but in p1 = w1 · x1 the factor of x1 is w1.",
        ),
        (
            t["x1"] + t["w1"] * t["dx1_dw0"],
            "you gave w1 the tangent 1: but this pass is seeded at w0, so dw1/dw0 = 0.",
        ),
        (t["w1"], "that is only the local derivative dp1/dx1 = w1: times the tangent dx1/dw0."),
        (t["w1"] * t["dp0_dw0"], "you used dp0/dw0; p1 is computed from x1, so use dx1/dw0."),
        (
            t["w1"] * t["dx1_dw0"] / t["x"],
            "that is w1 · σ'(p0): the factor dp0/dw0 = x inside dx1/dw0 is missing.",
        ),
        (t["w1"] * t["x1"] * t["x"], "you used σ(p0) where dx1/dw0 needs σ'(p0)."),
    ]
    return correct, mistakes


def check_tangent_step(answer, **params) -> Verdict:
    """Check a number for ``dp1/dw0`` (forward mode, tangent seed w0)."""
    if _unsolved(answer):
        return Verdict(NOT_YET, "replace the ... with your number.")
    value = _as_number(answer)
    if value is None:
        return Verdict(WRONG, f"expected one number, got {answer!r}.")
    return _diagnose(value, *_mistakes(known_before_p1(**params)))


SOLUTION = (
    "dp1/dw0 = x1 · dw1/dw0 + w1 · dx1/dw0, and dw1/dw0 = 0 in this pass:",
    'dp1_dw0 = t["x1"] * t["dw1_dw0"] + t["w1"] * t["dx1_dw0"]',
)


def show_solution() -> Solution:
    """The worked solution, folded until clicked."""
    return Solution("dp1_dw0", *SOLUTION)
