"""The cost on a 2-D slice of parameter space, with the trajectory: ``LandscapeSliceModel``."""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...core.landscape import batched_loss, loss_surface, path_plane, random_plane, weight_plane
from ...teaching.labels import parse_param_label
from ...ui.model import Check, Choice, Model, Number, Seed
from ..training.model import TrainingModel

MODES = ("path", "weights")
MAX_RESOLUTION = 101  # resolution**2 forward passes over the data per redraw
MAX_SPAN = 1e3


class LandscapeSliceModel(Model):
    """The cost on a plane in parameter space, with the training trajectory on it.

    Parameters
    ----------
    training : TrainingModel
        Network, data and trajectory (``training.thetas``).
    mode : {"path", "weights"}
        ``"path"``: the plane that holds the training path, along
        ``theta_now - theta_start`` (0 = start, 1 = now) and across it along a random
        direction normalised per neuron (Li et al. 2018), both axes in units of the
        displacement (:func:`~backprop_tutorial.core.landscape.path_plane`).
        ``"weights"``: along two chosen parameters, all others held at their values now.
    first, second : str, optional
        Parameter labels for ``mode="weights"`` (two different ones); by default
        ``W[0][0,0]`` and ``W[0][1,1]`` (the first two parameters if there is no
        ``W[0][1,1]``).
    span : float
        Half-width of the plotted square: in units of the displacement (path), or of
        weight (weights).  Widened when needed so that the whole trajectory shows.
    resolution : int
        Grid points per side, ``3..MAX_RESOLUTION``; each redraw costs ``resolution**2``
        forward passes over the data (25: about 11 ms for 200 points and [2, 8, 8, 1]).
    seed : int
        Seed of the random direction across the path.
    """

    PARAMS = {
        "mode": Choice(MODES),
        "first": Check("_label"),
        "second": Check("_label"),
        "span": Number(hi=MAX_SPAN, positive=True),
        "seed": Seed(),
    }

    def __init__(
        self,
        training: TrainingModel,
        mode: str = "path",
        first: str | None = None,
        second: str | None = None,
        span: float = 1.0,
        resolution: int = 25,
        seed: int = 0,
    ):
        if not isinstance(training, TrainingModel):
            raise ValueError(f"training must be a TrainingModel, got {type(training).__name__}")
        self.training = training
        self.resolution = checks.integer(
            "resolution", resolution, 3, MAX_RESOLUTION, whole_floats=True
        )
        self._settings = {}
        self.note = ""
        names = self.param_names()
        if first is None:
            first = names[0]
        if second is None:
            second = "W[0][1,1]" if "W[0][1,1]" in names and first != "W[0][1,1]" else None
            second = second or next(n for n in names if n != first)
        self.set(mode=mode, first=first, second=second, span=span, seed=seed)

    # -- the protocol ------------------------------------------------------------------
    def _value(self, name: str):
        return self._settings[name]

    def param_options(self) -> dict:
        """Choices for the two axes: the parameters of the network the slice shows (the
        playground's network may have changed since; any change or :meth:`refresh`
        re-reads it)."""
        return {"first": list(self.names), "second": list(self.names)}

    def param_names(self) -> list:
        return self.training.net.param_labels()

    def _label(self, value) -> str:
        if not isinstance(value, str):
            raise ValueError(
                f"an axis must be a parameter label like 'W[0][1,0]', got {checks.show(value)}"
            )
        return parse_param_label(value, self.training.sizes).label

    def _apply(self, values: dict) -> None:
        """Recompute with the new settings; the same parameter on both axes is refused
        (the model is then exactly as it was)."""
        new, notes = self._fix_names(dict(self._settings))
        new.update(values)
        if new["first"] == new["second"]:
            raise ValueError(
                f"both axes show {new['first']}: pick two different parameters "
                "(a slice needs two directions)"
            )
        result = self._compute(new)
        self._settings = new
        self.__dict__.update(result)
        self._add_notes([n for n in notes if n.split()[0] not in values])

    def refresh(self) -> None:
        """Re-read the network and its trajectory (after more training or a new network).

        A chosen parameter the network no longer has is replaced (and :attr:`note` says
        so), never silently: the controls then show the replacement.
        """
        new, notes = self._fix_names(dict(self._settings))
        result = self._compute(new)
        self._settings = new
        self.__dict__.update(result)
        self._add_notes(notes)

    def _fix_names(self, settings: dict) -> tuple:
        """Replace a chosen parameter the network no longer has (its sizes changed)."""
        if not settings:
            return settings, []
        names, notes = self.param_names(), []
        for key, fallback in (("first", 0), ("second", 1)):
            if settings[key] not in names:
                other = settings["second" if key == "first" else "first"]
                pick = next(n for n in names[fallback:] + names if n != other)
                notes.append(f"{key} {settings[key]} is not a parameter of {self.training.sizes}")
                notes[-1] += f": showing {pick}"
                settings[key] = pick
        return settings, notes

    def _add_notes(self, notes: list) -> None:
        if notes:
            self.note = "; ".join(notes + ([self.note] if self.note else []))

    # -- the computation -----------------------------------------------------------------
    def _compute(self, s: dict) -> dict:
        """The plane, the cost on the grid and the projected trajectory for settings ``s``."""
        t = self.training
        net = t.net
        thetas = np.array(t.thetas)
        note = ""
        if s["mode"] == "weights":
            plane = weight_plane(net, s["first"], s["second"])
        elif len(thetas) > 1 and np.any(thetas[-1] != thetas[0]):
            plane = path_plane(thetas, net, np.random.default_rng(s["seed"]))
        else:
            plane = random_plane(net, np.random.default_rng(s["seed"]))
            note = "nothing trained yet: two random directions (normalised per neuron)"
        path = plane.project(thetas)
        centre = np.asarray(plane.offsets, dtype=float)
        reach = float(np.max(np.abs(path - centre))) * 1.1 if len(path) else 0.0
        half = max(s["span"], reach)
        if half > s["span"]:
            note = note or (
                f"half-width widened from {s['span']:.3g} to {half:.3g} so that the whole "
                "trajectory shows"
            )
        alphas = np.linspace(-half, half, self.resolution)
        surface = loss_surface(net, plane, t.X, t.Y, alphas, alphas)
        if s["mode"] == "path":
            now = tuple(float(v) for v in plane.project(net.get_params())[0])
        else:
            now = (float(centre[0]), float(centre[1]))
        return {
            "plane": plane,
            "path": path,
            "alphas": alphas,
            "betas": alphas.copy(),
            "surface": surface,
            "half": half,
            "extent": (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half),
            "centre": (float(centre[0]), float(centre[1])),
            "current": now,
            "note": note,
            "epochs": t.epoch,
            "names": net.param_labels(),
            "sizes": list(t.sizes),
        }

    # -- what the view and the prose show -----------------------------------------------
    @property
    def mode(self) -> str:
        return self._settings["mode"]

    @property
    def first(self) -> str:
        return self._settings["first"]

    @property
    def second(self) -> str:
        return self._settings["second"]

    @property
    def span(self) -> float:
        return self._settings["span"]

    @property
    def seed(self) -> int:
        return self._settings["seed"]

    @property
    def axis_labels(self) -> tuple:
        if self.mode == "weights":
            return self.first, self.second
        return self.plane.labels

    @property
    def dimensions(self) -> int:
        """n + m: the number of parameters, the dimension of the space sliced."""
        return self.training.net.n_params

    def coverage(self) -> tuple:
        """Fraction of the plot's width and height the trajectory spans."""
        width = self.extent[1] - self.extent[0]
        height = self.extent[3] - self.extent[2]
        spread = self.path.max(axis=0) - self.path.min(axis=0)
        return float(spread[0] / width), float(spread[1] / height)

    def surface_at(self, points) -> np.ndarray:
        """J on the plane at plotted coordinates ``points`` (shape ``(k, 2)``): the value
        the colours show there (in weights mode, with every other parameter at its
        value now, not at its value when the trajectory passed)."""
        pts = np.atleast_2d(np.asarray(points, dtype=float)) - np.asarray(self.plane.offsets)
        thetas = [self.plane.point(a, b) for a, b in pts]
        return batched_loss(self.training.net, thetas, self.training.X, self.training.Y)

    def in_plane_share(self) -> float:
        """How much of the training displacement ``theta_now - theta_start`` the plane
        holds: the length of its projection over its length (1 in path mode)."""
        d = np.asarray(self.training.thetas[-1]) - np.asarray(self.training.thetas[0])
        return plane_share(self.plane, d)

    def random_plane_shares(self, count: int = 8) -> np.ndarray:
        """:meth:`in_plane_share` of ``count`` planes of two random directions (normalised
        per neuron, seeds ``0..count-1``) through the weights now: how much of the
        training a purely random slice would show."""
        count = checks.integer("count", count, 1, 100, whole_floats=True)
        t = self.training
        d = np.asarray(t.thetas[-1]) - np.asarray(t.thetas[0])
        return np.array(
            [plane_share(random_plane(t.net, np.random.default_rng(k)), d) for k in range(count)]
        )


def plane_share(plane, d) -> float:
    """``|projection of d on the plane| / |d|`` (0 when ``d`` is 0)."""
    d = np.asarray(d, dtype=float)
    norm = float(np.linalg.norm(d))
    if norm == 0:
        return 0.0
    D = np.stack([plane.d1, plane.d2])
    coef = np.linalg.solve(D @ D.T, D @ d)
    return float(np.linalg.norm(coef @ D) / norm)
