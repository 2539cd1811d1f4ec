"""Numbers for people: counts of any size, durations, products of widths.

Standard library only.  Counts in notebook 3 are exact Python ints of any size (a
network of 50 weight layers of width 100 has a 101-digit number of paths), so nothing
here converts a count to a float or to its full decimal string unasked: Python refuses
``str()`` of an int over 4,300 digits, and a float overflows past ``1e308``.
"""

from __future__ import annotations

import math
import numbers

from ..core import checks
from .style import UNKNOWN, int_digits


def format_count(n, max_digits: int = 15) -> str:
    """An exact integer in full (``1,234,567``), or in scientific notation when huge.

    Parameters
    ----------
    n : int
        A Python (or numpy) int of any size.
    max_digits : int
        Up to this many digits the number is written in full.

    Examples
    --------
    >>> format_count(46656)
    '46,656'
    >>> format_count(6**40)
    '1.34 × 10^31'
    >>> format_count(10**5000)
    '1.00 × 10^5000'
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ValueError(f"format_count needs an integer, got {checks.show(n)}")
    n = int(n)
    digits = int_digits(n)
    if digits <= max_digits:
        return f"{n:,}"
    # The leading four digits from the integer itself: no float, no full decimal string.
    lead = abs(n) // 10 ** (digits - 4)
    mantissa = round(lead / 1000, 2)
    exponent = digits - 1
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    sign = "-" if n < 0 else ""
    return f"{sign}{mantissa:.2f} × 10^{exponent}"


def format_seconds(t) -> str:
    """A duration for people: ``"3.2 µs"``, ``"41 ms"``, ``"2.5 h"``, ``"3.1e+09 years"``.

    None or a non-finite value (no measurement, or a time past any float) is "—".
    """
    if t is None:
        return UNKNOWN
    t = float(t)
    if not math.isfinite(t) or t < 0:
        return UNKNOWN
    if t < 1e-3:
        return f"{t * 1e6:.3g} µs"
    if t < 1:
        return f"{t * 1e3:.3g} ms"
    if t < 120:
        return f"{t:.3g} s"
    if t < 7200:
        return f"{t / 60:.3g} min"
    if t < 2 * 86400:
        return f"{t / 3600:.3g} h"
    if t < 2 * 365.25 * 86400:
        return f"{t / 86400:.3g} days"
    return f"{t / (365.25 * 86400):.3g} years"


def product_text(widths) -> str:
    """``"3 × 3 × 2"``; "1 (no layer after it)" for an empty product."""
    return " × ".join(str(w) for w in widths) if widths else "1 (no layer after it)"
