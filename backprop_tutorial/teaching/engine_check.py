"""Check anyone's backpropagation engine on random expressions: :func:`check_engine`.

The engine is a class with micrograd's interface (``Value(data)``, ``+ - * /`` with
numbers on either side, ``** k``, ``exp() log() tanh() sigmoid() relu()``, ``.data``,
``.grad``, ``.backward()``).  The checker builds seeded random expression graphs with
it -- fan-out (``x * x``), intermediate nodes used several times, a chain deeper than
Python's recursion limit, every operation -- and compares each leaf's ``grad`` with the
reference :class:`~backprop_tutorial.core.value.Value`, twice: after one
``backward()``, and after zeroing the leaves' gradients and calling ``backward()``
again, as a training loop does.  On the first mismatch it shrinks the expression to the
smallest sub-expression that still fails, shows it as code with the learner's,
the reference's and the central-difference gradients, and names the likely slip by
rerunning the expression with known slips (the bug zoo and one-operation variants:
missing upstream factor, sign, a step that adds nothing) and keeping the one that
reproduces the learner's numbers.

Whatever the engine does -- raises, returns NaN, lacks a method, recurses too deep,
loops forever -- the answer is a verdict, never a traceback from inside the checker.
A function ``gradients(net, X, Y) -> (dW, db)`` is checked at the matrix level instead
(:func:`~backprop_tutorial.teaching.backward.check_gradients_function`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core import checks
from ..core.value import Value
from . import zoo
from .deadline import Timeout, deadline
from .exercises import CORRECT, WRONG, EngineVerdict
from .programs import LONG_CHAIN, OPS, Program, Step, programs

# The reference engine's operation label for each name (Value.op).
_LABEL = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**", "neg": "neg"}
_METHODS = {
    "add": ("__add__", "__radd__"),
    "sub": ("__sub__", "__rsub__"),
    "mul": ("__mul__", "__rmul__"),
    "div": ("__truediv__", "__rtruediv__"),
    "pow": ("__pow__",),
    "neg": ("__neg__",),
}
_MAX_SHRINK = 60  # sub-expressions tried, smallest first (a long chain has 1,100)


# -- running an engine on a program ------------------------------------------------------


@dataclass
class Failure:
    """How an engine went wrong on one program."""

    program: Program
    kind: str  # "error", "forward", "grad", "second"
    detail: str = ""
    learner: dict = field(default_factory=dict)
    correct: dict = field(default_factory=dict)


def _grads(env, prog) -> dict:
    out = {}
    for name, _ in prog.leaves:
        g = env[name].grad
        out[name] = float(g) if g is not None else math.nan
    return out


def _close(a, b) -> bool:
    return all(abs(a[k] - b[k]) <= 1e-6 * max(1.0, abs(b[k])) for k in b)  # NaN fails


def reference_grads(prog: Program, engine=Value) -> dict:
    env = prog.run(engine)
    env[prog.output].backward()
    return _grads(env, prog)


def failure(engine, prog: Program) -> Failure | None:
    """Run ``engine`` on ``prog``; None when it matches the reference, else what went wrong."""
    correct = reference_grads(prog)
    stage = "building the expression"
    try:
        env = prog.run(engine)
        out = env[prog.output]
        data, right = float(out.data), prog.evaluate(dict(prog.leaves))
        if not abs(data - right) <= 1e-9 * max(1.0, abs(right)):
            return Failure(prog, "forward", f"{prog.output}.data is {data:.6g}, not {right:.6g}")
        stage = "backward()"
        out.backward()
        first = _grads(env, prog)
        if not _close(first, correct):
            return Failure(prog, "grad", "", first, correct)
        stage = "the second backward()"
        for name, _ in prog.leaves:
            env[name].grad = 0.0
        out.backward()
        second = _grads(env, prog)
        if not _close(second, correct):
            return Failure(prog, "second", "", second, correct)
    except Timeout:
        raise
    except RecursionError:
        return Failure(prog, "error", f"{stage} hit Python's recursion limit")
    except Exception as e:  # noqa: BLE001 - the learner's code may raise anything
        return Failure(prog, "error", f"{stage} raised {type(e).__name__}: {e}")
    return None


def _alone(env: dict, step: Step) -> Program:
    """``step`` on its own, its operands turned into leaves with their values ``env``."""
    names = [a for a in dict.fromkeys(step.args) if isinstance(a, str)]
    leaves = tuple((n, float(f"{env[n]:.6g}")) for n in names)
    return Program(leaves, (step,))


def shrink(engine, fail: Failure) -> Failure:
    """The failure on the smallest sub-expression that still fails.

    Tries each operation alone on leaves first, then the sub-expressions ending at each
    node, smallest first (at most ``_MAX_SHRINK`` of them).
    """
    prog = fail.program
    env = prog.values()
    subs = [_alone(env, s) for s in prog.steps]
    ends = prog.steps[:_MAX_SHRINK]  # the sub-expressions ending further down are larger
    subs += sorted((prog.ending_at(s.name) for s in ends), key=lambda p: len(p.steps))
    for sub in subs[: len(prog.steps) + _MAX_SHRINK]:
        if len(sub.steps) >= len(prog.steps):
            break
        found = failure(engine, sub)
        if found is not None:
            return found
    return fail


# -- naming the slip -----------------------------------------------------------------------

_ZOO_SLIPS = {
    "overwrite": "`=` where `+=` belongs: a value used twice kept only one of its "
    "contributions. Add into operand.grad, never assign.",
    "not_topological": "the order is not topological: a value passed its gradient on before "
    "every use of it had added in. Visit the nodes in reverse topological order.",
    "tanh_at_input": "derivative at the wrong point: tanh' computed from the input, 1 − x², "
    "instead of from the output, 1 − tanh(x)² = 1 − out.data².",
    "sigmoid_at_output": "derivative at the wrong point: σ' applied to the output σ(p) instead "
    "of the input p; σ'(p) = out.data · (1 − out.data).",
    "power_off_by_one": "off-by-one exponent: the power rule is k·x^(k−1), not (k−1)·x^(k−1).",
    "sign_in_sub": "sign: in a − b the second operand gets −1 × out.grad.",
}


def _variant(label: str, contribution):
    """The reference engine with the backward step of one operation changed."""

    class Variant(Value):
        def _backward_step(self):
            if self.op != label:
                return super()._backward_step()
            for slot, (operand, local) in enumerate(zip(self._prev, self._locals(), strict=True)):
                operand.grad += contribution(self.grad, local, slot)

    return Variant


def _hypotheses(op: str):
    """(engine, slip) pairs: the zoo's scalar engines, then slips in operation ``op``."""
    for name, slip in _ZOO_SLIPS.items():
        yield zoo.engine(name), slip
    label = _LABEL.get(op, op)
    yield (
        _variant(label, lambda up, local, slot: local),
        f"missing upstream factor: the {op} step adds its local derivative without "
        "multiplying by out.grad.",
    )
    yield (
        _variant(label, lambda up, local, slot: -up * local),
        f"sign: every {op} gradient is negated.",
    )
    for i, which in enumerate(("first", "second")):
        yield (
            _variant(label, lambda up, local, slot, i=i: -up * local if slot == i else up * local),
            f"sign: the {which} operand of {op} gets the wrong sign.",
        )
    yield (
        _variant(label, lambda up, local, slot: 0.0),
        f"the {op} step adds nothing to its operands.",
    )


def _pow_variants():
    class ExponentKept(Value):  # local = k x^(k-1), so k x^k = local · x
        def _locals(self):
            loc = self.node.local_grads
            return (loc[0] * self._prev[0].data,) if self.op == "**" else loc

    class ExponentTwice(Value):
        def _locals(self):
            loc = self.node.local_grads
            return (loc[0] / self._prev[0].data,) if self.op == "**" else loc

    return [
        (ExponentKept, "off-by-one exponent: k·x^k where the power rule says k·x^(k−1)."),
        (ExponentTwice, "off-by-one exponent: k·x^(k−2) where the power rule says k·x^(k−1)."),
    ]


def diagnose(fail: Failure, also: Failure | None = None) -> tuple:
    """``(slip, op)``: the likely slip behind ``fail`` and the operation it is in (or None).

    Found by rerunning the expression with known slips and keeping the one that
    reproduces the learner's numbers (on ``also`` as well, the unshrunk failure, when
    given: two expressions tell more slips apart than one).
    """
    found = _diagnose(fail, also if also is not None and also.kind == "grad" else None)
    return found if isinstance(found, tuple) else (found, None)


def _reproduces(engine, fail: Failure) -> bool:
    guess = reference_grads(fail.program, engine)
    return _close(fail.learner, guess) and not _close(guess, fail.correct)


def _diagnose(fail: Failure, also: Failure | None):
    if fail.kind == "second":
        return (
            "gradients pile up over two backward() calls: the first pass is right, but after "
            "zeroing the leaves a second backward() gives other numbers. Reset every computed "
            "node's grad to 0 at the start of backward()."
        )
    if fail.kind == "error" and "recursion" in fail.detail:
        return (
            "a recursive topological sort cannot go deeper than ~1,000 nodes: build the order "
            "with a loop and an explicit stack."
        )
    if fail.kind != "grad":
        return "make this expression work first: the check stops at the first error."
    learner = fail.learner
    if any(not math.isfinite(g) for g in learner.values()):
        return "a gradient is NaN or infinite: look for a division by zero or a missing value."
    ops = list(dict.fromkeys(s.op for s in reversed(fail.program.steps)))
    for op in ops:
        variants = list(_hypotheses(op)) + (_pow_variants() if op == "pow" else [])
        for engine, slip in variants:
            if _reproduces(engine, fail) and (also is None or _reproduces(engine, also)):
                return slip, op
    ratios = {k: learner[k] / c for k, c in fail.correct.items() if c}
    if ratios and all(abs(r - 0) < 1e-12 for r in ratios.values()):
        return "no gradient reached the inputs: is a backward step still a placeholder?"
    if len(set(round(r, 9) for r in ratios.values())) == 1:
        r = next(iter(ratios.values()))
        return f"every gradient is {r:.4g} times the right one: a factor is missing or extra."
    return (
        f"this does not match a usual slip: work out the local derivatives of {op} by hand on "
        "this expression and compare them with what your step adds."
    )


def central_differences(prog: Program, h: float = 1e-6) -> dict:
    """d(output)/d(leaf) by central differences, for each leaf."""
    values, out = dict(prog.leaves), {}
    for name, v in prog.leaves:
        up = prog.evaluate({**values, name: v + h})
        down = prog.evaluate({**values, name: v - h})
        out[name] = (up - down) / (2 * h)
    return out


# -- the verdict -----------------------------------------------------------------------------


def _verdict(engine, fail: Failure, n: int, original: Failure) -> EngineVerdict:
    prog = fail.program
    slip, op = diagnose(fail, original)
    op = op or prog.steps[-1].op
    name = getattr(engine, "__name__", "Value")
    what = {
        "error": fail.detail,
        "forward": f"the forward value is wrong: {fail.detail}",
        "grad": "the gradients differ from the reference",
        "second": "the gradients differ after a second backward()",
    }[fail.kind]
    return EngineVerdict(
        WRONG,
        f"expression {n} of the check fails ({what}); the smallest failing expression, "
        f"where {op} goes wrong:",
        n_checked=n,
        op=op,
        expression=prog.text(name),
        learner=fail.learner,
        correct=fail.correct if fail.learner else {},
        numeric=central_differences(prog) if fail.learner else {},
        diagnosis=slip,
    )


# -- the check -----------------------------------------------------------------------------


def _ops(ops) -> tuple:
    if ops is None:
        return OPS
    if isinstance(ops, str):
        ops = [ops]
    ops = tuple(ops) if isinstance(ops, (list, tuple)) else (ops,)
    unknown = [o for o in ops if not isinstance(o, str) or o not in OPS]
    if unknown or not ops:
        raise ValueError(f"ops={checks.show(ops)}: use a list of operations among {list(OPS)}")
    return ops


def _missing(engine, ops) -> list:
    wanted = [m for op in ops for m in _METHODS.get(op, (op,))] + ["backward"]
    return [m for m in wanted if not callable(getattr(engine, m, None))]


def check_engine(engine, n_graphs: int = 200, seed: int = 0, ops=None, time_limit: float = 5.0):
    """Check a backpropagation engine on ``n_graphs`` random expressions.

    Parameters
    ----------
    engine : class or callable
        A class with micrograd's interface (``bt.Value``, yours, a zoo engine), or a
        function ``gradients(net, X, Y) -> (dW, db)`` for a softmax network (checked at
        the matrix level).
    n_graphs : int
        How many random expressions (or network cases) to check.
    seed : int
        Seed of the random expressions: the same seed checks the same expressions.
    ops : list of str, optional
        Only these operations (one at a time: ``ops=["mul"]``); default all of
        ``add sub mul div pow neg exp log tanh sigmoid relu``.
    time_limit : float
        Seconds before the check stops (an engine that loops forever gets a verdict).

    Returns
    -------
    EngineVerdict
        Truthy when every expression matched; else the smallest failing expression,
        the gradients side by side and the likely slip.
    """
    n_graphs = checks.integer("n_graphs", n_graphs, 1, 100_000)
    seed = checks.integer("seed", seed, 0)
    time_limit = checks.number("time_limit", time_limit, positive=True)
    if callable(engine) and not isinstance(engine, type):
        from .backward import check_gradients_function

        return check_gradients_function(engine, n_graphs, seed, time_limit)
    ops = _ops(ops)
    if not isinstance(engine, type):
        return EngineVerdict(
            WRONG, f"check_engine needs a class such as bt.Value, got {checks.show(engine)}"
        )
    missing = _missing(engine, ops)
    if missing:
        return EngineVerdict(WRONG, f"{engine.__name__} has no method {', '.join(missing)}")
    return _check_expressions(engine, n_graphs, seed, ops, time_limit)


def _check_expressions(engine, n_graphs: int, seed: int, ops, time_limit: float):
    """``engine`` (a class with every method ``ops`` needs) on the first ``n_graphs``
    random expressions of ``seed``: the first failure, shrunk, or a pass; a verdict too
    when ``time_limit`` runs out."""
    n = 0
    try:
        with deadline(time_limit):
            for prog in programs(seed, ops):
                if n == n_graphs:
                    break
                n += 1
                fail = failure(engine, prog)
                if fail is not None:
                    return _verdict(engine, shrink(engine, fail), n, fail)
    except Timeout:
        return EngineVerdict(
            WRONG,
            f"stopped after {time_limit:g} s on expression {n} ({n - 1} passed before it): "
            "does backward() loop forever, or is the engine very slow? "
            f"Try check_engine(..., n_graphs={max(1, n - 1)}) to see the passing part.",
            n_checked=n - 1,
        )
    return EngineVerdict(
        CORRECT,
        f"{engine.__name__} matches the reference on all {n} random expressions "
        f"({', '.join(ops)}; fan-out, reused values, a chain {LONG_CHAIN} deep, two "
        "backward() calls).",
        n_checked=n,
    )
