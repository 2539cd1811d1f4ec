"""The one example ``(x, y)`` notebook 2's pictures compute with, and how its numbers print.

Shared by the shared-gradient picture and the layer stepper (numpy only).
"""

from __future__ import annotations

import numpy as np

from ..core.network import Network


def example_point(net: Network, seed: int) -> tuple:
    """One fixed input ``x`` (shape ``(1, n_0)``, in [-1, 1]) and target ``y`` (``(1, n_L)``,
    in [0, 1]), rounded to two decimals so the panels can print them in full."""
    rng = np.random.default_rng(seed + 7919)
    x = np.round(rng.uniform(-1, 1, size=(1, net.sizes[0])), 2)
    y = np.round(rng.uniform(0, 1, size=(1, net.sizes[-1])), 2)
    return x, y


def num_text(v, spec: str = ".3g") -> str:
    """``format(v, spec)``, but a number that prints as zero never carries a sign ("0", not
    "-0" or "-0.00": a learner reads "-0" as a negative number)."""
    s = format(float(v), spec)
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s


def short_num(v) -> str:
    """Two significant digits in as few characters as possible, for a number written
    inside a small circle: ``0.012``, ``-1.9e-4`` (not ``-0.00019``), ``0``."""
    v = float(v)
    if v != 0 and abs(v) < 0.01:
        mantissa, exponent = f"{v:.1e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return num_text(v, ".2g")


def vec_text(v, spec: str = ".3g") -> str:
    """A vector as ``[0.1, -0.2]``."""
    return "[" + ", ".join(num_text(e, spec) for e in np.ravel(v)) + "]"


def mat_text(m, spec: str = ".3g") -> str:
    """A matrix as ``[[0.1, 0.2], [0.3, 0.4]]`` (rows first)."""
    return "[" + ", ".join(vec_text(row, spec) for row in np.atleast_2d(m)) + "]"
