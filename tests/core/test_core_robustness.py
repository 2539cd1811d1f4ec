"""Every public entry point of the core answers any argument: a finite result, or a
ValueError / TypeError naming the argument; never another exception, never a numpy
warning, never more than a second (issue 14).

Each case below puts one strange value into one argument, the others valid, and
hypothesis draws the strange values: None, strings, complex, bools, NaN, inf, huge and
negative ints, huge floats, ragged lists, random arrays.
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import backprop_tutorial as bt
from backprop_tutorial.core import checks
from backprop_tutorial.core import graph as g

SECOND = 3.0  # CPU seconds: a hang takes minutes; a busy shared machine adds some


@contextmanager
def strict():
    """Warnings are errors and numpy floating-point trouble raises (underflow is fine)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            yield


def is_finite(value) -> bool:
    """Recursively: every number in the result is finite."""
    if isinstance(value, (bool, str, type(None), int)):
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isfinite(value))
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.isfinite(value).all())
    if isinstance(value, dict):
        return all(is_finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(is_finite(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(
            is_finite(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not isinstance(getattr(value, f.name), (g.Node, g.Trace))
        )
    return True


def answer(call, names, seconds=SECOND):
    """Run ``call()``; return the result or the error after checking the contract."""
    start = time.process_time()
    try:
        with strict():
            result = call()
    except (ValueError, TypeError) as err:
        message = str(err).lower()
        assert any(n.lower() in message for n in names), (
            f"the message does not name {names}: {err!r}"
        )
        result = err
    else:
        assert is_finite(result), f"non-finite result {result!r}"
    # CPU time: the machines running the tests are shared, wall time measures their load.
    elapsed = time.process_time() - start
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    return result


# -- strange values ------------------------------------------------------------------------

SPECIAL = [
    None,
    "1",
    "abc",
    b"x",
    1j,
    np.complex128(1 + 2j),
    True,
    False,
    np.nan,
    np.inf,
    -np.inf,
    0,
    -1,
    2,
    10**9,
    10**18,
    10**400,
    -(10**400),
    10**5000,
    0.0,
    -0.0,
    1.5,
    1e-320,
    1e308,
    -1e308,
    [],
    [[1.0], [2.0, 3.0]],
    [None, 1.0],
    {},
    object(),
    np.array([1 + 1j, 2]),
    np.array(["a", "b"]),
]

scalars = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
)
arrays = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.int64, np.bool_, np.complex128]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
)
weird = st.one_of(scalars, arrays, st.lists(scalars, max_size=4))

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# -- the objects the calls need ------------------------------------------------------------


def net(cost="quadratic", sizes=(2, 3, 1)):
    return bt.Network(list(sizes), "sigmoid", cost, rng=np.random.default_rng(0))


X2, Y1 = np.array([[0.5, -1.0], [1.0, 2.0]]), np.array([[0.2], [0.9]])


def softmax_net():
    return net("softmax_cross_entropy", (2, 3, 3))


x1, y1 = np.array([0.5, -1.0]), np.array([0.3])


def small_trace():
    return bt.ChainNetwork().trace


def plane(n=None):
    n = n or net()
    return bt.weight_plane(n, "W[0][0,0]", "b[1][0]")


# (label, function of the strange value v, names one of which the message must contain)
CASES = [
    ("Network sizes", lambda v: bt.Network(v), ["sizes", "layer"]),
    ("Network rng", lambda v: bt.Network([2, 3, 1], rng=v), ["rng"]),
    ("Network activation", lambda v: bt.Network([2, 1], activation=v), ["activation"]),
    ("Network cost", lambda v: bt.Network([2, 1], cost=v), ["cost"]),
    ("Network weights", lambda v: bt.Network([2, 1], weights=[v], biases=[[0.0]]), ["W[0]"]),
    ("forward X", lambda v: net().forward(v), ["X"]),
    ("forward_cache X", lambda v: net().forward_cache(v), ["X"]),
    ("loss X", lambda v: net().loss(v, Y1), ["X"]),
    ("loss Y", lambda v: net().loss(X2, v), ["Y"]),
    ("loss Y cross-entropy", lambda v: net("cross_entropy").loss(X2, v), ["Y", "targets"]),
    ("gradients Y", lambda v: net().gradients(X2, v), ["Y"]),
    ("flat_gradient X", lambda v: net().flat_gradient(v, Y1), ["X"]),
    ("backward cache", lambda v: net().backward(v, Y1), ["cache"]),
    ("set_params theta", lambda v: net().set_params(v), ["theta", "parameter vector"]),
    (
        "set_parameters weights",
        lambda v: net().set_parameters(v, net().biases),
        ["weights", "weight matrices", "W[0]"],
    ),
    ("loss_at theta", lambda v: net().loss_at(v, X2, Y1), ["theta", "parameter vector"]),
    ("activation_of l", lambda v: net().activation_of(v), ["l must"]),
    ("train learning_rate", lambda v: net().train(X2, Y1, v, 2), ["learning_rate"]),
    ("train epochs", lambda v: net().train(X2, Y1, 0.1, v), ["epochs"]),
    ("train every", lambda v: net().train(X2, Y1, 0.1, 2, lambda *a: None, v), ["every"]),
    ("train callback", lambda v: net().train(X2, Y1, 0.1, 2, v), ["callback"]),
    (
        "network_graph max_nodes",
        lambda v: bt.network_graph(net(), x1, y1, max_nodes=v),
        ["max_nodes"],
    ),
    ("network_graph x", lambda v: bt.network_graph(net(), v, y1), ["X"]),
    ("jvp dW", lambda v: bt.jvp(net(), X2, Y1, [v, np.zeros((1, 3))], net().biases), ["dW"]),
    ("roll theta", lambda v: bt.roll(v, [2, 3, 1]), ["theta", "parameter vector"]),
    ("roll sizes", lambda v: bt.roll(np.zeros(13), v), ["sizes", "layer"]),
    ("Chain x", lambda v: bt.ChainNetwork(x=v).loss, ["x", "node"]),
    ("Chain y", lambda v: bt.ChainNetwork(y=v).loss, ["y", "node"]),
    ("Chain w0", lambda v: bt.ChainNetwork(w0=v).gradient(), ["w0", "node"]),
    ("Chain biases", lambda v: bt.ChainNetwork(biases=v), ["biases"]),
    ("Chain with_params w1", lambda v: bt.ChainNetwork().with_params(w1=v).loss, ["w1", "node"]),
    ("Chain with_params biases", lambda v: bt.ChainNetwork().with_params(biases=v), ["biases"]),
    ("loss_on_grid w0", lambda v: bt.ChainNetwork().loss_on_grid(v, [1.0]), ["w0"]),
    ("loss_on_grid w1", lambda v: bt.ChainNetwork().loss_on_grid([1.0], v), ["w1"]),
    ("loss_on_grid y", lambda v: bt.ChainNetwork(y=v).loss_on_grid([1e308], [1.0]), ["y"]),
    ("gradient_on_grid w0", lambda v: bt.ChainNetwork().gradient_on_grid(v, 1.0), ["w0"]),
    ("descend learning_rate", lambda v: bt.ChainNetwork().descend(v), ["learning_rate"]),
    ("descend steps", lambda v: bt.ChainNetwork().descend(0.1, v), ["steps"]),
    ("path_sum max_paths", lambda v: bt.path_sum_gradients(net(), X2, Y1, v), ["max_paths"]),
    ("path_sum chunk", lambda v: bt.path_sum_gradients(net(), X2, Y1, chunk=v), ["chunk"]),
    ("path_sum progress", lambda v: bt.path_sum_gradients(net(), X2, Y1, progress=v), ["progress"]),
    ("path_sum net", lambda v: bt.path_sum_gradients(v, X2, Y1), ["net"]),
    ("path_terms layer", lambda v: bt.path_terms(net(), x1, y1, v, 0, 0), ["layer"]),
    ("path_terms j", lambda v: bt.path_terms(net(), x1, y1, 0, v, 0), ["j"]),
    ("path_terms k", lambda v: bt.path_terms(net(), x1, y1, 0, 0, v), ["k"]),
    ("path_terms max_paths", lambda v: bt.path_terms(net(), x1, y1, 0, 0, 0, v), ["max_paths"]),
    ("count_paths sizes", lambda v: bt.count_paths(v), ["sizes", "layer"]),
    ("count_paths list", lambda v: bt.count_paths([2, v, 1]), ["sizes", "layer"]),
    ("count_paths_from_weight layer", lambda v: bt.count_paths_from_weight([2, 3], v), ["layer"]),
    ("count_parameter_paths", lambda v: bt.count_parameter_paths([v, 2]), ["sizes", "layer"]),
    ("backprop_multiplications batch", lambda v: bt.backprop_multiplications([2, 1], v), ["batch"]),
    (
        "path_sum_multiplications cost",
        lambda v: bt.path_sum_multiplications([2, 1], 1, v),
        ["cost"],
    ),
    ("forward_multiplications batch", lambda v: bt.forward_multiplications([2, 1], v), ["batch"]),
    (
        "finite_difference_multiplications",
        lambda v: bt.finite_difference_multiplications([2, v]),
        ["sizes", "layer"],
    ),
    ("batched_loss thetas", lambda v: bt.batched_loss(net(), v, X2, Y1), ["thetas"]),
    (
        "batched_loss chunk_elements",
        lambda v: bt.batched_loss(net(), np.zeros((3, 13)), X2, Y1, v),
        ["chunk_elements"],
    ),
    ("batched_loss X", lambda v: bt.batched_loss(net(), np.zeros(13), v, Y1), ["X"]),
    ("loss_surface plane", lambda v: bt.loss_surface(net(), v, X2, Y1, [0.0], [0.0]), ["plane"]),
    (
        "loss_surface alphas",
        lambda v: bt.loss_surface(net(), plane(), X2, Y1, v, [0.0]),
        ["alphas"],
    ),
    ("loss_surface betas", lambda v: bt.loss_surface(net(), plane(), X2, Y1, [1.0], v), ["betas"]),
    ("weight_plane first", lambda v: bt.weight_plane(net(), v, "W[0][0,0]"), ["label", "W[l]"]),
    ("random_plane rng", lambda v: bt.random_plane(net(), v), ["rng"]),
    ("random_plane net", lambda v: bt.random_plane(v, 0), ["net"]),
    ("plane point", lambda v: plane().point(v, 0.0), ["alpha"]),
    ("plane project", lambda v: plane().project(v), ["thetas"]),
    (
        "descent_trajectory learning_rate",
        lambda v: bt.descent_trajectory(net(), X2, Y1, v, 2),
        ["learning_rate"],
    ),
    (
        "descent_trajectory epochs",
        lambda v: bt.descent_trajectory(net(), X2, Y1, 0.1, v),
        ["epochs"],
    ),
    ("numerical_gradient theta", lambda v: bt.numerical_gradient(np.sum, v), ["theta"]),
    ("numerical_gradient eps", lambda v: bt.numerical_gradient(np.sum, [1.0, 2.0], v), ["eps"]),
    ("numerical_gradient f", lambda v: bt.numerical_gradient(v, [1.0]), ["f"]),
    ("numerical_gradient f value", lambda v: bt.numerical_gradient(lambda t: v, [1.0]), ["f"]),
    ("check_network eps", lambda v: bt.check_network(net(), X2, Y1, v), ["eps"]),
    ("check_network net", lambda v: bt.check_network(v, X2, Y1), ["net"]),
    ("check_chain eps", lambda v: bt.check_chain(bt.ChainNetwork(), v), ["eps"]),
    ("check_chain chain", lambda v: bt.check_chain(v), ["chain"]),
    ("relative_error a", lambda v: bt.relative_error(v, 1.0), ["a"]),
    ("relative_error b", lambda v: bt.relative_error(np.ones(2), v), ["b"]),
    ("make_dataset name", lambda v: bt.make_dataset(v, rng=0), ["data set"]),
    ("make_dataset n", lambda v: bt.make_dataset("xor", v, rng=0), ["n"]),
    ("make_dataset noise", lambda v: bt.make_dataset("moons", 10, v, rng=0), ["noise"]),
    ("make_dataset rng", lambda v: bt.make_dataset("spiral", 10, rng=v), ["rng"]),
    ("graph leaf value", lambda v: g.leaf("x", v), ["'x'"]),
    ("graph mul operand", lambda v: g.mul(g.param("w", 2.0), v), ["node", "operand"]),
    ("graph trace output", lambda v: bt.trace(v), ["output"]),
    ("Trace state k", lambda v: small_trace().state(v), ["step"]),
    ("Trace getitem", lambda v: small_trace()[v], ["node"]),
    ("Trace grad", lambda v: small_trace().grad(v), ["node"]),
    ("forward_mode seed", lambda v: bt.forward_mode(small_trace(), v), ["seed"]),
    ("forward_mode trace", lambda v: bt.forward_mode(v, "w0"), ["trace"]),
    ("ForwardModeTrace state", lambda v: bt.forward_mode(small_trace(), "w0").state(v), ["step"]),
    ("tape_bytes batch", lambda v: bt.tape_bytes([2, 3, 1], v), ["batch"]),
    ("checkpoint_plan k", lambda v: bt.checkpoint_plan([2, 3, 3, 1], 1, v), ["k"]),
    ("balanced_k sizes", lambda v: bt.balanced_k([2, v, 3, 1]), ["sizes", "layer"]),
    ("checkpointed_gradients k", lambda v: bt.checkpointed_gradients(net(), X2, Y1, v), ["k"]),
    ("chain_multiplications dims", lambda v: bt.chain_multiplications([3, v, 1]), ["dims"]),
    ("network_chain_dims wrt", lambda v: bt.network_chain_dims([2, 3, 1], v), ["wrt"]),
    ("mode_passes n_inputs", lambda v: bt.mode_passes(v, 1), ["n_inputs"]),
    ("jacobian_forward_mode x", lambda v: bt.jacobian_forward_mode(net(), v), ["x"]),
    ("jacobian_reverse_mode x", lambda v: bt.jacobian_reverse_mode(net(), v), ["x"]),
    ("jvp_multiplications batch", lambda v: bt.jvp_multiplications([2, 1], v), ["batch"]),
    ("forward_mode_gradients X", lambda v: bt.forward_mode_gradients(net(), v, Y1), ["X"]),
    ("forward_mode_multiplications", lambda v: bt.forward_mode_multiplications([2, v]), ["sizes"]),
    (
        "reverse_mode_multiplications",
        lambda v: bt.reverse_mode_multiplications([2, 1], v),
        ["batch"],
    ),
    ("jacobian_multiplications", lambda v: bt.jacobian_multiplications(v), ["sizes", "layer"]),
    ("unroll", lambda v: bt.unroll([v], [np.zeros(1)]), ["weights", "unroll"]),
    # The messages start with the argument's name ("S must", "S has", "p contains", ...).
    ("softmax S", lambda v: bt.softmax(v), ["S must", "S has", "S contains"]),
    ("log_softmax S", lambda v: bt.log_softmax(v), ["S must", "S has", "S contains"]),
    ("softmax_jacobian p", lambda v: bt.softmax_jacobian(v), ["p must", "p has", "p contains"]),
    # Notebook 5's evaluation functions (a 3-class softmax network on two examples).
    ("predict X", lambda v: bt.predict(softmax_net(), v), ["X"]),
    ("predict net", lambda v: bt.predict(v, X2), ["net"]),
    ("accuracy X", lambda v: bt.accuracy(softmax_net(), v, [0, 2]), ["X"]),
    ("accuracy labels", lambda v: bt.accuracy(softmax_net(), X2, v), ["labels"]),
    ("confusion_matrix labels", lambda v: bt.confusion_matrix(v, [0, 1], 3), ["labels"]),
    ("confusion_matrix predicted", lambda v: bt.confusion_matrix([0, 1], v, 3), ["predicted"]),
    (
        "confusion_matrix n_classes",
        lambda v: bt.confusion_matrix([0, 1], [1, 0], v),
        ["n_classes", "classes"],
    ),
    ("input_gradient X", lambda v: bt.input_gradient(net(), v, Y1), ["X"]),
    ("input_gradient Y", lambda v: bt.input_gradient(net(), X2, v), ["Y"]),
    ("check_input_gradient eps", lambda v: bt.check_input_gradient(net(), X2, Y1, v), ["eps"]),
    ("check_input_gradient X", lambda v: bt.check_input_gradient(net(), v, Y1), ["X"]),
    ("per_example_gradients X", lambda v: bt.per_example_gradients(net(), v, Y1), ["X"]),
    ("per_example_gradients Y", lambda v: bt.per_example_gradients(net(), X2, v), ["Y"]),
    ("roughness losses", lambda v: bt.roughness(v), ["losses"]),
    ("one_hot labels", lambda v: bt.one_hot(v, 3), ["labels"]),
    ("one_hot n_classes", lambda v: bt.one_hot([0, 1], v), ["n_classes", "classes"]),
    (
        "train_test_split fraction",
        lambda v: bt.train_test_split(X2, Y1, v, rng=0),
        ["test_fraction"],
    ),
    ("train batch_size", lambda v: net().train(X2, Y1, 0.1, 2, batch_size=v), ["batch_size"]),
    ("gradient_passes sizes", lambda v: bt.gradient_passes(v), ["sizes", "layer"]),
    ("two_orders j", lambda v: bt.two_orders(net(), x1, y1, 0, v, 0), ["j"]),
    ("two_orders layer", lambda v: bt.two_orders(net(), x1, y1, v), ["layer"]),
    ("TwoOrders cut", lambda v: bt.two_orders(net(), x1, y1).cut(v), ["l must"]),
    ("param_labels sizes", lambda v: bt.param_labels(v), ["sizes"]),
    ("parse_param_label text", lambda v: bt.parse_param_label(v), ["parameter label"]),
    ("get_activation", lambda v: bt.get_activation(v), ["activation"]),
    ("get_cost", lambda v: bt.get_cost(v), ["cost"]),
    ("sigmoid s", lambda v: bt.sigmoid(v), ["s "]),
    ("sigmoid_prime s", lambda v: bt.sigmoid_prime(v), ["s "]),
    ("fan_out_example value", lambda v: bt.fan_out_example("square", v), ["'x'", "node"]),
    # Notebook 6: the scalar engine, the engine checker, the zoo and the matrix lines.
    ("Value data", lambda v: bt.Value(v), ["node", "value"]),
    ("ValueSkeleton data", lambda v: bt.ValueSkeleton(v), ["node", "value"]),
    ("value_trace v", lambda v: bt.value_trace(v), ["v must"]),
    ("check_engine engine", lambda v: bt.check_engine(v, n_graphs=3), ["engine"]),
    ("check_engine ops", lambda v: bt.check_engine(bt.Value, 3, ops=v), ["ops"]),
    ("check_engine seed", lambda v: bt.check_engine(bt.Value, 3, seed=v), ["seed"]),
    ("zoo engine", lambda v: bt.zoo.engine(v), ["zoo"]),
    ("BackwardCase batch", lambda v: bt.BackwardCase(v), ["batch"]),
    ("check_backward fn", lambda v: bt.check_backward(v), ["fn"]),
    ("train_with_backward fn", lambda v: bt.train_with_backward(v, 1), ["fn"]),
    ("train_engine X", lambda v: bt.train_engine(bt.Value, v, [0.0], epochs=1), ["X"]),
    ("expression_gradients text", lambda v: bt.expression_gradients(v), ["text"]),
    ("expression_gradients value", lambda v: bt.expression_gradients("a * a", a=v), ["a"]),
    # Issue 21: the targets Y at every entry point that takes them (None included) ...
    ("train Y", lambda v: net().train(X2, v, 0.1, 2), ["Y"]),
    ("train Y mini-batch", lambda v: net().train(X2, v, 0.1, 2, batch_size=1, rng=0), ["Y"]),
    ("network_graph y", lambda v: bt.network_graph(net(), x1, v), ["Y"]),
    ("jvp Y", lambda v: bt.jvp(net(), X2, v, net().weights, net().biases), ["Y"]),
    ("check_network Y", lambda v: bt.check_network(net(), X2, v), ["Y"]),
    ("path_sum Y", lambda v: bt.path_sum_gradients(net(), X2, v), ["Y"]),
    ("path_terms y", lambda v: bt.path_terms(net(), x1, v, 0, 0, 0), ["Y"]),
    ("batched_loss Y", lambda v: bt.batched_loss(net(), np.zeros(13), X2, v), ["Y"]),
    ("loss_surface Y", lambda v: bt.loss_surface(net(), plane(), X2, v, [0.0], [0.0]), ["Y"]),
    ("descent_trajectory Y", lambda v: bt.descent_trajectory(net(), X2, v, 0.1, 2), ["Y"]),
    ("checkpointed_gradients Y", lambda v: bt.checkpointed_gradients(net(), X2, v), ["Y"]),
    ("forward_mode_gradients Y", lambda v: bt.forward_mode_gradients(net(), X2, v), ["Y"]),
    ("two_orders y", lambda v: bt.two_orders(net(), x1, v), ["Y"]),
    ("flat_gradient Y", lambda v: net().flat_gradient(X2, v), ["Y"]),
    ("loss_at Y", lambda v: net().loss_at(net().get_params(), X2, v), ["Y"]),
    ("backward Y", lambda v: net().backward(net().forward_cache(X2), v), ["Y"]),
    ("check_input_gradient Y", lambda v: bt.check_input_gradient(net(), X2, v), ["Y"]),
    # ... a network where one is expected ...
    ("accuracy net", lambda v: bt.accuracy(v, X2, [0, 2]), ["net"]),
    ("input_gradient net", lambda v: bt.input_gradient(v, X2, Y1), ["net"]),
    ("check_input_gradient net", lambda v: bt.check_input_gradient(v, X2, Y1), ["net"]),
    ("per_example_gradients net", lambda v: bt.per_example_gradients(v, X2, Y1), ["net"]),
    ("jvp net", lambda v: bt.jvp(v, X2, Y1, net().weights, net().biases), ["net"]),
    ("network_graph net", lambda v: bt.network_graph(v, x1, y1), ["net"]),
    ("two_orders net", lambda v: bt.two_orders(v, x1, y1), ["net"]),
    ("jacobian_forward_mode net", lambda v: bt.jacobian_forward_mode(v, x1), ["net"]),
    ("checkpointed_gradients net", lambda v: bt.checkpointed_gradients(v, X2, Y1), ["net"]),
    ("batched_loss net", lambda v: bt.batched_loss(v, np.zeros(13), X2, Y1), ["net"]),
    # ... the graph's nodes, forward mode's tangents and the split of a data set.
    (
        "ForwardModeTrace tangent",
        lambda v: bt.forward_mode(small_trace(), "w0").tangent(v),
        ["node"],
    ),
    ("Node parents", lambda v: bt.Node("a", 1.0, "+", parents=v), ["parents", "operand", "local"]),
    (
        "Node local_grads",
        lambda v: bt.Node("a", 1.0, "*", (g.param("w", 1.0),), v),
        ["local"],
    ),
    ("Node local_names", lambda v: bt.Node("a", 1.0, local_names=v), ["local_names"]),
    ("train_test_split X", lambda v: bt.train_test_split(v, [0, 1], rng=0), ["X"]),
    ("train_test_split y", lambda v: bt.train_test_split(X2, v, rng=0), ["y"]),
]


@pytest.mark.parametrize(("label", "call", "names"), CASES, ids=[c[0] for c in CASES])
@PROPERTY
@given(value=weird)
def test_every_entry_point_answers_any_argument(label, call, names, value):
    answer(lambda: call(value), names, seconds_for(label))


@pytest.mark.parametrize(("label", "call", "names"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("value", SPECIAL, ids=[checks.show(v)[:20] for v in SPECIAL])
def test_every_entry_point_answers_each_special_value(label, call, names, value):
    answer(lambda: call(value), names, seconds_for(label))


def seconds_for(label: str) -> float:
    # A number of steps is work asked for: bounded by checks.MAX_STEPS (10,000 steps,
    # about a second for these small networks; more on a loaded machine).  So are the
    # labels of sizes, bounded by labels.MAX_LABELS (about a second at the bound).
    asked = label.endswith(("epochs", "steps")) or label == "param_labels sizes"
    return 5 * SECOND if asked else SECOND


def test_the_property_covers_every_export():
    """A new export gets a case above (or is a constant, a class or a no-argument helper)."""
    covered = " ".join(label for label, _, _ in CASES).lower()
    skip = {"ACTIVATIONS", "COSTS", "DATASETS", "EnumerationStopped", "ParamRef"}
    skip |= {"glossary_markdown", "notation_markdown", "TwoOrders", "ForwardModeTrace"}
    skip |= {"load_digits"}  # no arguments
    aliases = {"trace": "graph trace", "Trace": "trace state", "ChainNetwork": "chain "}
    aliases["path_sum_gradients"] = "path_sum "
    missing = [
        name
        for name in bt.__all__
        if name not in skip and aliases.get(name, name).lower() not in covered
    ]
    assert not missing, f"no robustness case for {missing}"


# -- random architectures and extreme data: finite or a clear refusal -------------------------


@PROPERTY
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    activation=st.sampled_from(["sigmoid", "tanh", "relu", "identity"]),
    scale=st.sampled_from([1.0, 1e3, 1e100, 1e154, 1e200, 1e308]),
    seed=st.integers(0, 2**32 - 1),
)
def test_networks_at_extreme_magnitudes_are_finite_or_refuse(sizes, activation, scale, seed):
    rng = np.random.default_rng(seed)
    n = bt.Network(sizes, activation, rng=seed)
    X = scale * rng.uniform(-1, 1, size=(3, sizes[0]))
    Y = scale * rng.uniform(-1, 1, size=(3, sizes[-1]))
    names = ["X", "Y", "weights", "lower the learning rate"]
    for call in (
        lambda: n.forward(X),
        lambda: n.loss(X, Y),
        lambda: n.gradients(X, Y),
        lambda: bt.batched_loss(n, np.stack([n.get_params(), np.full(n.n_params, scale)]), X, Y),
        lambda: bt.jacobian_reverse_mode(n, X[0]),
        lambda: bt.checkpointed_gradients(n, X, Y, n.L),
        lambda: bt.jvp(n, X, Y, n.weights, n.biases),
        lambda: n.train(X, Y, 0.1, 3),
    ):
        answer(call, names)


@PROPERTY
@given(
    low=st.sampled_from([-1e308, -1e200, -10.0]),
    high=st.sampled_from([1e308, 1e200, 10.0]),
    x=st.sampled_from([1.0, -3.0, 1e308]),
    y=st.sampled_from([0.0, 1.0, 1e100, 1e200]),
)
def test_the_chain_grid_is_finite_or_refuses_up_to_1e308(low, high, x, y):
    chain = bt.ChainNetwork(x=x, y=y)
    w = np.array([low, low / 3, 0.0, high / 3, high])
    answer(lambda: chain.loss_on_grid(*np.meshgrid(w, w)), ["y"])
    answer(lambda: chain.gradient_on_grid(*np.meshgrid(w, w)), ["x, y or weights"])


@PROPERTY
@given(extent=st.sampled_from([1.0, 1e150, 1e300, 1e308]))
def test_the_network_surface_is_finite_or_refuses_up_to_1e308(extent):
    n = net()
    grid = np.linspace(-extent, extent, 5)
    answer(lambda: bt.loss_surface(n, plane(n), X2, Y1, grid, grid), ["alphas", "thetas"])


# -- the classes of issue 21 (item 5), one by one -------------------------------------------------


def test_missing_targets_are_refused_by_name_at_every_entry_point():
    # check_xy(X, None) once meant "no Y": every caller that needs Y now refuses None.
    n = net()
    calls = [
        lambda: n.loss(X2, None),
        lambda: n.gradients(X2, None),
        lambda: n.flat_gradient(X2, None),
        lambda: n.train(X2, None),
        lambda: bt.network_graph(n, x1, None),
        lambda: bt.check_network(n, X2, None),
        lambda: bt.jvp(n, X2, None, n.weights, n.biases),
        lambda: bt.forward_mode_gradients(n, X2, None),
        lambda: bt.path_sum_gradients(n, X2, None),
        lambda: bt.path_terms(n, x1, None, 0, 0, 0),
        lambda: bt.two_orders(n, x1, None),
        lambda: bt.batched_loss(n, np.zeros(13), X2, None),
        lambda: bt.loss_surface(n, plane(n), X2, None, [0.0], [0.0]),
        lambda: bt.checkpointed_gradients(n, X2, None),
        lambda: bt.per_example_gradients(n, X2, None),
        lambda: bt.input_gradient(n, X2, None),
        lambda: bt.check_input_gradient(n, X2, None),
        lambda: bt.descent_trajectory(n, X2, None, 0.1, 2),
    ]
    for call in calls:
        with pytest.raises(TypeError, match=r"Y must be numeric .*got None"):
            call()
    np.testing.assert_array_equal(n.get_params(), net().get_params())  # nothing moved


@pytest.mark.parametrize(
    "call",
    [bt.accuracy, bt.input_gradient, bt.check_input_gradient, bt.per_example_gradients],
)
@pytest.mark.parametrize("thing", [None, "net", bt.ChainNetwork(), object()])
def test_functions_of_a_network_say_so_for_anything_else(call, thing):
    with pytest.raises(TypeError, match="net must be a Network"):
        call(thing, X2, [0, 1] if call is bt.accuracy else Y1)


@pytest.mark.parametrize("S", [2.0, [], np.zeros((3, 0)), np.float64(1.0)])
def test_softmax_needs_a_class_axis(S):
    for f in (bt.softmax, bt.log_softmax):
        with pytest.raises(ValueError, match=r"S must have a last axis of at least one class"):
            f(S)


@pytest.mark.parametrize("p", [[[2.0, 3.0]], [[0.5, 0.6]], [[1.5, -0.5]], [[0.0, 0.0]]])
def test_softmax_jacobian_refuses_what_is_not_a_probability(p):
    with pytest.raises(ValueError, match=r"p must hold probabilities.*softmax\(S\)"):
        bt.softmax_jacobian(p)


def test_softmax_jacobian_takes_any_softmax_output():
    rng = np.random.default_rng(0)
    for n in (1, 2, 10, 1000):
        p = bt.softmax(rng.normal(scale=30.0, size=(3, n)))
        J = bt.softmax_jacobian(p)
        np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-12)  # rows of p sum to 1


def test_a_forward_mode_tangent_refuses_a_non_node_like_trace_grad():
    fm = bt.forward_mode(small_trace(), "w0")
    for bad in (None, 3, "nope", g.leaf("elsewhere", 1.0)):
        with pytest.raises(ValueError, match="in this graph") as tangent_err:
            fm.tangent(bad)
        with pytest.raises(ValueError, match="in this graph") as grad_err:
            small_trace().grad(bad)
        assert str(tangent_err.value) == str(grad_err.value)


@pytest.mark.parametrize("value", [None, "w", 3, g.leaf("x", 1.0)])
def test_a_node_refuses_parents_that_are_not_a_sequence_of_nodes(value):
    with pytest.raises(TypeError, match=r"node 'a' needs parents as a tuple|operand of 'a'"):
        bt.Node("a", 1.0, parents=value)


def test_a_node_needs_one_local_derivative_per_operand():
    w = g.param("w", 2.0)
    with pytest.raises(ValueError, match="1 parents but 2 local derivatives"):
        bt.Node("a", 1.0, "*", (w,), (1.0, 2.0))
    with pytest.raises(ValueError, match="1 parents but 2 local_names"):
        bt.Node("a", 1.0, "*", (w,), (1.0,), ("w", "x"))


@pytest.mark.parametrize(
    ("X", "y"),
    [([[1.0, 2.0], [3.0]], [0, 1]), ([[1.0], [2.0]], [[0], [1, 2]]), (None, [0, 1])],
)
def test_train_test_split_refuses_ragged_or_missing_data(X, y):
    with pytest.raises(
        ValueError, match=r"(X|y) must be (a rectangular array|an array) of numbers"
    ):
        bt.train_test_split(X, y, rng=0)


def test_roll_refuses_nan_as_unroll_does():
    theta = np.zeros(13)
    theta[4] = np.nan
    for call in (lambda: bt.roll(theta, [2, 3, 1]), lambda: bt.unroll([theta], [])):
        with pytest.raises(ValueError, match=r"contains 1 NaN or infinite value"):
            call()


# -- the findings of issue 14, one by one -------------------------------------------------------


@pytest.mark.parametrize("chunk", [0, -1, -65536])
def test_path_sum_refuses_a_chunk_below_one(chunk):
    with pytest.raises(ValueError, match="chunk must be at least 1"):
        bt.path_sum_gradients(net(), X2, Y1, chunk=chunk)


@pytest.mark.parametrize("sizes", [[2, 3, 1], [2, 3, 2, 2], [1, 4, 3, 2, 1]])
@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 65536])
def test_path_sum_agrees_with_backprop_and_central_differences_for_any_chunk(sizes, chunk):
    n = net(sizes=sizes)
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(3, sizes[0])), rng.uniform(size=(3, sizes[-1]))
    result = bt.path_sum_gradients(n, X, Y, chunk=chunk)
    exact = n.flat_gradient(X, Y)
    assert bt.relative_error(bt.unroll(result.dW, result.db), exact) < 1e-12
    assert bt.check_network(n, X, Y).relative_error < 1e-7


def test_batched_loss_refuses_thetas_of_the_wrong_length():
    n = net()
    with pytest.raises(ValueError, match=r"thetas has shape \(4, 20\) but \[2, 3, 1\] has 13"):
        bt.batched_loss(n, np.zeros((4, 20)), X2, Y1)
    with pytest.raises(ValueError, match=r"thetas has shape \(1, 12\)"):
        bt.batched_loss(n, np.zeros(12), X2, Y1)


def test_loss_surface_refuses_a_plane_of_another_network():
    a, b = bt.Network([2, 3, 1], rng=0), bt.Network([1, 2, 3], rng=0)  # both 13 parameters
    assert a.n_params == b.n_params
    with pytest.raises(ValueError, match=r"plane was built for a network of sizes \[1, 2, 3\]"):
        bt.loss_surface(a, plane(b), X2, Y1, [0.0], [0.0])
    small = bt.Network([2, 1], rng=0)
    foreign = dataclasses.replace(bt.weight_plane(small, "W[0][0,0]", "b[0][0]"), sizes=None)
    with pytest.raises(ValueError, match="plane.theta0 has shape"):
        bt.loss_surface(a, foreign, X2, Y1, [0.0], [0.0])


def test_int_seeds_are_accepted_and_repeatable():
    a, b = bt.Network([2, 3, 1], rng=0), bt.Network([2, 3, 1], rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a.get_params(), b.get_params())
    first, again = bt.make_dataset("xor", rng=0), bt.make_dataset("xor", rng=0)
    np.testing.assert_array_equal(first[0], again[0])
    for bad in (-1, 1.5, "0"):
        with pytest.raises((TypeError, ValueError), match="rng"):
            bt.Network([2, 1], rng=bad)


@pytest.mark.parametrize("eps", [0, -1, np.nan, np.inf, 2.0, None, "1e-5", 1j])
def test_gradient_checkers_refuse_a_bad_eps_naming_it(eps):
    for call in (
        lambda: bt.numerical_gradient(np.sum, [1.0], eps),
        lambda: bt.check_network(net(), X2, Y1, eps),
        lambda: bt.check_chain(bt.ChainNetwork(), eps),
    ):
        with pytest.raises((TypeError, ValueError), match="eps"):
            call()


def test_path_terms_refuses_a_non_integer_index():
    with pytest.raises(TypeError, match="j must be an integer index"):
        bt.path_terms(net(), x1, y1, 0, 1.5, 0)


def test_nan_and_complex_are_refused_on_the_chain_grid():
    chain = bt.ChainNetwork()
    with pytest.raises(ValueError, match="w0 contains 1 NaN"):
        chain.loss_on_grid([np.nan], [1.0])
    with pytest.raises(TypeError, match="w1 has complex entries"):
        chain.loss_on_grid([1.0], [1 + 1j])
    with pytest.raises(TypeError, match="x must be a real number"):
        bt.ChainNetwork(x=1j)


def test_the_chain_grid_at_1e308_is_quiet_and_finite():
    chain = bt.ChainNetwork(x=1e308)
    with strict():
        J = chain.loss_on_grid(*np.meshgrid([-1e308, 0.0, 1e308], [-1e308, 1e308]))
    assert np.isfinite(J).all()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: bt.ChainNetwork().loss_on_grid(np.zeros((10**5, 1)), np.zeros((1, 10**5))),
            r"above the limit of 1,000,000",
        ),
        (
            lambda: bt.loss_surface(net(), plane(), X2, Y1, np.zeros(10**5), np.zeros(10**5)),
            r"10,000,000,000, above the limit of 1,000,000",
        ),
        (lambda: bt.make_dataset("xor", 10**9, rng=0), "above the limit of 1,000,000"),
        (lambda: bt.Network([10**5, 10**5]), "parameters .* above the limit of 20,000,000"),
        (
            lambda: bt.Network([1, 1]).forward(np.broadcast_to(0.0, (10**8, 1))),
            "smaller batches",
        ),
        (
            lambda: bt.path_sum_gradients(
                bt.Network([40] * 8, rng=0), np.zeros((1, 40)), np.zeros((1, 40)), max_paths=10**30
            ),
            "does not move",
        ),
        (
            lambda: bt.network_graph(net(), x1, y1, max_nodes=10**9),
            "max_nodes must be an integer from 1 to 200,000",
        ),
        (
            lambda: net().train(X2, Y1, 0.1, 10**9),
            "epochs = 1,000,000,000 is above the limit of 10,000",
        ),
        (
            lambda: bt.ChainNetwork().descend(0.1, 10**7),
            "steps must be an integer from 0 to 100,000, got 10,000,000",
        ),
        (lambda: bt.param_labels([10**5, 10**5]), "too many labels"),
        (
            lambda: bt.forward_mode_gradients(
                bt.Network([784, 256, 10], rng=0), np.zeros((1, 784)), np.zeros((1, 10))
            ),
            "forward mode",
        ),
        (
            lambda: bt.descent_trajectory(
                bt.Network([1000, 1000], rng=0),
                np.zeros((1, 1000)),
                np.zeros((1, 1000)),
                0.1,
                5_000,
            ),
            "trajectory",
        ),
    ],
)
def test_huge_sizes_are_refused_before_allocating(call, match):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=match):
        call()
    assert time.perf_counter() - start < SECOND


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: net().forward(None), "X must be numeric"),
        (lambda: bt.make_dataset("xor", noise=None), "noise must be a non-negative number"),
        (lambda: bt.check_chain(bt.ChainNetwork(), np.nan), "eps must be a finite number"),
        (lambda: bt.Network([2, 1]).loss([[1.0, 2.0], [3.0]], [[0.0]]), "rectangular array"),
        (lambda: g.leaf("x", None), "node 'x' needs a real number"),
        (lambda: small_trace()["nope"], "no node named 'nope'"),
        (lambda: bt.count_paths_from_weight([2, 10**5000], 0), r"about 10\^5000, above the"),
    ],
)
def test_our_messages_not_python_or_numpy_ones(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_a_kind_error_is_both_a_type_error_and_a_value_error():
    with pytest.raises(TypeError):
        net().forward("abc")
    with pytest.raises(ValueError):
        net().forward("abc")
    with pytest.raises(KeyError):
        small_trace()["nope"]


def test_huge_ints_in_messages_do_not_break_formatting():
    assert checks.show(10**5000) == "about 10^5000"
    with pytest.raises(ValueError, match=r"about 10\^5000"):
        checks.integer("n", 10**5000, maximum=10)


def test_limits_are_stated_in_the_checks_module():
    doc = checks.__doc__
    for name in ("MAX_LAYERS", "MAX_PARAMS", "MAX_ELEMENTS", "MAX_GRID_POINTS", "MAX_STEPS"):
        assert name in doc
        assert (
            f"{getattr(checks, name):,}" in doc
            or str(getattr(checks, name)) in doc
            or ("10**" in doc)
        )
