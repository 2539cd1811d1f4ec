"""The gradient as a product of Jacobians, multiplied from either end.

Write a computation as a chain of steps ``v_0 -> v_1 -> ... -> v_K`` with ``v_k`` a
vector of ``d_k`` numbers.  Step ``k`` has a Jacobian ``M_k = dv_(k+1)/dv_k``, a
``d_(k+1) × d_k`` matrix, and the chain rule says

    dv_K/dv_0 = M_(K-1) ··· M_1 M_0.

Matrix products are associative, so any order gives the same matrix, but not for the
same work.  Multiplying a ``p × q`` matrix by a ``q × r`` one takes ``p q r`` scalar
multiplications.  From the output end (``M_(K-1) M_(K-2)`` first) every intermediate
product has ``d_K`` rows: for a scalar cost (``d_K = 1``) each step is a cheap
vector-times-matrix, and that order is *reverse mode*.  From the input end
(``M_1 M_0`` first) every intermediate has ``d_0`` columns, one per input
direction: that order is *forward mode*, cheap when ``d_0 = 1``.

For a network (layers numbered from 0, ``S[l] = W[l] a[l] + b[l]``,
``a[l+1] = f(S[l])``) the steps are the layers, ``M_l = da[l+1]/da[l] =
diag(f'(S[l])) W[l]``.  :func:`network_chain_dims` gives the ``d_k``; the functions
:func:`jacobian_forward_mode` and :func:`jacobian_reverse_mode` compute the network's
input-output Jacobian both ways, counting their multiplications.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks
from .network import require_finite, require_network
from .shapes import check_sizes


def _check_dims(dims) -> list:
    try:
        dims = list(dims)
    except TypeError:
        raise ValueError(
            f"dims must be a list of positive integers, got {checks.show(dims)}"
        ) from None
    if len(dims) > checks.MAX_LAYERS + 1:
        raise ValueError(
            f"dims has {len(dims):,} sizes, above the limit of {checks.MAX_LAYERS + 1}"
        )
    if len(dims) < 2:
        raise ValueError(f"a chain needs at least two sizes (one Jacobian), got dims={dims}")
    for i, d in enumerate(dims):
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
            raise ValueError(f"dims[{i}] = {checks.show(d)}: every size must be a positive integer")
    return [int(d) for d in dims]


@dataclass(frozen=True)
class ChainCounts:
    """Multiplications of ``M_(K-1) ··· M_0`` in both orders (exact ints).

    Attributes
    ----------
    dims : tuple of int
        ``(d_0, ..., d_K)``; ``M_k`` is ``d_(k+1) × d_k``.
    reverse : int
        From the output end: ``Σ_(k=0)^(K-2) d_K d_(k+1) d_k``.
    forward : int
        From the input end: ``Σ_(k=1)^(K-1) d_(k+1) d_k d_0``.
    reverse_steps, forward_steps : tuple of int
        The cost of each product, in the order it is done.
    """

    dims: tuple
    reverse: int
    forward: int
    reverse_steps: tuple
    forward_steps: tuple

    @property
    def ratio(self) -> float:
        """``forward / reverse`` (``inf`` when reverse needs no multiplication)."""
        return self.forward / self.reverse if self.reverse else float("inf")

    @property
    def cheaper(self) -> str:
        """``"reverse"``, ``"forward"`` or ``"equal"``."""
        if self.reverse == self.forward:
            return "equal"
        return "reverse" if self.reverse < self.forward else "forward"


def chain_multiplications(dims) -> ChainCounts:
    """Count the multiplications of ``M_(K-1) ··· M_0`` from each end.

    Parameters
    ----------
    dims : sequence of int
        ``[d_0, ..., d_K]``, at least two entries.

    Examples
    --------
    >>> c = chain_multiplications([100, 50, 50, 1])
    >>> c.reverse, c.forward  # 1·50·50 + 1·50·100 versus 50·50·100 + 1·50·100
    (7500, 255000)
    """
    d = _check_dims(dims)
    K = len(d) - 1
    rev = tuple(d[K] * d[k + 1] * d[k] for k in range(K - 2, -1, -1))
    fwd = tuple(d[k + 1] * d[k] * d[0] for k in range(1, K))
    return ChainCounts(tuple(d), sum(rev), sum(fwd), rev, fwd)


def network_chain_dims(sizes, wrt: str = "first_layer") -> list:
    """The sizes ``d_k`` of the Jacobian chain of ``dJ/dθ`` for a network.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_0, ..., n_L]``.
    wrt : {"first_layer", "input"}
        ``"first_layer"``: θ is every weight and bias of layer 0, so the chain is
        ``θ -> a[1] -> ... -> a[L] -> J`` with ``d = [n_1 n_0 + n_1, n_1, ..., n_L, 1]``
        (forward mode carries one tangent per parameter, all at once).
        ``"input"``: the chain ``x -> a[1] -> ... -> a[L] -> J``,
        ``d = [n_0, ..., n_L, 1]``.
    """
    sizes = check_sizes(sizes)
    if not isinstance(wrt, str):
        raise checks.KindError(f"wrt must be 'first_layer' or 'input', got {checks.show(wrt)}")
    if wrt == "first_layer":
        return [sizes[1] * sizes[0] + sizes[1], *sizes[1:], 1]
    if wrt == "input":
        return [*sizes, 1]
    raise ValueError(f"wrt must be 'first_layer' or 'input', got {checks.show(wrt)}")


def mode_passes(n_inputs: int, n_outputs: int) -> dict:
    """Passes for the full Jacobian of ``f: R^a -> R^b``: forward ``a``, reverse ``b``.

    Forward mode gets one column (one input direction) per pass; reverse mode one row
    (one output) per pass.
    """
    for name, n in (("n_inputs", n_inputs), ("n_outputs", n_outputs)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {checks.show(n)}")
    d = _check_dims([n_inputs, n_outputs])
    return {"forward": d[0], "reverse": d[1]}


# ---------------------------------------------------------------------------
# The input-output Jacobian of a network, both ways
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JacobianResult:
    """``dy_hat/dx`` for one example, and what computing it took.

    Attributes
    ----------
    jacobian : ndarray, shape ``(n_L, n_0)``
        Entry ``[j, k]`` is ``d y_hat[j] / d x[k]``.
    passes : int
        Forward-mode passes (one per input) or backward passes (one per output).
    multiplications : int
        Every multiplication, the forward pass(es) included.
    """

    jacobian: np.ndarray
    passes: int
    multiplications: int


def _one_example(net, x) -> np.ndarray:
    require_network(net)
    X = net.check_x(x)
    if len(X) != 1:
        raise ValueError(f"the Jacobian is for one example: got {len(X)} rows in x")
    return X[0]


def jacobian_forward_mode(net, x) -> JacobianResult:
    """``dy_hat/dx`` by forward mode: one pass per input, each giving one column.

    Each pass computes the values again alongside the tangents
    (``dS[l] = W[l] da[l]``, ``da[l+1] = f'(S[l]) * dS[l]``), as :func:`jvp` does.
    """
    x = _one_example(net, x)
    with np.errstate(all="ignore"):
        result = _jacobian_forward(net, x)
    require_finite("the Jacobian", result.jacobian)
    return result


def _jacobian_forward(net, x) -> JacobianResult:
    n_in = x.size
    columns, mults = [], 0
    for k in range(n_in):
        # Each pass runs the forward pass for the values and carries one tangent along.
        cache = net._forward(x[None])
        da = np.zeros(n_in)
        da[k] = 1.0  # the tangent of x: direction e_k
        for l, W in enumerate(net.weights):
            # dS[l] = W[l] da[l],  da[l+1] = f'(S[l]) * dS[l]
            da = net.f_prime(l, cache.S[l][0], cache.a[l + 1][0]) * (W @ da)
            mults += 2 * W.size + len(da)
        columns.append(da)
    return JacobianResult(np.stack(columns, axis=1), n_in, mults)


def jacobian_reverse_mode(net, x) -> JacobianResult:
    """``dy_hat/dx`` by reverse mode: one recorded forward pass, one backward pass per output.

    Backward pass ``j`` starts from ``dy_hat[j]/da[L] = e_j`` and gives row ``j``.
    """
    x = _one_example(net, x)
    with np.errstate(all="ignore"):
        result = _jacobian_reverse(net, x)
    require_finite("the Jacobian", result.jacobian)
    return result


def _jacobian_reverse(net, x) -> JacobianResult:
    # One forward pass recorded (the tape), then one backward pass per output j.
    cache = net._forward(x[None])
    mults = net.n_weights
    n_out = net.sizes[-1]
    rows = []
    for j in range(n_out):
        g = np.zeros(n_out)
        g[j] = 1.0  # dy_hat[j]/da[L] = e_j
        for l in range(net.L - 1, -1, -1):
            # dy_hat[j]/da[l] = W[l]^T (f'(S[l]) * dy_hat[j]/da[l+1])
            W = net.weights[l]
            g = (g * net.f_prime(l, cache.S[l][0], cache.a[l + 1][0])) @ W
            mults += W.shape[0] + W.size
        rows.append(g)
    return JacobianResult(np.stack(rows), n_out, mults)


def jacobian_multiplications(sizes) -> dict:
    """Closed forms of the two functions above, for one example (exact ints).

    With ``F = Σ_l n_(l+1) n_l`` (one forward pass) and ``T = F + Σ_l n_(l+1)`` (the
    tangents or the backward pass of one direction):
    forward mode ``n_0 (F + T)``, reverse mode ``F + n_L T``.
    """
    sizes = check_sizes(sizes)
    F = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    T = F + sum(sizes[1:])
    return {"forward": sizes[0] * (F + T), "reverse": F + sizes[-1] * T}
