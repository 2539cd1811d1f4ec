"""LandscapeSliceModel (notebook 2, section 5): the planes, the trajectory on them, the protocol,
refusals, and the claims of the section."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.landscape_slice.model import LandscapeSliceModel
from backprop_tutorial.apps.training.model import TrainingModel
from backprop_tutorial.core.landscape import random_plane
from backprop_tutorial.core.shapes import roll


@pytest.fixture(scope="module")
def trained():
    t = TrainingModel()  # the notebook's playground: moons, [2, 8, 8, 1], 300 epochs
    t.train(300)
    return t


def state(s: LandscapeSliceModel):
    return (s.params(), s.surface.tolist(), s.path.tolist(), s.extent, s.note)


# -- path mode ------------------------------------------------------------------------------


def test_path_mode_puts_start_at_0_and_now_at_1(trained):
    s = LandscapeSliceModel(trained, resolution=11)
    assert s.mode == "path"
    np.testing.assert_allclose(s.path[0], (0, 0), atol=1e-9)
    np.testing.assert_allclose(s.path[-1], (1, 0), atol=1e-9)
    np.testing.assert_allclose(s.current, (1, 0), atol=1e-9)
    assert np.isclose(s.in_plane_share(), 1.0)
    # The colours at the start and now are the costs the network had there.
    j_start, j_now = s.surface_at([s.path[0], s.current])
    assert np.isclose(j_start, trained.losses[0]) and np.isclose(j_now, trained.losses[-1])


def test_claim_the_trajectory_spans_a_visible_part_of_the_plot(trained):
    s = LandscapeSliceModel(trained)  # the app's defaults: half-width 1
    across, up = s.coverage()
    assert across >= 0.3  # the path runs across half the picture
    ext = s.extent
    assert ext[0] <= s.path[:, 0].min() and s.path[:, 0].max() <= ext[1]
    assert ext[2] <= s.path[:, 1].min() and s.path[:, 1].max() <= ext[3]


def test_claim_a_random_plane_holds_only_part_of_the_path_and_shows_less_of_it(trained):
    s = LandscapeSliceModel(trained)
    shares = s.random_plane_shares(8)
    assert shares.mean() < 0.5 and shares.max() < 0.9  # the path plane holds all of it
    th = np.array(trained.thetas)
    for k in range(8):
        p = random_plane(trained.net, np.random.default_rng(k)).project(th)
        spread = (p.max(axis=0) - p.min(axis=0)) / (2 * s.span)  # at the same half-width
        assert spread.max() < s.coverage()[0]


def test_the_across_direction_is_normalised_per_neuron_then_made_orthogonal(trained):
    s = LandscapeSliceModel(trained, resolution=5, seed=3)
    d1, d2 = s.plane.d1, s.plane.d2
    assert abs(d1 @ d2) < 1e-9 * (d1 @ d1)
    assert np.isclose(np.linalg.norm(d1), np.linalg.norm(d2))
    _, db = roll(d2, trained.sizes)
    # biases are not moved across (Li et al.), only along the path
    assert all(np.abs(b).max() < 0.2 * np.abs(d2).max() for b in db)
    before = d2.copy()
    s.set(seed=4)
    assert not np.allclose(s.plane.d2, before)


def test_nothing_trained_yet_falls_back_to_random_directions_and_says_so():
    s = LandscapeSliceModel(TrainingModel(), resolution=5)
    assert "nothing trained yet" in s.note
    assert s.surface.shape == (5, 5)


def test_half_width_is_widened_to_show_the_whole_path_and_says_so(trained):
    s = LandscapeSliceModel(trained, span=0.1, resolution=5)
    assert s.half > 0.5 and "widened from 0.1" in s.note
    s.set(span=3.0)
    assert s.half == 3.0 and s.note == ""


# -- weights mode ---------------------------------------------------------------------------


def test_weights_mode_centres_on_the_weights_now(trained):
    s = LandscapeSliceModel(
        trained, mode="weights", first="W[0][0,0]", second="W[0][1,1]", resolution=11
    )
    w00, w11 = trained.net.weights[0][0, 0], trained.net.weights[0][1, 1]
    assert np.allclose(s.current, (w00, w11))
    assert np.allclose(s.path[0], (trained.thetas[0][0], trained.thetas[0][3]))
    assert np.allclose(s.path[-1], s.current)
    assert np.isclose(s.surface[5, 5], trained.net.loss(trained.X, trained.Y))
    assert s.axis_labels == ("W[0][0,0]", "W[0][1,1]")


def test_claim_in_weights_mode_the_colour_under_the_start_is_not_the_start_cost(trained):
    # What the caption says: the other parameters are held at their values now, so the
    # surface under the start is far below the cost the network had at the start.
    s = LandscapeSliceModel(trained, mode="weights")
    (under_start,) = s.surface_at(s.path[:1])
    assert under_start < 0.5 * trained.losses[0]
    # "although the training cost fell at every epoch"
    assert np.all(np.diff(trained.losses) < 0)


def test_the_same_weight_on_both_axes_is_refused_visibly(trained):
    s = LandscapeSliceModel(trained, mode="weights", resolution=5)
    before = state(s)
    with pytest.raises(ValueError, match="both axes show W\\[0\\]\\[0,0\\]"):
        s.set(second="W[0][0,0]")
    assert state(s) == before


def test_a_weight_the_new_network_lacks_is_replaced_and_named():
    t = TrainingModel(hidden="8, 8")
    t.train(20)
    s = LandscapeSliceModel(t, mode="weights", first="W[1][7,7]", second="b[1][7]", resolution=5)
    t.set(hidden="2")
    s.refresh()
    names = t.net.param_labels()
    assert s.first in names and s.second in names and s.first != s.second
    assert "W[1][7,7] is not a parameter of [2, 2, 1]" in s.note
    assert s.params()["first"] == s.first  # the controls will show the replacement


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, words",
    [
        ({"span": -1}, "span must be a positive number, got -1: use a number above 0"),
        ({"span": 0}, "span"),
        ({"span": float("inf")}, "span"),
        ({"mode": "diagonal"}, "mode must be one of 'path', 'weights'"),
        ({"first": "W[5][0,0]"}, "weight layers are l = 0..2"),
        ({"first": "w00"}, "not a parameter label"),
        ({"first": 3}, "parameter label"),
        ({"seed": -1}, "seed"),
        ({"resolution": 5}, "unknown parameter 'resolution': use one of mode, first"),
    ],
)
def test_rejected_changes_leave_the_slice_as_it_was(trained, change, words):
    s = LandscapeSliceModel(trained, resolution=5)
    before = state(s)
    with pytest.raises(ValueError, match=words):
        s.set(**change)
    assert state(s) == before


def test_sizes_are_bounded(trained):
    with pytest.raises(ValueError, match="resolution must be an integer from 3 to 101, got 100,0"):
        LandscapeSliceModel(trained, resolution=10**5)
    with pytest.raises(ValueError, match="TrainingModel"):
        LandscapeSliceModel("moons")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.fixed_dictionaries(
        {},
        optional={
            "mode": st.sampled_from(["path", "weights", "random", ""]),
            "first": st.sampled_from(["W[0][0,0]", "W[0][1,1]", "b[2][0]", "W[3][0,0]", "x"]),
            "second": st.sampled_from(["W[0][0,0]", "W[1][2,3]", "b[0][0]"]),
            "span": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(1e-300)),
            "seed": st.integers(-2, 2**33),
        },
    )
)
def test_any_change_is_applied_whole_or_refused_whole(trained, changes):
    s = LandscapeSliceModel(trained, resolution=5)
    before = state(s)
    try:
        s.set(**changes)
    except ValueError as exc:
        assert str(exc) and state(s) == before
        return
    assert {k: s.params()[k] for k in changes} == {
        k: (float(v) if k == "span" else v) for k, v in changes.items()
    }
    assert s.first != s.second and np.isfinite(s.extent).all()
    x0, x1, y0, y1 = s.extent
    assert x0 <= s.path[:, 0].min() and s.path[:, 0].max() <= x1  # the path always shows
