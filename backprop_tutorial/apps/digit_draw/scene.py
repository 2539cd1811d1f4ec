"""What the drawing grid shows, as data for
:class:`~backprop_tutorial.ui.widgets.digit_canvas.DigitCanvas` (``show(canvas_data(model))``)."""

from __future__ import annotations


def canvas_data(model) -> dict:
    """The probabilities, the saliency ``-dJ/dx`` and the verdict of a
    :class:`~backprop_tutorial.apps.digit_draw.model.DigitDrawModel`, and its picture."""
    return {
        "cells": model.cells,
        "ink": list(model.ink),
        "probabilities": [float(p) for p in model.probabilities],
        "predicted": int(model.predicted),
        "gradient_class": int(model.gradient_class),
        "saliency": [float(s) for s in model.saliency],
        "verdict": model.summary(),
    }
