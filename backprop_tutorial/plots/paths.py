"""Drawings for notebook 3: network paths, the cost plot, the memo table, and HTML tables.

Matplotlib only (no widgets).  Each class draws once into axes it is given and then
updates its artists in place (``set_data``, ``set_segments``, ``set_facecolor``,
``set_text``); the caller calls ``fig.canvas.draw_idle()``.  The ``*_html`` functions
return table markup for an ``ipywidgets.HTML``.
"""

from __future__ import annotations

import html

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from ..labels import strip_indices
from ..models.paths import METHOD_NAMES, METHODS, format_count, format_seconds

# The tutorial's colours (the same values as widgets.base.COLORS, which plots must not
# import: it pulls in ipywidgets).
PATH = "#9467bd"
PARAM = "#2ca02c"
BACKWARD = "#d62728"
SHARED = "#ff7f0e"
ACTIVE = "#ffd84d"
DONE = "#e8f1fb"
IDLE = "#f2f2f2"
EDGE = "#c8c8c8"
READ = "#ffc48a"  # a lighter SHARED, so the dark value text on it stays readable
METHOD_COLORS = {"path_sum": PATH, "backprop": BACKWARD, "finite_differences": "#7f7f7f"}
UNKNOWN = "\u2014"


def neuron_positions(sizes) -> dict:
    """``(layer, j) -> (x, y)``: layers left to right, neuron 0 at the top, centred."""
    pos = {}
    for l, n in enumerate(sizes):
        for j in range(n):
            pos[(l, j)] = (float(l), (n - 1) / 2 - j)
    return pos


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value, _pos=None) -> str:
    """Tick label ``10³`` in plain Unicode (mathtext costs far more to draw)."""
    if value <= 0:
        return ""
    exponent = int(round(np.log10(value)))
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def _clean(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


class NetworkPathsPlot:
    """A network with every path from one weight to the cost.

    Parameters
    ----------
    ax : matplotlib Axes
    sizes : sequence of int
    """

    def __init__(self, ax, sizes):
        self.ax = ax
        self.sizes = list(sizes)
        L = len(sizes) - 1
        self.pos = neuron_positions(sizes)
        self.cost_xy = (L + 0.8, 0.0)
        edges = [
            [self.pos[(l - 1, k)], self.pos[(l, j)]]
            for l in range(1, L + 1)
            for j in range(sizes[l])
            for k in range(sizes[l - 1])
        ]
        edges += [[self.pos[(L, j)], self.cost_xy] for j in range(sizes[L])]
        ax.add_collection(LineCollection(edges, colors=EDGE, linewidths=0.8, zorder=1))
        self.all_paths = LineCollection([], colors=PATH, linewidths=2.0, alpha=0.15, zorder=2)
        ax.add_collection(self.all_paths)
        (self.weight_line,) = ax.plot([], [], color=PARAM, lw=4.5, zorder=3, solid_capstyle="round")
        (self.path_line,) = ax.plot([], [], color=PATH, lw=3.0, zorder=4, marker="o", ms=4)
        keys = list(self.pos)
        self.keys = keys
        xy = np.array([self.pos[k] for k in keys])
        self.neurons = ax.scatter(
            xy[:, 0], xy[:, 1], s=360, c=IDLE, edgecolors="#555555", linewidths=1.0, zorder=5
        )
        ax.scatter(
            [self.cost_xy[0]],
            [self.cost_xy[1]],
            s=520,
            c="#ffffff",
            marker="s",
            edgecolors="#555555",
            zorder=5,
        )
        ax.text(*self.cost_xy, "J", ha="center", va="center", fontsize=11, zorder=6)
        top = max(sizes) / 2
        for l in range(L + 1):
            name = "x = a[0]" if l == 0 else f"layer {l}"
            ax.text(l, -top - 0.1, name, ha="center", va="top", fontsize=9, color="#444444")
        ax.text(
            self.cost_xy[0], -top - 0.1, "cost", ha="center", va="top", fontsize=9, color="#444444"
        )
        self.weight_text = ax.text(
            0, 0, "", fontsize=9, color=PARAM, ha="center", va="bottom", zorder=7, fontweight="bold"
        )
        ax.set_xlim(-0.5, self.cost_xy[0] + 0.5)
        ax.set_ylim(-top - 0.75, top + 0.45)
        _clean(ax)

    def _xy(self, nodes) -> np.ndarray:
        return np.array([self.pos[n] for n in nodes] + [self.cost_xy])

    def show(self, model, show_all: bool = False) -> None:
        """Draw ``model`` (an :class:`~backprop_tutorial.models.paths.InfluencePaths`)."""
        start = self.pos[(model.layer, model.k)]
        end = self.pos[(model.layer + 1, model.j)]
        self.weight_line.set_data([start[0], end[0]], [start[1], end[1]])
        self.weight_text.set_position(((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.08))
        self.weight_text.set_text(model.label)
        cur = self._xy(model.nodes())
        self.path_line.set_data(cur[:, 0], cur[:, 1])
        if show_all:
            segs = [self._xy(model.nodes(p)) for p in model.paths]
            self.all_paths.set_segments(segs)
            # Fainter when there are many, so overlaps still read as "more paths here".
            self.all_paths.set_alpha(float(np.clip(1.5 / np.sqrt(len(segs)), 0.08, 0.6)))
        else:
            self.all_paths.set_segments([])
        on_path = set(model.nodes())
        self.neurons.set_facecolor([ACTIVE if k in on_path else IDLE for k in self.keys])


class CostPlot:
    """Operations and time versus depth, log scale, theory curves over measurements.

    Parameters
    ----------
    ax_ops, ax_time : matplotlib Axes
    in_figure_text : bool
        Draw the legend and titles in the figure.  Apps pass False and show
        :func:`cost_legend_html` instead: text is most of a redraw's cost, and HTML
        costs the kernel nothing to redraw.
    """

    def __init__(self, ax_ops, ax_time, in_figure_text: bool = True):
        self.in_figure_text = in_figure_text
        self.ax_ops, self.ax_time = ax_ops, ax_time
        self.theory = {}
        self.points = {}
        for ax, kind in ((ax_ops, "ops"), (ax_time, "time")):
            for meth in METHODS:
                (self.theory[(kind, meth)],) = ax.plot(
                    [],
                    [],
                    color=METHOD_COLORS[meth],
                    lw=1.6,
                    ls="--" if kind == "time" else "-",
                    label=METHOD_NAMES[meth],
                )
            ax.set_yscale("log")
            # Few ticks: log axes default to dozens of minor ticks, each a costly text draw.
            ax.yaxis.set_major_locator(LogLocator(base=10, numticks=6))
            ax.yaxis.set_minor_locator(NullLocator())
            ax.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
            ax.xaxis.set_major_locator(MaxNLocator(7, integer=True))
            ax.set_xlabel("depth L (layers with weights)", fontsize=9)
            ax.tick_params(labelsize=8)
            ax.grid(True, which="major", alpha=0.3)
        for meth in METHODS:
            (self.points[("time", meth)],) = ax_time.plot(
                [], [], ls="none", marker="o", ms=5, color=METHOD_COLORS[meth]
            )
        (self.points[("ops", "path_sum")],) = ax_ops.plot(
            [], [], ls="none", marker="o", ms=5, color=PATH, label="counted while enumerating"
        )
        self.here = [ax.axvline(1, color="#333333", lw=0.8, alpha=0.6) for ax in (ax_ops, ax_time)]
        (self.here_ops,) = ax_ops.plot(
            [], [], ls="none", marker="s", ms=9, mfc="none", mec="#000000", mew=1.5
        )
        (self.here_time,) = ax_time.plot(
            [], [], ls="none", marker="s", ms=9, mfc="none", mec="#000000", mew=1.5
        )
        ax_ops.set_ylabel("multiplications", fontsize=9)
        ax_time.set_ylabel("seconds", fontsize=9)
        self.ops_title = ax_ops.set_title("", fontsize=9.5)
        self.time_title = ax_time.set_title("", fontsize=9.5)
        if in_figure_text:
            ax_ops.legend(fontsize=7.5, loc="upper left", framealpha=0.85)

    def set_width(self, curves: dict, points: dict, width: int) -> None:
        """Redraw the curves and measured points for one width (model.curves/measured_points)."""
        d = curves["depth"]
        for meth in METHODS:
            self.theory[("ops", meth)].set_data(d, curves[f"ops_{meth}"])
            self.theory[("time", meth)].set_data(d, curves[f"time_{meth}"])
            self.points[("time", meth)].set_data(*points[meth])
        self.points[("ops", "path_sum")].set_data(*points["ops_path_sum"])
        ops = np.concatenate([curves[f"ops_{m}"] for m in METHODS])
        times = np.concatenate(
            [curves[f"time_{m}"] for m in METHODS] + [points[m][1] for m in METHODS]
        )
        times = times[times > 0]
        pad = 0.5
        for ax, vals in ((self.ax_ops, ops), (self.ax_time, times)):
            ax.set_xlim(d[0] - pad, d[-1] + pad)
            ax.set_ylim(vals.min() / 3, vals.max() * 3)
        if self.in_figure_text:
            self.ops_title.set_text(f"multiplications, width {width} (solid: exact count)")
            self.time_title.set_text(f"wall time, width {width} (dots: measured, dashed: model)")

    def set_depth(self, row, estimate: float | None) -> None:
        """Mark the current depth: a vertical line and boxes on the path-sum values."""
        for line in self.here:
            line.set_xdata([row.depth, row.depth])
        self.here_ops.set_data([row.depth], [float(row.mults["path_sum"])])
        t = row.times["path_sum"] if row.times["path_sum"] is not None else estimate
        self.here_time.set_data([row.depth], [t])


class MemoPlot:
    """The memo table drawn on the network: one stored ``δ`` per neuron and its reuse count.

    Parameters
    ----------
    ax : matplotlib Axes
    model : MemoTable
    """

    def __init__(self, ax, model):
        self.ax = ax
        self.model = model
        sizes = model.sizes
        L = len(sizes) - 1
        self.pos = neuron_positions(sizes)
        self.cost_xy = (L + 0.8, 0.0)
        edges = [
            [self.pos[(l - 1, k)], self.pos[(l, j)]]
            for l in range(1, L + 1)
            for j in range(sizes[l])
            for k in range(sizes[l - 1])
        ]
        edges += [[self.pos[(L, j)], self.cost_xy] for j in range(sizes[L])]
        ax.add_collection(LineCollection(edges, colors=EDGE, linewidths=0.8, zorder=1))
        self.read_edges = LineCollection([], colors=SHARED, linewidths=3.0, zorder=2)
        ax.add_collection(self.read_edges)
        self.keys = list(model.order)
        # delta[l][j] is drawn on neuron j of layer l + 1, whose sum is S[l][j].
        self.at = {key: self.pos[(key[0] + 1, key[1])] for key in self.keys}
        xy = np.array([self.at[k] for k in self.keys])
        inputs = np.array([self.pos[(0, k)] for k in range(sizes[0])])
        ax.scatter(inputs[:, 0], inputs[:, 1], s=500, c="#ffffff", edgecolors="#999999", zorder=3)
        for k in range(sizes[0]):
            ax.text(
                *self.pos[(0, k)],
                f"x[{k}]",
                ha="center",
                va="center",
                fontsize=8,
                color="#666666",
                zorder=4,
            )
        self.neurons = ax.scatter(
            xy[:, 0], xy[:, 1], s=2000, c=IDLE, edgecolors="#555555", linewidths=1.0, zorder=3
        )
        ax.scatter(
            [self.cost_xy[0]],
            [self.cost_xy[1]],
            s=600,
            c="#ffffff",
            marker="s",
            edgecolors="#555555",
            zorder=3,
        )
        ax.text(*self.cost_xy, "J", ha="center", va="center", fontsize=11, zorder=4)
        self.values = {}
        for key in self.keys:
            x, y = self.at[key]
            ax.text(
                x,
                y + 0.14,
                f"δ[{key[0]}][{key[1]}]",
                ha="center",
                va="center",
                fontsize=8,
                color="#444444",
                zorder=4,
            )
            self.values[key] = ax.text(
                x,
                y - 0.06,
                UNKNOWN,
                ha="center",
                va="center",
                fontsize=9.5,
                zorder=4,
                fontweight="bold",
            )
            ax.text(
                x,
                y - 0.36,
                f"{model.reuse[key]:,} paths",
                ha="center",
                va="top",
                fontsize=8,
                color="#b35900",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        top = max(sizes) / 2
        for l in range(L + 1):
            name = "x = a[0]" if l == 0 else f"layer {l}"
            ax.text(l, -top - 0.25, name, ha="center", va="top", fontsize=8.5, color="#444444")
        ax.text(
            -0.45,
            top + 0.5,
            "under each δ: the path-sum terms that reuse it",
            ha="left",
            va="top",
            fontsize=8.5,
            color="#b35900",
        )
        ax.set_xlim(-0.5, self.cost_xy[0] + 0.5)
        ax.set_ylim(-top - 0.55, top + 0.55)
        _clean(ax)

    def show(self, state) -> None:
        """Draw a :class:`~backprop_tutorial.models.paths.MemoState`."""
        colors = []
        for key in self.keys:
            v = state.values[key]
            self.values[key].set_text(UNKNOWN if v is None else f"{v:.2g}")
            self.values[key].set_color("#000000" if v is None else "#8b0000")
            if key == state.current:
                colors.append(ACTIVE)
            elif key in state.reads:
                colors.append(READ)
            elif v is not None:
                colors.append(DONE)
            else:
                colors.append(IDLE)
        self.neurons.set_facecolor(colors)
        if state.current is None:
            self.read_edges.set_segments([])
        elif state.reads:
            self.read_edges.set_segments(
                [[self.at[r], self.at[state.current]] for r in state.reads]
            )
        else:
            self.read_edges.set_segments([[self.cost_xy, self.at[state.current]]])


# --------------------------------------------------------------------------- HTML tables

_TABLE = (
    '<table class="bt-table" style="border-collapse:collapse;font-size:12px;'
    'font-family:var(--jp-code-font-family, monospace)">'
)
_TD = 'style="border:1px solid #ddd;padding:3px 6px;text-align:{align}{extra}"'


def _row(cells, header=False, align="right", style="") -> str:
    tag = "th" if header else "td"
    # Numbers never wrap; headers may, so that tables fit a notebook's width.
    extra = "" if header else ";white-space:nowrap"
    td = _TD.format(align=align, extra=extra)
    out = "".join(
        f"<{tag} {td}>{c}</{tag}>"
        if i
        else f"<{tag} {_TD.format(align='left', extra=extra)}>{c}</{tag}>"
        for i, c in enumerate(cells)
    )
    return f'<tr style="{style}">{out}</tr>'


def _factor_kind(name: str) -> str:
    """Column header for a factor: its name without the neuron indices ("W[1][1,0]" -> "W[1]")."""
    if name.startswith("(ŷ"):
        return "ŷ − y"
    return strip_indices(name)


def path_sum_table_html(model, max_rows: int = 40) -> str:
    """The expanded chain rule of a :class:`PathSumTable`: one row per path."""
    rows = model.rows[:max_rows]
    n_f = max(len(r.values) for r in rows)
    kinds = [_factor_kind(n) for n in rows[0].names]
    start = rows[0].path.split(" → ")[0]
    head = [f"path from {start}"] + [html.escape(k) for k in kinds]
    head += [""] * (n_f - len(kinds)) + ["product"]
    parts = [_TABLE, _row(head, header=True, style="background:#f4f0fa")]
    for r in rows:
        cells = [html.escape(r.path.split(" → ", 1)[1])]
        cells += [
            f'<span title="{html.escape(n)} = {v:.6g}"><b>{v:.4g}</b><br>'
            f'<span style="color:#777;font-size:11px">{html.escape(n)}</span></span>'
            for n, v in zip(r.names, r.values, strict=True)
        ]
        cells += [""] * (n_f - len(r.values)) + [f"<b>{r.product:.6g}</b>"]
        parts.append(_row(cells))
    if len(model.rows) > max_rows:
        parts.append(_row([f"… {len(model.rows) - max_rows} more paths"] + [""] * (n_f + 1)))
    blank = [""] * n_f
    parts.append(
        _row(
            ["<b>sum over paths</b>", *blank, f"<b>{model.path_sum:.15g}</b>"],
            style="background:#f4f0fa",
        )
    )
    parts.append(
        _row(
            ["<b>backpropagation</b>", *blank, f"<b>{model.backprop:.15g}</b>"],
            style="background:#fbeaea",
        )
    )
    parts.append(_row(["difference", *blank, f"{model.difference:.1e}"]))
    parts.append("</table>")
    return "".join(parts)


def cost_legend_html(width: int) -> str:
    """The cost plot's legend and titles as HTML (see :class:`CostPlot`)."""
    swatches = " &nbsp; ".join(
        f'<span style="color:{METHOD_COLORS[m]};font-weight:bold">━ {METHOD_NAMES[m]}</span>'
        for m in METHODS
    )
    return (
        f'<div style="font-size:13px">{swatches}<br>'
        f"<b>Left:</b> multiplications for width {width} (lines: exact counts; "
        f'<span style="color:{PATH}">●</span> counted while the path sum ran). '
        f"<b>Right:</b> wall time (● measured; dashed: fitted model). "
        f"□ marks the current depth.</div>"
    )


def cost_table_html(row) -> str:
    """The cost table of one :class:`CostRow`: counts, multiplications, times."""

    def t(meth):
        if row.times[meth] is not None:
            return format_seconds(row.times[meth])
        return f'<span style="color:#777">≈ {format_seconds(row.estimated[meth])} (estimate)</span>'

    bp = row.times["backprop"]

    def ratio(meth):
        v = row.times[meth] if row.times[meth] is not None else row.estimated[meth]
        return "1" if meth == "backprop" else f"{v / bp:,.3g}" if bp else UNKNOWN

    n_params = row.n_weights + row.n_biases
    head = ["", *(METHOD_NAMES[m] for m in METHODS)]
    parts = [_TABLE, _row(head, header=True, style="background:#f4f4f4")]
    parts.append(
        _row(
            [
                "work",
                f"{format_count(row.parameter_paths)} path products",
                "1 backward pass",
                f"{n_params + 1:,} forward passes",
            ]
        )
    )
    parts.append(_row(["multiplications", *(format_count(row.mults[m]) for m in METHODS)]))
    parts.append(_row(["wall time", *(t(m) for m in METHODS)]))
    parts.append(_row(["time ÷ backprop", *(ratio(m) for m in METHODS)]))
    parts.append("</table>")
    status_color = {"measured": "#2a7a2a", "runnable": "#8a6d00", "too_large": BACKWARD}
    summary = (
        f'<div style="font-size:13px;margin:4px 0">sizes [{", ".join(map(str, row.sizes))}]: '
        f"n = {row.n_weights:,} weights, m = {row.n_biases:,} biases; input-to-output paths: "
        f"{' × '.join(map(str, row.sizes))} = <b>{format_count(row.paths)}</b></div>"
    )
    reason = (
        f'<div class="bt-path-status" style="font-size:13px;color:'
        f'{status_color[row.status]}">Path sum: {html.escape(row.reason)}</div>'
    )
    return summary + "".join(parts) + reason


def memo_table_html(model, state) -> str:
    """The memo table as a table: entry, value (or —), direct reads, paths reusing it."""
    head = ["entry δ = dJ/dS", "value", "backprop reads it", "path terms reusing it"]
    parts = [_TABLE, _row(head, header=True, style="background:#f4f4f4")]
    for key in model.order:
        v = state.values[key]
        style = (
            "background:#fff6cc"
            if key == state.current
            else "background:#ffe9d6"
            if key in state.reads
            else ""
        )
        parts.append(
            _row(
                [
                    f"δ[{key[0]}][{key[1]}]",
                    UNKNOWN if v is None else f"{v:.4g}",
                    f"{model.reads[key]}×",
                    f"{model.reuse[key]:,}",
                ],
                style=style,
            )
        )
    parts.append("</table>")
    return "".join(parts)
