"""Small helpers for charts as data: round axis limits and colour ramps (numpy only).

Used by the notebook 4 and 5 chart builders (:mod:`.modes`, :mod:`.digits`) so that
their limits change only in visible steps and their colour maps need no matplotlib.
"""

from __future__ import annotations

import math

import numpy as np


def nice_ceil(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is >= ``value`` (1 for value <= 0).

    Axis limits rounded this way stay put while the data moves a little, so a slider
    usually changes only the layers, not the whole figure.
    """
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        return 1.0
    mag = 10.0 ** math.floor(math.log10(value))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= value * (1 - 1e-12):
            return m * mag
    return 10.0 * mag  # pragma: no cover - the loop always returns


def _rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    if len(color) != 6:
        raise ValueError(f"colours are '#rrggbb' strings, got {color!r}")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def ramp(stops, n: int = 64) -> tuple:
    """``n`` hex colours interpolated linearly (in RGB) through the hex ``stops``."""
    rgb = np.array([_rgb(c) for c in stops])
    t = np.linspace(0.0, len(stops) - 1.0, n)
    lo = np.minimum(np.floor(t).astype(int), len(stops) - 2)
    frac = (t - lo)[:, None]
    mixed = np.rint(rgb[lo] * (1 - frac) + rgb[lo + 1] * frac).astype(int)
    return tuple("#{:02x}{:02x}{:02x}".format(*c) for c in mixed)
