"""Notebook 5: the batch size against the noise of the loss curve, live."""

from __future__ import annotations

import ipywidgets as widgets

from ..models.digits import BatchNoiseModel
from .base import App, figure

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1348)


class BatchNoiseApp(App):
    """A batch-size slider over a short mini-batch run on the digits.

    Each move trains a fresh network (same start, same number of examples seen) with
    the new batch size and redraws its curve of batch losses in place.
    """

    def __init__(self, batch_size: int = 32, epochs: int = 3, learning_rate: float = 0.5):
        super().__init__()
        self.model = BatchNoiseModel(batch_size, epochs, learning_rate)
        sizes = tuple(s for s in BATCH_SIZES if s <= len(self.model.data.X_train))
        self.slider = widgets.SelectionSlider(
            options=sizes,
            value=batch_size,
            description="batch size",
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
            style={"description_width": "80px"},
        )
        self.bind("batch_size", self.slider)
        self.fig = figure(8.4, 3.0)
        self.figures = [self.fig]
        from ..plots.digits import BatchLossView

        self.view = BatchLossView(self.fig.add_axes((0.08, 0.16, 0.9, 0.72)))
        self.summary = widgets.HTML()
        self.summary.add_class("bt-batch-summary")
        self.widget = widgets.VBox([self.slider, self.summary, self.fig.canvas, self.errors])
        self.widget.add_class("bt-batch-noise")
        self.update()

    def update(self) -> None:
        self.view.update(self.model)
        self.summary.value = self.model.summary()
        self.fig.canvas.draw_idle()
