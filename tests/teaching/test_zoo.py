"""The bug zoo: every engine trains and looks plausible, and check_engine catches each."""

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.teaching.backward import train_gradients_function

# The slip the checker must name for each engine (a word of its diagnosis).
SLIP = {
    "overwrite": "+=",
    "not_topological": "topological",
    "pile_up": "pile up",
    "tanh_at_input": "tanh'",
    "sigmoid_at_output": "σ'",
    "upstream_forgotten": "upstream",
    "power_off_by_one": "off-by-one",
    "sign_in_sub": "sign",
    "transposed_dW": "transpose",
    "forgotten_1_over_B": "1/B",
    "softmax_no_max": "max",
}


def test_the_zoo_has_at_least_eight_engines_with_a_reveal_each():
    names = bt.zoo.engines()
    assert set(names) == set(SLIP) and len(names) >= 8
    for name in names:
        r = bt.zoo.reveal(name)
        assert r.bug and r.why_it_trains and r.fix and name in str(r)
        assert "Fix" in r._repr_html_()


@pytest.mark.parametrize("name", list(SLIP))
def test_the_checker_catches_each_engine_within_200_graphs_and_names_the_slip(name):
    v = bt.check_engine(bt.zoo.engine(name), n_graphs=200, seed=0)
    assert not v
    assert v.n_checked <= 200
    assert SLIP[name] in v.diagnosis


@pytest.mark.parametrize("name", bt.zoo.SCALAR)
def test_each_scalar_engine_trains(name):
    X, y = bt.make_dataset("moons", 30, rng=0)
    result = bt.train_engine(bt.zoo.engine(name), X, y, epochs=20)
    losses = result["losses"]
    assert np.all(np.isfinite(losses))
    assert losses[-1] < 0.95 * losses[0]


@pytest.mark.parametrize("name", bt.zoo.MATRIX)
def test_each_matrix_engine_trains_on_a_square_network(name):
    X, y = bt.make_dataset("moons", 16, rng=0)
    Y = np.hstack([1 - y, y])
    net = bt.Network([2, 2, 2], "tanh", "softmax_cross_entropy", rng=0)
    losses = train_gradients_function(bt.zoo.engine(name), net, X, Y, 0.1, 100)
    assert np.all(np.isfinite(losses))
    assert losses[-1] < 0.85 * losses[0]


def test_the_reference_matrix_function_passes_and_equals_network_gradients():
    assert bt.check_engine(bt.zoo.reference_gradients)


def test_an_unknown_name_lists_the_zoo():
    with pytest.raises(ValueError, match="overwrite"):
        bt.zoo.engine("nope")
