"""Model of notebook 1's main app: the chain stepped node by node, with its chain rule.

All the maths comes from :class:`backprop_tutorial.core.chain.ChainNetwork`; this class keeps
the app's state (parameters, current step) and turns the chain-rule expansions into
what the panel shows at the current step ("—" for what is not known yet).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import checks
from ...core.chain import ChainNetwork
from ...ui.chain_params import chain_params
from ...ui.model import Model
from ...ui.style import UNKNOWN, fmt
from ..graph_stepper.model import GraphStepperModel


@dataclass(frozen=True)
class FactorView:
    """One factor of a chain-rule product as the panel shows it.

    ``value`` is None while the stepper has not reached the step that makes it known.
    """

    name: str
    formula: str
    value: float | None
    shared: bool


@dataclass(frozen=True)
class ExpansionView:
    """``dJ/dw = product of factors``; ``value`` is None until every factor is known."""

    name: str
    factors: tuple
    value: float | None

    def text(self, spec: str = ".3g") -> str:
        symbols = " · ".join(f.name for f in self.factors)
        numbers = " × ".join(fmt(f.value, spec) for f in self.factors)
        return f"{self.name} = {symbols} = {numbers} = {fmt(self.value, spec)}"


class ChainStepperModel(Model):
    """State of the chain stepper app: parameters, current step, chain-rule panel data.

    Parameters
    ----------
    x, y : float
        Input and target (held fixed while differentiating).
    w0, w1 : float
        The weights.
    learning_rate : float
        α of the update ``w <- w - α dJ/dw`` shown at the end.
    k : int
        Initial step.

    Every value must lie in :data:`~backprop_tutorial.ui.chain_params.RANGES` (what
    the sliders can show); anything else raises ValueError.  A change recomputes the
    graph and keeps the step.
    """

    PARAMS = chain_params("x", "y", "w0", "w1", "learning_rate")

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, learning_rate=5.0, k=0):
        values = self.checked(dict(x=x, y=y, w0=w0, w1=w1, learning_rate=learning_rate))
        self.learning_rate = values.pop("learning_rate")
        self.network = ChainNetwork(**values)
        self.stepper = GraphStepperModel(self.network.trace)
        self.stepper.set_step(k)

    def _value(self, name: str):
        return self.learning_rate if name == "learning_rate" else getattr(self.network, name)

    def _apply(self, values: dict) -> None:
        rate = values.pop("learning_rate", self.learning_rate)
        network = self.network.with_params(**values) if values else self.network
        trace = network.trace  # built before anything is assigned
        self.learning_rate = rate
        if network is not self.network:
            self.network = network
            self.stepper.set_trace(trace)

    def set_step(self, k) -> None:
        self.stepper.set_step(k)

    @property
    def trace(self):
        return self.network.trace

    # -- chain-rule panel --------------------------------------------------------
    def expansions(self) -> list:
        """``[dJ/dw0, dJ/dw1]`` as :class:`ExpansionView`, with factors known so far."""
        k = self.stepper.k
        out = []
        for exp in self.network.chain_rule().values():
            factors = tuple(
                FactorView(f.name, f.formula, f.value if k >= f.step else None, f.shared)
                for f in exp.factors
            )
            done = all(f.value is not None for f in factors)
            out.append(ExpansionView(exp.name, factors, exp.value if done else None))
        return out

    def reuse_counts(self) -> dict:
        """Node name -> how many backward steps read its gradient (as upstream).

        Only nodes that carry a gradient; ``p1`` is read twice (for ``w1`` and ``x1``).
        """
        t = self.trace
        return {n.name: t.grad_reuse(n.name) for n in t.nodes if n.requires_grad}

    def update_texts(self) -> list:
        """The gradient-descent updates ``w <- w - α·dJ/dw`` in numbers ("—" until known)."""
        state, out = self.stepper.state, []
        a = fmt(self.learning_rate)
        for w in ("w0", "w1"):
            value = getattr(self.network, w)
            grad = state.grads[w] if w in state.complete else None
            text = f"{w} ← {w} − α·dJ/d{w} = {fmt(value)} − {a} × "
            if grad is None:
                out.append(text + UNKNOWN)
            else:
                out.append(text + f"({fmt(grad)}) = {fmt(value - self.learning_rate * grad)}")
        return out

    def gradient_check(self, eps: float = 1e-6):
        """Backprop against central differences (:func:`backprop_tutorial.check_chain`)."""
        from ...core.gradcheck import check_chain

        return check_chain(self.network, checks.number("eps", eps, 1e-12, 0.5))
