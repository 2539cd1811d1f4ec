"""Model of the "your own function" app: a typed expression, its values, and a pass to step.

The state is the text, one value per name, the mode (the backward pass, or forward
mode for one input) and the step ``k``.  :meth:`ExpressionModel.set` checks everything
and builds the new graph before changing anything, so a refused change (bad syntax, a
division by zero at these values, a graph too big to draw) leaves the model, and the
picture, as they were.
"""

from __future__ import annotations

from ...core import checks
from ...core.expression import expression_names, parse_expression
from ...core.tangents import forward_mode as forward_mode_pass
from ...ui.model import Check, Integer, Model
from ..chain_modes.model import TangentStepperModel
from ..graph_stepper.model import GraphStepperModel

COLAH = "(a + b) * (b + 1)"  # Colah's "Calculus on computational graphs", a = 2, b = 1
COLAH_VALUES = {"a": 2.0, "b": 1.0}
NEW_NAME_VALUE = 1.0  # the value a newly typed name starts with
MAX_DRAWN_NODES = 40  # beyond this the boxes get too small to read on a laptop
BACKWARD = "backward"


def forward_mode(name: str) -> str:
    """The mode value of forward mode seeded at input ``name``."""
    return f"d/d{name}"


class ExpressionModel(Model):
    """A typed expression stepped backward or in forward mode.

    Parameters
    ----------
    text : str
        The expression (see :func:`backprop_tutorial.core.expression.parse_expression`).
    mode : str
        ``"backward"`` or ``forward_mode(name)`` (``"d/da"``) for an input of the text.
    k : int
        The step of the chosen pass.
    **values : float
        A value per name; a name without one starts at 1.  Colah's example, with no
        values given, starts at a = 2, b = 1.
    """

    # Each value is checked for its kind here; what depends on the others (the names of a
    # new text, the steps of a new pass) is checked in _apply before anything changes.
    PARAMS = {
        "text": Check("_check_text"),
        "values": Check("_check_values"),
        "mode": Check("_check_mode"),
        "k": Integer(0, None),
    }

    def __init__(self, text: str = COLAH, mode: str = BACKWARD, k: int = 0, **values):
        if not values and text == COLAH:
            values = dict(COLAH_VALUES)
        self._p = {"text": "", "values": {}, "mode": BACKWARD, "k": 0}
        self.set(text=text, values=values, mode=mode, k=k)

    # -- the protocol --------------------------------------------------------------
    def _value(self, name: str):
        return dict(self._p[name]) if name == "values" else self._p[name]

    def param_options(self) -> dict:
        """Choices of the mode control: the backward pass, then forward mode per input."""
        return {"mode": self.modes()}

    def modes(self) -> list:
        """``(label, mode)`` pairs for the current text."""
        seeds = [(f"forward mode for {n}", forward_mode(n)) for n in self.names]
        return [("backward pass (reverse mode)", BACKWARD), *seeds]

    @staticmethod
    def _check_text(text) -> str:
        if not isinstance(text, str):
            raise ValueError(f"text must be a string such as {COLAH!r}, got {checks.show(text)}")
        return text

    @staticmethod
    def _check_values(values) -> dict:
        if not isinstance(values, dict):
            raise ValueError(f"values must be a dict such as {{'a': 2.0}}, got {values!r}")
        return values

    @staticmethod
    def _check_mode(mode) -> str:
        if not isinstance(mode, str):
            raise ValueError(f"mode must be 'backward' or 'd/d<name>', got {checks.show(mode)}")
        return mode

    def _apply(self, changes: dict) -> None:
        """Build the new graph and pass from the changes, then assign (atomic)."""
        if set(changes) == {"k"}:  # only the step moves: no new graph
            k = checks.integer("k", changes["k"], 0, self.stepper.n_steps)
            self.stepper.set_step(k)
            self._p["k"] = k
            return
        text = changes.get("text", self._p["text"])
        names = expression_names(text)
        values = self._values(names, changes.get("values", {}))
        trace = parse_expression(text, **values)
        checks.budget(
            "the graph to draw (nodes)",
            len(trace.nodes),
            MAX_DRAWN_NODES,
            "type a shorter expression (bt.expression_gradients computes up to 500 nodes)",
        )
        mode = self._mode(changes, names)
        stepper = (
            GraphStepperModel(trace)
            if mode == BACKWARD
            else TangentStepperModel(forward_mode_pass(trace, mode[len("d/d") :]))
        )
        if "k" in changes:
            k = checks.integer("k", changes["k"], 0, stepper.n_steps)
        else:  # the same step of the new pass (the start, after a mode change)
            k = 0 if "mode" in changes else min(self._p["k"], stepper.n_steps)
        stepper.set_step(k)
        self._p = {"text": text.strip(), "values": values, "mode": mode, "k": k}
        self.names, self.trace, self.stepper = names, trace, stepper

    def _values(self, names: list, given) -> dict:
        if not isinstance(given, dict):
            raise ValueError(f"values must be a dict such as {{'a': 2.0}}, got {given!r}")
        extra = [n for n in given if n not in names]
        if extra:
            raise ValueError(
                f"values given for {', '.join(map(str, extra))}, which the expression does "
                f"not use (it uses {', '.join(names) or 'no names'})"
            )
        old = self._p["values"]
        values = {n: given.get(n, old.get(n, NEW_NAME_VALUE)) for n in names}
        return {n: checks.number(f"the value of {n}", v) for n, v in values.items()}

    def _mode(self, changes: dict, names: list) -> str:
        mode = changes.get("mode", self._p["mode"])
        allowed = [BACKWARD] + [forward_mode(n) for n in names]
        if mode in allowed:
            return mode
        if "mode" not in changes:  # the seeded input was typed away
            return BACKWARD
        raise ValueError(f"mode must be one of {allowed}, got {checks.show(mode)}")

    # -- what the app shows ----------------------------------------------------------
    @property
    def text(self) -> str:
        return self._p["text"]

    @property
    def mode(self) -> str:
        return self._p["mode"]

    @property
    def k(self) -> int:
        return self._p["k"]

    @property
    def value(self) -> float:
        return self.trace.output.value

    def gradients(self) -> dict:
        """Name -> d(output)/d(name), from the backward pass."""
        return {n: self.trace.grad(n) for n in self.names}

    def formulas(self) -> list:
        """``"c = a + b"`` for every operation, in the order the forward pass computes them."""
        return [f"{n.name} = {n.formula}" for n in self.trace.nodes if not n.is_leaf]
