"""Model of notebook 1's loss-landscape app: J(w0, w1) on a grid, the point, the descent.

The landscape is the cost of the chain network as a function of its two weights, with
the example (x, y) held fixed.  The grid is recomputed only when x or y change; a
descent step only moves the point and extends the path.  The map is the world: a step
that would leave it (|w0| or |w1| > 6) is not taken, and the model says so.
"""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...core.chain import ChainNetwork
from ...ui.chain_params import RANGES, chain_params
from ...ui.model import Model
from ...ui.style import fmt

EXTENT = (*RANGES["w0"][:2], *RANGES["w1"][:2])  # (w0_min, w0_max, w1_min, w1_max)
MAX_GRID = 401  # points per axis: 161,000 values, ~2 MB sent to the browser at most
MAX_RUN = 10_000  # descent steps per button press


class LandscapeModel(Model):
    """State of the loss-landscape app.

    Parameters
    ----------
    x, y : float
        Input and target; the landscape is ``J(w0, w1)`` for these fixed values.
    w0, w1 : float
        Starting point.
    learning_rate : float
        α of the descent steps ``w <- w - α ∇J``.
    n : int
        Grid points per axis, ``2 <= n <=`` :data:`MAX_GRID`.
    """

    max_path = 5000  # points kept in the path (and the loss curve)
    PARAMS = chain_params("x", "y", "w0", "w1", "learning_rate")

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, learning_rate=5.0, n=61):
        values = self.checked(dict(x=x, y=y, w0=w0, w1=w1, learning_rate=learning_rate))
        if isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > MAX_GRID:
            raise ValueError(
                f"grid = {fmt(int(n), 'd')} points per axis would need {fmt(int(n) ** 2, ',')} "
                f"values ({fmt(8 * int(n) ** 2 / 1e9, '.3g')} GB per array): use at most "
                f"{MAX_GRID}"
            )
        self.n = checks.integer("grid", n, 2, MAX_GRID, whole_floats=True)
        self.learning_rate = values.pop("learning_rate")
        self.network = ChainNetwork(**values)
        self.extent = EXTENT
        self._grid_key = None
        self._grid = None
        self._scale_key = None
        self._start = (self.network.w0, self.network.w1)
        self._path = [self._point()]
        self.stopped = ""  # why the last run stopped early ("" when it did not)

    # -- parameters ------------------------------------------------------------
    def _value(self, name: str):
        return self.learning_rate if name == "learning_rate" else getattr(self.network, name)

    def _apply(self, values: dict) -> None:
        """Moving x, y, w0 or w1 by hand starts a new descent path at the new point
        (``reset`` returns there). A new learning rate goes back to the start of the
        path, so that paths of different rates start from the same point and can be
        compared."""
        values = dict(values)
        rate = values.pop("learning_rate", self.learning_rate)
        network = self.network.with_params(**values) if values else None
        new_rate = rate != self.learning_rate
        self.learning_rate = rate
        if network is not None:
            self.network = network
            self._start = (network.w0, network.w1)
            self._path = [self._point()]
            self.stopped = ""
        elif new_rate:
            self.reset()

    def _point(self) -> tuple:
        n = self.network
        return (n.w0, n.w1, n.loss)

    # -- landscape -------------------------------------------------------------
    def grid(self) -> tuple:
        """``(w0s, w1s, J)``: axes of shapes ``(n,)`` and the loss, shape ``(n, n)``
        indexed ``[i_w1, i_w0]`` (rows are w1).  Cached per (x, y)."""
        key = (self.network.x, self.network.y, self.n)
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

    def slopes(self) -> np.ndarray:
        """``|∇J|`` on the grid, shape ``(n, n)`` like :meth:`grid`."""
        w0s, w1s, _ = self.grid()
        W0, W1 = np.meshgrid(w0s, w1s)
        return np.hypot(*self.network.gradient_on_grid(W0, W1))

    @property
    def point(self) -> tuple:
        """Current ``(w0, w1, J)``."""
        return self._point()

    @property
    def gradient(self) -> np.ndarray:
        """``(dJ/dw0, dJ/dw1)`` at the current point, from backprop."""
        return self.network.gradient()

    def arrow(self) -> np.ndarray:
        """The negative gradient drawn to scale: the steepest slope on the map gets an
        arrow a quarter of the map's width.  Shape ``(2,)``."""
        key = self.grid_key
        if self._scale_key != key:
            biggest = float(np.max(self.slopes()))
            width = min(self.extent[1] - self.extent[0], self.extent[3] - self.extent[2])
            self._scale = 0.25 * width / max(biggest, 1e-12)
            self._scale_key = key
        return -self.gradient * self._scale

    # -- descent ---------------------------------------------------------------
    def step(self, n: int = 1) -> np.ndarray:
        """Take up to ``n`` gradient-descent steps (``1 <= n <=`` :data:`MAX_RUN`).

        A step that would leave the map is not taken: the run stops there and
        :attr:`stopped` says why.  Returns the new rows ``(w0, w1, J)``, shape ``(k, 3)``
        with ``k <= n``.
        """
        n = checks.integer("steps", n, 1, MAX_RUN, whole_floats=True)
        net = self.network.with_params()  # descend() works in place: keep ours unchanged
        rows = net.descend(self.learning_rate, n)[1:]
        lo0, hi0, lo1, hi1 = self.extent
        inside = (
            (rows[:, 0] >= lo0) & (rows[:, 0] <= hi0) & (rows[:, 1] >= lo1) & (rows[:, 1] <= hi1)
        )
        out = np.flatnonzero(~inside)
        self.stopped = ""
        if out.size:
            k = int(out[0])
            w0, w1 = rows[k, :2]
            self.stopped = (
                f"stopped after {k} of {n} steps: the next one, to (w0, w1) = "
                f"({w0:.3g}, {w1:.3g}), would leave the map"
            )
            rows = rows[:k]
        if len(rows):
            self.network = self.network.with_params(w0=float(rows[-1, 0]), w1=float(rows[-1, 1]))
            self._path.extend(map(tuple, rows))
            del self._path[: max(0, len(self._path) - self.max_path)]
        return rows

    def reset(self) -> None:
        """Back to the start of the current path, with an empty path."""
        self.network = self.network.with_params(w0=self._start[0], w1=self._start[1])
        self._path = [self._point()]
        self.stopped = ""

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

    def n_rises(self) -> int:
        """How many steps of the path raised J (the learning rate overshot)."""
        return int(np.sum(np.diff(self.losses) > 1e-15))

    def n_flips(self) -> int:
        """How many steps changed the sign of dJ/dw1's direction of travel (a zigzag)."""
        d = np.diff(self.path[:, 1])
        return int(np.sum(d[1:] * d[:-1] < 0))

    # -- what the prose claims -------------------------------------------------
    def plateau(self, cost_fraction: float = 0.5, margin: float = 1.0) -> dict:
        """The flattest point among the high-cost points of the map.

        A plateau is where the cost is still high but the ground is almost flat, so
        descent crawls.  Among grid points at least ``margin`` inside the map with
        ``J >= cost_fraction * max J``, the one with the smallest ``|∇J|``.

        Returns
        -------
        dict with ``w0, w1, J, slope`` (``|∇J|`` there) and ``steeper`` (the fraction of
        those high-cost points whose slope is larger).
        """
        w0s, w1s, J = self.grid()
        W0, W1 = np.meshgrid(w0s, w1s)
        G = self.slopes()
        lo0, hi0, lo1, hi1 = self.extent
        inner = (
            (W0 >= lo0 + margin)
            & (W0 <= hi0 - margin)
            & (W1 >= lo1 + margin)
            & (W1 <= hi1 - margin)
        )
        high = inner & (J >= cost_fraction * J.max())
        i = int(np.argmin(np.where(high, G, np.inf)))
        slope = float(G.flat[i])
        return {
            "w0": float(W0.flat[i]),
            "w1": float(W1.flat[i]),
            "J": float(J.flat[i]),
            "slope": slope,
            "steeper": float(np.mean(G[high] > slope)),
        }
