"""The backward pass in matrix form: each line checked on its own, shapes strictly."""

import pytest

import backprop_tutorial as bt
from backprop_tutorial.teaching.backward import LINES, solution


@pytest.fixture(scope="module")
def case():
    return bt.BackwardCase(batch=16, seed=0)


@pytest.fixture(scope="module")
def lines(case):
    return solution(case.W, case.b, case.S, case.a, case.Y)


def test_the_reference_lines_are_all_correct(case, lines):
    verdicts = bt.check_backward(solution, case)
    assert len(verdicts) == len(LINES) and all(verdicts)
    assert lines["dW[0]"].shape == case.W[0].shape == (32, 64)


def test_a_row_for_a_vector_is_refused_with_the_reason(case, lines):
    v = case.check("db[0]", lines["db[0]"][None, :])
    assert not v and "(32,)" in v.message and "(1, 32)" in v.message and "keepdims" in v.message


@pytest.mark.parametrize(
    "name, wrong, words",
    [
        ("dW[0]", lambda l: l["dW[0]"].T, "transpose"),
        ("dS[1]", lambda l: l["dS[1]"] * 16, "1/B"),
        ("dS[0]", lambda l: l["da[1]"], "σ'(S[0])"),
        ("dW[1]", lambda l: -l["dW[1]"], "sign"),
        ("da[1]", lambda l: l["dS[0]"], "before the σ'"),
        ("db[1]", lambda l: l["db[1]"] + 1, "right shape but not the right numbers"),
    ],
)
def test_each_line_gets_a_diagnosis(case, lines, name, wrong, words):
    v = case.check(name, wrong(lines))
    assert not v and words in v.message


@pytest.mark.parametrize("answer, status", [(..., "not yet"), (None, "not yet"), ([1, 2], "wrong")])
def test_placeholders_and_non_arrays(case, answer, status):
    assert case.check("db[1]", answer).status == status


def test_a_function_that_raises_gets_a_verdict(case):
    def broken(W, b, S, a, Y):
        raise KeyError("dS")

    (v,) = bt.check_backward(broken, case)
    assert not v and "KeyError" in v.message


def test_the_lines_train_the_digits_as_well_as_network():
    result = bt.train_with_backward(solution, epochs=30)
    assert result["yours"] == pytest.approx(result["network"], abs=1e-12)
    assert result["yours"] > 0.75
