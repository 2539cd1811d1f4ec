"""Contour lines that update in place.

``ax.contour`` builds a new ContourSet (and its Python-side bookkeeping) on every
call, so a view that re-contours on each slider move pays several milliseconds and has
to remove the old set.  :class:`ContourLines` keeps one ``LineCollection`` and only
replaces its segments, computed by contourpy (the library matplotlib itself uses).
"""

from __future__ import annotations

import contourpy
import numpy as np
from matplotlib.collections import LineCollection


class ContourLines:
    """Iso-lines of a grid, one artist for all levels.

    Parameters
    ----------
    ax : Axes
    **style
        ``LineCollection`` properties (``colors``, ``linewidths``, ``alpha``, ``zorder``).
    """

    def __init__(self, ax, **style):
        self.collection = LineCollection([], **style)
        ax.add_collection(self.collection, autolim=False)
        self.levels = np.empty(0)

    def update(self, x, y, z, levels) -> None:
        """Show the lines ``z = level`` for each level.

        Parameters
        ----------
        x : ndarray, shape ``(nx,)``
            Column coordinates of ``z``.
        y : ndarray, shape ``(ny,)``
            Row coordinates of ``z``.
        z : ndarray, shape ``(ny, nx)``
        levels : array_like, shape ``(k,)``
            Values to draw; none (an empty list) hides the lines.
        """
        self.levels = np.atleast_1d(np.asarray(levels, dtype=float))
        segments = []
        if len(self.levels):
            gen = contourpy.contour_generator(
                np.asarray(x, dtype=float),
                np.asarray(y, dtype=float),
                np.asarray(z, dtype=float),
                line_type=contourpy.LineType.Separate,
            )
            for level in self.levels:
                segments.extend(line for line in gen.lines(level) if len(line) > 1)
        self.collection.set_segments(segments)

    def update_inside(self, x, y, z, count: int) -> None:
        """Show ``count`` evenly spaced levels strictly inside ``z``'s range (none when
        ``z`` is flat)."""
        lo, hi = float(np.min(z)), float(np.max(z))
        self.update(x, y, z, np.linspace(lo, hi, count + 2)[1:-1] if hi > lo else [])

    @property
    def n_segments(self) -> int:
        """Number of separate line pieces shown (tests use it)."""
        return len(self.collection.get_segments())
