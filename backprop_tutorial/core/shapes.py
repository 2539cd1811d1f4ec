"""The shapes of a network: layer sizes, batches of examples, the flat parameter vector.

``sizes = [n_0, ..., n_L]`` gives ``W[l]`` the shape ``(n_(l+1), n_l)`` and ``b[l]`` the
shape ``(n_(l+1),)``; a batch is ``(batch, n_0)``, one row per example; the flat vector
``theta`` lists every ``W[l]`` (row-major) then every ``b[l]``, ``n + m`` entries.
"""

from __future__ import annotations

import re

import numpy as np

from . import checks


def check_sizes(sizes) -> list:
    """Layer sizes as a list of ints: the one layer-size check of the package.

    Parameters
    ----------
    sizes : sequence of int, or str
        Widths ``[n_0, ..., n_L]``, or the same typed as text: ``"2, 3, 3, 1"``
        (brackets, spaces and semicolons allowed).  At least two layers, at most
        ``checks.MAX_LAYERS`` weight layers, each at most ``checks.MAX_WIDTH`` wide.

    Raises
    ------
    ValueError
        Naming the offending entry (a zero-width layer, a word in the text) and saying
        what to type instead.
    """
    if isinstance(sizes, str):
        sizes = _sizes_from_text(sizes)
    try:
        if isinstance(sizes, (bytes, dict)):
            raise TypeError
        if len(sizes) <= checks.MAX_LAYERS + 1:
            sizes = list(sizes)
    except TypeError:
        raise ValueError(
            f'layer sizes must be a list of integers or text like "2, 3, 3, 1", got '
            f"{checks.show(sizes)}"
        ) from None
    _check_layer_count(len(sizes))
    shown = checks.show(sizes)
    if len(sizes) < 2:
        raise ValueError(f"need at least an input and an output layer, got sizes={shown}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(
                f"layer {i} has width {checks.show(n)}: every layer needs a positive integer "
                f"number of neurons (sizes={shown})"
            )
        if n > checks.MAX_WIDTH:
            raise ValueError(
                f"layer {i} has width {checks.count(n)}, above the limit of "
                f"{checks.count(checks.MAX_WIDTH)} neurons: far too wide (sizes={shown})"
            )
    return [int(n) for n in sizes]


def _check_layer_count(n: int) -> None:
    if n > checks.MAX_LAYERS + 1:
        raise ValueError(
            f"sizes has {checks.count(n)} layers, above the limit of "
            f"{checks.MAX_LAYERS + 1}: use a shallower network"
        )


def _sizes_from_text(text: str) -> list:
    """``"2, 3, 3, 1"`` (or ``"[2 3 3 1]"``, ``"2; 3"``) as a list of ints, checked word by word."""
    words = size_words(text)
    if not words:
        raise ValueError('type the layer sizes separated by commas, e.g. "2, 3, 3, 1"')
    _check_layer_count(len(words))
    return read_widths(words)


def size_words(text: str) -> list:
    """The entries of a sizes text, as strings: ``"[2 3; 3, 1]"`` -> ``["2", "3", "3", "1"]``
    (commas, spaces and semicolons separate; brackets around the whole are dropped)."""
    return [p for p in re.split(r"[,\s;]+", text.strip().strip("[]()").strip()) if p]


def read_widths(words, max_digits: int = len(str(checks.MAX_WIDTH)), hint: str = "") -> list:
    """:func:`size_words`' entries as ints, each a whole number: the one reader of typed
    layer sizes (the apps' sizes boxes use it too, with their tighter ``max_digits``).

    Raises
    ------
    ValueError
        Quoting the first entry that is not a whole number, or one of more than
        ``max_digits`` digits (refused before ``int()`` sees it), followed by ``hint``
        (default: the largest width a layer may have).
    """
    hint = hint or f"use at most {checks.count(checks.MAX_WIDTH)} neurons"
    for p in words:
        if not re.fullmatch(r"[+]?\d+", p):
            shown = p if len(p) <= 20 else p[:20] + "..."
            raise ValueError(
                f"{shown!r} is not a whole number: type the layer sizes as whole numbers "
                'separated by commas, e.g. "2, 3, 3, 1"'
            )
        n = len(p.lstrip("+").lstrip("0"))
        if n > max_digits:
            # int() of a few thousand digits fails with Python's own message: say ours.
            raise ValueError(
                f"layer sizes: {p[:8] + '...'!r} ({n} digits) is far too wide for a layer; "
                f'{hint}, e.g. "2, 3, 3, 1"'
            )
    return [int(p) for p in words]


def n_parameters(sizes) -> int:
    """``n + m``: every weight and bias of a network of these sizes."""
    sizes = check_sizes(sizes)
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


def as_batch(name: str, data, width: int, row_floats: int = 0) -> np.ndarray:
    """Return ``data`` as a float array of shape ``(batch, width)``.

    A 1-D array of length ``width`` is one example; for ``width == 1`` a 1-D array
    is a batch of scalars.  With ``row_floats``, a batch whose ``batch * row_floats``
    exceeds ``checks.MAX_ELEMENTS`` is refused (before the pass over the data).
    """
    data = checks.array(name, data, finite=False)
    if data.ndim == 0 and width == 1:
        data = data.reshape(1, 1)
    elif data.ndim == 1:
        data = data.reshape(-1, 1) if width == 1 else data.reshape(1, -1)
    if data.ndim != 2 or data.shape[1] != width or data.shape[0] == 0:
        raise ValueError(
            f"{name} has shape {np.shape(data)} but the network expects (batch, {width}): "
            f"one row per example, {width} column(s)"
        )
    if row_floats:
        # Every layer keeps a (batch, n_(l+1)) array: refuse a batch that cannot fit.
        checks.budget(
            f"the forward pass of {len(data):,} examples (floats kept for the backward pass)",
            len(data) * row_floats,
            checks.MAX_ELEMENTS,
            "pass the data in smaller batches",
        )
    return checks.array(name, data)


def unroll(weights, biases) -> np.ndarray:
    """Concatenate every ``W[l]`` (row-major) then every ``b[l]`` into one vector.

    ``weights`` and ``biases`` are lists of finite real arrays (what
    :meth:`Network.gradients` returns, for instance).
    """
    parts = []
    for name, arrays in (("weights", weights), ("biases", biases)):
        if isinstance(arrays, (str, bytes, np.ndarray)) or not hasattr(arrays, "__iter__"):
            raise checks.KindError(
                f"unroll needs {name} as a list of arrays, got {checks.show(arrays)}"
            )
        parts += [np.ravel(checks.array(f"{name}[{l}]", A)) for l, A in enumerate(arrays)]
    return np.concatenate(parts) if parts else np.zeros(0)


def roll(theta, sizes) -> tuple:
    """Inverse of :func:`unroll`: split a flat vector into ``(weights, biases)``.

    Raises
    ------
    ValueError
        If ``theta`` does not have exactly ``n + m`` entries, or holds NaN or infinite
        values (as :func:`unroll` refuses them).
    """
    sizes = check_sizes(sizes)
    theta = checks.array("theta", theta, finite=False)
    n = n_parameters(sizes)
    if theta.shape != (n,):
        raise ValueError(
            f"parameter vector has shape {theta.shape}, expected ({n},) for sizes={sizes} "
            "(theta: one entry per weight and bias)"
        )
    theta = checks.array("theta", theta)
    weights, pos = [], 0
    for i, o in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append(theta[pos : pos + o * i].reshape(o, i).copy())
        pos += o * i
    biases = []
    for o in sizes[1:]:
        biases.append(theta[pos : pos + o].copy())
        pos += o
    return weights, biases
