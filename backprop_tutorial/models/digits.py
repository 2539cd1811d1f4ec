"""Models of notebook 5's apps: mini-batch noise, training on the digits, drawing a digit.

Numpy only.  Every model has ``params()`` and ``set(**changes)``; ``set`` validates
all changes before applying any, so a rejected change leaves the model as it was.
"""

from __future__ import annotations

import numpy as np

from ..classify import confusion_matrix, input_gradient, predict
from ..digits import IMAGE_SHAPE, MAX_INTENSITY, check_labels, load_digits, one_hot
from ..digits import train_test_split as split
from ..minibatch import roughness
from ..network import Network

N_CLASSES = 10
# The recipe of notebook 5 (and of tests/test_digits.py and benchmarks/run.py):
# [64, 32, 10], sigmoid hidden layer, alpha = 1, batches of 32, 30 epochs.
RECIPE = {"hidden": 32, "learning_rate": 1.0, "batch_size": 32, "epochs": 30, "seed": 0}


def _int(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        try:
            as_float = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a whole number, got {value!r}") from None
        if not as_float.is_integer():
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        value = int(as_float)
    if not lo <= int(value) <= hi:
        raise ValueError(f"{name} must lie in {lo}..{hi}, got {value}")
    return int(value)


def _positive(name: str, value, hi: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not (np.isfinite(value) and 0 < value <= hi):
        raise ValueError(f"{name} must be a positive number up to {hi}, got {value}")
    return value


def _unknown(changes: dict, known) -> None:
    extra = set(changes) - set(known)
    if extra:
        raise ValueError(f"unknown parameter(s) {sorted(extra)}: use {sorted(known)}")


class DigitsData:
    """The digits split once into training and test sets (shared by the models).

    Attributes
    ----------
    X_train, X_test : ndarray, shapes ``(N_train, 64)``, ``(N_test, 64)``, in [0, 1]
    y_train, y_test : ndarray of int, the labels
    Y_train, Y_test : ndarray, one-hot targets ``(N, 10)``
    """

    def __init__(self, test_fraction: float = 0.25, seed: int = 0):
        X, labels = load_digits()
        rng = np.random.default_rng(seed)
        self.X_train, self.X_test, self.y_train, self.y_test = split(
            X, labels, test_fraction, rng=rng
        )
        self.Y_train = one_hot(self.y_train, N_CLASSES)
        self.Y_test = one_hot(self.y_test, N_CLASSES)
        self.seed = seed


# ---------------------------------------------------------------------------
# Mini-batches: the batch size against the noise of the loss curve
# ---------------------------------------------------------------------------


class BatchNoiseModel:
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

    PARAMS = ("batch_size", "epochs", "learning_rate", "seed")

    def __init__(self, batch_size=32, epochs=3, learning_rate=0.5, seed=0, data=None):
        self.data = DigitsData() if data is None else data
        values = dict(batch_size=batch_size, epochs=epochs, learning_rate=learning_rate, seed=seed)
        self._apply(self._validated(values))

    def params(self) -> dict:
        return {name: getattr(self, name) for name in self.PARAMS}

    def _validated(self, values: dict) -> dict:
        n = len(self.data.X_train)
        return {
            "batch_size": _int("batch_size", values["batch_size"], 1, n),
            "epochs": _int("epochs", values["epochs"], 1, 5),
            "learning_rate": _positive("learning_rate", values["learning_rate"], 10.0),
            "seed": _int("seed", values["seed"], 0, 2**31 - 1),
        }

    def set(self, **changes) -> None:
        _unknown(changes, self.PARAMS)
        self._apply(self._validated(self.params() | changes))

    def _apply(self, values: dict) -> None:
        for name, value in values.items():
            setattr(self, name, value)
        self.compute()

    def compute(self) -> None:
        """Train a fresh network and keep each step's batch loss."""
        d = self.data
        net = Network(
            [64, 32, N_CLASSES],
            "sigmoid",
            "softmax_cross_entropy",
            rng=np.random.default_rng(self.seed),
        )
        self.losses = np.array(
            net.train(
                d.X_train,
                d.Y_train,
                self.learning_rate,
                self.epochs,
                batch_size=self.batch_size,
                rng=np.random.default_rng(self.seed + 1),
            )
        )
        self.steps_per_epoch = -(-len(d.X_train) // self.batch_size)
        # Where each step sits, in epochs (examples seen / N_train), for a common x axis.
        self.epoch_of_step = np.arange(len(self.losses)) / self.steps_per_epoch
        self.final_loss = net.loss(d.X_train, d.Y_train)

    @property
    def roughness(self) -> float:
        return roughness(self.losses)

    def summary(self) -> str:
        return (
            f"batch size {self.batch_size}: {self.steps_per_epoch} steps per epoch, "
            f"{len(self.losses)} steps; roughness {self.roughness:.3f}; "
            f"training-set loss at the end {self.final_loss:.3f}"
        )


# ---------------------------------------------------------------------------
# Training on the digits
# ---------------------------------------------------------------------------


class DigitsTrainingModel:
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
    history : dict of lists
        Per epoch (from epoch 0, before training): ``train_loss``, ``test_loss``,
        ``train_accuracy``, ``test_accuracy``.
    """

    PARAMS = ("hidden", "learning_rate", "batch_size", "epochs", "seed")
    _RESETS = ("hidden", "seed")

    def __init__(self, hidden=32, learning_rate=1.0, batch_size=32, epochs=30, seed=0, data=None):
        self.data = DigitsData() if data is None else data
        self.stop_requested = False
        values = self._validated(
            dict(
                hidden=hidden,
                learning_rate=learning_rate,
                batch_size=batch_size,
                epochs=epochs,
                seed=seed,
            )
        )
        for name, value in values.items():
            setattr(self, name, value)
        self.reset()

    # -- the protocol ----------------------------------------------------------------
    def params(self) -> dict:
        return {name: getattr(self, name) for name in self.PARAMS}

    def _validated(self, values: dict) -> dict:
        return {
            "hidden": _int("hidden", values["hidden"], 1, 128),
            "learning_rate": _positive("learning_rate", values["learning_rate"], 10.0),
            "batch_size": _int("batch_size", values["batch_size"], 1, len(self.data.X_train)),
            "epochs": _int("epochs", values["epochs"], 1, 200),
            "seed": _int("seed", values["seed"], 0, 2**31 - 1),
        }

    def set(self, **changes) -> None:
        """Change settings; a new hidden width or seed starts again from new weights."""
        _unknown(changes, self.PARAMS)
        values = self._validated(self.params() | changes)
        restart = any(values[k] != getattr(self, k) for k in self._RESETS)
        for name, value in values.items():
            setattr(self, name, value)
        if restart:
            self.reset()

    @property
    def sizes(self) -> list:
        return [64, self.hidden, N_CLASSES]

    def reset(self) -> None:
        """New initial weights from ``seed``; clears the history."""
        self.rng = np.random.default_rng(self.seed)
        self.net = Network(self.sizes, "sigmoid", "softmax_cross_entropy", rng=self.rng)
        self.epoch = 0
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
        self._record()

    def chunks(self, epochs: int | None = None, chunk: int = 3):
        """Train ``epochs`` epochs (default: the setting), yielding ``(done, total)``
        every ``chunk`` epochs and at the end.  Stops early when :attr:`stop_requested`
        is set (a Stop button); clears it."""
        total = self.epochs if epochs is None else _int("epochs", epochs, 1, 200)
        self.stop_requested = False
        for done in range(1, total + 1):
            if self.stop_requested:
                break
            self.train_epoch()
            if done % chunk == 0 or done == total:
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


# ---------------------------------------------------------------------------
# Your own digit
# ---------------------------------------------------------------------------


class DigitDrawModel:
    """A drawn 8×8 digit, what the network makes of it, and ``-dJ/dx``.

    Parameters
    ----------
    net : Network
        A trained ``[64, ..., 10]`` softmax network.
    examples : ndarray, shape ``(N, 64)``, optional
        Images the ``example`` parameter loads (default: none, only drawing).
    target : int or "prediction"
        The class whose cost the pixel gradient is taken for (default: the predicted
        one, whichever it is).

    Attributes
    ----------
    pixels : ndarray, shape ``(64,)``, in [0, 1]
        The current image (row-major 8×8, as the data).
    """

    PARAMS = ("pixels", "target", "example")

    def __init__(self, net: Network, examples=None, target="prediction"):
        if net.sizes[0] != 64 or net.sizes[-1] != N_CLASSES:
            raise ValueError(f"the drawing needs a [64, ..., 10] network, got {net.sizes}")
        if net.cost.name != "softmax_cross_entropy":
            raise ValueError("the drawing needs a softmax network (cost='softmax_cross_entropy')")
        self.net = net
        self.examples = None if examples is None else np.asarray(examples, dtype=float)
        self.pixels = np.zeros(64)
        self.target = self._target(target)
        # The test image last loaded (drawing over it keeps the number, so the slider
        # still shows where it is).
        self.example = None
        if self.examples is not None:
            self.example = 0
            self.pixels = self._pixels(self.examples[0])
        self.compute()

    def params(self) -> dict:
        return {
            "pixels": tuple(self.pixels.tolist()),
            "target": self.target,
            "example": self.example,
        }

    @staticmethod
    def _target(target):
        if target == "prediction":
            return target
        if isinstance(target, str):
            raise ValueError(f"target must be 0..9 or 'prediction', got {target!r}")
        return int(check_labels("target", [target], N_CLASSES)[0])

    @staticmethod
    def _pixels(pixels) -> np.ndarray:
        try:
            array = np.asarray(pixels, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise ValueError("pixels must be 64 numbers in [0, 1]") from None
        if array.shape != (64,) or not np.all(np.isfinite(array)):
            raise ValueError(f"pixels must be 64 finite numbers, got shape {np.shape(pixels)}")
        if array.min() < 0 or array.max() > 1:
            raise ValueError(
                f"pixels must lie in [0, 1] (ink 0..16 divided by 16), got {array.min():.3g}.."
                f"{array.max():.3g}"
            )
        return array

    def set(self, **changes) -> None:
        """Change ``pixels`` (64 values in [0, 1]), ``target`` (0..9 or "prediction") or
        ``example`` (an index into ``examples``: loads that image; with ``pixels`` too,
        the pixels win)."""
        _unknown(changes, self.PARAMS)
        pixels, example = self.pixels, self.example
        if "example" in changes and changes["example"] is not None:
            if self.examples is None:
                raise ValueError("this drawing has no examples to load")
            example = _int("example", changes["example"], 0, len(self.examples) - 1)
            pixels = self.examples[example]
        if "pixels" in changes:
            pixels = self._pixels(changes["pixels"])
        target = self._target(changes["target"]) if "target" in changes else self.target
        self.pixels, self.example, self.target = np.array(pixels), example, target
        self.compute()

    def clear(self) -> None:
        self.set(pixels=np.zeros(64))

    @property
    def ink(self) -> list:
        """The pixels as the data set's integer intensities 0..16 (what the canvas shows)."""
        return [int(v) for v in np.rint(self.pixels * MAX_INTENSITY)]

    def compute(self) -> None:
        """Probabilities, prediction and ``-dJ/dx`` for the target (or the prediction)."""
        x = self.pixels[None, :]
        self.probabilities = self.net.forward(x)[0]
        self.predicted = int(np.argmax(self.probabilities))
        cls = self.predicted if self.target == "prediction" else self.target
        self.gradient_class = cls
        # -dJ/dx: the direction in pixel space that raises p[cls] fastest.
        self.saliency = -input_gradient(self.net, x, one_hot([cls], N_CLASSES))[0]

    def summary(self) -> str:
        p = self.probabilities
        second = int(np.argsort(p)[-2])
        return (
            f"prediction: {self.predicted} ({100 * p[self.predicted]:.0f} %) · "
            f"next: {second} ({100 * p[second]:.0f} %)"
        )
