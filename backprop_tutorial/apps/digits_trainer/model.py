"""Model of notebook 5's trainer: mini-batch gradient descent of ``[64, hidden, 10]`` on
the digits, with the read-outs its pictures show (numpy only).
"""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...core.classify import confusion_matrix, predict
from ...core.network import Network
from ...data.digits import IMAGE_SHAPE
from ...data.digits_data import N_CLASSES, DigitsData
from ...ui.model import Integer, Model, Number, Seed


class DigitsTrainerModel(Model):
    """Mini-batch gradient descent of a ``[64, hidden, 10]`` network on the digits.

    Parameters
    ----------
    hidden : int
        Width of the hidden layer (1..128).
    learning_rate : float
    batch_size : int
    epochs : int
        Epochs per run of :meth:`chunks` (1..200).
    seed : int
        Initial weights and shuffling; :meth:`reset` with the same seed repeats a run.
    data : DigitsData, optional
        The split (default: ``DigitsData()``, 25 % test, seed 0).

    Attributes
    ----------
    net : Network
    epoch : int
        Epochs trained so far.
    changes : int
        Goes up whenever the weights change (a new network, an epoch trained): views
        compare it to know whether their pictures are stale.
    history : dict of lists
        Per epoch (from epoch 0, before training): ``train_loss``, ``test_loss``,
        ``train_accuracy``, ``test_accuracy``.
    """

    MAX_EPOCHS = 200
    PARAMS = {
        "hidden": Integer(1, 128),
        "learning_rate": Number(hi=10.0, positive=True),
        "batch_size": Integer(1, "n_train"),
        "epochs": Integer(1, MAX_EPOCHS),
        "seed": Seed(),
    }
    _RESETS = ("hidden", "seed")

    def __init__(self, hidden=32, learning_rate=1.0, batch_size=32, epochs=30, seed=0, data=None):
        self.data = DigitsData() if data is None else data
        self.stop_requested = False
        values = dict(
            hidden=hidden,
            learning_rate=learning_rate,
            batch_size=batch_size,
            epochs=epochs,
            seed=seed,
        )
        super()._apply(self.checked(values))
        self.reset()

    @property
    def n_train(self) -> int:
        return len(self.data.X_train)

    def _apply(self, values: dict) -> None:
        """A new hidden width or seed starts again from new weights."""
        restart = any(values[k] != getattr(self, k) for k in self._RESETS if k in values)
        super()._apply(values)
        if restart:
            self.reset()

    def request_stop(self) -> None:
        """Ask a run of :meth:`chunks` to end after the epoch in progress (a Stop button)."""
        self.stop_requested = True

    @property
    def sizes(self) -> list:
        return [64, self.hidden, N_CLASSES]

    def reset(self) -> None:
        """New initial weights from ``seed``; clears the history."""
        self.rng = np.random.default_rng(self.seed)
        self.net = Network(self.sizes, "sigmoid", "softmax_cross_entropy", rng=self.rng)
        self.epoch = 0
        self.changes = getattr(self, "changes", 0) + 1
        self.history = {
            k: [] for k in ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
        }
        self._record()

    def _record(self) -> None:
        # One forward pass per set gives both the cost and the predictions.
        d, h = self.data, self.history
        for part, X, Y, y in (
            ("train", d.X_train, d.Y_train, d.y_train),
            ("test", d.X_test, d.Y_test, d.y_test),
        ):
            cache = self.net.forward_cache(X)
            h[f"{part}_loss"].append(self.net.cost.value(cache.S[-1], cache.y_hat, Y))
            h[f"{part}_accuracy"].append(float(np.mean(np.argmax(cache.y_hat, axis=1) == y)))

    # -- training -----------------------------------------------------------------
    def train_epoch(self) -> None:
        """One pass over the training set in shuffled mini-batches, then the metrics."""
        d = self.data
        self.net.train(
            d.X_train, d.Y_train, self.learning_rate, 1, batch_size=self.batch_size, rng=self.rng
        )
        self.epoch += 1
        self.changes += 1
        self._record()

    def chunks(self, epochs: int | None = None, chunk: int = 3):
        """Train ``epochs`` epochs (default: the setting), yielding ``(done, total)``
        after the first epoch, every ``chunk`` epochs and at the end.  Stops early when
        :meth:`request_stop` was called (a Stop button); clears the request."""
        total = self.epochs if epochs is None else self.checked({"epochs": epochs})["epochs"]
        chunk = checks.integer("chunk", chunk, 1, self.MAX_EPOCHS, whole_floats=True)
        self.stop_requested = False
        for done in range(1, total + 1):
            if self.stop_requested:
                break
            self.train_epoch()
            # The first epoch is shown at once, then every ``chunk``.
            if done == 1 or done % chunk == 0 or done == total:
                yield done, total
        self.stop_requested = False

    def train(self, epochs: int | None = None) -> None:
        """Train now (blocking): ``epochs`` epochs, default the setting."""
        for _ in self.chunks(epochs):
            pass

    # -- read-outs -----------------------------------------------------------------
    def predictions(self) -> np.ndarray:
        """Predicted class of every test image, shape ``(N_test,)``."""
        return predict(self.net, self.data.X_test)

    @property
    def test_accuracy(self) -> float:
        return self.history["test_accuracy"][-1]

    @property
    def train_accuracy(self) -> float:
        return self.history["train_accuracy"][-1]

    def confusion(self) -> np.ndarray:
        """Confusion matrix on the test set: rows true class, columns predicted."""
        return confusion_matrix(self.data.y_test, self.predictions(), N_CLASSES)

    def misclassified(self, k: int = 12) -> list:
        """Up to ``k`` wrong test predictions as ``(index, true, predicted, p_predicted)``,
        most confident mistakes first."""
        p = self.net.forward(self.data.X_test)
        pred = np.argmax(p, axis=1)
        wrong = np.flatnonzero(pred != self.data.y_test)
        wrong = wrong[np.argsort(-p[wrong, pred[wrong]], kind="stable")][:k]
        return [
            (int(i), int(self.data.y_test[i]), int(pred[i]), float(p[i, pred[i]])) for i in wrong
        ]

    def first_layer_weights(self) -> np.ndarray:
        """The first weight matrix, one 8×8 picture per hidden neuron: ``(hidden, 8, 8)``.

        Row ``j`` of the first weight matrix holds the weights from the 64 pixels into
        hidden neuron ``j``: the pattern that excites it most.
        """
        return self.net.weights[0].reshape(self.hidden, *IMAGE_SHAPE)

    def status(self) -> str:
        return (
            f"epoch {self.epoch} · training loss {self.history['train_loss'][-1]:.3f} · "
            f"test accuracy {100 * self.test_accuracy:.1f} % "
            f"({round(self.test_accuracy * len(self.data.y_test))} of "
            f"{len(self.data.y_test)}) · network {self.sizes}"
        )
