"""Model of notebook 4's Jacobian-chain app: multiply it from either end, count.

The learner types layer sizes; the model gives the chain's sizes ``d_k`` (see
:func:`backprop_tutorial.core.jacobians.network_chain_dims`) and the multiplications of
both orders, for the gradient of the cost (one output) and for the Jacobian of a
network with ``n_out`` outputs, where forward mode can win.
"""

from __future__ import annotations

import numpy as np

from ...core.jacobians import (
    chain_multiplications,
    jacobian_forward_mode,
    jacobian_multiplications,
    jacobian_reverse_mode,
    mode_passes,
    network_chain_dims,
)
from ...core.network import Network
from ...core.shapes import check_sizes

WRT = ("first_layer", "input")
MAX_IN_OUT = 128  # inputs and outputs of the vector-output network (the sliders' ends)


def parse_sizes(text) -> list:
    """``"8, 16, 16, 4"`` (or a list) -> ``[8, 16, 16, 4]``, with a clear ValueError."""
    if isinstance(text, str):
        parts = [p for p in text.replace(",", " ").split() if p]
        try:
            text = [int(p) for p in parts]
        except ValueError:
            raise ValueError(
                f"layer sizes must be whole numbers separated by commas, got {text!r}"
            ) from None
    sizes = check_sizes(text)
    if len(sizes) > 12 or max(sizes) > 4096:
        raise ValueError(f"keep to at most 12 layers of at most 4096 neurons, got {sizes}")
    return sizes


class JacobianChainModel:
    """Parameters: ``sizes`` (list of int or text), ``wrt`` ("first_layer" or "input"),
    ``n_out`` (outputs of the vector-output network ``[1, h, h, n_out]`` … see
    :meth:`vector_output`)."""

    def __init__(self, sizes=(8, 16, 16, 4), wrt="first_layer", n_in=1, n_out=64):
        self._p = {"sizes": [8, 16, 16, 4], "wrt": "first_layer", "n_in": 1, "n_out": 64}
        self.set(sizes=sizes, wrt=wrt, n_in=n_in, n_out=n_out)

    def params(self) -> dict:
        p = dict(self._p)
        p["sizes"] = ", ".join(map(str, self._p["sizes"]))
        return p

    def set(self, **changes) -> None:
        unknown = set(changes) - set(self._p)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}: use {sorted(self._p)}")
        new = dict(self._p)
        if "sizes" in changes:
            new["sizes"] = parse_sizes(changes["sizes"])
        if "wrt" in changes:
            if changes["wrt"] not in WRT:
                raise ValueError(f"wrt must be one of {list(WRT)}, got {changes['wrt']!r}")
            new["wrt"] = changes["wrt"]
        for name in ("n_in", "n_out"):
            if name in changes:
                v = changes[name]
                if (
                    isinstance(v, bool)
                    or not isinstance(v, (int, np.integer))
                    or not 1 <= v <= MAX_IN_OUT
                ):
                    raise ValueError(f"{name} must be an integer from 1 to {MAX_IN_OUT}, got {v!r}")
                new[name] = int(v)
        self._p = new

    @property
    def dims(self) -> list:
        return network_chain_dims(self._p["sizes"], self._p["wrt"])

    def counts(self):
        """:class:`~backprop_tutorial.core.jacobians.ChainCounts` for the gradient of the cost."""
        return chain_multiplications(self.dims)

    @property
    def vector_sizes(self) -> list:
        """The vector-output network ``[n_in, 16, 16, n_out]``."""
        return [self._p["n_in"], 16, 16, self._p["n_out"]]

    def vector_output(self, rng_seed: int = 0) -> dict:
        """Both modes on the vector-output network: passes, counted multiplications, agreement."""
        sizes = self.vector_sizes
        rng = np.random.default_rng(rng_seed)
        net = Network(sizes, "tanh", rng=rng)
        x = rng.normal(size=sizes[0])
        fwd, rev = jacobian_forward_mode(net, x), jacobian_reverse_mode(net, x)
        return {
            "sizes": sizes,
            "passes": mode_passes(sizes[0], sizes[-1]),
            "formula": jacobian_multiplications(sizes),
            "forward": fwd.multiplications,
            "reverse": rev.multiplications,
            "agree": float(np.max(np.abs(fwd.jacobian - rev.jacobian))),
        }
