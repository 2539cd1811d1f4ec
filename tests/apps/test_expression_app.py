"""ExpressionApp: a typed expression's graph, laid out in layers and stepped."""

from __future__ import annotations

import app_sequences as seq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scene_checks import inside, misfit_labels, overlapping_nodes

from backprop_tutorial.apps import ExpressionApp
from backprop_tutorial.apps.expression.model import (
    COLAH,
    MAX_DRAWN_NODES,
    ExpressionModel,
    forward_mode,
)
from backprop_tutorial.apps.expression.scene import (
    _chains,
    _crossings,
    _order,
    crossing_edges,
    expression_frames,
    expression_scene,
    layered_layout,
    layers,
)
from backprop_tutorial.core.expression import expression_names

# -- the model ------------------------------------------------------------------------


def test_colah_first_with_his_values_and_names():
    m = ExpressionModel()
    assert m.params() == {"text": COLAH, "values": {"a": 2.0, "b": 1.0}, "mode": "backward", "k": 0}
    assert m.formulas() == ["c = a + b", "d = b + 1", "e = c · d"]
    assert m.value == 6.0 and m.gradients() == {"a": 2.0, "b": 5.0}
    assert [mode for _, mode in m.modes()] == ["backward", "d/da", "d/db"]


def test_new_text_keeps_the_values_of_names_it_still_uses():
    m = ExpressionModel()
    m.set(text="b * x")
    assert m.params()["values"] == {"b": 1.0, "x": 1.0}  # b kept, x new at 1
    m.set(values={"x": 3.0})
    assert m.value == 3.0 and m.gradients() == {"b": 3.0, "x": 1.0}


def test_forward_mode_steps_to_the_same_derivative():
    m = ExpressionModel(mode=forward_mode("b"))
    m.set(k=m.stepper.n_steps)
    assert m.stepper.pass_.derivative == 5.0
    m.set(text="a * a")  # b is gone: back to the backward pass
    assert m.mode == "backward"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"text": "a.b"}, "attribute access"),
        ({"text": "__import__('os')"}, "a call to __import__"),
        ({"text": "1 / (a - 2)"}, "the divisor 'a - 2' is 0"),
        ({"text": "log(b - 1)"}, "log needs a positive argument"),
        ({"text": " + ".join(f"x{i}" for i in range(30))}, f"limit of {MAX_DRAWN_NODES}"),
        ({"values": {"c": 1.0}}, "values given for c"),
        ({"values": {"a": float("nan")}}, "finite"),
        ({"values": [1, 2]}, "values must be a dict"),
        ({"mode": "d/dz"}, "mode must be one of"),
        ({"k": 99}, "k must be an integer from 0 to"),
        ({"k": 2.5}, "k must be an integer"),
        ({"colour": 1}, "unknown parameter"),
    ],
)
def test_refused_changes_leave_the_model_as_it_was(changes, words):
    m = ExpressionModel()
    before, trace = m.params(), m.trace
    with pytest.raises(ValueError, match=words):
        m.set(**changes)
    assert m.params() == before and m.trace is trace


# -- the layout -------------------------------------------------------------------------


def test_colah_layout_in_three_columns_without_crossings():
    m = ExpressionModel()
    col = layers(m.trace)
    assert col == {"a": 0, "b": 0, "1": 0, "c": 1, "d": 1, "e": 2}
    pos = layered_layout(m.trace)
    rows = {n: r for n, (_, r) in pos.items()}
    assert rows["a"] > rows["b"] > rows["1"] and rows["c"] > rows["d"]  # no crossing
    items, steps = _chains(m.trace, col)
    assert _crossings(_order(m.trace, items, steps), steps, items) == 0


def test_a_long_edge_gets_a_free_row():
    # x feeds the division three columns later: its edge passes sin and 2 + sin.
    m = ExpressionModel("x / (2 + sin(x))")
    assert layers(m.trace)["c"] == 3
    frames = expression_frames(m)
    scene = expression_scene(m, frames)
    assert crossing_edges(scene) == []


@pytest.mark.parametrize(
    "text",
    [
        COLAH,
        "x * x",
        "sigmoid(x*y + z) * tanh(x - y) + x**2 / (1 + exp(-z))",
        "(a*b + c) * (a - c) + sin(a*b) * cos(c) + a",
        "((x + x) / (2 + sin(x)))",  # the two arcs of x + x bent around the 2
    ],
)
def test_shared_inputs_laid_out_without_edges_through_boxes(text):
    m = ExpressionModel(text)
    frames = expression_frames(m)
    scene = expression_scene(m, frames)
    assert crossing_edges(scene) == []
    assert not overlapping_nodes(scene) and not misfit_labels(scene, frames)


# Random expressions drawn as text from random trees (see tests/core/test_expression.py).
_leaf = st.sampled_from(["x", "y", "z", "2", "0.5"])


def _grow(children):
    binary = st.tuples(children, st.sampled_from("+-*/"), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})" if t[1] != "/" else f"({t[0]} / (2 + sin({t[2]})))"
    )
    unary = st.tuples(st.sampled_from(["exp", "tanh", "sin", "relu", "-"]), children).map(
        lambda t: f"{t[0]}({t[1]})"
    )
    return binary | unary | children.map(lambda c: f"({c}) ** 2")


expressions = st.recursive(_leaf, _grow, max_leaves=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=expressions, mode_index=st.integers(0, 3), seed_values=st.floats(0.3, 1.5))
def test_any_graph_is_drawn_without_overlaps_or_boxes_crossed(text, mode_index, seed_values):
    names = expression_names(text)
    values = {n: seed_values + i / 7 for i, n in enumerate(names)}
    try:
        m = ExpressionModel(text, **values)
    except ValueError as exc:  # exp of a big number; a graph over the drawing limit
        assert "overflows" in str(exc) or "limit of" in str(exc)
        return
    modes = [mode for _, mode in m.modes()]
    m.set(mode=modes[mode_index % len(modes)])
    frames = expression_frames(m)
    scene = expression_scene(m, frames)
    assert len(frames) == m.stepper.n_steps + 1
    assert overlapping_nodes(scene) == []
    assert misfit_labels(scene, frames) == []
    assert inside(scene) == []
    # An edge through a box it does not join: rare (about 1 graph in 200 of these), and
    # never more than one.
    assert len(crossing_edges(scene)) <= 1


# -- the frames -----------------------------------------------------------------------------


def test_texts_call_the_output_by_its_name():
    m = ExpressionModel()
    frames = expression_frames(m)
    last = frames[-1]["panels"]["step"]
    assert "de/db += de/dc × ∂c/∂b" in last and "de/db so far = 5" in last and "dJ" not in last
    assert "de/db: 5" in frames[-1]["nodes"]["b"]["tip"]
    m.set(mode=forward_mode("a"))
    assert "this pass gives de/da = 2" in expression_frames(m)[-1]["panels"]["step"]


# -- the app ------------------------------------------------------------------------------


def test_typing_an_expression_redraws_the_graph_and_the_value_boxes():
    app = ExpressionApp()
    assert list(app.value_boxes) == ["a", "b"] and app.value_boxes["a"].value == 2.0
    assert {n["id"] for n in app.scene.scene["nodes"]} == {"a", "b", "1", "c", "d", "e"}
    app.text.value = "exp(x) * y"
    assert app.last_error is None
    assert {n["id"] for n in app.scene.scene["nodes"]} == {"x", "y", "a", "b"}
    assert list(app.value_boxes) == ["x", "y"] and list(app.value_row.children) == list(
        app.value_boxes.values()
    )
    assert [o[1] for o in app.mode.options] == ["backward", "d/dx", "d/dy"]
    app.value_boxes["y"].value = 3.0
    app.value_boxes["x"].value = 0.0
    assert app.model.gradients() == {"x": 3.0, "y": 1.0}
    assert "dJ" not in app.summary.value and "db/dx = <b>3</b>" in app.summary.value


def test_bad_input_shows_its_error_and_keeps_the_graph():
    app = ExpressionApp()
    scene, frames = app.scene.scene, app.scene.frames
    app.text.value = "a.__class__"
    assert "attribute access" in app.last_error and "you typed: 'a.__class__'" in app.last_error
    assert app.errors.outputs  # in the panel the learner sees
    assert app.text.value == COLAH  # the box shows what the model holds
    assert app.scene.scene is scene and app.scene.frames is frames
    app.value_boxes["b"].value = -1.0  # (a + b) * (b + 1) is fine at b = -1
    assert app.last_error is None
    app.text.value = "log(b)"
    assert "log needs a positive argument" in app.last_error and app.text.value == COLAH


def test_mode_and_step():
    app = ExpressionApp()
    app.slider.value = 5
    assert app.model.k == 5 and app.frame is app.scene.frames[5]
    app.mode.value = "d/db"
    assert app.model.mode == "d/db" and app.slider.value == 0
    assert app.slider.max == app.model.stepper.n_steps == len(app.scene.frames) - 1
    app.slider.value = app.slider.max
    assert "gives de/db = 5" in app.frame["panels"]["step"]


TEXTS = st.sampled_from(
    [COLAH, "x * x", "exp(a) / b", "a.b", "log(a - 5)", "(", "sin(a) * cos(b) + c", "1 / (a - a)"]
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_control_sequences_keep_controls_and_model_in_step(data):
    app = ExpressionApp()
    baseline = seq.widget_count()
    for _ in range(12):
        name = data.draw(st.sampled_from(sorted(app.controls)), label="control")
        if name == "play":
            continue  # play moves the slider in the browser only
        w = app.controls[name]
        if name == "text":
            value = data.draw(TEXTS, label="text")
        elif name.startswith("value "):
            value = data.draw(st.sampled_from([0.0, 1.0, -2.5, 5.0, 1e300]), label=name)
        else:
            value = data.draw(seq.value_strategy(w, {}, name), label=name)
        before = app.model.params()
        fired = seq.act(app, name, value)
        seq.check_after(app, None)  # the panel shows the last error; controls = model
        after = app.model.params()
        if fired and app.last_error is None:  # accepted: the model holds the new value
            key = {"text": "text", "mode": "mode", "step": "k", "k": "k"}.get(name)
            got = after["values"][name[6:]] if key is None else after[key]
            assert got == (value.strip() if key == "text" else value)
        elif fired:  # refused: nothing changed
            assert after == before
        values = app.model.params()["values"]
        assert {n: b.value for n, b in app.value_boxes.items()} == values
        assert app.slider.max == app.model.stepper.n_steps
    app.text.value = COLAH
    app.text.value = "x * x"
    app.text.value = COLAH
    assert seq.widget_count() == baseline, "value boxes leaked"
