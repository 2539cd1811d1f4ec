"""A :class:`~backprop_tutorial.core.network.Network` as a scalar computational graph.

"Surgery" (the glossary's word): every weight and bias becomes a node of its own and
every neuron splits into its sum ``S[l][j]`` and its activation ``a[l+1][j]``, so the
scalar graph of :mod:`.graph` can replay backpropagation edge by edge:

    S[l][j]   = sum_k W[l][j,k] a[l][k] + b[l][j]
    a[l+1][j] = f(S[l][j])
"""

from __future__ import annotations

from ..teaching.labels import activation_label, bias_label, sum_label, weight_label
from . import checks
from . import graph as g
from .network import Network, require_network


def network_graph(net: Network, X, Y, max_nodes: int = 5000) -> g.Trace:
    """The network as a recorded scalar graph (weights and biases as nodes).

    Node names: ``x[k]``, ``W[l][j,k]``, ``b[l][j]``, ``S[l][j]``, ``a[l][j]``,
    ``y[j]``, ``J``; with a batch of several examples, per-example nodes get a
    suffix ``@i`` and ``J`` is their mean.

    Returns
    -------
    backprop_tutorial.core.graph.Trace

    Raises
    ------
    ValueError
        A softmax output (it couples the outputs), or more than ``max_nodes`` nodes.
    """
    require_network(net)
    if net.output_activation.name == "softmax":
        raise ValueError(
            "network_graph draws elementwise activations only, and the softmax couples all "
            "outputs: use net.gradients (or a sigmoid output with cost='cross_entropy') "
            "for the scalar graph"
        )
    X, Y = net.check_xy(X, Y)
    max_nodes = checks.integer("max_nodes", max_nodes, minimum=1, maximum=checks.MAX_GRAPH_NODES)
    _check_size(net, len(X), max_nodes)
    W, b = _parameter_nodes(net)
    suffix = (lambda i: f"@{i}") if len(X) > 1 else (lambda i: "")
    costs = [_example(net, W, b, X[i], Y[i], suffix(i)) for i in range(len(X))]
    return g.trace(costs[0] if len(X) == 1 else g.mean(costs, name="J"))


def _check_size(net: Network, batch: int, max_nodes: int) -> None:
    sizes = net.sizes
    per_example = sum(sizes) + 2 * net.n_weights + sum(sizes[1:]) + sizes[-1]
    total = net.n_params + batch * per_example + 1
    if total > max_nodes:
        raise ValueError(
            f"the scalar graph would have about {checks.count(total)} nodes (more than "
            f"max_nodes={max_nodes}): use a smaller network or batch, or raise max_nodes "
            f"(up to {checks.MAX_GRAPH_NODES:,})"
        )


def _parameter_nodes(net: Network) -> tuple:
    """``W[l][j][k]`` and ``b[l][j]`` as parameter nodes, shared by every example."""
    W = [
        [
            [g.param(weight_label(l, j, k), Wl[j, k]) for k in range(Wl.shape[1])]
            for j in range(len(Wl))
        ]
        for l, Wl in enumerate(net.weights)
    ]
    b = [
        [g.param(bias_label(l, j), bl[j]) for j in range(len(bl))]
        for l, bl in enumerate(net.biases)
    ]
    return W, b


def _example(net: Network, W, b, x, y, sfx: str) -> g.Node:
    """The forward pass of one example as nodes, ending in its cost ``J`` (or ``J@i``)."""
    a = [g.leaf(f"x[{k}]{sfx}", x[k]) for k in range(len(x))]
    S = a
    for l in range(net.L):
        # S[l][j] = sum_k W[l][j,k] a[l][k] + b[l][j]
        S = [
            g.add(
                *[
                    g.mul(
                        W[l][j][k],
                        a[k],
                        name=f"{weight_label(l, j, k)}·{activation_label(l, k)}{sfx}",
                    )
                    for k in range(len(a))
                ],
                b[l][j],
                name=f"{sum_label(l, j)}{sfx}",
            )
            for j in range(len(b[l]))
        ]
        # a[l+1][j] = f(S[l][j])
        f = net.activation_of(l).name
        a = [g.activate(s, f, name=f"{activation_label(l + 1, j)}{sfx}") for j, s in enumerate(S)]
    targets = [g.leaf(f"y[{j}]{sfx}", y[j]) for j in range(len(y))]
    name = f"J{sfx}"
    if net.cost.name == "cross_entropy":
        return g.cross_entropy_cost(S, targets, name=name)
    return g.quadratic_cost(a, targets, name=name)
