"""What reverse mode keeps for the backward pass (the tape), and checkpointing.

Layers are numbered from 0: ``S[l] = W[l] a[l] + b[l]``, ``a[l+1] = f(S[l])``,
``l = 0..L-1``.  The backward pass of layer ``l`` reads ``a[l]`` (for
``dJ/dW[l] = delta[l] a[l]^T``) and ``S[l]`` (for ``f'(S[l])``), so
:meth:`Network.gradients` keeps every ``S[l]`` and ``a[l+1]`` of the batch from the
forward pass until the backward pass has used them: the *tape*.  In float64 that is

    8 · batch · (n_0 + 2 (n_1 + ... + n_L))  bytes,

growing with depth and with batch size, whatever the widths.

*Checkpointing* trades memory for work.  Keep the values of every ``k``-th layer only
(layers ``k-1, 2k-1, ...`` and always the last); in the backward pass, rebuild the
``k - 1`` layers below a kept layer from the kept values under them, use them, and
drop them.  Memory then holds about ``L/k`` kept layers plus ``k - 1`` rebuilt ones,
which is smallest near ``k = √L``; the price is one extra forward computation of
every layer that was not kept.  :func:`checkpointed_gradients` does exactly this and
:func:`checkpoint_plan` says what it will keep and recompute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import checks
from .network import require_finite, require_network
from .shapes import check_sizes

FLOAT_BYTES = 8  # float64


def _batch(batch) -> int:
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(
            f"batch must be a positive integer (number of examples), got {checks.show(batch)}"
        )
    return int(batch)


def tape_bytes(sizes, batch: int = 1, include_input: bool = True) -> int:
    """Bytes reverse mode keeps for the backward pass: every ``S[l]`` and ``a[l+1]``.

    Parameters
    ----------
    sizes : sequence of int
        ``[n_0, ..., n_L]``.
    batch : int
    include_input : bool
        Count ``a[0] = x`` too (the backward pass reads it; the caller owns it).
    """
    sizes = check_sizes(sizes)
    floats = 2 * sum(sizes[1:]) + (sizes[0] if include_input else 0)
    return FLOAT_BYTES * _batch(batch) * floats


def _check_k(k, L: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= L:
        raise ValueError(
            f"k must be an integer from 1 (keep every layer) to {L} (keep only the last), "
            f"got {checks.show(k)}"
        )
    return int(k)


@dataclass(frozen=True)
class CheckpointPlan:
    """What checkpointing every ``k``-th layer keeps and recomputes (exact ints).

    Attributes
    ----------
    k : int
    kept : tuple of int
        Layers whose ``S[l]`` and ``a[l+1]`` the forward pass keeps.
    segments : tuple of tuple of int
        The runs of layers rebuilt in the backward pass, one below each kept layer.
    kept_bytes : int
        Memory of the kept layers, held through the backward pass.
    recompute_bytes : int
        The largest rebuilt segment (one at a time is alive).
    input_bytes : int
        ``a[0] = x``, read by the backward pass, owned by the caller.
    extra_multiplications : int
        Forward multiplications spent rebuilding: ``batch · Σ n_(l+1) n_l`` over the
        layers not kept.
    forward_multiplications : int
        One forward pass, for scale.
    """

    sizes: tuple
    batch: int
    k: int
    kept: tuple
    segments: tuple
    kept_bytes: int
    recompute_bytes: int
    input_bytes: int
    extra_multiplications: int
    forward_multiplications: int

    @property
    def memory_bytes(self) -> int:
        """Peak of what the backward pass holds besides x: kept plus one rebuilt segment."""
        return self.kept_bytes + self.recompute_bytes

    @property
    def extra_fraction(self) -> float:
        """Extra forward work as a fraction of one forward pass."""
        return self.extra_multiplications / self.forward_multiplications


def checkpoint_plan(sizes, batch: int = 1, k: int = 1) -> CheckpointPlan:
    """The memory and recomputation of checkpointing every ``k``-th layer.

    ``k = 1`` keeps every layer: the plain tape, nothing recomputed.  ``k = L`` keeps
    only the last layer and rebuilds all the others once.
    """
    sizes = check_sizes(sizes)
    batch = _batch(batch)
    L = len(sizes) - 1
    k = _check_k(k, L)
    kept = tuple(l for l in range(L) if (l + 1) % k == 0 or l == L - 1)
    segments, prev = [], -1
    for c in kept:
        segments.append(tuple(range(prev + 1, c)))
        prev = c

    def layer_bytes(l):  # S[l] and a[l+1]
        return 2 * FLOAT_BYTES * batch * sizes[l + 1]

    def mults(l):
        return batch * sizes[l] * sizes[l + 1]

    rebuilt = [l for seg in segments for l in seg]
    return CheckpointPlan(
        sizes=tuple(sizes),
        batch=batch,
        k=k,
        kept=kept,
        segments=tuple(segments),
        kept_bytes=sum(layer_bytes(l) for l in kept),
        recompute_bytes=max(sum(layer_bytes(l) for l in seg) for seg in segments),
        input_bytes=FLOAT_BYTES * batch * sizes[0],
        extra_multiplications=sum(mults(l) for l in rebuilt),
        forward_multiplications=sum(mults(l) for l in range(L)),
    )


def balanced_k(sizes, batch: int = 1) -> int:
    """The ``k`` with the least :attr:`CheckpointPlan.memory_bytes`.

    Ties go to the smaller ``k``: the same memory for less recomputation.  For ``L``
    equal widths the least memory is also reached at ``⌊√L⌋`` or ``⌈√L⌉``.
    """
    sizes = check_sizes(sizes)
    batch = _batch(batch)
    L = len(sizes) - 1
    # checkpoint_plan(sizes, batch, k).memory_bytes for every k, from prefix sums of the
    # layer sizes: O(L/k) per k instead of O(L), so deep networks answer at once.
    prefix = [0]
    for n in sizes[1:]:
        prefix.append(prefix[-1] + 2 * FLOAT_BYTES * batch * n)

    def memory(k):
        kept = list(range(k - 1, L, k))
        if kept[-1] != L - 1:
            kept.append(L - 1)
        kept_bytes = sum(prefix[c + 1] - prefix[c] for c in kept)
        worst, prev = 0, -1
        for c in kept:
            worst = max(worst, prefix[c] - prefix[prev + 1])
            prev = c
        return kept_bytes + worst

    return min(range(1, L + 1), key=lambda k: (memory(k), k))


def sqrt_rule(L: int) -> float:
    """``√L``, the balance of ``L/k`` kept layers against ``k`` rebuilt ones."""
    return math.sqrt(L)


# ---------------------------------------------------------------------------
# The real thing
# ---------------------------------------------------------------------------


class CheckpointedGradients(tuple):
    """``(dW, db)`` like :meth:`Network.gradients`; ``.plan`` and the counted extra work.

    Attributes
    ----------
    plan : CheckpointPlan
    extra_multiplications : int
        Counted while rebuilding (equals ``plan.extra_multiplications``).
    """

    def __new__(cls, dW, db, plan, extra_multiplications):
        self = super().__new__(cls, (dW, db))
        self.plan = plan
        self.extra_multiplications = extra_multiplications
        return self


def checkpointed_gradients(net, X, Y, k: int = 1) -> CheckpointedGradients:
    """Backpropagation keeping only every ``k``-th layer's values (see :func:`checkpoint_plan`).

    Parameters
    ----------
    net : Network
    X, Y : array_like, shapes ``(batch, n_0)``, ``(batch, n_L)``
    k : int
        1 keeps everything (the plain tape); ``net.L`` keeps only the last layer.

    Returns
    -------
    CheckpointedGradients
        ``(dW, db)`` equal to ``net.gradients(X, Y)`` (to rounding).
    """
    require_network(net)
    X, Y = net.check_xy(X, Y)
    k = _check_k(k, net.L)
    with np.errstate(all="ignore"):
        result = _checkpointed(net, X, Y, k)
    for g in result[0] + result[1]:
        require_finite("the gradient", g)
    return result


def _checkpointed(net, X, Y, k) -> CheckpointedGradients:
    L = len(net.weights)
    plan = checkpoint_plan(net.sizes, len(X), k)
    B = len(X)

    # Forward pass: keep (S[l], a[l+1]) of the kept layers only.
    kept, a = {}, X
    for l in range(L):
        S, a = net.layer(l, a)
        if l in plan.kept:
            kept[l] = (S, a)
        del S

    def output_of(l, rebuilt):  # a[l+1], or x for l = -1
        if l < 0:
            return X
        return (kept.get(l) or rebuilt[l])[1]

    dW, db = [None] * L, [None] * L
    extra = 0
    S_last, y_hat = kept[L - 1]
    delta = net.cost.delta(S_last, y_hat, Y, net.output_activation) / B  # dJ/dS[L-1]
    for c, segment in zip(reversed(plan.kept), reversed(plan.segments), strict=True):
        # Rebuild the layers below c from the values under them, then walk back through
        # c and them; the rebuilt values are dropped before the next segment.
        rebuilt, a = {}, output_of(segment[0] - 1 if segment else c - 1, {})
        for l in segment:
            rebuilt[l] = net.layer(l, a)
            a = rebuilt[l][1]
            extra += B * net.weights[l].size
        for l in (c, *reversed(segment)):
            a_in = output_of(l - 1, rebuilt)
            dW[l] = delta.T @ a_in
            db[l] = delta.sum(axis=0)
            if l > 0:
                S_prev, a_prev = kept.get(l - 1) or rebuilt[l - 1]
                delta = delta @ net.weights[l]
                delta *= net.f_prime(l - 1, S_prev, a_prev)
        del rebuilt
    return CheckpointedGradients(dW, db, plan, extra)
