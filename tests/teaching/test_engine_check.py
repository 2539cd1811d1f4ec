"""check_engine: the reference passes, engines the checker has never seen are caught, and
whatever an engine does the answer is a verdict."""

import math

import pytest

import backprop_tutorial as bt
from backprop_tutorial.teaching.engine_check import (
    OPS,
    central_differences,
    programs,
    reference_grads,
)
from backprop_tutorial.teaching.skeleton import ValueSkeleton


class Micro:
    """A from-scratch engine in micrograd's style (not a subclass of bt.Value)."""

    def __init__(self, data, _prev=(), _back=None):
        self.data, self.grad, self._prev = data, 0.0, _prev
        self._back = _back or (lambda out: None)

    def _lift(self, o):
        return o if isinstance(o, Micro) else type(self)(o)

    def __add__(self, o):
        o = self._lift(o)

        def back(out):
            self.grad += out.grad
            o.grad += out.grad

        return type(self)(self.data + o.data, (self, o), back)

    def __mul__(self, o):
        o = self._lift(o)

        def back(out):
            self.grad += o.data * out.grad
            o.grad += self.mul_local(out)

        return type(self)(self.data * o.data, (self, o), back)

    def mul_local(self, out):
        return self.data * out.grad

    def __pow__(self, k):
        return type(self)(
            self.data**k, (self,), lambda out: _add(self, k * self.data ** (k - 1) * out.grad)
        )

    def exp(self):
        return type(self)(
            math.exp(self.data), (self,), lambda out: _add(self, self.exp_local(out) * out.grad)
        )

    def exp_local(self, out):
        return out.data

    def log(self):
        return type(self)(
            math.log(self.data), (self,), lambda out: _add(self, out.grad / self.data)
        )

    def tanh(self):
        t = math.tanh(self.data)
        return type(self)(t, (self,), lambda out: _add(self, (1 - t * t) * out.grad))

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        return type(self)(s, (self,), lambda out: _add(self, s * (1 - s) * out.grad))

    def relu(self):
        return type(self)(
            max(0.0, self.data), (self,), lambda out: _add(self, (self.data > 0) * out.grad)
        )

    def __neg__(self):
        return self * -1

    def __radd__(self, o):
        return self + o

    def __sub__(self, o):
        return self + (-self._lift(o))

    def __rsub__(self, o):
        return self._lift(o) + (-self)

    def __rmul__(self, o):
        return self * o

    def __truediv__(self, o):
        return self * self._lift(o) ** -1

    def __rtruediv__(self, o):
        return self._lift(o) * self**-1

    def topo(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((p, False) for p in v._prev)
        return order

    def backward(self):
        order = self.topo()
        for v in order:
            if v._prev:
                v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            v._back(v)


def _add(v, g):
    v.grad += g


# -- engines the zoo does not have ----------------------------------------------------------


class MulSign(Micro):
    def mul_local(self, out):  # the second operand's gradient negated
        return -self.data * out.grad


class ExpAtInput(Micro):
    def exp_local(self, out):  # exp' written as the input, not exp(input)
        return self.data


class RecursiveSort(Micro):
    def topo(self):  # micrograd's recursive build_topo
        order, seen = [], set()

        def build(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._prev:
                    build(p)
                order.append(v)

        build(self)
        return order


class DivNoSquare(bt.Value):
    def _locals(self):
        if self.op == "/":
            a, b = self._prev
            return (1 / b.data, -a.data / b.data)  # -a/b for -a/b²
        return super()._locals()


class RaisesInBackward(Micro):
    def backward(self):
        raise RuntimeError("not written yet")


class NaNGrads(Micro):
    def backward(self):
        super().backward()
        for v in self.topo():
            v.grad = float("nan")


class Hangs(Micro):
    def backward(self):
        while True:
            pass


class NoLog(Micro):
    log = None


def test_the_reference_and_a_from_scratch_engine_pass():
    assert bt.check_engine(bt.Value)
    assert bt.check_engine(Micro)


@pytest.mark.parametrize(
    "engine, op, words",
    [
        (MulSign, "mul", "sign"),
        (ExpAtInput, "exp", ""),
        (DivNoSquare, "div", ""),
    ],
)
def test_engines_the_checker_never_saw_are_caught(engine, op, words):
    v = bt.check_engine(engine)
    assert not v and v.n_checked <= 200
    assert v.op == op
    assert words in v.diagnosis
    assert v.expression.endswith(".backward()")
    assert len(v.expression.splitlines()) <= 6  # shrunk to a small expression
    # the learner's numbers in the verdict are the engine's, the correct ones the reference's
    assert v.correct == pytest.approx(v.numeric, rel=1e-5)


def test_a_recursive_topological_sort_fails_on_the_long_chain_with_a_reason():
    v = bt.check_engine(RecursiveSort)
    assert not v
    assert "recursion" in v.message and "stack" in v.diagnosis


@pytest.mark.parametrize(
    "engine, words",
    [
        (RaisesInBackward, "raised RuntimeError: not written yet"),
        (NaNGrads, "NaN"),
        (NoLog, "no method log"),
    ],
)
def test_broken_classes_get_a_verdict_not_a_traceback(engine, words):
    v = bt.check_engine(engine)
    assert not v
    assert words in str(v)


def test_an_engine_that_hangs_is_stopped_at_the_time_limit():
    v = bt.check_engine(Hangs, time_limit=0.5)
    assert not v and "stopped after 0.5 s" in v.message


def test_one_operation_at_a_time():
    assert not bt.check_engine(MulSign, ops=["mul"])
    assert bt.check_engine(MulSign, ops=["add"])
    assert bt.check_engine(MulSign, ops=["tanh", "exp"])


def test_the_skeleton_says_which_step_is_missing():
    v = bt.check_engine(ValueSkeleton, ops=["mul"])
    assert not v and "adds nothing" in v.diagnosis and v.op == "mul"


def test_verdict_shows_expression_gradients_and_slip_as_text_and_html():
    v = bt.check_engine(bt.zoo.engine("overwrite"))
    text, page = str(v), v._repr_html_()
    for part in ("Overwrite(", ".backward()", "central diff", "Likely slip", "+="):
        assert part in text
    assert "<pre>" in page and "<table>" in page and "+=" in page


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(ops=["matmul"]), "ops="),
        (dict(n_graphs=0), "n_graphs"),
        (dict(time_limit=-1), "time_limit"),
    ],
)
def test_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        bt.check_engine(bt.Value, **kwargs)


def test_the_expressions_cover_every_operation_fan_out_and_reuse():
    seen, fan_out = set(), 0
    for prog, _ in zip(programs(0), range(200), strict=False):
        seen.update(s.op for s in prog.steps)
        names = [a for s in prog.steps for a in s.args if isinstance(a, str)]
        fan_out += len(names) != len(set(names))
    assert seen == set(OPS)
    assert fan_out >= 50


@pytest.mark.slow
def test_the_reference_passes_10000_graphs_and_agrees_with_central_differences():
    assert bt.check_engine(bt.Value, n_graphs=10_000, time_limit=300).n_checked == 10_000
    for prog, _ in zip(programs(1), range(500), strict=False):
        if len(prog.steps) < 100:
            assert reference_grads(prog) == pytest.approx(
                central_differences(prog), rel=1e-4, abs=1e-6
            )


def test_the_time_limit_also_works_outside_the_main_thread():
    # No timer signal there: the deadline falls back to a trace function.
    import threading

    out = []
    thread = threading.Thread(target=lambda: out.append(bt.check_engine(Hangs, time_limit=0.5)))
    thread.start()
    thread.join(timeout=30)
    assert out and not out[0] and "stopped after 0.5 s" in out[0].message
