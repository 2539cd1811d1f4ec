"""``PathSumTableApp``: one weight's gradient as a sum over paths, beside backprop's value."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from .model import PathSumTableModel
from .scene import path_sum_table_html, summary_html


class PathSumTableApp(App):
    """The expanded chain rule of a chosen weight: one row per path, their sum, backprop.

    Parameters
    ----------
    model : PathSumTableModel, optional
    """

    def __init__(self, model: PathSumTableModel | None = None):
        super().__init__()
        self.model = PathSumTableModel() if model is None else model
        self.weight = widgets.Dropdown(
            options=self.model.param_options()["weight"],
            value=self.model.label,
            description="weight",
            layout=widgets.Layout(width="210px"),
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.bind("weight", self.weight)
        self.widget = widgets.VBox(
            [self.weight, self.summary, self.table, self.errors],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-path-sum")
        self.update()

    def update(self) -> None:
        self.summary.value = summary_html(self.model)
        self.table.value = path_sum_table_html(self.model)
