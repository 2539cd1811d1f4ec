"""One place that formats and parses the labels of parameters and neurons.

The label a learner reads is the expression they can type: ``"W[0][1,2]"`` is
``net.weights[0][1, 2]`` and ``dW[0][1, 2]``.  Weight layers are ``l = 0..L-1``;
``W[l][j,k]`` connects neuron ``k`` of layer ``l`` (``a[l][k]``) to neuron ``j`` of
layer ``l + 1`` (``S[l][j]``).  See docs/NOTATION.md.

Standard library only.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

WEIGHT_FORM = "W[l][j,k]"
BIAS_FORM = "b[l][j]"

# One label per parameter, for a person to read: two million is far past any network
# the notebooks build (the digits network has 2,410) and takes about a second.
MAX_LABELS = 2_000_000

_INDEXED = re.compile(r"(\w\[\d+\])\[[\d,]+\]")
_PARAM = re.compile(r"(W)\[(\d+)\]\[(\d+), *(\d+)\]|(b)\[(\d+)\]\[(\d+)\]")


def weight_label(l: int, j: int, k: int) -> str:
    """``"W[l][j,k]"``: the weight from ``a[l][k]`` to ``S[l][j]``."""
    return f"W[{l}][{j},{k}]"


def bias_label(l: int, j: int) -> str:
    """``"b[l][j]"``: the bias added to ``S[l][j]``."""
    return f"b[{l}][{j}]"


def sum_label(l: int, j: int) -> str:
    """``"S[l][j]"``: weighted sum ``j`` of weight layer ``l``."""
    return f"S[{l}][{j}]"


def activation_label(l: int, j: int) -> str:
    """``"a[l][j]"``: neuron ``j`` of neuron layer ``l`` (``a[0]`` is the input)."""
    return f"a[{l}][{j}]"


def param_labels(sizes) -> list:
    """Labels of every weight then every bias, in the order of ``network.unroll``.

    Parameters
    ----------
    sizes : sequence of int
        Neuron-layer widths ``[n_0, ..., n_L]``.

    Raises
    ------
    ValueError
        Sizes that are not positive integers, or more than 2,000,000 labels.
    """
    sizes = _sizes(sizes)
    n = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if n > MAX_LABELS:
        raise ValueError(
            f"sizes {sizes[:10]} have more than {MAX_LABELS:,} parameters: too many labels"
        )
    weights = [
        weight_label(l, j, k)
        for l in range(len(sizes) - 1)
        for j in range(sizes[l + 1])
        for k in range(sizes[l])
    ]
    biases = [bias_label(l, j) for l in range(len(sizes) - 1) for j in range(sizes[l + 1])]
    return weights + biases


def _show(value) -> str:
    # repr() of a 5,000-digit int raises (Python >= 3.11): describe such values instead.
    if isinstance(value, int) and value.bit_length() > 100:
        return f"an integer of {int(value.bit_length() * 0.30103)} digits"
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _sizes(sizes) -> list:
    # Standard library only, so not network.check_sizes: positive ints, at least two.
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise ValueError(f"sizes must be a list of positive integers, got {type(sizes).__name__}")
    out = []
    try:
        sizes = iter(sizes)
    except TypeError:
        raise ValueError(
            f"sizes must be a list of positive integers, got {type(sizes).__name__}"
        ) from None
    for i, n in enumerate(sizes):
        try:
            if isinstance(n, bool):
                raise TypeError
            n = operator.index(n)
        except TypeError:
            raise ValueError(
                f"sizes[{i}] must be a positive integer, got {type(n).__name__}"
            ) from None
        if n < 1:
            raise ValueError(f"sizes[{i}] must be a positive integer, got {_show(n)}")
        out.append(n)
        if len(out) > 1002:
            raise ValueError("sizes has more than 1,001 layers")
    if len(out) < 2:
        raise ValueError(f"sizes needs at least two layers, got {len(out)}")
    return out


def strip_indices(text: str) -> str:
    """Drop the neuron indices of every label in ``text``: ``"σ'(S[1][0])"`` -> ``"σ'(S[1])"``,
    ``"W[2][1,0]"`` -> ``"W[2]"`` (a table's column header)."""
    return _INDEXED.sub(r"\1", text)


@dataclass(frozen=True)
class ParamRef:
    """A parsed parameter label: ``kind`` "W" or "b", weight layer ``l``, row ``j``,
    column ``k`` (None for a bias)."""

    kind: str
    l: int
    j: int
    k: int | None = None

    @property
    def label(self) -> str:
        if self.kind == "W":
            return weight_label(self.l, self.j, self.k)
        return bias_label(self.l, self.j)


def parse_param_label(text, sizes=None) -> ParamRef:
    """``"W[0][1,2]"`` -> ``ParamRef("W", 0, 1, 2)``; ``"b[1][0]"`` -> ``ParamRef("b", 1, 0)``.

    Accepts exactly the formatted form (spaces allowed after the comma).

    Parameters
    ----------
    text : str
    sizes : sequence of int, optional
        Neuron-layer widths; when given, the indices are checked against them.

    Raises
    ------
    ValueError
        Naming the text and the accepted form, or the valid range of an index.
    """
    m = _PARAM.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise ValueError(
            f"{_show(text)} is not a parameter label: write a weight as {WEIGHT_FORM!r} "
            f"(e.g. 'W[0][1,0]') or a bias as {BIAS_FORM!r} (e.g. 'b[0][1]')"
        )
    if m.group(1):
        ref = ParamRef("W", int(m.group(2)), int(m.group(3)), int(m.group(4)))
    else:
        ref = ParamRef("b", int(m.group(6)), int(m.group(7)))
    if sizes is not None:
        _check_range(text, ref, _sizes(sizes))
    return ref


def _check_range(text: str, ref: ParamRef, sizes: list) -> None:
    L = len(sizes) - 1
    if not 0 <= ref.l < L:
        raise ValueError(
            f"{text}: weight layers are l = 0..{L - 1} for sizes {sizes}, got l = {ref.l}"
        )
    n_out, n_in = sizes[ref.l + 1], sizes[ref.l]
    if not ref.j < n_out:
        has = f"shape ({n_out}, {n_in})" if ref.kind == "W" else f"{n_out} entries"
        raise ValueError(f"{text}: {ref.kind}[{ref.l}] has {has}, so j must be 0..{n_out - 1}")
    if ref.kind == "W" and not ref.k < n_in:
        raise ValueError(
            f"{text}: W[{ref.l}] has shape ({n_out}, {n_in}), so k must be 0..{n_in - 1}"
        )
