"""Gradient descent on a :class:`~backprop_tutorial.core.network.Network`: one loop.

A run is a list of steps.  Each step takes a batch of rows (all of them for full-batch
descent, a shuffled slice for mini-batch descent), runs the network's forward pass
for the cost ``J``, then its backward pass for ``dJ/dW[l]`` and ``dJ/db[l]``, and moves

    W[l] <- W[l] - alpha dJ/dW[l],    b[l] <- b[l] - alpha dJ/db[l]   for every l.

Full batch is the case of one batch of all the examples per epoch, plus a last step
that only measures the loss, so that its history ends with the loss after training.
When a step overflows (the learning rate is too large), the parameters go back to
those of the last step with a finite loss and a ValueError says so.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import checks

# Mini-batch training refuses more steps than this (about a minute for a small network).
MAX_TRAIN_STEPS = 1_000_000


class Step(NamedTuple):
    """One step of a run: which rows, what the callback gets, and whether to move.

    ``rows`` None means every example; ``args`` are the callback's leading arguments
    (``(epoch,)`` or ``(epoch, batch)``), ``where`` names the step in messages.
    """

    rows: np.ndarray | None
    args: tuple
    where: str
    report: bool
    moves: bool = True


def check_learning_rate(value) -> float:
    """``alpha``: a positive finite number."""
    try:
        return checks.number("learning_rate", value, positive=True)
    except ValueError as err:  # the established message, with what was wrong
        raise type(err)(f"learning_rate must be a positive number: {err}") from None


def check_callback(callback) -> None:
    """None, or something callable as ``callback(epoch, loss)``."""
    if callback is not None and not callable(callback):
        raise checks.KindError(
            f"callback must be callable as callback(epoch, loss), got {checks.show(callback)}"
        )


def _integral(value):
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)  # 100.0 from a slider is a count
    return value


def check_steps(name: str, value) -> int:
    """A number of steps: an int from 0 to ``checks.MAX_STEPS`` (an integral float is fine)."""
    value = checks.integer(name, _integral(value))
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value:,}")
    if value > checks.MAX_STEPS:
        raise ValueError(
            f"{name} = {checks.count(value)} is above the limit of {checks.MAX_STEPS:,} "
            "steps per call: run it in several calls (each returns where it got to)"
        )
    return value


def schedule(N: int, n_weights: int, epochs, every: int, batch_size, rng):
    """The steps of a run on ``N`` examples (an iterable of :class:`Step`).

    ``epochs``, ``batch_size`` and ``rng`` are checked at once, before any step.

    Full batch (``batch_size`` None): ``epochs + 1`` steps on all rows, the callback
    every ``every`` epochs counted from 0 and at the last, which does not move.
    Mini-batch: ``epochs`` shuffles, one step per slice of ``batch_size`` rows, the
    callback every ``every`` steps counted from 1 and at the last.
    """
    if batch_size is None:
        epochs = check_steps("epochs", epochs)
        _check_work(epochs, N, n_weights)
        return [
            Step(None, (e,), f"epoch {e}", e % every == 0 or e == epochs, e < epochs)
            for e in range(epochs + 1)
        ]
    # Mini-batch: MAX_TRAIN_STEPS bounds the steps, then the work is bounded below.
    epochs = checks.integer("epochs", _integral(epochs), minimum=0)
    rng = checks.rng("rng", rng)
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, (int, np.integer))
        or batch_size < 1
    ):
        raise ValueError(
            f"batch_size must be a positive integer (or None for the full batch), "
            f"got {checks.show(batch_size)}"
        )
    batch_size = min(int(batch_size), N)
    per_epoch = -(-N // batch_size)
    total = epochs * per_epoch
    if total > MAX_TRAIN_STEPS:
        raise ValueError(
            f"{epochs} epochs x {per_epoch} batches = {total:,} steps is more "
            f"than MAX_TRAIN_STEPS = {MAX_TRAIN_STEPS:,}: use fewer epochs or a larger "
            "batch_size"
        )
    _check_work(epochs, N, n_weights)
    return _minibatches(N, batch_size, epochs, every, rng)


def _minibatches(N: int, batch_size: int, epochs: int, every: int, rng):
    # Lazily, one shuffle per epoch: a run may have up to MAX_TRAIN_STEPS steps.
    per_epoch = -(-N // batch_size)
    total, k = epochs * per_epoch, 0
    for epoch in range(epochs):
        order = rng.permutation(N)
        for batch in range(per_epoch):
            k += 1
            rows = order[batch * batch_size : (batch + 1) * batch_size]
            where = f"epoch {epoch}, batch {batch}"
            yield Step(rows, (epoch, batch), where, k % every == 0 or k == total)


def _check_work(epochs: int, N: int, n_weights: int) -> None:
    # Each epoch is a forward and a backward pass over X: about 3 n N multiplications.
    checks.budget(
        f"training {epochs:,} epochs on {N:,} examples (multiplications)",
        3 * epochs * N * n_weights,
        checks.MAX_MULTIPLICATIONS,
        "train fewer epochs at a time, or on a smaller batch",
    )


def descend(net, X, Y, learning_rate: float, steps, callback=None) -> list:
    """Run ``steps`` (from :func:`schedule`) on checked ``X``, ``Y``; returns the losses.

    Each step's loss is measured before it moves; ``callback(*step.args, loss)``
    returning False stops the run there, before that step moves.
    """
    history, previous = [], None
    for step in steps:
        Xb, Yb = (X, Y) if step.rows is None else (X[step.rows], Y[step.rows])
        work = net._workspace(len(Xb))
        # A step that is too large overflows; that shows up as a non-finite loss,
        # reported as divergence rather than as numpy warnings.
        with np.errstate(all="ignore"):
            cache = net._forward(Xb, work)
            loss = net._cost(cache, Yb)
        if not np.isfinite(loss):
            _diverged(net, previous, step.where, loss)
        history.append(loss)
        if step.report and callback is not None and callback(*step.args, loss) is False:
            return history
        if not step.moves:
            return history
        previous = ([W.copy() for W in net.weights], [b.copy() for b in net.biases])
        with np.errstate(all="ignore"):
            dW, db = net.weight_gradients(cache, net._backward(cache, Yb, work))
            for l in range(net.L):
                net.weights[l] -= learning_rate * dW[l]
                net.biases[l] -= learning_rate * db[l]
    # A parameter can overflow while the loss stays finite (a ReLU that zeroes it), and
    # a mini-batch run never measures after its last step: check the parameters once.
    if previous is not None and not _finite(net):
        _diverged(net, previous, "the last step", float("nan"))
    return history


def _finite(net) -> bool:
    return all(np.isfinite(A).all() for A in net.weights + net.biases)


def _diverged(net, previous, where: str, loss) -> None:
    if previous is None:
        # No step taken yet: the data, not the learning rate, makes the cost overflow.
        raise ValueError(
            f"the cost is not finite before any step (loss {loss} at {where}): check X and Y "
            "(a value so large that the cost overflows, near 1e154 or more)"
        )
    # Back to the last parameters with a finite loss: the network stays usable.
    net.weights, net.biases = previous
    raise ValueError(
        f"training diverged at {where} (loss {loss}): lower the learning rate, or check X "
        "and Y for values so large that the cost overflows"
    )
