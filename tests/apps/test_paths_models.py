"""Notebook 3's pure models: path enumeration, path-sum table, cost model, memo table.

Property tests (hypothesis) drive every model's ``set`` with random and extreme values:
a rejected change is a ValueError that leaves the model exactly as it was.
"""

from __future__ import annotations

import copy
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_tutorial import Network, count_parameter_paths, path_sum_gradients, relative_error
from backprop_tutorial.apps.cost_explorer.model import (
    METHODS,
    CostExplorerModel,
    cost_sizes,
    finite_difference_gradient,
    multiplications,
)
from backprop_tutorial.apps.influence_paths.model import InfluencePathsModel
from backprop_tutorial.apps.memo_table.model import MemoTableModel, reuse_counts
from backprop_tutorial.apps.path_sum_table.model import PathSumTableModel
from backprop_tutorial.core import checks
from backprop_tutorial.core import paths as core
from backprop_tutorial.core.shapes import n_parameters
from backprop_tutorial.core.timing import fit_time_model
from backprop_tutorial.ui.text import format_count, format_seconds

sizes_st = st.lists(st.integers(1, 4), min_size=2, max_size=5)
# Anything a learner or a script might pass: ints of every size, floats, text, None.
junk_st = st.one_of(
    st.integers(),
    st.integers(10**300, 10**400),
    st.just(10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
)


def snapshot(model) -> dict:
    """Everything a model holds, deep-copied (numpy arrays compared by value)."""
    return copy.deepcopy({k: v for k, v in vars(model).items() if k != "rng"})


def same(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return type(a) is type(b) and same(vars(a), vars(b))
    return a == b


# --------------------------------------------------------------------------- formatting


def test_format_count_full_and_scientific():
    assert format_count(46656) == "46,656"
    assert format_count(10**14) == "100,000,000,000,000"
    assert format_count(10**15) == "1.00 × 10^15"
    assert format_count(6**40) == "1.34 × 10^31"
    # Far beyond float range, and past Python's 4,300-digit str() limit.
    assert format_count(10**400) == "1.00 × 10^400"
    assert format_count(10**5000) == "1.00 × 10^5000"
    assert format_count(-(10**5000)) == "-1.00 × 10^5000"
    assert format_count(9999 * 10**30) == "1.00 × 10^34"
    assert format_count(np.int64(12345)) == "12,345"
    with pytest.raises(ValueError, match="needs an integer, got 1.5"):
        format_count(1.5)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(-(10**60), 10**60))
def test_format_count_is_exact_in_full_and_close_in_scientific(n):
    text = format_count(n)
    if abs(n) < 10**15:
        assert int(text.replace(",", "")) == n
    else:
        mantissa, exponent = text.split(" × 10^")
        assert abs(float(mantissa) * 10.0 ** int(exponent) - n) <= 0.006 * abs(n)


def test_format_seconds_units():
    assert format_seconds(3e-6) == "3 µs"
    assert format_seconds(0.041) == "41 ms"
    assert format_seconds(3 * 3600) == "3 h"
    assert format_seconds(None) == "—"
    assert format_seconds(float("inf")) == "—"
    assert "years" in format_seconds(1e12)


def test_messages_describe_huge_numbers_without_printing_them():
    assert checks.show(10**5000) == "about 10^5000"
    assert checks.show(7) == "7"
    with pytest.raises(ValueError, match=r"depth must be an integer from 1 to 12, got about 10\^5"):
        checks.integer("depth", 10**5000, 1, 12)
    with pytest.raises(ValueError, match="got 2.0"):
        checks.integer("depth", 2.0, 1, 12)


# --------------------------------------------------------------------------- influence paths


@settings(max_examples=150, deadline=None)
@given(sizes=sizes_st, data=st.data())
def test_enumeration_matches_count_formula(sizes, data):
    layer = data.draw(st.integers(0, len(sizes) - 2))
    j = data.draw(st.integers(0, sizes[layer + 1] - 1))
    k = data.draw(st.integers(0, sizes[layer] - 1))
    model = InfluencePathsModel(sizes, f"W[{layer}][{j},{k}]")
    assert model.count == model.formula_count == math.prod(sizes[layer + 2 :])
    assert model.matches
    assert len(set(model.paths)) == model.count  # no path listed twice
    for p in model.paths:
        assert p[:2] == (k, j) and len(p) == len(sizes) - layer
        assert all(0 <= n < sizes[layer + i] for i, n in enumerate(p))
    # Every path passes through the weight's two neurons; the counts add up per layer.
    through = model.through()
    assert through[(layer, k)] == through[(layer + 1, j)] == model.count
    for m in range(layer + 2, len(sizes)):
        assert sum(c for (l, _), c in through.items() if l == m) == model.count


@settings(max_examples=100, deadline=None)
@given(sizes=sizes_st)
def test_input_output_paths_are_the_product_of_widths(sizes):
    brute = sum(1 for _ in itertools.product(*(range(n) for n in sizes)))
    assert core.count_paths(sizes) == brute


def test_influence_paths_protocol_and_describe():
    m = InfluencePathsModel((2, 3, 3, 2), "W[0][2,1]")
    assert m.params() == {"weight": "W[0][2,1]", "path": 0}
    assert m.count == 6 and m.formula_text == "n_2 × n_3 = 3 × 2 = 6"
    assert m.describe(1).startswith("a[0][1] → S[0][2] → ") and m.describe(1).endswith("→ J")
    assert m.nodes(1)[:2] == [(0, 1), (1, 2)]
    m.set(path=6)
    assert m.params()["path"] == 6
    m.set(weight="W[1][0,2]")  # a new weight starts again at path 0 (all paths)
    assert m.params() == {"weight": "W[1][0,2]", "path": 0} and m.count == 2
    m.set(weight="W[0][0,0]", path=3)
    assert m.params() == {"weight": "W[0][0,0]", "path": 3}
    assert len(m.param_options()["weight"]) == 6 + 9 + 6
    assert InfluencePathsModel((2, 3)).formula_text.startswith("1 (")


def test_influence_paths_bad_input():
    m = InfluencePathsModel()
    for bad, match in [
        ({"weight": "W1-0-0"}, r"'W1-0-0' is not a parameter label"),
        ({"weight": "W[3][0,0]"}, r"weight layers are l = 0\.\.2"),
        ({"weight": "b[0][0]"}, "is a bias"),
        ({"weight": "W[0][" + "9" * 5000 + ",0]"}, "is not a weight of sizes"),
        ({"weight": 3}, "weight must be a label"),
        ({"path": 7}, "path must be an integer from 0 to 6"),
        ({"path": 10**5000}, r"path must be an integer from 0 to 6, got about 10\^5000"),
        ({"weight": "W[0][1,0]", "path": -1}, "path must be at least 0, got -1"),
        ({"colour": 1}, "unknown parameter"),
    ]:
        before = snapshot(m)
        with pytest.raises(ValueError, match=match):
            m.set(**bad)
        assert same(snapshot(m), before)
    with pytest.raises(ValueError, match="too many to draw"):
        InfluencePathsModel((2, 10, 10, 10, 10), max_paths=100)
    with pytest.raises(ValueError, match="too large to draw"):
        InfluencePathsModel((2, 20, 2))
    with pytest.raises(ValueError, match="about 10\\^5000, above the limit"):
        InfluencePathsModel((10**5000, 2))


@settings(max_examples=200, deadline=None)
@given(
    weight=st.one_of(st.sampled_from(InfluencePathsModel().param_options()["weight"]), junk_st),
    path=junk_st,
)
def test_influence_paths_set_is_atomic(weight, path):
    m = InfluencePathsModel((2, 3, 3, 2), "W[0][1,1]", path=2)
    for changes in ({"weight": weight}, {"path": path}, {"weight": weight, "path": path}):
        before = snapshot(m)
        try:
            m.set(**changes)
        except ValueError:
            assert same(snapshot(m), before)
        else:
            p = m.params()
            assert 0 <= p["path"] <= m.count and p["weight"] in m.param_options()["weight"]


# --------------------------------------------------------------------------- path-sum table


def test_path_sum_table_equals_backprop():
    t = PathSumTableModel()
    assert t.params() == {"weight": "W[0][0,0]"}
    assert len(t.rows) == 6
    assert t.rows[1].path == "a[0][0] → S[0][0] → S[1][0] → S[2][1] → J"
    assert all(len(r.values) == len(r.names) == 7 for r in t.rows)
    for r in t.rows:
        assert r.product == pytest.approx(np.prod(r.values), rel=1e-12)
    assert t.difference < 1e-12 and t.relative_error < 1e-12
    assert t.n_multiplications == 6 * 6
    t.set(weight="W[1][1,2]")
    assert len(t.rows) == 2 and t.label == "W[1][1,2]" and t.difference < 1e-12
    before = snapshot(t)
    with pytest.raises(ValueError, match="is a bias"):
        t.set(weight="b[0][0]")
    assert same(snapshot(t), before)


def test_path_sum_table_wrong_gradient_would_show():
    # The comparison can fail: a table for another weight disagrees with this backprop value.
    t = PathSumTableModel()
    other = PathSumTableModel(weight="W[0][1,0]")
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
    # Every weight's table agrees with backprop too.
    t = PathSumTableModel(net, X[0], Y[0])
    for label in t.param_options()["weight"]:
        t.set(weight=label)
        assert t.relative_error < 1e-12 or t.difference < 1e-15


@settings(max_examples=100, deadline=None)
@given(weight=st.one_of(st.sampled_from(PathSumTableModel().param_options()["weight"]), junk_st))
def test_path_sum_table_set_is_atomic(weight):
    t = PathSumTableModel(weight="W[0][1,1]")
    before = snapshot(t)
    try:
        t.set(weight=weight)
    except ValueError:
        assert same(snapshot(t), before)
    else:
        assert t.label == weight and t.difference < 1e-12


# --------------------------------------------------------------------------- cost model


@pytest.fixture(scope="module")
def cost_model():
    m = CostExplorerModel(
        depths=range(1, 13), widths=range(2, 5), run_limit_seconds=5.0, rng=np.random.default_rng(1)
    )
    m.measure_all()
    return m


def test_cost_sizes_and_counts():
    assert cost_sizes(3, 4) == [4, 4, 4, 1]
    with pytest.raises(ValueError, match=r"depth \(the number of weight layers\) must be at"):
        cost_sizes(0, 3)
    s = cost_sizes(30, 8)
    assert core.count_paths(s) == 8**30  # exact, far past 2**63
    assert multiplications("path_sum", s) > 10**25
    with pytest.raises(ValueError, match="unknown method"):
        multiplications("magic", s)


def test_finite_differences_are_central_and_counted_so():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 1], rng=rng)
    x, y = rng.uniform(-1, 1, (1, 3)), np.array([[0.3]])
    fd = finite_difference_gradient(net, x, y)
    # Central differences: error O(eps^2), far below a one-sided difference's O(eps).
    assert relative_error(fd, net.flat_gradient(x, y)) < 1e-8
    before = net.get_params().copy()
    finite_difference_gradient(net, x, y)
    assert np.array_equal(before, net.get_params())  # restored exactly after nudging
    # The count: two forward passes per parameter, 2 (n + m).
    sizes = [3, 4, 1]
    n_params = n_parameters(sizes)
    assert core.finite_difference_multiplications(sizes) == (
        2 * n_params * core.forward_multiplications(sizes)
    )


def test_cost_model_protocol(cost_model):
    m = CostExplorerModel(depths=[1, 2, 3], widths=[2, 3])
    assert m.params() == {"depth": 3, "width": 3}
    m.set(depth=1, width=2)
    assert m.params() == {"depth": 1, "width": 2} and m.current_row().sizes == [2, 1]
    for bad, match in [
        ({"depth": 4}, "depth must be an integer from 1 to 3"),
        ({"depth": 10**5000}, r"depth must be an integer from 1 to 3, got about 10\^5000"),
        ({"width": 2.5}, "width must be an integer"),
        ({"depth": 2, "width": 9}, "width must be an integer from 2 to 3"),
        ({"size": 2}, "unknown parameter"),
    ]:
        with pytest.raises(ValueError, match=match):
            m.set(**bad)
        assert m.params() == {"depth": 1, "width": 2}
    m2 = CostExplorerModel(depths=[1, 3], widths=[2])
    with pytest.raises(ValueError, match="depth must be one of 1, 3; got 2"):
        m2.set(depth=2)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"depths": range(1, 10**6)}, "depths needs 1 to 30 values"),
        ({"depths": [10**5000]}, r"each of depths must be an integer from 1 to 30, got about 10\^"),
        ({"widths": []}, "widths needs 1 to 10 values"),
        ({"widths": [0]}, "each of widths must be an integer"),
        ({"run_limit_seconds": float("nan")}, "run_limit_seconds must be a finite number, got nan"),
        ({"auto_seconds": -1}, "auto_seconds must be a positive"),
        ({"depths": range(1, 31), "widths": range(1, 11), "depth": 31}, "depth must be"),
    ],
)
def test_cost_model_refuses_bad_grids(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CostExplorerModel(**kwargs)


@settings(max_examples=100, deadline=None)
@given(depth=st.one_of(st.integers(-3, 14), junk_st), width=st.one_of(st.integers(0, 6), junk_st))
def test_cost_model_set_is_atomic(cost_model, depth, width):
    before = cost_model.params()
    try:
        cost_model.set(depth=depth, width=width)
    except ValueError:
        assert cost_model.params() == before
    else:
        assert cost_model.params() == {"depth": depth, "width": width}
        row = cost_model.current_row()
        assert row.sizes == cost_sizes(depth, width)
    finally:
        cost_model.set(**before)


def test_cost_rows(cost_model):
    small = cost_model.row(2, 2)
    assert small.status == "measured"
    assert all(small.times[m] is not None for m in METHODS)
    assert small.paths == 4 and small.parameter_paths == count_parameter_paths([2, 2, 1])
    r4, r8 = cost_model.row(4, 4), cost_model.row(8, 4)
    assert r8.mults["backprop"] < 3 * r4.mults["backprop"]
    assert r8.mults["path_sum"] > 100 * r4.mults["path_sum"]

    def ratio(r):  # path-sum time (measured or extrapolated) over backprop's
        return (r.times["path_sum"] or r.estimated["path_sum"]) / r.times["backprop"]

    assert ratio(r8) > ratio(r4) > 1


def test_counted_multiplications_match_the_formula(cost_model):
    for (d, w), m in cost_model.measurements.items():
        if m.path_sum_mults is not None:
            assert m.path_sum_mults == multiplications("path_sum", cost_sizes(d, w))


def test_too_large_is_refused_with_exact_count():
    big = CostExplorerModel(depths=[1, 2, 30], widths=[8], run_limit_seconds=1.0)
    row = big.row(30, 8)
    assert row.status == "too_large"
    assert row.times["path_sum"] is None and row.estimated["path_sum"] > 1.0
    assert format_count(row.parameter_paths) in row.reason
    assert format_count(row.mults["path_sum"]) in row.reason
    with pytest.raises(ValueError, match="not running the path sum"):
        big.measure_here(30, 8)


def test_refusal_is_a_count_whatever_the_machine_load(monkeypatch):
    """The notebook's explorer runs width 4, depth 12 and refuses width 6 on any machine:
    a machine 1000 times slower (every estimate 1000 times longer) answers the same."""
    m = CostExplorerModel(depths=[1, 2, 12], widths=[4, 6])
    mults = {w: multiplications("path_sum", cost_sizes(12, w)) for w in (4, 6)}
    assert mults[4] <= m.run_limit_mults < mults[6]
    estimate = m.estimate
    for slowdown in (1, 1000):
        monkeypatch.setattr(m, "estimate", lambda *a, k=slowdown: k * estimate(*a))
        assert m.row(12, 4, measure=False).status == "runnable"
        assert m.row(12, 6, measure=False).status == "too_large"


def test_runnable_then_measured_with_progress_and_stop():
    m = CostExplorerModel(depths=[1, 2, 3, 8], widths=[4], auto_seconds=1e-6, run_limit_seconds=60)
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
    version = m.version
    m.measure_here(8, 4, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] == count_parameter_paths(cost_sizes(8, 4))
    row = m.row(8, 4)
    assert row.status == "measured" and row.times["path_sum"] > 0
    assert m.version > version  # views know to redraw their curves


def test_slider_moves_do_not_enumerate(cost_model, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a cached row must not enumerate paths")

    monkeypatch.setattr(core, "path_sum_gradients", boom)
    for d in cost_model.depths:
        for w in cost_model.widths:
            row = cost_model.row(d, w, measure=False)
            assert row.times["backprop"] is not None


def test_curves_and_points(cost_model):
    c = cost_model.curves(3)
    assert np.all(np.diff(c["ops_path_sum"]) > 0)
    assert np.all(c["time_backprop"] > 0)
    pts = cost_model.measured_points(3)
    assert len(pts["backprop"][0]) == len(cost_model.depths)
    assert len(pts["ops_path_sum"][0]) >= 3


def test_fit_time_model_recovers_constants():
    steps = np.array([1, 2, 3, 10, 20])
    mults = np.array([10, 100, 1000, 1e5, 1e6])
    t = 2e-6 * steps + 5e-9 * mults
    tm = fit_time_model(steps, mults, t)
    assert tm.overhead == pytest.approx(2e-6, rel=1e-6)
    assert tm.per_mult == pytest.approx(5e-9, rel=1e-6)
    with pytest.raises(ValueError):
        fit_time_model([], [], [])


# --------------------------------------------------------------------------- memo table


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 3), min_size=2, max_size=5))
def test_reuse_counts_by_brute_force(sizes):
    # Enumerate every (parameter, path) term and count the sums S[l][j] each one passes.
    L = len(sizes) - 1
    brute = dict.fromkeys(reuse_counts(sizes), 0)
    for l in range(L):
        n_params_per_sum = sizes[l] + 1  # the weights and the bias of S[l][j]
        for j in range(sizes[l + 1]):
            for tail in itertools.product(*(range(n) for n in sizes[l + 2 :])):
                chain = (j, *tail)
                for i, n in enumerate(chain):
                    brute[(l + i, n)] += n_params_per_sum
    assert brute == reuse_counts(sizes)
    # The output layer's sums S[L-1] are passed by every term of the naive sum.
    assert sum(v for (l, _), v in brute.items() if l == L - 1) == count_parameter_paths(sizes)


def test_memo_table_replay():
    m = MemoTableModel((2, 3, 3, 1))
    assert m.params() == {"step": 0}
    # Keys are (l, j) of delta[l][j] = dJ/dS[l][j], l = 0..L-1.
    assert m.n_steps == 7 and m.order[0] == (2, 0) and m.order[-1] == (0, 2)
    s0 = m.state()
    assert all(v is None for v in s0.values.values()) and s0.current is None
    s1 = m.state(1)
    assert s1.values[(2, 0)] == pytest.approx(m.deltas[2][0, 0]) and s1.reads == ()
    s2 = m.state(2)
    assert s2.current == (1, 0) and s2.reads == ((2, 0),)
    assert s2.values[(0, 0)] is None  # never a misleading 0
    m.set(step=7)
    full = m.state()
    assert full.complete and all(v is not None for v in full.values.values())
    dW, _ = m.net.gradients(m.x, m.y)
    # The stored deltas give every weight gradient with one multiplication each.
    assert np.allclose(np.outer([full.values[(0, j)] for j in range(3)], m.x[0]), dW[0])
    assert f"{m.delta(1, 0):.4g}" in s2.text
    for bad in (8, -1, 10**5000, 1.5, "3", None):
        with pytest.raises(ValueError, match="step must be an integer from 0 to 7"):
            m.set(step=bad)
        assert m.params() == {"step": 7}
    m.set(step=3.0)  # what a slider may send: an integral float is its integer
    assert m.params() == {"step": 3} and m.state().step == 3


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=5), seed=st.integers(0, 2**32 - 1))
def test_memo_table_fills_backprops_deltas_for_any_drawable_network(sizes, seed):
    from backprop_tutorial.apps.memo_table.scene import memo_frames

    m = MemoTableModel(sizes, rng=np.random.default_rng(seed))
    frames = memo_frames(m)
    assert len(frames) == m.n_steps + 1 == sum(sizes[1:]) + 1
    full = m.state(m.n_steps)
    for (l, j), v in full.values.items():
        assert v == m.deltas[l][0, j]
    # Each step reads only entries already in the table: dynamic programming's order.
    for s in range(1, m.n_steps + 1):
        st_ = m.state(s)
        before = m.state(s - 1)
        assert all(before.values[r] is not None for r in st_.reads)
    assert len(frames[-1]["nodes"]) == m.n_steps


def test_memo_table_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="too large to draw"):
        MemoTableModel([2] + [50] * 3 + [1])
    with pytest.raises(ValueError, match="layer 1 has width 0"):
        MemoTableModel([2, 0, 1])


def test_memo_counts_are_explained():
    m = MemoTableModel((2, 3, 3, 1))
    # delta[0][j]: 2 weights + 1 bias of S[0][j], each with 3 paths (through one of the
    # 3 neurons of layer 2, then the output): 9 terms, 3 paths.
    assert m.reuse[(0, 0)] == 9 and m.terms_text(0, 0) == "9 = 3 × 3"
    assert core.count_paths_from_weight(m.sizes, 0) == 3
    # delta[1][j]: its own 4 parameters, and all 9 of layer 0 through it, 1 path each.
    assert m.terms_text(1, 0) == "13 = 4 × 1 + 9 × 1"
    # backprop reads delta[1][0] 7 times: 3 weight gradients, 1 bias, 3 deltas of layer 0.
    assert m.reads_text(1, 0) == "7 = 3 + 1 + 3"
    assert m.reads_text(0, 0) == "3 = 2 + 1"  # delta[0] is not pushed back to x
    assert m.reads_text(2, 0) == "7 = 3 + 1 + 3"


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy", "softmax_cross_entropy"])
def test_finite_differences_use_the_networks_own_forward_pass(cost):
    from backprop_tutorial.apps.cost_explorer.model import _lean_loss
    from backprop_tutorial.core.network import Network

    rng = np.random.default_rng(3)
    net = Network([3, 4, 2], "tanh", cost, rng=rng)
    X = rng.normal(size=(5, 3))
    Y = np.eye(2)[rng.integers(0, 2, 5)] if cost != "quadratic" else rng.uniform(size=(5, 2))
    assert _lean_loss(net, X, Y) == pytest.approx(net.loss(X, Y), rel=1e-14)
