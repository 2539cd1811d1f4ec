"""The parameters notebook 1's apps share, their ranges, and their checks.

One table (:data:`RANGES`) says what each app accepts and what its slider shows, so a
control can always show the model's real value: a value the slider could not show is
refused with a clear message instead of being clipped silently.
"""

from __future__ import annotations

from .model import Number

# name -> (lowest, highest, slider step, label)
RANGES = {
    "w0": (-6.0, 6.0, 0.05, "w0"),
    "w1": (-6.0, 6.0, 0.05, "w1"),
    "x": (-3.0, 3.0, 0.05, "x (input)"),
    "y": (0.0, 1.0, 0.01, "y (target)"),
    "learning_rate": (0.1, 60.0, 0.1, "α (learning rate)"),
}


def chain_params(*names: str) -> dict:
    """The :class:`~backprop_tutorial.ui.model.Model` table of these chain parameters:
    each a number within its slider's range."""
    return {name: Number(*RANGES[name][:2]) for name in names}
