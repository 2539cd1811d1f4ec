"""Notebook 4's tape chart as PlotWidget data: the memory kept for every checkpointing
interval k (bars) and the extra forward work (line), with √L marked and the chosen k
labelled.  Numpy only.
"""

from __future__ import annotations

import html

import numpy as np

from ...ui import charts as sp
from ...ui.scale import nice_ceil
from ...ui.style import COLORS
from .model import TapeModel

TAPE_SIZE = (720, 300)


def _memory_top(curve) -> float:
    """The memory axis's upper limit (MB): room above the tallest bar for its label."""
    return nice_ceil(curve["memory"].max() / 1e6 * 1.15)


def tape_chart(model) -> tuple:
    """``(figure, layers)`` of the tape app, from one pass over every k."""
    c = model.curve()
    return tape_figure(model, c), tape_layers(model, c)


def tape_figure(model, curve: dict | None = None) -> dict:
    """Two axes side by side: memory kept (bars) and extra forward work (line), both
    against k; their x limits follow the depth, the memory axis the largest bar."""
    c = model.curve() if curve is None else curve
    L = len(c["k"])
    top = _memory_top(c)
    w, h = TAPE_SIZE
    step = max(1, int(np.ceil(L / 8)))
    ticks = [float(k) for k in c["k"][::step]]
    memory = sp.axes(
        "memory",
        70,
        44,
        300,
        h - 106,
        (0.4, L + 0.6),
        (0.0, top),
        xlabel="k (keep every k-th layer)",
        ylabel="memory kept (MB)",
        xticks=ticks,
        ylabel_offset=50,
    )
    work = sp.axes(
        "work",
        450,
        44,
        w - 470,
        h - 106,
        (0.4, L + 0.6),
        (0.0, 1.05),
        xlabel="k (keep every k-th layer)",
        ylabel="extra forward work (× one forward pass)",
        xticks=ticks,
        grid=True,
        ylabel_offset=40,
    )
    legend = [
        sp.legend_item("memory for each k (bars)", COLORS["backward"], marker="square"),
        sp.legend_item("the chosen k (labelled)", COLORS["shared"], marker="square"),
        sp.legend_item("k = √L (dotted)", COLORS["muted"], dash=True),
        sp.legend_item("extra forward work (circles)", COLORS["forward"]),
    ]
    return sp.figure(w, h, [memory, work], legend=legend, title="the tape and checkpointing")


def tape_layers(model, curve: dict | None = None) -> dict:
    """Bars of memory per k, the chosen k labelled, √L dotted, the extra-work line."""
    c = model.curve() if curve is None else curve
    k = model.params()["k"]
    mb = c["memory"] / 1e6
    chosen = k - 1
    r = model.sqrt_L()
    colors = [COLORS["shared"] if i == chosen else COLORS["backward"] for i in range(len(mb))]
    # Written in the headroom above the tallest bar (the axis ends >= 1.15 x its height),
    # so no bar hides it; the chosen bar is also coloured.
    label = sp.text(
        0.98, 0.95, f"chosen k = {k}: {mb[chosen]:,.2f} MB · √L = {r:.3g}", anchor="end",
        coords="axes", axes="memory", weight="bold",
    )  # fmt: skip
    return {
        "bars": sp.bars(c["k"], mb, colors=colors, bar_width=0.72, axes="memory", opacity=0.9),
        "chosen_label": label,
        "sqrt_L": sp.vline(r, color=COLORS["muted"], width=1.5, dash="2 3", axes="memory", z=2),
        "work_line": sp.line(
            c["k"], c["extra"], color=COLORS["forward"], marker="circle", size=2.5, axes="work"
        ),
        "work_chosen": sp.scatter(
            [k],
            [c["extra"][chosen]],
            color=COLORS["shared"],
            marker="square",
            size=6,
            axes="work",
            edge="#000000",
        ),  # fmt: skip
        # Bottom right: the line rises from 0 at k = 1, so that corner stays empty.
        "work_label": sp.text(
            0.97,
            0.1,
            f"chosen k = {k}: {c['extra'][chosen]:.2f} × one forward pass",
            coords="axes",
            anchor="end",
            axes="work",
        ),
    }


def _mb(b) -> str:
    return f"{b / 1e6:,.2f} MB"


def tape_html(model: TapeModel) -> str:
    p = model.params()
    plan = model.plan()
    lines = [
        f"network [{p['width']}] × {p['depth'] + 1}, batch {p['batch']}: the full tape keeps "
        f"{_mb(model.tape_bytes())} (every S[l] and a[l+1], and x)",
        f"checkpoint every k = {p['k']}: keeps {len(plan.kept)} of {p['depth']} layers "
        f"({_mb(plan.kept_bytes)}) + the largest rebuilt segment ({_mb(plan.recompute_bytes)})"
        f" = {_mb(plan.memory_bytes)}",
        f"extra forward work: {plan.extra_multiplications:,} multiplications "
        f"= {plan.extra_fraction:.2f} of one forward pass",
        f"least memory at k = {model.balanced_k()};  √L = {model.sqrt_L():.2f}",
    ]
    m = model.measured
    if m is None:
        lines.append("Press “Measure” to run it under tracemalloc.")
    else:
        lines.append(
            f"measured peak (tracemalloc): {_mb(m.peak_bytes)} against the formula's "
            f"{_mb(m.formula_bytes)}; gradients equal backprop's to {m.gradient_error:.1e}"
        )
    return (
        "<div class='bt-tape' style='font-size:13.5px'>"
        + "<br>".join(html.escape(t) for t in lines)
        + "</div>"
    )
