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

# Roles, not hues: views ask for "backward", never for "red".  Two values per role, one
# for JupyterLab's light theme and one for its dark theme, each Okabe-Ito's hue made darker
# (light) or lighter (dark) until text in it reads at 4.5:1 on the theme's output background
# (white; JupyterLab Dark's #111111), 3:1 for "path" and "first", which colour lines and
# fills, never small text.  tests/core/test_style.py checks both palettes for contrast and
# for the colour-vision pairs below.
COLORS = {
    "forward": OKABE_ITO["blue"],  # values, the forward pass
    "backward": "#B34F00",  # gradients, the backward pass (vermillion, darker)
    "shared": "#935778",  # a gradient reused by several others (reddish purple, darker)
    "param": "#005840",  # weights and biases (bluish green, darker)
    "path": "#4590BA",  # a highlighted path (notebook 3; sky blue, darker)
    # Fill of the node the current step computes: the palette's yellow, lightened so that
    # blue and orange text on it keep 4.5:1 (measured in the browser, tests/ui/test_a11y.py).
    "active": "#FBF5A8",
    # Two items the learner picked (two weights): each also has its own shape and number,
    # and "second" is drawn dashed.
    "first": "#B87F00",  # orange, darker
    "second": OKABE_ITO["black"],
    "text": "#222222",
    "muted": "#636363",  # held-fixed inputs, captions (5.5:1 on white)
    "edge": "#8a8a8a",  # edges not used by the current step (3:1 on white)
    "done": "#e8f1fb",  # fill of nodes whose value is known
    "idle": "#f2f2f2",  # fill of nodes not computed yet
    "grad_fill": "#fdf0e8",  # fill of nodes whose gradient is known
    "meeting_fill": "#faeef5",  # fill of the node where two chosen paths meet
    "bias_fill": "#9fd8c4",
    "on_param": "#ffffff",  # text on a "param" fill
    "on_first": "#000000",
    "on_second": "#ffffff",
    "surface": "#ffffff",  # tooltips, cards: the page's background
    "error": "#b00020",
}

DARK_COLORS = {
    **COLORS,
    "forward": OKABE_ITO["sky_blue"],
    "backward": "#FF8A4C",
    "shared": OKABE_ITO["reddish_purple"],
    "param": OKABE_ITO["bluish_green"],
    "path": "#A7DDFA",
    "active": "#403A00",
    "first": OKABE_ITO["orange"],
    "second": "#EDEDED",
    "text": "#E6E6E6",
    "muted": "#A9A9A9",
    "edge": "#8C8C8C",
    "done": "#132133",
    "idle": "#1E1E1E",
    "grad_fill": "#2E1A10",
    "meeting_fill": "#3A1B33",
    "bias_fill": "#1F5A48",
    "on_param": "#000000",
    "on_first": "#000000",
    "on_second": "#111111",
    "surface": "#212121",
    "error": "#FF7A8C",
}
PALETTES = {"light": COLORS, "dark": DARK_COLORS}

# Two classes of a data set (notebook 2's decision boundary), also told apart by marker.
CLASS_COLORS = (OKABE_ITO["orange"], OKABE_ITO["blue"])
DARK_CLASS_COLORS = (OKABE_ITO["orange"], OKABE_ITO["sky_blue"])

# Inks for marks drawn over a heat map (contour lines, an arrow's outline, marker edges):
# the map's colours are data and the same in both themes, so these are never themed (the
# near-black is not the palette's black, which "second" turns light in the dark theme).
DARK_INK = "#111111"
LIGHT_INK = "#ffffff"


def luminance(hex_color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    if not (isinstance(hex_color, str) and len(hex_color) == 7 and hex_color[0] == "#"):
        raise ValueError(f"hex_color must look like '#rrggbb', got {hex_color!r}")
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_on(background: str) -> str:
    """:data:`DARK_INK` or :data:`LIGHT_INK`, whichever stands out more on ``background``
    (at least 4.3:1 on any colour: a mark inked so keeps 3:1 on a map's colour)."""
    dark, light = contrast(DARK_INK, background), contrast(LIGHT_INK, background)
    return DARK_INK if dark >= light else LIGHT_INK


def map_color(value: float, vmin: float, vmax: float, colors) -> str:
    """The colour a heat map paints ``value`` in (as plot.js does: ``colors`` spread evenly
    from ``vmin`` to ``vmax``), so a mark on the map can be inked to stand out from it."""
    if not colors:
        raise ValueError("colors must hold at least one '#rrggbb' colour")
    t = (value - vmin) / (vmax - vmin) if vmax > vmin else 0.5
    t = min(1.0, max(0.0, t))
    return colors[min(len(colors) - 1, int(t * len(colors)))]


# Where the theme has a variable of its own, pictures use it (a custom JupyterLab theme is
# followed too); the palette's value is the fallback outside JupyterLab and Voila.
_THEME_VARIABLES = {
    "text": "--jp-ui-font-color1",
    "surface": "--jp-layout-color0",
}
# Neutral greys the chart builders write as hex: what each one means.
_NEUTRALS = {
    "#222222": "text",
    "#222": "text",
    "#333333": "text",
    "#333": "text",
    "#555555": "axis",
    "#555": "axis",
    "#888888": "axis",
    "#888": "axis",
}


def var(role: str) -> str:
    """CSS for the colour of ``role`` in the current theme (for HTML read-outs and SVG
    styles), falling back to the light value where the theme's variables are missing."""
    if role not in COLORS:
        raise ValueError(f"role must be one of {', '.join(COLORS)}, got {role!r}")
    return f"var(--bt-{role}, {COLORS[role]})"


def theme_css() -> str:
    """The ``--bt-<role>`` variables for both themes, switched by JupyterLab's (and
    Voila's) ``body[data-jp-theme-light]``: a theme switch recolours without a re-run."""

    def block(palette: dict) -> str:
        lines = []
        for role, value in palette.items():
            theme_var = _THEME_VARIABLES.get(role)
            lines.append(f"--bt-{role}: {f'var({theme_var}, {value})' if theme_var else value};")
        lines.append("--bt-axis: var(--jp-ui-font-color2, #757575);")
        lines.append("--bt-grid: var(--jp-border-color2, #e0e0e0);")
        return " ".join(lines)

    return (
        f"body {{ {block(COLORS)} }}\n"
        f'body[data-jp-theme-light="false"] {{ {block(DARK_COLORS)} }}\n'
    )


def role_of_color() -> dict:
    """Light hex colour (lower case) -> role, for the browser: a chart colour that is a
    role's follows the theme (``var(--bt-<role>)``); any other colour is drawn as sent."""
    out = {}
    for hex_color in OKABE_ITO.values():
        for role, value in COLORS.items():
            if value.lower() == hex_color.lower():
                out.setdefault(hex_color.lower(), role)
    for role, value in COLORS.items():
        out.setdefault(value.lower(), role)
    out.update(_NEUTRALS)
    out.pop("#ffffff", None)  # white stays white (contour lines, marker edges on maps)
    return out


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
