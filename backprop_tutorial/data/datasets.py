"""Toy 2-D classification data sets, generated with numpy from an injected ``rng``."""

from __future__ import annotations

import numpy as np

from ..core import checks

DATASETS = ("xor", "circles", "moons", "spiral")


def make_dataset(
    name: str, n: int = 200, noise: float = 0.1, rng: np.random.Generator | None = None
) -> tuple:
    """Generate a two-class data set in the plane.

    Parameters
    ----------
    name : {"xor", "circles", "moons", "spiral"}
    n : int
        Number of points (split evenly between the two classes).
    noise : float
        Standard deviation of the Gaussian jitter, in data units.
    rng : numpy.random.Generator or int, optional
        Randomness source; pass ``np.random.default_rng(seed)``, or the int ``seed``
        itself, for repeatable data.

    Returns
    -------
    X : ndarray, shape ``(n, 2)``, roughly within [-1.5, 1.5]
    Y : ndarray, shape ``(n, 1)``, labels 0.0 or 1.0
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"unknown data set {checks.show(name)}: use one of {', '.join(DATASETS)}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {checks.show(n)}")
    checks.budget("n, the number of points,", int(n), checks.MAX_DATA_POINTS, "use fewer points")
    try:
        # Up to 1e100: a larger jitter makes every later computation overflow.
        noise = checks.number("noise", noise, minimum=0.0, maximum=1e100) + 0.0  # no -0.0
    except ValueError as err:
        raise type(err)(f"noise must be a non-negative number: {err}") from None
    rng = checks.rng("rng", rng)
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
