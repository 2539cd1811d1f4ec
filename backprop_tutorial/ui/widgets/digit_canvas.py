"""``DigitCanvas``: draw a digit in the browser, get the network's answer back.

The browser paints on a 32×32 grid and sends the 64 block counts (0..16, as the data
set was made) in ``ink``; the kernel answers with ``probabilities``, ``saliency``
(``-dJ/dx``) and a ``verdict`` text, and the browser draws the bars and the saliency
picture itself (``digit_canvas.js``), so a stroke costs one small message each way.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..style import OKABE_ITO

_HERE = Path(__file__).parent


class DigitCanvas(anywidget.AnyWidget):
    """The drawing grid, the probability bars and the saliency picture.

    Traits (synced with the browser)
    --------------------------------
    ink : list of 64 int
        Ink per pixel, 0..16, row-major 8×8 (browser -> kernel when drawing; kernel ->
        browser when it loads a picture).
    probabilities : list of 10 float
    predicted, gradient_class : int
        The most probable class; the class ``saliency`` is taken for.
    saliency : list of 64 float
        ``-dJ/dx`` for ``gradient_class``.
    verdict : str
        The prediction in words (meaning is never in colour alone).
    """

    _esm = _HERE / "digit_canvas.js"
    _css = _HERE / "digit_canvas.css"
    ink = traitlets.List(traitlets.Int(), [0] * 64).tag(sync=True)
    probabilities = traitlets.List(traitlets.Float(), [0.1] * 10).tag(sync=True)
    predicted = traitlets.Int(0).tag(sync=True)
    gradient_class = traitlets.Int(0).tag(sync=True)
    saliency = traitlets.List(traitlets.Float(), [0.0] * 64).tag(sync=True)
    verdict = traitlets.Unicode("").tag(sync=True)
    colors = traitlets.Dict({"negative": OKABE_ITO["blue"], "positive": OKABE_ITO["orange"]}).tag(
        sync=True
    )

    def show(self, model) -> None:
        """Send a :class:`~backprop_tutorial.apps.digit_draw.model.DigitDrawModel`'s state."""
        with self.hold_sync():
            if list(self.ink) != model.ink:
                self.ink = model.ink
            self.probabilities = [float(p) for p in model.probabilities]
            self.predicted = model.predicted
            self.gradient_class = model.gradient_class
            self.saliency = [float(s) for s in model.saliency]
            self.verdict = model.summary()
