"""Notebook 5: draw your own digit; the probabilities and ``-dJ/dx`` follow each stroke."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ...ui.widgets.app import App
from ...ui.widgets.digit_canvas import DigitCanvas
from .model import DigitDrawModel
from .scene import canvas_data


class DigitDrawApp(App):
    """The drawing grid (:class:`DigitCanvas`), a test-image slider and the class whose
    cost the pixel gradient is taken for.

    Parameters
    ----------
    net : Network
        A trained ``[64, ..., 10]`` softmax network (e.g. ``DigitsTrainerApp().model.net``).
    examples : ndarray, shape ``(N, 64)``, optional
        Images the slider loads (e.g. the test set).
    """

    def __init__(self, net, examples=None):
        super().__init__()
        self.model = DigitDrawModel(net, examples)
        self.canvas = DigitCanvas()
        self.canvas.observe(self.guard(self._on_cells), names="cells")
        self.target = widgets.Dropdown(
            options=[("the prediction", "prediction")] + [(str(k), k) for k in range(10)],
            value="prediction",
            description="−dJ/dx for",
            layout=widgets.Layout(width="260px"),
        )
        self.bind("target", self.target)
        self.controls = {"target": self.target}
        parts = []
        if self.model.examples is not None:
            self.example = widgets.IntSlider(
                0, 0, len(self.model.examples) - 1, description="test image",
                continuous_update=True, layout=widgets.Layout(width="360px"),
            )  # fmt: skip
            self.bind("example", self.example)
            self.controls["example"] = self.example
            parts.append(self.example)
        self.controls["canvas"] = self.canvas
        self.widget = widgets.VBox([widgets.HBox([*parts, self.target]), self.canvas, self.errors])
        self.widget.add_class("bt-digit-draw")
        self.update()

    def _on_cells(self, change) -> None:
        if change["new"] == self.model.cells:
            return  # the drawing the model already has, echoed back
        try:
            self.model.set(cells=change["new"])
        except ValueError:
            self.update()  # the grid shows the model's picture again, not the refused one
            raise
        self.update()

    def draw(self, cells) -> None:
        """As a stroke in the browser does: send the 32×32 grid (1,024 values 0/1, or the
        string of "0"/"1" the browser sends)."""
        if not isinstance(cells, str):
            cells = "".join(str(int(v)) for v in np.asarray(cells).reshape(-1))
        self.canvas.cells = cells

    def update(self) -> None:
        self.canvas.show(canvas_data(self.model))
