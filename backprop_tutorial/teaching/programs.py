"""Random expression graphs as straight-line code, for :mod:`.engine_check`.

A :class:`Program` is leaves (``a = Value(0.5)``) then steps (``c = a * b``); the last
step is the output.  :func:`programs` is the seeded stream the checker uses: small
expressions with fan-out (``x * x``) and values reused by later steps, now and then a
longer one, and one chain deeper than Python's recursion limit.  Values stay away from
kinks, poles and overflow, so that central differences agree with the exact gradient.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# name: (arity, code template, build with any engine or with floats)
_OPS = {
    "add": (2, "{0} + {1}", lambda x, y: x + y),
    "sub": (2, "{0} - {1}", lambda x, y: x - y),
    "mul": (2, "{0} * {1}", lambda x, y: x * y),
    "div": (2, "{0} / {1}", lambda x, y: x / y),
    "pow": (2, "{0} ** {1}", lambda x, k: x**k),
    "neg": (1, "-{0}", lambda x: -x),
    "exp": (1, "{0}.exp()", lambda x: x.exp()),
    "log": (1, "{0}.log()", lambda x: x.log()),
    "tanh": (1, "{0}.tanh()", lambda x: x.tanh()),
    "sigmoid": (1, "{0}.sigmoid()", lambda x: x.sigmoid()),
    "relu": (1, "{0}.relu()", lambda x: x.relu()),
}
OPS = tuple(_OPS)
_FLOAT = {
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "relu": lambda x: max(0.0, x),
}
_NAMES = "abcdefghijklmnopqrstuwxyz"  # then v26, v27, ... ("v" is kept for those)
LONG_CHAIN = 1100  # deeper than Python's default recursion limit (1000)


@dataclass(frozen=True)
class Step:
    """``name = op(*args)``; an argument is a name (str) or a number."""

    name: str
    op: str
    args: tuple

    def code(self) -> str:
        shown = [a if isinstance(a, str) else f"{a:g}" for a in self.args]
        return f"{self.name} = {_OPS[self.op][1].format(*shown)}"


@dataclass(frozen=True)
class Program:
    """An expression graph as straight-line code: leaves, then steps; the last is the output."""

    leaves: tuple  # ((name, value), ...)
    steps: tuple

    @property
    def output(self) -> str:
        return self.steps[-1].name

    def text(self, engine_name: str = "Value") -> str:
        lines = [f"{n} = {engine_name}({v:g})" for n, v in self.leaves]
        lines += [s.code() for s in self.steps] + [f"{self.output}.backward()"]
        return "\n".join(lines)

    def ending_at(self, name: str) -> Program:
        """The sub-expression that computes ``name``: its ancestors only."""
        needed, steps = {name}, []
        for s in reversed(self.steps[: [s.name for s in self.steps].index(name) + 1]):
            if s.name in needed:
                steps.append(s)
                needed.update(a for a in s.args if isinstance(a, str))
        leaves = tuple((n, v) for n, v in self.leaves if n in needed)
        return Program(leaves, tuple(reversed(steps)))

    def run(self, engine) -> dict:
        """Every named value, built with ``engine`` (a class with micrograd's interface)."""
        env = {n: engine(v) for n, v in self.leaves}
        for s in self.steps:
            env[s.name] = _OPS[s.op][2](*(env[a] if isinstance(a, str) else a for a in s.args))
        return env

    def values(self, leaves: dict | None = None) -> dict:
        """Every named value in plain floats (the leaves' own values, or ``leaves``)."""
        env = dict(self.leaves if leaves is None else leaves)
        for s in self.steps:
            args = [env[a] if isinstance(a, str) else a for a in s.args]
            f = _FLOAT.get(s.op)
            env[s.name] = f(*args) if f else _OPS[s.op][2](*args)
        return env

    def evaluate(self, leaves: dict) -> float:
        """The output in plain floats, with the leaves set to ``leaves``."""
        return self.values(leaves)[self.output]


def _valid(op, args, value) -> bool:
    # Stay away from kinks, poles and overflow, so that central differences agree.
    x = args[0]
    if op == "log" and x <= 0.1 or op == "exp" and x > 4 or op == "relu" and abs(x) < 0.05:
        return False
    if op == "div" and abs(args[1]) < 0.25 or op == "pow" and abs(x) < 0.2:
        return False
    if op == "pow" and args[1] == 0.5 and x <= 0:
        return False
    return abs(value) < 50 and (value == 0 or abs(value) > 1e-6)


def random_program(rng, ops=OPS, n_steps: int = 6, chain: bool = False) -> Program | None:
    """A random expression with up to ``n_steps`` operations drawn from ``ops``.

    ``rng`` is a ``random.Random`` (plain floats: numpy's per-call overhead was half the
    time of a check).
    """
    leaves = [(n, round(rng.choice((-1, 1)) * rng.uniform(0.3, 2.0), 2)) for n in "abc"]
    leaves = leaves[: rng.randint(1, 3)]
    env, steps = dict(leaves), []
    names = [n for n, _ in leaves]
    for _ in range(4 * n_steps):
        if len(steps) == n_steps:
            break
        op = rng.choice(ops)
        pick = names[-1] if chain or rng.random() < 0.4 else rng.choice(names)
        args = (pick,)
        if op == "pow":
            args = (pick, rng.choice((2.0, 3.0, -1.0, 0.5)))
        elif _OPS[op][0] == 2:
            r = rng.random()
            # Often an earlier value: a node then feeds two later ones (fan-out).  A chain
            # takes leaves only, so that its depth is its length.
            other = rng.choice(names[: len(leaves)] if chain else names[:-1] or names)
            if r < 0.2:
                other = pick  # x * x: one node, two operand slots
            elif r < 0.45:
                other = rng.choice((2.0, 3.0, 0.5, -1.5))
            args = (pick, other) if rng.random() < 0.5 else (other, pick)
        numbers = [env[a] if isinstance(a, str) else a for a in args]
        try:
            f = _FLOAT.get(op)
            value = f(*numbers) if f else _OPS[op][2](*numbers)
        except (ZeroDivisionError, OverflowError, ValueError):
            continue
        if isinstance(value, complex) or not _valid(op, numbers, value):
            continue
        name = _NAMES[len(names)] if len(names) < len(_NAMES) else f"v{len(names)}"
        steps.append(Step(name, op, args))
        env[name] = value
        names.append(name)
    if not steps:
        return None
    return Program(tuple(leaves), tuple(steps)).ending_at(steps[-1].name)


def programs(seed: int = 0, ops=OPS):
    """The endless seeded stream of expressions :func:`check_engine` uses."""
    rng = random.Random(seed)
    i = 0
    while True:
        i += 1
        if i == 50:  # the long chain: a recursive sort fails here
            prog = random_program(rng, ops, LONG_CHAIN, chain=True)
        else:
            prog = random_program(rng, ops, rng.randint(1, 8) if i % 10 else 40)
        if prog is not None:
            yield prog
