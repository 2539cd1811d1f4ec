"""Layer sizes typed into a text box, checked (notebook 2's apps)."""

from __future__ import annotations

from ..core.shapes import check_sizes

MAX_PICTURE_NEURONS = 40  # pictures stay readable up to about this many neurons
MAX_LAYERS = 12

# ---------------------------------------------------------------------------
# Layer sizes from text
# ---------------------------------------------------------------------------


def parse_sizes(
    text, max_neurons: int | None = MAX_PICTURE_NEURONS, max_layers: int = MAX_LAYERS
) -> list:
    """Layer sizes from a sizes box, such as ``"2, 3, 3, 1"``, within what a picture shows.

    The text is read and checked by :func:`backprop_tutorial.core.shapes.check_sizes`;
    this adds the limits of the apps' pictures.

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
    sizes = check_sizes(text)
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


def sizes_text(sizes) -> str:
    """What a sizes box shows for ``sizes``: ``"2, 3, 3, 1"``."""
    return ", ".join(str(int(n)) for n in sizes)
