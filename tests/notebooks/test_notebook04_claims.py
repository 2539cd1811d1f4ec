"""Notebook 4's sentences, checked on the package and the apps' models."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import backprop_tutorial as bt
from backprop_tutorial.apps.mode_growth.model import ModeGrowthModel


@given(st.lists(st.integers(1, 40), min_size=2, max_size=7))
def test_the_two_sums_with_their_ranges_are_the_counts(dims):
    """Section 3: reverse sum_{k=0}^{K-2} d_K d_{k+1} d_k,
    forward sum_{k=1}^{K-1} d_{k+1} d_k d_0."""
    dims = [*dims, 1]
    K = len(dims) - 1
    c = bt.chain_multiplications(dims)
    assert c.reverse == sum(dims[K] * dims[k + 1] * dims[k] for k in range(0, K - 1))
    assert c.forward == sum(dims[k + 1] * dims[k] * dims[0] for k in range(1, K))


def test_the_input_example_is_8256_both_ways_and_the_open_sum_would_not_be():
    d = bt.network_chain_dims([1, 64, 64, 64], wrt="input")
    c = bt.chain_multiplications(d)
    K = len(d) - 1
    assert c.reverse == c.forward == 8256
    assert sum(d[K] * d[k + 1] * d[k] for k in range(K)) == 8320  # the sum without its range


def test_forward_over_reverse_is_at_least_n_plus_m_and_within_10_percent_but_for_tiny_nets():
    m = ModeGrowthModel()
    tiny = {(1, 1), (1, 2), (1, 3), (1, 4), (2, 1)}
    for depth in range(1, m.MAX_DEPTH + 1):
        for width in range(1, m.MAX_WIDTH + 1):
            m.set(depth=depth, width=width)
            c = m.counts()
            ratio = c["forward"] / c["reverse"] / c["n_params"]
            assert ratio >= 1, (depth, width)
            assert (ratio <= 1.1) == ((depth, width) not in tiny), (depth, width, ratio)


def test_each_pass_crosses_every_edge_but_the_two_from_x_and_y():
    net = bt.ChainNetwork()
    edges = sum(len(node.parents) for node in net.trace.nodes)
    assert edges == 8 and net.trace.n_steps - 5 - 1 == 6  # 6 backward products, 6 tangent ones
    totals = {"w0": 6, "w1": 6}
    for seed, products in totals.items():
        assert len(bt.forward_mode(net.trace, seed).steps) > 0
        assert products == edges - 2


def test_checkpointing_formula_halves_memory_at_sqrt_L():
    sizes = [64] * 17
    one, four = bt.checkpoint_plan(sizes, 256, 1), bt.checkpoint_plan(sizes, 256, 4)
    assert four.memory_bytes < 0.5 * one.memory_bytes and four.extra_fraction == 0.75
    # tape_bytes counts the input x on top of the kept layers
    assert bt.tape_bytes(sizes, 256) == one.memory_bytes + one.input_bytes
    assert np.isclose(one.input_bytes, 8 * 256 * 64)
