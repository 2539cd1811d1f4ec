"""Layer sizes typed into a text box, checked (notebook 2's apps)."""

from __future__ import annotations

import re

from ..network import check_sizes

MAX_PICTURE_NEURONS = 40  # pictures stay readable up to about this many neurons
MAX_LAYERS = 12

# ---------------------------------------------------------------------------
# Layer sizes from text
# ---------------------------------------------------------------------------


def parse_sizes(
    text, max_neurons: int | None = MAX_PICTURE_NEURONS, max_layers: int = MAX_LAYERS
) -> list:
    """Layer sizes from a text box such as ``"2, 3, 3, 1"`` (brackets and spaces allowed).

    Parameters
    ----------
    text : str or sequence of int
        Widths ``n_0, n_1, ..., n_L``.
    max_neurons : int or None
        Upper bound on the total number of neurons (pictures stop being readable).
    max_layers : int
        Upper bound on the number of entries.

    Returns
    -------
    list of int

    Raises
    ------
    ValueError
        With a message that says what to type instead.
    """
    if isinstance(text, str):
        body = text.strip().strip("[]()").strip()
        if not body:
            raise ValueError('type the layer sizes separated by commas, e.g. "2, 3, 3, 1"')
        parts = [p for p in re.split(r"[,\s;]+", body) if p]
        sizes = []
        for p in parts:
            if not re.fullmatch(r"[+]?\d+", p):
                raise ValueError(
                    f"{p!r} is not a whole number: type the layer sizes as whole numbers "
                    'separated by commas, e.g. "2, 3, 3, 1"'
                )
            sizes.append(int(p))
    else:
        sizes = list(text)
    sizes = check_sizes(sizes)
    if len(sizes) > max_layers:
        raise ValueError(
            f"{len(sizes)} layers is more than this app draws ({max_layers}): use fewer entries"
        )
    if max_neurons is not None and sum(sizes) > max_neurons:
        raise ValueError(
            f"{sum(sizes)} neurons in total is more than the picture can show readably "
            f"({max_neurons}): use smaller layers"
        )
    return sizes


# ---------------------------------------------------------------------------
# The two pictures
# ---------------------------------------------------------------------------
