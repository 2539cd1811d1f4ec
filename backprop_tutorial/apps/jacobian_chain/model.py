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
from ...ui import sizes as ui_sizes
from ...ui.model import Check, Choice, Integer, Model

WRT = ("first_layer", "input")
MAX_IN_OUT = 128  # inputs and outputs of the vector-output network (the sliders' ends)
MAX_LAYERS, MAX_WIDTH = 12, 4096  # the typed network: counting only, nothing is allocated


def parse_sizes(text) -> list:
    """``"8, 16, 16, 4"`` (or a list) -> ``[8, 16, 16, 4]``, with a clear ValueError."""
    sizes = ui_sizes.parse_sizes(text, max_neurons=None, max_layers=MAX_LAYERS)
    if max(sizes) > MAX_WIDTH:
        raise ValueError(
            f"keep to layers of at most {MAX_WIDTH} neurons, got {ui_sizes.sizes_text(sizes)}"
        )
    return sizes


class JacobianChainModel(Model):
    """Parameters: ``sizes`` (list of int or text), ``wrt`` ("first_layer" or "input"),
    ``n_in`` and ``n_out`` (inputs and outputs of the vector-output network
    ``[n_in, 16, 16, n_out]``, 1..128; see :meth:`vector_output`)."""

    PARAMS = {
        "sizes": Check("_sizes"),
        "wrt": Choice(WRT),
        "n_in": Integer(1, MAX_IN_OUT),
        "n_out": Integer(1, MAX_IN_OUT),
    }

    def __init__(self, sizes=(8, 16, 16, 4), wrt="first_layer", n_in=1, n_out=64):
        self.set(sizes=sizes, wrt=wrt, n_in=n_in, n_out=n_out)

    def _value(self, name: str):
        return ", ".join(map(str, self.sizes)) if name == "sizes" else getattr(self, name)

    @staticmethod
    def _sizes(text) -> list:
        return parse_sizes(text)

    @property
    def dims(self) -> list:
        return network_chain_dims(self.sizes, self.wrt)

    def counts(self):
        """:class:`~backprop_tutorial.core.jacobians.ChainCounts` for the gradient of the cost."""
        return chain_multiplications(self.dims)

    @property
    def vector_sizes(self) -> list:
        """The vector-output network ``[n_in, 16, 16, n_out]``."""
        return [self.n_in, 16, 16, self.n_out]

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
