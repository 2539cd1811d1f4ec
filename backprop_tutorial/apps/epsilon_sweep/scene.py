"""The ε sweep as chart data: relative error against ε, both axes logarithmic, a dashed
line at the best ε.  Numpy only; the builders take an
:class:`~backprop_tutorial.apps.epsilon_sweep.model.EpsilonSweepModel`.
"""

from __future__ import annotations

import math

import numpy as np

from ...ui import charts as sp
from ...ui.style import OKABE_ITO

WIDTH, HEIGHT = 640, 340
AXES = (84, 44, 530, 240)
CURVE = OKABE_ITO["blue"]
BEST = "#555555"


def _decades(values: np.ndarray, margin: float = 0.0) -> tuple:
    """Whole powers of 10 around ``values`` (positive), at least ``margin`` decades away
    (so a point is not drawn on the axis line)."""
    return (
        10.0 ** math.floor(math.log10(float(values.min())) - margin),
        10.0 ** math.ceil(math.log10(float(values.max())) + margin),
    )


def shown_errors(model) -> np.ndarray:
    """The errors as drawn: an exact 0 sits on the smallest positive error's decade."""
    positive = model.errors[model.errors > 0]
    floor = float(positive.min()) if positive.size else 1e-16
    return np.maximum(model.errors, floor)


def sweep_figure(model) -> dict:
    return sp.figure(
        WIDTH,
        HEIGHT,
        [
            sp.axes(
                "sweep",
                *AXES,
                _decades(model.eps),
                _decades(shown_errors(model), margin=0.3),
                xscale="log",
                yscale="log",
                xlabel="ε (step of the central difference)",
                ylabel="relative error",
                title="central difference vs the engine's gradient",
                grid=True,
            )
        ],
        legend=[
            sp.legend_item("relative error", CURVE, marker="circle"),
            sp.legend_item("best ε", BEST, dash=True),
        ],
        title="relative error of the central difference against ε",
    )


def summary(model) -> str:
    """What the chart shows, in words (its text alternative)."""
    e = model.errors
    return (
        f"{e.size} step sizes from ε = {model.eps.max():.0e} down to {model.eps.min():.0e}. "
        f"The error is {e[np.argmax(model.eps)]:.1e} at the largest ε, falls to "
        f"{e.min():.1e} at ε = {model.best:.0e}, and rises again to "
        f"{e[np.argmin(model.eps)]:.1e} at the smallest: a V"
    )


def sweep_layers(model) -> dict:
    curve = sp.line(
        model.eps,
        shown_errors(model),
        color=CURVE,
        width=2.0,
        marker="circle",
        size=3,
        axes="sweep",
    )
    curve["summary"] = summary(model)
    return {
        "curve": curve,
        "best": sp.vline(model.best, color=BEST, width=1.5, dash="6 4", axes="sweep"),
    }
