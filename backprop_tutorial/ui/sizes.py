"""Layer sizes typed into a text box, checked (notebook 2's apps)."""

from __future__ import annotations

from ..core import checks
from ..core.shapes import check_sizes, read_widths, size_words
from .style import int_digits

MAX_PICTURE_NEURONS = 40  # pictures stay readable up to about this many neurons
MAX_LAYERS = 12
MAX_DIGITS = 6  # a width with more digits than this is refused before int() sees it

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
    if isinstance(text, str) and not size_words(text):
        raise ValueError('type the layer sizes separated by commas, e.g. "2, 3, 3, 1"')
    sizes = parse_widths(text, max_neurons or MAX_PICTURE_NEURONS, max_layers)
    sizes = check_sizes(sizes)
    if max_neurons is not None and sum(sizes) > max_neurons:
        raise ValueError(
            f"{sum(sizes)} neurons in total is more than the picture can show readably "
            f"({max_neurons}): use smaller layers"
        )
    return sizes


def parse_widths(text, max_neurons: int = MAX_PICTURE_NEURONS, max_layers: int = MAX_LAYERS):
    """Layer widths from text (``"2, 3, 3, 1"``, brackets and spaces allowed; empty text
    is no layer, read by :func:`backprop_tutorial.core.shapes.read_widths`) or from a
    sequence, as ints; the values themselves are checked by the caller
    (:func:`parse_sizes` for a whole network).

    Raises
    ------
    ValueError
        For something that is not a whole number, a number far too wide for a layer
        (``max_neurons`` is what the message suggests instead) or more than
        ``max_layers`` entries.
    """
    if isinstance(text, str):
        words = size_words(text)
        _check_count(len(words), max_layers)
        return read_widths(words, MAX_DIGITS, f"use at most {max_neurons} neurons in total")
    try:
        sizes = list(text)
    except TypeError:
        raise ValueError(
            f'layer sizes must be text like "2, 3, 3, 1" or a list of integers, got '
            f"{checks.show(text)}"
        ) from None
    _check_count(len(sizes), max_layers)
    for i, n in enumerate(sizes):
        if isinstance(n, int) and abs(n) > 10**MAX_DIGITS:
            raise ValueError(
                f"layer sizes: layer {i} is far too wide (a number of {int_digits(n)} "
                f"digits); use at most {max_neurons} neurons in total"
            )
    return sizes


def _check_count(n: int, max_layers: int) -> None:
    if n > max_layers:
        raise ValueError(
            f"{n} layers is more than this app draws ({max_layers}): use fewer entries"
        )


def sizes_text(sizes) -> str:
    """What a sizes box shows for ``sizes``: ``"2, 3, 3, 1"``."""
    return ", ".join(str(int(n)) for n in sizes)
