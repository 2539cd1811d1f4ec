"""Notebook 2's models (numpy only): sizes, pictures, shared delta, layer stepper,
training, landscape slice, gradient meter, and the delta exercise checker."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tutorial import Network, check_network
from backprop_tutorial import exercises_network as ex
from backprop_tutorial.activations import sigmoid
from backprop_tutorial.models import network as nm

# -- sizes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sizes",
    [
        ("2, 3, 3, 1", [2, 3, 3, 1]),
        ("[4 5 1]", [4, 5, 1]),
        (" 1;1 ", [1, 1]),
        ((2, 2, 1), [2, 2, 1]),
    ],
)
def test_parse_sizes_accepts_common_spellings(text, sizes):
    assert nm.parse_sizes(text) == sizes


@pytest.mark.parametrize(
    "text, words",
    [
        ("2, x, 1", "not a whole number"),
        ("", "separated by commas"),
        ("2", "at least"),
        ("2, 0, 1", "width 0"),
        ("2, -1, 1", "not a whole number"),
        ("20, 20, 1", "readably"),
        ("1, " * 12 + "1", "layers"),
    ],
)
def test_parse_sizes_rejects_with_a_helpful_message(text, words):
    with pytest.raises(ValueError, match=words):
        nm.parse_sizes(text)


def test_parse_hidden():
    assert nm.parse_hidden("8, 8") == [8, 8]
    assert nm.parse_hidden("") == []
    with pytest.raises(ValueError, match="whole number"):
        nm.parse_hidden("8, a")
    with pytest.raises(ValueError, match="at least 1"):
        nm.parse_hidden([8, 0])
    with pytest.raises(ValueError, match="quickly"):
        nm.parse_hidden("150, 150")


# -- pictures --------------------------------------------------------------------------


def test_neuron_picture_has_one_edge_per_weight():
    pic = nm.neuron_picture([2, 3, 3, 1])
    assert len(pic.names()) == 9
    weights = [e.param for e in pic.edges]
    assert weights == [p for p in Network([2, 3, 3, 1]).param_labels() if p.startswith("W")]
    e = pic.edges[weights.index("W[1][1,0]")]
    assert (e.src, e.dst) == ("a[1][0]", "a[2][1]")  # W[l][j,k]: from k in l-1 to j in l
    assert pic.edges[0].src == "x[0]"


def test_surgery_picture_makes_parameters_nodes_matching_the_scalar_graph():
    sizes = [2, 3, 3, 1]
    pic = nm.surgery_picture(sizes)
    net = Network(sizes, rng=np.random.default_rng(0))
    trace = net.to_graph(np.array([[0.1, 0.2]]), np.array([[0.5]]), max_nodes=1000)
    graph_names = {n.name for n in trace.nodes if "·" not in n.name}
    # Every picture node is a node of the real graph, and every parameter is drawn.
    assert set(pic.names()) == graph_names
    assert set(pic.names("W")) | set(pic.names("b")) == set(net.param_labels())
    # A weight node sits on its edge, between a[l-1][k] and S[l][j].
    w, src, dst = pic.node("W[1][2,0]"), pic.node("a[1][0]"), pic.node("S[1][2]")
    cross = (dst.x - src.x) * (w.y - src.y) - (dst.y - src.y) * (w.x - src.x)
    assert abs(cross) < 1e-9 and src.x < w.x < dst.x
    # Weight nodes of crossing edges do not land on the same spot.
    spots = {(round(n.x, 6), round(n.y, 6)) for n in pic.nodes if n.kind == "W"}
    assert len(spots) == len(pic.names("W"))


def test_two_pictures_model_counts_parameters():
    m = nm.TwoPicturesModel("2, 3, 3, 1")
    assert "n = 18 weights" in m.summary() and "m = 7 biases" in m.summary()
    assert "R^25" in m.summary()
    assert m.weights()["W[0][0,1]"] == m.net.weights[0][0, 1]
    m.set_sizes("3, 2")
    assert len(m.weights()) == 6


# -- shared gradient ---------------------------------------------------------------------


def test_shared_gradient_default_pair_meets_at_delta_1():
    m = nm.SharedGradientModel()
    assert (m.first, m.second) == ("W[0][0,0]", "W[0][1,1]")
    assert m.meeting_layer == 1
    assert m.roles["S[1][0]"] == "meeting"  # dJ/dS[1][0], the brief's shared node
    assert all(m.roles[f"S[1][{i}]"] == "meeting" for i in range(3))
    assert m.roles["S[0][0]"] == "first" and m.roles["S[0][1]"] == "second"
    assert "S[0][2]" not in m.roles  # neither weight goes through neuron 2 of layer 1 (S[0][2])
    assert m.roles["J"] == "shared"
    dW, _ = m.net.gradients(m.x, m.y)
    assert np.isclose(m.gradient_of("W[0][0,0]"), dW[0][0, 0])
    assert np.isclose(m.gradient_of("W[0][1,1]"), dW[0][1, 1])
    text = "\n".join(m.explain())
    assert "delta[1] = dJ/dS[1]" in text and "every weight of W[0]" in text


def test_shared_gradient_edges_and_other_pairs():
    m = nm.SharedGradientModel()
    roles = m.edge_roles()
    assert roles[("W[0][0,0]", "S[0][0]")] == "first"
    assert roles[("a[1][1]", "S[1][0]")] == "second"
    assert roles[("a[2][0]", "S[2][0]")] == "shared"
    assert ("x[0]", "S[0][0]") not in roles  # x is held fixed: not on a gradient path
    m.set_weights("W[0][0,0]", "W[0][0,1]")  # same neuron: they share delta[0][0] already
    assert m.meeting_layer == 0
    m.set_weights("W[0][0,0]", "W[1][1,2]")  # different layers
    assert m.meeting_layer == 1 and m.roles["S[1][1]"] == "meeting"
    with pytest.raises(ValueError, match="different"):
        m.set_weights("W[0][0,0]", "W[0][0,0]")
    with pytest.raises(ValueError, match="shape"):
        m.set_weights("W[0][5,0]", "W[0][0,0]")
    with pytest.raises(ValueError, match="at least one hidden"):
        m.set_sizes("2, 1")


# -- layer stepper -------------------------------------------------------------------------


def test_layer_stepper_order_forward_then_backward():
    m = nm.LayerStepperModel("2, 3, 3, 1")
    assert m.n_steps == 6
    phases = []
    for k in range(7):
        m.set_step(k)
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
    m.set_step(0)
    texts = m.neuron_texts()
    assert texts["x[0]"][0] != "—" and texts["a[1][0]"] == ("—", "—")
    m.set_step(5)  # delta[2] and delta[1] known, delta[0] not yet
    texts = m.neuron_texts()
    assert texts["a[2][0]"][1] != "—" and texts["a[1][0]"][1] == "—"
    status = m.neuron_status()
    assert status["a[2][0]"] == "active" and status["a[3][0]"] == "used"
    assert status["a[1][0]"] == "used"  # a[1] gives dJ/dW[1] = delta[1] a[1]^T
    assert m.uses() == ["W[2]", "delta[2]", "S[1]", "a[1]"]
    with pytest.raises(ValueError, match="out of range"):
        m.set_step(7)


def test_layer_stepper_numbers_are_the_engines():
    m = nm.LayerStepperModel("2, 3, 3, 1", activation="tanh", seed=3)
    m.set_step(5)
    text = "\n".join(m.describe())
    d1 = m.net.backward(m.net.forward_cache(m.x), m.y)[1][0]
    assert f"{d1[0]:.3g}" in text and "delta[1] = (W[2]^T delta[2]) * tanh'(S[1])" in text
    dW, _ = m.net.gradients(m.x, m.y)
    assert np.allclose(m.dW[1], dW[1])
    m.set_step(6)
    assert "Done" in m.describe()[-1]
    assert check_network(m.net, m.x, m.y).passed


def test_layer_stepper_click_details_and_graph():
    m = nm.LayerStepperModel("2, 2, 1")
    m.select(1, 0)
    m.set_step(1)
    lines = m.neuron_details()
    assert "S[0][0] = " in lines[1] and lines[-1] == "delta[0][0] = —"
    m.set_step(4)
    assert any(line.startswith("delta[0][0] = dJ/dS[0][0]") for line in m.neuron_details())
    trace = m.to_graph()
    assert np.isclose(trace.grad("W[0][0,1]"), m.dW[0][0, 1])
    with pytest.raises(ValueError, match="no neuron"):
        m.select(1, 5)
    with pytest.raises(ValueError, match="max_nodes"):
        nm.LayerStepperModel("2, 3, 3, 1").to_graph(max_nodes=40)


# -- training --------------------------------------------------------------------------------


def test_training_reduces_loss_and_reset_restores_the_same_start():
    t = nm.TrainingModel("moons", "8, 8", "tanh", 0.5, seed=4)
    theta0 = t.net.get_params()
    t.train(200)
    assert t.epoch == 200 and len(t.losses) == 201 and len(t.thetas) == 201
    assert t.losses[-1] < 0.5 * t.losses[0]
    t.reset()
    assert np.array_equal(t.net.get_params(), theta0) and t.epoch == 0
    t.configure(seed=5)
    assert not np.array_equal(t.net.get_params(), theta0)
    t.configure(seed=4)
    assert np.array_equal(t.net.get_params(), theta0)


def test_training_chunks_progress_and_stop():
    t = nm.TrainingModel("xor", "4", "relu", 0.3, seed=0)
    seen = list(t.chunks(100, chunk=30))
    assert seen == [(30, 100), (60, 100), (90, 100), (100, 100)]
    assert t.epoch == 100
    gen = t.chunks(100, chunk=10)
    next(gen)
    t.stop_requested = True
    assert list(gen) == []  # stops before the next chunk
    assert t.epoch == 110 and not t.stop_requested


def test_training_settings_and_outputs():
    t = nm.TrainingModel("circles", "", "sigmoid", seed=1)
    assert t.sizes == [2, 1]
    p = t.probabilities()
    assert p.shape == (t.grid, t.grid) and np.all((p > 0) & (p < 1))
    t.configure(learning_rate=2.0)
    assert t.learning_rate == 2.0
    t.configure(hidden="3, 2", activation="relu")
    assert t.sizes == [2, 3, 2, 1] and t.net.activation.name == "relu"
    for bad in ({"learning_rate": -1}, {"dataset": "blobs"}, {"colour": 1}):
        with pytest.raises(ValueError):
            t.configure(**bad)
    with pytest.raises(ValueError, match="at least 1"):
        list(t.chunks(0))


# -- landscape slice -------------------------------------------------------------------------


def test_slice_centres_on_current_weights_and_projects_the_trajectory():
    t = nm.TrainingModel("moons", "4", "tanh", 0.5, seed=0)
    t.train(50)
    s = nm.SliceModel(
        t, mode="weights", first="W[0][0,0]", second="W[0][1,1]", span=0.5, resolution=11
    )
    w00, w11 = t.net.weights[0][0, 0], t.net.weights[0][1, 1]
    assert np.allclose(s.current, (w00, w11))
    # The trajectory's start is the initial weights' coordinates.
    assert np.allclose(s.path[0], (t.thetas[0][0], t.thetas[0][3]))
    assert np.allclose(s.path[-1], s.current)
    # The centre of the grid is the current loss.
    assert np.isclose(s.surface[5, 5], t.net.loss(t.X, t.Y))
    ext = s.extent
    assert ext[0] <= s.path[:, 0].min() and s.path[:, 0].max() <= ext[1]


def test_slice_random_directions_are_normalised_per_layer():
    t = nm.TrainingModel("xor", "4, 4", "tanh", seed=2)
    s = nm.SliceModel(t, mode="random", resolution=9, seed=3)
    from backprop_tutorial.network import roll

    dw, _ = roll(s.plane.d1, t.sizes)
    for l, W in enumerate(t.net.weights):
        assert np.isclose(np.linalg.norm(dw[l]), np.linalg.norm(W))
    assert s.surface.shape == (9, 9) and np.isclose(s.surface[4, 4], t.losses[-1])
    before = s.plane.d1.copy()
    s.set(seed=4)
    assert not np.allclose(s.plane.d1, before)
    with pytest.raises(ValueError, match="mode"):
        s.set(mode="diagonal")
    with pytest.raises(ValueError, match="span"):
        s.set(mode="random", span=0)


# -- gradient meter ----------------------------------------------------------------------------


def test_meter_sigmoid_vanishes_fastest_and_depth_changes_bars():
    m = nm.GradientMeterModel(depth=10)
    assert set(m.means) == {"sigmoid", "tanh", "relu"}
    assert all(len(v) == 11 for v in m.means.values())
    assert m.ratio("sigmoid") < 1e-4 < m.ratio("tanh")
    # Sigmoid: each layer back multiplies by at most 1/4 times the weights.
    sig = m.means["sigmoid"]
    assert np.all(sig[:-1] < sig[1:])
    m.set_depth(3)
    assert len(m.means["tanh"]) == 4
    with pytest.raises(ValueError, match="between 1 and 30"):
        m.set_depth(0)
    assert "depth 3" in m.summary()


def test_meter_is_the_engines_backward_pass():
    m = nm.GradientMeterModel(depth=2, width=3, activations=("tanh",))
    rng = np.random.default_rng(m.seed)
    X = rng.uniform(-1, 1, size=(m.n_points, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    base = Network(m.sizes, "sigmoid", rng=rng)
    net = Network(
        m.sizes, "tanh", output_activation="sigmoid", weights=base.weights, biases=base.biases
    )
    deltas = net.backward(net.forward_cache(X), Y)
    assert np.isclose(m.means["tanh"][0], np.mean(np.abs(deltas[0])) * len(X))


# -- exercise --------------------------------------------------------------------------------


def _mistake(kind):
    return {
        "unsolved": lambda l, W, S, d, fp: ...,
        "solution": ex.solution_delta,
        "transpose": lambda l, W, S, d, fp: (W[l + 1] @ d[l + 1]) * fp(S[l]),
        "derivative": lambda l, W, S, d, fp: W[l + 1].T @ d[l + 1],
        "f instead of f'": lambda l, W, S, d, fp: (W[l + 1].T @ d[l + 1]) * sigmoid(S[l]),
        "S layer": lambda l, W, S, d, fp: (W[l + 1].T @ d[l + 1]) * fp(S[l + 1]),
        "W layer": lambda l, W, S, d, fp: (W[l].T @ d[l + 1]) * fp(S[l]),
        "delta layer": lambda l, W, S, d, fp: (W[l + 1].T @ d[l]) * fp(S[l]),
        "ones": lambda l, W, S, d, fp: np.ones_like(S[l]),
        "shape": lambda l, W, S, d, fp: np.zeros(7),
        "raises": lambda l, W, S, d, fp: 1 / 0,
    }[kind]


@pytest.mark.parametrize(
    "kind, status, words",
    [
        ("unsolved", "not yet", "replace the `...`"),
        ("solution", "correct", "matches the engine"),
        ("transpose", "wrong", "transpose missing"),
        ("derivative", "wrong", "activation derivative missing"),
        ("f instead of f'", "wrong", "derivative f'(S[l]) is needed"),
        ("S layer", "wrong", "you read S[l+1]"),
        ("W layer", "wrong", "you read W[l]"),
        ("delta layer", "wrong", "not known yet"),
        ("ones", "wrong", "the engine gets"),
        ("shape", "wrong", "shape"),
        ("raises", "wrong", "ZeroDivisionError"),
    ],
)
def test_check_delta_diagnoses(kind, status, words):
    result = ex.check_delta(_mistake(kind))
    assert result.status == status and words in result.message
    assert bool(result) == (status == "correct")
    assert status in result._repr_markdown_()


def test_check_delta_solution_matches_engine_on_every_case():
    for sizes, l, seed in ex.CASES:
        c = ex.make_case(sizes, l, seed)
        assert np.allclose(ex.solution_delta(l, c.W, c.S, c.delta, c.f_prime), c.expected)
        assert all(d is None for d in c.delta[: l + 1])  # only later deltas are given
