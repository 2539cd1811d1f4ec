"""Notebook 6's ε sweep chart: the model checks its arrays, the chart says what it shows."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tutorial.apps.epsilon_sweep.model import EpsilonSweepModel
from backprop_tutorial.apps.epsilon_sweep.scene import shown_errors, sweep_figure, sweep_layers

EPS = np.logspace(-1, -13, 7)
ERRORS = np.array([1e-3, 1e-7, 1e-11, 3e-9, 1e-6, 1e-4, 1e-2])


def test_the_best_eps_is_where_the_error_is_smallest():
    assert EpsilonSweepModel(EPS, ERRORS).best == EPS[2]


@pytest.mark.parametrize(
    ("eps", "errors", "named"),
    [
        ([1e-3], [0.1], "eps"),
        ([1e-3, -1e-4], [0.1, 0.2], "eps"),
        (EPS, ERRORS[:3], "errors"),
        (EPS, -ERRORS, "errors"),
        (EPS, np.full(7, np.nan), "errors"),
        ("1e-3, 1e-4", ERRORS[:2], "eps"),
        (None, ERRORS, "eps"),
        ([[1e-3, 1e-4], [1e-5]], ERRORS[:2], "eps"),
        (EPS, ERRORS + 1j, "errors"),
        (EPS, [10**400] * 7, "errors"),
    ],
)
def test_bad_input_names_the_argument(eps, errors, named):
    with pytest.raises(ValueError, match=named):
        EpsilonSweepModel(eps, errors)


def test_log_axes_span_whole_decades_around_the_data():
    (ax,) = sweep_figure(EpsilonSweepModel(EPS, ERRORS))["axes"]
    assert ax["xscale"] == ax["yscale"] == "log"
    assert ax["xlim"] == pytest.approx([1e-13, 1e-1])
    assert ax["ylim"] == pytest.approx([1e-12, 1e-1])  # no point on the axis line


def test_an_exact_zero_error_is_drawn_on_the_log_axis():
    model = EpsilonSweepModel(EPS, np.where(ERRORS == 1e-11, 0.0, ERRORS))
    assert shown_errors(model).min() == pytest.approx(3e-9)
    sweep_figure(model)  # limits stay finite and positive


def test_the_text_alternative_tells_the_v():
    layers = sweep_layers(EpsilonSweepModel(EPS, ERRORS))
    said = layers["curve"]["summary"]
    assert "1.0e-03 at the largest" in said and "1.0e-11 at ε = 1e-05" in said
    assert "1.0e-02 at the smallest" in said
    assert layers["best"]["value"] == pytest.approx(1e-5)


def test_the_app_shows_the_chart():
    from backprop_tutorial.apps import EpsilonSweepApp

    app = EpsilonSweepApp(EPS, ERRORS)
    assert app.view.layers["curve"]["summary"].startswith("7 step sizes")
    assert "bt-epsilon-sweep" in app.view.widget._dom_classes
