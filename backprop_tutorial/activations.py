"""Pointwise activations and their derivatives, numerically stable.

Each activation is a small object with ``f`` (the function) and ``df`` (its
derivative, expressed through the pre-activation ``s``), so layers can swap them.
Only numpy is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def sigmoid(s):
    """Logistic sigmoid ``1 / (1 + exp(-s))`` without overflow.

    Parameters
    ----------
    s : float or ndarray, any shape

    Returns
    -------
    float or ndarray, same shape as ``s``, values in [0, 1].
    """
    s = np.asarray(s, dtype=float)
    # exp(-|s|) never overflows; the two branches are the same function.
    e = np.exp(-np.abs(s))
    out = np.where(s >= 0, 1.0, e)
    out /= 1.0 + e
    return out if out.ndim else float(out)


def sigmoid_prime(s):
    """Derivative ``sigmoid(s) * (1 - sigmoid(s))``, computed as ``sigma(s) sigma(-s)``.

    The second form keeps precision when ``sigma(s)`` rounds to 1.
    """
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
    """

    name: str
    symbol: str
    f: Callable
    df: Callable


def _tanh(s):
    return _scalar(np.tanh(np.asarray(s, dtype=float)))


def _tanh_prime(s):
    t = np.tanh(np.asarray(s, dtype=float))
    return _scalar(1.0 - t * t)


def _relu(s):
    return _scalar(np.maximum(np.asarray(s, dtype=float), 0.0))


def _relu_prime(s):
    # The kink at 0 gets derivative 0, the usual convention.
    return _scalar((np.asarray(s, dtype=float) > 0).astype(float))


def _identity(s):
    return _scalar(np.array(s, dtype=float))


def _identity_prime(s):
    return _scalar(np.ones_like(np.asarray(s, dtype=float)))


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", "\u03c3", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", "tanh", _tanh, _tanh_prime),
    "relu": Activation("relu", "relu", _relu, _relu_prime),
    "identity": Activation("identity", "id", _identity, _identity_prime),
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
        raise ValueError(f"unknown activation {name!r}: use one of {known}") from None
