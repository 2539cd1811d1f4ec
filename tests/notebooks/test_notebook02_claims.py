"""Claims are tests: what notebook 2's sections 1-3 tell the learner to try, reproduced on
the apps' models (each test names the sentence it checks)."""

from __future__ import annotations

import itertools

import numpy as np
from scene_checks import misfit_labels, overlapping_nodes

from backprop_tutorial.apps.layer_stepper.app import LayerStepperApp
from backprop_tutorial.apps.layer_stepper.model import LayerStepperModel
from backprop_tutorial.apps.shared_gradient.model import SharedGradientModel
from backprop_tutorial.apps.two_pictures.app import TwoPicturesApp
from backprop_tutorial.apps.two_pictures.scene import two_pictures_scene


def test_section1_try_other_sizes():
    # "try other layer sizes in the box (press Enter), for example `3, 4, 4, 2` or `2, 6, 1`"
    app = TwoPicturesApp()
    for text in ("3, 4, 4, 2", "2, 6, 1"):
        app.sizes.value = text
        for picture in ("neurons", "surgery"):
            app.toggle.value = picture
            assert app.last_error is None and app.model.params()["sizes"] == text
            s = two_pictures_scene(app.model)
            assert overlapping_nodes(s) == [] and misfit_labels(s) == []


def test_section1_node_names_are_header_plus_index():
    # "a node's name is its column's name followed by its index: `[1]` under `S[0]` is S[0][1]"
    app = TwoPicturesApp(picture="surgery")
    s = app.scene.scene
    node = next(n for n in s["nodes"] if n["id"] == "S[0][1]")
    header = next(t for t in s["labels"] if t["text"] == "S[0]")
    assert node["lines"] == ["[1]"] and abs(header["x"] - node["x"]) < 1


def test_section2_every_pair_of_W0_weights_in_different_rows_shares_delta1():
    # "Computed once, it serves both (and every other weight of W[0])"
    m = SharedGradientModel("2, 3, 3, 1")
    names = [n for n in m.weight_names() if n.startswith("W[0]")]
    for a, b in itertools.combinations(names, 2):
        if a[5] == b[5]:  # same row j: same neuron
            continue
        m.set(first=a, second=b)
        assert m.meeting == ["S[1][0]", "S[1][1]", "S[1][2]"], (a, b)


def test_section2_same_neuron_and_different_layers():
    # "two weights into the same neuron already share its own delta, and two weights of
    # different layers meet at one entry of the later layer's delta"
    m = SharedGradientModel("2, 3, 3, 1")
    m.set(first="W[0][2,0]", second="W[0][2,1]")
    assert m.meeting == ["S[0][2]"]
    for a in [n for n in m.weight_names() if n.startswith("W[0]")]:
        for b in [n for n in m.weight_names() if n.startswith("W[1]")]:
            m.set(first=a, second=b)
            assert m.meeting == [f"S[1][{b[5]}]"], (a, b)


def test_section3_output_is_a_sigmoid_and_relu_seed_6_blocks_layer_0():
    # "the output neuron is always a sigmoid"; "Try relu with seed 6: the whole first hidden
    # layer is inactive, so no gradient reaches W[0] for this example; another seed brings
    # it back."
    app = LayerStepperApp()
    app.activation.value = "relu"
    app.seed.value = 6
    m = app.model
    assert m.net.activation_of(m.L - 1).name == "sigmoid"
    assert m.inactive(0) == [0, 1, 2] and np.all(m.dW[0] == 0)
    app.slider.value = 1
    assert "inactive" in app.panel and "Try another seed" in app.panel
    app.seed.value = 0
    assert np.any(app.model.dW[0] != 0)


def test_section3_first_layer_deltas_are_smallest():
    # "Notice how much smaller the deltas of the first layer are than those of the last one"
    for seed in range(10):
        m = LayerStepperModel("2, 3, 3, 1", seed=seed)
        sizes = [float(np.abs(d).mean()) for d in m.deltas]
        assert sizes == sorted(sizes), seed


def test_section3_node_by_node_with_small_sizes():
    # "Switch to node by node (with small sizes such as `2, 2, 1`)"
    app = LayerStepperApp("2, 2, 1")
    app.mode.value = "node"
    stepper = app.graph_stepper
    assert stepper is not None and app.last_error is None
    trace = stepper.model.trace
    for name in ("W[0][1,0]", "W[1][0,1]", "b[0][0]"):
        l, j = int(name[2]), int(name[5])
        want = app.model.dW[l][j, int(name[7])] if name[0] == "W" else app.model.db[l][j]
        assert np.isclose(trace.grad(name), want)
