"""Pointwise activations and their derivatives, numerically stable.

Each activation is a small object with ``f`` (the function) and ``df`` (its
derivative, expressed through the pre-activation ``s``), so layers can swap them.
Only numpy is imported here.
"""

from __future__ import annotations

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


def get_activation(name: str | Activation) -> Activation:
    """Look up an activation by name.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {checks.show(name)}: use one of {known}") from None
