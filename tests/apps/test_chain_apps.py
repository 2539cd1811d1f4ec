"""Notebook 1's models and views, headless: set widget values, read artists and texts."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.apps.chain_stepper.model import ChainStepperModel
from backprop_tutorial.apps.graph_stepper.model import GraphStepperModel
from backprop_tutorial.apps.graph_stepper.scene import layout
from backprop_tutorial.apps.landscape.model import LandscapeModel
from backprop_tutorial.ui.style import COLORS

widgets = pytest.importorskip("backprop_tutorial.apps")

DASH = "—"


# -- models ---------------------------------------------------------------------------


def test_chain_model_panel_fills_in_with_the_step():
    m = ChainStepperModel(x=1.0, y=0.9, w0=0.5, w1=-1.0)
    w0_exp, w1_exp = m.expansions()
    assert w0_exp.value is None and all(f.value is None for f in w0_exp.factors)
    assert DASH in w0_exp.text()
    m.set_step(8)  # dJ/dp1 just became known
    w0_exp, w1_exp = m.expansions()
    shared0 = [f for f in w0_exp.factors if f.shared]
    shared1 = [f for f in w1_exp.factors if f.shared]
    assert [f.name for f in shared0] == [f.name for f in shared1] == ["dJ/dp1"]
    assert shared0[0].value == pytest.approx(m.trace.grad("p1"))
    assert w0_exp.value is None  # other factors still unknown
    m.set_step(12)
    w0_exp, w1_exp = m.expansions()
    assert np.allclose([w0_exp.value, w1_exp.value], m.network.gradient())
    assert DASH not in w0_exp.text()
    assert m.reuse_counts()["p1"] == 2 and m.reuse_counts()["x1"] == 1


def test_chain_model_set_recomputes_and_keeps_step():
    m = ChainStepperModel()
    m.set_step(12)
    before = m.network.gradient()
    m.set(w0=2.0, learning_rate=0.1)
    assert m.stepper.k == 12 and m.learning_rate == 0.1
    assert m.trace["w0"].value == 2.0
    assert not np.allclose(before, m.network.gradient())
    assert np.allclose(m.network.gradient(), m.network.closed_form_gradient())
    upd = m.update_texts()
    g = m.network.gradient()
    assert upd[0].endswith(f"= {2.0 - 0.1 * g[0]:.3g}")
    m.set_step(3)
    assert DASH in m.update_texts()[0]


@pytest.mark.parametrize(
    "bad",
    [{"w2": 1.0}, {"w0": "a"}, {"x": np.inf}, {"learning_rate": 0.0}, {"lr": 1.0}, {"w0": 7.0}],
)
def test_chain_model_refuses_bad_parameters(bad):
    m = ChainStepperModel()
    before = m.params()
    with pytest.raises(ValueError):
        m.set(w1=2.0, **bad)
    assert m.params() == before  # the valid part of a rejected change is not kept


def test_chain_model_gradient_check():
    check = ChainStepperModel().gradient_check()
    assert check.passed
    assert not ChainStepperModel().gradient_check(eps=0.5).passed
    with pytest.raises(ValueError, match="eps"):
        ChainStepperModel().gradient_check(eps=0)


def test_landscape_grid_is_cached_per_x_y():
    m = LandscapeModel(n=21)
    w0s, w1s, J = m.grid()
    assert J.shape == (21, 21)
    # Row i is w1s[i], column j is w0s[j].
    assert J[3, 5] == pytest.approx(m.network.with_params(w0=w0s[5], w1=w1s[3]).loss)
    m.set(w0=1.0, w1=2.0)
    assert m.grid()[2] is J
    m.set(x=0.5)
    assert m.grid()[2] is not J


def test_landscape_descent_path_and_reset():
    m = LandscapeModel(w0=0.5, w1=-1.0, learning_rate=5.0)
    start = m.point
    rows = m.step(20)
    assert rows.shape == (20, 3) and m.path.shape == (21, 3) and m.n_taken == 20
    assert m.losses[-1] < m.losses[0]
    assert np.allclose(m.path[0], start)
    # Each step goes against the gradient.
    net = bt.ChainNetwork(x=1.0, y=0.9, w0=start[0], w1=start[1])
    assert np.allclose(m.path[1, :2], np.array(start[:2]) - 5.0 * net.gradient())
    m.set(learning_rate=5.0)  # the same rate: nothing changes
    assert m.n_taken == 20
    m.set(learning_rate=1.0)  # a new rate goes back to the start, to compare paths
    assert m.point == pytest.approx(start) and m.n_taken == 0
    m.step(2)
    m.reset()
    assert m.point == pytest.approx(start) and m.n_taken == 0
    m.step(3)
    m.set(w0=-1.0)  # moving a weight by hand starts a new path there
    assert m.n_taken == 0 and m.point[0] == -1.0


def test_landscape_stops_at_the_edge_of_the_map():
    m = LandscapeModel(x=1.0, y=0.0, w0=0.0, w1=5.0, learning_rate=60.0)
    rows = m.step(100)
    assert len(rows) == m.n_taken == 13 and "stopped after 13 of 100 steps" in m.stopped
    assert np.all(np.abs(m.path[:, :2]) <= 6.0)


def test_landscape_arrow_is_the_scaled_negative_gradient():
    m = LandscapeModel()
    d, g = m.arrow(), m.gradient
    assert np.dot(d, g) < 0 and abs(d[0] * g[1] - d[1] * g[0]) < 1e-12
    assert np.hypot(*d) <= 0.25 * 12 + 1e-9


@pytest.mark.parametrize(
    "kw", [{"learning_rate": -1}, {"n": 1}, {"n": 10**5}, {"x": "nope"}, {"w0": 6.5}]
)
def test_landscape_refuses_bad_input(kw):
    with pytest.raises(ValueError):
        LandscapeModel(**kw)


def test_landscape_refuses_bad_steps():
    with pytest.raises(ValueError, match="steps"):
        LandscapeModel().step(0)


# -- layout and graph view -------------------------------------------------------------


def test_chain_layout_is_a_straight_row_with_parameters_above():
    pos = layout(bt.ChainNetwork().trace)
    spine = ["x", "p0", "x1", "p1", "y_hat", "J"]
    assert {pos[n][1] for n in spine} == {0.0}
    assert [pos[n][0] for n in spine] == sorted(pos[n][0] for n in spine)
    assert all(pos[n][1] > 0 for n in ("w0", "w1", "y"))


@pytest.mark.parametrize(
    "trace",
    [
        bt.ChainNetwork(biases=True).trace,
        bt.fan_out_example("shared_weight"),
        bt.network_graph(
            bt.Network([2, 2, 1], rng=np.random.default_rng(0)),
            np.array([[0.5, -1.0]]),
            np.array([[1.0]]),
        ),
        bt.network_graph(
            bt.Network([2, 3, 3, 1], rng=np.random.default_rng(1)),
            np.array([[0.5, -1.0]]),
            np.array([[1.0]]),
        ),
    ],
    ids=["chain-biases", "shared-weight", "net-2-2-1", "net-2-3-3-1"],
)
def test_layouts_never_overlap_and_flow_left_to_right(trace):
    pos = layout(trace)
    pts = list(pos.values())
    for i, a in enumerate(pts):
        for b in pts[i + 1 :]:
            assert a[0] != b[0] or abs(a[1] - b[1]) >= 0.99, (a, b)
    for n in trace.nodes:
        for p in n.parents:
            assert pos[p.name][0] < pos[n.name][0]


def texts(stepper) -> dict:
    """``name -> (value line, gradient line)`` of the frame the browser shows."""
    return {n: tuple(f["lines"][1:]) for n, f in stepper.frame["nodes"].items()}


def test_graph_frames_texts_classes_and_edges():
    app = widgets.GraphStepperApp(bt.ChainNetwork(x=1.0, y=0.0, w0=0.5, w1=-1.0).trace)
    assert len(app.scene.frames) == app.model.n_steps + 1 == 13
    assert texts(app)["p0"] == (f"= {DASH}", f"grad {DASH}")
    assert texts(app)["x"][1] == "held fixed"
    app.slider.value = 1
    assert texts(app)["p0"] == ("= 0.5", f"grad {DASH}")
    assert "bt-active" in app.frame["nodes"]["p0"]["cls"]
    assert app.frame["edges"] == {"w0->p0#0": "forward", "x->p0#1": "forward"}
    app.slider.value = 12
    g = app.model.trace.grad("w0")
    assert texts(app)["w0"] == ("= 0.5", f"grad {g:.3g}")
    # The last step sends dJ/dp0 back along one edge, drawn as a backward arrow.
    assert app.frame["edges"] == {"w0->p0#0": "backward"}
    assert "dJ/dw0" in app.frame["nodes"]["w0"]["tip"]
    assert app.last_error is None


def test_graph_scene_fits_its_boxes_and_scales_down():
    scene = widgets.GraphStepperApp(bt.ChainNetwork().trace).scene.scene
    for n in scene["nodes"]:
        assert n["w"] / 2 <= n["x"] <= scene["width"] - n["w"] / 2
        assert n["h"] / 2 <= n["y"] <= scene["height"] - n["h"] / 2
    assert {e["source"] for e in scene["edges"]} >= {"w0", "x", "p0"}


# -- GraphStepperApp ------------------------------------------------------------------------


def test_stepper_side_panel_shows_the_last_backward_step():
    app = widgets.GraphStepperApp(bt.ChainNetwork().trace)
    assert app.play.max == app.slider.max == 12
    app.slider.value = app.slider.max
    step = app.model.step
    assert f"upstream {step.upstream:.3g} × local {step.local:.3g} = {step.product:.3g}" in (
        app.panel_text
    )
    panel = app.frame["panels"]["step"]
    assert "<b>upstream</b>" in panel and "Step 12 of 12" in panel


def test_stepper_set_trace_with_a_new_shape():
    app = widgets.GraphStepperApp(bt.fan_out_example("shared_weight"))
    app.slider.value = 8
    app.set_trace(bt.fan_out_example("square"))
    assert app.slider.max == app.play.max == 4 and app.slider.value == 4
    assert {n["id"] for n in app.scene.scene["nodes"]} == {"x", "J"}
    assert texts(app)["x"][1] == "grad 6"


def test_stepper_needs_a_trace():
    with pytest.raises(ValueError, match="trace"):
        widgets.GraphStepperApp()


def test_stepper_shares_a_model():
    model = GraphStepperModel(bt.ChainNetwork().trace, k=5)
    app = widgets.GraphStepperApp(model=model)
    assert app.slider.value == 5 and app.model is model


# -- ChainStepperApp -----------------------------------------------------------------------


def test_chain_app_sliders_recompute_everything():
    app = widgets.ChainStepperApp()
    assert set(app.controls) >= {"step", "play", "w0", "w1", "x", "y", "learning_rate"}
    app.controls["step"].value = 12
    before = texts(app.stepper)["w0"]
    panel_before = app.chain_panel_html
    app.controls["w0"].value = 2.0
    assert app.model.network.w0 == 2.0
    after = texts(app.stepper)["w0"]
    assert after[0] == "= 2" and after != before
    assert app.chain_panel_html != panel_before
    g = app.model.network.gradient()
    assert f"{g[0]:.3g}" in app.chain_panel_html
    app.controls["x"].value = 0.0
    assert app.model.network.gradient()[0] == 0.0
    assert app.last_error is None


def test_chain_panel_dashes_and_shared_colour():
    app = widgets.ChainStepperApp()
    html = app.chain_panel_html
    assert html.count(DASH) >= 8  # 6 factors, 2 results, the updates
    app.controls["step"].value = 12
    html = app.chain_panel_html
    shared = COLORS["shared"]
    # dJ/dp1 in the same colour, bold and starred (bt-shared-text) in both expansions.
    assert html.count(f'class="bt-shared-text" style="color:{shared};font-weight:bold">dJ/dp1') == 2
    assert "dJ/dp1: 2×" in html
    assert "∂p0/∂w0" in html and "dP0" not in html  # ∂ for local derivatives
    # The graph marks the same node: starred and outlined once its gradient is known.
    p1 = app.stepper.frame["nodes"]["p1"]
    assert p1["lines"][0] == "★ p1" and "bt-shared" in p1["cls"]
    app.controls["step"].value = 2
    assert "bt-shared" not in app.stepper.frame["nodes"]["p1"]["cls"]


def test_chain_app_errors_go_to_the_output(monkeypatch):
    app = widgets.ChainStepperApp()

    def broken(**kw):
        raise ValueError("deliberately broken model")

    monkeypatch.setattr(app.model, "set", broken)
    app.controls["w1"].value = 1.0
    assert "deliberately broken model" in app.last_error
    # The rejected value snaps back: the slider shows the model's real w1.
    assert app.controls["w1"].value == app.model.params()["w1"] == -1.0
    # (Outside a kernel the Output widget cannot capture the display; the browser test
    # sees the panel. Here: the error is recorded, nothing raised out of the callback.)
    monkeypatch.undo()
    app.controls["w1"].value = 1.5
    assert app.last_error is None


# -- LandscapeApp -----------------------------------------------------------------------------


def layer(app, name):
    return app.map.layers[name]


def test_landscape_app_buttons_and_sliders():
    app = widgets.LandscapeApp()
    heat = layer(app, "heat")
    app.controls["run"].click()
    assert len(layer(app, "path")["x"]) == 21
    assert len(app.curve.layers["loss"]["y"]) == 21
    w0, w1, _ = app.model.point
    assert app.controls["w0"].value == pytest.approx(w0)  # sliders follow the point
    assert app.model.n_taken == 20  # ...without restarting the path
    # The browser snaps the synced sliders to their step and echoes the value back:
    # that echo must not restart the path either.
    app.controls["w0"].value = round(w0 / 0.05) * 0.05
    app.controls["w1"].value = round(w1 / 0.05) * 0.05
    assert app.model.n_taken == 20 and app.model.point[0] == w0
    app.controls["step"].click()
    assert app.model.n_taken == 21
    app.controls["reset"].click()
    assert app.model.n_taken == 0 and app.controls["w0"].value == pytest.approx(0.5)
    app.controls["w0"].value = -2.0
    assert layer(app, "point")["x"] == [-2.0]
    assert layer(app, "heat") is heat  # same x, y: the heat map is not sent again
    app.controls["y"].value = 0.2
    assert layer(app, "heat") != heat
    assert "steps taken: 0" in app.status.value
    assert app.last_error is None


def test_landscape_heat_map_and_contours_follow_the_grid():
    app = widgets.LandscapeApp()
    w0s, w1s, J = app.model.grid()
    heat = layer(app, "heat")
    assert heat["shape"] == [61, 61] and heat["vmin"] == pytest.approx(J.min())
    assert heat["values"][5 * 61 + 3] == pytest.approx(J[5, 3], abs=1e-6)
    contours = layer(app, "contours")["segments"]
    assert len(contours) >= 7
    net = app.model.network
    for seg in contours[:3]:  # every vertex lies on a level line
        vals = [net.with_params(w0=a, w1=b).loss for a, b in zip(seg[::2], seg[1::2], strict=True)]
        assert np.ptp(vals) < 0.02 * (J.max() - J.min())
    app.controls["x"].value = 0.5
    assert layer(app, "contours")["segments"] != contours


def test_landscape_app_arrow_follows_the_point():
    app = widgets.LandscapeApp()
    app.controls["w1"].value = 3.0
    a = layer(app, "arrow")
    assert (a["x0"], a["y0"]) == pytest.approx((0.5, 3.0))
    assert np.allclose([a["x1"] - a["x0"], a["y1"] - a["y0"]], app.model.arrow())
    assert "w1 = 3.000" in app.status.value


def test_landscape_loss_curve_axes_grow_with_the_path():
    app = widgets.LandscapeApp(n_run=30)
    app.controls["run"].click()
    ax = app.curve.figure["axes"][0]
    assert ax["xlim"][1] == 30 and ax["ylim"][1] >= max(app.model.losses)
    assert ax["ylabel"] == "J"  # written horizontally by the browser, never rotated


# -- GradientCheckApp and FanOutApp -----------------------------------------------------------


def test_gradient_check_app():
    app = widgets.GradientCheckApp()
    assert "they agree" in app.table.value and app.check.passed
    app.controls["eps"].value = 0.1
    assert "they disagree" in app.table.value
    app.controls["eps"].value = 1e-6
    app.controls["w0"].value = -3.0
    assert app.check.backprop[0] == pytest.approx(app.model.network.gradient()[0])
    assert "they agree" in app.table.value


def test_fan_out_app():
    app = widgets.FanOutApp()
    step = app.controls["step"]
    step.value = step.max
    assert "contribution 2 of 2" in app.panel_text
    assert texts(app.stepper)["x"][1] == "grad 6"
    app.controls["kind"].value = "shared_weight"
    assert step.max == 8
    step.value = 7
    assert texts(app.stepper)["w"][1] == "grad -0.5 so far"
    step.value = 8
    assert texts(app.stepper)["w"][1] == "grad 1.5"
    app.controls["value"].value = 1.0
    assert texts(app.stepper)["w"][0] == "= 1"
    assert app.last_error is None
    with pytest.raises(ValueError, match="kind"):
        widgets.FanOutApp(kind="triangle")


def test_apps_display_themselves():
    for app in (widgets.ChainStepperApp(), widgets.LandscapeApp(), widgets.FanOutApp()):
        bundle = app._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle


def test_landscape_marks_are_inked_to_stand_out_from_the_map():
    # Contour lines and the arrow's outline are drawn over viridis, which runs from
    # near-black to yellow: each takes the ink (dark or light) that keeps 3:1 where it lies.
    from backprop_tutorial.ui import charts
    from backprop_tutorial.ui.style import contrast, map_color

    app = widgets.LandscapeApp()
    _, _, J = app.model.grid()
    net = app.model.network
    contours = layer(app, "contours")
    assert len(contours["colors"]) == len(contours["segments"])
    assert len(set(contours["colors"])) == 2  # this map has both dark and light levels
    for seg, ink in zip(contours["segments"], contours["colors"], strict=True):
        level = net.with_params(w0=seg[0], w1=seg[1]).loss
        under = map_color(level, J.min(), J.max(), charts.VIRIDIS)
        assert contrast(ink, under) >= 3.0, (level, ink, under)
    arrow = layer(app, "arrow")
    mid = net.with_params(w0=(arrow["x0"] + arrow["x1"]) / 2, w1=(arrow["y0"] + arrow["y1"]) / 2)
    under = map_color(mid.loss, J.min(), J.max(), charts.VIRIDIS)
    assert contrast(arrow["edge"], under) >= 3.0
