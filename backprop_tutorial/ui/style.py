"""The look shared by every picture: palette, the "not known yet" mark, number formats.

The bottom layer of the views (standard library only): plots, scene builders and
widgets all import it, so a colour means the same thing everywhere and nothing here
pulls in matplotlib or ipywidgets.

The palette is Okabe and Ito's (2008) colour-blind-safe set.  Colour is never the only
carrier of meaning: views pair each role with a shape, a line style or a word (a
backward arrow is also dashed and points the other way; a shared factor is also bold
and starred).  ``tests/test_style.py`` simulates the three common colour-vision
deficiencies and checks that the pairs in :data:`MUST_DIFFER` stay apart.
"""

from __future__ import annotations

import math

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# Roles, not hues: views ask for "backward", never for "red".
COLORS = {
    "forward": OKABE_ITO["blue"],  # values, the forward pass
    "backward": OKABE_ITO["vermillion"],  # gradients, the backward pass
    "shared": OKABE_ITO["reddish_purple"],  # a gradient reused by several others
    "param": OKABE_ITO["bluish_green"],  # weights and biases
    "path": OKABE_ITO["sky_blue"],  # a highlighted path (notebook 3)
    "active": OKABE_ITO["yellow"],  # fill of the node the current step computes
    # Two items the learner picked (two weights): each also has its own shape and number,
    # and "second" is drawn dashed.
    "first": OKABE_ITO["orange"],
    "second": OKABE_ITO["black"],
    "text": "#222222",
    "muted": "#6b6b6b",  # held-fixed inputs, captions (4.5:1 on white: readable)
    "edge": "#8c8c8c",  # edges not used by the current step
    "done": "#e8f1fb",  # fill of nodes whose value is known
    "idle": "#f2f2f2",  # fill of nodes not computed yet
    "error": "#b00020",
}

# Two classes of a data set (notebook 2's decision boundary), also told apart by marker.
CLASS_COLORS = (OKABE_ITO["orange"], OKABE_ITO["blue"])

# Role pairs a learner must tell apart, by colour as well as by shape.
MUST_DIFFER = (
    ("forward", "backward"),
    ("forward", "param"),
    ("backward", "param"),
    ("shared", "backward"),
    ("shared", "forward"),
    ("shared", "param"),
    ("path", "backward"),
    ("first", "second"),
    ("first", "shared"),
    ("second", "shared"),
    ("first", "param"),
    ("second", "param"),
)

UNKNOWN = "\u2014"  # "—": a value not computed yet (never a misleading 0)


def fmt(value, spec: str = ".3g") -> str:
    """Format a number, or "—" for a value not known yet (None).

    Non-finite values print as "nan"/"inf" rather than raising; an int too large for
    ``spec`` is shown in scientific notation from its digit count, without converting it
    to a float (Python refuses ints over 4,300 digits in ``str``).
    """
    if value is None:
        return UNKNOWN
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        digits = int_digits(value)
        sign = "-" if value < 0 else ""
        return f"{sign}~1e{digits - 1}"
    return format(value, spec)


def int_digits(n: int) -> int:
    """Number of decimal digits of ``abs(n)``, without building its decimal string."""
    n = abs(int(n))
    if n == 0:
        return 1
    estimate = int(n.bit_length() * math.log10(2)) + 1
    # bit_length * log10(2) can be one too high: correct with one comparison.
    return estimate - 1 if n < 10 ** (estimate - 1) else estimate
