"""A learner's matplotlib figure with a text alternative (notebook 6's ε sweep)."""

from __future__ import annotations

import base64
import html
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from backprop_tutorial.ui.figure import described, eps_sweep_text  # noqa: E402

EPS = np.logspace(-1, -13, 7)
ERRORS = np.array([1e-3, 1e-7, 1e-11, 3e-9, 1e-6, 1e-4, 1e-2])


def test_the_figure_is_its_png_with_the_words_as_alt_text():
    fig, ax = plt.subplots()
    ax.loglog(EPS, ERRORS)
    shown = described(fig, 'a V, "deepest" at <1e-5>')
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend shows it once
    page = shown._repr_html_()
    alt = re.search(r'alt="([^"]*)"', page)[1]
    assert html.unescape(alt) == 'a V, "deepest" at <1e-5>'
    png = base64.b64decode(re.search(r"base64,([^\"]+)\"", page)[1])
    assert png.startswith(b"\x89PNG") and png == shown.png
    assert repr(shown) == 'figure: a V, "deepest" at <1e-5>'


@pytest.mark.parametrize(
    ("fig", "alt", "named"),
    [(None, "words", "fig"), ("figure", "words", "fig"), ("FIG", "", "alt"), ("FIG", 3, "alt")],
)
def test_bad_input_names_the_argument(fig, alt, named):
    if fig == "FIG":
        fig = plt.figure()
    with pytest.raises(ValueError, match=named):
        described(fig, alt)
    plt.close("all")


def test_the_sweep_in_words_names_both_ends_and_the_best_eps():
    said = eps_sweep_text(EPS, ERRORS)
    assert "7 step sizes from ε = 1e-01 down to 1e-13" in said
    assert "1.0e-03 at the largest ε" in said and "falls to 1.0e-11 at ε = 1e-05" in said
    assert "rises again to 1.0e-02 at the smallest: a V" in said


@pytest.mark.parametrize(
    ("eps", "errors", "named"),
    [
        ([1e-3], [0.1], "eps"),
        ([1e-3, -1e-4], [0.1, 0.2], "eps"),
        (EPS, ERRORS[:3], "errors"),
        (EPS, -ERRORS, "errors"),
        (EPS, np.full(7, np.nan), "errors"),
        ("1e-3, 1e-4", ERRORS[:2], "eps"),
        (None, ERRORS, "eps"),
        ([[1e-3, 1e-4], [1e-5]], ERRORS[:2], "eps"),
        (EPS, ERRORS + 1j, "errors"),
        (EPS, [10**400] * 7, "errors"),
    ],
)
def test_bad_sweeps_name_the_argument(eps, errors, named):
    with pytest.raises(ValueError, match=named):
        eps_sweep_text(eps, errors)
