"""Notebook 3's pure models: path enumeration, path-sum table, cost model, memo table."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_tutorial import Network, count_parameter_paths, path_sum_gradients, relative_error
from backprop_tutorial import paths as core
from backprop_tutorial.models import paths as pm

sizes_st = st.lists(st.integers(1, 4), min_size=2, max_size=5)


# --------------------------------------------------------------------------- formatting


def test_format_count_full_and_scientific():
    assert pm.format_count(46656) == "46,656"
    assert pm.format_count(10**14) == "100,000,000,000,000"
    assert pm.format_count(10**15) == "1.00 × 10^15"
    assert pm.format_count(6**40) == "1.34 × 10^31"
    # Far beyond float range, still exact digits and exponent.
    assert pm.format_count(10**400) == "1.00 × 10^400"
    assert pm.format_count(9999 * 10**30) == "1.00 × 10^34"


def test_format_seconds_units():
    assert pm.format_seconds(3e-6) == "3 µs"
    assert pm.format_seconds(0.041) == "41 ms"
    assert pm.format_seconds(3 * 3600) == "3 h"
    assert pm.format_seconds(None) == "—"
    assert "years" in pm.format_seconds(1e12)


# --------------------------------------------------------------------------- influence paths


@settings(max_examples=150, deadline=None)
@given(sizes=sizes_st, data=st.data())
def test_enumeration_matches_count_formula(sizes, data):
    layer = data.draw(st.integers(0, len(sizes) - 2))
    j = data.draw(st.integers(0, sizes[layer + 1] - 1))
    k = data.draw(st.integers(0, sizes[layer] - 1))
    model = pm.InfluencePaths(sizes, layer, j, k)
    assert model.count == model.formula_count == math.prod(sizes[layer + 2 :])
    assert model.matches
    assert len(set(model.paths)) == model.count  # no path listed twice
    for p in model.paths:
        assert p[:2] == (k, j) and len(p) == len(sizes) - layer
        assert all(0 <= n < sizes[layer + i] for i, n in enumerate(p))


@settings(max_examples=100, deadline=None)
@given(sizes=sizes_st)
def test_input_output_paths_are_the_product_of_widths(sizes):
    brute = sum(1 for _ in itertools.product(*(range(n) for n in sizes)))
    assert core.count_paths(sizes) == brute


def test_influence_paths_cycle_and_describe():
    m = pm.InfluencePaths((2, 3, 3, 2), 0, 2, 1)
    assert m.count == 6 and m.formula_text == "n_2 × n_3 = 3 × 2 = 6"
    assert m.select(7) == m.paths[1] and m.index == 1  # wraps around
    assert m.describe().startswith("a[0][1] → S[0][2] → ")
    assert m.describe().endswith("→ J")
    assert m.nodes()[0] == (0, 1) and m.nodes()[1] == (1, 2)
    m.select_label("W[0][0,0]")
    assert (m.layer, m.j, m.k, m.index) == (0, 0, 0, 0)


def test_influence_paths_bad_input():
    with pytest.raises(ValueError, match="pick j < 3"):
        pm.InfluencePaths((2, 3, 2), 0, 5, 0)
    with pytest.raises(ValueError, match="too many to draw"):
        pm.InfluencePaths((2, 20, 20, 20), max_paths=100)
    with pytest.raises(ValueError, match=r"'W1-0-0' is not a parameter label"):
        pm.InfluencePaths().select_label("W1-0-0")
    with pytest.raises(ValueError, match=r"weight layers are l = 0\.\.2"):
        pm.InfluencePaths().select_label("W[3][0,0]")
    with pytest.raises(ValueError, match="is a bias"):
        pm.InfluencePaths().select_label("b[0][0]")
    assert pm.InfluencePaths((2, 3), 0).formula_text.startswith("1 (")


# --------------------------------------------------------------------------- path-sum table


def test_path_sum_table_equals_backprop():
    t = pm.PathSumTable()
    assert len(t.rows) == 6
    assert t.rows[1].path == "a[0][0] → S[0][0] → S[1][0] → S[2][1] → J"
    assert all(len(r.values) == len(r.names) == 7 for r in t.rows)
    for r in t.rows:
        assert r.product == pytest.approx(np.prod(r.values), rel=1e-12)
    assert t.difference < 1e-12
    assert t.relative_error < 1e-12
    assert t.n_multiplications == 6 * 6
    t.set_weight(1, 1, 2)
    assert len(t.rows) == 2 and t.label == "W[1][1,2]" and t.difference < 1e-12


def test_path_sum_table_wrong_gradient_would_show():
    # The comparison can fail: a table for another weight disagrees with this backprop value.
    t = pm.PathSumTable()
    other = pm.PathSumTable(layer=0, j=1, k=0)
    assert abs(t.path_sum - other.backprop) > 1e-6


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=5),
    seed=st.integers(0, 2**32 - 1),
    act=st.sampled_from(["sigmoid", "tanh"]),
)
def test_path_sum_gradients_equal_backprop(sizes, seed, act):
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=act, rng=rng, biases=[rng.normal(size=n) for n in sizes[1:]])
    X = rng.uniform(-1, 1, (2, sizes[0]))
    Y = rng.uniform(0, 1, (2, sizes[-1]))
    res = path_sum_gradients(net, X, Y)
    dW, db = net.gradients(X, Y)
    flat_ps = np.concatenate([d.ravel() for d in res.dW + res.db])
    flat_bp = np.concatenate([d.ravel() for d in dW + db])
    assert relative_error(flat_ps, flat_bp) < 1e-12
    assert res.n_paths == count_parameter_paths(sizes)
    # Each table of one weight agrees with backprop too.
    t = pm.PathSumTable(net, X[0], Y[0], layer=0, j=0, k=0)
    assert t.relative_error < 1e-12 or t.difference < 1e-15


# --------------------------------------------------------------------------- cost model


@pytest.fixture(scope="module")
def cost_model():
    m = pm.CostModel(
        depths=range(1, 9), widths=range(2, 5), run_limit_seconds=5.0, rng=np.random.default_rng(1)
    )
    m.measure_all()
    return m


def test_cost_sizes_and_counts():
    assert pm.cost_sizes(3, 4) == [4, 4, 4, 1]
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        pm.cost_sizes(0, 3)
    s = pm.cost_sizes(30, 8)
    assert core.count_paths(s) == 8**30  # exact, far past 2**63
    assert pm.multiplications("path_sum", s) > 10**25
    with pytest.raises(ValueError, match="unknown method"):
        pm.multiplications("magic", s)


def test_finite_difference_gradient_is_close_to_backprop():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 1], rng=rng)
    x, y = rng.uniform(-1, 1, (1, 3)), np.array([[0.3]])
    assert relative_error(pm.finite_difference_gradient(net, x, y), net.flat_gradient(x, y)) < 1e-4
    # Parameters are restored exactly after nudging.
    before = net.get_params().copy()
    pm.finite_difference_gradient(net, x, y)
    assert np.array_equal(before, net.get_params())


def test_cost_rows(cost_model):
    small = cost_model.row(2, 2)
    assert small.status == "measured"
    assert all(small.times[m] is not None for m in pm.METHODS)
    assert small.paths == 4 and small.parameter_paths == count_parameter_paths([2, 2, 1])
    # Path sum is exponential, backprop linear: the gap grows with depth.
    r4, r8 = cost_model.row(4, 4), cost_model.row(8, 4)
    assert r8.mults["backprop"] < 3 * r4.mults["backprop"]
    assert r8.mults["path_sum"] > 100 * r4.mults["path_sum"]
    assert r8.ratio > r4.ratio > 1


def test_counted_multiplications_match_the_formula(cost_model):
    for (d, w), m in cost_model.measurements.items():
        if m.path_sum_mults is not None:
            assert m.path_sum_mults == pm.multiplications("path_sum", pm.cost_sizes(d, w))


def test_too_large_is_refused_with_exact_count(cost_model):
    big = pm.CostModel(depths=[1, 2, 30], widths=[8], run_limit_seconds=1.0)
    row = big.row(30, 8)
    assert row.status == "too_large"
    assert row.times["path_sum"] is None and row.estimated["path_sum"] > 1.0
    assert pm.format_count(row.parameter_paths) in row.reason
    with pytest.raises(ValueError, match="not running the path sum"):
        big.measure_here(30, 8)


def test_runnable_then_measured_with_progress_and_stop():
    m = pm.CostModel(depths=[1, 2, 3, 8], widths=[4], auto_seconds=1e-6, run_limit_seconds=60)
    row = m.row(8, 4)
    assert row.status == "runnable" and "Measure here" in row.reason
    seen = []

    def stop_at_once(done, total):
        seen.append(done)
        return False

    with pytest.raises(core.EnumerationStopped):
        m.measure_here(8, 4, progress=stop_at_once)
    assert len(seen) == 1
    assert m.row(8, 4).times["path_sum"] is None  # a stopped run is not recorded
    calls = []
    m.measure_here(8, 4, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] == count_parameter_paths(pm.cost_sizes(8, 4))
    row = m.row(8, 4)
    assert row.status == "measured" and row.times["path_sum"] > 0


def test_slider_moves_do_not_enumerate(cost_model, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a cached row must not enumerate paths")

    monkeypatch.setattr(core, "path_sum_gradients", boom)
    # What the explorer does on a slider move over the measured grid.
    for d in cost_model.depths:
        for w in cost_model.widths:
            row = cost_model.row(d, w, measure=False)
            assert row.times["backprop"] is not None


def test_curves_and_points(cost_model):
    c = cost_model.curves(3)
    assert np.all(np.diff(c["ops_path_sum"]) > 0)
    ratio = c["ops_path_sum"][-1] / c["ops_path_sum"][-2]
    assert ratio > 2.5  # exponential: ~width per extra layer
    assert np.all(c["time_backprop"] > 0)
    pts = cost_model.measured_points(3)
    assert len(pts["backprop"][0]) == len(cost_model.depths)
    assert len(pts["ops_path_sum"][0]) >= 3


def test_fit_time_model_recovers_constants():
    steps = np.array([1, 2, 3, 10, 20])
    mults = np.array([10, 100, 1000, 1e5, 1e6])
    t = 2e-6 * steps + 5e-9 * mults
    tm = pm.fit_time_model(steps, mults, t)
    assert tm.overhead == pytest.approx(2e-6, rel=1e-6)
    assert tm.per_mult == pytest.approx(5e-9, rel=1e-6)
    with pytest.raises(ValueError):
        pm.fit_time_model([], [], [])


# --------------------------------------------------------------------------- memo table


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 3), min_size=2, max_size=5))
def test_reuse_counts_by_brute_force(sizes):
    # Enumerate every (parameter, path) term and count the neurons each one passes through.
    L = len(sizes) - 1
    brute = dict.fromkeys(pm.reuse_counts(sizes), 0)
    for l in range(L):
        n_params_per_sum = sizes[l] + 1  # the weights and the bias of S[l][j]
        for j in range(sizes[l + 1]):
            for tail in itertools.product(*(range(n) for n in sizes[l + 2 :])):
                chain = (j, *tail)
                for i, n in enumerate(chain):
                    brute[(l + i, n)] += n_params_per_sum
    assert brute == pm.reuse_counts(sizes)
    # The output layer's sums S[L-1] are passed by every term of the naive sum.
    assert sum(v for (l, _), v in brute.items() if l == L - 1) == count_parameter_paths(sizes)


def test_memo_table_replay():
    m = pm.MemoTable((2, 3, 3, 1))
    # Keys are (l, j) of delta[l][j] = dJ/dS[l][j], l = 0..L-1.
    assert m.n_steps == 7 and m.order[0] == (2, 0) and m.order[-1] == (0, 2)
    s0 = m.state(0)
    assert all(v is None for v in s0.values.values()) and s0.current is None
    s1 = m.state(1)
    assert s1.values[(2, 0)] == pytest.approx(m.delta(2, 0)) and s1.reads == ()
    assert s1.values[(2, 0)] == pytest.approx(m.deltas[2][0, 0])
    s2 = m.state(2)
    assert s2.current == (1, 0) and s2.reads == ((2, 0),)
    assert s2.values[(0, 0)] is None  # never a misleading 0
    full = m.state(7)
    assert full.complete and all(v is not None for v in full.values.values())
    dW, _ = m.net.gradients(m.x, m.y)
    # The stored deltas give every weight gradient with one multiplication each.
    assert np.allclose(np.outer([full.values[(0, j)] for j in range(3)], m.x[0]), dW[0])
    assert f"{m.delta(1, 0):.4g}" in s2.text
    assert m.reads[(1, 0)] == 3 + 1 + 3
    with pytest.raises(ValueError, match="step must be from 0 to 7"):
        m.state(8)


def test_largest_in_budget_smoke():
    out = pm.largest_in_budget(budget=0.02, widths=[2], max_depth=8)
    assert out and out[0]["width"] == 2 and out[0]["ratio"] > 1
