"""The palette stays colour-blind safe; formatting never fails on what apps show."""

import itertools

import numpy as np
import pytest

from backprop_tutorial.ui import charts, style

# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB.
CVD = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
# CIE76 distance in L*a*b*; ~2.3 is just noticeable; we ask for clearly different.
MIN_DISTANCE = 15.0


def _linear(hex_color: str) -> np.ndarray:
    c = np.array([int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ rgb_linear
    )
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_color: str, deficiency: str | None) -> np.ndarray:
    rgb = _linear(hex_color)
    if deficiency:
        rgb = np.clip(np.array(CVD[deficiency]) @ rgb, 0, 1)
    return _lab(rgb)


@pytest.mark.parametrize("theme", style.PALETTES)
@pytest.mark.parametrize("deficiency", [None, *CVD])
@pytest.mark.parametrize("pair", style.MUST_DIFFER, ids="-".join)
def test_role_pairs_stay_apart(pair, deficiency, theme):
    a, b = (style.PALETTES[theme][r] for r in pair)
    distance = np.linalg.norm(seen(a, deficiency) - seen(b, deficiency))
    assert distance >= MIN_DISTANCE, (pair, deficiency, theme, distance)


@pytest.mark.parametrize("classes", [style.CLASS_COLORS, style.DARK_CLASS_COLORS])
@pytest.mark.parametrize("deficiency", [None, *CVD])
def test_class_colours_stay_apart(deficiency, classes):
    a, b = classes
    assert np.linalg.norm(seen(a, deficiency) - seen(b, deficiency)) >= MIN_DISTANCE


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two hex colours."""
    lum = [float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(c)) for c in (a, b)]
    return (max(lum) + 0.05) / (min(lum) + 0.05)


# The output area's background in JupyterLab Light and JupyterLab Dark (--jp-layout-color0).
BACKGROUND = {"light": "#ffffff", "dark": "#111111"}
TEXT_ROLES = ("forward", "backward", "shared", "param", "text", "muted", "error")
LINE_ROLES = ("path", "first", "second", "edge")


@pytest.mark.parametrize("theme", style.PALETTES)
def test_roles_read_on_their_theme(theme):
    palette, bg = style.PALETTES[theme], BACKGROUND[theme]
    for role in TEXT_ROLES:  # small text: 4.5:1
        assert contrast(palette[role], bg) >= 4.5, (theme, role, contrast(palette[role], bg))
    for role in LINE_ROLES:  # lines, markers, fills that carry meaning: 3:1
        assert contrast(palette[role], bg) >= 3.0, (theme, role, contrast(palette[role], bg))
    # Text drawn on a role's fill.
    for fill, ink in (("param", "on_param"), ("first", "on_first"), ("second", "on_second")):
        assert contrast(palette[fill], palette[ink]) >= 4.5, (theme, fill)
    for fill in ("done", "idle", "grad_fill", "meeting_fill", "active"):
        assert contrast(palette[fill], palette["text"]) >= 4.5, (theme, fill)
    # Coloured labels on node fills: parameters' names, the gradient line, the shared star.
    for ink, fill in (("param", "done"), ("param", "idle"), ("backward", "done"),
                      ("backward", "grad_fill"), ("shared", "meeting_fill")):  # fmt: skip
        assert contrast(palette[ink], palette[fill]) >= 4.5, (theme, ink, fill)


def test_theme_css_switches_every_role_with_jupyterlab():
    css = style.theme_css()
    light, dark = css.split('body[data-jp-theme-light="false"]')
    for role in style.COLORS:
        assert f"--bt-{role}:" in light and f"--bt-{role}:" in dark, role
    assert "var(--jp-ui-font-color1" in light and "--bt-forward: #56B4E9" in dark


def test_simulation_catches_the_classic_red_green_pair():
    # The old pair (matplotlib's red and green) collapses for deuteranopes: the test can fail.
    red, green = "#d62728", "#2ca02c"
    assert np.linalg.norm(seen(red, "deuteranopia") - seen(green, "deuteranopia")) < MIN_DISTANCE


def test_every_role_is_a_hex_colour():
    for name, value in itertools.chain(style.COLORS.items(), style.OKABE_ITO.items()):
        assert value.startswith("#") and len(value) == 7, name


def test_fmt():
    assert style.fmt(None) == style.UNKNOWN
    assert style.fmt(0.123456) == "0.123"
    assert style.fmt(float("nan")) == "nan"
    assert style.fmt(10**5000) == "~1e5000"
    assert style.fmt(-(10**20)) == "-~1e20"


@pytest.mark.parametrize("n", [0, 1, 9, 10, 99, 100, 10**15 - 1, 10**15, 10**4000 + 7])
def test_int_digits(n):
    assert style.int_digits(n) == len(str(n)) if n < 10**4000 else 4001


def test_ink_on_keeps_a_mark_clear_of_any_map_colour():
    # Marks over a heat map (contours, the arrow's outline, marker edges) are inked dark or
    # light by the colour under them: 3:1 must hold on every colour a map can paint.
    greys = [f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 5)]
    for background in [*charts.VIRIDIS, *greys, *style.OKABE_ITO.values()]:
        ink = style.ink_on(background)
        assert style.contrast(ink, background) >= 4.3, (background, ink)
    assert style.ink_on("#440154") == style.LIGHT_INK  # viridis' dark end
    assert style.ink_on("#fde725") == style.DARK_INK  # its yellow end
    # Neither ink is a role's colour: the map is the same in both themes, so are its marks.
    assert {style.DARK_INK, style.LIGHT_INK}.isdisjoint(style.role_of_color())


def test_map_color_paints_as_the_browser_does():
    colors = ("#000000", "#808080", "#ffffff")
    assert style.map_color(0.0, 0.0, 3.0, colors) == "#000000"
    assert style.map_color(1.5, 0.0, 3.0, colors) == "#808080"
    assert style.map_color(3.0, 0.0, 3.0, colors) == "#ffffff"  # the top value: last colour
    assert style.map_color(-5.0, 0.0, 3.0, colors) == "#000000"  # clipped to the range
    with pytest.raises(ValueError, match="colors"):
        style.map_color(1.0, 0.0, 1.0, ())
    with pytest.raises(ValueError, match="hex_color"):
        style.luminance("red")
