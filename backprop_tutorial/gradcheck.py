"""Central finite differences and the relative error, the checker everything else uses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def relative_error(a, b) -> float:
    """``|a - b| / max(1e-12, |a| + |b|)``, with Euclidean norms for arrays.

    Scale-free: 1e-7 means the two agree to about seven significant digits.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare shapes {a.shape} and {b.shape}")
    num = float(np.linalg.norm(a - b))
    return num / max(1e-12, float(np.linalg.norm(a)) + float(np.linalg.norm(b)))


def numerical_gradient(f, theta, eps: float = 1e-5) -> np.ndarray:
    """Central differences ``(f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps)``.

    Parameters
    ----------
    f : callable
        Scalar function of a vector of shape ``(n,)``.
    theta : array_like, shape ``(n,)``
    eps : float
        Step.  Truncation error grows like eps^2 and rounding error like 1e-16/eps;
        they balance near (1e-16)^(1/3), so 1e-5 is the default.

    Returns
    -------
    ndarray, shape ``(n,)``.  Costs ``2 n`` evaluations of ``f``.
    """
    theta = np.array(theta, dtype=float)
    if theta.ndim != 1:
        raise ValueError(
            f"theta must be a flat vector, got shape {theta.shape}: use net.get_params()"
        )
    grad = np.empty_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        up = f(theta)
        theta[i] = old - eps
        down = f(theta)
        theta[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


@dataclass(frozen=True)
class GradientCheck:
    """Backprop against central differences.

    Attributes
    ----------
    backprop, numeric : ndarray, shape ``(n + m,)``
    labels : list of str
        Parameter names (``W[l][j,k]``, ``b[l][j]``).
    relative_error : float
    what : str
        What was differentiated against, for the message ("parameters", "inputs").
    """

    backprop: np.ndarray
    numeric: np.ndarray
    labels: list
    relative_error: float
    what: str = "parameters"

    @property
    def passed(self) -> bool:
        return self.relative_error < 1e-7

    def __str__(self) -> str:
        verdict = "agree" if self.passed else "DISAGREE"
        return (
            f"backprop and central differences {verdict}: relative error "
            f"{self.relative_error:.2e} over {len(self.labels)} {self.what}"
        )


def check_network(net, X, Y, eps: float = 1e-5) -> GradientCheck:
    """Compare ``net.flat_gradient`` with central differences of ``net.loss``."""
    X, Y = net.check_xy(X, Y)
    work = net.copy()
    theta = net.get_params()

    def f(t):
        work.set_params(t)
        return work.loss(X, Y)

    numeric = numerical_gradient(f, theta, eps)
    exact = net.flat_gradient(X, Y)
    return GradientCheck(exact, numeric, net.param_labels(), relative_error(exact, numeric))


def check_chain(chain, eps: float = 1e-5) -> GradientCheck:
    """The same check for the two weights of the notebook-1 chain network."""

    def f(t):
        return chain.with_params(w0=t[0], w1=t[1]).loss

    theta = np.array([chain.w0, chain.w1])
    numeric = numerical_gradient(f, theta, eps)
    exact = chain.gradient()
    return GradientCheck(exact, numeric, ["w0", "w1"], relative_error(exact, numeric))
