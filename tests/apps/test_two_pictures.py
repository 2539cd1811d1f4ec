"""TwoPicturesApp: the neuron picture and the graph after surgery (model, scene, app)."""

from __future__ import annotations

import numpy as np
import pytest
from scene_checks import inside, misfit_labels, overlapping_labels, overlapping_nodes

from backprop_tutorial import Network
from backprop_tutorial.apps.two_pictures.app import TwoPicturesApp
from backprop_tutorial.apps.two_pictures.model import (
    TwoPicturesModel,
    neuron_picture,
    surgery_picture,
)
from backprop_tutorial.apps.two_pictures.scene import two_pictures_scene
from backprop_tutorial.core.network_graph import network_graph
from backprop_tutorial.ui.style import COLORS

# -- the pictures (topology and unit positions) ------------------------------------------


def test_neuron_picture_has_one_edge_per_weight():
    pic = neuron_picture([2, 3, 3, 1])
    assert len(pic.names()) == 9
    weights = [e.param for e in pic.edges]
    assert weights == [p for p in Network([2, 3, 3, 1]).param_labels() if p.startswith("W")]
    e = pic.edges[weights.index("W[1][1,0]")]
    assert (e.src, e.dst) == ("a[1][0]", "a[2][1]")  # W[l][j,k]: from a[l][k] to a[l+1][j]
    assert pic.edges[0].src == "x[0]"


def test_surgery_picture_makes_parameters_nodes_matching_the_scalar_graph():
    sizes = [2, 3, 3, 1]
    pic = surgery_picture(sizes)
    net = Network(sizes, rng=np.random.default_rng(0))
    trace = network_graph(net, np.array([[0.1, 0.2]]), np.array([[0.5]]), max_nodes=1000)
    graph_names = {n.name for n in trace.nodes if "·" not in n.name}
    # Every picture node is a node of the real graph, and every parameter is drawn.
    assert set(pic.names()) == graph_names
    assert set(pic.names("W")) | set(pic.names("b")) == set(net.param_labels())
    # A weight node sits on its edge, between a[l][k] and S[l][j]; the edge runs through it.
    w, src, dst = pic.node("W[1][2,0]"), pic.node("a[1][0]"), pic.node("S[1][2]")
    cross = (dst.x - src.x) * (w.y - src.y) - (dst.y - src.y) * (w.x - src.x)
    assert abs(cross) < 1e-9 and src.x < w.x < dst.x
    kinds = {(e.src, e.dst): e.kind for e in pic.edges}
    assert (
        kinds[("a[1][0]", "W[1][2,0]")] == "input" and kinds[("W[1][2,0]", "S[1][2]")] == "weight"
    )
    # Weight nodes of crossing edges do not land on the same spot.
    spots = {(round(n.x, 6), round(n.y, 6)) for n in pic.nodes if n.kind == "W"}
    assert len(spots) == len(pic.names("W"))


# -- the model ----------------------------------------------------------------------------


def test_two_pictures_model_counts_parameters_and_follows_the_protocol():
    m = TwoPicturesModel("2, 3, 3, 1")
    assert m.params() == {"sizes": "2, 3, 3, 1", "picture": "neurons"}
    n, mb = m.net.n_weights, m.net.n_biases
    assert (n, mb) == (18, 7)  # the notebook's worked count
    assert f"n = {n} weights" in m.summary() and f"m = {mb} biases" in m.summary()
    assert f"R^{n + mb}" in m.summary()
    assert m.weights()["W[0][0,1]"] == m.net.weights[0][0, 1]
    m.set(sizes="3, 2")
    assert len(m.weights()) == 6 and m.params()["sizes"] == "3, 2"
    before = m.params()
    for bad in ({"sizes": "3, zero"}, {"picture": "graph"}, {"sizes": "2, 2", "picture": "x"}):
        with pytest.raises(ValueError):
            m.set(**bad)
        assert m.params() == before  # a rejected change leaves the model as it was
    with pytest.raises(ValueError, match="seed"):
        TwoPicturesModel(seed=-1)


# -- the scenes: what the browser draws ------------------------------------------------------


@pytest.mark.parametrize(
    "sizes", ["2, 3, 3, 1", "3, 4, 4, 2", "2, 6, 1", "2, 8, 8, 1", "1, 8, 8, 8, 1", "4, 10, 10, 6"]
)
@pytest.mark.parametrize("picture", ["neurons", "surgery"])
def test_no_two_nodes_overlap_and_every_label_fits(sizes, picture):
    s = two_pictures_scene(TwoPicturesModel(sizes, picture))
    assert overlapping_nodes(s) == []  # weight squares never crowd onto each other
    assert misfit_labels(s) == []  # node labels fit inside their circles
    assert overlapping_labels(s) == []  # layer headers do not run into each other
    assert inside(s) == []


def test_surgery_scene_draws_neurons_as_circles_and_parameters_as_squares():
    s = two_pictures_scene(TwoPicturesModel("3, 4, 4, 2", "surgery"))
    shapes = {n["id"]: n["shape"] for n in s["nodes"]}
    assert shapes["S[0][1]"] == shapes["a[1][1]"] == shapes["J"] == "circle"
    assert shapes["W[1][2,3]"] == shapes["b[2][1]"] == "rect"
    squares = [n for n in s["nodes"] if n["id"].startswith(("W", "b"))]
    assert len(squares) == 3 * 4 + 4 * 4 + 4 * 2 + 4 + 4 + 2 and all(n["w"] <= 12 for n in squares)
    # Every edge has an arrowhead except the first half of a -> W -> S.
    arrows = {e["id"]: e.get("arrow", True) for e in s["edges"]}
    assert arrows["a[1][3]->W[1][2,3]"] is False and arrows["W[1][2,3]->S[1][2]"] is True
    headers = {t["text"] for t in s["labels"]}
    assert {"x = a[0]", "W[0]", "S[0]", "a[1]", "S[2]", "a[3]", "y", "J"} <= headers
    tips = {n["id"]: n.get("tip", "") for n in s["nodes"]}
    assert tips["W[0][1,2]"].startswith("W[0][1,2] = ") and "weighted sum" in tips["S[1][0]"]


def test_neuron_scene_edges_show_weight_size_and_sign_without_colour():
    m = TwoPicturesModel("2, 3, 1", seed=1)
    s = two_pictures_scene(m)
    weights = m.weights()
    by_param = {e["tip"].split(" = ")[0]: e for e in s["edges"]}
    big = max(weights, key=lambda k: abs(weights[k]))
    small = min(weights, key=lambda k: abs(weights[k]))
    assert by_param[big]["width"] > by_param[small]["width"]
    for name, w in weights.items():
        e = by_param[name]
        assert e["color"] == COLORS["param"]
        assert ("bt-edge-negative" in e["cls"]) == (w < 0), name  # dashed when negative


# -- the app -------------------------------------------------------------------------------


def test_two_pictures_toggle_switches_the_picture():
    app = TwoPicturesApp()
    assert app.visible_picture == "neurons" and "Neurons as nodes" in app.caption.value
    n_neurons = len(app.scene.scene["nodes"])
    app.toggle.value = "surgery"
    assert app.visible_picture == "surgery" and "After surgery" in app.caption.value
    squares = [n for n in app.scene.scene["nodes"] if n["id"][0] in "Wb"]
    assert len(squares) == 18 + 7 and len(app.scene.scene["nodes"]) > n_neurons
    assert app.last_error is None


def test_two_pictures_sizes_box_rebuilds_and_reports_bad_input():
    app = TwoPicturesApp()
    app.sizes.value = "3, 4, 2"
    assert app.last_error is None and len(app.scene.scene["nodes"]) == 9
    assert "n = 20 weights" in app.summary.value
    app.sizes.value = "3, zero, 2"
    assert "not a whole number" in app.last_error
    assert app.sizes.value == "3, 4, 2"  # the box shows what is drawn
    app.sizes.value = "[2 2]"
    assert app.last_error is None and app.sizes.value == "2, 2"  # a good value clears it
