"""Notebook 3's tables as HTML: the path sum of one weight, the cost table, the memo table.

Standard library only.  Every table sits in a bounded box (``bt-table-box``) that
scrolls inside the output area instead of pushing past its right edge.
"""

from __future__ import annotations

import html

from ...ui.tables import _TABLE, _factor_kind, _row, box


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
