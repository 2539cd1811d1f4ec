"""Notebook 3's sentences, one test each, on the models its apps use.

Every "try this" and every quantitative sentence of notebooks/03 is reproduced here: the
learner who tries it sees what the sentence promises.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.apps.cost_explorer.model import (
    CostExplorerModel,
    cost_sizes,
    multiplications,
)
from backprop_tutorial.apps.influence_paths.model import InfluencePathsModel
from backprop_tutorial.apps.memo_table.model import MemoTableModel
from backprop_tutorial.apps.path_sum_table.model import PathSumTableModel
from backprop_tutorial.core.shapes import n_parameters


@pytest.fixture(scope="module")
def explorer_model():
    """The explorer's model as the notebook builds it (default grid, measured)."""
    m = CostExplorerModel()
    m.measure_all()
    return m


def test_a_later_weight_has_fewer_paths():
    # "Pick a weight of a later layer in weight: it has fewer paths, as the formula says."
    m = InfluencePathsModel((2, 3, 3, 2))
    counts = {}
    for label in m.param_options()["weight"]:
        m.set(weight=label)
        counts.setdefault(m.layer, set()).add(m.count)
    assert counts == {0: {6}, 1: {2}, 2: {1}}


def test_path_zero_shows_all_paths_and_hover_counts_add_up():
    # "path 0 shows all its paths at once (an edge is thicker the more paths use it)"
    from backprop_tutorial.apps.influence_paths.scene import influence_frames, path_edges

    m = InfluencePathsModel((2, 3, 3, 2))
    frame0 = influence_frames(m)[0]
    used = {e for p in range(1, m.count + 1) for e in path_edges(m, p)}
    drawn = {e for e, v in frame0["edges"].items() if v["cls"] == "path"}
    assert drawn == used
    uses = {e: sum(e in path_edges(m, p) for p in range(1, m.count + 1)) for e in used}
    by_width = sorted(used, key=lambda e: frame0["edges"][e]["width"])
    assert [uses[e] for e in by_width] == sorted(uses.values())


def test_path_sum_agrees_with_backprop_to_rounding_for_every_weight():
    # "They agree to the last few digits of a double; the difference is rounding only."
    t = PathSumTableModel()
    for label in t.param_options()["weight"]:
        t.set(weight=label)
        assert t.relative_error < 1e-14, label


def test_width_3_path_sum_line_is_nearly_straight_and_backprop_adds_a_constant(explorer_model):
    # "each extra layer multiplies its work by a factor of about w, a little more ...;
    # backprop's line rises by the same amount per layer"
    for w in explorer_model.widths:
        c = explorer_model.curves(w)
        factors = c["ops_path_sum"][1:] / c["ops_path_sum"][:-1]
        deep = factors[3:]  # from depth 4 on
        assert np.all(deep > w) and np.all(deep < 1.4 * w), (w, factors)
        assert np.all(np.diff(deep) < 0)  # straighter and straighter: towards w
        steps = np.diff(c["ops_backprop"])
        assert len(set(steps[1:])) == 1  # the same amount per extra layer


def test_width_6_deepest_settings_are_refused(explorer_model):
    # "Try width 6: the deepest settings are refused."
    assert explorer_model.row(12, 6).status == "too_large"
    assert explorer_model.row(1, 6).status == "measured"


def test_width_3_depth_12_runs_and_is_far_slower_than_backprop(explorer_model):
    # The notebook runs it ("under a few seconds") and prints measured times.
    m = CostExplorerModel(depths=[1, 2, 12], widths=[3])
    row = m.row(12, 3)
    assert row.status != "too_large" and row.estimated["path_sum"] < m.run_limit_seconds
    assert row.parameter_paths < 10**7


def test_finite_differences_between_path_sum_and_backprop_for_deep_networks():
    # "far better than the path sum for deep networks, far worse than backprop"
    for w in range(2, 7):
        for depth in range(10, 13):
            s = cost_sizes(depth, w)
            fd = multiplications("finite_differences", s)
            ps = multiplications("path_sum", s)
            bp = multiplications("backprop", s)
            assert bp * 10 < fd < ps, (w, depth)


def test_finite_differences_cost_about_2n_squared():
    # "2(n + m) forward passes of n multiplications each: about 2 n^2"
    s = [10] * 8 + [1]
    n = bt.forward_multiplications(s)
    fd = bt.finite_difference_multiplications(s)
    assert fd == 2 * n_parameters(s) * n
    assert 1 < fd / (2 * n**2) < 1.15


def test_finite_differences_are_approximate_but_close():
    # "only approximate (the cell below prints how close it gets)": central differences
    # agree with backprop to many digits, not all.
    rng = np.random.default_rng(0)
    net = bt.Network([2, 3, 3, 2], rng=rng)
    X, Y = rng.uniform(-1, 1, (5, 2)), rng.uniform(0, 1, (5, 2))
    err = bt.check_network(net, X, Y).relative_error
    assert 1e-14 < err < 1e-7


def test_memo_entry_counts_as_the_prose_says():
    # "For delta[0][j] here that is 9 = 3 parameters (2 weights and the bias) x 3 paths"
    m = MemoTableModel((2, 3, 3, 1))
    assert m.terms[(0, 0)] == [(0, 3, 3)] and m.reuse[(0, 0)] == 9
    # "... times backprop reads it: once for each weight gradient, once for the bias
    # gradient, and once for each entry of the layer before"
    assert m.reads[(1, 0)] == (3, 1, 3)


@pytest.mark.parametrize("width", [3, 4, 10, 100])
@pytest.mark.parametrize("depth", [1, 2, 5, 50])
def test_backward_at_most_about_twice_forward(width, depth):
    # "backward = 2n - n_1 n_0 + sum n_l <= 2n + #neurons ... at most about twice a forward
    # pass, and the full gradient at most about three forward passes, whatever the depth"
    s = cost_sizes(depth, width)
    fwd, bwd = bt.forward_multiplications(s), bt.backprop_multiplications(s)
    neurons = sum(s[1:])
    assert bwd == 2 * fwd - s[1] * s[0] + neurons
    assert bwd <= 2 * fwd + neurons
    assert bwd / fwd <= 2 + 1 / width and (fwd + bwd) / fwd <= 3 + 1 / width


def test_first_layer_heavy_network_is_cheaper():
    # "[784, 256, 128, 10]: W[0] holds 85 % of the weights ... backward / forward = 1.15"
    s = [784, 256, 128, 10]
    fwd = bt.forward_multiplications(s)
    assert round(s[1] * s[0] / fwd, 2) == 0.85
    assert round(bt.backprop_multiplications(s) / fwd, 2) == 1.15


def test_fifty_layers_of_width_100():
    # "[100] * 50 + [1]: 51 neuron layers ... L = 50 weight layers"; "backprop needs under a
    # million multiplications, while the path sum needs a number of them that has 103 digits"
    deep = [100] * 50 + [1]
    assert len(deep) == 51 and len(deep) - 1 == 50
    assert bt.count_paths(deep) == 10**100
    assert bt.backprop_multiplications(deep) < 10**6
    assert len(str(bt.path_sum_multiplications(deep))) == 103


def test_path_sum_is_exponential_backprop_linear():
    # Section 3's formulas: path sum about 2 L w^L, backprop about 2 n.
    for w in (3, 4, 6):
        for L in (8, 12, 16):
            s = cost_sizes(L, w)
            ps = bt.path_sum_multiplications(s)
            assert 0.5 < ps / (2 * L * w**L) < 2, (w, L)
            assert bt.backprop_multiplications(s) < 2.5 * bt.forward_multiplications(s)
    assert math.isclose(
        bt.path_sum_multiplications(cost_sizes(17, 4))
        / bt.path_sum_multiplications(cost_sizes(16, 4)),
        4,
        rel_tol=0.12,
    )


def test_the_first_layer_estimate_is_below_the_exact_count_by_1_to_3():
    """Section 3: 2L w^L counts the first weight layer; the exact count is 1-3 times that
    at the explorer's settings (widths 2-6, depths 1-12)."""
    for w in range(2, 7):
        for L in range(1, 13):
            ratio = multiplications("path_sum", cost_sizes(L, w)) / (2 * L * w**L)
            assert 1 <= ratio < 3, (w, L, ratio)


def test_the_current_setting_is_not_drawn_with_backprops_marker():
    from backprop_tutorial.apps.cost_explorer.scene import MARKERS, here_layers

    row = CostExplorerModel(depths=[1, 2, 3], widths=[2]).current_row()
    shapes = {layer["marker"] for name, layer in here_layers(row).items() if "box" in name}
    assert shapes == {"diamond"} and "diamond" not in MARKERS.values()


def test_the_refusal_counts_parameter_path_terms_and_says_so():
    from backprop_tutorial.core.network import Network
    from backprop_tutorial.core.paths import count_parameter_paths, count_paths, path_sum_gradients

    sizes = [6] * 12 + [1]
    net = Network(sizes, rng=np.random.default_rng(0))
    terms = count_parameter_paths(sizes)
    assert terms != count_paths(sizes)
    x, y = np.zeros((1, 6)), np.zeros((1, 1))
    with pytest.raises(ValueError, match=rf"{terms:,} \(parameter, path\) terms"):
        path_sum_gradients(net, x, y, max_paths=1000)
