"""Notebook 4's models and apps: every "try this" of the notebook, on the app's model."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tutorial.apps.chain_modes.model import ChainModesModel
from backprop_tutorial.apps.chain_modes.scene import tangent_frames
from backprop_tutorial.apps.jacobian_chain.model import JacobianChainModel
from backprop_tutorial.apps.mode_growth.model import ModeGrowthModel
from backprop_tutorial.apps.tape.model import TapeModel
from backprop_tutorial.teaching import exercises_forward as ex


def test_chain_modes_try_this():
    m = ChainModesModel()
    rows = {r.mode: r for r in m.rows()}
    fm = m.steppers["w0"]
    fm.set_step(fm.n_steps)
    assert fm.state.tangents["J"] == rows["w0"].dJ_dw0
    assert rows["w0"].dJ_dw0 == pytest.approx(m.trace.grad("w0"), rel=1e-15)
    assert rows["w1"].dJ_dw1 == pytest.approx(m.trace.grad("w1"), rel=1e-15)
    assert rows["w0"].dJ_dw1 is None and rows["w1"].dJ_dw0 is None
    assert m.totals() == {
        "forward": {"passes": 2, "multiplications": 12},
        "reverse": {"passes": 1, "multiplications": 6},
    }


def test_chain_modes_set_is_atomic_and_k_follows_the_mode():
    m = ChainModesModel()
    m.set(k=4)
    before = m.params()
    for bad in ({"mode": "w2"}, {"w0": float("nan")}, {"k": 99}, {"k": 2.5}, {"z": 1}):
        with pytest.raises(ValueError):
            m.set(**bad)
        assert m.params() == before
    m.set(mode="reverse")
    assert m.params()["k"] == 0 and m.stepper.n_steps == 12
    m.set(w0=1.0)
    assert m.params()["mode"] == "reverse" and m.chain.w0 == 1.0


def test_forward_mode_frames_show_dash_then_tangents():
    m = ChainModesModel()
    frames = tangent_frames(m.stepper)
    assert len(frames) == m.stepper.n_steps + 1
    assert frames[0]["nodes"]["p1"]["lines"] == ["p1", "= —", "d/dw0 —"]
    assert frames[1]["nodes"]["w0"]["lines"][2] == "d/dw0 1"
    assert frames[1]["nodes"]["w1"]["lines"][2] == "d/dw0 0"
    last = frames[-1]["nodes"]["J"]["lines"][2]
    assert last == f"d/dw0 {m.trace.grad('w0'):.3g}"
    assert "0.622 × 0 + -1 × 0.235" in frames[4]["panels"]["step"]
    assert set(frames[4]["edges"]) == {"w1->p1#0", "x1->p1#1"}


def test_growth_try_this_ratio_is_about_n_plus_m():
    g = ModeGrowthModel(depth=3, width=8)
    for width in range(1, g.MAX_WIDTH + 1):
        g.set(width=width)
        c = g.counts()
        assert c["n_params"] <= c["forward"] / c["reverse"] <= 1.1 * c["n_params"]
    with pytest.raises(ValueError, match="width"):
        g.set(width=0)
    assert g.params()["width"] == g.MAX_WIDTH


def test_growth_measure_counts_what_it_runs():
    g = ModeGrowthModel(depth=2, width=4)
    m = g.measure()
    assert m.forward_passes == g.counts()["n_params"]
    assert m.forward_multiplications == g.counts()["forward"]
    assert m.max_abs_difference < 1e-12
    g.set(width=5)
    assert g.measured is None


def test_jacobian_chain_try_this():
    j = JacobianChainModel(sizes="1, 64, 64, 64", wrt="input")
    c = j.counts()
    assert c.reverse == c.forward == 8256
    j.set(sizes="8, 16, 16, 4", wrt="first_layer")
    assert j.counts().cheaper == "reverse"
    j.set(n_in=1, n_out=64)
    v = j.vector_output()
    assert v["forward"] < v["reverse"] / 20 and v["agree"] < 1e-12
    j.set(n_in=64, n_out=1)
    v = j.vector_output()
    assert v["reverse"] < v["forward"] / 20
    before = j.params()
    for bad in ({"sizes": "3, x"}, {"sizes": "3"}, {"wrt": "z"}, {"n_out": 0}):
        with pytest.raises(ValueError):
            j.set(**bad)
        assert j.params() == before


def test_tape_try_this():
    t = TapeModel(depth=16, width=64, batch=256, k=4)
    assert t.balanced_k() == 4 and t.sqrt_L() == 4
    assert t.plan(4).memory_bytes < 0.5 * t.plan(1).memory_bytes
    assert t.plan(4).extra_fraction == 0.75
    curve = t.curve()
    assert int(np.argmin(curve["memory"])) + 1 == 4
    t.set(depth=36)
    assert t.balanced_k() == 6
    t.set(depth=3)
    assert t.params()["k"] == 3  # clipped to the depth
    with pytest.raises(ValueError, match="k must be"):
        t.set(k=4)


def test_tape_measure_matches_formula():
    t = TapeModel(depth=8, width=32, batch=200, k=3)
    m = t.measure()
    working = 5 * 8 * 200 * 32 + 2 * 8 * 8 * (32 * 32 + 32)
    assert m.formula_bytes <= m.peak_bytes <= m.formula_bytes + working
    assert m.gradient_error < 1e-12


def test_tangent_exercise_diagnoses_slips():
    t = ex.known_before_p1()
    right = t["w1"] * t["dx1_dw0"]
    assert ex.check_tangent_step(...).status == "not yet"
    assert ex.check_tangent_step(right)
    assert ex.check_tangent_step(eval(ex.SOLUTION[1].split("= ", 1)[1], {"t": t}))
    cases = {
        -right: "sign error",
        t["dx1_dw0"]: "that is dx1/dw0",
        t["x1"] * t["dx1_dw0"]: "multiplied by x1",
        t["x1"] + right: "dw1/dw0 = 0",
        t["w1"]: "only the local derivative",
        t["w1"] * t["dp0_dw0"]: "dp0/dw0",
        right / t["x"]: "factor dp0/dw0 = x",
        t["w1"] * t["x1"] * t["x"]: "σ(p0)",
    }
    for answer, hint in cases.items():
        verdict = ex.check_tangent_step(answer)
        assert verdict.status == "wrong" and hint in verdict.message, (answer, verdict)
    assert "does not match" in ex.check_tangent_step(123.0).message
    assert ex.check_tangent_step("abc").status == "wrong"
    assert "dp1_dw0" in str(ex.show_solution())


def test_apps_drive_their_models():
    pytest.importorskip("ipywidgets")
    from backprop_tutorial.apps.chain_modes.app import ChainModesApp
    from backprop_tutorial.apps.jacobian_chain.app import JacobianChainApp
    from backprop_tutorial.apps.mode_growth.app import ModeGrowthApp
    from backprop_tutorial.apps.tape.app import TapeApp

    app = ChainModesApp()
    app.slider.value = 3
    assert app.model.params()["k"] == 3
    app.mode.value = "reverse"
    assert app.model.params()["k"] == 0 and app.slider.max == 12
    assert len(app.scene.frames) == 13
    app.sliders["w1"].value = 2.0
    assert app.model.params()["w1"] == 2.0 and app.last_error is None
    growth = ModeGrowthApp()
    figure, version = growth.plot.figure, growth.plot.version
    growth.width.value = 4
    growth.run.click()
    assert "ran: forward mode made" in growth.readout.value
    # What the browser draws: both curves on log axes, the sliders' network on them.
    layers = growth.plot.layers
    c = growth.model.counts()
    assert layers["here"]["x"] == [c["n_params"]] * 2
    assert layers["here"]["y"] == [c["forward"], c["reverse"]]
    assert layers["forward"]["marker"] == "circle" and "dash" not in layers["forward"]
    assert layers["reverse"]["marker"] == "triangle" and layers["reverse"]["dash"]
    assert growth.plot.version == version + 1 and growth.plot.figure == figure
    growth.depth.value = 6  # limits hold every depth: only the layers change
    assert growth.plot.figure == figure and "depth L = 6" in growth.plot.layers["caption"]["text"]
    xlim, ylim = figure["axes"][0]["xlim"], figure["axes"][0]["ylim"]
    for key in ("forward", "reverse"):
        line = growth.plot.layers[key]
        assert xlim[0] <= min(line["x"]) and max(line["x"]) <= xlim[1]
        assert ylim[0] <= min(line["y"]) and max(line["y"]) <= ylim[1]
    j = JacobianChainApp()
    j.sizes.value = "3, x"
    assert "whole numbers" in j.last_error and j.sizes.value == "8, 16, 16, 4"
    tape = TapeApp(depth=16, width=64, batch=256, k=4)
    layers = tape.plot.layers
    assert len(layers["bars"]["x"]) == 16 and layers["sqrt_L"]["value"] == 4.0
    assert layers["bars"]["colors"][3] != layers["bars"]["colors"][0]
    assert layers["chosen_label"]["text"].startswith("chosen k = 4: ")  # not by colour alone
    assert layers["work_chosen"]["y"] == [0.75]
    np.testing.assert_allclose(layers["bars"]["height"], tape.model.curve()["memory"] / 1e6)
    figure = tape.plot.figure
    tape.sliders["k"].value = 2
    assert tape.plot.figure == figure and tape.plot.layers["chosen_label"]["text"].startswith(
        "chosen k = 2:"
    )
    tape.sliders["depth"].value = 9
    assert tape.sliders["k"].max == 9
    assert tape.plot.figure["axes"][0]["xlim"] == [0.4, 9.6]
    tape.measure.click()
    assert "measured peak" in tape.readout.value and tape.last_error is None
