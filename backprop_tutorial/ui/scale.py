"""Small helpers for charts as data: round axis limits, axis ticks and colour ramps
(numpy only).

Limits rounded by :func:`nice_ceil` change only in visible steps; :func:`ticks` is the one
tick algorithm (:func:`backprop_tutorial.ui.charts.axes` sends its ticks and labels, the
browser only draws them); :func:`ramp` makes colour maps without matplotlib.
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


# -- axis ticks (the one tick algorithm: the browser draws the ticks it is sent) ----------
def linear_ticks(lo: float, hi: float, n: int = 5) -> list:
    """Round values 1, 2, 2.5 or 5 × 10^k apart in ``[lo, hi]``, about ``n`` of them."""
    span = hi - lo
    if not span > 0:
        return [float(lo)]
    mag = 10.0 ** math.floor(math.log10(span / n))
    step = next((m * mag for m in (1, 2, 2.5, 5, 10) if span / (m * mag) <= n + 0.5), 10 * mag)
    first = math.ceil(lo / step - 1e-9)
    count = math.floor(hi / step + 1e-9) - first + 1
    return [float(f"{(first + i) * step:.12g}") for i in range(count)]


def log_ticks(lo: float, hi: float, most: int = 6) -> list:
    """Round values between ``lo`` and ``hi`` > 0 for a log axis: powers of 10 when the
    range spans enough of them, else 1, 2, 5 (or finer) times a power of 10."""
    if not (lo > 0 and hi > lo):
        return [lo]
    for mantissas in ((1,), (1, 2, 5), (1, 1.5, 2, 3, 4, 5, 7)):
        out = []
        for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
            for m in mantissas:
                v = float(f"{m * 10.0**e:.3g}")
                if lo <= v <= hi:
                    out.append(v)
        if len(out) >= 3:
            break
    while len(out) > most:
        out = out[::2]
    if len(out) < 2:  # a very narrow range: its two ends, rounded
        out = sorted({float(f"{lo:.2g}"), float(f"{hi:.2g}")} | set(out))
        out = [v for v in out if lo <= v <= hi] or [lo, hi]
    return out


def tick_text(v: float, step: float | None = None) -> str:
    """A tick label: as many decimals as the tick spacing ``step`` needs (log axes: none
    given), scientific notation for very large or very small values."""
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e5 or a < 1e-3:
        return f"{v:.0e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
    if step is None:
        return f"{v:g}"
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{v:.{min(digits, 6)}f}"


def ticks(lo: float, hi: float, scale: str = "linear", n: int = 5) -> tuple:
    """``(values, labels)`` of an axis from ``lo`` to ``hi``."""
    if scale == "log":
        values = log_ticks(lo, hi)
        return values, [tick_text(v) for v in values]
    values = linear_ticks(lo, hi, n)
    step = values[1] - values[0] if len(values) > 1 else 1.0
    return values, [tick_text(v, step) for v in values]
