"""Notebook 3's tables as HTML: the path sum of one weight, the cost table, the memo table.

Standard library only.  Every table sits in a bounded box (``bt-table-box``) that
scrolls inside the output area instead of pushing past its right edge.
"""

from __future__ import annotations

import html

from ..labels import strip_indices
from ..models.formatting import format_count, format_seconds
from ..style import COLORS, UNKNOWN

_TABLE = (
    '<table class="bt-table" style="border-collapse:collapse;font-size:12.5px;'
    'font-family:var(--jp-code-font-family, monospace)">'
)
_CELL = "border:1px solid #ddd;padding:3px 6px;text-align:{align}{extra}"


def box(inner: str, max_height: int | None = None, cls: str = "") -> str:
    """``inner`` in a box no wider than its output area, scrolling when too wide or long
    (``bt-scroll``: meant to scroll, so a fit check does not count it as clipped)."""
    tall = f"max-height:{max_height}px;overflow-y:auto;" if max_height else ""
    return (
        f'<div class="bt-table-box bt-scroll {cls}" style="max-width:100%;overflow-x:auto;{tall}">'
        f"{inner}</div>"
    )


def _row(cells, header=False, align="right", style="") -> str:
    tag = "th" if header else "td"
    # Numbers never wrap; headers may, so that tables stay narrow.
    extra = "" if header else ";white-space:nowrap"
    out = "".join(
        f'<{tag} style="{_CELL.format(align=align if i else "left", extra=extra)}">{c}</{tag}>'
        for i, c in enumerate(cells)
    )
    return f'<tr style="{style}">{out}</tr>'


def _factor_kind(name: str) -> str:
    """Column header for a factor: its name without neuron indices ("W[1][1,0]" -> "W[1]")."""
    if name.startswith("(ŷ"):
        return "ŷ − y"
    return strip_indices(name)


def path_sum_table_html(model, max_rows: int = 40) -> str:
    """The expanded chain rule of a :class:`PathSumTableModel`: one row per path.

    Each factor cell shows the value, with its full name on hover; the column header
    names the kind of factor.
    """
    rows = model.rows[:max_rows]
    n_f = max(len(r.values) for r in rows)
    kinds = [_factor_kind(n) for n in rows[0].names]
    start = rows[0].path.split(" → ")[0]
    head = [f"path from {start}"] + [html.escape(k) for k in kinds]
    head += [""] * (n_f - len(kinds)) + ["product"]
    parts = [_TABLE, _row(head, header=True, style="background:#eef6fb")]
    for r in rows:
        cells = [html.escape(r.path.split(" → ", 1)[1])]
        cells += [
            f'<span title="{html.escape(n)} = {v:.6g}">{v:.4g}</span>'
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
            style="background:#eef6fb",
        )
    )
    parts.append(
        _row(
            ["<b>backpropagation</b>", *blank, f"<b>{model.backprop:.15g}</b>"],
            style="background:#fbeee6",
        )
    )
    parts.append(_row(["difference", *blank, f"{model.difference:.1e}"]))
    parts.append("</table>")
    return box("".join(parts), max_height=460, cls="bt-path-sum-table")


def cost_table_html(row, method_names: dict) -> str:
    """The cost table of one :class:`CostRow`: counts, multiplications, times."""
    methods = list(method_names)

    def t(meth):
        if row.times[meth] is not None:
            return format_seconds(row.times[meth])
        return (
            f'<span style="color:{COLORS["muted"]}">≈ {format_seconds(row.estimated[meth])} '
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
    parts = [_TABLE, _row(head, header=True, style="background:#f4f4f4")]
    work = {
        "path_sum": f"{format_count(row.parameter_paths)} (parameter, path) terms",
        "backprop": "1 forward + 1 backward pass",
        "finite_differences": f"{2 * n_params:,} forward passes (2 per parameter)",
    }
    parts.append(_row(["work", *(work[m] for m in methods)]))
    parts.append(_row(["multiplications", *(format_count(row.mults[m]) for m in methods)]))
    parts.append(_row(["wall time", *(t(m) for m in methods)]))
    parts.append(_row(["time ÷ backprop", *(ratio(m) for m in methods)]))
    parts.append("</table>")
    status_color = {"measured": "#1d6b1d", "runnable": "#7a5c00", "too_large": COLORS["error"]}
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


def memo_table_html(model, state) -> str:
    """The memo table: entry, value (or —), reads by backprop, path-sum terms through it."""
    head = [
        "entry δ[l][j] = dJ/dS[l][j]",
        "value",
        "times backprop reads it (= weights + bias + δ of the layer before)",
        "path-sum terms through S[l][j] (parameters × paths)",
    ]
    parts = [_TABLE, _row(head, header=True, style="background:#f4f4f4")]
    for key in model.order:
        v = state.values[key]
        style = (
            "background:#fff6b3"
            if key == state.current
            else "background:#fbeee6"
            if key in state.reads
            else ""
        )
        l, j = key
        parts.append(
            _row(
                [
                    f"δ[{l}][{j}]",
                    UNKNOWN if v is None else f"{v:.4g}",
                    model.reads_text(l, j),
                    model.terms_text(l, j),
                ],
                style=style,
            )
        )
    parts.append("</table>")
    return box("".join(parts), cls="bt-memo-table")
