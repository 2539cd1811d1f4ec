"""Bad input raises ValueError saying what to do; extreme values stay finite and quiet."""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from fractions import Fraction

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.core import checks
from backprop_tutorial.core.activations import ACTIVATIONS, softplus
from backprop_tutorial.core.costs import get_cost


@contextmanager
def no_numpy_warnings():
    """Any numpy RuntimeWarning, or floating-point overflow/divide/invalid, fails the test.

    Underflow (exp(-1000) -> 0.0) is the correct answer, not a problem; numpy ignores it
    by default too.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            yield


def net_and_data(cost="quadratic"):
    net = bt.Network([2, 3, 1], "sigmoid", cost, rng=np.random.default_rng(0))
    return net, np.zeros((4, 2)), np.zeros((4, 1))


# -- shapes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("X", "Y", "match"),
    [
        (np.zeros((4, 3)), np.zeros((4, 1)), r"X has shape \(4, 3\) but .* expects \(batch, 2\)"),
        (np.zeros((4, 2)), np.zeros((4, 2)), r"Y has shape \(4, 2\) but .* expects \(batch, 1\)"),
        (np.zeros((4, 2)), np.zeros((3, 1)), "X has 4 examples but Y has 3"),
        (np.zeros((0, 2)), np.zeros((0, 1)), r"X has shape \(0, 2\)"),
        (np.zeros((2, 2, 2)), np.zeros((2, 1)), "one row per example"),
        (np.zeros(3), np.zeros(1), r"X has shape \(1, 3\)"),
        ([[1, 2], [3]], np.zeros((2, 1)), "X must be a rectangular array of numbers"),
        (np.zeros((4, 2)), "abc", "Y must be numeric"),
    ],
)
def test_wrong_shapes_say_what_the_network_expects(X, Y, match):
    net, _, _ = net_and_data()
    with pytest.raises(ValueError, match=match):
        net.loss(X, Y)
    with pytest.raises(ValueError, match=match):
        net.gradients(X, Y)


def test_wrong_parameter_shapes():
    net, _, _ = net_and_data()
    with pytest.raises(ValueError, match=r"W\[0\] has shape \(2, 3\), expected \(3, 2\)"):
        net.set_parameters([np.zeros((2, 3)), np.zeros((1, 3))], net.biases)
    with pytest.raises(ValueError, match=r"b\[1\] has shape \(2,\), expected \(1,\)"):
        net.set_parameters(net.weights, [np.zeros(3), np.zeros(2)])
    with pytest.raises(ValueError, match="expected 2 weight matrices and 2 bias vectors"):
        net.set_parameters(net.weights[:1], net.biases)
    with pytest.raises(ValueError, match=r"parameter vector has shape \(5,\), expected \(13,\)"):
        net.set_params(np.zeros(5))


# -- NaN and inf ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_data_is_refused(bad):
    net, X, Y = net_and_data()
    Xb = X.copy()
    Xb[1, 0] = bad
    with pytest.raises(ValueError, match="X contains 1 NaN or infinite value"):
        net.forward(Xb)
    Yb = Y.copy()
    Yb[2, 0] = bad
    with pytest.raises(ValueError, match="Y contains 1 NaN or infinite value.*clean the data"):
        net.loss(X, Yb)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_weights_are_refused(bad):
    net, _, _ = net_and_data()
    W = [w.copy() for w in net.weights]
    W[1][0, 2] = bad
    with pytest.raises(ValueError, match=r"W\[1\] contains 1 NaN or infinite"):
        net.set_parameters(W, net.biases)
    with pytest.raises(ValueError, match=r"b\[0\] contains"):
        bt.Network([2, 3, 1], weights=net.weights, biases=[np.full(3, bad), np.zeros(1)])
    theta = net.get_params()
    theta[0] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.set_params(theta)
    with pytest.raises(ValueError, match="w1 must be a finite number"):
        bt.ChainNetwork(w1=bad)


def test_non_finite_graph_values_are_refused():
    with pytest.raises(ValueError, match="non-finite value"):
        bt.core.graph.leaf("x", np.nan)


# -- names and sizes ---------------------------------------------------------------------------


def test_unknown_activation_and_cost_names_list_the_known_ones():
    known = "use one of 'sigmoid', 'tanh', 'relu', 'identity'"
    with pytest.raises(ValueError, match=f"unknown activation 'softsign': {known}"):
        bt.Network([2, 1], activation="softsign")
    with pytest.raises(ValueError, match="'softmax' is for the output layer only"):
        bt.Network([2, 1], activation="softmax")
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        bt.Network([2, 1], output_activation="swish")
    with pytest.raises(ValueError, match="unknown cost 'hinge': use one of 'quadratic', 'cross_"):
        bt.Network([2, 1], cost="hinge")
    with pytest.raises(ValueError, match="unknown activation"):
        bt.get_activation(None)
    with pytest.raises(ValueError, match="unknown cost"):
        bt.get_cost(3)
    with pytest.raises(ValueError, match="unknown activation"):
        bt.core.graph.activate(bt.core.graph.param("s", 1.0), "softsign")


def test_cross_entropy_needs_a_sigmoid_output_and_targets_in_0_1():
    with pytest.raises(ValueError, match="needs a sigmoid output.*output_activation='sigmoid'"):
        bt.Network([2, 1], cost="cross_entropy", output_activation="tanh")
    net, X, _ = net_and_data("cross_entropy")
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 1\]"):
        net.loss(X, np.full((4, 1), 2.0))


@pytest.mark.parametrize(
    ("sizes", "match"),
    [
        ([2, 0, 1], "layer 1 has width 0"),
        ([2, -3, 1], "layer 1 has width -3"),
        ([2, 2.5, 1], "layer 1 has width 2.5: every layer needs a positive integer"),
        ([2, 3.0, 1], "layer 1 has width 3.0"),
        ([2, "3", 1], "layer 1 has width '3'"),
        ([True, 1], "layer 0 has width True"),
        ([3], "need at least an input and an output layer"),
        ([], "need at least an input and an output layer"),
        (5, "layer sizes must be a list of integers"),
    ],
)
def test_layer_sizes_must_be_positive_integers(sizes, match):
    with pytest.raises(ValueError, match=match):
        bt.Network(sizes)
    with pytest.raises(ValueError, match=match):
        bt.count_paths(sizes)


def test_numpy_integer_sizes_are_fine():
    assert bt.count_paths(np.array([3, 4, 2])) == 24
    assert bt.Network(np.array([2, 3, 1]), rng=np.random.default_rng(0)).sizes == [2, 3, 1]


# -- learning rate, training ------------------------------------------------------------------


@pytest.mark.parametrize("lr", [0, -0.5, np.nan, np.inf])
def test_bad_learning_rate(lr):
    net, X, Y = net_and_data()
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        net.train(X, Y, learning_rate=lr, epochs=1)
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        bt.ChainNetwork().descend(lr)


def test_negative_epochs():
    net, X, Y = net_and_data()
    with pytest.raises(ValueError, match="epochs must be >= 0"):
        net.train(X, Y, 0.1, epochs=-1)
    with pytest.raises(ValueError, match="steps must be an integer from 0 to 100,000"):
        bt.ChainNetwork().descend(0.1, steps=-2)


def test_divergence_is_reported_quietly_and_leaves_a_usable_network():
    rng = np.random.default_rng(0)
    net = bt.Network([2, 5, 1], "identity", rng=rng)
    X, Y = 10 * rng.normal(size=(20, 2)), rng.normal(size=(20, 1))
    with no_numpy_warnings(), pytest.raises(ValueError, match="diverged.*lower the learning rate"):
        net.train(X, Y, learning_rate=1e3, epochs=200)
    # The network keeps its last parameters with a finite loss, so the learner can go on.
    assert np.all(np.isfinite(net.get_params()))
    with no_numpy_warnings():
        assert np.isfinite(net.loss(X, Y))


# -- paths, landscape, graph replay -------------------------------------------------------------


def test_enumeration_too_large_names_the_exact_count():
    net = bt.Network([8, 8, 8, 8, 8, 1], rng=np.random.default_rng(0))
    total = bt.count_parameter_paths(net.sizes)
    with pytest.raises(
        ValueError, match=rf"would visit {total:,} \(parameter, path\) terms.*max_paths=1,000"
    ):
        bt.path_sum_gradients(net, np.zeros((1, 8)), np.zeros((1, 1)), max_paths=1000)
    with pytest.raises(ValueError, match=r"W\[0\]\[0,0\] has 512 paths, more than max_paths=10"):
        bt.path_terms(net, np.zeros(8), [0.0], 0, 0, 0, max_paths=10)


@pytest.mark.parametrize("layer", [2, 3, 7, -1])
def test_path_terms_rejects_a_layer_out_of_range(layer):
    net = bt.Network([2, 3, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="layer must be an integer from 0 to 1"):
        bt.path_terms(net, [1.0, 2.0], [0.0, 1.0], layer, 0, 0)


def test_path_terms_rejects_bad_indices_and_batches():
    net = bt.Network([2, 3, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"W\[0\] has shape \(3, 2\); got index \[3,0\]"):
        bt.path_terms(net, [1.0, 2.0], [0.0, 1.0], 0, 3, 0)
    with pytest.raises(ValueError, match="one example"):
        bt.path_terms(net, np.zeros((2, 2)), np.zeros((2, 2)), 0, 0, 0)


def test_count_paths_from_weight_layer_range():
    with pytest.raises(ValueError, match="layer must be an integer from 0 to 1"):
        bt.count_paths_from_weight([3, 4, 2], 2)
    with pytest.raises(ValueError, match="layer must be an integer"):
        bt.count_paths_from_weight([3, 4, 2], 1.0)


def test_unknown_cost_for_operation_counts():
    with pytest.raises(ValueError, match="unknown cost 'hinge'"):
        bt.backprop_multiplications([2, 3, 1], cost="hinge")
    with pytest.raises(ValueError, match="unknown cost 'hinge'"):
        bt.path_sum_multiplications([2, 3, 1], cost="hinge")


def test_landscape_and_dataset_names():
    net = bt.Network([2, 2, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"W\[2\]\[0,0\]: weight layers are l = 0\.\.1"):
        bt.weight_plane(net, "W[2][0,0]", "W[0][0,0]")
    with pytest.raises(ValueError, match=r"'W1-0-0' is not a parameter label: write a weight as"):
        bt.weight_plane(net, "W1-0-0", "W[0][0,0]")
    with pytest.raises(ValueError, match="two different parameters"):
        bt.weight_plane(net, "W[0][0,0]", "W[0][0, 0]")
    with pytest.raises(ValueError, match="unknown data set 'blobs': use one of xor, circles"):
        bt.make_dataset("blobs")
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        bt.make_dataset("xor", n=1)
    with pytest.raises(ValueError, match="noise must be a non-negative number"):
        bt.make_dataset("xor", noise=-1)


def test_gradcheck_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"cannot compare shapes \(2,\) and \(3,\)"):
        bt.relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="flat vector"):
        bt.numerical_gradient(np.sum, np.zeros((2, 2)))


# -- stability: magnitude 1e3, no warnings --------------------------------------------------------

BIG = np.array([-1e3, -745.0, -50.0, -1.0, 0.0, 1.0, 50.0, 745.0, 1e3])


def test_sigmoid_family_is_finite_and_quiet_at_1e3():
    with no_numpy_warnings():
        s, ds, sp = bt.sigmoid(BIG), bt.sigmoid_prime(BIG), softplus(BIG)
        scalars = [bt.sigmoid(1e3), bt.sigmoid(-1e3), bt.sigmoid_prime(1e3), softplus(-1e3)]
        for act in ACTIVATIONS.values():
            assert np.all(np.isfinite(act.f(BIG))) and np.all(np.isfinite(act.df(BIG)))
    for arr in (s, ds, sp, np.array(scalars)):
        assert np.all(np.isfinite(arr))
    assert s[0] == 0.0 and s[-1] == 1.0 and ds[0] == ds[-1] == 0.0
    assert sp[0] == 0.0 and sp[-1] == 1e3
    # symmetric, as the maths says
    np.testing.assert_allclose(s + bt.sigmoid(-BIG), 1.0, rtol=1e-15)
    np.testing.assert_allclose(ds, bt.sigmoid_prime(-BIG), rtol=1e-15)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_costs_and_deltas_are_finite_and_quiet_at_1e3(cost):
    C = get_cost(cost)
    S = BIG.reshape(-1, 1)
    sig = ACTIVATIONS["sigmoid"]
    with no_numpy_warnings():
        y_hat = bt.sigmoid(S)
        for Y in (np.zeros_like(S), np.ones_like(S)):
            value = C.value(S, y_hat, Y)
            delta = C.delta(S, y_hat, Y, sig)
            assert np.isfinite(value) and np.all(np.isfinite(delta))
    if cost == "cross_entropy":
        # -log(sigmoid(-1000)) = 1000 exactly, not inf
        assert C.value(np.array([[-1e3]]), bt.sigmoid(np.array([[-1e3]])), np.ones((1, 1))) == 1e3


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_network_with_huge_weights_is_finite_and_quiet(cost):
    net = bt.Network(
        [2, 3, 1],
        "sigmoid",
        cost,
        weights=[np.full((3, 2), 1e3), np.full((1, 3), -1e3)],
        biases=[np.full(3, 1e3), [1e3]],
    )
    X, Y = np.array([[1e3, -1e3], [1.0, 1.0], [-1e3, -1e3]]), np.array([[1.0], [0.0], [1.0]])
    with no_numpy_warnings():
        loss = net.loss(X, Y)
        grads = net.flat_gradient(X, Y)
        surface = bt.loss_surface(
            net,
            bt.weight_plane(net, "W[0][0,0]", "b[1][0]"),
            X,
            Y,
            np.linspace(-1e3, 1e3, 5),
            np.linspace(-1e3, 1e3, 3),
        )
    assert np.isfinite(loss) and np.all(np.isfinite(grads)) and np.all(np.isfinite(surface))


def test_chain_network_at_extreme_values_is_finite_and_quiet():
    with no_numpy_warnings():
        net = bt.ChainNetwork(x=1e3, y=1.0, w0=1e3, w1=-1e3)
        values = [net.loss, *net.gradient(), *net.closed_form_gradient()]
        grid = net.loss_on_grid(*np.meshgrid(np.linspace(-1e3, 1e3, 5), np.linspace(-1e3, 1e3, 5)))
        g0, g1 = net.gradient_on_grid(np.array([1e3, -1e3]), np.array([1e3, 1e3]))
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(grid))
    assert np.all(np.isfinite(g0)) and np.all(np.isfinite(g1))


def test_backward_refuses_targets_that_do_not_match_the_cached_batch():
    net, X, _ = net_and_data()
    cache = net.forward_cache(X)  # a batch of 4
    with pytest.raises(ValueError, match="the forward cache has 4 examples but Y has 1"):
        net.backward(cache, [[0.5]])  # would broadcast and divide by 1, silently wrong
    ce, X, _ = net_and_data("cross_entropy")
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 1\]"):
        ce.backward(ce.forward_cache(X), np.full((4, 1), 3.0))


# --- gaps closed after review: direct assignment, batch counts, plane rng ---------------


def test_chain_attribute_assignment_is_checked():
    chain = bt.ChainNetwork()
    with pytest.raises(ValueError, match="w0 must be a finite number"):
        chain.w0 = float("nan")
    with pytest.raises(ValueError, match="x must be a real number"):
        chain.x = "one"


@pytest.mark.parametrize("batch", [0, -1, 2.5, True])
def test_operation_counts_reject_a_bad_batch(batch):
    with pytest.raises(ValueError, match="batch must be a positive integer"):
        bt.backprop_multiplications([2, 2, 1], batch=batch)


def test_random_plane_needs_a_generator_or_a_seed():
    net = bt.Network([2, 2, 1], rng=np.random.default_rng(0))
    for bad in ("0", None, 1.5):
        with pytest.raises(TypeError, match="default_rng"):
            bt.random_plane(net, bad)
    # An int seed is the same as np.random.default_rng(seed).
    a, b = bt.random_plane(net, 3), bt.random_plane(net, np.random.default_rng(3))
    np.testing.assert_array_equal(a.d1, b.d1)


# -- the validation vocabulary (core/checks.py) every model and app checks with ------------------

STRANGE = [
    10**400,
    -(10**400),
    float("inf"),
    float("nan"),
    True,
    "3",
    None,
    [1, 2],
    np.array([1.0, 2.0]),
    1 + 2j,
]


@pytest.mark.parametrize(
    "value", [*STRANGE, 2.5, Fraction(1, 3), Fraction(4, 1), np.float64(np.nan), -1, 11]
)
def test_integer_answers_every_strange_value_with_the_name_value_and_range(value):
    with pytest.raises(ValueError, match="count") as info:
        checks.integer("count", value, 0, 10, whole_floats=True)
    assert "from 0 to 10" in str(info.value)
    assert len(str(info.value)) < 200  # a huge value is described, never printed


@pytest.mark.parametrize("value", [*STRANGE, 10.5, -0.5])
def test_number_answers_every_strange_value_with_the_name_and_range(value):
    with pytest.raises(ValueError, match="rate") as info:
        checks.number("rate", value, 0.0, 10.0)
    assert "from 0 to 10" in str(info.value)


def test_numpy_scalars_and_whole_floats_are_their_values():
    assert checks.integer("k", np.int64(3), 0, 5) == 3
    assert type(checks.integer("k", np.int64(3), 0, 5)) is int
    assert checks.integer("k", 3.0, 0, 5, whole_floats=True) == 3
    with pytest.raises(ValueError, match="k must be an integer from 0 to 5, got 3.0"):
        checks.integer("k", 3.0, 0, 5)  # a count is not a measurement unless asked
    assert checks.number("x", np.float32(0.5), 0, 1) == 0.5
    assert checks.number("x", np.array(0.25), 0, 1) == 0.25
    assert checks.number("x", Fraction(1, 4), 0, 1) == 0.25


def test_choice_seed_and_known_names():
    assert checks.choice("mode", np.str_("path"), ("path", "weights")) == "path"
    for bad in ("Path", None, 1, ["path"], np.array(["path"])):
        with pytest.raises(ValueError, match="mode must be one of 'path', 'weights'"):
            checks.choice("mode", bad, ("path", "weights"))
    with pytest.raises(ValueError, match="depth must be one of 1, 2"):
        checks.choice("depth", True, (1, 2))  # a bool is not the int 1 here
    assert checks.seed("seed", 2**32 - 1) == 2**32 - 1
    for bad in (-1, 2**32, 10**400, 0.5, np.random.default_rng(0), "0"):
        with pytest.raises(ValueError, match="seed"):
            checks.seed("seed", bad)
    checks.known({"a": 1}, ("a", "b"))
    with pytest.raises(ValueError, match="unknown parameter 'c': use one of a, b"):
        checks.known({"a": 1, "c": 2}, ("a", "b"))
