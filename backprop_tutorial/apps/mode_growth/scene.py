"""Notebook 4's growth chart as PlotWidget data: the multiplications of forward and
reverse mode as the width grows, on log–log axes, with the network of the sliders
marked.  The two modes differ by line style and marker as well as colour.  Numpy only.
"""

from __future__ import annotations

import html

import numpy as np

from ...ui import charts as sp
from ...ui.style import COLORS
from .model import ModeGrowthModel

GROWTH_SIZE = (720, 330)


def growth_limits(model) -> tuple:
    """Log-axis limits that hold the curves of every depth, so moving a slider never
    rescales the plot (and depths can be compared by eye)."""
    curves = [model.curve(d) for d in (1, model.MAX_DEPTH)]
    n_max = max(c["n_params"].max() for c in curves)
    lo = min(c["reverse"].min() for c in curves)
    hi = max(c["forward"].max() for c in curves)
    decade = 10.0 ** np.floor(np.log10([1.0, lo]))
    return (1.0, 10.0 ** np.ceil(np.log10(n_max * 1.5))), (
        float(decade[1]),
        float(10.0 ** np.ceil(np.log10(hi * 1.5))),
    )


def growth_figure(model) -> dict:
    xlim, ylim = growth_limits(model)
    w, h = GROWTH_SIZE
    ax = sp.axes(
        "growth",
        90,
        34,
        w - 110,
        h - 96,
        xlim,
        ylim,
        xscale="log",
        yscale="log",
        xlabel="parameters n + m (log scale)",
        ylabel="multiplications (log scale)",
        grid=True,
        ylabel_offset=60,
    )
    legend = [
        sp.legend_item("forward mode: n + m passes (solid, circles)", COLORS["forward"]),
        sp.legend_item(
            "reverse mode: 1 forward + 1 backward pass (dashed, triangles)",
            COLORS["backward"],
            dash=True,
        ),
        sp.legend_item("your network (squares)", COLORS["text"], marker="square"),
    ]
    return sp.figure(w, h, [ax], legend=legend, title="forward against reverse mode")


def growth_layers(model) -> dict:
    """The two curves at the current depth, the network of the sliders, a caption."""
    c = model.curve()
    here = model.counts()
    depth = model.params()["depth"]
    n = here["n_params"]
    return {
        "forward": sp.line(
            c["n_params"],
            c["forward"],
            color=COLORS["forward"],
            width=2,
            marker="circle",
            size=2.5,
            axes="growth",
        ),
        "reverse": sp.line(
            c["n_params"],
            c["reverse"],
            color=COLORS["backward"],
            width=2,
            dash="7 4",
            marker="triangle",
            size=3,
            axes="growth",
        ),
        "here": sp.scatter(
            [n, n],
            [here["forward"], here["reverse"]],
            color=COLORS["text"],
            marker="square",
            size=5.5,
            axes="growth",
            z=4,
        ),
        "caption": sp.text(
            0.02,
            0.93,
            f"depth L = {depth}: networks [w] × {depth} + [1], w = 1..{model.MAX_WIDTH}",
            coords="axes",
            axes="growth",
        ),
        "ratio": sp.text(
            0.98,
            0.07,
            f"your network {here['sizes']}: forward / reverse = "
            f"{here['forward'] / here['reverse']:,.1f}, n + m = {n:,}",
            coords="axes",
            anchor="end",
            axes="growth",
        ),
    }


def measurement_html(model: ModeGrowthModel) -> str:
    c = model.counts()
    lines = [
        f"network {c['sizes']}: n + m = {c['n_params']:,} parameters",
        f"forward mode: {c['forward_passes']:,} passes, {c['forward']:,} multiplications",
        f"reverse mode: {c['reverse_passes']} forward + 1 backward pass, "
        f"{c['reverse']:,} multiplications",
        f"forward / reverse = {c['forward'] / c['reverse']:,.1f}",
    ]
    m = model.measured
    if m is None:
        lines.append("Press “Run both” to run them and time them.")
    else:
        lines.append(
            f"ran: forward mode made {m.forward_passes:,} passes and counted "
            f"{m.forward_multiplications:,} multiplications in {m.forward_seconds * 1e3:,.1f} ms; "
            f"backprop took {m.reverse_seconds * 1e3:,.3f} ms "
            f"(time ratio {m.forward_seconds / m.reverse_seconds:,.0f}); "
            f"largest gradient difference {m.max_abs_difference:.1e}"
        )
    return (
        "<div class='bt-growth' style='font-size:13.5px'>"
        + "<br>".join(html.escape(t) for t in lines)
        + "</div>"
    )
