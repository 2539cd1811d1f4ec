"""Mini-batches, made visible: per-example gradients and how rough a loss curve is."""

from __future__ import annotations

import numpy as np

from . import checks
from .network import require_network
from .shapes import unroll


def per_example_gradients(net, X, Y) -> np.ndarray:
    """Each example's own gradient, one row each, shape ``(batch, n + m)``.

    Row ``i`` is ``net.flat_gradient(X[i:i+1], Y[i:i+1])``: the gradient of the cost
    of example ``i`` alone.  Their mean over the rows is the batch's gradient
    (:meth:`Network.flat_gradient`), because the batch's cost is the mean of the
    examples' costs and a derivative of a mean is the mean of the derivatives.
    """
    require_network(net)
    X, Y = net.check_xy(X, Y)
    return np.stack([unroll(*net.gradients(X[i : i + 1], Y[i : i + 1])) for i in range(len(X))])


def roughness(losses) -> float:
    """How jagged a loss curve is: the mean of ``|J_t - (J_(t-1) + J_(t+1)) / 2|``.

    Each step's distance from the midpoint of its two neighbours: a smooth descent
    (nearly straight over three steps) scores near 0 whatever its slope, while a
    curve of mini-batch losses jumps from one batch to the next, more the smaller
    the batches.  0 for a curve of fewer than 3 points.
    """
    losses = checks.array("losses", losses)
    if losses.ndim != 1:
        raise ValueError(f"need a 1-D curve of losses, got shape {losses.shape}")
    if len(losses) < 3:
        return 0.0
    return float(np.mean(np.abs(losses[1:-1] - (losses[:-2] + losses[2:]) / 2)))
