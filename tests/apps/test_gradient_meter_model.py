"""GradientMeterModel (notebook 2, section 6): the engine's deltas, the protocol, refusals,
and the claims of the section."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_tutorial import Network
from backprop_tutorial.apps.gradient_meter.model import GradientMeterModel


def test_one_bar_per_weight_layer_for_each_activation():
    m = GradientMeterModel(depth=10)
    assert set(m.means) == {"sigmoid", "tanh", "relu"}
    assert m.L == 11 and all(len(v) == 11 for v in m.means.values())
    m.set(depth=3)
    assert len(m.means["tanh"]) == 4 and m.sizes == [2, 6, 6, 6, 1]
    assert "3 hidden layers of width 6 (L = 4 weight layers, network [2, 6, 6, 6, 1])" in (
        m.summary()
    )
    m.set(depth=12)
    assert "[2] + [6] * 12 + [1]" in m.summary()  # said precisely, not "12 layers"


def test_the_meter_is_the_engines_backward_pass():
    m = GradientMeterModel(depth=2, width=3, activations=("tanh",))
    rng = np.random.default_rng(m.seed)
    X = rng.uniform(-1, 1, size=(m.n_points, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    base = Network(m.sizes, "sigmoid", rng=rng)
    net = Network(
        m.sizes,
        "tanh",
        cost="cross_entropy",
        weights=base.weights,
        biases=base.biases,
    )
    deltas = net.backward(net.forward_cache(X), Y)
    for l in range(net.L):
        assert np.isclose(m.means["tanh"][l], np.mean(np.abs(deltas[l])) * len(X))


# -- the claims of section 6 ---------------------------------------------------------------


def test_claim_sigmoids_first_layer_gets_the_least_gradient_at_every_depth():
    m = GradientMeterModel()
    for depth in range(1, m.MAX_DEPTH + 1):
        m.set(depth=depth)
        assert m.ratio("sigmoid") < min(m.ratio("tanh"), m.ratio("relu")), depth


def test_claim_sliding_the_depth_makes_sigmoids_first_bars_fall_away():
    m = GradientMeterModel()
    ratios = []
    for depth in range(1, m.MAX_DEPTH + 1):
        m.set(depth=depth)
        ratios.append(m.ratio("sigmoid"))
    np.testing.assert_array_equal(ratios, m.ratios_by_depth("sigmoid", range(1, 31)))
    assert m.depth == 30  # ratios_by_depth left the model as it was
    assert np.all(np.diff(ratios) < 0)  # every extra layer shrinks it
    per_layer = (ratios[-1] / ratios[0]) ** (1 / (len(ratios) - 1))
    assert 0.1 < per_layer < 0.3  # "about 5 times smaller per layer"
    m.set(depth=8)
    assert m.ratio("sigmoid") < 1e-5 and m.ratio("tanh") > 1e3 * m.ratio("sigmoid")


def test_claim_sigmoid_bars_shrink_towards_the_input():
    sig = GradientMeterModel(depth=10).means["sigmoid"]
    assert np.all(sig[:-1] < sig[1:])


def test_claim_he_initialisation_keeps_more_relu_gradient():
    m = GradientMeterModel()
    for depth in range(2, m.MAX_DEPTH + 1):
        m.set(depth=depth, init="he")
        he = m.ratio("relu")
        m.set(init="plain")
        assert m.ratio("relu") < he, depth


# -- refusals and properties -----------------------------------------------------------------


@pytest.mark.parametrize(
    "change, words",
    [
        ({"depth": 0}, "depth must be an integer from 1 to 30"),
        ({"depth": 10**9}, "depth must be an integer from 1 to 30"),
        ({"depth": 2.5}, "depth must be an integer from 1 to 30, got 2.5"),
        ({"init": "xavier"}, "init must be one of 'he', 'plain'"),
        ({"n_points": 10**9}, "n_points must be an integer from 1 to 10,000, got 1,000,000,000"),
        ({"width": 0}, "width"),
        ({"seed": np.random.default_rng(0)}, "Generator"),
        ({"colour": 1}, "unknown parameter 'colour': use one of depth, width, seed, n_points"),
    ],
)
def test_rejected_changes_leave_the_meter_as_it_was(change, words):
    m = GradientMeterModel(depth=5)
    before = (m.params(), {k: v.tolist() for k, v in m.means.items()})
    with pytest.raises(ValueError, match=words):
        m.set(**change)
    assert (m.params(), {k: v.tolist() for k, v in m.means.items()}) == before


def test_bad_construction_is_refused():
    with pytest.raises(ValueError, match="n_points"):
        GradientMeterModel(n_points=10**9)
    with pytest.raises(ValueError, match="activations must be one of .*got 'swish'"):
        GradientMeterModel(activations=("swish",))
    with pytest.raises(ValueError, match="list of names"):
        GradientMeterModel(activations="relu")


@settings(max_examples=40, deadline=None)
@given(
    depth=st.integers(-1, 32),
    width=st.integers(0, 70),
    init=st.sampled_from(["he", "plain", "other"]),
    seed=st.integers(-1, 2**33),
)
def test_any_setting_gives_finite_bars_or_a_clear_refusal(depth, width, init, seed):
    m = GradientMeterModel(depth=3)
    try:
        m.set(depth=depth, width=width, init=init, seed=seed)
    except ValueError as exc:
        assert str(exc) and m.params()["depth"] == 3
        return
    for act in m.activations:
        shown = m.shown(act)
        assert len(shown) == depth + 1 and np.all(np.isfinite(shown)) and np.all(shown > 0)
