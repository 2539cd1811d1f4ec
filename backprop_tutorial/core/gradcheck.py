"""Central finite differences and the relative error, the checker everything else uses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks
from .chain import ChainNetwork
from .network import require_network


def check_eps(eps) -> float:
    """The finite-difference step: a finite number in (0, 1]."""
    eps = checks.number("eps", eps, positive=True)
    if eps > 1:
        raise ValueError(f"eps must be a small step in (0, 1], e.g. 1e-5; got {eps:g}")
    return eps


def relative_error(a, b) -> float:
    """``|a - b| / max(1e-12, |a| + |b|)``, with Euclidean norms for arrays.

    Scale-free: 1e-7 means the two agree to about seven significant digits.
    """
    a, b = checks.array("a", a), checks.array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare shapes {a.shape} and {b.shape} (a and b)")
    # Norms of the values scaled by their largest entry: finite up to 1e308, no overflow.
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale
    num = float(np.linalg.norm(a - b))
    return num / max(1e-12 / scale, float(np.linalg.norm(a)) + float(np.linalg.norm(b)))


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

    Raises
    ------
    ValueError
        ``eps`` not in (0, 1], ``theta`` not a finite flat vector, more than
        ``checks.MAX_EVALUATIONS`` evaluations, or ``f`` returning something other than
        one finite number.
    """
    if not callable(f):
        raise checks.KindError(f"f must be a function of theta, got {checks.show(f)}")
    eps = check_eps(eps)
    theta = np.array(checks.array("theta", theta), dtype=float)
    if theta.ndim != 1:
        raise ValueError(
            f"theta must be a flat vector, got shape {theta.shape}: use net.get_params()"
        )
    checks.budget(
        f"central differences for {theta.size:,} parameters (evaluations of f)",
        2 * theta.size,
        checks.MAX_EVALUATIONS,
        "check a smaller network, or a few parameters at a time",
    )
    grad = np.empty_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        up = _value(f, theta)
        theta[i] = old - eps
        down = _value(f, theta)
        theta[i] = old
        grad[i] = (up - down) / (2 * eps)
    if not np.isfinite(grad).all():
        raise ValueError("the central differences overflowed: f's values are too large")
    return grad


def _value(f, theta) -> float:
    # f's own overflow shows up below as a non-finite value, reported as ours.
    with np.errstate(all="ignore"):
        value = f(theta)
    try:
        return checks.number("f(theta)", np.asarray(value).item() if np.size(value) == 1 else value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"f must return one finite number: {err}") from None


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
    require_network(net)
    eps = check_eps(eps)
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
    checks.instance("chain", chain, ChainNetwork)
    eps = check_eps(eps)

    def f(t):
        return chain.with_params(w0=t[0], w1=t[1]).loss

    theta = np.array([chain.w0, chain.w1])
    numeric = numerical_gradient(f, theta, eps)
    exact = chain.gradient()
    return GradientCheck(exact, numeric, ["w0", "w1"], relative_error(exact, numeric))
