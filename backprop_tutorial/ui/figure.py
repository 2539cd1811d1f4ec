"""A learner's own matplotlib figure, shown with a text alternative.

JupyterLab, Notebook 7 and Voila show a figure's PNG output as an image without alt text
(no output metadata sets one yet: jupyter/enhancement-proposals#120), so a screen reader
says only "image". :func:`described` shows the same PNG in HTML that carries the words.
:func:`eps_sweep_text` gives those words for notebook 6's sweep of the central
difference's step size.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np

from ..core import checks


class DescribedFigure:
    """A PNG and the sentence that says what it shows (see :func:`described`)."""

    def __init__(self, png: bytes, alt: str):
        self.png, self.alt = png, alt

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (
            f'<img class="bt-figure" src="data:image/png;base64,{data}" '
            f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%;height:auto">'
        )

    def __repr__(self) -> str:  # what a text-only front end prints
        return f"figure: {self.alt}"


def described(fig, alt: str, dpi: int = 100) -> DescribedFigure:
    """Show the matplotlib figure ``fig`` with the text alternative ``alt``.

    The figure is closed, so the notebook's inline backend does not show it a second
    time without the text.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the figure shows, in words: the trend and the values that matter.
    dpi : int
        Resolution of the PNG.
    """
    from matplotlib.figure import Figure

    checks.instance("fig", fig, Figure, "pass the figure of plt.subplots()")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must say in words what the figure shows, got {checks.show(alt)}")
    dpi = checks.integer("dpi", dpi, 20, 600)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return DescribedFigure(buffer.getvalue(), alt.strip())


def eps_sweep_text(eps, errors) -> str:
    """Notebook 6's sweep in words: the relative error of a central difference at each
    step size ``eps`` (both 1-D, same length, at least two; ``eps`` positive, ``errors``
    not negative)."""
    eps, errors = checks.array("eps", eps), checks.array("errors", errors)
    if eps.ndim != 1 or eps.size < 2 or np.any(eps <= 0):
        raise ValueError(f"eps must be at least two positive step sizes, got {checks.show(eps)}")
    if errors.shape != eps.shape:
        raise ValueError(
            f"errors must hold one relative error per ε ({eps.size}), got shape {errors.shape}"
        )
    if np.any(errors < 0):
        raise ValueError("errors must not be negative (they are relative errors)")
    big, small, best = np.argmax(eps), np.argmin(eps), np.argmin(errors)
    return (
        f"Relative error of the central difference against ε, both on log scales: "
        f"{eps.size} step sizes from ε = {eps[big]:.0e} down to {eps[small]:.0e}. The error "
        f"is {errors[big]:.1e} at the largest ε, falls to {errors[best]:.1e} at "
        f"ε = {eps[best]:.0e} (the dashed line), and rises again to {errors[small]:.1e} at "
        f"the smallest: a V."
    )
