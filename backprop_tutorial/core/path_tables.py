"""Both orders as dynamic programming over notebook 3's path sum.

Notebook 3 wrote ``dJ/dθ`` as a sum over every path from θ to the cost of the product
of local derivatives along it.  Cut every path where it crosses layer ``l``: each path
is a *prefix* (θ to neuron ``j`` of ``S[l]``) followed by a *suffix* (that neuron to
the cost), so

    dJ/dθ = Σ_j  (sum of prefixes θ -> S[l][j]) · (sum of suffixes S[l][j] -> J)
          = Σ_j  dS[l][j]/dθ · dJ/dS[l][j].

Forward mode stores the prefix sums ``dS[l]/dθ`` ("from one parameter to here"), layer
by layer from the input; reverse mode stores the suffix sums ``delta[l] = dJ/dS[l]``
("from here to the cost"), layer by layer from the cost.  A prefix table belongs to
one parameter; the suffix table is one for all of them, because the cost is a single
number.  Layers are numbered from 0: ``S[l] = W[l] a[l] + b[l]``, ``a[l+1] = f(S[l])``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks
from .network import require_finite, require_network


@dataclass(frozen=True)
class TwoOrders:
    """Prefix and suffix tables for one example and one weight ``W[layer][j, k]``.

    Attributes
    ----------
    param : str
        E.g. ``"W[0][1,0]"``.
    prefix : list of ndarray
        ``prefix[l] = dS[l]/dθ``, shape ``(n_(l+1),)``: forward mode's table.
    suffix : list of ndarray
        ``suffix[l] = dJ/dS[l] = delta[l]``, shape ``(n_(l+1),)``: reverse mode's table.
    gradient : float
        ``dJ/dθ`` from backprop, for comparison.
    """

    param: str
    prefix: list
    suffix: list
    gradient: float

    def cut(self, l: int) -> float:
        """``Σ_j prefix[l][j] · suffix[l][j]``: the path sum cut at layer ``l``."""
        L = len(self.prefix)
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not 0 <= l < L:
            raise ValueError(f"l must be a layer from 0 to {L - 1}, got {checks.show(l)}")
        return float(self.prefix[l] @ self.suffix[l])

    @property
    def stored(self) -> dict:
        """Numbers each table holds: per parameter (forward) or shared by all (reverse)."""
        return {
            "forward, per parameter": sum(p.size for p in self.prefix),
            "reverse, for all parameters": sum(s.size for s in self.suffix),
        }


def two_orders(net, x, y, layer: int = 0, j: int = 0, k: int = 0) -> TwoOrders:
    """Both tables for ``θ = W[layer][j, k]`` (0-based ``layer``) and one example."""
    require_network(net)
    X, Y = net.check_xy(x, y)
    if len(X) != 1:
        raise ValueError("two_orders shows one example: pass a single x and y")
    L = len(net.weights)
    if not (
        isinstance(layer, (int, np.integer)) and not isinstance(layer, bool) and 0 <= layer < L
    ):
        raise ValueError(f"layer must be an integer from 0 to {L - 1}, got {checks.show(layer)}")
    shape = net.weights[layer].shape
    for name, index in (("j", j), ("k", k)):
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise checks.KindError(
                f"{name} must be an integer index into W[{layer}], got {checks.show(index)}"
            )
    if not (0 <= j < shape[0] and 0 <= k < shape[1]):
        raise ValueError(
            f"W[{layer}] has shape {shape}; got index [{checks.show(j)},{checks.show(k)}] (j, k)"
        )
    with np.errstate(all="ignore"):
        result = _two_orders(net, X, Y, layer, j, k)
    for table in result.prefix + result.suffix:
        require_finite("the prefix and suffix tables", table)
    require_finite("the gradient", result.gradient)
    return result


def _two_orders(net, X, Y, layer, j, k) -> TwoOrders:
    # Reverse mode's table is the network's own backward pass: suffix[l] = delta[l].
    cache = net._forward(X)
    suffix = [d[0] for d in net._backward(cache, Y)]
    # Forward mode's table: dS[l]/dθ, layer by layer from the input.
    prefix, da = [], np.zeros(net.sizes[0])
    for l, W in enumerate(net.weights):
        dS = W @ da
        if l == layer:
            dS[j] += cache.a[l][0, k]  # dS[l][j]/dW[l][j,k] = a[l][k]
        prefix.append(dS)
        da = net.f_prime(l, cache.S[l][0], cache.a[l + 1][0]) * dS
    gradient = float(suffix[layer][j] * cache.a[layer][0, k])
    return TwoOrders(f"W[{layer}][{j},{k}]", prefix, suffix, gradient)
