"""Model of notebook 1's aside: a value used twice gets the sum of both contributions.

Two tiny graphs (:func:`backprop_tutorial.core.chain.fan_out_example`): ``J = x · x`` (one
node uses x in both operand slots) and ``J = w·u + w·v`` (one weight used by two
products).  The model holds which graph, the value of x (or w) and the step.
"""

from __future__ import annotations

from ...core.chain import fan_out_example
from ...ui.chain_params import check_names, in_range
from ..graph_stepper.model import GraphStepperModel

KINDS = {
    "square": "J = x · x  (x used twice by one node)",
    "shared_weight": "J = w·u + w·v  (w used by two products)",
}
VALUE_RANGE = (-3.0, 3.0)
# Where the nodes go: x two columns before J, so the two arcs of x·x have room to part.
POSITIONS = {"square": {"x": (0.0, 0.0), "J": (2.0, 0.0)}, "shared_weight": None}


class FanOutModel:
    """Which fan-out graph, the value of its shared leaf, and the stepper over it.

    Parameters
    ----------
    kind : {"square", "shared_weight"}
    value : float
        x (or w), in ``[-3, 3]``.
    k : int
        Initial step.
    """

    def __init__(self, kind: str = "square", value: float = 3.0, k: int = 0):
        kind, value = self._checked(kind=kind, value=value)
        self.kind, self.value = kind, value
        self.stepper = GraphStepperModel(fan_out_example(kind, value), k)

    @staticmethod
    def _checked(kind, value) -> tuple:
        if not isinstance(kind, str) or kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
        return kind, in_range("value", value, *VALUE_RANGE)

    def params(self) -> dict:
        return {"kind": self.kind, "value": self.value}

    def set(self, **changes) -> None:
        """Change ``kind`` and/or ``value``; the step is kept (clipped to the new graph)."""
        check_names(changes, ("kind", "value"))
        kind, value = self._checked(
            changes.get("kind", self.kind), changes.get("value", self.value)
        )
        trace = fan_out_example(kind, value)
        self.stepper.set_trace(trace)  # validates before changing anything
        self.kind, self.value = kind, value

    @property
    def trace(self):
        return self.stepper.trace

    @property
    def positions(self):
        """Node positions for the picture (None: the automatic layout)."""
        return POSITIONS[self.kind]

    def gradient(self) -> float:
        """dJ/dx (or dJ/dw): the sum of the contributions, 2x (or u + v)."""
        return self.trace.grad("x" if self.kind == "square" else "w")
