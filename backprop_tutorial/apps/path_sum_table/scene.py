"""Notebook 3's path-sum table as HTML: the paths of one weight, one row each, with the
factors along it and their product.  Standard library only.
"""

from __future__ import annotations

import html

from ...ui.tables import TABLE, box, factor_kind, table_row


def path_sum_table_html(model, max_rows: int = 40) -> str:
    """The expanded chain rule of a :class:`PathSumTableModel`: one row per path.

    Each factor cell shows the value, with its full name on hover; the column header
    names the kind of factor.
    """
    rows = model.rows[:max_rows]
    n_f = max(len(r.values) for r in rows)
    kinds = [factor_kind(n) for n in rows[0].names]
    start = rows[0].path.split(" → ")[0]
    head = [f"path from {start}"] + [html.escape(k) for k in kinds]
    head += [""] * (n_f - len(kinds)) + ["product"]
    parts = [TABLE, table_row(head, header=True, style="background:var(--bt-done, #eef6fb)")]
    for r in rows:
        cells = [html.escape(r.path.split(" → ", 1)[1])]
        cells += [
            f'<span title="{html.escape(n)} = {v:.6g}">{v:.4g}</span>'
            for n, v in zip(r.names, r.values, strict=True)
        ]
        cells += [""] * (n_f - len(r.values)) + [f"<b>{r.product:.6g}</b>"]
        parts.append(table_row(cells))
    if len(model.rows) > max_rows:
        parts.append(table_row([f"… {len(model.rows) - max_rows} more paths"] + [""] * (n_f + 1)))
    blank = [""] * n_f
    parts.append(
        table_row(
            ["<b>sum over paths</b>", *blank, f"<b>{model.path_sum:.15g}</b>"],
            style="background:var(--bt-done, #eef6fb)",
        )
    )
    parts.append(
        table_row(
            ["<b>backpropagation</b>", *blank, f"<b>{model.backprop:.15g}</b>"],
            style="background:var(--bt-grad_fill, #fbeee6)",
        )
    )
    parts.append(table_row(["difference", *blank, f"{model.difference:.1e}"]))
    parts.append("</table>")
    return box("".join(parts), max_height=460, cls="bt-path-sum-table")


def summary_html(m) -> str:
    """The line above the table: the network, the example, the count and the difference."""
    sizes = ", ".join(map(str, m.net.sizes))
    x = ", ".join(f"{v:g}" for v in m.x)
    y = ", ".join(f"{v:g}" for v in m.y)
    return (
        f'<div style="font-size:14px">Network [{sizes}], sigmoid, quadratic cost, '
        f"x = ({x}), y = ({y}). dJ/d{html.escape(m.label)} is the sum of "
        f"<b>{len(m.rows)}</b> path products ({m.n_multiplications} multiplications). "
        f'Sum − backprop = <b class="bt-diff">{m.difference:.1e}</b> '
        f"(relative {m.relative_error:.1e}): rounding only. Hover a number for its "
        "factor's full name.</div>"
    )
