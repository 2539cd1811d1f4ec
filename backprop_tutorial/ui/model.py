"""The base of every app model: a table of parameters gives ``params()`` and ``set()``.

An app model declares its parameters once, as a table ``PARAMS`` of name -> how the
value is checked (:class:`Integer`, :class:`Number`, :class:`Choice`, :class:`Seed`,
:class:`Check`), with the limits beside it.  :class:`Model` turns the table into

- ``params()``: the current value of every parameter in the table (what a control shows);
- ``set(**changes)``: every change checked first (an unknown name, a value of the wrong
  kind or out of range raises a ValueError naming the parameter, the value and what is
  allowed), then applied by ``_apply`` in one go, so a refused change leaves the model
  exactly as it was.

A model whose change means more than new attributes (a new trace, a recomputed
surface) overrides ``_apply(values)``: compute everything from ``values`` first, then
assign.  :class:`ReplayModel`, the step of a recorded pass, is the steppers' model.

The checks themselves are :mod:`backprop_tutorial.core.checks` (one vocabulary, one
table of limits).  numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import checks


def _resolve(bound, model):
    """A limit as given (a number or None), read from the model (an attribute name), or
    computed from it (a function of the model)."""
    if isinstance(bound, str):
        return getattr(model, bound)
    if callable(bound):
        return bound(model)
    return bound


class Param:
    """How one parameter is checked: ``check(model, name, value)`` returns the value to
    keep or raises ValueError."""

    def check(self, model, name: str, value):
        raise NotImplementedError


@dataclass(frozen=True)
class Integer(Param):
    """An int in ``[lo, hi]`` (an integral float such as 3.0 is taken as 3).  A limit may
    be an attribute name of the model or a function of it (``hi="n_steps"``)."""

    lo: object = None
    hi: object = None

    def check(self, model, name, value) -> int:
        lo, hi = _resolve(self.lo, model), _resolve(self.hi, model)
        return checks.integer(name, value, lo, hi, whole_floats=True)


@dataclass(frozen=True)
class Number(Param):
    """A finite float in ``[lo, hi]``; ``positive`` excludes 0."""

    lo: float | None = None
    hi: float | None = None
    positive: bool = False

    def check(self, model, name, value) -> float:
        return checks.number(name, value, self.lo, self.hi, positive=self.positive)


@dataclass(frozen=True)
class Choice(Param):
    """One of ``options`` (or of the model's attribute of that name)."""

    options: object

    def check(self, model, name, value):
        return checks.choice(name, value, _resolve(self.options, model))


@dataclass(frozen=True)
class Seed(Param):
    """A seed, ``0..MAX_SEED``."""

    def check(self, model, name, value) -> int:
        return checks.seed(name, value)


@dataclass(frozen=True)
class Check(Param):
    """A parameter checked by the model's own method ``method(value)`` (layer sizes typed
    as text, a weight's label, 64 pixels): it returns the value to keep or raises a
    ValueError (prefixed with the parameter's name when its message does not say it)."""

    method: str

    def check(self, model, name, value):
        try:
            return getattr(model, self.method)(value)
        except ValueError as error:
            if name in str(error):
                raise
            raise ValueError(f"{name}: {error}") from None


class Model:
    """Parameters from a table: ``params()`` and an atomic ``set(**changes)``.

    Subclasses set ``PARAMS`` (name -> :class:`Param`), keep each value where
    ``_value(name)`` finds it (by default the attribute of that name) and override
    ``_apply(values)`` when a change must recompute something.
    """

    PARAMS: dict = {}

    def params(self) -> dict:
        """The value of every parameter of the table."""
        return {name: self._value(name) for name in self.PARAMS}

    def _value(self, name: str):
        return getattr(self, name)

    def set(self, **changes) -> None:
        """Change parameters: all checked first, then applied together.

        Raises
        ------
        ValueError
            An unknown name (the message lists the known ones), or a value of the wrong
            kind or out of range (the message names the parameter, the value and the
            allowed range); the model is then unchanged.
        """
        self._apply(self.checked(changes))

    def checked(self, changes: dict) -> dict:
        """``changes`` validated against the table (in the table's order); nothing changes."""
        checks.known(changes, tuple(self.PARAMS))
        return {
            name: spec.check(self, name, changes[name])
            for name, spec in self.PARAMS.items()
            if name in changes
        }

    def _apply(self, values: dict) -> None:
        """Take checked values; the default keeps each as the attribute of its name."""
        for name, value in values.items():
            setattr(self, name, value)


class ReplayModel(Model):
    """The current step of a recorded pass: what every stepper model shares.

    Subclasses keep the pass in ``self._source``: any object with ``n_steps`` and
    ``state(k)`` (a :class:`~backprop_tutorial.core.graph.Trace`, a forward-mode pass).
    The one parameter is ``step``, ``0..n_steps``.
    """

    PARAMS = {"step": Integer(0, "n_steps")}
    _source = None

    def _value(self, name: str) -> int:
        return self._k

    def _apply(self, values: dict) -> None:
        k = values.get("step", self._k)
        if k != self._k or self._state is None:
            state = self._source.state(k)
            self._k, self._state = k, state

    @property
    def k(self) -> int:
        return self._k

    @property
    def n_steps(self) -> int:
        return self._source.n_steps

    @property
    def play_range(self) -> tuple:
        """``(min, max)`` of the step slider."""
        return 0, self.n_steps

    def set_step(self, k) -> None:
        """Go to step ``k`` (``set(step=k)``); a bad ``k`` leaves the step where it was."""
        self.set(step=k)

    def _switch(self, source, nodes, k) -> None:
        """Show another pass, keeping the step (clipped) unless ``k`` is given; the new
        state is computed before anything changes, so a bad ``k`` changes nothing."""
        if k is None:
            k = min(self._k, source.n_steps)
        k = checks.integer("step", k, 0, source.n_steps, whole_floats=True)
        state = source.state(k)
        self._source = source
        self._by_name = {n.name: n for n in nodes}
        self._k, self._state = k, state

    @property
    def state(self):
        """The replayed state after ``k`` steps (values, gradients or tangents)."""
        return self._state

    @property
    def step(self):
        """The step just taken (None at k = 0)."""
        return self._state.step

    @property
    def phase(self) -> str:
        return self._state.phase

    @property
    def active(self) -> str | None:
        """Name of the node the current step computed (or added to)."""
        return self._state.active


__all__ = ["Check", "Choice", "Integer", "Model", "Number", "Param", "ReplayModel", "Seed"]
