"""A digit drawn on a 32×32 grid, prepared the way the 8×8 digits were made.

The digits of ``digits.npz`` were scanned, and each character was normalised before the
counting: cut out to the box around its ink, scaled to fill the 32×32 square (keeping its
proportions) and centred in it. Only then was every 4×4 block's count of ink taken as one
of the 64 pixels. A learner's stroke goes through the same two steps, so that a "1" drawn
small in a corner reaches the network as the data set's tall "1" in the middle. One step
is ours: the scanned pen strokes were thicker, for the size of the character, than a line
drawn with the mouse, so the normalised drawing is thickened by one cell all round
(:func:`thicken`) before the counting.
"""

from __future__ import annotations

import numpy as np

from ..core import checks

FINE = 32  # cells per side of the drawing grid (the resolution of the scans)
BLOCK = 4  # cells per side of one of the 8×8 pixels
SIDE = FINE // BLOCK


def cells_text(cells) -> str:
    """A drawing as the canvas sends it: 1,024 characters "0"/"1", row by row.

    Parameters
    ----------
    cells : str or array_like of 0/1
        That text already ("" is no drawing and stays ""), or 1,024 values 0/1 (any
        shape), which are checked and written out.

    Raises
    ------
    ValueError
        Text of another length or with other characters; values that are not 0/1.
    """
    if isinstance(cells, str):
        if cells and (len(cells) != FINE * FINE or set(cells) - {"0", "1"}):
            raise ValueError(
                f"cells must be {FINE * FINE} characters 0 or 1 (the {FINE}×{FINE} grid row by "
                f"row), got {checks.show(cells)}"
            )
        return cells
    return "".join("1" if v else "0" for v in _grid(cells).reshape(-1))


def _grid(cells) -> np.ndarray:
    """``cells`` (values, or the canvas's text) as a boolean ``(32, 32)`` array, or a
    ValueError saying what it needs."""
    if isinstance(cells, str):
        cells = np.frombuffer(cells_text(cells).encode(), np.uint8) == ord("1")
    try:
        grid = np.asarray(cells, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(
            f"cells must be {FINE * FINE} numbers, 0 (no ink) or 1 (ink), row by row"
        ) from None
    if grid.size != FINE * FINE:
        raise ValueError(
            f"cells must hold {FINE * FINE} values ({FINE}×{FINE}, row by row), got {grid.size}"
        )
    if not np.all((grid == 0) | (grid == 1)):
        raise ValueError("cells must be 0 (no ink) or 1 (ink)")
    return grid.reshape(FINE, FINE) > 0


def normalise(cells) -> np.ndarray:
    """The ink cut to its bounding box, scaled to fill the 32×32 square with its proportions
    kept (nearest cell), and centred.

    Parameters
    ----------
    cells : array_like of 0/1, 1024 values or shape ``(32, 32)``, or str
        The drawing grid, row by row (or the canvas's text, see :func:`cells_text`).

    Returns
    -------
    ndarray of bool, shape ``(32, 32)``
        All False for an empty drawing.
    """
    grid = _grid(cells)
    out = np.zeros((FINE, FINE), dtype=bool)
    if not grid.any():
        return out
    rows, cols = np.nonzero(grid)
    crop = grid[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    h, w = crop.shape
    scale = FINE / max(h, w)
    H, W = max(1, round(h * scale)), max(1, round(w * scale))
    # Each target cell takes the source cell its centre falls in.
    r = np.minimum(((np.arange(H) + 0.5) / scale).astype(int), h - 1)
    c = np.minimum(((np.arange(W) + 0.5) / scale).astype(int), w - 1)
    top, left = (FINE - H) // 2, (FINE - W) // 2
    out[top : top + H, left : left + W] = crop[np.ix_(r, c)]
    return out


def thicken(grid: np.ndarray, radius: int = 1) -> np.ndarray:
    """``grid`` (bool, ``(32, 32)``) with every inked cell grown by ``radius`` cells (a
    disc), clipped at the border."""
    out = grid.copy()
    padded = np.pad(grid, radius)
    for dr in range(-radius, radius + 1):
        for dc in range(-radius, radius + 1):
            if dr * dr + dc * dc <= radius * radius:
                out |= padded[radius + dr : radius + dr + FINE, radius + dc : radius + dc + FINE]
    return out


def block_counts(cells) -> np.ndarray:
    """Every 4×4 block's count of ink, 0..16, as 64 row-major integers."""
    grid = _grid(cells)
    return grid.reshape(SIDE, BLOCK, SIDE, BLOCK).sum(axis=(1, 3)).reshape(-1).astype(int)


def prepare_drawing(cells) -> np.ndarray:
    """A drawing as the network's input: normalised, thickened, counted per block, / 16.

    Parameters
    ----------
    cells : array_like of 0/1, 1024 values or shape ``(32, 32)``, or str
        The drawing grid, or the canvas's text (see :func:`cells_text`).

    Returns
    -------
    ndarray, shape ``(64,)``, in [0, 1]
        The 8×8 pixels, row-major, as :func:`~backprop_tutorial.load_digits` gives them.
    """
    return block_counts(thicken(normalise(cells))) / (BLOCK * BLOCK)
