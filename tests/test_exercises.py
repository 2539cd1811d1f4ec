"""Exercise checks: "not yet" for placeholders, "correct", and each diagnosis."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial import exercises as ex
from backprop_tutorial.activations import sigmoid, sigmoid_prime


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
        (lambda p: "abc", "not a number"),
        (lambda p: 0.25, "at p ="),
    ],
)
def test_sigma_prime_diagnoses(fn, phrase):
    v = ex.check_sigma_prime(fn)
    assert v.status == "wrong" and not v
    assert phrase in v.message, v.message


def test_sigma_prime_not_a_function():
    assert "expected a function" in ex.check_sigma_prime(0.25).message


# -- dJ/dW1 -----------------------------------------------------------------------


@pytest.fixture
def v():
    vals = bt.ChainNetwork(**ex.EXERCISE).values()
    vals["ds0"] = sigmoid_prime(vals["p0"])
    vals["ds1"] = sigmoid_prime(vals["p1"])
    vals["err"] = vals["y_hat"] - vals["y"]
    return vals


def test_dJ_dW1_not_yet():
    assert ex.check_dJ_dW1(...).status == "not yet"
    assert ex.check_dJ_dW1(None).status == "not yet"


def test_dJ_dW1_correct_matches_backprop():
    g = bt.ChainNetwork(**ex.EXERCISE).gradient()
    assert ex.check_dJ_dW1(g[1])
    assert ex.check_dJ_dW1(round(g[1], 4))  # a rounded answer is fine
    assert not ex.check_dJ_dW1(g[0])


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (lambda v: -v["x1"] * v["err"] * v["ds1"], "sign error"),
        (lambda v: v["x1"] * v["err"], "off by the factor σ'(P1): did you forget the activation?"),
        (lambda v: v["err"] * v["ds1"], "that is dJ/dP1"),
        (lambda v: v["w1"] * v["err"] * v["ds1"], "dP1/dW1 = X1"),
        (lambda v: v["x1"] * v["err"] * v["y_hat"], "σ(P1) instead of σ'(P1)"),
        (lambda v: v["x"] * v["err"] * v["ds1"], "multiplied by x"),
        (lambda v: 12.0, "does not match a usual slip"),
    ],
)
def test_dJ_dW1_diagnoses(v, answer, phrase):
    verdict = ex.check_dJ_dW1(answer(v))
    assert verdict.status == "wrong"
    assert phrase in verdict.message, verdict.message


def test_dJ_dW1_other_values_and_bad_input():
    g = bt.ChainNetwork(x=2.0, y=0.1, w0=-0.3, w1=1.5).gradient()
    assert ex.check_dJ_dW1(g[1], x=2.0, y=0.1, w0=-0.3, w1=1.5)
    assert "expected one number" in ex.check_dJ_dW1("abc").message
    assert "expected one number" in ex.check_dJ_dW1(float("nan")).message
    assert "expected one number" in ex.check_dJ_dW1([1, 2]).message
    with pytest.raises(ValueError, match="unknown parameter"):
        ex.check_dJ_dW1(0.1, b0=1.0)


# -- dJ/dW0 -----------------------------------------------------------------------


def test_dJ_dW0_correct_and_not_yet():
    g = bt.ChainNetwork(**ex.EXERCISE).gradient()
    assert ex.check_dJ_dW0(g[0])
    assert ex.check_dJ_dW0(...).status == "not yet"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (lambda v: -v["x"] * v["ds0"] * v["w1"] * v["err"] * v["ds1"], "sign error"),
        (lambda v: v["ds0"] * v["w1"] * v["err"] * v["ds1"], "a factor of X0 is missing"),
        (lambda v: v["x"] * v["w1"] * v["err"] * v["ds1"], "off by the factor σ'(P0)"),
        (lambda v: v["x"] * v["ds0"] * v["w1"] * v["err"], "off by the factor σ'(P1)"),
        (lambda v: v["x"] * v["ds0"] * v["err"] * v["ds1"], "dP1/dX1 = W1 is missing"),
        (lambda v: v["x"] * v["ds0"] * v["x1"] * v["err"] * v["ds1"], "used X1 where"),
        (lambda v: v["x"] * v["x1"] * v["w1"] * v["err"] * v["ds1"], "σ(P0) instead of σ'(P0)"),
        (lambda v: v["x"] * v["ds0"] * v["w1"] * v["err"] * v["y_hat"], "σ(P1) instead"),
        (lambda v: v["x1"] * v["err"] * v["ds1"], "the other weight's gradient"),
        (lambda v: v["w1"] * v["err"] * v["ds1"], "that is dJ/dX1"),
        (lambda v: v["x"] ** 2 * v["ds0"] * v["w1"] * v["err"] * v["ds1"], "X0 appears twice"),
    ],
)
def test_dJ_dW0_diagnoses(v, answer, phrase):
    verdict = ex.check_dJ_dW0(answer(v))
    assert verdict.status == "wrong"
    assert phrase in verdict.message, verdict.message


@pytest.mark.parametrize("mistakes", [ex._dJ_dW1_mistakes, ex._dJ_dW0_mistakes])
def test_exercise_values_keep_every_diagnosis_apart(mistakes):
    correct, slips = mistakes(ex._forward(**ex.EXERCISE))
    values = [correct] + [value for value, _ in slips]
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            assert abs(a - b) > 0.1 * max(abs(a), abs(b))


def test_missing_x0_is_not_diagnosed_when_x_is_one():
    # With x = 1 the answer without X0 is the right answer: it must be accepted.
    params = dict(x=1.0, y=0.9, w0=0.5, w1=-1.0)
    g = bt.ChainNetwork(**params).gradient()
    assert ex.check_dJ_dW0(g[0], **params)


# -- display and solutions -----------------------------------------------------------


def test_verdict_display():
    v = ex.check_dJ_dW1(...)
    assert "not yet" in v._repr_html_() and str(v).startswith("✎ not yet")
    assert "#2ca02c" in ex.check_sigma_prime(sigmoid_prime)._repr_html_()


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
    elif name == "dJ_dW1":
        assert ex.check_dJ_dW1(scope["dJ_dW1"])
    else:
        assert ex.check_dJ_dW0(scope["dJ_dW0"])


def test_unknown_solution():
    with pytest.raises(ValueError, match="no solution called"):
        ex.show_solution("nope")
