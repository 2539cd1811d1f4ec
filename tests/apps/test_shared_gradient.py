"""SharedGradientApp: two weights, their paths to J and the delta they share."""

from __future__ import annotations

import numpy as np
import pytest
from scene_checks import inside, misfit_labels, overlapping_labels, overlapping_nodes

from backprop_tutorial.apps.shared_gradient.app import SharedGradientApp
from backprop_tutorial.apps.shared_gradient.model import SharedGradientModel
from backprop_tutorial.apps.shared_gradient.scene import shared_frame, shared_scene

# -- the model ------------------------------------------------------------------------------


def test_default_pair_meets_at_delta_1():
    m = SharedGradientModel()
    assert m.params() == {"sizes": "2, 3, 3, 1", "first": "W[0][0,0]", "second": "W[0][1,1]"}
    assert m.meeting_layer == 1 and m.meeting == ["S[1][0]", "S[1][1]", "S[1][2]"]
    assert m.roles["S[1][0]"] == "meeting"  # dJ/dS[1][0], the brief's shared node
    assert m.roles["S[0][0]"] == "first" and m.roles["S[0][1]"] == "second"
    assert "S[0][2]" not in m.roles  # neither weight goes through neuron 2 of layer 1 (S[0][2])
    assert m.roles["J"] == "shared"
    dW, _ = m.net.gradients(m.x, m.y)
    assert np.isclose(m.gradient_of("W[0][0,0]"), dW[0][0, 0])
    assert np.isclose(m.gradient_of("W[0][1,1]"), dW[0][1, 1])
    text = "\n".join(m.explain())
    assert "delta[1] = dJ/dS[1]" in text and "every weight of W[0]" in text


def test_edges_and_other_pairs():
    m = SharedGradientModel()
    roles = m.edge_roles()
    assert roles[("W[0][0,0]", "S[0][0]")] == "first"
    # weight 2's path runs a[1][1] -> W[1][0,1] -> S[1][0]: both halves carry its role
    assert roles[("a[1][1]", "W[1][0,1]")] == roles[("W[1][0,1]", "S[1][0]")] == "second"
    assert roles[("a[2][0]", "W[2][0,0]")] == "shared"
    assert ("x[0]", "W[0][0,0]") not in roles  # x is held fixed: not on a gradient path
    m.set(second="W[0][0,1]")  # same neuron: they share delta[0][0] already
    assert m.meeting_layer == 0 and m.meeting == ["S[0][0]"]
    assert "S[0][1]" not in m.roles  # only the shared sum is the meeting point
    m.set(second="W[1][1,2]")  # different layers meet at one entry of delta[1]
    assert m.meeting == ["S[1][1]"] and m.roles["S[1][0]"] == "first"
    assert "dJ/dS[1][1]" in "\n".join(m.explain())


def test_rejected_changes_leave_the_model_as_it_was():
    m = SharedGradientModel()
    before = m.params()
    for bad, words in (
        ({"second": "W[0][0,0]"}, "different"),
        ({"first": "W[0][1,1]"}, "different"),
        ({"first": "W[0][5,0]"}, "shape"),
        ({"first": "b[0][0]"}, "bias"),
        ({"first": 3}, "by name"),
        ({"sizes": "2, 1"}, "hidden layer"),
        ({"sizes": "2, 3, 1", "first": "W[1][0,2]", "second": "W[1][0,2]"}, "different"),
        ({"sizes": "x"}, "whole number"),
    ):
        with pytest.raises(ValueError, match=words):
            m.set(**bad)
        assert m.params() == before


def test_sizes_change_keeps_valid_weights_and_replaces_the_others():
    m = SharedGradientModel("1, 8, 8, 8, 1")
    assert m.params()["second"] == "W[0][1,0]"  # W[0][1,1] does not exist with one input
    m.set(second=m.weight_names()[130])
    m.set(sizes="2; 2; 2")  # issue 14: the weight no longer exists
    assert m.params() == {"sizes": "2, 2, 2", "first": "W[0][0,0]", "second": "W[0][1,1]"}
    m.set(first="W[1][1,1]")
    m.set(sizes="2, 3, 3, 1")  # both still exist: kept
    assert (m.first, m.second) == ("W[1][1,1]", "W[0][1,1]")
    m.set(first="W[0][1,1]", second="W[0][0,0]", sizes="2, 2, 2")  # all at once, checked
    assert (m.first, m.second) == ("W[0][1,1]", "W[0][0,0]")
    assert set(m.param_options()["first"]) == set(m.weight_names())


# -- the scene -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, first, second",
    [
        ("2, 3, 3, 1", None, None),
        ("3, 4, 4, 2", "W[1][3,3]", "W[1][2,3]"),
        ("2, 8, 8, 1", "W[0][7,1]", "W[0][6,1]"),
        ("1, 8, 8, 8, 1", None, None),
    ],
)
def test_scene_fits_and_nothing_overlaps(sizes, first, second):
    m = SharedGradientModel(sizes, first, second)
    s = shared_scene(m)
    assert overlapping_nodes(s) == [] and misfit_labels(s) == []
    assert overlapping_labels(s) == [] and inside(s) == []


def test_scene_marks_each_weight_by_colour_shape_and_number_and_the_shared_delta():
    m = SharedGradientModel()
    s = shared_scene(m)
    nodes = {n["id"]: n for n in s["nodes"]}
    w1, w2 = nodes["W[0][0,0]"], nodes["W[0][1,1]"]
    assert (w1["shape"], w1["lines"], "bt-first" in w1["cls"]) == ("rect", ["1"], True)
    assert (w2["shape"], w2["lines"], "bt-second" in w2["cls"]) == ("diamond", ["2"], True)
    assert w1["w"] > nodes["W[0][2,0]"]["w"]  # larger than the other weights
    # The shared quantity in the graph: a ring class, a star, and its name in the picture.
    for i in range(3):
        assert "bt-meeting" in nodes[f"S[1][{i}]"]["cls"] and "★" in nodes[f"S[1][{i}]"]["lines"]
    assert (
        "bt-first-path" in nodes["a[1][0]"]["cls"] and "bt-second-path" in nodes["a[1][1]"]["cls"]
    )
    assert any(t["text"] == "★ delta[1] = dJ/dS[1]" for t in s["labels"])
    assert "delta both need" in " ".join(s["legend"])
    frame = shared_frame(m)
    assert frame["edges"]["W[0][0,0]->S[0][0]"] == "first"
    assert frame["edges"]["W[1][0,1]->S[1][0]"] == "second"
    assert frame["edges"]["a[2][0]->W[2][0,0]"] == "shared"
    assert "delta[1] = dJ/dS[1]" in frame["panels"]["explain"]
    tip = nodes["S[1][0]"]["tip"]
    assert "delta[1][0] = dJ/dS[1][0] = " in tip and "used by both" in tip


# -- the app -------------------------------------------------------------------------------


def test_dropdowns_and_sizes():
    app = SharedGradientApp()
    app.second.value = "W[1][1,2]"
    assert app.last_error is None and app.model.second == "W[1][1,2]"
    assert "dJ/dW[1][1,2]" in app.text
    app.sizes.value = "3, 2, 2"
    assert app.last_error is None
    assert list(app.first.options)[0] == "W[0][0,0]" and "W[1][1,1]" in app.second.options
    assert (app.first.value, app.second.value) == (app.model.first, app.model.second)
    app.second.value = app.first.value  # refused: a visible message, the dropdown snaps back
    assert "different" in app.last_error and app.second.value == app.model.second
    assert app.second.value != app.first.value


def test_issue14_stuck_state_is_gone():
    a = SharedGradientApp("1, 8, 8, 8, 1")
    a.second.index = 130
    a.sizes.value = "2; 2; 2"
    assert a.last_error is None  # no TraitError, no spurious "different" error
    assert (a.first.value, a.second.value) == (a.model.first, a.model.second)
    assert a.sizes.value == "2, 2, 2"
    a.first.value = "W[1][0,1]"  # and the dropdowns still work
    assert a.model.first == "W[1][0,1]" and a.last_error is None
    assert a.frame["edges"]["W[1][0,1]->S[1][0]"] == "first"
