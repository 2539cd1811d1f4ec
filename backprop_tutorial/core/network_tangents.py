"""Forward mode on a :class:`~backprop_tutorial.core.network.Network`, and what it costs.

Layers are numbered from 0 as in the notation: ``a[0] = x``, ``S[l] = W[l] a[l] + b[l]``
and ``a[l+1] = f(S[l])`` for ``l = 0..L-1``, ``y_hat = a[L]``; ``net.weights[l]`` is
``W[l]``.  A *direction* ``(dW, db)`` in parameter space (lists shaped like
``net.weights`` and ``net.biases``) gives every quantity a tangent, its rate of change
when the parameters move along the direction.  Differentiating each line of the
forward pass:

    dS[l] = W[l] da[l] + dW[l] a[l] + db[l]        (da[0] = 0: x is held fixed)
    da[l+1] = f'(S[l]) * dS[l]
    dJ    = mean over the batch of  Σ_j  dJ/dS[L-1][j] · dS[L-1][j]

The last line takes ``dJ/dS`` of the last layer from the cost (``cost.delta``), so
any cost that can give its output delta works, including one whose output activation
mixes the outputs (softmax).  One such pass is a *forward-mode pass*; it gives one
number, the directional derivative ``∇J · (dW, db)`` (a Jacobian-vector product,
"JVP").  The whole gradient needs one pass per parameter: :func:`forward_mode_gradients`.

Multiplication counts are exact Python ints; the functions count what they do, and the
``*_multiplications`` formulas say the same in closed form (tests keep them equal).
"""

from __future__ import annotations

import numpy as np

from . import checks
from .costs import get_cost
from .network import require_finite, require_network
from .paths import backprop_multiplications, forward_multiplications
from .shapes import check_sizes, n_parameters

# Multiplications per output unit the cost's delta dJ/dS needs: the quadratic cost
# multiplies (y_hat - y) by f'(S); the cross-entropy costs subtract (p - y).
_DELTA_MULTIPLICATIONS = {"quadratic": 1}


def _check_direction(net, dW, db) -> tuple:
    """Validate a direction: lists of finite arrays shaped like the weights and biases."""
    L = len(net.weights)
    try:
        dW, db = list(dW), list(db)
    except TypeError:
        raise ValueError(
            "dW and db must be lists of arrays shaped like net.weights and net.biases"
        ) from None
    if len(dW) != L or len(db) != L:
        raise ValueError(
            f"dW and db need {L} arrays each (one per weight layer), got {len(dW)} and {len(db)}"
        )
    out_w, out_b = [], []
    for l in range(L):
        for name, given, like, out in (
            ("dW", dW[l], net.weights[l], out_w),
            ("db", db[l], net.biases[l], out_b),
        ):
            arr = checks.array(f"{name}[{l}]", given)
            if arr.shape != like.shape:
                raise ValueError(
                    f"{name}[{l}] has shape {arr.shape}, expected {like.shape} (like "
                    f"net.{'weights' if name == 'dW' else 'biases'}[{l}])"
                )
            out.append(arr)
    return out_w, out_b


def _jvp(net, X, Y, dW, db) -> tuple:
    """One forward-mode pass on checked inputs; returns ``(dJ, multiplications)``.

    The values are the network's own forward pass; the tangents follow them layer by
    layer, as a forward-mode pass carries both.
    """
    cache = net._forward(X)
    B = len(X)
    mults, dS = 0, None
    for l, W in enumerate(net.weights):
        mults += B * W.size  # the value S[l] = W[l] a[l] + b[l]
        # dS[l] = W[l] da[l] + dW[l] a[l] + db[l]   (da[0] = 0: the input does not move)
        dS_next = cache.a[l] @ dW[l].T + db[l]
        mults += B * W.size
        if dS is not None:
            # da[l] = f'(S[l-1]) * dS[l-1]
            da = net.f_prime(l - 1, cache.S[l - 1], cache.a[l]) * dS
            dS_next += da @ W.T
            mults += da.size + B * W.size
        dS = dS_next
    # dJ = mean over the batch of  sum_j  dJ/dS[L-1][j] dS[L-1][j]
    delta = net.cost.delta(cache.S[-1], cache.y_hat, Y, net.output_activation)
    mults += _DELTA_MULTIPLICATIONS.get(net.cost.name, 0) * dS.size + dS.size
    return float(np.sum(delta * dS)) / B, mults


def jvp(net, X, Y, dW, db) -> float:
    """The directional derivative of the cost along ``(dW, db)``, by one forward-mode pass.

    Parameters
    ----------
    net : Network
    X, Y : array_like, shapes ``(batch, n_0)`` and ``(batch, n_L)``
    dW, db : list of array_like
        The direction, shaped like ``net.weights`` and ``net.biases``.

    Returns
    -------
    float
        ``Σ_l Σ dJ/dW[l] * dW[l] + dJ/db[l] * db[l]``, computed without a backward pass.
    """
    require_network(net)
    X, Y = net.check_xy(X, Y)
    dW, db = _check_direction(net, dW, db)
    with np.errstate(all="ignore"):
        value = _jvp(net, X, Y, dW, db)[0]
    require_finite("the directional derivative", value)
    return value


class ForwardModeGradients(tuple):
    """``(dW, db)`` like :meth:`Network.gradients`, plus what it took.

    Unpacks as ``dW, db = result``.

    Attributes
    ----------
    passes : int
        Forward-mode passes made: one per parameter, ``n + m``.
    multiplications : int
        Multiplications over all passes (values and tangents).
    """

    def __new__(cls, dW, db, passes: int, multiplications: int):
        self = super().__new__(cls, (dW, db))
        self.passes = passes
        self.multiplications = multiplications
        return self

    @property
    def dW(self) -> list:
        return self[0]

    @property
    def db(self) -> list:
        return self[1]


def forward_mode_gradients(net, X, Y) -> ForwardModeGradients:
    """The full gradient by forward mode: one pass per weight and bias.

    Each pass seeds one parameter (direction 1 on it, 0 elsewhere) and returns its
    partial derivative.  Same numbers as :meth:`Network.gradients`, ``n + m`` times
    the work of one pass.

    Returns
    -------
    ForwardModeGradients
        ``(dW, db)`` with ``.passes`` and ``.multiplications``.

    Raises
    ------
    ValueError
        Bad data, or more than ``checks.MAX_EVALUATIONS`` passes or
        ``checks.MAX_MULTIPLICATIONS`` multiplications (refused before the first pass).
    """
    require_network(net)
    X, Y = net.check_xy(X, Y)
    checks.budget(
        f"forward mode for {net.sizes} (passes, one per parameter)",
        net.n_params,
        checks.MAX_EVALUATIONS,
        "use a smaller network: forward mode needs one pass per weight and bias",
    )
    checks.budget(
        f"forward mode for {net.sizes} on {len(X):,} examples (multiplications)",
        forward_mode_multiplications(net.sizes, len(X), net.cost.name),
        checks.MAX_MULTIPLICATIONS,
        "use a smaller network or batch",
    )
    dW = [np.zeros_like(W) for W in net.weights]
    db = [np.zeros_like(b) for b in net.biases]
    zW = [np.zeros_like(W) for W in net.weights]
    zb = [np.zeros_like(b) for b in net.biases]
    passes = mults = 0
    for out, direction in [(dW, zW), (db, zb)]:
        for l, arr in enumerate(direction):
            for idx in np.ndindex(arr.shape):
                arr[idx] = 1.0
                with np.errstate(all="ignore"):
                    out[l][idx], m = _jvp(net, X, Y, zW, zb)
                arr[idx] = 0.0
                passes += 1
                mults += m
    for g in dW + db:
        require_finite("the gradient", g)
    return ForwardModeGradients(dW, db, passes, mults)


# ---------------------------------------------------------------------------
# Counts in closed form
# ---------------------------------------------------------------------------


def _check(sizes, batch, cost) -> tuple:
    sizes = check_sizes(sizes)
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(
            f"batch must be a positive integer (number of examples), got {checks.show(batch)}"
        )
    return sizes, int(batch), get_cost(cost).name


def jvp_multiplications(sizes, batch: int = 1, cost: str = "quadratic") -> int:
    """Multiplications of one forward-mode pass (:func:`jvp`), exact.

    Per example: ``n_(l+1) n_l`` for each value ``W[l] a[l]`` and again for each
    ``dW[l] a[l]``; ``n_(l+1) n_l`` for ``W[l] da[l]`` when ``l >= 1``; ``n_(l+1)`` for
    ``f'(S[l]) * dS[l]`` below the last layer; and for the last layer the cost's delta
    (``n_L`` more for the quadratic cost) and its dot product with ``dS`` (``n_L``).
    """
    sizes, batch, cost = _check(sizes, batch, cost)
    L = len(sizes) - 1
    prods = [sizes[l] * sizes[l + 1] for l in range(L)]
    total = 2 * sum(prods) + sum(prods[1:]) + sum(sizes[1:L])
    total += (_DELTA_MULTIPLICATIONS.get(cost, 0) + 1) * sizes[L]
    return total * batch


def forward_mode_multiplications(sizes, batch: int = 1, cost: str = "quadratic") -> int:
    """The full gradient by forward mode: ``(n + m)`` passes of :func:`jvp_multiplications`."""
    return n_parameters(sizes) * jvp_multiplications(sizes, batch, cost)


def reverse_mode_multiplications(sizes, batch: int = 1, cost: str = "quadratic") -> int:
    """The full gradient by reverse mode: one forward pass plus one backward pass."""
    return forward_multiplications(sizes, batch) + backprop_multiplications(sizes, batch, cost)


def gradient_passes(sizes) -> dict:
    """Passes each mode needs for the whole gradient of one cost.

    Returns
    -------
    dict
        ``{"forward": n + m, "reverse": 1}`` (reverse mode: one forward pass to record,
        one backward pass for every parameter at once).
    """
    return {"forward": n_parameters(sizes), "reverse": 1}
