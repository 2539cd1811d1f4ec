"""``DigitCanvas``: draw a digit in the browser, get the network's answer back.

The browser paints on a 32×32 grid and sends the grid in ``cells``; the kernel prepares
it as the data set's scans were prepared (centred, scaled, then 4×4 blocks counted) and
answers with ``ink`` (the 64 counts the network sees), ``probabilities``, ``saliency``
(``-dJ/dx``) and a ``verdict`` text; the browser draws the grey pixels, the bars and the
saliency picture itself (``digit_canvas.js``), so a stroke costs one small message each way.
"""

from __future__ import annotations

import traitlets

from ..style import OKABE_ITO
from .browser import BrowserWidget, module, stylesheet


class DigitCanvas(BrowserWidget):
    """The drawing grid, the probability bars and the saliency picture; the kernel's
    answer arrives through ``show(data)`` (from
    :func:`backprop_tutorial.apps.digit_draw.scene.canvas_data`).

    Traits (synced with the browser)
    --------------------------------
    cells : str
        The drawing, 1,024 characters "0"/"1" for the 32×32 grid row by row (browser ->
        kernel after a stroke; "" when the picture came from the kernel).
    ink : list of 64 int
        Ink per pixel, 0..16, row-major 8×8: what the network sees (kernel -> browser).
    probabilities : list of 10 float
    predicted, gradient_class : int
        The most probable class; the class ``saliency`` is taken for.
    saliency : list of 64 float
        ``-dJ/dx`` for ``gradient_class``.
    verdict : str
        The prediction in words (meaning is never in colour alone).
    """

    _esm = module("digit_canvas.js")
    _css = stylesheet("digit_canvas.css")
    DATA = ("cells", "ink", "probabilities", "predicted", "gradient_class", "saliency", "verdict")
    cells = traitlets.Unicode("").tag(sync=True)
    ink = traitlets.List(traitlets.Int(), [0] * 64).tag(sync=True)
    probabilities = traitlets.List(traitlets.Float(), [0.1] * 10).tag(sync=True)
    predicted = traitlets.Int(0).tag(sync=True)
    gradient_class = traitlets.Int(0).tag(sync=True)
    saliency = traitlets.List(traitlets.Float(), [0.0] * 64).tag(sync=True)
    verdict = traitlets.Unicode("").tag(sync=True)
    # The saliency picture's two ends (a picture of its own: the same in both themes).
    colors = traitlets.Dict({"negative": OKABE_ITO["blue"], "positive": OKABE_ITO["orange"]}).tag(
        sync=True
    )
