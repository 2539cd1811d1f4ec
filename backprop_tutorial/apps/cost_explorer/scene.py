"""The cost explorer's chart as PlotWidget data: operations and time against depth.

Numpy only (via :mod:`.plot`).  Two log-scale axes side by side: on the left the exact
multiplication counts of the three methods (lines) and the counts the path sum made
while it ran (hollow circles); on the right the measured wall times (filled markers)
and the fitted time model (dashed).  Each method has its own colour *and* marker.  The
current depth is a vertical line with a hollow diamond on the path sum's values.
"""

from __future__ import annotations

import html

import numpy as np

from ...ui import charts as sp
from ...ui.style import COLORS, UNKNOWN, var
from ...ui.tables import HEAD, TABLE, box, table_row
from ...ui.text import format_count, format_seconds
from .model import METHOD_NAMES, METHODS

WIDTH, HEIGHT = 840, 318
AXES_Y, AXES_H, AXES_W = 52, 214, 318
OPS_X, TIME_X = 78, 482
MARKERS = {"path_sum": "circle", "backprop": "square", "finite_differences": "triangle"}
METHOD_COLORS = {
    "path_sum": COLORS["path"],
    "backprop": COLORS["backward"],
    "finite_differences": COLORS["text"],
}


def _limits(values) -> tuple:
    v = np.asarray(values, float)
    v = v[np.isfinite(v) & (v > 0)]
    if not v.size:
        return (0.1, 10.0)
    return (float(v.min()) / 3, float(v.max()) * 3)


def cost_figure(curves: dict, points: dict) -> dict:
    """Axes for one width's curves (the limits depend on them)."""
    d = curves["depth"]
    xlim = (float(d[0]) - 0.5, float(d[-1]) + 0.5)
    ops = np.concatenate([curves[f"ops_{m}"] for m in METHODS])
    times = np.concatenate([curves[f"time_{m}"] for m in METHODS] + [points[m][1] for m in METHODS])
    common = dict(xlabel="depth L (weight layers)", grid=True, yscale="log", n_xticks=6)
    ax_ops = sp.axes(
        "ops",
        OPS_X,
        AXES_Y,
        AXES_W,
        AXES_H,
        xlim,
        _limits(ops),
        ylabel="multiplications (exact count)",
        ylabel_offset=60,
        **common,
    )
    ax_time = sp.axes(
        "time",
        TIME_X,
        AXES_Y,
        AXES_W,
        AXES_H,
        xlim,
        _limits(times),
        ylabel="seconds (measured, and the time model)",
        ylabel_offset=60,
        **common,
    )
    legend = [sp.legend_item(METHOD_NAMES[m], METHOD_COLORS[m], marker=MARKERS[m]) for m in METHODS]
    legend += [
        sp.legend_item("left, solid: exact count", COLORS["muted"]),
        sp.legend_item("right, dashed: time model", COLORS["muted"], dash=True),
        sp.legend_item("○ counted while the path sum ran", COLORS["path"]),
    ]
    return sp.figure(WIDTH, HEIGHT, [ax_ops, ax_time], legend=legend, title="cost against depth")


def cost_layers(curves: dict, points: dict) -> dict:
    """The curves and measured points of one width."""
    d = curves["depth"]
    layers = {}
    for m in METHODS:
        color = METHOD_COLORS[m]
        layers[f"ops_{m}"] = sp.line(
            d, curves[f"ops_{m}"], color=color, marker=MARKERS[m], size=3.5, axes="ops", z=2
        )
        layers[f"model_{m}"] = sp.line(
            d, curves[f"time_{m}"], color=color, dash="6 4", width=1.6, axes="time", z=2
        )
        layers[f"measured_{m}"] = sp.scatter(
            *points[m], color=color, marker=MARKERS[m], size=4.5, axes="time", z=3
        )
    layers["counted_path_sum"] = sp.scatter(
        *points["ops_path_sum"],
        color="#ffffff",
        edge=COLORS["path"],
        size=6.5,
        axes="ops",
        z=1,
    )
    layers["counted_path_sum"]["edge_width"] = 1.8  # hollow: the ring is the marker
    return layers


def here_layers(row) -> dict:
    """The current depth: a vertical line on both axes, hollow diamonds on the path sum's
    values (backprop's own marker is the square)."""
    t = row.times["path_sum"] if row.times["path_sum"] is not None else row.estimated["path_sum"]
    out = {}
    for ax, y in (("ops", float(row.mults["path_sum"])), ("time", t)):
        out[f"here_{ax}"] = sp.vline(row.depth, color=COLORS["text"], width=1, dash="3 3", axes=ax)
        out[f"here_box_{ax}"] = sp.scatter(
            [row.depth],
            [y],
            color="none",
            edge=COLORS["text"],
            marker="diamond",
            size=8,
            axes=ax,
            z=6,
        )
        out[f"here_box_{ax}"]["edge_width"] = 2
    return out


def cost_table_html(row, method_names: dict) -> str:
    """The cost table of one :class:`CostRow`: counts, multiplications, times."""
    methods = list(method_names)

    def t(meth):
        if row.times[meth] is not None:
            return format_seconds(row.times[meth])
        return (
            f'<span style="color:{var("muted")}">≈ {format_seconds(row.estimated[meth])} '
            "(estimate)</span>"
        )

    bp = row.times["backprop"]

    def ratio(meth):
        v = row.times[meth] if row.times[meth] is not None else row.estimated[meth]
        if meth == "backprop":
            return "1"
        return f"{v / bp:,.3g}" if bp else UNKNOWN

    n_params = row.n_weights + row.n_biases
    head = ["", *(method_names[m] for m in methods)]
    parts = [
        TABLE,
        table_row(head, header=True, style=HEAD),
    ]
    work = {
        "path_sum": f"{format_count(row.parameter_paths)} (parameter, path) terms",
        "backprop": "1 forward + 1 backward pass",
        "finite_differences": f"{2 * n_params:,} forward passes (2 per parameter)",
    }
    parts.append(table_row(["work", *(work[m] for m in methods)]))
    parts.append(table_row(["multiplications", *(format_count(row.mults[m]) for m in methods)]))
    parts.append(table_row(["wall time", *(t(m) for m in methods)]))
    parts.append(table_row(["time ÷ backprop", *(ratio(m) for m in methods)]))
    parts.append("</table>")
    # The theme's shades (light or dark), so the line reads in both; the words say it too.
    status_color = {"measured": var("param"), "runnable": var("text"), "too_large": var("error")}
    summary = (
        f'<div class="bt-cost-sizes" style="font-size:13px;margin:4px 0">'
        f"sizes [{', '.join(map(str, row.sizes))}]: L = {row.depth} weight layers, "
        f"n = {row.n_weights:,} weights, m = {row.n_biases:,} biases; input-to-output paths: "
        f"{' × '.join(map(str, row.sizes))} = <b>{format_count(row.paths)}</b></div>"
    )
    reason = (
        f'<div class="bt-path-status" style="font-size:13px;color:'
        f'{status_color[row.status]}">Path sum: {html.escape(row.reason)}</div>'
    )
    return summary + box("".join(parts)) + reason
