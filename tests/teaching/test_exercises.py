"""Exercise checks: "not yet" for placeholders, "correct", and each diagnosis."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.core.activations import sigmoid, sigmoid_prime
from backprop_tutorial.teaching import exercises as ex
from backprop_tutorial.ui.style import COLORS


def s(p):
    return sigmoid(p)


# -- sigma_prime ------------------------------------------------------------------


@pytest.mark.parametrize("answer", [..., None, lambda p: ..., lambda p: None])
def test_sigma_prime_not_yet(answer):
    v = ex.check_sigma_prime(answer)
    assert v.status == "not yet" and not v


@pytest.mark.parametrize(
    "fn",
    [
        lambda p: s(p) * (1 - s(p)),
        lambda p: np.exp(-p) / (1 + np.exp(-p)) ** 2,
        sigmoid_prime,
    ],
)
def test_sigma_prime_correct(fn):
    v = ex.check_sigma_prime(fn)
    assert v.status == "correct" and v


@pytest.mark.parametrize(
    "fn, phrase",
    [
        (lambda p: s(p), "you returned σ(p) itself"),
        (lambda p: -s(p) * (1 - s(p)), "sign error"),
        (lambda p: p * (1 - p), "you wrote p(1 − p)"),
        (lambda p: 1 - s(p), "factor σ(p) is missing"),
        (lambda p: s(p) * (1 + s(p)), "with a minus"),
        (lambda p: s(p) ** 2, "σ(p)²"),
        (lambda p: 1 / 0, "raised ZeroDivisionError"),
        (lambda p: "abc", "not one finite number"),
        (lambda p: 0.25, "at p ="),
    ],
)
def test_sigma_prime_diagnoses(fn, phrase):
    v = ex.check_sigma_prime(fn)
    assert v.status == "wrong" and not v
    assert phrase in v.message, v.message


def test_sigma_prime_not_a_function():
    assert "expected a function" in ex.check_sigma_prime(0.25).message


# -- dJ/dw1 -----------------------------------------------------------------------


@pytest.fixture
def v():
    vals = bt.ChainNetwork(**ex.EXERCISE).values()
    vals["ds0"] = sigmoid_prime(vals["p0"])
    vals["ds1"] = sigmoid_prime(vals["p1"])
    vals["err"] = vals["y_hat"] - vals["y"]
    return vals


def test_exercise_values_tell_w0_from_w1_and_from_one():
    assert ex.EXERCISE["w0"] not in (1.0, ex.EXERCISE["w1"], -ex.EXERCISE["w1"])
    assert ex.EXERCISE["x"] != 1.0


def test_dJ_dw1_not_yet():
    assert ex.check_dJ_dw1(...).status == "not yet"
    assert ex.check_dJ_dw1(None).status == "not yet"


def test_dJ_dw1_correct_matches_backprop():
    g = bt.ChainNetwork(**ex.EXERCISE).gradient()
    assert ex.check_dJ_dw1(g[1])
    assert ex.check_dJ_dw1(round(g[1], 4))  # a rounded answer is fine
    assert not ex.check_dJ_dw1(g[0])


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (lambda v: -v["x1"] * v["err"] * v["ds1"], "sign error"),
        (lambda v: v["x1"] * v["err"], "off by the factor σ'(p1): did you forget the activation?"),
        (lambda v: -v["x1"] * v["err"], "two slips: the sign"),
        (lambda v: v["err"] * v["ds1"], "that is dJ/dp1"),
        (lambda v: v["w1"] * v["err"] * v["ds1"], "∂p1/∂w1 = x1"),
        (lambda v: v["x1"] * v["err"] * v["y_hat"], "σ(p1) instead of σ'(p1)"),
        (lambda v: v["x1"] * v["err"] * sigmoid_prime(v["y_hat"]), "not σ'(ŷ)"),
        (lambda v: v["x1"] * v["J"] * v["ds1"], "you used the cost J"),
        (lambda v: v["x"] * v["err"] * v["ds1"], "multiplied by x"),
        (lambda v: 12.0, "does not match a usual slip"),
    ],
    ids=[
        "sign",
        "no-sigma",
        "sign-and-no-sigma",
        "dJ_dp1",
        "w1",
        "sigma",
        "sigma-of-yhat",
        "J",
        "x",
        "other",
    ],
)
def test_dJ_dw1_diagnoses(v, answer, phrase):
    verdict = ex.check_dJ_dw1(answer(v))
    assert verdict.status == "wrong"
    assert phrase in verdict.message, verdict.message


def test_dJ_dw1_other_values_and_bad_parameters():
    g = bt.ChainNetwork(x=2.0, y=0.1, w0=-0.3, w1=1.5).gradient()
    assert ex.check_dJ_dw1(g[1], x=2.0, y=0.1, w0=-0.3, w1=1.5)
    assert "unknown parameter" in ex.check_dJ_dw1(0.1, b0=1.0).message
    assert "cannot check" in ex.check_dJ_dw1(0.1, x="one").message


BAD_ANSWERS = {
    "text": "abc",
    "number-as-text": "0.1",
    "nan": float("nan"),
    "inf": float("inf"),
    "1e400": 10**400,
    "1e5000": 10**5000,
    "array": np.array([1.0, 2.0]),
    "list": [1, 2],
    "dict": {},
    "complex": 1j,
    "bool": True,
    "object": object(),
}


@pytest.mark.parametrize("name", sorted(BAD_ANSWERS))
@pytest.mark.parametrize("check", [ex.check_dJ_dw1, ex.check_dJ_dw0])
def test_checks_never_raise_on_bad_answers(check, name):
    verdict = check(BAD_ANSWERS[name])
    assert verdict.status == "wrong" and "expected one finite number" in verdict.message
    assert len(verdict.message) < 200


@pytest.mark.parametrize("name", sorted(BAD_ANSWERS))
def test_sigma_prime_check_never_raises_on_bad_returns(name):
    verdict = ex.check_sigma_prime(lambda p: BAD_ANSWERS[name])
    assert verdict.status == "wrong" and len(verdict.message) < 200


def test_a_one_element_array_is_a_number():
    g = bt.ChainNetwork(**ex.EXERCISE).gradient()
    assert ex.check_dJ_dw1(np.array([g[1]]))


# -- dJ/dw0 -----------------------------------------------------------------------


def test_dJ_dw0_correct_and_not_yet():
    g = bt.ChainNetwork(**ex.EXERCISE).gradient()
    assert ex.check_dJ_dw0(g[0])
    assert ex.check_dJ_dw0(...).status == "not yet"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (lambda v: -v["x"] * v["ds0"] * v["w1"] * v["err"] * v["ds1"], "sign error"),
        (lambda v: v["ds0"] * v["w1"] * v["err"] * v["ds1"], "∂p0/∂w0 = x"),
        (lambda v: v["x"] * v["w1"] * v["err"] * v["ds1"], "off by the factor σ'(p0)"),
        (lambda v: v["x"] * v["ds0"] * v["w1"] * v["err"], "off by the factor σ'(p1)"),
        (lambda v: v["x"] * v["w1"] * v["err"], "both activations' factors are missing"),
        (lambda v: v["x"] * v["ds0"] * v["err"] * v["ds1"], "∂p1/∂x1 = w1 is missing"),
        (lambda v: v["x"] * v["ds0"] * v["x1"] * v["err"] * v["ds1"], "used x1 where"),
        (lambda v: v["x"] * v["ds0"] * v["w0"] * v["err"] * v["ds1"], "used w0 where"),
        (lambda v: v["x"] * v["x1"] * v["w1"] * v["err"] * v["ds1"], "σ(p0) instead of σ'(p0)"),
        (lambda v: v["x"] * v["ds0"] * v["w1"] * v["err"] * v["y_hat"], "σ(p1) instead"),
        (
            lambda v: v["x"] * v["ds0"] * v["w1"] * v["err"] * sigmoid_prime(v["y_hat"]),
            "not σ'(ŷ)",
        ),
        (lambda v: v["x"] * v["ds0"] * v["w1"] * v["J"] * v["ds1"], "you used the cost J"),
        (lambda v: v["x1"] * v["err"] * v["ds1"], "the other weight's gradient"),
        (lambda v: v["w1"] * v["err"] * v["ds1"], "that is dJ/dx1"),
        (lambda v: v["x"] ** 2 * v["ds0"] * v["w1"] * v["err"] * v["ds1"], "x appears twice"),
    ],
    ids=[
        "sign",
        "no-x",
        "no-sigma0",
        "no-sigma1",
        "no-sigmas",
        "no-w1",
        "x1-for-w1",
        "w0-for-w1",
        "sigma0",
        "sigma1",
        "sigma-of-yhat",
        "J",
        "dJ_dw1",
        "dJ_dx1",
        "x-twice",
    ],
)
def test_dJ_dw0_diagnoses(v, answer, phrase):
    verdict = ex.check_dJ_dw0(answer(v))
    assert verdict.status == "wrong"
    assert phrase in verdict.message, verdict.message


@pytest.mark.parametrize("mistakes", [ex._dJ_dw1_mistakes, ex._dJ_dw0_mistakes])
def test_exercise_values_keep_every_diagnosis_apart(mistakes):
    correct, slips = mistakes(ex._forward(**ex.EXERCISE))
    values = [correct] + [value for value, _ in slips]
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            assert abs(a - b) > 0.1 * max(abs(a), abs(b))


def test_missing_x_is_not_diagnosed_when_x_is_one():
    # With x = 1 the answer without x is the right answer: it must be accepted.
    params = dict(x=1.0, y=0.9, w0=0.5, w1=-1.0)
    g = bt.ChainNetwork(**params).gradient()
    assert ex.check_dJ_dw0(g[0], **params)


# -- display and solutions -----------------------------------------------------------


def test_verdict_display():
    v = ex.check_dJ_dw1(...)
    assert "not yet" in v._repr_html_() and str(v).startswith("✎ not yet")
    right = ex.check_sigma_prime(sigmoid_prime)._repr_html_()
    assert COLORS["param"] in right and "✔" in right  # colour-blind safe, and an icon


@pytest.mark.parametrize("name", sorted(ex.SOLUTIONS))
def test_solutions_are_folded_and_right(name):
    sol = ex.show_solution(name)
    html = sol._repr_html_()
    assert html.startswith("<details") and "<summary" in html
    # The shown code really solves the exercise.
    scope = {"np": np, "bt": bt, "v": bt.ChainNetwork(**ex.EXERCISE).values()}
    exec(sol.code, scope)
    if name == "sigma_prime":
        assert ex.check_sigma_prime(scope["sigma_prime"])
    elif name == "dJ_dw1":
        assert ex.check_dJ_dw1(scope["dJ_dw1"])
    else:
        assert ex.check_dJ_dw0(scope["dJ_dw0"])


def test_unknown_solution():
    with pytest.raises(ValueError, match="no solution called"):
        ex.show_solution("nope")
