"""The digits split once into training and test sets, shared by notebook 5's models
(numpy only).
"""

from __future__ import annotations

import numpy as np

from .digits import load_digits, one_hot
from .digits import train_test_split as split

N_CLASSES = 10
# The recipe of notebook 5 (and of tests/test_digits.py and benchmarks/run.py):
# [64, 32, 10], sigmoid hidden layer, alpha = 1, batches of 32, 30 epochs.
RECIPE = {"hidden": 32, "learning_rate": 1.0, "batch_size": 32, "epochs": 30, "seed": 0}


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
