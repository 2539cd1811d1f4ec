"""Any typed function as a graph: expression_gradients / parse_expression.

Random expression trees are drawn together with an independent Python function for the
same tree, so the parser's graph is checked against numbers it never saw: central
differences, the value, and (for small graphs) the explicit sum over all paths.
"""

from __future__ import annotations

import builtins
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt
from backprop_tutorial.core.expression import (
    MAX_CHARS,
    MAX_NODES,
    expression_names,
    parse_expression,
)

NAMES = ("x", "y", "z")


def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


# A tree is drawn as (text, f) with f(values) computing the same number in plain Python.
# Operations whose domain is limited get an argument that is always inside it
# (log(1 + u**2), u / (2 + sin(v)), (1 + u**2) ** k), so every draw can be computed.
_leaf = st.one_of(
    st.sampled_from(NAMES).map(lambda n: (n, lambda v, n=n: v[n])),
    st.sampled_from(["2", "0.5", "3"]).map(lambda c: (c, lambda v, c=c: float(c))),
)


def _binary(op):
    fns = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
    return lambda a, b: (f"({a[0]} {op} {b[0]})", lambda v: fns[op](a[1](v), b[1](v)))


def _unary(template, fn):
    return lambda a: (template.format(a[0]), lambda v: fn(a[1](v)))


_UNARY = [
    _unary("(-{})", lambda u: -u),
    _unary("({}) ** 2", lambda u: u**2),
    _unary("({}) ** 3", lambda u: u**3),
    _unary("(1 + ({}) ** 2) ** 0.5", lambda u: (1 + u**2) ** 0.5),
    _unary("(1 + ({}) ** 2) ** -1", lambda u: (1 + u**2) ** -1),
    _unary("log(1 + ({}) ** 2)", lambda u: math.log(1 + u**2)),
    _unary("exp(tanh({}))", lambda u: math.exp(math.tanh(u))),
    _unary("tanh({})", math.tanh),
    _unary("sigmoid({})", _sigmoid),
    _unary("relu({})", lambda u: max(0.0, u)),
    _unary("sin({})", math.sin),
    _unary("cos({})", math.cos),
]


def _extend(children):
    binaries = [st.tuples(children, children).map(lambda t, op=op: _binary(op)(*t)) for op in "+-*"]
    quotient = st.tuples(children, children).map(
        lambda t: (
            f"({t[0][0]} / (2 + sin({t[1][0]})))",
            lambda v: t[0][1](v) / (2 + math.sin(t[1][1](v))),
        )
    )
    unaries = st.tuples(st.sampled_from(_UNARY), children).map(lambda t: t[0](t[1]))
    return st.one_of(*binaries, quotient, unaries)


trees = st.recursive(_leaf, _extend, max_leaves=10)
values_st = st.fixed_dictionaries({n: st.floats(0.5, 2.0) for n in NAMES})


def _central(f, values, name, h):
    up, down = dict(values), dict(values)
    up[name] += h
    down[name] -= h
    return (f(up) - f(down)) / (2 * h)


def _near_kink(t) -> bool:
    """relu is not differentiable at 0: a check there is not well-conditioned."""
    return any(n.op == "relu" and abs(n.parents[0].value) < 1e-3 for n in t.nodes)


def path_sum(t, name: str, limit: int = 20_000):
    """Sum over every path output -> ``name`` of the product of local derivatives (the
    chain rule written out), or None when there are more than ``limit`` paths."""
    total, visited = 0.0, 0
    stack = [(t.output, 1.0)]
    while stack:
        node, product = stack.pop()
        visited += 1
        if visited > limit:
            return None
        if node.name == name:
            total += product
            continue
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            stack.append((parent, product * local))
    return total


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(tree=trees, all_values=values_st)
def test_gradients_match_central_differences_paths_and_forward_mode(tree, all_values):
    text, f = tree
    names = expression_names(text)
    values = {n: all_values[n] for n in names}
    value, grads = bt.expression_gradients(text, **values)
    assert list(grads) == names
    assert value == pytest.approx(f(values), rel=1e-12, abs=1e-12)
    t = parse_expression(text, **values)
    assume(not _near_kink(t))
    for name in names:
        fd = _central(f, values, name, 1e-5)
        # Well-conditioned: two step sizes agree (no kink, small third derivative) and
        # the gradient is not lost in the rounding of f.
        coarse = _central(f, values, name, 2e-5)
        scale = max(abs(fd), 1e-6 * max(1.0, abs(value)))
        if abs(fd - coarse) > 1e-9 * scale or abs(fd) < 1e-4 * max(1.0, abs(value)):
            continue
        assert bt.relative_error(grads[name], fd) < 1e-7, (text, name, grads[name], fd)
        assert bt.forward_mode(t, name).derivative == pytest.approx(grads[name], rel=1e-12)
        paths = path_sum(t, name)
        if paths is not None:
            assert paths == pytest.approx(grads[name], rel=1e-9, abs=1e-12)


# -- fan-out: a name used twice is one node ------------------------------------------


def test_colah_example_sums_both_uses_of_b():
    value, grads = bt.expression_gradients("(a + b) * (b + 1)", a=2, b=1)
    assert value == 6.0
    assert grads == {"a": 2.0, "b": 5.0}  # de/db = (b + 1) + (a + b)
    t = parse_expression("(a + b) * (b + 1)", a=2, b=1)
    assert [n.name for n in t.nodes if not n.is_leaf] == ["c", "d", "e"]  # as in Colah's post
    assert t["c"].formula == "a + b" and t["d"].formula == "b + 1" and t["e"].formula == "c · d"
    assert t.fan_out("b") == 2
    assert path_sum(t, "b") == 5.0


def test_square_is_one_node_used_twice():
    value, grads = bt.expression_gradients("x*x", x=3)
    assert (value, grads) == (9.0, {"x": 6.0})
    t = parse_expression("x*x", x=3)
    assert len(t.nodes) == 2 and t.fan_out("x") == 2


def test_a_repeated_subexpression_is_one_node():
    t = parse_expression("(a + b) * (a + b)", a=1, b=2)
    assert len(t.nodes) == 4  # a, b, a + b, the product
    assert bt.expression_gradients("(a + b) * (a + b)", a=1, b=2)[1] == {"a": 6.0, "b": 6.0}


def test_names_in_written_order_and_numbers():
    assert expression_names("b * x + a + -2 * x ** -1") == ["b", "x", "a"]
    value, grads = bt.expression_gradients("-2 * x ** -1 + +x - 0.5", x=2.0)
    assert value == pytest.approx(0.5) and grads == {"x": pytest.approx(1.5)}
    assert bt.expression_gradients("3 / 4") == (0.75, {})
    assert bt.expression_gradients("relu(a - 1) + sigmoid(a)", a=0.0)[1]["a"] == 0.25


def test_a_200_node_expression_parses():
    text = " + ".join(f"sin(x{i}) * x{i + 1}" for i in range(66))
    values = {f"x{i}": 0.01 * i for i in range(67)}
    t = parse_expression(text, **values)
    assert 200 <= len(t.nodes) <= MAX_NODES
    assert t.grad("x1") == pytest.approx(math.cos(0.01) * 0.02 + math.sin(0.0))


def test_long_chains_do_not_hit_the_recursion_limit():
    text = " + ".join(["a"] * 450)
    assert bt.expression_gradients(text, a=1.0) == (450.0, {"a": 450.0})


# -- refusals: every message quotes the text it refuses ------------------------------

FORBIDDEN = [
    ("__import__('os')", "__import__('os')", "a call to __import__"),
    ("().__class__", "().__class__", "attribute access"),
    ("lambda: 1", "lambda: 1", "a lambda"),
    ("a[0]", "a[0]", "subscript"),
    ("a.b", "a.b", "attribute access"),
    ("open('x')", "open('x')", "a call to open"),
    ("print(a)", "print(a)", "a call to print"),
    ("a.exp(1)", "a.exp", "attribute access"),
    ("2 * [a for a in b]", "[a for a in b]", "a comprehension"),
    ("sum(a for a in b)", "sum(a for a in b)", "a call to sum"),
    ("exp(x=1)", "x=1", "a keyword argument"),
    ("exp(*a)", "*a", "a starred argument"),
    ("exp(a, b)", "exp(a, b)", "exp with 2 arguments"),
    ("a < b", "a < b", "a comparison"),
    ("a and b", "a and b", "and / or"),
    ("'a' + b", "'a'", "a constant of type str"),
    ("(y := 2) * y", "y := 2", "an assignment"),
    ("f'{a}'", "f'{a}'", "an f-string"),
    ("a if b else 1", "a if b else 1", "a conditional"),
    ("a % 2", "a % 2", "the operator %"),
    ("a // 2", "a // 2", "the operator //"),
    ("~a", "~a", "the operator ~"),
    ("(a, b)", "(a, b)", "a tuple"),
    ("{a: 1}", "{a: 1}", "a dict"),
    ("True * a", "True", "a constant of type bool"),
    ("1j * a", "1j", "a constant of type complex"),
    ("a ** b", "a ** b", "an exponent that is not a plain number"),
    ("2 ** (1 / 2)", "2 ** (1 / 2)", "an exponent that is not a plain number"),
    ("exp + 1", "exp", "exp without an argument"),
]


@pytest.mark.parametrize(("text", "quoted", "what"), FORBIDDEN)
def test_forbidden_syntax_is_refused_quoting_it(text, quoted, what):
    with pytest.raises(ValueError) as info:
        bt.expression_gradients(text, a=1.0, b=1.0)
    message = str(info.value)
    assert repr(quoted) in message and what in message


def test_nothing_is_evaluated_or_compiled_to_code(monkeypatch):
    real_compile = builtins.compile

    def ast_only(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & 0x400, "compiled to code"  # ast.PyCF_ONLY_AST: a syntax tree only
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "compile", ast_only)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert bt.expression_gradients("exp(a) * b", a=0.0, b=2.0) == (2.0, {"a": 2.0, "b": 1.0})
    with pytest.raises(ValueError, match="a call to __import__"):
        bt.expression_gradients("__import__('os')")


@pytest.mark.parametrize(
    ("text", "values", "match"),
    [
        ("a * b", {"a": 1.0}, "no value for b"),
        ("a", {"a": 1.0, "c": 2.0, "d": 3.0}, "values given for c, d"),
        ("a", {"a": math.nan}, "the value of a must be a finite number"),
        ("a", {"a": math.inf}, "the value of a must be a finite number"),
        ("a", {"a": "1"}, "the value of a must be a real number"),
        ("1e400 * a", {"a": 1.0}, "the number 1e400 must be a finite number"),
        ("1 / (a - b)", {"a": 1.0, "b": 1.0}, r"'1 / \(a - b\)' cannot .* divisor 'a - b' is 0"),
        ("log(a - 3)", {"a": 1.0}, r"'log\(a - 3\)' cannot .* 'a - 3' = -2"),
        ("(a - 3) ** 0.5", {"a": 1.0}, "'a - 3' = -2 is negative"),
        ("a ** -1", {"a": 0.0}, "'a' is 0"),
        ("exp(a)", {"a": 800.0}, "exp of 'a' = 800 overflows"),
        ("a ** 2", {"a": 1e200}, "too large for a float"),
        ("a * a", {"a": 1e200}, r"'a \* a' cannot be computed"),
        ("", {}, "text is empty"),
        ("a +", {"a": 1.0}, "not a valid expression"),
        ("a\x00", {"a": 1.0}, "text: "),
        ("(" * 300 + "a" + ")" * 300, {"a": 1.0}, "not a valid expression"),
        ("a" * (MAX_CHARS + 1), {}, "above the limit of 5,000"),
    ],
)
def test_bad_values_and_texts_are_refused(text, values, match):
    with pytest.raises(ValueError, match=match):
        bt.expression_gradients(text, **values)


def test_more_than_the_node_limit_is_refused():
    names = [f"x{i}" for i in range(260)]  # 260 leaves + 259 sums > 500 nodes
    with pytest.raises(ValueError, match=f"the graph \\(nodes\\) would be {MAX_NODES + 1:,}"):
        bt.expression_gradients(" + ".join(names), **dict.fromkeys(names, 1.0))


def test_text_must_be_a_string():
    with pytest.raises(ValueError, match="text must be a string"):
        bt.expression_gradients(3)
    with pytest.raises(ValueError, match="text must be a string"):
        expression_names(None)


def test_a_name_called_text_is_an_ordinary_name():
    assert bt.expression_gradients("text * 2", text=3.0) == (6.0, {"text": 2.0})
