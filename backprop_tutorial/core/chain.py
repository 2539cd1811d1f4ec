"""The simplest network of notebook 1, built on the scalar graph.

``x -> p0 = w0*x -> x1 = sigma(p0) -> p1 = w1*x1 -> y_hat = sigma(p1) -> J(y_hat, y)``

:class:`ChainNetwork` exposes the graph (for the stepper), each chain-rule factor
of ``dJ/dw0`` and ``dJ/dw1`` as data (for the chain-rule panel), the loss landscape
``J(w0, w1)`` vectorised over a grid, and gradient descent on ``(w0, w1)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import checks
from . import graph as g

# The unchecked versions: the inputs are checked here, and w0 x may overflow to +-inf.
from .activations import _sigmoid as sigmoid
from .activations import _sigmoid_prime as sigmoid_prime


@dataclass(frozen=True)
class Factor:
    """One factor of a chain-rule product.

    Attributes
    ----------
    name : str
        Symbolic name: ``"∂p1/∂x1"`` for a local derivative (one operation with respect
        to one operand, ∂), ``"dJ/dp1"`` for a node's full gradient (d).
    formula : str
        What it equals symbolically, e.g. ``"w1"`` or ``"σ'(p0)"``.
    value : float
        Its number at the current parameters.
    node : str
        Name of the graph node whose backward step makes it known.
    step : int
        Number of steps (forward + backward) after which the stepper knows it.
    shared : bool
        True for the factor that both expansions reuse (``dJ/dp1``).
    """

    name: str
    formula: str
    value: float
    node: str
    step: int
    shared: bool = False


@dataclass(frozen=True)
class Expansion:
    """``dJ/d<target> = product of factors``, with its value."""

    target: str
    factors: tuple
    value: float

    @property
    def name(self) -> str:
        return f"dJ/d{self.target}"

    def render(self, known_after: int | None = None, fmt: str = ".3g") -> str:
        """Text such as ``dJ/dw1 = ∂p1/∂w1 · dJ/dp1 = 0.62 × 0.11 = 0.068``.

        Factors not known after ``known_after`` steps (and the result) show "—".
        """

        def num(f):
            known = known_after is None or known_after >= f.step
            return f"{f.value:{fmt}}" if known else "—"

        symbols = " · ".join(f.name for f in self.factors)
        numbers = " × ".join(num(f) for f in self.factors)
        done = known_after is None or all(known_after >= f.step for f in self.factors)
        result = f"{self.value:{fmt}}" if done else "—"
        return f"{self.name} = {symbols} = {numbers} = {result}"


_PARAMS = ("x", "y", "w0", "w1", "b0", "b1")


def _grid(name: str, value) -> np.ndarray:
    # Weights on a grid: real and finite; the caller bounds the broadcast size.
    return checks.array(name, value)


def _broadcast_size(w0, w1) -> tuple:
    try:
        shape = np.broadcast_shapes(w0.shape, w1.shape)
    except ValueError:
        raise ValueError(
            f"w0 and w1 have shapes {w0.shape} and {w1.shape}, which do not broadcast: "
            "use np.meshgrid(w0s, w1s)"
        ) from None
    checks.budget(
        f"the grid of w0 and w1 (shape {shape}, points)",
        int(np.prod(shape, dtype=object)),
        checks.MAX_GRID_POINTS,
        "use fewer grid points",
    )
    return shape


@dataclass
class ChainNetwork:
    """One input, two single-neuron sigmoid layers, the quadratic cost.

    Parameters
    ----------
    x, y : float
        Input and target, held fixed while we differentiate.
    w0, w1 : float
        The two weights.
    b0, b1 : float
        Biases, used only when ``biases`` is True.
    biases : bool
        Off by default: the simplest case has no biases.

    Notes
    -----
    The cost is ``J = 1/2 (y_hat - y)^2``.  Node names follow the notebook:
    ``x, w0, p0, x1, w1, p1, y_hat, y, J`` (and ``b0, b1`` with biases).
    """

    x: float = 1.0
    y: float = 0.0
    w0: float = 0.5
    w1: float = -1.0
    b0: float = 0.0
    b1: float = 0.0
    biases: bool = False

    def __post_init__(self):
        self._trace = None

    # -- graph ---------------------------------------------------------------
    def with_params(self, **changes) -> ChainNetwork:
        """A copy with some of x, y, w0, w1, b0, b1 changed."""
        unknown = set(changes) - set(_PARAMS) - {"biases"}
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {list(_PARAMS)}")
        # replace() builds a new network through __setattr__, which checks every value.
        return replace(self, **changes)

    @property
    def trace(self) -> g.Trace:
        """The recorded graph with forward and backward steps (built lazily, cached)."""
        if self._trace is None:
            self._trace = g.trace(self._build())
        return self._trace

    def _build(self) -> g.Node:
        x = g.leaf("x", self.x)
        w0, w1 = g.param("w0", self.w0), g.param("w1", self.w1)
        y = g.leaf("y", self.y)
        if self.biases:
            p0 = g.add(g.mul(w0, x, name="w0·x"), g.param("b0", self.b0), name="p0")
        else:
            p0 = g.mul(w0, x, name="p0")
        x1 = g.sigmoid(p0, name="x1")
        if self.biases:
            p1 = g.add(g.mul(w1, x1, name="w1·x1"), g.param("b1", self.b1), name="p1")
        else:
            p1 = g.mul(w1, x1, name="p1")
        y_hat = g.sigmoid(p1, name="y_hat")
        return g.quadratic_cost([y_hat], [y], name="J")

    def __setattr__(self, name, value):
        # Every assignment (the dataclass __init__ too) is checked here, and any parameter
        # change invalidates the cached graph.
        if name in _PARAMS:
            if isinstance(value, (bool, np.bool_)):
                value = float(value)  # True/False as 1/0, as numpy would
            value = checks.number(name, value)
        elif name == "biases":
            if not isinstance(value, (bool, np.bool_)):
                raise checks.KindError(f"biases must be True or False, got {checks.show(value)}")
            value = bool(value)
        if name in _PARAMS or name == "biases":
            object.__setattr__(self, "_trace", None)
        object.__setattr__(self, name, value)

    # -- values --------------------------------------------------------------
    def values(self) -> dict:
        """Forward values by node name."""
        return {n.name: n.value for n in self.trace.nodes}

    @property
    def loss(self) -> float:
        return self.trace.output.value

    @property
    def y_hat(self) -> float:
        return self.trace["y_hat"].value

    def gradient(self) -> np.ndarray:
        """``(dJ/dw0, dJ/dw1)`` from the backward pass, shape ``(2,)``."""
        t = self.trace
        return np.array([t.grad("w0"), t.grad("w1")])

    def closed_form_gradient(self) -> np.ndarray:
        """The same gradient from the formulas written out (for checks and exercises)."""
        return np.array(self._closed_form(self.w0, self.w1)[1:])

    def _closed_form(self, w0, w1, gradient: bool = True) -> tuple:
        """``(J, dJ/dw0, dJ/dw1)`` written out by hand, for floats or arrays of weights.

        The one place the chain's formulas are written (the graph computes the same
        numbers node by node)::

            p0 = w0 x + b0,  x1 = σ(p0),  p1 = w1 x1 + b1,  ŷ = σ(p1),  J = ½ (ŷ − y)²
            dJ/dp1 = (ŷ − y) σ'(p1),  dJ/dw1 = x1 dJ/dp1,  dJ/dw0 = x σ'(p0) w1 dJ/dp1

        ``gradient=False`` skips the second line (the two derivatives are None).
        """
        b0, b1 = (self.b0, self.b1) if self.biases else (0.0, 0.0)
        x1 = sigmoid(w0 * self.x + b0)
        y_hat = sigmoid(w1 * x1 + b1)
        J = 0.5 * (y_hat - self.y) ** 2
        if not gradient:
            return J, None, None
        # Every intermediate of a grid is a grid-sized array: the ones only the gradient
        # needs are formed here, so that J alone keeps fewer alive (a third faster).
        p0, p1 = w0 * self.x + b0, w1 * x1 + b1
        dJ_dp1 = (y_hat - self.y) * sigmoid_prime(p1)
        return J, self.x * sigmoid_prime(p0) * w1 * dJ_dp1, x1 * dJ_dp1

    # -- chain-rule factors --------------------------------------------------
    def _known_at(self) -> dict:
        """Steps after which each node's gradient is final."""
        t = self.trace
        nf = len(t.forward_steps)
        return {s.node.name: nf + i + 1 for i, s in enumerate(t.backward_steps) if s.complete}

    def chain_rule(self) -> dict:
        """The expansions of ``dJ/dw0`` and ``dJ/dw1`` as data.

        Returns
        -------
        dict
            ``{"w0": Expansion, "w1": Expansion}``.  ``dJ/dw0 = ∂p0/∂w0 · ∂x1/∂p0 ·
            ∂p1/∂x1 · dJ/dp1`` and ``dJ/dw1 = ∂p1/∂w1 · dJ/dp1``; the factor
            ``dJ/dp1`` is the same object in both (``shared=True``).
        """
        t = self.trace
        at = self._known_at()
        p0, x1, p1 = t["p0"], t["x1"], t["p1"]
        shared = Factor("dJ/dp1", "(ŷ − y)·σ'(p1)", t.grad("p1"), "p1", at["p1"], True)

        def local(child, parent):
            slot = [p.name for p in child.parents].index(parent)
            return child.local_grads[slot], child.local_names[slot]

        v, f = local(p0 if not self.biases else t["w0·x"], "w0")
        d_p0_w0 = Factor("∂p0/∂w0", "x", v, "w0", at["w0"])
        v, _ = local(x1, "p0")
        d_x1_p0 = Factor("∂x1/∂p0", "σ'(p0)", v, "p0", at["p0"])
        v, _ = local(p1 if not self.biases else t["w1·x1"], "x1")
        d_p1_x1 = Factor("∂p1/∂x1", "w1", v, "x1", at["x1"])
        v, _ = local(p1 if not self.biases else t["w1·x1"], "w1")
        d_p1_w1 = Factor("∂p1/∂w1", "x1", v, "w1", at["w1"])
        return {
            "w0": Expansion("w0", (d_p0_w0, d_x1_p0, d_p1_x1, shared), t.grad("w0")),
            "w1": Expansion("w1", (d_p1_w1, shared), t.grad("w1")),
        }

    @property
    def shared_factor(self) -> str:
        """Name of the factor both expansions reuse."""
        return "dJ/dp1"

    # -- landscape and descent -----------------------------------------------
    def loss_on_grid(self, w0, w1) -> np.ndarray:
        """``J(w0, w1)`` for the current x, y (and biases), vectorised.

        Parameters
        ----------
        w0, w1 : array_like, broadcastable
            E.g. ``np.meshgrid(w0s, w1s)``.

        Returns
        -------
        ndarray, the broadcast shape of ``w0`` and ``w1``.

        Raises
        ------
        ValueError
            NaN, infinite or non-real weights, shapes that do not broadcast, more than
            ``checks.MAX_GRID_POINTS`` points, or a cost that overflows (``|y|`` above
            about 1e154).
        """
        w0, w1 = _grid("w0", w0), _grid("w1", w1)
        _broadcast_size(w0, w1)
        # w0 x can overflow to +-inf for weights near 1e308; sigmoid(+-inf) is exact (0 or
        # 1), so the overflow is silenced and only a non-finite cost is an error.
        with np.errstate(over="ignore", invalid="ignore"):
            J = self._closed_form(w0, w1, gradient=False)[0]
        if not np.isfinite(J).all():
            raise ValueError(
                f"the cost overflows on this grid (y = {self.y:g}): use |y| below 1e154"
            )
        return J

    def gradient_on_grid(self, w0, w1) -> tuple:
        """``(dJ/dw0, dJ/dw1)`` on a grid, vectorised (for arrow fields).

        Checked like :meth:`loss_on_grid`.
        """
        w0, w1 = _grid("w0", w0), _grid("w1", w1)
        _broadcast_size(w0, w1)
        with np.errstate(over="ignore", invalid="ignore"):
            _, d0, d1 = self._closed_form(w0, w1)
        if not (np.isfinite(d0).all() and np.isfinite(d1).all()):
            raise ValueError(
                "the gradient overflows on this grid: use smaller x, y or weights (below 1e150)"
            )
        return d0, d1

    def descend(self, learning_rate: float, steps: int = 1) -> np.ndarray:
        """Take gradient-descent steps on (w0, w1) in place.

        Parameters
        ----------
        learning_rate : float
            α > 0 in ``w <- w - α dJ/dw``.
        steps : int
            ``0 <= steps <=`` :data:`MAX_DESCENT_STEPS` (a bound, so that a typo cannot
            run for minutes).

        Returns
        -------
        ndarray, shape ``(steps + 1, 3)``
            Rows ``(w0, w1, J)`` from the start point to the end point.

        Raises
        ------
        ValueError
            ``learning_rate`` not a positive finite number, or ``steps`` not an integer
            from 0 to ``checks.MAX_STEPS`` (10,000).
        """
        try:
            learning_rate = checks.number("learning_rate", learning_rate, positive=True)
        except ValueError:  # NaN and infinity included: a rate is a positive step size
            shown = learning_rate if isinstance(learning_rate, float) else type(learning_rate)
            raise ValueError(f"learning_rate must be a positive number, got {shown}") from None
        steps = _checked_steps(steps)
        w0, w1 = self.w0, self.w1
        path = np.empty((steps + 1, 3))
        # The closed form, step by step in plain floats: the same numbers as the graph
        # (tests check it) at a fraction of the cost of recording a trace per step.
        for i in range(steps + 1):
            J, d0, d1 = self._closed_form(w0, w1)
            path[i] = (w0, w1, J)
            w0, w1 = w0 - learning_rate * d0, w1 - learning_rate * d1
        self.w0, self.w1 = path[-1, 0], path[-1, 1]
        return path


MAX_DESCENT_STEPS = 100_000


def _checked_steps(steps) -> int:
    # One vocabulary: the same words as every bounded integer of the package.
    return checks.integer("steps", steps, 0, MAX_DESCENT_STEPS, whole_floats=True)


def fan_out_example(kind: str = "square", value: float = 3.0) -> g.Trace:
    """A tiny graph where one node feeds two operand slots.

    Parameters
    ----------
    kind : {"square", "shared_weight"}
        ``"square"``: ``J = x * x`` (x used twice by one node), so ``dJ/dx = 2x``.
        ``"shared_weight"``: ``J = w*u + w*v`` (one weight used by two products),
        so ``dJ/dw = u + v``.
    value : float
        Value of x (or w).
    """
    if kind == "square":
        x = g.param("x", value)
        return g.trace(g.mul(x, x, name="J"))
    if kind == "shared_weight":
        w = g.param("w", value)
        u, v = g.leaf("u", 2.0), g.leaf("v", -0.5)
        return g.trace(g.add(g.mul(w, u, name="p"), g.mul(w, v, name="q"), name="J"))
    raise ValueError(
        f"unknown fan-out example {checks.show(kind)}: use 'square' or 'shared_weight'"
    )
