"""The tape reverse mode keeps, and checkpointing: formulas against tracemalloc."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

import backprop_tutorial as bt

# What the formula leaves out: the backward pass's working arrays (delta, its next
# value, f', the cost's temporaries), at most this many arrays of batch x widest layer.
WORKING_ARRAYS = 5


def measured_peak(fn):
    """Peak bytes allocated while ``fn`` runs (tracemalloc), above what was live before."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        return result, tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def problem(sizes, batch, activation="sigmoid", cost="quadratic", seed=0):
    rng = np.random.default_rng(seed)
    net = bt.Network(sizes, activation, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0, 0.3, n) for n in sizes[1:]])
    X = rng.normal(size=(batch, sizes[0]))
    Y = rng.uniform(size=(batch, sizes[-1]))
    return net, X, Y


def test_tape_formula():
    assert bt.tape_bytes([2, 3, 1], batch=1) == 8 * (2 + 2 * (3 + 1))
    assert bt.tape_bytes([2, 3, 1], batch=10, include_input=False) == 8 * 10 * 2 * 4
    # Linear in depth and in batch.
    assert bt.tape_bytes([16] * 21, 64) - bt.tape_bytes([16] * 11, 64) == 8 * 64 * 2 * 16 * 10
    assert bt.tape_bytes([16] * 11, 128) == 2 * bt.tape_bytes([16] * 11, 64)


def test_the_tape_is_what_the_forward_cache_holds():
    net, X, _ = problem([5, 7, 3, 2], 9)
    cache = net.forward_cache(X)
    held = sum(s.nbytes for s in cache.S if s is not None) + sum(a.nbytes for a in cache.a)
    assert held == bt.tape_bytes(net.sizes, 9)
    plan = bt.checkpoint_plan(net.sizes, 9, k=1)
    assert plan.kept_bytes + plan.input_bytes == held


def test_plan_keeps_every_kth_layer_and_the_last():
    plan = bt.checkpoint_plan([4] * 11, batch=2, k=3)  # L = 10 layers, 0..9
    assert plan.kept == (2, 5, 8, 9)
    assert plan.segments == ((0, 1), (3, 4), (6, 7), ())
    assert plan.kept_bytes == 4 * 2 * 8 * 2 * 4
    assert plan.recompute_bytes == 2 * 2 * 8 * 2 * 4
    assert plan.extra_multiplications == 6 * 2 * 16
    assert plan.forward_multiplications == 10 * 2 * 16
    one = bt.checkpoint_plan([4] * 11, 2, k=1)
    assert one.extra_multiplications == 0 and one.recompute_bytes == 0
    last = bt.checkpoint_plan([4] * 11, 2, k=10)
    assert last.kept == (9,) and last.extra_fraction == pytest.approx(0.9)


@pytest.mark.parametrize("bad", [0, 11, 2.0, True, "3"])
def test_bad_k_is_refused(bad):
    with pytest.raises(ValueError, match="k must be an integer from 1"):
        bt.checkpoint_plan([4] * 11, 2, k=bad)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_checkpointed_gradients_equal_backprop_for_every_k(activation, cost):
    sizes = [3, 5, 4, 6, 5, 4, 2]
    net, X, Y = problem(sizes, 7, activation, cost)
    dW, db = net.gradients(X, Y)
    for k in range(1, net.L + 1):
        result = bt.checkpointed_gradients(net, X, Y, k)
        cW, cb = result
        assert bt.relative_error(bt.unroll(cW, cb), bt.unroll(dW, db)) < 1e-13
        assert result.extra_multiplications == result.plan.extra_multiplications


@pytest.mark.parametrize(
    ("sizes", "batch"), [([16] * 10, 1000), ([8] + [32] * 8 + [4], 500), ([16] * 17, 400)]
)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_measured_peak_matches_the_formula(sizes, batch, activation):
    net, X, Y = problem(sizes, batch, activation)
    bt.checkpointed_gradients(net, X, Y, 1)  # warm-up: numpy's first-call allocations
    working = WORKING_ARRAYS * 8 * batch * max(sizes) + 2 * 8 * net.n_params
    for k in range(1, net.L + 1):
        result, peak = measured_peak(lambda k=k: bt.checkpointed_gradients(net, X, Y, k))
        formula = result.plan.memory_bytes
        assert formula <= peak <= formula + working, (k, peak, formula, working)


def test_checkpointing_saves_memory_at_the_square_root():
    net, X, Y = problem([16] * 17, 400)  # L = 16
    peaks = {}
    for k in (1, 4, 16):
        _, peaks[k] = measured_peak(lambda k=k: bt.checkpointed_gradients(net, X, Y, k))
    assert peaks[4] < 0.55 * peaks[1] and peaks[4] < 0.6 * peaks[16]


@pytest.mark.parametrize("L", [4, 9, 10, 16, 25, 30, 36])
def test_balanced_k_is_near_sqrt_L(L):
    sizes = [8] * (L + 1)
    best = bt.checkpoint_plan(sizes, 3, bt.balanced_k(sizes, batch=3)).memory_bytes
    near_root = {math.floor(math.sqrt(L)), math.ceil(math.sqrt(L))}
    assert min(bt.checkpoint_plan(sizes, 3, k).memory_bytes for k in near_root) == best
    assert best < bt.checkpoint_plan(sizes, 3, 1).memory_bytes
