"""Small pieces shared by notebook 2's apps: layouts, swatches, the sizes box."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..activations import ACTIVATIONS

_WIDE = {"description_width": "initial"}
_HIDDEN_ACTIVATIONS = [a for a in ACTIVATIONS if a != "identity"]


def _lay(**kw) -> widgets.Layout:
    return widgets.Layout(**kw)


def _swatch(color: str, text: str) -> str:
    return (
        f'<span style="display:inline-block;width:12px;height:12px;background:{color};'
        f'border:1px solid #333;border-radius:6px;margin:0 4px -1px 10px"></span>'
        f"{html.escape(text)}"
    )


def _lines_html(lines, color: str = "#333", mono: bool = True) -> str:
    family = "font-family:monospace;" if mono else ""
    body = "<br>".join(html.escape(x) for x in lines)
    return (
        f'<div style="{family}font-size:13px;line-height:1.5;border-left:4px solid {color};'
        f'padding:4px 10px">{body}</div>'
    )


def _sizes_box(value: str, description: str = "layer sizes") -> widgets.Text:
    # continuous_update=False: the network is rebuilt on Enter or when the box loses focus.
    return widgets.Text(
        value=value,
        description=description,
        continuous_update=False,
        placeholder="e.g. 2, 3, 3, 1",
        style=_WIDE,
        layout=_lay(width="260px"),
    )


# ---------------------------------------------------------------------------
# 1. Two pictures of one network
# ---------------------------------------------------------------------------
