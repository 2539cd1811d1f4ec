"""Any function the learner types, as a recorded graph: parsed, never evaluated.

:func:`parse_expression` reads text in Python syntax (numbers, names, ``+ - * / **``,
unary minus and the calls ``exp log tanh sigmoid relu sin cos``) with
``ast.parse(text, mode="eval")`` and walks the syntax tree, building one graph node per
operation with the builders of :mod:`.graph` and :mod:`.ops`.  Nothing is ever passed to
``eval``, ``exec`` or ``compile``: each kind of syntax node is either on a short list and
turned into a graph node, or refused with a ValueError that quotes the offending part of
the text (attribute access, other calls, subscripts, lambdas, strings, comparisons...).

A name is one leaf however often it appears, and so is a subexpression written twice:
``x * x`` is one node ``x`` feeding both operands, and in Colah's
``(a + b) * (b + 1)`` the gradient of ``b`` adds up the contributions of both uses.
Operations are named by the next free letter, in the order they are computed, so Colah's
example reads ``c = a + b``, ``d = b + 1``, ``e = c · d``, as in his post.
"""

from __future__ import annotations

import ast
import itertools
import string

from . import checks, ops
from .graph import Node, Trace, add, mul, param, trace

FUNCTIONS = {
    "exp": ops.exp,
    "log": ops.log,
    "tanh": ops.tanh,
    "sigmoid": ops.sigmoid,
    "relu": ops.relu,
    "sin": ops.sin,
    "cos": ops.cos,
}
MAX_CHARS = 5_000  # characters of text
MAX_NODES = 500  # graph nodes (names, numbers and operations)

_BINARY = {ast.Add: add, ast.Sub: ops.sub, ast.Mult: mul, ast.Div: ops.div}
_ALLOWED = (
    "an expression may use numbers, names, + - * / **, unary minus and the functions "
    + ", ".join(FUNCTIONS)
)
# What a refused kind of syntax is called in a message.
_REFUSED = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing (a subscript)",
    ast.Slice: "a slice",
    ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.Compare: "a comparison",
    ast.BoolOp: "and / or",
    ast.IfExp: "a conditional (x if c else y)",
    ast.NamedExpr: "an assignment (:=)",
    ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string",
    ast.Starred: "a starred argument",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Set: "a set",
    ast.Dict: "a dict",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


def _quote(part: str, limit: int = 80) -> str:
    """``part`` in quotes, cut in the middle when long."""
    if len(part) > limit:
        part = part[: limit // 2 - 2] + " ... " + part[-(limit // 2 - 3) :]
    return repr(part)


def _refuse(text: str, node: ast.AST, what: str, hint: str = _ALLOWED) -> ValueError:
    part = ast.get_source_segment(text, node) or text
    return ValueError(f"text: {what} is not allowed: {_quote(part)}; {hint}")


def _plain_number(node: ast.AST):
    """The number of a Constant or ±Constant, or None for anything else."""
    sign = 1.0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        node = node.operand
    if not isinstance(node, ast.Constant):
        return None
    v = node.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return sign * v


def _check_tree(text: str, tree: ast.Expression) -> list:
    """Refuse any syntax outside the whitelist; return the names in order of first use.

    Breadth first with an explicit queue, so the outermost offending part is quoted and
    deep trees do not hit Python's recursion limit.
    """
    names: dict = {}
    queue = [tree.body]
    for node in queue:  # the list grows while it is walked
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                if _plain_number(node.right) is None:
                    raise _refuse(
                        text,
                        node,
                        "an exponent that is not a plain number",
                        "write a number such as 2 or -0.5 after **; for a**b use exp(b * log(a))",
                    )
                queue.append(node.left)
            elif type(node.op) in _BINARY:
                queue += [node.left, node.right]
            else:
                raise _refuse(text, node, f"the operator {_op_symbol(node.op)}")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise _refuse(text, node, f"the operator {_op_symbol(node.op)}")
            queue.append(node.operand)
        elif isinstance(node, ast.Call):
            _check_call(text, node)
            queue.append(node.args[0])
        elif isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise _refuse(
                    text, node, f"{node.id} without an argument", f"call it: {node.id}(x)"
                )
            at = (node.lineno, node.col_offset)
            names[node.id] = min(names.get(node.id, at), at)
        elif isinstance(node, ast.Constant):
            if _plain_number(node) is None:
                raise _refuse(text, node, f"a constant of type {type(node.value).__name__}")
        else:
            raise _refuse(text, node, _REFUSED.get(type(node), f"{type(node).__name__} syntax"))
    return sorted(names, key=names.get)  # in the order they are written


def _check_call(text: str, node: ast.Call) -> None:
    if not isinstance(node.func, ast.Name):
        what = _REFUSED.get(type(node.func), "calling the result of an expression")
        raise _refuse(text, node.func, what)
    name = node.func.id
    if name not in FUNCTIONS:
        raise _refuse(text, node, f"a call to {name}", f"the functions are {', '.join(FUNCTIONS)}")
    if node.keywords:
        raise _refuse(text, node.keywords[0], "a keyword argument", f"write {name}(x)")
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            raise _refuse(text, arg, "a starred argument", f"write {name}(x)")
    if len(node.args) != 1:
        raise _refuse(
            text, node, f"{name} with {len(node.args)} arguments", f"{name} takes exactly one"
        )


def _op_symbol(op: ast.AST) -> str:
    symbols = {
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.MatMult: "@",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.Not: "not",
        ast.Invert: "~",
    }
    return symbols.get(type(op), type(op).__name__)


def _parse(text) -> tuple:
    """``(text, tree, names)`` for a checked expression: stripped text, syntax tree, names."""
    if not isinstance(text, str):
        raise checks.KindError(
            f"text must be a string such as '(a + b) * (b + 1)', got {checks.show(text)}"
        )
    text = text.strip()
    if not text:
        raise ValueError("text is empty: type an expression such as '(a + b) * (b + 1)'")
    checks.budget("text (characters)", len(text), MAX_CHARS, "type a shorter expression")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise ValueError(
            f"text: not a valid expression{where} ({exc.msg}): {_quote(text)}"
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, deep nesting
        raise ValueError(f"text: cannot be read as an expression: {exc}") from None
    return text, tree, _check_tree(text, tree)


def expression_names(text: str) -> list:
    """The names an expression uses, in the order they first appear in the text.

    Checks the syntax only (no values needed): raises the same ValueError for refused
    syntax as :func:`parse_expression`.
    """
    return _parse(text)[2]


def _checked_values(names: list, values: dict) -> dict:
    missing = [n for n in names if n not in values]
    if missing:
        raise ValueError(
            f"no value for {', '.join(missing)} (used in text): pass one per name, e.g. "
            + ", ".join(f"{n}=1.0" for n in missing)
        )
    extra = [n for n in values if n not in names]
    if extra:
        raise ValueError(
            f"values given for {', '.join(extra)}, which the expression does not use "
            f"(it uses {', '.join(names) or 'no names'}): leave them out"
        )
    return {n: checks.number(f"the value of {n}", values[n]) for n in names}


def _letters(taken) -> iter:
    """Free names for operations: a, b, c, ... then v27, v28, ...; never a taken one."""
    singles = iter(string.ascii_lowercase)
    numbered = (f"v{i}" for i in itertools.count(27))
    return (n for n in itertools.chain(singles, numbered) if n not in taken)


class _Builder:
    """Turns a checked syntax tree into graph nodes, operands first (post-order)."""

    def __init__(self, text: str, values: dict):
        self.text = text
        self.values = values
        self.free = _letters(set(values))
        self.made: dict = {}  # structural key -> Node: a repeated subexpression is one node
        self.count = 0

    def node(self, key, build) -> Node:
        if key not in self.made:
            self.count += 1
            checks.budget("the graph (nodes)", self.count, MAX_NODES, "type a shorter expression")
            self.made[key] = build()
        return self.made[key]

    def build(self, root: ast.AST) -> Node:
        # Iterative post-order walk: a long chain a+a+...+a is as deep as it is long.
        done: dict = {}
        stack = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if id(node) in done:
                continue
            kids = self._operands(node)
            if ready or not kids:
                done[id(node)] = self._make(node, [done[id(k)] for k in kids])
            else:
                stack.append((node, True))
                stack += [(k, False) for k in reversed(kids)]
        return done[id(root)]

    @staticmethod
    def _operands(node: ast.AST) -> list:
        if _plain_number(node) is not None:
            return []  # -2 is one constant, not the negation of 2
        if isinstance(node, ast.BinOp):
            return [node.left] if isinstance(node.op, ast.Pow) else [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            return [node.operand]
        if isinstance(node, ast.Call):
            return [node.args[0]]
        return []

    def _make(self, node: ast.AST, operands: list) -> Node:
        number = _plain_number(node)
        if number is not None:
            value = checks.number(f"the number {self._segment(node)}", number)
            label = "".join(self._segment(node).split())  # "- 2" is drawn as -2
            return self.node(("const", value), lambda: Node(label, value, "const"))
        if isinstance(node, ast.Name):
            return self.node(("name", node.id), lambda: param(node.id, self.values[node.id]))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return operands[0]
        if isinstance(node, ast.UnaryOp):
            fn, extra = ops.neg, ()
        elif isinstance(node, ast.Call):
            fn, extra = FUNCTIONS[node.func.id], ()
        elif isinstance(node.op, ast.Pow):
            fn, extra = ops.power, (_plain_number(node.right),)
        else:
            fn, extra = _BINARY[type(node.op)], ()
        key = (fn.__name__, *extra, *(o.id for o in operands))
        return self.node(key, lambda: self._apply(node, fn, *operands, *extra))

    def _apply(self, node: ast.AST, fn, *args) -> Node:
        problem = self._outside_domain(node, fn, args)
        if problem is None:
            try:
                return fn(*args, name=next(self.free))
            except OverflowError:  # 1e200 ** 2
                problem = "the result is too large for a float"
            except ValueError as exc:  # a product beyond 1e308, ...
                problem = str(exc)
        raise ValueError(
            f"text: {_quote(self._segment(node))} cannot be computed at these values: {problem}"
        )

    def _outside_domain(self, node: ast.AST, fn, args) -> str | None:
        """Why an operation cannot be computed, in terms of the text (None if it can)."""
        seg = self._segment
        if fn is ops.div and args[1].value == 0:
            return f"the divisor {_quote(seg(node.right))} is 0; divide by a non-zero value"
        if fn is ops.log and args[0].value <= 0:
            arg = node.args[0]
            return f"log needs a positive argument, and {_quote(seg(arg))} = {args[0].value:g}"
        if fn is ops.exp and args[0].value > 709:  # e^709.8 is the largest float
            return f"exp of {_quote(seg(node.args[0]))} = {args[0].value:g} overflows a float"
        if fn is ops.power:
            base, k = args[0].value, args[1]
            if base < 0 and k != int(k):
                return (
                    f"{_quote(seg(node.left))} = {base:g} is negative, and a negative number "
                    f"to the fractional power {k:g} is not a real number"
                )
            if base == 0 and k < 1:
                return (
                    f"{_quote(seg(node.left))} is 0, where the power or its derivative "
                    f"k·x^(k−1) with k = {k:g} is infinite or undefined"
                )
        return None

    def _segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ast.unparse(node)


def parse_expression(text: str, /, **values) -> Trace:
    """The recorded graph of an expression at the given values.

    Parameters
    ----------
    text : str
        An expression in Python syntax, e.g. ``"(a + b) * (b + 1)"``: numbers, names,
        ``+ - * / **`` (the exponent a plain number), unary minus, and calls to ``exp``,
        ``log``, ``tanh``, ``sigmoid``, ``relu``, ``sin``, ``cos``.  At most
        :data:`MAX_CHARS` characters and :data:`MAX_NODES` graph nodes.
    **values : float
        One finite number per name, e.g. ``a=2, b=1``.

    Returns
    -------
    Trace
        Its output is the expression; every name is a parameter leaf (so the backward
        pass and forward mode give its derivative), every number a constant.

    Raises
    ------
    ValueError
        For refused syntax (quoting it), missing or extra values, non-finite values, a
        value outside an operation's domain (division by zero, log of a number <= 0,
        quoting the subexpression), or a text or graph above its limit.
    """
    text, tree, names = _parse(text)
    checked = _checked_values(names, values)
    return trace(_Builder(text, checked).build(tree.body))


def expression_gradients(text: str, /, **values) -> tuple:
    """The value of an expression and its gradient with respect to every name.

    Parameters are those of :func:`parse_expression`.

    Returns
    -------
    value : float
    gradients : dict
        Name -> d(expression)/d(name), in the order the names first appear.

    Examples
    --------
    >>> expression_gradients("(a + b) * (b + 1)", a=2, b=1)
    (6.0, {'a': 2.0, 'b': 5.0})
    """
    t = parse_expression(text, **values)
    return t.output.value, {n: t.grad(n) for n in expression_names(text)}
