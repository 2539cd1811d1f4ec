"""Toy 2-D classification data sets, generated with numpy from an injected ``rng``."""

from __future__ import annotations

import numpy as np

DATASETS = ("xor", "circles", "moons", "spiral")
MAX_POINTS = 100_000  # a toy set; more would only cost memory (2 floats per point and class)


def make_dataset(
    name: str, n: int = 200, noise: float = 0.1, rng: np.random.Generator | None = None
) -> tuple:
    """Generate a two-class data set in the plane.

    Parameters
    ----------
    name : {"xor", "circles", "moons", "spiral"}
    n : int
        Number of points (split evenly between the two classes), 2 to ``MAX_POINTS``.
    noise : float
        Standard deviation of the Gaussian jitter, in data units.
    rng : numpy.random.Generator
        Randomness source; pass ``np.random.default_rng(seed)`` for repeatable data.

    Returns
    -------
    X : ndarray, shape ``(n, 2)``, roughly within [-1.5, 1.5]
    Y : ndarray, shape ``(n, 1)``, labels 0.0 or 1.0
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}: use one of {', '.join(DATASETS)}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    if n > MAX_POINTS:
        raise ValueError(
            f"n = {n} points is more than a toy data set needs (at most {MAX_POINTS:,}): "
            "use fewer points"
        )
    try:
        noise = float(noise)
    except (TypeError, ValueError):
        raise ValueError(f"noise must be a non-negative number, got {noise!r}") from None
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a non-negative number, got {noise}")
    if rng is None:
        rng = np.random.default_rng()
    elif not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy Generator, e.g. np.random.default_rng(0); got {rng!r}"
        )
    labels = np.arange(n) % 2
    X = _MAKERS[name](labels, rng)
    X = X + rng.normal(0.0, noise, size=X.shape)
    return X, labels.astype(float).reshape(-1, 1)


def _xor(labels, rng):
    # Class 1 where the signs of the two coordinates differ.
    pts = rng.uniform(0.1, 1.0, size=(len(labels), 2))
    sx = rng.choice([-1.0, 1.0], size=len(labels))
    sy = np.where(labels == 1, -sx, sx)
    return pts * np.stack([sx, sy], axis=1)


def _circles(labels, rng):
    angle = rng.uniform(0, 2 * np.pi, size=len(labels))
    radius = np.where(labels == 1, 0.5, 1.2)
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def _moons(labels, rng):
    t = rng.uniform(0, np.pi, size=len(labels))
    upper = np.stack([np.cos(t) - 0.5, np.sin(t) - 0.25], axis=1)
    lower = np.stack([0.5 - np.cos(t), 0.25 - np.sin(t)], axis=1)
    return np.where((labels == 1)[:, None], lower, upper)


def _spiral(labels, rng):
    r = rng.uniform(0.1, 1.0, size=len(labels))
    angle = 3.0 * np.pi * r + np.pi * labels
    return 1.3 * np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)


_MAKERS = {"xor": _xor, "circles": _circles, "moons": _moons, "spiral": _spiral}
