"""Model of notebook 5's batch-noise app: a short mini-batch run on the digits for one
batch size, and the cost of every batch it stepped on (numpy only).
"""

from __future__ import annotations

import numpy as np

from ...core.minibatch import roughness
from ...core.network import Network
from ...data.digits_data import N_CLASSES, DigitsData
from ...ui.model import Integer, Model, Number, Seed


class BatchNoiseModel(Model):
    """A short mini-batch run on the digits for one batch size; its loss per step.

    Parameters
    ----------
    batch_size : int
        1..N_train (N_train is the full batch: one step per epoch).
    epochs : float
        Passes over the training set (the run stops after ``epochs * N_train``
        examples, so every batch size sees the same number of examples).
    learning_rate : float
    seed : int
        Initial weights and shuffling (the same start for every batch size).
    """

    PARAMS = {
        "batch_size": Integer(1, "n_train"),
        "epochs": Integer(1, 5),
        "learning_rate": Number(hi=10.0, positive=True),
        "seed": Seed(),
    }

    def __init__(self, batch_size=32, epochs=3, learning_rate=0.5, seed=0, data=None):
        self.data = DigitsData() if data is None else data
        self._runs: dict = {}
        self.batch_size = self.epochs = self.learning_rate = self.seed = None
        self._apply(
            self.checked(
                dict(batch_size=batch_size, epochs=epochs, learning_rate=learning_rate, seed=seed)
            )
        )

    @property
    def n_train(self) -> int:
        return len(self.data.X_train)

    def _apply(self, values: dict) -> None:
        values = self.params() | values
        self._run(values)  # train first: if that fails, nothing has changed
        super()._apply(values)
        self.compute()

    def _run(self, values: dict) -> tuple:
        """``(losses, final_loss)`` of a fresh network trained with ``values``; runs
        already made are kept, so coming back to a batch size costs nothing."""
        key = tuple(values[name] for name in self.PARAMS)
        if key not in self._runs:
            d = self.data
            net = Network(
                [64, 32, N_CLASSES],
                "sigmoid",
                "softmax_cross_entropy",
                rng=np.random.default_rng(values["seed"]),
            )
            losses = net.train(
                d.X_train,
                d.Y_train,
                values["learning_rate"],
                values["epochs"],
                batch_size=values["batch_size"],
                rng=np.random.default_rng(values["seed"] + 1),
            )
            self._runs[key] = (np.array(losses), net.loss(d.X_train, d.Y_train))
        return self._runs[key]

    def precompute(self, batch_sizes) -> None:
        """Make the runs of these batch sizes now (the other settings as they are), so
        that a slider over them never waits for training."""
        for b in batch_sizes:
            self._run(self.params() | self.checked({"batch_size": b}))

    def runs(self) -> dict:
        """Batch size -> losses of every run made so far with the current other settings."""
        p = self.params()
        same = [p[n] for n in self.PARAMS if n != "batch_size"]
        i = list(self.PARAMS).index("batch_size")
        return {
            key[i]: losses
            for key, (losses, _) in self._runs.items()
            if [v for j, v in enumerate(key) if j != i] == same
        }

    def compute(self) -> None:
        """Train a fresh network (or recall the run) and keep each step's batch loss."""
        self.losses, self.final_loss = self._run(self.params())
        self.steps_per_epoch = -(-len(self.data.X_train) // self.batch_size)
        # Where each step sits, in epochs (examples seen / N_train), for a common x axis.
        self.epoch_of_step = np.arange(len(self.losses)) / self.steps_per_epoch

    @property
    def roughness(self) -> float:
        return roughness(self.losses)

    def summary(self) -> str:
        return (
            f"batch size {self.batch_size}: {self.steps_per_epoch} steps per epoch, "
            f"{len(self.losses)} steps; roughness {self.roughness:.3f}; "
            f"training-set loss at the end {self.final_loss:.3f}"
        )
