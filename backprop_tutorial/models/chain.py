"""Models of notebook 1's apps: the chain network stepped, its chain rule, its landscape.

All the maths comes from :class:`backprop_tutorial.chain.ChainNetwork` and
:mod:`backprop_tutorial.gradcheck`; these classes only keep the apps' state
(parameters, current step, descent path) and cache what is slow to recompute
(the landscape grid, recomputed only when x or y change).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..chain import ChainNetwork
from ..gradcheck import check_chain
from .stepper import UNKNOWN, StepperModel

PARAMS = ("x", "y", "w0", "w1", "lr")


def _number(name: str, value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _check_names(changes: dict) -> None:
    unknown = set(changes) - set(PARAMS)
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {list(PARAMS)}")


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
    """``dJ/dW = product of factors``; ``value`` is None until every factor is known."""

    name: str
    factors: tuple
    value: float | None

    def text(self, fmt: str = ".3g") -> str:
        symbols = " · ".join(f.name for f in self.factors)
        numbers = " × ".join(
            UNKNOWN if f.value is None else f"{f.value:{fmt}}" for f in self.factors
        )
        result = UNKNOWN if self.value is None else f"{self.value:{fmt}}"
        return f"{self.name} = {symbols} = {numbers} = {result}"


class ChainModel:
    """State of the chain stepper app: parameters, current step, chain-rule panel data.

    Parameters
    ----------
    x, y : float
        Input and target (held fixed while differentiating).
    w0, w1 : float
        The weights.
    lr : float
        Learning rate, for the update ``w <- w - lr * dJ/dw`` shown at the end.
    k : int
        Initial step.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, lr=5.0, k=0):
        self.lr = _number("lr", lr)
        self.network = ChainNetwork(x=x, y=y, w0=w0, w1=w1)
        self.stepper = StepperModel(self.network.trace, k)

    # -- parameters ------------------------------------------------------------
    def params(self) -> dict:
        n = self.network
        return {"x": n.x, "y": n.y, "w0": n.w0, "w1": n.w1, "lr": self.lr}

    def set(self, **changes) -> None:
        """Change any of x, y, w0, w1, lr; the graph is recomputed, the step kept."""
        _check_names(changes)
        values = {k: _number(k, v) for k, v in changes.items()}
        if "lr" in values:
            if values["lr"] <= 0:
                raise ValueError(f"lr must be positive, got {values['lr']}")
            self.lr = values.pop("lr")
        if values:
            self.network = self.network.with_params(**values)
            self.stepper.set_trace(self.network.trace)

    def set_step(self, k) -> None:
        self.stepper.set_step(k)

    @property
    def trace(self):
        return self.network.trace

    # -- chain-rule panel --------------------------------------------------------
    def expansions(self) -> list:
        """``[dJ/dW0, dJ/dW1]`` as :class:`ExpansionView`, with factors known so far."""
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
        """The gradient-descent updates ``w <- w - lr * dJ/dw`` in numbers ("—" until known)."""
        state, out = self.stepper.state, []
        for w in ("w0", "w1"):
            value = getattr(self.network, w)
            grad = state.grads[w] if w in state.complete else None
            if grad is None:
                out.append(f"{w} ← {w} − α·dJ/d{w} = {value:.3g} − {self.lr:.3g} × {UNKNOWN}")
            else:
                new = value - self.lr * grad
                out.append(
                    f"{w} ← {w} − α·dJ/d{w} = {value:.3g} − {self.lr:.3g} × ({grad:.3g})"
                    f" = {new:.3g}"
                )
        return out

    def gradient_check(self, eps: float = 1e-6):
        """Backprop against central differences (:func:`backprop_tutorial.check_chain`)."""
        eps = _number("eps", eps)
        if not 0 < eps < 1:
            raise ValueError(f"eps must be in (0, 1), got {eps}")
        return check_chain(self.network, eps)


class LandscapeModel:
    """State of the loss-landscape app: J(w0, w1) on a grid, the point, the descent path.

    Parameters
    ----------
    x, y : float
        Input and target; the landscape is ``J(w0, w1)`` for these fixed values.
    w0, w1 : float
        Starting point.
    lr : float
        Learning rate of the descent steps.
    extent : tuple of 4 floats
        ``(w0_min, w0_max, w1_min, w1_max)`` of the picture.
    n : int
        Grid points per axis (61 keeps the grid under a millisecond or two).
    """

    max_path = 5000  # points kept in the path (and the loss curve)

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, lr=5.0, extent=(-6, 6, -6, 6), n=61):
        self.network = ChainNetwork(x=x, y=y, w0=w0, w1=w1)
        self.lr = _number("lr", lr)
        if self.lr <= 0:
            raise ValueError(f"lr must be positive, got {self.lr}")
        extent = tuple(_number("extent", e) for e in extent)
        if len(extent) != 4 or extent[0] >= extent[1] or extent[2] >= extent[3]:
            raise ValueError("extent must be (w0_min, w0_max, w1_min, w1_max) with min < max")
        self.extent = extent
        if int(n) < 2:
            raise ValueError(f"n must be at least 2, got {n}")
        self.n = int(n)
        self._grid_key = None
        self._grid = None
        self._start = (self.network.w0, self.network.w1)
        self._path = [self._point()]

    # -- parameters ------------------------------------------------------------
    def params(self) -> dict:
        n = self.network
        return {"x": n.x, "y": n.y, "w0": n.w0, "w1": n.w1, "lr": self.lr}

    def set(self, **changes) -> None:
        """Change x, y, w0, w1 or lr.

        Moving x, y, w0 or w1 by hand starts a new descent path at the new point
        (``reset`` returns there); lr only affects the next steps.
        """
        _check_names(changes)
        values = {k: _number(k, v) for k, v in changes.items()}
        if "lr" in values:
            if values["lr"] <= 0:
                raise ValueError(f"lr must be positive, got {values['lr']}")
            self.lr = values.pop("lr")
        if values:
            self.network = self.network.with_params(**values)
            self._start = (self.network.w0, self.network.w1)
            self._path = [self._point()]

    def _point(self) -> tuple:
        n = self.network
        return (n.w0, n.w1, n.loss)

    # -- landscape -------------------------------------------------------------
    def grid(self) -> tuple:
        """``(w0s, w1s, J)``: axes of shapes ``(n,)`` and the loss, shape ``(n, n)``
        indexed ``[i_w1, i_w0]`` (rows are w1, as imshow wants).  Cached per (x, y)."""
        key = (self.network.x, self.network.y, self.extent, self.n)
        if key != self._grid_key:
            w0s = np.linspace(self.extent[0], self.extent[1], self.n)
            w1s = np.linspace(self.extent[2], self.extent[3], self.n)
            W0, W1 = np.meshgrid(w0s, w1s)
            self._grid = (w0s, w1s, self.network.loss_on_grid(W0, W1))
            self._grid_key = key
        return self._grid

    @property
    def grid_key(self):
        """Changes exactly when the grid must be redrawn."""
        self.grid()
        return self._grid_key

    @property
    def point(self) -> tuple:
        """Current ``(w0, w1, J)``."""
        return self._point()

    @property
    def gradient(self) -> np.ndarray:
        """``(dJ/dw0, dJ/dw1)`` at the current point, from backprop."""
        return self.network.gradient()

    def arrow(self) -> np.ndarray:
        """The negative gradient drawn to scale: the longest gradient on the grid is a
        quarter of the picture's width.  Shape ``(2,)``."""
        w0s, w1s, _ = self.grid()
        return -self.gradient * self._arrow_scale()

    def _arrow_scale(self) -> float:
        key = self.grid_key
        if getattr(self, "_scale_key", None) != key:
            w0s, w1s, _ = self._grid
            W0, W1 = np.meshgrid(w0s, w1s)
            g0, g1 = self.network.gradient_on_grid(W0, W1)
            biggest = float(np.max(np.hypot(g0, g1)))
            width = min(self.extent[1] - self.extent[0], self.extent[3] - self.extent[2])
            self._scale = 0.25 * width / max(biggest, 1e-12)
            self._scale_key = key
        return self._scale

    # -- descent ---------------------------------------------------------------
    def step(self, n: int = 1) -> np.ndarray:
        """Take ``n`` gradient-descent steps from the current point; return the new rows
        ``(w0, w1, J)``, shape ``(n, 3)``."""
        n = int(n)
        if not 1 <= n <= 10_000:
            raise ValueError(f"take between 1 and 10000 steps at a time, got {n}")
        net = self.network.with_params()  # descend() works in place: keep ours immutable
        rows = net.descend(self.lr, n)[1:]
        self.network = net
        self._path.extend(map(tuple, rows))
        del self._path[: max(0, len(self._path) - self.max_path)]
        return rows

    def reset(self) -> None:
        """Back to the start of the current path, with an empty path."""
        self.network = self.network.with_params(w0=self._start[0], w1=self._start[1])
        self._path = [self._point()]

    @property
    def path(self) -> np.ndarray:
        """Visited points ``(w0, w1, J)`` from the start, shape ``(steps + 1, 3)``."""
        return np.array(self._path)

    @property
    def losses(self) -> np.ndarray:
        """The loss after each step (the loss curve), shape ``(steps + 1,)``."""
        return self.path[:, 2]

    @property
    def n_taken(self) -> int:
        return len(self._path) - 1
