"""Notebook 6's claims: every number the prose states and every "try this".

The exercise and solution cells are read from the notebook itself, so the test checks the
code the learner sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.teaching.backward import _case, _compare

NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "06-build-it-break-it.ipynb"


def cell(start: str) -> str:
    """The source of the one code cell that starts with ``start``."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    found = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "".join(c["source"]).startswith(start)
    ]
    assert len(found) == 1, f"{len(found)} cells start with {start!r}"
    return found[0]


def run(start: str, **names) -> dict:
    namespace = {"bt": bt, "np": np, **names}
    exec(cell(start), namespace)  # noqa: S102 - the notebook's own cell
    return namespace


@pytest.fixture(scope="module")
def exercise():
    return run("class MyValue(bt.ValueSkeleton):")["MyValue"]


@pytest.fixture(scope="module")
def solution():
    return run("# Solution\nclass MyValue")["MyValue"]


def test_section1_colah_example_and_the_second_backward():
    ns = run("a, b = bt.Value(2.0")
    a, b, e = ns["a"], ns["b"], ns["e"]
    assert (e.data, a.grad, b.grad) == (6.0, 2.0, 5.0)
    e.backward()  # "the leaves' gradients double"
    assert (a.grad, b.grad) == (4.0, 10.0)
    e.zero_grad()
    e.backward()
    assert (a.grad, b.grad) == (2.0, 5.0)


def test_section2_the_written_steps_pass_and_an_empty_one_is_caught(exercise):
    assert bt.check_engine(exercise, ops=["add", "mul"])
    v = bt.check_engine(exercise, ops=["sub"])
    assert not v and "adds nothing" in v.diagnosis


def test_section2_try_a_wrong_sign_on_b(solution):
    class WrongSign(solution):
        def backward_sub(self, a, b):
            a.grad += self.grad
            b.grad += self.grad

    v = bt.check_engine(WrongSign, ops=["sub"])
    assert not v
    assert " - " in v.expression.splitlines()[-2]
    assert "second operand" in v.diagnosis and "sign" in v.diagnosis


def test_section2_the_solution_passes(solution):
    assert bt.check_engine(solution)


def test_section3_the_error_curve_is_a_v_with_its_minimum_near_1e_5():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = run("def f(x):", plt=plt)
    plt.close("all")
    errors, best = ns["errors"], ns["best"]
    assert 1e-7 <= best <= 1e-4  # "in float64 near 10^-5"
    assert errors[0] > 100 * errors.min() and errors[-1] > 100 * errors.min()
    assert errors.min() < 1e-8  # "near 10^-8 or below at a good ε"


def test_section4_the_overwrite_engine_trains_and_is_caught():
    ns = run('X_moons, y_moons = bt.make_dataset("moons", 30', suspect=bt.zoo.engine("overwrite"))
    assert ns["broken"]["losses"][-1] < ns["broken"]["losses"][0]
    assert ns["right"]["losses"][-1] < ns["right"]["losses"][0]
    assert not bt.check_engine(bt.zoo.engine("overwrite"))


def test_section4_try_transposed_dW_first_case_is_square_and_non_square_refuses_by_shape():
    v = bt.check_engine(bt.zoo.engine("transposed_dW"))
    assert not v and "case 1:" in v.message and "transpose" in v.diagnosis
    sizes = v.message.split("sizes ")[1].split("]")[0]
    assert len(set(sizes.strip("[").split(", "))) == 1  # a square network
    rng = np.random.default_rng(0)
    net, X, Y = _case(rng, 1)
    assert net.sizes[0] != net.sizes[1]
    assert "must have shape" in _compare(bt.zoo.engine("transposed_dW"), net, X, Y)


def test_section5_your_engine_gives_the_same_losses_as_network(solution):
    X, y = bt.make_dataset("moons", 30, rng=0)
    mine = bt.train_engine(solution, X, y, epochs=30)
    gap = np.abs(np.subtract(mine["losses"], mine["network_losses"])).max()
    assert gap < 1e-9  # "the two loss curves are the same numbers"
    assert mine["losses"][-1] < mine["losses"][0]


def test_section6_lines_shapes_and_training():
    case = bt.BackwardCase(batch=16, seed=0)
    ns = run("# Solution\ndef my_backward", case=case)
    assert all(bt.check_backward(ns["my_backward"], case))
    v = case.check("db[0]", np.zeros((1, 32)))
    assert not v and "keepdims" in v.message
    placeholder = run("case = bt.BackwardCase(batch=16")["my_backward"]
    assert [x.status for x in bt.check_backward(placeholder, case)] == ["not yet"] * 7
    result = bt.train_with_backward(ns["my_backward"], epochs=100)
    assert result["yours"] == pytest.approx(result["network"], abs=1e-12)
