"""Paths through a network: exact counts, the naive path-sum gradient, operation counts.

The chain rule, expanded fully, writes ``dJ/dW[l][j,k]`` as a sum over every path
from that weight to the cost, one product of local derivatives per path.  For a
weight of weight layer ``l`` (from neuron layer ``l`` to ``l + 1``) the path goes
through ``S[l][j]`` and then any neuron of each later layer, so there are
``n_(l+2) * ... * n_L`` paths.
Backpropagation computes the same numbers by storing ``delta[l]`` once per layer.

Counts are Python ints (exact at any size); enumeration refuses to start beyond a
limit, naming the exact number of paths it would have to visit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..teaching.labels import activation_label, sum_label, weight_label
from . import checks
from .costs import get_cost
from .network import require_network
from .shapes import check_sizes

DEFAULT_MAX_PATHS = 2_000_000


class EnumerationStopped(Exception):
    """Raised when a progress callback asks a path enumeration to stop."""


def _batch(batch) -> int:
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(
            f"batch must be a positive integer (number of examples), got {checks.show(batch)}"
        )
    return int(batch)


def count_paths(sizes) -> int:
    """Number of input-to-output paths: the product of the layer widths.

    >>> count_paths([3, 4, 2])
    24
    """
    return math.prod(check_sizes(sizes))


def count_paths_from_weight(sizes, layer: int) -> int:
    """Paths from one weight (or bias) of weight layer ``layer`` (0..L-1) to the cost.

    The product of the widths after the layer it feeds, ``n_(l+2) * ... * n_L``; 1 for
    the last weight layer.
    """
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < L:
        raise ValueError(
            f"layer must be an integer from 0 to {L - 1} (the weight layers), got "
            f"{checks.show(layer)}"
        )
    return math.prod(sizes[layer + 2 :])


def count_parameter_paths(sizes) -> int:
    """Total (parameter, path) pairs the naive path sum visits for one example."""
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    return sum(
        (sizes[l + 1] * sizes[l] + sizes[l + 1]) * count_paths_from_weight(sizes, l)
        for l in range(L)
    )


def _cost_name(cost) -> str:
    # Accept what Network accepts ("bce", a Cost object, ...); refuse unknown names.
    return get_cost(cost).name


def _n_tail_factors(L: int, l: int, cost: str) -> int:
    # f'(S[l]), then (W, f') per later weight layer, then dJ/dy_hat; cross-entropy fuses
    # the last two.
    return 2 * (L - 1 - l) + (1 if cost == "cross_entropy" else 2)


def path_sum_multiplications(sizes, batch: int = 1, cost: str = "quadratic") -> int:
    """Multiplications the naive path sum does for the full gradient (exact int).

    Each path of a weight multiplies ``a[l][k]`` by its tail of local derivatives;
    a bias path has no ``a`` factor.  One product of ``f`` factors costs ``f - 1``.
    """
    sizes = check_sizes(sizes)
    cost = _cost_name(cost)
    L = len(sizes) - 1
    total = 0
    for l in range(L):
        nf = _n_tail_factors(L, l, cost)
        paths = count_paths_from_weight(sizes, l)
        total += sizes[l + 1] * sizes[l] * paths * nf + sizes[l + 1] * paths * (nf - 1)
    return total * _batch(batch)


def backprop_multiplications(sizes, batch: int = 1, cost: str = "quadratic") -> int:
    """Multiplications of :meth:`Network.gradients`' backward pass (exact int).

    ``delta[L-1] = dJ/dy_hat * f'(S[L-1])`` costs ``n_L`` (0 for cross-entropy);
    each ``delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l])`` costs ``n_(l+2) n_(l+1) + n_(l+1)``;
    each ``dJ/dW[l] = delta[l] a[l]^T`` costs ``n_(l+1) n_l``; biases cost nothing.
    """
    sizes = check_sizes(sizes)
    cost = _cost_name(cost)
    L = len(sizes) - 1
    total = 0 if cost == "cross_entropy" else sizes[L]
    total += sum(sizes[l + 2] * sizes[l + 1] + sizes[l + 1] for l in range(L - 1))
    total += sum(sizes[l + 1] * sizes[l] for l in range(L))
    return total * _batch(batch)


def forward_multiplications(sizes, batch: int = 1) -> int:
    """Multiplications of one forward pass: ``sum_l n_(l+1) n_l`` per example."""
    sizes = check_sizes(sizes)
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)) * _batch(batch)


def finite_difference_multiplications(sizes, batch: int = 1) -> int:
    """Central finite differences, as notebook 1 and ``check_network`` use them.

    ``dJ/dθ_i ≈ (J(θ + ε e_i) − J(θ − ε e_i)) / 2ε``: two forward passes per parameter,
    ``2 (n + m)`` in all.
    """
    sizes = check_sizes(sizes)
    n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    return 2 * n_params * forward_multiplications(sizes, batch)


@dataclass
class PathSumResult:
    """The gradient computed path by path.

    Attributes
    ----------
    dW, db : list of ndarray
        Shaped like ``net.weights`` and ``net.biases``.
    n_paths : int
        (parameter, path) pairs visited, per example.
    multiplications : int
        Multiplications actually performed (all examples).
    """

    dW: list
    db: list
    n_paths: int
    multiplications: int


def _path_indices(start: int, stop: int, widths) -> np.ndarray:
    """Paths number ``start..stop-1`` as neuron indices, shape ``(stop - start, len(widths))``.

    Path number p is p written in the mixed radix of the later layers' widths; with no
    later layer there is exactly one (empty) path.
    """
    if not widths:
        return np.zeros((1, 0), int)
    return np.stack(np.unravel_index(np.arange(start, stop), widths), axis=1)


def _tail_factors(net, cache, Y, l, j, idx):
    """Local-derivative factors along the paths ``S[l][j] -> S[l+1][idx[:, 0]] -> ... -> J``.

    Returns an array of shape ``(n_factors, n_paths, batch)``.
    """
    L = net.L
    B = len(Y)
    P = idx.shape[0]
    ce = net.cost.name == "cross_entropy"
    factors = []
    prev = np.full(P, j)
    layers = [(l, prev)] + [(m, idx[:, m - l - 1]) for m in range(l + 1, L)]
    for m, cur in layers:
        if m > l:
            factors.append(np.broadcast_to(net.weights[m][cur, prev][:, None], (P, B)))
        if not (ce and m == L - 1):
            factors.append(net.activation_of(m).df(cache.S[m][:, cur]).T)
        prev = cur
    last = prev
    factors.append((cache.a[L][:, last] - Y[:, last]).T)
    return np.stack(factors)


def path_sum_gradients(
    net, X, Y, max_paths: int = DEFAULT_MAX_PATHS, progress=None, chunk: int = 65536
) -> PathSumResult:
    """The gradient of every weight and bias as an explicit sum over paths.

    Every (parameter, path, example) product is formed in full, with no partial
    product shared between parameters: this is the cost backprop avoids.

    Parameters
    ----------
    net : Network
    X, Y : array_like, shapes ``(batch, n_0)``, ``(batch, n_L)``
    max_paths : int
        Refuse (ValueError) when :func:`count_parameter_paths` exceeds this; above
        ``checks.MAX_PATHS`` (10**9) paths it refuses whatever ``max_paths`` says.
    progress : callable, optional
        ``progress(done, total)`` after each chunk of paths; returning False stops
        the enumeration with :class:`EnumerationStopped`.
    chunk : int
        Paths handled per vectorised block (bounds memory): a positive integer.  Blocks
        are made smaller when a block of ``chunk`` paths over the batch would exceed
        ``checks.MAX_ELEMENTS`` floats.

    Raises
    ------
    ValueError
        If the enumeration is larger than ``max_paths``.
    EnumerationStopped
        If ``progress`` returned False.
    """
    require_network(net)
    max_paths = checks.integer("max_paths", max_paths, minimum=1)
    chunk = checks.integer("chunk", chunk, minimum=1)
    if progress is not None and not callable(progress):
        raise checks.KindError(
            f"progress must be callable as progress(done, total), got {checks.show(progress)}"
        )
    total = _check_path_count(net.sizes, max_paths)
    X, Y = net.check_xy(X, Y)
    cache = net.forward_cache(X)
    # A block holds (factors, paths, batch) floats: keep it within the memory limit.
    most_factors = _n_tail_factors(net.L, 0, net.cost.name)
    chunk = max(1, min(chunk, checks.MAX_ELEMENTS // (most_factors * len(X))))
    return _path_sum(net, cache, Y, chunk, progress, total)


def _check_path_count(sizes, max_paths: int) -> int:
    """:func:`count_parameter_paths`, refused above ``max_paths`` or ``checks.MAX_PATHS``."""
    total = count_parameter_paths(sizes)
    if total > max_paths:
        raise ValueError(
            f"the path sum for {sizes} would visit {checks.count(total)} (parameter, path) "
            f"terms, more than "
            f"max_paths={checks.count(max_paths)}: use a smaller network, or raise max_paths "
            "if you can wait"
        )
    checks.budget(
        f"the path sum for {sizes} ((parameter, path) terms to visit)",
        total,
        checks.MAX_PATHS,
        "use a smaller network (this limit does not move: it would run for hours)",
    )
    return total


def _path_sum(net, cache, Y, chunk: int, progress, total: int) -> PathSumResult:
    # Every (parameter, path) product over the batch, in blocks of ``chunk`` paths.
    B = len(Y)
    dW = [np.zeros_like(W) for W in net.weights]
    db = [np.zeros_like(b) for b in net.biases]
    mults, done = 0, 0
    for l in range(net.L):
        widths = net.sizes[l + 2 :]
        n_tails = math.prod(widths)
        a_in = cache.a[l]
        for j in range(net.sizes[l + 1]):
            for start in range(0, n_tails, chunk):
                idx = _path_indices(start, min(start + chunk, n_tails), widths)
                G = _tail_factors(net, cache, Y, l, j, idx)
                nf, P = G.shape[0], G.shape[1]
                # Each weight redoes its own products: no sharing between parameters.
                for k in range(net.sizes[l]):
                    dW[l][j, k] += np.sum(a_in[:, k] * np.prod(G, axis=0))
                    mults += nf * P * B
                db[l][j] += np.sum(np.prod(G, axis=0))
                mults += (nf - 1) * P * B
                done += P * (net.sizes[l] + 1)
                if progress is not None and progress(done, total) is False:
                    raise EnumerationStopped(
                        f"stopped after {done:,} of {checks.count(total)} paths"
                    )
    return PathSumResult([d / B for d in dW], [d / B for d in db], total, mults)


@dataclass(frozen=True)
class PathTerm:
    """One path of one weight, for a table: its neurons, factors and product."""

    neurons: tuple
    names: tuple
    values: tuple
    product: float

    @property
    def label(self) -> str:
        return " → ".join(self.names)


def path_terms(net, x, y, layer: int, j: int, k: int, max_paths: int = 1000) -> list:
    """Every path term of ``dJ/dW[layer][j,k]`` for a single example, as data.

    Returns
    -------
    list of PathTerm
        Their products sum to the gradient for that example.

    Raises
    ------
    ValueError
        A batch of more than one example, a layer or index out of range, or more than
        ``max_paths`` paths (at most 10**6: each term is a Python object).
    """
    require_network(net)
    max_paths = checks.integer("max_paths", max_paths, minimum=1, maximum=10**6)
    X, Y = net.check_xy(x, y)
    if len(X) != 1:
        raise ValueError("path_terms shows one example: pass a single x and y")
    sizes = net.sizes
    # Check the layer first: sizes[layer] below needs it in range.
    n = count_paths_from_weight(sizes, layer)
    for name, index in (("j", j), ("k", k)):
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise checks.KindError(
                f"{name} must be an integer index into W[{layer}], got {checks.show(index)}"
            )
    if not (0 <= j < sizes[layer + 1] and 0 <= k < sizes[layer]):
        raise ValueError(
            f"W[{layer}] has shape ({sizes[layer + 1]}, {sizes[layer]}); got index "
            f"[{checks.show(j)},{checks.show(k)}] "
            f"(j, k): use 0 <= j < {sizes[layer + 1]} and 0 <= k < {sizes[layer]}"
        )
    if n > max_paths:
        raise ValueError(
            f"{weight_label(layer, j, k)} has {checks.count(n)} paths, more than "
            f"max_paths={max_paths}"
        )
    cache = net.forward_cache(X)
    idx = _path_indices(0, n, sizes[layer + 2 :])
    G = _tail_factors(net, cache, Y, layer, j, idx)[:, :, 0]
    terms = []
    for p in range(n):
        chain = (j, *idx[p])
        values = (float(cache.a[layer][0, k]), *map(float, G[:, p]))
        names = _term_names(net, layer, k, chain)
        terms.append(PathTerm(chain, names, values, float(np.prod(values))))
    return terms


def _term_names(net, layer: int, k: int, chain: tuple) -> tuple:
    """The factors of one path term as labels: ``a[l][k]``, ``f'(S[l][j])``, ``W[m][i,h]``, ..."""
    ce, L = net.cost.name == "cross_entropy", net.L
    j = chain[0]
    names = [
        activation_label(layer, k),
        f"{net.activation_of(layer).symbol}'({sum_label(layer, j)})",
    ]
    if ce and layer == L - 1:
        names = names[:1]
    for m in range(layer + 1, L):
        i_m, i_prev = chain[m - layer], chain[m - layer - 1]
        names.append(weight_label(m, i_m, i_prev))
        if not (ce and m == L - 1):
            names.append(f"{net.activation_of(m).symbol}'({sum_label(m, i_m)})")
    out = chain[-1]
    names.append(f"(ŷ[{out}] − y[{out}])")
    return tuple(names)
