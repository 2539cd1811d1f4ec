"""A central difference against the exact gradient for many ε: ``EpsilonSweepModel``."""

from __future__ import annotations

import numpy as np

from ...core import checks
from ...ui.model import Model


class EpsilonSweepModel(Model):
    """The relative error of the central difference at each step size ε.

    The learner computes the sweep in the notebook; the model keeps it and finds the best
    ε.  Nothing is set afterwards (an empty parameter table).

    Parameters
    ----------
    eps : array_like
        The step sizes, positive, at least two.
    errors : array_like
        The relative error at each step size, finite and not negative (an exact 0 is drawn
        at the bottom of the log axis).
    """

    def __init__(self, eps, errors):
        eps = checks.array("eps", eps)
        errors = checks.array("errors", errors)
        if eps.ndim != 1 or eps.size < 2 or np.any(eps <= 0):
            raise ValueError(f"eps must be at least two positive finite step sizes, got {eps!r}")
        if errors.shape != eps.shape:
            raise ValueError(
                f"errors must hold one relative error per ε ({eps.size}), got shape {errors.shape}"
            )
        if np.any(errors < 0):
            raise ValueError("errors must not be negative (they are relative errors)")
        self.eps, self.errors = eps, errors

    @property
    def best(self) -> float:
        """The ε with the smallest relative error."""
        return float(self.eps[np.argmin(self.errors)])
