"""Gradient descent on a 2-D data set, in chunks: ``TrainingModel``."""

from __future__ import annotations

import math
import re

import numpy as np

from ...core.activations import get_activation
from ...core.network import Network
from ...data.datasets import DATASETS, make_dataset
from ...ui.sizes import MAX_LAYERS

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_POINTS = 2_000  # the playground's data sets (each epoch is a pass over all of them)
MAX_NOISE = 1.0  # in data units: the classes are about 1 apart
MAX_SEED = 2**32 - 1
MAX_GRID = 200  # the boundary's heat map: MAX_GRID**2 forward passes per redraw
MAX_EPOCHS = 20_000  # per call of train(): about a minute for the largest networks
MAX_PATH_FLOATS = 4_000_000  # the trajectory kept for the slice: at most ~32 MB


def parse_hidden(text, max_total: int = 200) -> list:
    """Hidden layer widths from text such as ``"8, 8"`` (empty text: no hidden layer).

    Raises
    ------
    ValueError
        With a message that says what to type instead.
    """
    if isinstance(text, str):
        body = text.strip().strip("[]()").strip()
        parts = [p for p in re.split(r"[,\s;]+", body) if p]
        for p in parts:
            if not re.fullmatch(r"[+]?\d{1,6}", p):
                raise ValueError(
                    f"{p[:20]!r} is not a whole number below a million: type the hidden "
                    'layer widths separated by commas, e.g. "8, 8"'
                )
        hidden = [int(p) for p in parts]
    else:
        try:
            hidden = [_whole("hidden layer width", h, 0, 10**6) for h in text]
        except TypeError:
            raise ValueError(
                f'hidden must be text like "8, 8" or a list of ints, got {text!r}'
            ) from None
    for i, n in enumerate(hidden, start=1):
        if n < 1:
            raise ValueError(f"hidden layer {i} has width {n}: every layer needs at least 1 neuron")
    if len(hidden) > MAX_LAYERS:
        raise ValueError(
            f"{len(hidden)} hidden layers is more than this playground allows ({MAX_LAYERS})"
        )
    if sum(hidden) > max_total:
        raise ValueError(
            f"{sum(hidden)} hidden neurons is more than this playground trains "
            f"quickly ({max_total}): use smaller layers"
        )
    return hidden


def _whole(name: str, value, lo: int, hi: int) -> int:
    """``value`` as an int in ``[lo, hi]``, or a ValueError naming ``name``."""
    if isinstance(value, np.random.Generator):
        raise ValueError(
            f"{name} must be a whole number (the model makes its own generators from it, so "
            "that Reset can restore the same start); got a numpy Generator"
        )
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}, got {value!r}")
    if isinstance(value, (float, np.floating)) and not (
        math.isfinite(value) and float(value).is_integer()
    ):
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}, got {value!r}")
    value = int(value)
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, got {value}")
    return value


def _number(name: str, value, lo: float, hi: float, *, open_low: bool = False) -> float:
    """``value`` as a finite float in ``[lo, hi]`` (``(lo, hi]`` with ``open_low``)."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    low_ok = out > lo if open_low else out >= lo
    if not (math.isfinite(out) and low_ok and out <= hi):
        bound = f"above {lo:g}" if open_low else f"at least {lo:g}"
        raise ValueError(f"{name} must be a finite number {bound} and at most {hi:g}, got {out}")
    return out


def _check_dataset(value) -> str:
    if not isinstance(value, str) or value not in DATASETS:
        raise ValueError(f"unknown data set {value!r}: use one of {', '.join(DATASETS)}")
    return value


def _check_activation(value) -> str:
    if not isinstance(value, str) or value not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"unknown hidden activation {value!r}: use one of {', '.join(HIDDEN_ACTIVATIONS)}"
        )
    return get_activation(value).name


# Each setting: how to check it.  Every one but learning_rate starts the model afresh.
_CHECKS = {
    "dataset": _check_dataset,
    "hidden": lambda v: parse_hidden(v),
    "activation": _check_activation,
    "learning_rate": lambda v: _number("learning_rate", v, 0.0, 1e3, open_low=True),
    "seed": lambda v: _whole("seed", v, 0, MAX_SEED),
    "n_points": lambda v: _whole("n_points", v, 2, MAX_POINTS),
    "noise": lambda v: _number("noise", v, 0.0, MAX_NOISE),
}


class TrainingModel:
    """Full-batch gradient descent on a 2-D data set, run in chunks of epochs.

    The output is one sigmoid neuron (the probability of class 1) trained with the
    cross-entropy cost, whose output delta is ``delta[L-1] = y_hat - y``.

    Parameters
    ----------
    dataset : {"xor", "circles", "moons", "spiral"}
    hidden : str or sequence of int
        Hidden layer widths, e.g. ``"8, 8"``; the network is ``[2, *hidden, 1]``.
    activation : {"sigmoid", "tanh", "relu"}
        Hidden activation.
    learning_rate : float
        ``alpha`` in ``W <- W - alpha dJ/dW``, positive.
    seed : int
        Seed of the data and of the initial weights, ``0..2**32-1``: :meth:`reset` (or
        the same seed again) restores exactly the same start.
    n_points : int
        Examples in the data set, ``2..MAX_POINTS``.
    noise : float
        Standard deviation of the jitter added to the points, ``0..MAX_NOISE``.
    grid : int
        Side of the grid on which :meth:`probabilities` evaluates the network
        (``10..MAX_GRID``).
    """

    def __init__(
        self,
        dataset: str = "moons",
        hidden="8, 8",
        activation: str = "tanh",
        learning_rate: float = 0.5,
        seed: int = 0,
        n_points: int = 200,
        noise: float = 0.1,
        grid: int = 60,
    ):
        self.grid = _whole("grid", grid, 10, MAX_GRID)
        self.stop_requested = False
        self.generation = 0  # +1 at every fresh start: a run in progress sees it and stops
        self._settings = {}
        self.set(
            dataset=dataset,
            hidden=hidden,
            activation=activation,
            learning_rate=learning_rate,
            seed=seed,
            n_points=n_points,
            noise=noise,
        )

    # -- the protocol ------------------------------------------------------------------
    def params(self) -> dict:
        """The settings, as the controls show them (``hidden`` as text)."""
        s = self._settings
        return {
            "dataset": s["dataset"],
            "hidden": ", ".join(map(str, s["hidden"])),
            "activation": s["activation"],
            "learning_rate": s["learning_rate"],
            "seed": s["seed"],
            "n_points": s["n_points"],
            "noise": s["noise"],
        }

    def set(self, **changes) -> None:
        """Change settings; every one but ``learning_rate`` starts afresh (:meth:`reset`).

        All values are checked first; a ValueError leaves the model exactly as it was.
        """
        unknown = sorted(set(changes) - set(_CHECKS))
        if unknown:
            raise ValueError(f"unknown setting {unknown[0]!r}: use one of {', '.join(_CHECKS)}")
        new = dict(self._settings)
        for key, value in changes.items():
            new[key] = _CHECKS[key](value)
        if set(new) != set(_CHECKS):  # only at construction, where all are given
            raise ValueError(f"missing settings: {sorted(set(_CHECKS) - set(new))}")
        fresh = not self._settings or any(
            new[k] != self._settings[k] for k in new if k != "learning_rate"
        )
        state = self._start(new) if fresh else None
        self._settings = new
        if state is not None:
            self._commit(state)

    # Read-only views of the settings (change them with set()).
    dataset = property(lambda self: self._settings["dataset"])
    hidden = property(lambda self: list(self._settings["hidden"]))
    activation = property(lambda self: self._settings["activation"])
    learning_rate = property(lambda self: self._settings["learning_rate"])
    seed = property(lambda self: self._settings["seed"])
    n_points = property(lambda self: self._settings["n_points"])
    noise = property(lambda self: self._settings["noise"])

    @property
    def sizes(self) -> list:
        return [2, *self._settings["hidden"], 1]

    # -- starting afresh --------------------------------------------------------------
    def _start(self, s: dict) -> dict:
        """Data, network and grid for settings ``s``, built without touching ``self``."""
        X, Y = make_dataset(
            s["dataset"], s["n_points"], s["noise"], rng=np.random.default_rng(s["seed"])
        )
        net = Network(
            [2, *s["hidden"], 1],
            s["activation"],
            cost="cross_entropy",
            output_activation="sigmoid",
            rng=np.random.default_rng(s["seed"] + 1),
        )
        lo = min(float(X.min()), -1.5) - 0.2
        hi = max(float(X.max()), 1.5) + 0.2
        g = np.linspace(lo, hi, self.grid)
        gx, gy = np.meshgrid(g, g)
        return {
            "X": X,
            "Y": Y,
            "net": net,
            "initial": net.copy(),
            "extent": (lo, hi, lo, hi),
            "_grid_points": np.stack([gx.ravel(), gy.ravel()], axis=1),
        }

    def _commit(self, state: dict) -> None:
        self.__dict__.update(state)
        self.net = state["initial"].copy()
        self.epoch = 0
        self.losses = [self.net.loss(self.X, self.Y)]
        self.thetas = [self.net.get_params()]
        self.path_epochs = [0]  # the epoch of each entry of thetas
        self.generation += 1

    def reset(self) -> None:
        """Back to the initial weights of this seed (the same data); clears the history."""
        self._commit({"initial": self.initial})

    # -- training -----------------------------------------------------------------------
    @property
    def max_path_points(self) -> int:
        """How many parameter vectors the trajectory keeps (thinned to every 2nd beyond)."""
        return max(64, MAX_PATH_FLOATS // self.net.n_params)

    def _keep(self, theta) -> None:
        self.thetas.append(theta)
        self.path_epochs.append(self.epoch)
        if len(self.thetas) > self.max_path_points:
            # Keep the start, every other point, and the newest one.
            keep = list(range(0, len(self.thetas) - 1, 2)) + [len(self.thetas) - 1]
            self.thetas = [self.thetas[i] for i in keep]
            self.path_epochs = [self.path_epochs[i] for i in keep]

    def train(self, epochs: int) -> list:
        """Run ``epochs`` more gradient steps on all the examples; returns the new losses.

        Raises
        ------
        ValueError
            For ``epochs`` outside ``0..MAX_EPOCHS``; if training diverges (the message
            says to lower the learning rate), after keeping every finite step.
        """
        epochs = _whole("epochs", epochs, 0, MAX_EPOCHS)
        if epochs == 0:
            return []
        net, start = self.net, len(self.losses)

        def keep(epoch, loss):
            if epoch > 0:  # epoch 0 is the state already recorded
                self.epoch += 1
                self.losses.append(loss)
                self._keep(net.get_params())

        # On divergence the network goes back to its last finite step, which is the
        # last one recorded: history and weights stay consistent.
        net.train(self.X, self.Y, self.learning_rate, epochs, callback=keep)
        return self.losses[start:]

    def chunks(self, epochs: int, chunk: int = 25):
        """Train ``epochs`` epochs in chunks of ``chunk``, yielding ``(done, total)`` after each.

        Stops early when :attr:`stop_requested` is set (a Stop button) or when the model
        starts afresh (a new setting) between two chunks; clears the request.
        """
        epochs = _whole("epochs", epochs, 1, MAX_EPOCHS)
        chunk = _whole("chunk", chunk, 1, MAX_EPOCHS)
        return self._chunks(epochs, chunk)

    def request_stop(self) -> None:
        """Ask a run of :meth:`chunks` to end after the chunk in progress (a Stop button)."""
        self.stop_requested = True

    def _chunks(self, epochs: int, chunk: int):
        self.stop_requested = False
        generation = self.generation
        done = 0
        try:
            while done < epochs and not self.stop_requested and generation == self.generation:
                n = min(chunk, epochs - done)
                self.train(n)
                done += n
                yield done, epochs
        finally:
            self.stop_requested = False

    # -- what the views show --------------------------------------------------------
    def probabilities(self) -> np.ndarray:
        """The network's output on the grid, shape ``(grid, grid)`` (rows follow y)."""
        return self.net.forward(self._grid_points).reshape(self.grid, self.grid)

    def accuracy(self) -> float:
        """Fraction of the examples on the right side of the 0.5 contour."""
        return float(np.mean((self.net.forward(self.X) > 0.5) == (self.Y > 0.5)))

    def status(self) -> str:
        return (
            f"epoch {self.epoch} · loss J = {self.losses[-1]:.4f} · "
            f"accuracy {100 * self.accuracy():.0f}% · network {self.sizes}"
        )
