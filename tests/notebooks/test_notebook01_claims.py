"""Notebook 1's claims, reproduced on the apps' models: every "try this" and every number.

Each test names the sentence it checks.  The learner who does what the prose says sees
what it promises.
"""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.apps.chain_stepper.model import ChainStepperModel
from backprop_tutorial.apps.fan_out.model import FanOutModel
from backprop_tutorial.apps.gradient_check.model import GradientCheckModel
from backprop_tutorial.apps.landscape.model import LandscapeModel
from backprop_tutorial.ui.chain_params import RANGES

DEFAULT = dict(x=1.0, y=0.9, w0=0.5, w1=-1.0)


def reachable(name, value):
    """A value the slider can show: inside its range and on its step."""
    lo, hi, step, _ = RANGES[name]
    assert lo <= value <= hi
    assert abs(value / step - round(value / step)) < 1e-9, f"{name} = {value} is off the slider"


# -- section 1 and 2: the stepper ---------------------------------------------------------


def test_after_5_steps_the_cost_is_known():
    m = ChainStepperModel(**DEFAULT)
    m.set_step(4)
    assert m.stepper.state.values["J"] is None
    m.set_step(5)
    assert m.stepper.state.values["J"] == pytest.approx(m.network.loss)


# -- section 4: "Things to try" with the chain app ------------------------------------------


def test_y_at_y_hat_makes_every_gradient_almost_zero():
    """ "set y to ŷ (about 0.35 here): both gradients drop to almost 0"."""
    m = ChainStepperModel(**DEFAULT)
    y_hat = round(m.network.y_hat, 2)
    assert y_hat == 0.35
    reachable("y", y_hat)
    before = np.abs(m.network.gradient())
    m.set(y=y_hat)
    after = np.abs(m.network.gradient())
    assert np.all(after < 0.01 * before)


def test_large_w0_saturates_and_shrinks_dJ_dw0():
    """ "make w0 large (say 5): σ'(p0) becomes tiny and so does dJ/dw0"."""
    m = ChainStepperModel(**DEFAULT)
    reachable("w0", 5.0)
    before = abs(m.network.gradient()[0])
    m.set(w0=5.0)
    sigma_prime_p0 = m.network.chain_rule()["w0"].factors[1].value
    assert sigma_prime_p0 < 0.01 and abs(m.network.gradient()[0]) < 0.05 * before


def test_x_zero_makes_dJ_dw0_exactly_zero():
    """ "set x = 0: then dJ/dw0 = 0 exactly"."""
    m = ChainStepperModel(**DEFAULT)
    m.set(x=0.0)
    assert m.network.gradient()[0] == 0.0 and m.network.gradient()[1] != 0.0


def test_p1s_gradient_is_read_twice_and_the_factor_is_shared():
    m = ChainStepperModel(**DEFAULT)
    assert m.reuse_counts()["p1"] == 2
    w0, w1 = m.network.chain_rule().values()
    assert w0.factors[-1] is w1.factors[-1] and w0.factors[-1].shared


# -- section 5: the landscape --------------------------------------------------------------


def test_from_the_default_start_the_path_rolls_into_the_valley():
    m = LandscapeModel(**DEFAULT, learning_rate=5.0)
    m.step(20)
    assert m.n_rises() == 0 and m.losses[-1] < m.losses[0] / 10


def test_the_plateau_is_real():
    """ "Move w0, w1 to (5, -5): the cost there is high, but the ground is almost flat ...
    20 steps hardly lower J at all"."""
    m = LandscapeModel(**DEFAULT)
    flat = m.plateau()
    assert (flat["w0"], flat["w1"]) == (5.0, -5.0)
    reachable("w0", 5.0)
    reachable("w1", -5.0)
    _, _, J = m.grid()
    assert flat["J"] >= 0.9 * J.max()  # high: near the top of the map
    assert flat["steeper"] > 0.99  # flat: flatter than 99 % of the high-cost points
    assert np.mean(m.slopes() > flat["slope"]) > 0.6  # and than most of the whole map
    crawl = LandscapeModel(**{**DEFAULT, "w0": 5.0, "w1": -5.0}, learning_rate=5.0)
    crawl.step(20)
    assert crawl.losses[-1] > 0.95 * crawl.losses[0]  # "descent crawls"


def test_the_old_plateau_claim_was_wrong():
    # Issue 11: (-1, -4) was called a plateau but is one of the steepest points.
    m = LandscapeModel(**DEFAULT)
    slope = np.hypot(*m.network.with_params(w0=-1.0, w1=-4.0).gradient())
    assert np.mean(m.slopes() < slope) > 0.9


@pytest.mark.parametrize("rate", [10.0, 30.0, 50.0])
def test_learning_rates_are_reachable_with_the_slider(rate):
    reachable("learning_rate", rate)


def test_overshoot_is_visible_from_the_stated_start():
    """ "Set y = 0.5 and (w0, w1) = (4, 1): α = 10 straight down, α = 30 a zigzag, α = 50
    the first step lands higher than it started"."""
    for name, value in (("y", 0.5), ("w0", 4.0), ("w1", 1.0)):
        reachable(name, value)
    runs = {}
    for rate in (10.0, 30.0, 50.0):
        m = LandscapeModel(x=1.0, y=0.5, w0=4.0, w1=1.0, learning_rate=rate)
        m.step(20)
        assert not m.stopped  # the whole run stays on the map
        runs[rate] = m
    assert runs[10.0].n_rises() == 0 and runs[10.0].n_flips() == 0
    assert runs[30.0].n_rises() == 0 and runs[30.0].n_flips() >= 15
    assert runs[50.0].losses[1] > runs[50.0].losses[0] and runs[50.0].n_rises() >= 1


def test_overshoot_as_the_learner_does_it_in_one_app():
    """The same, done as the prose says in the one app: set y and the weights, then for
    each rate move the α slider and press "run 20 steps", with no reset between: changing
    α goes back to the start of the path, so each rate starts from (4, 1)."""
    widgets = pytest.importorskip("backprop_tutorial.apps")
    app = widgets.LandscapeApp()
    for name, value in (("y", 0.5), ("w0", 4.0), ("w1", 1.0)):
        app.controls[name].value = value
    seen = {}
    for rate in (10.0, 30.0, 50.0):
        app.controls["learning_rate"].value = rate
        assert app.model.path.shape[0] == 1 and tuple(app.model.point[:2]) == (4.0, 1.0)
        app.controls["run"].click()
        seen[rate] = (app.model.n_rises(), app.model.n_flips(), app.model.losses[:2])
    assert seen[10.0][:2] == (0, 0)
    assert seen[30.0][0] == 0 and seen[30.0][1] >= 15
    assert seen[50.0][2][1] > seen[50.0][2][0]


def test_the_current_weights_are_not_drawn_in_a_colour_of_the_map():
    """The marker is white with a black rim ("the white circle"), not the yellow that
    means high J on viridis."""
    from backprop_tutorial.apps.landscape.scene import landscape_layers

    point = next(
        layer
        for layer in landscape_layers(LandscapeModel()).values()
        if layer.get("marker") == "circle" and layer.get("z") == 6
    )
    assert point["color"] == "#ffffff" and point["edge"] == "#000000"


def test_the_app_says_when_j_goes_up():
    widgets = pytest.importorskip("backprop_tutorial.apps")
    app = widgets.LandscapeApp(x=1.0, y=0.5, w0=4.0, w1=1.0, learning_rate=50.0)
    app.controls["run"].click()
    assert "J went up in" in app.status.value and "overshoots" in app.status.value


def test_changing_x_or_y_changes_the_whole_landscape():
    m = LandscapeModel(**DEFAULT)
    J = m.grid()[2].copy()
    m.set(x=2.0)
    assert not np.allclose(m.grid()[2], J)


# -- section 6: the gradient check ------------------------------------------------------------


def test_eps_too_big_and_too_small_fail_and_the_best_is_in_between():
    errors = {}
    for e in 10.0 ** np.arange(-12, -0.9, 0.5):  # the slider's values
        m = GradientCheckModel(**DEFAULT, eps=e)
        errors[e] = m.check.relative_error
    best = min(errors, key=errors.get)
    assert 3e-6 <= best <= 3e-5
    # The app starts where bt.check_chain does, so the app and the next cell agree.
    start = GradientCheckModel(**DEFAULT)
    assert start.eps == 1e-5 and start.check.passed
    assert start.check.relative_error == bt.check_chain(bt.ChainNetwork(**DEFAULT)).relative_error
    assert not GradientCheckModel(**DEFAULT, eps=1e-1).check.passed
    assert not GradientCheckModel(**DEFAULT, eps=1e-11).check.passed


# -- section 7: fan-out --------------------------------------------------------------------------


@pytest.mark.parametrize("kind, value, grad", [("square", 3.0, 6.0), ("shared_weight", 3.0, 1.5)])
def test_a_value_used_twice_gets_the_sum(kind, value, grad):
    m = FanOutModel(kind, value)
    assert m.gradient() == grad
    # The first contribution shows "so far", the last the total.
    seen = []
    for k in range(m.stepper.n_steps + 1):
        m.stepper.set_step(k)
        seen.append(m.stepper.node_text("x" if kind == "square" else "w")[1])
    assert any(s.endswith("so far") for s in seen) and seen[-1] == f"{grad:.3g}"


def test_exercise_values_are_not_the_steppers():
    from backprop_tutorial.teaching import exercises as ex

    assert ex.EXERCISE != DEFAULT and bt.ChainNetwork(**ex.EXERCISE).loss > 0
