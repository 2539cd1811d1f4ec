"""The scalar computational graph: local derivatives, order, replay, fan-out, depth."""

from __future__ import annotations

import math

import pytest

import backprop_tutorial as bt
from backprop_tutorial.core import graph as g


def small_graph():
    """J = 1/2 (sigmoid(w*x + b) - y)^2 with w, b parameters and x, y inputs."""
    x, y = g.leaf("x", 1.5), g.leaf("y", 0.25)
    w, b = g.param("w", -0.8), g.param("b", 0.3)
    p = g.mul(w, x, name="p")
    s = g.add(p, b, name="s")
    a = g.sigmoid(s, name="a")
    return g.quadratic_cost([a], [y], name="J")


# -- nodes ------------------------------------------------------------------------


def test_mul_add_local_derivatives_are_the_other_operand_and_one():
    a, b = g.param("a", 2.0), g.leaf("b", -3.0)
    m = g.mul(a, b, name="m")
    assert m.value == -6.0
    assert m.local_grads == (-3.0, 2.0)
    assert m.local_names == ("b", "a")
    s = g.add(a, b, m, name="s")
    assert s.value == 2.0 - 3.0 - 6.0
    assert s.local_grads == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "identity"])
def test_activate_stores_the_activation_derivative(act):
    s = g.param("s", 0.7)
    a = g.activate(s, act, name="a")
    f = bt.get_activation(act)
    assert a.value == pytest.approx(f.f(0.7), rel=1e-15)
    assert a.local_grads == (pytest.approx(f.df(0.7), rel=1e-15),)
    assert a.op == act


def test_requires_grad_flows_from_parameters_not_inputs():
    x, w = g.leaf("x", 1.0), g.param("w", 2.0)
    assert not x.requires_grad and w.requires_grad
    assert g.mul(w, x).requires_grad
    assert not g.mul(x, x, name="xx").requires_grad


def test_node_rejects_non_finite_values():
    with pytest.raises(ValueError, match="non-finite"):
        g.leaf("x", float("nan"))
    with pytest.raises(ValueError, match="non-finite"):
        g.param("w", float("inf"))


def test_quadratic_and_cross_entropy_nodes_match_their_formulas():
    yh, y = g.param("yh", 0.8), g.leaf("y", 1.0)
    q = g.quadratic_cost([yh], [y])
    assert q.value == pytest.approx(0.5 * 0.2**2)
    assert q.local_grads == (pytest.approx(-0.2), pytest.approx(0.2))

    s = g.param("s", 0.4)
    ce = g.cross_entropy_cost([s], [y])
    sig = 1 / (1 + math.exp(-0.4))
    assert ce.value == pytest.approx(-math.log(sig), rel=1e-14)
    # dJ/ds = sigma(s) - y: the sigmoid derivative cancels.
    assert ce.local_grads[0] == pytest.approx(sig - 1.0, rel=1e-14)


def test_mean_divides_by_the_number_of_terms():
    terms = [g.param(f"t{i}", v) for i, v in enumerate([1.0, 2.0, 6.0])]
    m = g.mean(terms)
    assert m.value == 3.0
    assert m.local_grads == (1 / 3,) * 3


# -- order and steps -------------------------------------------------------------


def test_topological_order_puts_operands_first_and_covers_every_ancestor():
    t = g.trace(small_graph())
    pos = {n.name: i for i, n in enumerate(t.nodes)}
    assert set(pos) == {"x", "y", "w", "b", "p", "s", "a", "J"}
    for node in t.nodes:
        for p in node.parents:
            assert pos[p.name] < pos[node.name]
    assert t.nodes[-1].name == "J"


def test_forward_steps_are_the_non_leaf_nodes_in_order():
    t = g.trace(small_graph())
    assert [s.node.name for s in t.forward_steps] == ["p", "s", "a", "J"]
    assert t.n_steps == len(t.forward_steps) + len(t.backward_steps)
    assert t.steps == t.forward_steps + t.backward_steps


def test_backward_steps_are_the_seed_then_one_per_edge_to_a_parameter_path():
    t = g.trace(small_graph())
    steps = t.backward_steps
    assert steps[0].is_seed and steps[0].node.name == "J" and steps[0].grad_after == 1.0
    edges = [(s.child.name, s.node.name) for s in steps[1:]]
    # x and y are held fixed: no step sends a gradient into them.
    assert edges == [("J", "a"), ("a", "s"), ("s", "p"), ("s", "b"), ("p", "w")]
    for s in steps[1:]:
        assert s.product == s.upstream * s.local
        assert s.upstream == t.grad(s.child)


def test_every_gradient_matches_central_differences():
    def loss(w, b):
        return g.trace(small_graph_with(w, b)).output.value

    def small_graph_with(w, b):
        x, y = g.leaf("x", 1.5), g.leaf("y", 0.25)
        a = g.sigmoid(g.add(g.mul(g.param("w", w), x, name="p"), g.param("b", b), name="s"))
        return g.quadratic_cost([a], [y])

    t = g.trace(small_graph())
    eps = 1e-6
    dw = (loss(-0.8 + eps, 0.3) - loss(-0.8 - eps, 0.3)) / (2 * eps)
    db = (loss(-0.8, 0.3 + eps) - loss(-0.8, 0.3 - eps)) / (2 * eps)
    assert bt.relative_error([t.grad("w"), t.grad("b")], [dw, db]) < 1e-8


def test_describe_shows_the_rule_in_numbers():
    t = bt.ChainNetwork(x=1.0, y=0.0, w0=0.5, w1=-1.0).trace
    text = next(s for s in t.backward_steps if s.node.name == "p1").describe()
    assert text.startswith("dJ/dp1 = dJ/dy_hat × dy_hat/dp1: upstream ")
    s = next(s for s in t.backward_steps if s.node.name == "p1")
    assert f"upstream {s.upstream:.3g} × local {s.local:.3g} = {s.product:.3g}" in text
    assert t.backward_steps[0].describe().startswith("dJ/dJ = 1")
    assert t.forward_steps[0].describe().startswith("p0 = w0 · x = 0.5")


# -- replay ---------------------------------------------------------------------------


def test_state_after_k_forward_steps_knows_exactly_k_computed_nodes():
    t = g.trace(small_graph())
    leaves = {"x", "y", "w", "b"}
    order = ["p", "s", "a", "J"]
    for k in range(len(order) + 1):
        st = t.state(k)
        known = {name for name, v in st.values.items() if v is not None}
        assert known == leaves | set(order[:k])
        assert all(v is None for v in st.grads.values())
        assert st.phase == ("start" if k == 0 else "forward")
        if k:
            assert st.active == order[k - 1]
            assert st.values[order[k - 1]] == t[order[k - 1]].value


def test_state_during_backward_pass_knows_exactly_the_reached_gradients():
    t = g.trace(small_graph())
    nf = len(t.forward_steps)
    order = ["J", "a", "s", "p", "b", "w"]
    for i in range(len(order)):
        st = t.state(nf + i + 1)
        have = {name for name, v in st.grads.items() if v is not None}
        assert have == set(order[: i + 1])
        assert st.grads[order[i]] == pytest.approx(t.grad(order[i]))
        # every value is known once the forward pass is over
        assert all(v is not None for v in st.values.values())
    assert t.state(t.n_steps).phase == "done"
    assert t.state(t.n_steps).complete == set(order)
    assert t.state(nf).phase == "forward"
    assert t.state(nf + 1).phase == "backward"


def test_state_rejects_out_of_range_steps():
    t = g.trace(small_graph())
    with pytest.raises(ValueError, match=r"out of range: use 0\.\.10"):
        t.state(t.n_steps + 1)
    with pytest.raises(ValueError, match="out of range"):
        t.state(-1)


def test_trace_getitem_and_contains():
    t = g.trace(small_graph())
    assert t["w"].value == -0.8
    assert "w" in t and "nope" not in t
    assert t.grad("x") == 0.0  # held fixed: no gradient flows into inputs


# -- fan-out ----------------------------------------------------------------------------


def test_square_accumulates_two_contributions_to_2x():
    t = bt.fan_out_example("square", value=3.0)
    x_steps = [s for s in t.backward_steps if s.node.name == "x"]
    assert len(x_steps) == 2
    assert [s.contribution for s in x_steps] == [1, 2]
    assert all(s.n_contributions == 2 for s in x_steps)
    assert [s.product for s in x_steps] == [3.0, 3.0]
    assert [s.grad_after for s in x_steps] == [3.0, 6.0]
    assert t.grad("x") == 6.0
    assert t.fan_out("x") == 2
    assert "+=" in x_steps[0].describe() and "contribution 1 of 2" in x_steps[0].describe()
    # After the first contribution x has a partial gradient but it is not final.
    k = t.n_steps - 1
    assert t.state(k).grads["x"] == 3.0 and "x" not in t.state(k).complete
    assert t.state(t.n_steps).grads["x"] == 6.0 and "x" in t.state(t.n_steps).complete


def test_shared_weight_gradient_is_the_sum_of_both_uses():
    t = bt.fan_out_example("shared_weight", value=1.7)
    assert t.grad("w") == pytest.approx(2.0 + -0.5)  # u + v
    assert t.fan_out("w") == 2
    assert sorted(s.product for s in t.backward_steps if s.node.name == "w") == [-0.5, 2.0]


def test_fan_out_example_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="'square' or 'shared_weight'"):
        bt.fan_out_example("cube")


def test_duplicate_node_names_are_refused():
    a, b = g.param("w", 1.0), g.param("w", 2.0)
    with pytest.raises(ValueError, match=r"unique.*\['w'\]"):
        g.trace(g.add(a, b, name="J"))


def test_anonymous_constants_with_equal_values_do_not_clash():
    # Two targets of 0.0 (floats, as the docstring allows) and a constant used twice.
    a, b = g.param("a", 0.3), g.param("b", -0.4)
    t = g.trace(g.quadratic_cost([a, b], [0.0, 0.0]))
    assert t.grad("a") == pytest.approx(0.3) and t.grad("b") == pytest.approx(-0.4)
    assert len({n.name for n in t.nodes}) == len(t.nodes)
    x = g.param("x", 2.0)
    t = g.trace(g.add(g.mul(x, 3.0, name="u"), g.mul(x, 3.0, name="v"), name="J"))
    assert t.grad("x") == 6.0


# -- depth --------------------------------------------------------------------------------


def test_deep_chain_of_5000_nodes_traces_without_recursion():
    node = g.param("v0", 0.3)
    for i in range(1, 5000):
        node = g.activate(node, "tanh", name=f"v{i}")
    t = g.trace(node)
    assert len(t.nodes) == 5000
    assert len(t.forward_steps) == 4999 and len(t.backward_steps) == 5000
    # dJ/dv0 = product of tanh' along the chain, recomputed here independently.
    v, grad = 0.3, 1.0
    for _ in range(4999):
        grad *= 1 - math.tanh(v) ** 2
        v = math.tanh(v)
    assert t.grad("v0") == pytest.approx(grad, rel=1e-9)
    assert t.state(t.n_steps).phase == "done"


def test_reuse_counts_and_grad_reuse():
    t = bt.ChainNetwork().trace
    # p1's gradient is read by the steps into w1 and x1.
    assert t.grad_reuse("p1") == 2
    assert t.grad_reuse("w0") == 0
    assert t.fan_out("x1") == 1 and t.fan_out("p1") == 1


def test_cost_builders_refuse_mismatched_lengths_and_mean_needs_terms():
    a, b = g.param("a", 0.3), g.param("b", -0.4)
    with pytest.raises(ValueError, match="2 outputs but 1 target"):
        g.quadratic_cost([a, b], [g.leaf("y", 0.0)])
    with pytest.raises(ValueError, match="1 outputs but 2 target"):
        g.cross_entropy_cost([a], [0.0, 1.0])
    with pytest.raises(ValueError, match="mean.. needs at least one term"):
        g.mean([])
