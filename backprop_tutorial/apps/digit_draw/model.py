"""Model of notebook 5's drawing app: a drawn 8×8 digit, what the network makes of it,
and ``-dJ/dx`` (numpy only).
"""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...core.classify import input_gradient
from ...core.network import Network
from ...data.digits import MAX_INTENSITY, one_hot
from ...data.digits_data import N_CLASSES
from ...data.drawing import cells_text, prepare_drawing
from ...ui.model import Check, Model


class DigitDrawModel(Model):
    """A drawn 8×8 digit, what the network makes of it, and ``-dJ/dx``.

    Parameters
    ----------
    net : Network
        A trained ``[64, ..., 10]`` softmax network.
    examples : ndarray, shape ``(N, 64)``, optional
        Images the ``example`` parameter loads (default: none, only drawing).
    target : int or "prediction"
        The class whose cost the pixel gradient is taken for (default: the predicted
        one, whichever it is).

    Attributes
    ----------
    pixels : ndarray, shape ``(64,)``, in [0, 1]
        The current image (row-major 8×8, as the data).
    """

    PARAMS = {
        "cells": Check("_cells"),
        "pixels": Check("_pixels"),
        "target": Check("_target"),
        "example": Check("_example"),
    }

    def __init__(self, net: Network, examples=None, target="prediction"):
        if net.sizes[0] != 64 or net.sizes[-1] != N_CLASSES:
            raise ValueError(f"the drawing needs a [64, ..., 10] network, got {net.sizes}")
        if net.cost.name != "softmax_cross_entropy":
            raise ValueError("the drawing needs a softmax network (cost='softmax_cross_entropy')")
        self.net = net
        self.examples = None if examples is None else self._examples(examples)
        self.pixels = np.zeros(64)
        self.cells = ""  # the drawing on the 32×32 grid ("" when the pixels came otherwise)
        self.target = self.checked({"target": target})["target"]
        # The test image last loaded (drawing over it keeps the number, so the slider
        # still shows where it is).
        self.example = None
        if self.examples is not None:
            self.example = 0
            self.pixels = self._pixels(self.examples[0])
        self.compute()

    def _value(self, name: str):
        return tuple(self.pixels.tolist()) if name == "pixels" else getattr(self, name)

    @staticmethod
    def _examples(examples) -> np.ndarray:
        array = checks.array("examples", examples)
        if array.ndim != 2 or array.shape[1] != 64 or len(array) == 0:
            raise ValueError(
                f"examples must have shape (N, 64) with N >= 1 (one 8×8 image a row), got "
                f"shape {array.shape}"
            )
        if array.min() < 0 or array.max() > 1:
            raise ValueError("examples must hold pixels in [0, 1] (ink 0..16 divided by 16)")
        return array

    @staticmethod
    def _target(target):
        if isinstance(target, str):
            if target != "prediction":
                raise ValueError(f"target must be 0..9 or 'prediction', got {checks.show(target)}")
            return target
        return checks.integer("target", target, 0, N_CLASSES - 1, whole_floats=True)

    @staticmethod
    def _pixels(pixels) -> np.ndarray:
        array = checks.array("pixels", pixels).reshape(-1)
        if array.shape != (64,):
            raise ValueError(f"pixels must be 64 numbers in [0, 1], got shape {np.shape(pixels)}")
        if array.min() < 0 or array.max() > 1:
            raise ValueError(
                f"pixels must lie in [0, 1] (ink 0..16 divided by 16), got {array.min():.3g}.."
                f"{array.max():.3g}"
            )
        return np.array(array)

    def _example(self, example):
        """An index into ``examples`` (None: no example loaded)."""
        if example is None:
            return None
        if self.examples is None:
            raise ValueError(f"example={checks.show(example)}: this drawing has no examples")
        return checks.integer("example", example, 0, len(self.examples) - 1, whole_floats=True)

    @staticmethod
    def _cells(cells) -> str:
        """A drawing on the 32×32 grid: 1,024 characters "0"/"1" row by row (what the
        canvas sends), or any 1,024 numbers 0/1; "" is no drawing."""
        return cells_text(cells)

    def _apply(self, values: dict) -> None:
        """``cells`` (a drawing) is prepared like the data set's scans
        (:func:`~backprop_tutorial.data.drawing.prepare_drawing`); ``example`` loads that
        test image; ``pixels`` sets the 64 pixels directly and wins over both."""
        pixels, example = self.pixels, values.get("example", self.example)
        cells = self.cells
        if values.get("example") is not None:
            pixels, cells = self.examples[example], ""
        if "cells" in values:
            cells = values["cells"]
            pixels = prepare_drawing(cells) if cells else np.zeros(64)
        if "pixels" in values:
            pixels, cells = values["pixels"], ""
        target = values.get("target", self.target)
        self.pixels, self.example, self.target = np.array(pixels, dtype=float), example, target
        self.cells = cells
        self.compute()

    def clear(self) -> None:
        self.set(pixels=np.zeros(64))

    @property
    def ink(self) -> list:
        """The pixels as the data set's integer intensities 0..16 (what the canvas shows)."""
        return [int(v) for v in np.rint(self.pixels * MAX_INTENSITY)]

    def compute(self) -> None:
        """Probabilities, prediction and ``-dJ/dx`` for the target (or the prediction)."""
        x = self.pixels[None, :]
        self.probabilities = self.net.forward(x)[0]
        self.predicted = int(np.argmax(self.probabilities))
        cls = self.predicted if self.target == "prediction" else self.target
        self.gradient_class = cls
        # -dJ/dx: the direction in pixel space that raises p[cls] fastest.
        self.saliency = -input_gradient(self.net, x, one_hot([cls], N_CLASSES))[0]

    def summary(self) -> str:
        p = self.probabilities
        second = int(np.argsort(p)[-2])
        return (
            f"prediction: {self.predicted} ({100 * p[self.predicted]:.0f} %) · "
            f"next: {second} ({100 * p[second]:.0f} %)"
        )
