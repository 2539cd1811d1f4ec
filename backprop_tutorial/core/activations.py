"""Pointwise activations and their derivatives, numerically stable; and the softmax.

Each activation is a small object with ``f`` (the function) and ``df`` (its
derivative, expressed through the pre-activation ``s``), so layers can swap them.
The softmax is the exception: every output depends on every sum, so it has no
elementwise derivative and is used only with the cost that supplies its output
delta (``costs.SoftmaxCrossEntropy``).  Only numpy is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import checks


def _real(name: str, s) -> np.ndarray:
    # The public functions take any real input, +-inf included (sigma(+-inf) is exactly
    # 1 or 0); None, strings, complex numbers and NaN are refused.
    arr = checks.array(name, s, finite=False)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN: clean the data first")
    return arr


def sigmoid(s, out=None):
    """Logistic sigmoid ``1 / (1 + exp(-s))`` without overflow.

    Parameters
    ----------
    s : float or ndarray, any shape
        Real numbers (``+-inf`` allowed); NaN, complex or non-numeric input is refused.
    out : ndarray, optional
        Array of the same shape to write into (no new memory), as numpy's ``out=``.

    Returns
    -------
    float or ndarray, same shape as ``s``, values in [0, 1].
    """
    s = _real("s", s)
    if out is not None and (not isinstance(out, np.ndarray) or out.shape != s.shape):
        raise ValueError(f"out must be a float array of shape {s.shape}, like s")
    return _sigmoid(s, out)


def _sigmoid(s, out=None):
    # sigmoid() without the checks: the forward pass calls this on checked arrays.
    if isinstance(s, float) and out is None:
        # One number (ChainNetwork.descend steps in floats): math is ~10x numpy's 0-d path.
        # Two branches so that exp never overflows.
        if s >= 0:
            return 1.0 / (1.0 + math.exp(-s))
        e = math.exp(s)
        return e / (1.0 + e)
    s = np.asarray(s, dtype=float)
    # One exp and three cheap in-place passes: this runs on every hidden layer of every
    # forward pass, where a two-branch exp(-|s|) form (abs, exp, where, divide, five
    # temporaries) cost several times the exp alone (profile: benchmarks/run.py).
    # For s < -709, exp(-s) overflows to inf and 1 / (1 + inf) = 0: the same 0.0 the
    # true value (below 1e-308) rounds to, so the overflow is silenced, not an error.
    out = np.negative(s, out=np.empty(s.shape) if out is None else out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1.0
    np.divide(1.0, out, out=out)
    return out if out.ndim else float(out)


def sigmoid_prime(s):
    """Derivative ``sigmoid(s) * (1 - sigmoid(s))``, computed as ``sigma(s) sigma(-s)``.

    The second form keeps precision when ``sigma(s)`` rounds to 1.  Input as for
    :func:`sigmoid`.
    """
    return _sigmoid_prime(_real("s", s))


def _sigmoid_prime(s):
    if isinstance(s, float):  # one number, as in _sigmoid
        e = math.exp(-abs(s))
        return e / (1.0 + e) ** 2
    s = np.asarray(s, dtype=float)
    e = np.exp(-np.abs(s))
    out = e / (1.0 + e) ** 2
    return out if out.ndim else float(out)


def softplus(s):
    """``log(1 + exp(s))`` without overflow; used by the cross-entropy cost."""
    s = np.asarray(s, dtype=float)
    out = np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))
    return out if out.ndim else float(out)


def _scalar(out):
    return out if np.ndim(out) else float(out)


@dataclass(frozen=True)
class Activation:
    """An activation function ``a = f(s)`` with derivative ``df(s) = da/ds``.

    Attributes
    ----------
    name : str
        Name used in the notebooks ("sigmoid", "tanh", "relu", "identity").
    symbol : str
        How the notebooks write it (sigma, tanh, ...).
    f, df : callable
        Elementwise function and derivative of the pre-activation ``s``.
    df_a : callable, optional
        The same derivative written through the activation ``a = f(s)`` (for the
        sigmoid ``a (1 - a)``), used by the backward pass, which has ``a[l]`` cached
        and so skips recomputing ``exp`` or ``tanh``.  Equal to ``df(s)`` to rounding,
        except that ``a (1 - a)`` is 0 once ``sigma(s)`` rounds to 1 (``s > 36``),
        where the true value is below 2.3e-16.
    """

    name: str
    symbol: str
    f: Callable
    df: Callable
    df_a: Callable | None = None


# The built-in functions take numpy's ``out=`` so that Network.gradients() can reuse
# its scratch arrays instead of touching fresh memory on every call.


def _sigmoid_prime_a(a, out=None):
    # sigma'(s) = sigma(s) (1 - sigma(s)) = a (1 - a): two passes, no exp.
    out = np.subtract(1.0, a, out=out)
    out *= a
    return out


def _tanh(s, out=None):
    return _scalar(np.tanh(np.asarray(s, dtype=float), out=out))


def _tanh_prime(s):
    t = np.tanh(np.asarray(s, dtype=float))
    return _scalar(1.0 - t * t)


def _tanh_prime_a(a, out=None):
    out = np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)
    return out


def _relu(s, out=None):
    return _scalar(np.maximum(np.asarray(s, dtype=float), 0.0, out=out))


def _relu_prime(s):
    # The kink at 0 gets derivative 0, the usual convention.
    return _scalar((np.asarray(s, dtype=float) > 0).astype(float))


def _relu_prime_a(a, out=None):
    # a = max(s, 0) > 0 exactly when s > 0.
    if out is None:
        return (a > 0).astype(float)
    np.copyto(out, a > 0)
    return out


def _identity(s, out=None):
    if out is None:
        return _scalar(np.array(s, dtype=float))
    np.copyto(out, s)
    return out


def _identity_prime(s):
    return _scalar(np.ones_like(np.asarray(s, dtype=float)))


def _identity_prime_a(a, out=None):
    if out is None:
        return np.ones_like(a)
    out.fill(1.0)
    return out


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", "\u03c3", _sigmoid, _sigmoid_prime, _sigmoid_prime_a),
    "tanh": Activation("tanh", "tanh", _tanh, _tanh_prime, _tanh_prime_a),
    "relu": Activation("relu", "relu", _relu, _relu_prime, _relu_prime_a),
    "identity": Activation("identity", "id", _identity, _identity_prime, _identity_prime_a),
}


# -- softmax: an output activation, not elementwise --------------------------------------


def _log_softmax(S):
    """``log softmax(S)`` along the last axis, finite for any finite ``S``.

    ``log p_k = S_k - log sum_j exp(S_j)``, computed as ``(S_k - m) - log sum_j
    exp(S_j - m)`` with ``m = max_j S_j``: every exponent is <= 0, so nothing
    overflows, and the largest term is exp(0) = 1, so the log never sees 0.

    Parameters
    ----------
    S : array_like, shape ``(..., n)``

    Returns
    -------
    ndarray, shape ``(..., n)``, values <= 0.
    """
    S = np.asarray(S, dtype=float)
    shifted = S - S.max(axis=-1, keepdims=True)
    with np.errstate(under="ignore"):  # exp(-1e4) = 0 is the right sum term
        total = np.exp(shifted).sum(axis=-1, keepdims=True)
    return shifted - np.log(total)


def _softmax(S, out=None):
    """``p_k = exp(S_k) / sum_j exp(S_j)`` along the last axis, without overflow.

    Parameters
    ----------
    S : array_like, shape ``(..., n)``
    out : ndarray, optional
        Array of the same shape to write into.

    Returns
    -------
    ndarray, shape ``(..., n)``: each row is positive-or-zero and sums to 1.
    """
    S = np.asarray(S, dtype=float)
    # Shifting by the row maximum changes nothing mathematically (it cancels in the
    # ratio) but keeps every exp(.) in (0, 1]; far below the maximum it underflows to
    # 0, which is the probability to 16 digits, so that is not an error.
    out = np.subtract(S, S.max(axis=-1, keepdims=True), out=out)
    with np.errstate(under="ignore"):
        np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out


def softmax_jacobian(p):
    """The Jacobian ``dp_i/dS_j = p_i (1[i = j] - p_j)`` of the softmax, per row.

    Parameters
    ----------
    p : array_like, shape ``(batch, n)``
        Softmax outputs.

    Returns
    -------
    ndarray, shape ``(batch, n, n)``: ``diag(p) - p p^T`` for each example.
    """
    p = checks.array("p", p)
    if p.ndim != 2 or p.shape[1] == 0:
        raise ValueError(
            f"p must have shape (batch, n), one row of probabilities each; got {p.shape}"
        )
    # Rounding leaves a softmax row off 1 by a few ulps per class; anything else is not one.
    tolerance = 1e-9 + 1e-12 * p.shape[1]
    if (p < 0).any() or (p > 1).any() or (np.abs(p.sum(axis=1) - 1) > tolerance).any():
        raise ValueError(
            "p must hold probabilities: every entry in [0, 1] and every row summing to 1 "
            "(pass softmax(S), not the sums S)"
        )
    checks.budget(
        "the Jacobians (floats)",
        p.shape[0] * p.shape[1] ** 2,
        checks.MAX_ELEMENTS,
        "pass fewer rows or classes",
    )
    return np.einsum("bi,ij->bij", p, np.eye(p.shape[-1])) - p[:, :, None] * p[:, None, :]


def _softmax_df(s):
    # Every p_k depends on every S_j: there is no elementwise f'(S) to multiply by.
    raise ValueError(
        "softmax is not elementwise, so it has no elementwise derivative f'(S): use it as the "
        "output of cost='softmax_cross_entropy', whose output delta is p - y"
    )


# The output-only activation (not in ACTIVATIONS, which lists the elementwise ones).
SOFTMAX = Activation("softmax", "softmax", _softmax, _softmax_df)


def writes_in_place(act: Activation) -> bool:
    """True for the package's own activations, whose ``f`` and ``df_a`` accept ``out=``."""
    return act is SOFTMAX or ACTIVATIONS.get(act.name) is act


def _classes(S) -> np.ndarray:
    # softmax and log_softmax: finite reals with a non-empty last axis (the classes).
    S = checks.array("S", S)
    if S.ndim == 0 or S.shape[-1] == 0:
        raise ValueError(
            f"S must have a last axis of at least one class (shape (..., n), n >= 1), got "
            f"shape {S.shape}: pass e.g. [2.0] or a (batch, n) array"
        )
    return S


def log_softmax(S):
    """``log softmax(S)`` along the last axis (see :func:`softmax`).

    ``S`` must be finite and real (NaN or inf would make every probability NaN), with at
    least one class on the last axis.
    """
    return _log_softmax(_classes(S))


def softmax(S, out=None):
    """``p_k = exp(S_k) / sum_j exp(S_j)`` along the last axis, without overflow.

    ``S``: finite real numbers, any shape (the last axis is the classes); ``out``
    as numpy's.  The forward pass uses the same function without the checks.
    """
    S = _classes(S)
    if out is not None and (not isinstance(out, np.ndarray) or out.shape != S.shape):
        raise ValueError(f"out must be a float array of shape {S.shape}, like S")
    return _softmax(S, out)


def get_activation(name: str | Activation) -> Activation:
    """Look up an activation by name ("softmax" too, for output layers).

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    if isinstance(name, Activation):
        return name
    if isinstance(name, str) and name == "softmax":
        return SOFTMAX
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(
            f"unknown activation {checks.show(name)}: use one of {known} "
            "('softmax' for an output layer)"
        ) from None
