"""The parameters notebook 1's apps share, their ranges, and how a change is checked.

One table (:data:`RANGES`) says what each app accepts and what its slider shows, so a
control can always show the model's real value: a value the slider could not show is
refused with a clear message instead of being clipped silently.
"""

from __future__ import annotations

import math
import numbers

from .style import fmt

# name -> (lowest, highest, slider step, label)
RANGES = {
    "w0": (-6.0, 6.0, 0.05, "w0"),
    "w1": (-6.0, 6.0, 0.05, "w1"),
    "x": (-3.0, 3.0, 0.05, "x (input)"),
    "y": (0.0, 1.0, 0.01, "y (target)"),
    "learning_rate": (0.1, 60.0, 0.1, "α (learning rate)"),
}


def number(name: str, value) -> float:
    """``value`` as a finite float, or a ValueError naming ``name`` and the value.

    Strings, None, arrays and booleans are refused (a slider only ever sends numbers);
    so are NaN, infinities and ints too large for a float.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise ValueError(f"{name} must be a number, got {shown} ({type(value).__name__})")
    try:
        out = float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large for a float: pick a number in range") from None
    if not math.isfinite(out):
        raise ValueError(f"{name} must be a finite number, got {out}")
    return out


def in_range(name: str, value, lo: float | None = None, hi: float | None = None) -> float:
    """``number(name, value)`` within ``[lo, hi]`` (default: :data:`RANGES`)."""
    if lo is None or hi is None:
        lo, hi = RANGES[name][:2]
    out = number(name, value)
    if not lo <= out <= hi:
        raise ValueError(f"{name} = {out:g} is out of range: use a value in [{lo:g}, {hi:g}]")
    return out


def check_names(changes: dict, allowed) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}: use {list(allowed)}")


def checked(changes: dict, allowed) -> dict:
    """Every change validated (names and values) before anything is applied."""
    check_names(changes, allowed)
    return {k: in_range(k, v) for k, v in changes.items()}


def integer(name: str, value, lo: int, hi: int) -> int:
    """An int in ``[lo, hi]`` (an integral float such as 3.0 is fine), else ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if isinstance(value, numbers.Integral):
        out = int(value)
    else:
        v = float(value)
        if not math.isfinite(v) or v != int(v):
            raise ValueError(f"{name} must be an integer, got {value!r}")
        out = int(v)
    if not lo <= out <= hi:
        raise ValueError(
            f"{name} = {fmt(out, 'd')} is out of range: use an integer in [{lo}, {hi}]"
        )
    return out
