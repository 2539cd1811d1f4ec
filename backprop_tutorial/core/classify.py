"""A trained classifier, read out: predictions, accuracy, confusion matrix, and the
gradient of the cost with respect to the input pixels (backprop all the way to x)."""

from __future__ import annotations

import numpy as np

from ..data.digits import MAX_CLASS, check_labels
from . import checks
from .gradcheck import GradientCheck, numerical_gradient, relative_error
from .network import require_network


def predict(net, X) -> np.ndarray:
    """The most probable class of each example: ``argmax_k y_hat_k``, shape ``(batch,)``."""
    require_network(net)
    return np.argmax(net.forward(X), axis=1)


def accuracy(net, X, labels) -> float:
    """Fraction of the examples whose predicted class equals ``labels``, in [0, 1]."""
    require_network(net)
    labels = check_labels("labels", labels, net.sizes[-1])
    predicted = predict(net, X)
    if len(predicted) != len(labels):
        raise ValueError(f"X has {len(predicted)} examples but labels has {len(labels)}")
    return float(np.mean(predicted == labels))


def confusion_matrix(labels, predicted, n_classes: int) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of class ``i`` predicted as class ``j``.

    Parameters
    ----------
    labels, predicted : array_like of int, shape ``(N,)``
    n_classes : int

    Returns
    -------
    ndarray of int64, shape ``(n_classes, n_classes)``; the diagonal holds the correct
    predictions and ``C.sum() == N``.
    """
    n_classes = checks.integer("n_classes", n_classes, minimum=1, maximum=MAX_CLASS)
    # n_classes**2 counts are allocated: refuse a matrix too big to show first.
    checks.budget(
        "the confusion matrix (n_classes**2 cells)",
        n_classes**2,
        checks.MAX_ELEMENTS,
        "use fewer classes",
    )
    labels = check_labels("labels", labels, n_classes)
    predicted = check_labels("predicted", predicted, n_classes)
    if len(labels) != len(predicted):
        raise ValueError(f"labels has {len(labels)} entries but predicted has {len(predicted)}")
    return np.bincount(labels * n_classes + predicted, minlength=n_classes**2).reshape(
        n_classes, n_classes
    )


def input_gradient(net, X, Y) -> np.ndarray:
    """``dJ/dx``: how the cost changes with each input, shape ``(batch, n_0)``.

    The backward pass carried one step further than the weights need:
    ``dJ/da[0] = W[0]^T delta[0]``, in row form ``delta[0] @ W[0]``.  ``J`` is the
    batch mean, as in :meth:`Network.loss`, so for one example this is the gradient of
    its own cost (a "saliency" picture of which pixels would change the verdict most).
    """
    require_network(net)
    X, Y = net.check_xy(X, Y)
    deltas = net.backward(net.forward_cache(X), Y)
    return deltas[0] @ net.weights[0]


def check_input_gradient(net, X, Y, eps: float = 1e-5) -> GradientCheck:
    """Compare :func:`input_gradient` with central differences of ``net.loss`` in ``X``."""
    require_network(net)
    X, Y = net.check_xy(X, Y)
    exact = input_gradient(net, X, Y).ravel()
    numeric = numerical_gradient(lambda x: net.loss(x.reshape(X.shape), Y), X.ravel(), eps)
    labels = [
        f"x[{k}]" + (f"@{i}" if len(X) > 1 else "")
        for i in range(len(X))
        for k in range(X.shape[1])
    ]
    return GradientCheck(exact, numeric, labels, relative_error(exact, numeric), "inputs")
