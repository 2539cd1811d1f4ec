"""Paths: exact counts, the path-sum gradient, and operation counts checked independently."""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt
from backprop_tutorial.core.activations import ACTIVATIONS

# -- counts ---------------------------------------------------------------------------------


def test_count_paths_example_from_the_issue():
    n = bt.count_paths([3, 4, 2])
    assert n == 24 and type(n) is int


def test_huge_counts_are_exact_python_ints_and_instant():
    start = time.perf_counter()
    n = bt.count_paths([100] * 100)
    from_first = bt.count_paths_from_weight([100] * 100, 0)
    total = bt.count_parameter_paths([100] * 100)
    assert time.perf_counter() - start < 0.5
    assert n == 100**100 and type(n) is int
    assert from_first == 100**98  # widths of neuron layers 2..99 after W[0]
    assert type(total) is int and total > n


def brute_force_paths(sizes):
    """Every input-to-output path as a tuple of neuron indices, one per layer."""
    return list(itertools.product(*[range(n) for n in sizes]))


@pytest.mark.parametrize("sizes", [[1, 1], [3, 4, 2], [2, 3, 1, 2], [2, 2, 2, 2, 2]])
def test_counts_match_brute_force_enumeration(sizes):
    paths = brute_force_paths(sizes)
    assert bt.count_paths(sizes) == len(paths)
    L = len(sizes) - 1
    total = 0
    for layer in range(L):
        # paths from W[layer][j, k]: fix neurons k in layer and j in layer+1, free afterwards
        from_w = {p[layer + 1 :] for p in paths if p[layer] == 0 and p[layer + 1] == 0}
        assert bt.count_paths_from_weight(sizes, layer) == len(from_w)
        total += (sizes[layer + 1] * sizes[layer] + sizes[layer + 1]) * len(from_w)
    assert bt.count_parameter_paths(sizes) == total


def test_count_paths_from_weight_examples():
    assert bt.count_paths_from_weight([3, 4, 2], 0) == 2
    assert bt.count_paths_from_weight([3, 4, 2], 1) == 1
    assert bt.count_paths_from_weight([2, 3, 4, 5], 0) == 20
    assert bt.count_paths_from_weight([2, 3, 4, 5], np.int64(1)) == 5


# -- path sum against backprop ---------------------------------------------------------------------


@st.composite
def small_problems(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    act = draw(st.sampled_from(list(ACTIVATIONS)))
    cost = draw(st.sampled_from(["quadratic", "cross_entropy"]))
    batch = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = bt.Network(sizes, act, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0.0, 0.5, n) for n in sizes[1:]])
    X = rng.normal(size=(batch, sizes[0]))
    Y = rng.uniform(size=(batch, sizes[-1]))
    return net, X, Y


@settings(max_examples=100, deadline=None)
@given(small_problems())
def test_path_sum_equals_backprop(problem):
    net, X, Y = problem
    result = bt.path_sum_gradients(net, X, Y)
    exact = net.flat_gradient(X, Y)
    assert bt.relative_error(bt.unroll(result.dW, result.db), exact) < 1e-12
    assert result.n_paths == bt.count_parameter_paths(net.sizes)
    assert result.multiplications == bt.path_sum_multiplications(net.sizes, len(X), net.cost.name)


def test_path_sum_shapes_and_chunking_do_not_change_the_result():
    rng = np.random.default_rng(4)
    net = bt.Network([2, 3, 3, 2], "tanh", rng=rng)
    X, Y = rng.normal(size=(2, 2)), rng.uniform(size=(2, 2))
    a = bt.path_sum_gradients(net, X, Y)
    b = bt.path_sum_gradients(net, X, Y, chunk=1)
    assert [d.shape for d in a.dW] == [W.shape for W in net.weights]
    assert [d.shape for d in a.db] == [bias.shape for bias in net.biases]
    for u, v in zip(a.dW + a.db, b.dW + b.db, strict=True):
        np.testing.assert_allclose(u, v, rtol=1e-14)
    assert a.multiplications == b.multiplications


def test_progress_reports_and_can_stop():
    net = bt.Network([2, 3, 3, 1], rng=np.random.default_rng(0))
    X, Y = np.ones((1, 2)), np.zeros((1, 1))
    calls = []
    bt.path_sum_gradients(
        net, X, Y, progress=lambda done, total: calls.append((done, total)), chunk=1
    )
    total = bt.count_parameter_paths(net.sizes)
    assert all(t == total for _, t in calls)
    dones = [d for d, _ in calls]
    assert dones == sorted(dones) and dones[-1] == total
    with pytest.raises(bt.EnumerationStopped, match=f"stopped after .* of {total:,} paths"):
        bt.path_sum_gradients(net, X, Y, progress=lambda done, total: done < 10, chunk=1)


def test_enumeration_limit_names_the_exact_count():
    sizes = [6] * 8
    net = bt.Network(sizes, rng=np.random.default_rng(0))
    total = bt.count_parameter_paths(sizes)
    with pytest.raises(ValueError) as err:
        bt.path_sum_gradients(net, np.zeros((1, 6)), np.zeros((1, 6)))
    assert f"{total:,}" in str(err.value)
    assert "max_paths=2,000,000" in str(err.value)
    # raising the limit is how a learner opts in; a tiny net stays under any sensible limit
    tiny = bt.Network([1, 1], rng=np.random.default_rng(0))
    assert bt.path_sum_gradients(tiny, [[1.0]], [[0.0]], max_paths=2).n_paths == 2


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("layer", [0, 1, 2])
def test_path_terms_sum_to_the_gradient(layer, cost):
    rng = np.random.default_rng(layer)
    net = bt.Network([2, 3, 2, 2], "sigmoid", cost, rng=rng)
    x, y = rng.normal(size=2), rng.uniform(size=2)
    dW, _ = net.gradients(x, y)
    j, k = 1, 0
    terms = bt.path_terms(net, x, y, layer, j, k)
    assert len(terms) == bt.count_paths_from_weight(net.sizes, layer)
    assert math.fsum(t.product for t in terms) == pytest.approx(dW[layer][j, k], rel=1e-12)
    for t in terms:
        assert t.neurons[0] == j and len(t.neurons) == net.L - layer
        assert len(t.names) == len(t.values)
        assert t.product == pytest.approx(math.prod(t.values), rel=1e-15)
        assert t.names[0] == f"a[{layer}][{k}]"
        assert t.label.startswith(f"a[{layer}][{k}] → ")
    assert len({t.neurons for t in terms}) == len(terms)


# -- operation counts, checked against independent counts ------------------------------------------


class Counter:
    """Counts scalar multiplications done through it."""

    def __init__(self):
        self.n = 0

    def mul(self, a, b):
        self.n += 1
        return a * b


def loop_backprop(net, x, y, c: Counter):
    """Backprop for one example with explicit loops, every multiplication counted.

    Returns (dW, db) so the test can confirm it is really backprop.
    """
    sizes, L = net.sizes, net.L
    cache = net.forward_cache(x[None, :])
    S = [s[0] for s in cache.S]
    a = [row[0] for row in cache.a]
    delta = [None] * L
    f_out = net.activation_of(L - 1)
    if net.cost.name == "cross_entropy":
        delta[L - 1] = [a[L][j] - y[j] for j in range(sizes[L])]  # sigma' cancels: no mult.
    else:
        delta[L - 1] = [c.mul(a[L][j] - y[j], f_out.df(S[L - 1][j])) for j in range(sizes[L])]
    for m in range(L - 2, -1, -1):
        delta[m] = []
        for j in range(sizes[m + 1]):
            total = 0.0
            for i in range(sizes[m + 2]):
                total += c.mul(net.weights[m + 1][i, j], delta[m + 1][i])
            delta[m].append(c.mul(total, net.activation_of(m).df(S[m][j])))
    dW = [
        np.array(
            [[c.mul(delta[m][j], a[m][k]) for k in range(sizes[m])] for j in range(sizes[m + 1])]
        )
        for m in range(L)
    ]
    db = [np.array(delta[m]) for m in range(L)]  # dJ/db = delta: free
    return dW, db


def loop_forward(net, x, c: Counter):
    a = list(x)
    for m in range(net.L):
        W = net.weights[m]
        a = [
            sum(c.mul(W[j, k], a[k]) for k in range(len(a))) + net.biases[m][j]
            for j in range(W.shape[0])
        ]
    return a


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("sizes", [[1, 1], [3, 4, 2], [2, 3, 3, 1], [4, 1, 5, 2, 3]])
def test_backprop_multiplications_match_an_explicit_count(sizes, cost):
    rng = np.random.default_rng(len(sizes))
    net = bt.Network(sizes, "tanh", cost, rng=rng)
    x, y = rng.normal(size=sizes[0]), rng.uniform(size=sizes[-1])
    c = Counter()
    dW, db = loop_backprop(net, x, y, c)
    ref_W, ref_b = net.gradients(x, y)
    for u, v in zip(dW + db, ref_W + ref_b, strict=True):
        np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-15)
    assert bt.backprop_multiplications(sizes, cost=cost) == c.n
    assert bt.backprop_multiplications(sizes, batch=5, cost=cost) == 5 * c.n

    c = Counter()
    loop_forward(net, x, c)
    assert bt.forward_multiplications(sizes) == c.n
    n_params = net.n_params
    # Central differences: two forward passes per parameter.
    assert bt.finite_difference_multiplications(sizes) == 2 * n_params * c.n


def test_cost_aliases_give_the_same_counts():
    for alias in ("bce", "cross-entropy"):
        assert bt.backprop_multiplications([2, 3, 1], cost=alias) == bt.backprop_multiplications(
            [2, 3, 1], cost="cross_entropy"
        )
        assert bt.path_sum_multiplications([2, 3, 1], cost=alias) == bt.path_sum_multiplications(
            [2, 3, 1], cost="cross_entropy"
        )


def test_path_sum_grows_exponentially_backprop_linearly_with_depth():
    width = 3
    naive = [bt.path_sum_multiplications([width] * (d + 1)) for d in range(2, 12)]
    back = [bt.backprop_multiplications([width] * (d + 1)) for d in range(2, 12)]
    # backprop: a constant amount per extra layer
    assert len(set(np.diff(back))) == 1
    # path sum: at least a factor `width` per extra layer
    assert all(b >= width * a for a, b in zip(naive, naive[1:], strict=False))
    assert all(type(n) is int for n in naive + back)
