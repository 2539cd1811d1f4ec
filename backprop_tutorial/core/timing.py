"""Wall-clock timing for the cost explorer: the fastest of several calls, and a
two-constant time model fitted to measurements.  Numpy only."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


def time_call(fn, budget: float = 0.01, min_repeats: int = 3, max_repeats: int = 50) -> float:
    """Wall time of ``fn()`` in seconds: the fastest of as many calls as fit in ``budget``.

    The minimum, as ``timeit`` advises: other processes only ever add time, so the
    fastest run is the best estimate of the cost itself on a shared machine.
    """
    times = []
    start = time.perf_counter()
    while len(times) < max_repeats:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= min_repeats and time.perf_counter() - start > budget:
            break
    return float(np.min(times))


@dataclass
class TimeModel:
    """``time ≈ overhead × python_steps + per_mult × multiplications`` for one method."""

    overhead: float
    per_mult: float
    points: int = 0

    def predict(self, steps, mults):
        return self.overhead * np.asarray(steps, float) + self.per_mult * np.asarray(mults, float)


def fit_time_model(steps, mults, times) -> TimeModel:
    """Fit the two constants by least squares on relative error (both kept >= 0)."""
    steps, mults, times = (np.asarray(v, float) for v in (steps, mults, times))
    if len(times) == 0:
        raise ValueError("no measurements to fit")
    A = np.stack([steps, mults], axis=1) / times[:, None]  # relative: divide each row by t
    b = np.ones(len(times))
    if len(times) >= 2:
        coef, *_ = np.linalg.lstsq(A, b, rcond=None)
    else:
        coef = np.array([-1.0, -1.0])
    if coef[0] < 0 or coef[1] < 0:
        # One term alone: keep whichever single-term fit is better (a 1-parameter fit).
        fits = []
        for i in (0, 1):
            col = A[:, i]
            c = float(col @ b / (col @ col)) if col @ col > 0 else 0.0
            fits.append((float(np.sum((col * c - b) ** 2)), i, c))
        _, i, c = min(fits)
        coef = np.array([c, 0.0]) if i == 0 else np.array([0.0, c])
    return TimeModel(float(coef[0]), float(coef[1]), len(times))
