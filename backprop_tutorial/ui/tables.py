"""HTML tables the apps share: one look, a box that scrolls inside the output area
instead of pushing past its right edge, header cells that wrap only between words.
Standard library only.
"""

from __future__ import annotations

from ..teaching.labels import strip_indices

TABLE = (
    '<table class="bt-table" style="border-collapse:collapse;font-size:12.5px;'
    'font-family:var(--jp-code-font-family, monospace)">'
)


# A header row's background: the theme's (light or dark) second layout colour.
HEAD = "background:var(--jp-layout-color2, #f4f4f4)"

_CELL = "border:1px solid var(--jp-border-color2, #ddd);padding:3px 6px;text-align:{align}{extra}"


def box(inner: str, max_height: int | None = None, cls: str = "") -> str:
    """``inner`` in a box no wider than its output area, scrolling when too wide or long
    (``bt-scroll``: meant to scroll, so a fit check does not count it as clipped)."""
    tall = f"max-height:{max_height}px;overflow-y:auto;" if max_height else ""
    return (
        f'<div class="bt-table-box bt-scroll {cls}" style="max-width:100%;overflow-x:auto;{tall}">'
        f"{inner}</div>"
    )


def table_row(cells, header=False, align="right", style="") -> str:
    """One ``<tr>`` of ``cells`` (HTML); the first cell left-aligned, the rest ``align``."""
    tag = "th" if header else "td"
    # Numbers never wrap; headers may, between words only, so that tables stay narrow
    # (a header never breaks inside a word: "val/ue").
    extra = ";overflow-wrap:normal;word-break:keep-all" if header else ";white-space:nowrap"
    out = "".join(
        f'<{tag} style="{_CELL.format(align=align if i else "left", extra=extra)}">{c}</{tag}>'
        for i, c in enumerate(cells)
    )
    return f'<tr style="{style}">{out}</tr>'


def factor_kind(name: str) -> str:
    """Column header for a factor: its name without neuron indices ("W[1][1,0]" -> "W[1]")."""
    if name.startswith("(ŷ"):
        return "ŷ − y"
    return strip_indices(name)
