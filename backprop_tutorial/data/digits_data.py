"""The digits split once into training and test sets, and the checks notebook 5's models
share (numpy only).
"""

from __future__ import annotations

import numpy as np

from .digits import load_digits, one_hot
from .digits import train_test_split as split

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
