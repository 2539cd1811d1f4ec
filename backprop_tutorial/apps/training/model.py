"""Gradient descent on a 2-D data set, in chunks: ``TrainingModel``."""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...core.network import Network
from ...data.datasets import DATASETS, make_dataset
from ...ui.model import Check, Choice, Integer, Model, Number, Seed
from ...ui.sizes import MAX_LAYERS, parse_widths

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_POINTS = 2_000  # the playground's data sets (each epoch is a pass over all of them)
MAX_NOISE = 1.0  # in data units: the classes are about 1 apart
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
    widths = parse_widths(text, max_total, MAX_LAYERS)
    hidden = [checks.integer("hidden layer width", h, 0, 10**6, whole_floats=True) for h in widths]
    for i, n in enumerate(hidden, start=1):
        if n < 1:
            raise ValueError(f"hidden layer {i} has width {n}: every layer needs at least 1 neuron")
    if sum(hidden) > max_total:
        raise ValueError(
            f"{sum(hidden)} hidden neurons is more than this playground trains "
            f"quickly ({max_total}): use smaller layers"
        )
    return hidden


class TrainingModel(Model):
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

    # Every setting but learning_rate starts the model afresh.
    PARAMS = {
        "dataset": Choice(tuple(DATASETS)),
        "hidden": Check("_hidden"),
        "activation": Choice(HIDDEN_ACTIVATIONS),
        "learning_rate": Number(hi=1e3, positive=True),
        "seed": Seed(),
        "n_points": Integer(2, MAX_POINTS),
        "noise": Number(0.0, MAX_NOISE),
    }

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
        self.grid = checks.integer("grid", grid, 10, MAX_GRID, whole_floats=True)
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
    def _value(self, name: str):
        """The settings as the controls show them (``hidden`` as text)."""
        value = self._settings[name]
        return ", ".join(map(str, value)) if name == "hidden" else value

    @staticmethod
    def _hidden(value) -> list:
        return parse_hidden(value)

    def _apply(self, values: dict) -> None:
        """Every setting but ``learning_rate`` starts afresh (:meth:`reset`); the new data
        and network are built before anything is assigned."""
        new = {**self._settings, **values}
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
        epochs = checks.integer("epochs", epochs, 0, MAX_EPOCHS, whole_floats=True)
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
        epochs = checks.integer("epochs", epochs, 1, MAX_EPOCHS, whole_floats=True)
        chunk = checks.integer("chunk", chunk, 1, MAX_EPOCHS, whole_floats=True)
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
