"""Model of notebook 1's aside: a value used twice gets the sum of both contributions.

Two tiny graphs (:func:`backprop_tutorial.core.chain.fan_out_example`): ``J = x · x`` (one
node uses x in both operand slots) and ``J = w·u + w·v`` (one weight used by two
products).  The model holds which graph, the value of x (or w) and the step.
"""

from __future__ import annotations

from ...core.chain import fan_out_example
from ...ui.model import Choice, Model, Number
from ..graph_stepper.model import GraphStepperModel

KINDS = {
    "square": "J = x · x  (x used twice by one node)",
    "shared_weight": "J = w·u + w·v  (w used by two products)",
}
VALUE_RANGE = (-3.0, 3.0)


# Where the nodes go: x two columns before J, so the two arcs of x·x have room to part.
class FanOutModel(Model):
    """Which fan-out graph, the value of its shared leaf, and the stepper over it.

    Parameters
    ----------
    kind : {"square", "shared_weight"}
    value : float
        x (or w), in ``[-3, 3]``.
    k : int
        Initial step; a new graph keeps the step (clipped to its length).
    """

    PARAMS = {"kind": Choice(tuple(KINDS)), "value": Number(*VALUE_RANGE)}

    def __init__(self, kind: str = "square", value: float = 3.0, k: int = 0):
        values = self.checked(dict(kind=kind, value=value))
        self.kind, self.value = values["kind"], values["value"]
        self.stepper = GraphStepperModel(fan_out_example(self.kind, self.value), k)

    def _apply(self, values: dict) -> None:
        new = self.params() | values
        trace = fan_out_example(new["kind"], new["value"])
        self.stepper.set_trace(trace)  # validates before changing anything
        self.kind, self.value = new["kind"], new["value"]

    @property
    def trace(self):
        return self.stepper.trace

    def gradient(self) -> float:
        """dJ/dx (or dJ/dw): the sum of the contributions, 2x (or u + v)."""
        return self.trace.grad("x" if self.kind == "square" else "w")
