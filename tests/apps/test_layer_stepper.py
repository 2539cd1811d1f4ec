"""LayerStepperApp: the backward pass layer by layer (model, frames, app)."""

from __future__ import annotations

import warnings

import ipywidgets
import numpy as np
import pytest
from scene_checks import inside, misfit_labels, overlapping_labels, overlapping_nodes

from backprop_tutorial import check_network
from backprop_tutorial.apps.layer_stepper.app import LayerStepperApp
from backprop_tutorial.apps.layer_stepper.model import LayerStepperModel
from backprop_tutorial.apps.layer_stepper.scene import stepper_frames, stepper_scene

# -- the model ------------------------------------------------------------------------------


def test_order_forward_then_backward():
    m = LayerStepperModel("2, 3, 3, 1")
    assert m.n_steps == 6
    phases = []
    for k in range(7):
        m.set(step=k)
        phases.append((m.step.phase, m.step.layer))
    assert phases == [
        ("start", None),
        ("forward", 0),
        ("forward", 1),
        ("forward", 2),
        ("backward", 2),
        ("backward", 1),
        ("backward", 0),
    ]
    m.set(step=0)
    texts = m.neuron_texts()
    assert texts["x[0]"][0] != "—" and texts["a[1][0]"] == ("—", "—")
    m.set(step=5)  # delta[2] and delta[1] known, delta[0] not yet
    texts = m.neuron_texts()
    assert texts["a[2][0]"][1] != "—" and texts["a[1][0]"][1] == "—"
    status = m.neuron_status()
    assert status["a[2][0]"] == "active" and status["a[3][0]"] == "used"
    assert status["a[1][0]"] == "used"  # a[1] gives dJ/dW[1] = delta[1] a[1]^T
    assert m.uses() == ["W[2]", "delta[2]", "S[1]", "a[1]"]


def test_numbers_are_the_engines():
    m = LayerStepperModel("2, 3, 3, 1", activation="tanh", seed=3)
    m.set(step=5)
    text = "\n".join(m.describe())
    d1 = m.net.backward(m.net.forward_cache(m.x), m.y)[1][0]
    assert f"{d1[0]:.3g}" in text and "delta[1] = (W[2]^T delta[2]) * tanh'(S[1])" in text
    dW, _ = m.net.gradients(m.x, m.y)
    assert np.allclose(m.dW[1], dW[1])
    m.set(step=6)
    assert any(line.startswith("Done") for line in m.describe())
    assert check_network(m.net, m.x, m.y).passed


@pytest.mark.parametrize("bad", [7, -1, 2.5, np.inf, np.nan, True, "3", None.__class__])
def test_rejected_changes_leave_the_model_as_it_was(bad):
    m = LayerStepperModel("2, 3, 3, 1", step=2)
    before = m.params()
    with pytest.raises(ValueError, match="step"):
        m.set(step=bad)
    for change in (
        {"sizes": "2, 0, 1"},
        {"activation": "identity"},
        {"seed": -1},
        {"mode": "graph"},
        {"sizes": "2, 2, 1", "step": 9},  # the step is checked against the new sizes
    ):
        with pytest.raises(ValueError):
            m.set(**change)
        assert m.params() == before
    m.set(sizes="2, 4, 1")  # a new network keeps the step, clipped
    assert m.params()["step"] == 2 and m.n_steps == 4


def test_hover_tips_give_value_delta_and_formula():
    m = LayerStepperModel("2, 2, 1")
    m.set(step=1)
    tip = m.neuron_tip(1, 0)
    assert "S[0][0] = W[0][0,:] a[0] + b[0][0] = " in tip
    assert tip.splitlines()[-1].startswith("delta[0][0] = (W[1]^T delta[1])[0] * σ'(S[0][0]) = —")
    m.set(step=4)
    assert f"{m.deltas[0][0, 0]:.4g}" in m.neuron_tip(1, 0)
    assert "(a[2][0] − y[0]) * σ'(S[1][0])" in m.neuron_tip(2, 0)
    with pytest.raises(ValueError, match="no neuron"):
        m.neuron_tip(1, 5)
    trace = m.to_graph()
    assert np.isclose(trace.grad("W[0][0,1]"), m.dW[0][0, 1])
    with pytest.raises(ValueError, match="max_nodes"):
        LayerStepperModel("2, 3, 3, 1").to_graph(max_nodes=40)


# -- issue 11: ReLU ---------------------------------------------------------------------


@pytest.mark.parametrize("sizes", ["2, 3, 3, 1", "2, 6, 1", "2, 4, 4, 1", "2, 5, 5, 1"])
@pytest.mark.parametrize("seed", range(6))
def test_relu_output_is_a_sigmoid_so_the_pass_never_starts_dead(sizes, seed):
    m = LayerStepperModel(sizes, "relu", seed)
    assert m.net.activation_of(m.L - 1).name == "sigmoid"
    y_hat = float(m.cache.a[-1][0, 0])
    assert 0 < y_hat < 1
    assert m.deltas[m.L - 1][0, 0] != 0  # the output delta is never 0: gradients flow
    assert np.any(m.db[m.L - 1] != 0)


def test_inactive_relu_neurons_are_explained_where_they_appear():
    m = LayerStepperModel("2, 3, 3, 1", "relu", 0)
    off = m.inactive(0)
    assert off == [2]  # S[0][2] <= 0 for this example
    m.set(step=1)
    forward = "\n".join(m.describe())
    assert "inactive: a[1][2]" in forward and "dead" in forward
    m.set(step=6)
    back = "\n".join(m.describe())
    assert "relu'(S[0]) is 0 at the inactive a[1][2]" in back
    zeros = m.zero_gradients()
    assert f"{zeros} of the 18 weight gradients are exactly 0" in back
    assert zeros == sum(int(np.sum(dW == 0)) for dW in m.net.gradients(m.x, m.y)[0])
    assert "inactive" in m.neuron_tip(1, 2)
    # A whole layer off: the text says what it means and what to try.
    m = LayerStepperModel("2, 3, 3, 1", "relu", 6)
    assert m.inactive(0) == [0, 1, 2]
    m.set(step=1)
    assert "Try another seed" in "\n".join(m.describe())


def test_done_text_says_what_is_known_and_for_what():
    m = LayerStepperModel("2, 3, 3, 1", step=6)
    done = [line for line in m.describe() if line.startswith("Done")][0]
    assert "for this one example" in done and "every layer l = 0..2" in done
    assert "every weight's gradient is known" not in done


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("seed", range(4))
def test_no_minus_zero_anywhere(activation, seed):
    m = LayerStepperModel("2, 3, 3, 1", activation, seed)
    for k in range(m.n_steps + 1):
        m.set(step=k)
        shown = [t for pair in m.neuron_texts().values() for t in pair] + m.describe()
        shown += [m.neuron_tip(l, j) for l, n in enumerate(m.sizes) for j in range(n)]
        for text in shown:
            for token in text.replace("[", " ").replace(",", " ").replace("]", " ").split():
                assert token not in ("-0", "-0.0", "-0.00", "-0.000"), (k, text)


# -- the scene and frames -----------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes", ["2, 3, 3, 1", "3, 4, 4, 2", "2, 8, 8, 1", "1, 8, 8, 8, 1", "3, 10, 2"]
)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_every_frame_fits(sizes, activation):
    m = LayerStepperModel(sizes, activation)
    s, frames = stepper_scene(m), stepper_frames(m)
    assert len(frames) == m.n_steps + 1 and m.k == 0  # the model's step is restored
    assert overlapping_nodes(s) == [] and overlapping_labels(s) == [] and inside(s) == []
    assert misfit_labels(s, frames) == []  # a and δ fit inside every circle, every step


def test_frames_fill_values_then_deltas_and_mark_the_edges_used():
    m = LayerStepperModel("2, 3, 3, 1")
    frames = stepper_frames(m)
    assert frames[0]["nodes"]["a[1][0]"]["lines"] == ["a[1][0]", "a —", "δ —"]
    f3 = frames[3]["nodes"]["a[3][0]"]
    assert f3["lines"][1].startswith("a 0.") and f3["lines"][2] == "δ —"
    assert "J = ½" in frames[3]["panels"]["step"]
    assert frames[4]["nodes"]["a[3][0]"]["lines"][2] != "δ —"
    assert all("—" not in " ".join(n["lines"]) for n in frames[6]["nodes"].values())
    assert "Done" in frames[6]["panels"]["step"]
    assert "bt-active" in frames[6]["nodes"]["a[1][0]"]["cls"]
    assert "bt-read" in frames[6]["nodes"]["x[0]"]["cls"]  # dJ/dW[0] = delta[0] a[0]^T
    # Step 5 computes delta[1] from W[2]^T delta[2]: the W[2] edges carry the backward class
    # (dashed, arrows pointing back towards the input); step 2 uses W[1] forwards.
    assert set(frames[5]["edges"].values()) == {"backward"}
    assert sorted(frames[5]["edges"]) == sorted(f"a[2][{k}]->a[3][0]" for k in range(3))
    assert set(frames[2]["edges"].values()) == {"forward"} and len(frames[2]["edges"]) == 9
    assert "delta[0][0] = " in frames[6]["nodes"]["a[1][0]"]["tip"]


# -- the app ---------------------------------------------------------------------------------


def test_app_sends_every_frame_once_and_steps_without_rebuilding():
    app = LayerStepperApp()
    frames = app.scene.frames
    assert len(frames) == 7 and app.last_error is None
    app.slider.value = 6
    assert app.scene.frames is frames  # no new frames for a step: the browser has them
    assert app.model.k == 6 and "Done" in app.panel
    assert "delta[0] = (W[1]^T delta[1]) * σ&#x27;(S[0])" in app.panel


def test_app_settings():
    app = LayerStepperApp()
    app.slider.value = 6
    app.activation.value = "relu"
    assert app.last_error is None and "relu" in app.panel
    app.sizes.value = "2, 4, 1"
    assert app.slider.max == app.play.max == 4 and app.slider.value == 4
    assert app.last_error is None and len(app.scene.scene["nodes"]) == 7
    app.seed.value = 5
    assert app.model.seed == 5 and app.last_error is None
    app.seed.value = -3
    assert "seed" in app.last_error and app.seed.value == 5
    app.sizes.value = "9" * 5000
    assert "far too wide" in app.last_error and app.sizes.value == "2, 4, 1"


def test_node_by_node_builds_one_stepper_and_reuses_it():
    app = LayerStepperApp()
    app.mode.value = "node"
    assert app.graph_stepper is None and "2, 2, 1" in app.node_box.children[0].value
    app.sizes.value = "2, 2, 1"
    stepper = app.graph_stepper
    assert stepper is not None and app.layer_box.layout.display == "none"
    stepper.slider.value = stepper.slider.max
    assert np.isclose(stepper.model.trace.grad("W[0][0,1]"), app.model.dW[0][0, 1])
    app.mode.value = "layer"
    assert app.layer_box.layout.display is None and app.node_box.children == ()
    app.seed.value = 1
    app.mode.value = "node"
    assert app.graph_stepper is stepper  # reused, with the new network's trace
    assert np.isclose(stepper.model.trace.grad("W[0][0,1]"), app.model.dW[0][0, 1])


def widget_count() -> int:
    """``len(ipywidgets.Widget.widgets)``: every widget instance alive in the kernel."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the registry is still there
        return len(ipywidgets.Widget.widgets)


def test_switching_modes_does_not_leak_widgets():
    app = LayerStepperApp("2, 2, 1")
    for _ in range(2):  # warm-up: the node stepper is built once
        app.mode.value = "node"
        app.mode.value = "layer"
    before = widget_count()
    for _ in range(20):
        app.mode.value = "node"
        app.mode.value = "layer"
    assert widget_count() == before
