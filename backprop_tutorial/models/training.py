"""Gradient descent on a 2-D data set, in chunks: ``TrainingModel``."""

from __future__ import annotations

import re

import numpy as np

from ..activations import get_activation
from ..datasets import DATASETS, make_dataset
from ..network import Network
from .sizes import MAX_LAYERS


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
            if not re.fullmatch(r"[+]?\d+", p):
                raise ValueError(
                    f"{p!r} is not a whole number: type the hidden layer widths separated "
                    'by commas, e.g. "8, 8"'
                )
        hidden = [int(p) for p in parts]
    else:
        hidden = [int(h) for h in text]
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


class TrainingModel:
    """Full-batch gradient descent on a 2-D data set, run in chunks of epochs.

    Parameters
    ----------
    dataset : {"xor", "circles", "moons", "spiral"}
    hidden : str or sequence of int
        Hidden layer widths, e.g. ``"8, 8"``; the network is ``[2, *hidden, 1]``.
    activation : str
        Hidden activation; the output is a sigmoid with the cross-entropy cost.
    learning_rate : float
    seed : int
        Seed of the data and of the initial weights: :meth:`reset` with the same seed
        restores exactly the same start.
    n_points : int
    noise : float
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
        if dataset not in DATASETS:
            raise ValueError(f"unknown data set {dataset!r}: use one of {', '.join(DATASETS)}")
        self.dataset = dataset
        self.hidden = parse_hidden(hidden)
        self.activation = get_activation(activation).name
        self.learning_rate = float(learning_rate)
        self.seed = int(seed)
        self.n_points = int(n_points)
        self.noise = float(noise)
        self.grid = int(grid)
        self.stop_requested = False
        self.reset()

    @property
    def sizes(self) -> list:
        return [2, *self.hidden, 1]

    def reset(self) -> None:
        """New data and initial weights from ``seed``; clears the history."""
        self.X, self.Y = make_dataset(
            self.dataset, self.n_points, self.noise, rng=np.random.default_rng(self.seed)
        )
        self.net = Network(
            self.sizes,
            self.activation,
            cost="cross_entropy",
            output_activation="sigmoid",
            rng=np.random.default_rng(self.seed + 1),
        )
        self.initial = self.net.copy()
        self.epoch = 0
        self.losses = [self.net.loss(self.X, self.Y)]
        self.thetas = [self.net.get_params()]
        lo = min(self.X.min(), -1.5) - 0.2
        hi = max(self.X.max(), 1.5) + 0.2
        self.extent = (float(lo), float(hi), float(lo), float(hi))
        g = np.linspace(lo, hi, self.grid)
        gx, gy = np.meshgrid(g, g)
        self._grid_points = np.stack([gx.ravel(), gy.ravel()], axis=1)

    def configure(self, **settings) -> None:
        """Change settings (dataset, hidden, activation, seed, n_points, noise) and reset.

        ``learning_rate`` alone does not reset: it applies to the next epochs.
        """
        needs_reset = False
        for key, value in settings.items():
            if key == "learning_rate":
                value = float(value)
                if not np.isfinite(value) or value <= 0:
                    raise ValueError(f"the learning rate must be positive, got {value}")
                self.learning_rate = value
                continue
            if key == "hidden":
                value = parse_hidden(value)
            elif key == "activation":
                value = get_activation(value).name
            elif key == "dataset" and value not in DATASETS:
                raise ValueError(f"unknown data set {value!r}: use one of {', '.join(DATASETS)}")
            elif key not in ("seed", "n_points", "noise", "dataset"):
                raise ValueError(f"unknown setting {key!r}")
            setattr(self, key, value)
            needs_reset = True
        if needs_reset:
            self.reset()

    def train(self, epochs: int) -> list:
        """Run ``epochs`` more gradient steps; returns the new losses.

        Raises
        ------
        ValueError
            If training diverges (the message says to lower the learning rate).
        """
        epochs = int(epochs)
        if epochs < 0:
            raise ValueError(f"epochs must be >= 0, got {epochs}")
        if epochs == 0:
            return []
        net = self.net
        new = []

        def keep(epoch, loss):
            if epoch > 0:
                new.append(loss)
                self.thetas.append(net.get_params())

        net.train(self.X, self.Y, self.learning_rate, epochs, callback=keep)
        self.losses += new
        self.epoch += len(new)
        return new

    def chunks(self, epochs: int, chunk: int = 25):
        """Train ``epochs`` epochs in chunks, yielding ``(done, total)`` after each.

        Stops early when :attr:`stop_requested` is set (a Stop button); clears it.
        """
        epochs = int(epochs)
        if epochs < 1:
            raise ValueError(f"the number of epochs must be at least 1, got {epochs}")
        self.stop_requested = False
        done = 0
        while done < epochs:
            if self.stop_requested:
                break
            n = min(chunk, epochs - done)
            self.train(n)
            done += n
            yield done, epochs
        self.stop_requested = False

    def probabilities(self) -> np.ndarray:
        """The network's output on the grid, shape ``(grid, grid)`` (rows follow y)."""
        return self.net.forward(self._grid_points).reshape(self.grid, self.grid)

    def accuracy(self) -> float:
        return float(np.mean((self.net.forward(self.X) > 0.5) == (self.Y > 0.5)))

    def status(self) -> str:
        return (
            f"epoch {self.epoch} · loss {self.losses[-1]:.4f} · "
            f"accuracy {100 * self.accuracy():.0f}% · network {self.sizes}"
        )


# ---------------------------------------------------------------------------
# Landscape slice
# ---------------------------------------------------------------------------
