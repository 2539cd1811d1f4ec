"""The cost on a 2-D slice of parameter space, with the trajectory: ``SliceModel``."""

from __future__ import annotations

import numpy as np

from ..landscape import loss_surface, random_plane, weight_plane
from .training import TrainingModel


class SliceModel:
    """The cost on a plane through the current parameters, with the trajectory on it.

    Parameters
    ----------
    training : TrainingModel
        Network, data and trajectory (``training.thetas``).
    mode : {"weights", "random"}
        Along two chosen weights, or along two random directions normalised per layer.
    first, second : str
        Parameter names for ``mode="weights"``.
    span : float
        Half-width of the plotted square (weight units, or multiples of the directions).
    resolution : int
        Grid points per side; the cost is ``resolution**2`` forward passes over the data
        (25: about 60 ms for 200 points and [2, 8, 8, 1]).
    seed : int
        Seed of the random directions.
    """

    def __init__(
        self,
        training: TrainingModel,
        mode: str = "random",
        first="W[0][0,0]",
        second="W[0][1,1]",
        span: float = 1.0,
        resolution: int = 41,
        seed: int = 0,
    ):
        self.training = training
        self.mode = mode
        self.first, self.second = first, second
        self.span = float(span)
        self.resolution = int(resolution)
        self.seed = int(seed)
        self.compute()

    def param_names(self) -> list:
        return self.training.net.param_labels()

    def set(self, **settings) -> None:
        """Change mode / first / second / span / seed and recompute."""
        for key, value in settings.items():
            if key not in ("mode", "first", "second", "span", "seed"):
                raise ValueError(f"unknown setting {key!r}")
            setattr(self, key, value)
        self.compute()

    def compute(self) -> None:
        """Recompute the plane, the cost on the grid and the projected trajectory."""
        if self.mode not in ("weights", "random"):
            raise ValueError(f"mode must be 'weights' or 'random', got {self.mode!r}")
        span = float(self.span)
        if not np.isfinite(span) or span <= 0:
            raise ValueError(f"the span must be a positive number, got {self.span}")
        net = self.training.net
        names = self.param_names()
        if self.mode == "weights":
            if self.first not in names:
                self.first = names[0]
            if self.second not in names or self.second == self.first:
                self.second = next(n for n in names if n != self.first)
            self.plane = weight_plane(net, self.first, self.second)
        else:
            self.plane = random_plane(net, np.random.default_rng(self.seed))
        self.path = self.plane.project(np.array(self.training.thetas))
        ox, oy = self.plane.offsets
        # Make sure the start of the trajectory is inside the picture.
        reach = np.max(np.abs(self.path - [ox, oy])) * 1.1 if len(self.path) else 0.0
        half = max(span, float(reach))
        self.alphas = np.linspace(-half, half, self.resolution)
        self.betas = np.linspace(-half, half, self.resolution)
        self.surface = loss_surface(
            net, self.plane, self.training.X, self.training.Y, self.alphas, self.betas
        )
        self.extent = (ox - half, ox + half, oy - half, oy + half)
        self.current = (ox, oy)

    @property
    def axis_labels(self) -> tuple:
        if self.mode == "weights":
            return self.first, self.second
        return "direction 1 (per-layer normalised)", "direction 2"


# ---------------------------------------------------------------------------
# Vanishing-gradient meter
# ---------------------------------------------------------------------------
