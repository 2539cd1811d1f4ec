"""Notebook 5: the batch size against the noise of the loss curve, live."""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.plot import PlotWidget
from .model import BatchNoiseModel
from .scene import batch_noise_figure, batch_noise_layers, loss_top

BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1348)


class BatchNoiseApp(App):
    """A batch-size slider over a short mini-batch run on the digits.

    Every batch size of the slider is trained once when the app is built (a fresh
    network each, same start, same number of examples seen), so a slider move only
    sends the chosen run's curve of batch losses to the browser.

    Parameters
    ----------
    batch_size : int
        One of :data:`BATCH_SIZES` (the slider's stops).
    epochs, learning_rate : see :class:`~backprop_tutorial.apps.batch_noise.model.BatchNoiseModel`.
    data : DigitsData, optional
        The split to train on (default: a new ``DigitsData()``).
    """

    def __init__(self, batch_size: int = 32, epochs: int = 3, learning_rate: float = 0.5,
                 data=None):  # fmt: skip
        super().__init__()
        self.model = BatchNoiseModel(batch_size, epochs, learning_rate, data=data)
        sizes = tuple(s for s in BATCH_SIZES if s <= len(self.model.data.X_train))
        if batch_size not in sizes:
            raise ValueError(f"batch_size must be one of the slider's stops {sizes}, got "
                             f"{batch_size!r}")  # fmt: skip
        self.model.precompute(sizes)
        self.slider = widgets.SelectionSlider(
            options=sizes,
            value=batch_size,
            description="batch size",
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
            style={"description_width": "80px"},
        )
        self.bind("batch_size", self.slider)
        self.controls = {"batch_size": self.slider}
        self.plot = PlotWidget(layout=widgets.Layout(width="100%"))
        self.summary = widgets.HTML()
        self.summary.add_class("bt-batch-summary")
        self.widget = widgets.VBox([self.slider, self.summary, self.plot, self.errors])
        self.widget.add_class("bt-batch-noise")
        self.update()

    def update(self) -> None:
        # One y limit for every run made, so the curves can be compared by eye.
        top = loss_top(self.model.runs().values())
        self.plot.show(
            {
                "figure": batch_noise_figure(self.model, top),
                "layers": batch_noise_layers(self.model, top),
            }
        )
        self.summary.value = self.model.summary()
