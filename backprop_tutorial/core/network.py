"""A fully connected network, vectorised over a batch, with an explicit backward pass.

Notation (see :mod:`backprop_tutorial.teaching.notation`): neuron layers ``0..L``, ``a[0] = x``,
``y_hat = a[L]``; weight layer ``l = 0..L-1`` connects neuron layer ``l`` to ``l + 1``:
``S[l] = W[l] a[l] + b[l]``, ``a[l+1] = f(S[l])``, ``delta[l] = dJ/dS[l]``.  No padding:
``net.weights[l]`` is ``W[l]``, ``cache.S[l]`` (L entries), ``cache.a[l]`` (L + 1
entries) and ``deltas[l]`` (L entries) are exactly the maths.

Batches are rows: ``X`` has shape ``(batch, n_0)``, so a layer computes
``S = A @ W.T + b``, the row form of ``W a + b``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..teaching.labels import activation_label, bias_label, param_labels, sum_label, weight_label
from . import checks
from .activations import ACTIVATIONS, Activation, get_activation
from .costs import Cost, get_cost


def check_sizes(sizes) -> list:
    """Validate layer sizes: a sequence of at least two positive integers.

    At most ``checks.MAX_LAYERS`` weight layers, each at most ``checks.MAX_WIDTH`` wide.

    Raises
    ------
    ValueError
        Naming the offending entry, e.g. a zero-width layer.
    """
    try:
        if isinstance(sizes, (str, bytes, dict)):
            raise TypeError
        len(sizes)
    except TypeError:
        raise ValueError(
            f"layer sizes must be a list of integers, got {checks.show(sizes)}"
        ) from None
    if len(sizes) > checks.MAX_LAYERS + 1:
        raise ValueError(
            f"sizes has {checks.count(len(sizes))} layers, above the limit of "
            f"{checks.MAX_LAYERS + 1}: use a shallower network"
        )
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(
            f"layer sizes must be a list of integers, got {checks.show(sizes)}"
        ) from None
    shown = checks.show(sizes)
    if len(sizes) < 2:
        raise ValueError(f"need at least an input and an output layer, got sizes={shown}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(
                f"layer {i} has width {checks.show(n)}: every layer needs a positive integer "
                f"number of neurons (sizes={shown})"
            )
        if n > checks.MAX_WIDTH:
            raise ValueError(
                f"layer {i} has width {checks.count(n)}, above the limit of "
                f"{checks.count(checks.MAX_WIDTH)} neurons (sizes={shown})"
            )
    return [int(n) for n in sizes]


_finite = checks.array


def as_batch(name: str, data, width: int, row_floats: int = 0) -> np.ndarray:
    """Return ``data`` as a float array of shape ``(batch, width)``.

    A 1-D array of length ``width`` is one example; for ``width == 1`` a 1-D array
    is a batch of scalars.  With ``row_floats``, a batch whose ``batch * row_floats``
    exceeds ``checks.MAX_ELEMENTS`` is refused (before the pass over the data).
    """
    data = checks.array(name, data, finite=False)
    if data.ndim == 0 and width == 1:
        data = data.reshape(1, 1)
    elif data.ndim == 1:
        data = data.reshape(-1, 1) if width == 1 else data.reshape(1, -1)
    if data.ndim != 2 or data.shape[1] != width or data.shape[0] == 0:
        raise ValueError(
            f"{name} has shape {np.shape(data)} but the network expects (batch, {width}): "
            f"one row per example, {width} column(s)"
        )
    if row_floats:
        # Every layer keeps a (batch, n_(l+1)) array: refuse a batch that cannot fit.
        checks.budget(
            f"the forward pass of {len(data):,} examples (floats kept for the backward pass)",
            len(data) * row_floats,
            checks.MAX_ELEMENTS,
            "pass the data in smaller batches",
        )
    return checks.array(name, data)


@dataclass
class ForwardCache:
    """What the forward pass keeps for the backward pass.

    ``S[l]`` (l = 0..L-1) has shape ``(batch, n_(l+1))``; ``a[l]`` (l = 0..L) has
    shape ``(batch, n_l)``, ``a[0]`` being the input.
    """

    S: list
    a: list

    @property
    def y_hat(self) -> np.ndarray:
        return self.a[-1]


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    sizes : sequence of int
        Widths ``[n_0, n_1, ..., n_L]``; ``n_0`` inputs, ``n_L`` outputs.
    activation : str
        Hidden-layer activation: "sigmoid", "tanh", "relu" or "identity".
    cost : str
        "quadratic", "cross_entropy" (sigmoid outputs) or "softmax_cross_entropy"
        (softmax outputs, one-hot or probability targets).
    output_activation : str, optional
        Defaults to "sigmoid" for the cross-entropy cost, "softmax" for the softmax
        cross-entropy, else to ``activation``.
    rng : numpy.random.Generator or int, optional
        Source of the initial weights (``W[l]`` Gaussian, std ``1/sqrt(n_l)``; biases 0).
        Pass one, or an int seed (``rng=0`` means ``np.random.default_rng(0)``), for
        reproducible weights.
    weights, biases : list of ndarray, optional
        Explicit parameters instead of random ones.

    Raises
    ------
    ValueError
        For bad sizes or names, or more than ``checks.MAX_PARAMS`` parameters (refused
        before any memory is allocated).
    """

    def __init__(
        self,
        sizes,
        activation: str = "sigmoid",
        cost: str = "quadratic",
        output_activation: str | None = None,
        rng: np.random.Generator | None = None,
        weights=None,
        biases=None,
    ):
        self.sizes = check_sizes(sizes)
        checks.budget(
            f"the number of parameters of a network of sizes {checks.show(self.sizes)}",
            self.n_params,
            checks.MAX_PARAMS,
            "use narrower or fewer layers",
        )
        self.activation: Activation = get_activation(activation)
        if self.activation.name not in ACTIVATIONS:
            known = ", ".join(repr(k) for k in ACTIVATIONS)
            raise ValueError(
                f"activation={self.activation.name!r} is for the output layer only: hidden "
                f"layers use one of {known}; for a softmax output pass "
                "cost='softmax_cross_entropy'"
            )
        self.cost: Cost = get_cost(cost)
        if output_activation is None:
            output_activation = _DEFAULT_OUTPUT.get(self.cost.name, activation)
        self.output_activation: Activation = get_activation(output_activation)
        self.cost.check(None, self.output_activation)
        if weights is None:
            rng = checks.rng("rng", rng)
            weights = [
                rng.normal(0.0, 1.0 / math.sqrt(n_in), size=(n_out, n_in))
                for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)
            ]
        if biases is None:
            biases = [np.zeros(n) for n in self.sizes[1:]]
        self.weights = []
        self.biases = []
        self.set_parameters(weights, biases)

    # -- structure -------------------------------------------------------------
    @property
    def L(self) -> int:
        """Number of weight layers (``len(sizes) - 1``); they are ``l = 0..L-1``."""
        return len(self.sizes) - 1

    @property
    def n_weights(self) -> int:
        """``n``: total number of weights."""
        return sum(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:], strict=True))

    @property
    def n_biases(self) -> int:
        """``m``: total number of biases."""
        return sum(self.sizes[1:])

    @property
    def n_params(self) -> int:
        return self.n_weights + self.n_biases

    def activation_of(self, l: int) -> Activation:
        """The activation applied to ``S[l]`` (weight layer ``l = 0..L-1``)."""
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not 0 <= l < self.L:
            raise ValueError(
                f"l must be a weight layer, an integer from 0 to {self.L - 1}; got {checks.show(l)}"
            )
        return self.output_activation if l == self.L - 1 else self.activation

    def __repr__(self):
        return (
            f"Network({self.sizes}, activation={self.activation.name!r}, "
            f"cost={self.cost.name!r}, output_activation={self.output_activation.name!r})"
        )

    def copy(self) -> Network:
        return Network(
            self.sizes,
            self.activation.name,
            self.cost.name,
            self.output_activation.name,
            weights=[W.copy() for W in self.weights],
            biases=[b.copy() for b in self.biases],
        )

    def set_parameters(self, weights, biases) -> None:
        """Replace all weights and biases after checking shapes and values."""
        for name, value in (("weights", weights), ("biases", biases)):
            if isinstance(value, (str, bytes, np.ndarray)) or not hasattr(value, "__len__"):
                raise checks.KindError(
                    f"{name} must be a list of {self.L} arrays (one per weight layer), got "
                    f"{checks.show(value)}"
                )
        weights, biases = list(weights), list(biases)
        if len(weights) != self.L or len(biases) != self.L:
            raise ValueError(
                f"expected {self.L} weight matrices and {self.L} bias vectors for sizes "
                f"{self.sizes}, got {len(weights)} and {len(biases)}"
            )
        new_w, new_b = [], []
        for l in range(self.L):
            W = _finite(f"W[{l}]", weights[l])
            b = _finite(f"b[{l}]", biases[l])
            shape = (self.sizes[l + 1], self.sizes[l])
            if W.shape != shape:
                raise ValueError(f"W[{l}] has shape {W.shape}, expected {shape} (n_(l+1), n_l)")
            if b.shape != (self.sizes[l + 1],):
                raise ValueError(f"b[{l}] has shape {b.shape}, expected ({self.sizes[l + 1]},)")
            new_w.append(W.copy())
            new_b.append(b.copy())
        self.weights, self.biases = new_w, new_b

    # -- flat parameter vector ---------------------------------------------------
    def get_params(self) -> np.ndarray:
        """All weights then all biases unrolled into one vector, shape ``(n + m,)``."""
        return unroll(self.weights, self.biases)

    def set_params(self, theta) -> None:
        """Inverse of :meth:`get_params`."""
        self.set_parameters(*roll(checks.array("theta", theta), self.sizes))

    def param_labels(self) -> list:
        """Names of the entries of :meth:`get_params`, e.g. ``"W[0][0,1]"``, ``"b[1][0]"``."""
        return param_labels(self.sizes)

    # -- forward -------------------------------------------------------------------
    def check_xy(self, X, Y=None):
        """Validate and reshape a batch; returns ``(X, Y)`` as 2-D float arrays."""
        X = as_batch("X", X, self.sizes[0], sum(self.sizes[1:]))
        if Y is None:
            return X, None
        Y = as_batch("Y", Y, self.sizes[-1])
        if len(Y) != len(X):
            raise ValueError(f"X has {len(X)} examples but Y has {len(Y)}: they must match")
        self.cost.check(Y, self.output_activation)
        return X, Y

    def forward_cache(self, X) -> ForwardCache:
        """Forward pass keeping every ``S[l]`` and ``a[l]``; ``X``: ``(batch, n_0)``."""
        X, _ = self.check_xy(X)
        with np.errstate(all="ignore"):
            cache = self._forward_cache(X)
        _check_finite("the outputs y_hat", cache.y_hat)
        return cache

    def _forward_cache(self, X, work=None) -> ForwardCache:
        # forward_cache for an X that check_xy has already validated: gradients() checks
        # X once instead of twice (each check is a pass over the whole batch).  With
        # ``work`` (see _workspace) S[l] and a[l] are written into its arrays.
        S, a = [], [X]
        for l in range(self.L):
            W, act = self.weights[l], self.activation_of(l)
            s = a[-1] @ W.T if work is None else np.matmul(a[-1], W.T, out=work["S"][l])
            s += self.biases[l]
            S.append(s)
            if work is not None and _builtin(act):
                a.append(act.f(s, out=work["a"][l]))
            else:
                a.append(act.f(s))
        return ForwardCache(S, a)

    def _workspace(self, batch: int) -> dict:
        """Scratch arrays for :meth:`gradients`, kept while the batch size stays the same.

        Nothing written there outlives the call (gradients() returns only new dW and
        db).  Why: a fresh 4 KB page costs a ~2 us page fault the first time it is
        touched, and freed memory goes back to the OS; before this, one gradient call of
        a 784-256-256-10 MLP on a batch of 256 touched ~7.5 MB of fresh memory, 1,936
        page faults, ~4 ms of 11 ms (benchmarks/run.py).
        """
        work = getattr(self, "_work", None)
        if work is None or work["batch"] != batch:

            def arrays():
                # index l holds S[l], a[l+1], delta[l], f'(S[l]): all (batch, n_(l+1))
                return [np.empty((batch, n)) for n in self.sizes[1:]]

            work = {"batch": batch, "S": arrays(), "a": arrays(), "delta": arrays(), "df": arrays()}
            self._work = work
        return work

    def forward(self, X) -> np.ndarray:
        """Outputs ``y_hat``, shape ``(batch, n_L)``.

        Raises
        ------
        ValueError
            For bad ``X``, or when the outputs overflow (values beyond 1e308).
        """
        X, _ = self.check_xy(X)
        with np.errstate(all="ignore"):
            y_hat = self._forward_cache(X).y_hat
        _check_finite("the outputs y_hat", y_hat)
        return y_hat

    def loss(self, X, Y) -> float:
        """Cost averaged over the batch.

        Raises
        ------
        ValueError
            For bad ``X`` or ``Y``, or when the cost overflows (values beyond 1e308).
        """
        X, Y = self.check_xy(X, Y)
        with np.errstate(all="ignore"):
            cache = self._forward_cache(X)
            value = self.cost.value(cache.S[-1], cache.y_hat, Y)
        _check_finite("the cost J", value)
        return value

    # -- backward ------------------------------------------------------------------
    def backward(self, cache: ForwardCache, Y) -> list:
        """The deltas ``delta[l] = dJ/dS[l]`` for l = 0..L-1.

        Each has shape ``(batch, n_(l+1))`` and includes the ``1/batch`` of the mean.
        """
        checks.instance("cache", cache, ForwardCache, "pass what net.forward_cache(X) returned")
        if len(cache.S) != self.L or len(cache.a) != self.L + 1:
            raise ValueError(
                f"cache has {len(cache.S)} layers but this network has {self.L}: pass the "
                "forward cache of this network"
            )
        Y = as_batch("Y", Y, self.sizes[-1])
        if len(Y) != len(cache.a[0]):
            # numpy would broadcast a single row over the batch: wrong numbers, no error.
            raise ValueError(
                f"the forward cache has {len(cache.a[0])} examples but Y has {len(Y)}: "
                "pass the targets of the batch given to forward_cache"
            )
        self.cost.check(Y, self.output_activation)
        with np.errstate(all="ignore"):
            deltas = self._backward(cache, Y)
        for d in deltas:
            _check_finite("the deltas", d)
        return deltas

    def _backward(self, cache: ForwardCache, Y, work=None) -> list:
        # backward for a checked Y; with ``work`` the deltas go into its arrays.
        L = self.L
        deltas = [None] * L
        deltas[L - 1] = self.cost.delta(
            cache.S[L - 1], cache.a[L], Y, self.output_activation
        ) / len(Y)
        for l in range(L - 2, -1, -1):
            # delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l]), in row form.  f' comes from the
            # cached a[l+1] = f(S[l]) when the activation allows it (sigma' = a (1 - a)):
            # recomputing exp(S[l]) here cost a quarter of the matmul time (benchmarks/run.py).
            act = self.activation_of(l)
            if work is None:
                delta = deltas[l + 1] @ self.weights[l + 1]
            else:
                delta = np.matmul(deltas[l + 1], self.weights[l + 1], out=work["delta"][l])
            if act.df_a is None:
                delta *= act.df(cache.S[l])
            elif work is not None and _builtin(act):
                delta *= act.df_a(cache.a[l + 1], out=work["df"][l])
            else:
                delta *= act.df_a(cache.a[l + 1])
            deltas[l] = delta
        return deltas

    def gradients(self, X, Y) -> tuple:
        """Backpropagation: ``(dW, db)`` shaped like ``weights`` and ``biases``.

        ``dJ/dW[l] = delta[l] a[l]^T`` summed over the batch; ``dJ/db[l] = delta[l]``.
        """
        X, Y = self.check_xy(X, Y)
        work = self._workspace(len(X))
        # Overflow (weights or data near 1e308) is reported once, below, as a ValueError
        # naming the inputs, instead of as numpy warnings and inf or NaN gradients.
        with np.errstate(all="ignore"):
            cache = self._forward_cache(X, work)
            deltas = self._backward(cache, Y, work)
            dW = [deltas[l].T @ cache.a[l] for l in range(self.L)]
            db = [deltas[l].sum(axis=0) for l in range(self.L)]
        for g in dW + db:
            _check_finite("the gradient", g)
        return dW, db

    def flat_gradient(self, X, Y) -> np.ndarray:
        """:meth:`gradients` unrolled like :meth:`get_params`, shape ``(n + m,)``."""
        return unroll(*self.gradients(X, Y))

    def loss_at(self, theta, X, Y) -> float:
        """The cost as a function of the flat parameter vector (x and y held fixed)."""
        other = self.copy()
        other._work = None
        other.set_params(theta)
        return other.loss(X, Y)

    # -- training --------------------------------------------------------------------
    def train(
        self,
        X,
        Y,
        learning_rate: float = 0.5,
        epochs: int = 100,
        callback=None,
        every: int = 1,
        batch_size: int | None = None,
        rng: np.random.Generator | None = None,
    ) -> list:
        """Gradient descent, in place: full-batch, or mini-batch with ``batch_size``.

        Parameters
        ----------
        X, Y : array_like, shapes ``(batch, n_0)`` and ``(batch, n_L)``
        learning_rate : float
            ``alpha`` in ``W <- W - alpha dJ/dW``.
        epochs : int
            Full batch: number of gradient steps.  Mini-batch: number of passes over
            the data, each one step per batch.
        callback : callable, optional
            Full batch: ``callback(epoch, loss)`` every ``every`` epochs and after the
            last.  Mini-batch: ``callback(epoch, batch, loss)`` after the step on batch
            ``batch`` of epoch ``epoch`` (both from 0; ``loss`` is that batch's cost
            before the step), every ``every`` steps and after the last.  Return False
            to stop early (e.g. a Stop button).
        batch_size : int, optional
            None (default): every step uses all of X.  Otherwise each epoch shuffles
            the examples with ``rng`` and steps once per consecutive slice of
            ``batch_size`` of them (the last slice may be smaller).
        rng : numpy.random.Generator, optional
            The shuffling; pass ``np.random.default_rng(seed)`` to repeat a run.

        Returns
        -------
        list of float
            Full batch: the loss before each step and after the last one (``epochs + 1``
            values, fewer if stopped).  Mini-batch: each step's batch loss before the
            step (``epochs * ceil(len(X) / batch_size)`` values, fewer if stopped).

        Raises
        ------
        ValueError
            If the loss becomes NaN or infinite (learning rate too large); the
            parameters are then those of the last step with a finite loss.  Also for
            ``epochs`` above ``checks.MAX_STEPS`` (10,000), a batch whose epochs would
            take more than ``checks.MAX_MULTIPLICATIONS`` multiplications in all, a bad
            ``batch_size``, or more than ``MAX_TRAIN_STEPS`` mini-batch steps.
        """
        X, Y = self.check_xy(X, Y)
        learning_rate = _learning_rate(learning_rate)
        every = checks.integer("every", every, minimum=1)
        if callback is not None and not callable(callback):
            raise checks.KindError(
                f"callback must be callable as callback(epoch, loss), got {checks.show(callback)}"
            )
        if batch_size is not None:
            # Mini-batch: MAX_TRAIN_STEPS bounds the steps, then the work is bounded below.
            epochs = checks.integer("epochs", _integral(epochs), minimum=0)
            rng = checks.rng("rng", rng)
            return self._train_minibatch(
                X, Y, learning_rate, epochs, batch_size, rng, callback, every
            )
        epochs = _steps("epochs", epochs)
        self._check_work(epochs, len(X))
        history = []
        previous = None
        for epoch in range(epochs + 1):
            # A step that is too large overflows; that shows up as a non-finite loss or
            # parameter, reported below as divergence rather than as numpy warnings.
            with np.errstate(all="ignore"):
                cache = self._forward_cache(X)
                loss = self.cost.value(cache.S[-1], cache.y_hat, Y)
            if not (np.isfinite(loss) and np.isfinite(self.get_params()).all()):
                if previous is not None:
                    # Go back to the last parameters with a finite loss: the network stays usable.
                    self.weights, self.biases = previous
                raise ValueError(
                    f"training diverged at epoch {epoch} (loss {loss}): lower the learning rate"
                )
            history.append(loss)
            last = epoch == epochs
            if callback is not None and (last or epoch % every == 0):
                if callback(epoch, loss) is False:
                    break
            if last:
                break
            previous = ([W.copy() for W in self.weights], [b.copy() for b in self.biases])
            with np.errstate(all="ignore"):
                deltas = self._backward(cache, Y)
                for l in range(self.L):
                    self.weights[l] -= learning_rate * (deltas[l].T @ cache.a[l])
                    self.biases[l] -= learning_rate * deltas[l].sum(axis=0)
        return history

    def _train_minibatch(self, X, Y, learning_rate, epochs, batch_size, rng, callback, every):
        # train() with a batch size, for an X and Y that check_xy has validated.
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size < 1
        ):
            raise ValueError(
                f"batch_size must be a positive integer (or None for the full batch), "
                f"got {checks.show(batch_size)}"
            )
        N = len(X)
        batch_size = min(int(batch_size), N)
        per_epoch = -(-N // batch_size)
        if epochs * per_epoch > MAX_TRAIN_STEPS:
            raise ValueError(
                f"{epochs} epochs x {per_epoch} batches = {epochs * per_epoch:,} steps is more "
                f"than MAX_TRAIN_STEPS = {MAX_TRAIN_STEPS:,}: use fewer epochs or a larger "
                "batch_size"
            )
        self._check_work(epochs, N)
        every = max(1, int(every))
        total = epochs * per_epoch
        history, previous, step = [], None, 0
        for epoch in range(epochs):
            order = rng.permutation(N)
            for batch in range(per_epoch):
                rows = order[batch * batch_size : (batch + 1) * batch_size]
                Xb, Yb = X[rows], Y[rows]
                work = self._workspace(len(rows))
                with np.errstate(over="ignore", invalid="ignore"):
                    cache = self._forward_cache(Xb, work)
                    loss = self.cost.value(cache.S[-1], cache.y_hat, Yb)
                if not np.isfinite(loss):
                    self._diverged(previous, f"epoch {epoch}, batch {batch}", loss)
                history.append(loss)
                previous = ([W.copy() for W in self.weights], [b.copy() for b in self.biases])
                with np.errstate(over="ignore", invalid="ignore"):
                    self._descend(cache, self._backward(cache, Yb, work), learning_rate)
                step += 1
                if callback is not None and (step == total or step % every == 0):
                    if callback(epoch, batch, loss) is False:
                        return self._finite_or_back(history, previous)
        return self._finite_or_back(history, previous)

    def _check_work(self, epochs: int, N: int) -> None:
        # Each epoch is a forward and a backward pass over X: about 3 n N multiplications.
        checks.budget(
            f"training {epochs:,} epochs on {N:,} examples (multiplications)",
            3 * epochs * N * self.n_weights,
            checks.MAX_MULTIPLICATIONS,
            "train fewer epochs at a time, or on a smaller batch",
        )

    def _finite_or_back(self, history, previous) -> list:
        # The last step's loss is never computed: a step that overflowed shows up here.
        if previous is not None and not np.isfinite(self.get_params()).all():
            self._diverged(previous, "the last step", float("nan"))
        return history

    def _descend(self, cache, deltas, learning_rate) -> None:
        """One step ``W[l] <- W[l] - alpha dJ/dW[l]`` (and the same for ``b[l]``), every l."""
        for l in range(self.L):
            self.weights[l] -= learning_rate * (deltas[l].T @ cache.a[l])
            self.biases[l] -= learning_rate * deltas[l].sum(axis=0)

    def _diverged(self, previous, where: str, loss) -> None:
        if previous is not None:
            # Back to the last parameters with a finite loss: the network stays usable.
            self.weights, self.biases = previous
        raise ValueError(f"training diverged at {where} (loss {loss}): lower the learning rate")

    # -- the scalar graph ------------------------------------------------------------
    def to_graph(self, X, Y, max_nodes: int = 5000):
        """The same network as a scalar computational graph (weights and biases as nodes).

        Node names: ``x[k]``, ``W[l][j,k]``, ``b[l][j]``, ``S[l][j]``, ``a[l][j]``,
        ``y[j]``, ``J``; with a batch of several examples, per-example nodes get a
        suffix ``@i`` and ``J`` is their mean.

        Returns
        -------
        backprop_tutorial.core.graph.Trace

        Raises
        ------
        ValueError
            If the graph would have more than ``max_nodes`` nodes.
        """
        from . import graph as g

        if self.output_activation.name == "softmax":
            raise ValueError(
                "to_graph draws elementwise activations only, and the softmax couples all "
                "outputs: use net.gradients (or a sigmoid output with cost='cross_entropy') "
                "for the scalar graph"
            )
        X, Y = self.check_xy(X, Y)
        max_nodes = checks.integer(
            "max_nodes", max_nodes, minimum=1, maximum=checks.MAX_GRAPH_NODES
        )
        B = len(X)
        per_example = sum(self.sizes) + 2 * self.n_weights + sum(self.sizes[1:]) + self.sizes[-1]
        total = self.n_params + B * per_example + 1
        if total > max_nodes:
            raise ValueError(
                f"the scalar graph would have about {checks.count(total)} nodes (more than "
                f"max_nodes={max_nodes}): use a smaller network or batch, or raise max_nodes "
                f"(up to {checks.MAX_GRAPH_NODES:,})"
            )
        Wn = [
            [
                [g.param(weight_label(l, j, k), self.weights[l][j, k]) for k in range(n_in)]
                for j in range(n_out)
            ]
            for l, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        ]
        bn = [
            [g.param(bias_label(l, j), self.biases[l][j]) for j in range(n_out)]
            for l, n_out in enumerate(self.sizes[1:])
        ]
        costs = []
        for i in range(B):
            sfx = f"@{i}" if B > 1 else ""
            a = [g.leaf(f"x[{k}]{sfx}", X[i, k]) for k in range(self.sizes[0])]
            S = a
            for l in range(self.L):
                S = [
                    g.add(
                        *[
                            g.mul(
                                Wn[l][j][k],
                                a[k],
                                name=f"{weight_label(l, j, k)}·{activation_label(l, k)}{sfx}",
                            )
                            for k in range(self.sizes[l])
                        ],
                        bn[l][j],
                        name=f"{sum_label(l, j)}{sfx}",
                    )
                    for j in range(self.sizes[l + 1])
                ]
                act = self.activation_of(l).name
                a = [
                    g.activate(s, act, name=f"{activation_label(l + 1, j)}{sfx}")
                    for j, s in enumerate(S)
                ]
            y = [g.leaf(f"y[{j}]{sfx}", Y[i, j]) for j in range(self.sizes[-1])]
            name = "J" if B == 1 else f"J{sfx}"
            if self.cost.name == "cross_entropy":
                costs.append(g.cross_entropy_cost(S, y, name=name))
            else:
                costs.append(g.quadratic_cost(a, y, name=name))
        out = costs[0] if B == 1 else g.mean(costs, name="J")
        return g.trace(out)

    # -- forward mode ------------------------------------------------------------------
    def jvp(self, X, Y, dW, db) -> float:
        """Directional derivative of the cost along ``(dW, db)`` by one forward-mode pass.

        ``dW``, ``db`` are shaped like ``weights`` and ``biases``; see :mod:`.network_tangents`.
        """
        from .network_tangents import jvp

        return jvp(self, X, Y, dW, db)


def _check_network(net) -> Network:
    return checks.instance("net", net, Network, "build one with bt.Network(sizes)")


def _check_finite(what: str, value) -> None:
    if not np.isfinite(value).all():
        raise ValueError(
            f"{what} overflowed (values beyond 1e308) for these inputs: X, Y or the weights "
            "are too large; scale them down"
        )


def _learning_rate(value) -> float:
    try:
        return checks.number("learning_rate", value, positive=True)
    except ValueError as err:  # the established message, with what was wrong
        raise type(err)(f"learning_rate must be a positive number: {err}") from None


def _integral(value):
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)  # 100.0 from a slider is a count
    return value


def _steps(name: str, value) -> int:
    """A number of steps: an int from 0 to ``checks.MAX_STEPS``."""
    value = checks.integer(name, _integral(value))
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value:,}")
    if value > checks.MAX_STEPS:
        raise ValueError(
            f"{name} = {checks.count(value)} is above the limit of {checks.MAX_STEPS:,} "
            "steps per call: run it in several calls (each returns where it got to)"
        )
    return value


# train() refuses more mini-batch steps than this (about a minute for a small network).
MAX_TRAIN_STEPS = 1_000_000

# The output activation each cost implies when none is given.
_DEFAULT_OUTPUT = {"cross_entropy": "sigmoid", "softmax_cross_entropy": "softmax"}


def _builtin(act: Activation) -> bool:
    """True for the package's own activations, whose functions accept ``out=``."""
    return ACTIVATIONS.get(act.name) is act


def unroll(weights, biases) -> np.ndarray:
    """Concatenate every ``W[l]`` (row-major) then every ``b[l]`` into one vector.

    ``weights`` and ``biases`` are lists of finite real arrays (what
    :meth:`Network.gradients` returns, for instance).
    """
    parts = []
    for name, arrays in (("weights", weights), ("biases", biases)):
        if isinstance(arrays, (str, bytes, np.ndarray)) or not hasattr(arrays, "__iter__"):
            raise checks.KindError(
                f"unroll needs {name} as a list of arrays, got {checks.show(arrays)}"
            )
        parts += [np.ravel(checks.array(f"{name}[{l}]", A)) for l, A in enumerate(arrays)]
    return np.concatenate(parts) if parts else np.zeros(0)


def roll(theta, sizes) -> tuple:
    """Inverse of :func:`unroll`: split a flat vector into ``(weights, biases)``.

    Raises
    ------
    ValueError
        If ``theta`` does not have exactly ``n + m`` entries.
    """
    sizes = check_sizes(sizes)
    theta = checks.array("theta", theta, finite=False)
    shapes = [(o, i) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
    n = sum(o * i for o, i in shapes) + sum(sizes[1:])
    if theta.shape != (n,):
        raise ValueError(
            f"parameter vector has shape {theta.shape}, expected ({n},) for sizes={sizes} "
            "(theta: one entry per weight and bias)"
        )
    weights, pos = [], 0
    for o, i in shapes:
        weights.append(theta[pos : pos + o * i].reshape(o, i).copy())
        pos += o * i
    biases = []
    for o in sizes[1:]:
        biases.append(theta[pos : pos + o].copy())
        pos += o
    return weights, biases
