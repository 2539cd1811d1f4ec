"""Small pieces shared by notebook 2's apps: layouts and the sizes box."""

from __future__ import annotations

import ipywidgets as widgets

from ...core.activations import ACTIVATIONS

_WIDE = {"description_width": "initial"}
_HIDDEN_ACTIVATIONS = [a for a in ACTIVATIONS if a != "identity"]


def _lay(**kw) -> widgets.Layout:
    return widgets.Layout(**kw)


def _row(children) -> widgets.HBox:
    """Controls side by side, wrapping onto a new line on a narrow screen."""
    return widgets.HBox(children, layout=_lay(flex_flow="row wrap", grid_gap="4px 12px"))


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
