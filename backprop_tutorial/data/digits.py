"""Real data, offline: the 8×8 handwritten digits, one-hot targets, a train/test split.

The digits ship inside the package (``data/digits.npz``, 45 KB; source, authors,
licence and conversion in ``data/README.md``), so nothing is downloaded at run time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core import checks

DIGITS_FILE = Path(__file__).resolve().parent / "digits.npz"
N_DIGITS = 1797
IMAGE_SHAPE = (8, 8)
MAX_INTENSITY = 16


# Class numbers beyond this are a mistake (no data set here has so many classes).
MAX_CLASS = 1_000_000


def load_digits() -> tuple:
    """The 1,797 handwritten digits of the UCI "Optical Recognition" test set.

    Each image is 8×8 pixels; a pixel counted the ink in a 4×4 block of a 32×32
    scan (0..16), divided here by 16.

    Returns
    -------
    X : ndarray, shape ``(1797, 64)``, float64 in [0, 1]
        One image per row, row-major (``X[i].reshape(8, 8)`` is the picture, top row
        first).
    labels : ndarray, shape ``(1797,)``, int64 in 0..9
        The digit each image shows.
    """
    with np.load(DIGITS_FILE) as data:
        images, labels = data["images"], data["labels"]
    return images.astype(float) / MAX_INTENSITY, labels.astype(np.int64)


def check_labels(name: str, labels, n_classes: int | None = None) -> np.ndarray:
    """Validate class labels: whole numbers ``0..n_classes-1``, shape ``(N,)``, N >= 1.

    Returns them as int64.  Raises ValueError naming ``name`` and the bad value.
    """
    try:
        array = np.asarray(labels)
    except ValueError:
        raise ValueError(
            f"{name} must be a 1-D array of class numbers, got a ragged list"
        ) from None
    if array.dtype.kind == "O":
        raise ValueError(f"{name} must hold class numbers 0, 1, 2, ..., got {checks.show(labels)}")
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array of class numbers, got shape {array.shape}"
        )
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold class numbers 0, 1, 2, ..., got dtype {array.dtype}")
    if array.dtype.kind == "f":
        whole = np.isfinite(array) & (array == np.round(array))
        if not whole.all():
            raise ValueError(f"{name} must hold whole numbers: {array[~whole][0]} is not one")
    if np.any(array < 0):
        raise ValueError(f"{name} must not be negative: found {array[array < 0][0]}")
    if np.any(array > MAX_CLASS):
        # Checked before the cast: a float like 1e308 has no int64 value.
        raise ValueError(
            f"{name} has class {checks.show(array.max())}, above {MAX_CLASS:,}: "
            "class numbers are 0, 1, 2, ... up to the number of classes"
        )
    array = array.astype(np.int64)
    if n_classes is not None and array.max() >= n_classes:
        raise ValueError(
            f"{name} has class {int(array.max())} but n_classes={n_classes}: classes are "
            f"0..{n_classes - 1}; raise n_classes"
        )
    return array


def one_hot(labels, n_classes: int) -> np.ndarray:
    """Targets for the softmax cross-entropy: row ``i`` is 1 at ``labels[i]``, else 0.

    Parameters
    ----------
    labels : array_like of int, shape ``(N,)``, values in ``0..n_classes-1``
    n_classes : int

    Returns
    -------
    ndarray, shape ``(N, n_classes)``, float64.
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer, got {checks.show(n_classes)}")
    labels = check_labels("labels", labels, int(n_classes))
    checks.budget(
        "the one-hot targets (floats)",
        len(labels) * int(n_classes),
        checks.MAX_ELEMENTS,
        "use fewer labels or classes",
    )
    Y = np.zeros((len(labels), int(n_classes)))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _rows(name: str, value) -> np.ndarray:
    """``value`` as a numeric array, its dtype kept (labels stay integers)."""
    if value is None or isinstance(value, (str, bytes)):
        raise checks.KindError(f"{name} must be an array of numbers, got {checks.show(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        arr = None
    if arr is None or arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must be a rectangular array of numbers (equal-length rows), got "
            f"{checks.show(value)}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers (no NaN or inf)")
    return arr


def train_test_split(X, y, test_fraction: float = 0.25, rng: np.random.Generator | None = None):
    """Shuffle the examples with ``rng`` and keep ``test_fraction`` of them for testing.

    Parameters
    ----------
    X : array_like, shape ``(N, ...)``
    y : array_like, shape ``(N, ...)``
        Labels or targets, one per row of ``X``.
    test_fraction : float
        Between 0 and 1 (exclusive); the test set gets ``round(test_fraction * N)``
        examples, at least one, and the training set at least one.
    rng : numpy.random.Generator or int, optional
        The shuffle; the same seed (or int seed) gives the same split.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        Copies; rows in shuffled order.
    """
    X, y = _rows("X", X), _rows("y", y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y need one row per example: got shapes {X.shape} and {y.shape}")
    if len(X) < 2:
        raise ValueError(f"need at least 2 examples to split, got {len(X)}")
    test_fraction = checks.number("test_fraction", test_fraction)
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}")
    rng = checks.rng("rng", rng)
    n_test = min(len(X) - 1, max(1, round(test_fraction * len(X))))
    order = rng.permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
