"""GradientMeterApp driven headless: the bars the browser draws follow the model, colour AND
marker per activation, and random control sequences."""

from __future__ import annotations

import app_sequences as seq
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_tutorial.apps.gradient_meter.app import GradientMeterApp
from backprop_tutorial.apps.gradient_meter.scene import ACTIVATION_STYLE


def test_depth_slider_changes_the_bars():
    app = GradientMeterApp(depth=4)
    assert len(app.view.layers["bars_sigmoid"]["x"]) == 5
    app.depth.value = 12
    top = np.array(app.view.layers["bars_sigmoid"]["height"])
    assert len(top) == 13
    np.testing.assert_allclose(top, app.model.shown("sigmoid"), rtol=1e-4)
    assert top[0] < 1e-6 * top[-1]  # the first layer's gradient has vanished
    ax = app.view.figure["axes"][0]
    assert ax["xlim"] == [-0.6, 12.6] and ax["yscale"] == "log" and ax["ylabel"] == "mean |δ[l]|"
    assert "12 hidden layers of width 6 (L = 13 weight layers" in app.summary.value
    assert "L = 13 weight layers" in ax["title"]


def test_init_toggle_and_each_activation_has_a_colour_and_a_marker():
    app = GradientMeterApp()
    relu_he = app.model.means["relu"][0]
    app.init.value = "plain"
    assert app.model.means["relu"][0] < relu_he and app.last_error is None
    np.testing.assert_allclose(
        app.view.layers["bars_relu"]["height"], app.model.shown("relu"), rtol=1e-4
    )
    legend = {i["text"]: (i["color"], i["marker"]) for i in app.view.figure["legend"]}
    assert legend == {a: ACTIVATION_STYLE[a] for a in ("sigmoid", "tanh", "relu")}
    assert len({m for _, m in legend.values()}) == 3
    for act, (color, marker) in ACTIVATION_STYLE.items():
        tops = app.view.layers[f"tops_{act}"]
        assert (tops["color"], tops["marker"]) == (color, marker)


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_random_control_sequences(data):
    app = GradientMeterApp()
    seq.run(app, data, 10, lambda name, value: True)
