"""A fully connected network, vectorised over a batch, with an explicit backward pass.

Notation (docs/NOTATION.md): neuron layers ``0..L``, ``a[0] = x``, ``y_hat = a[L]``;
weight layer ``l = 0..L-1`` connects neuron layer ``l`` to ``l + 1``:

    S[l]     = W[l] a[l] + b[l]                     forward pass, l = 0..L-1
    a[l+1]   = f(S[l])
    delta[l] = dJ/dS[l]                             backward pass, l = L-1..0
    delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l])
    dJ/dW[l] = delta[l] a[l]^T,   dJ/db[l] = delta[l]

No padding: ``net.weights[l]`` is ``W[l]``, ``cache.S[l]`` (L entries), ``cache.a[l]``
(L + 1 entries) and ``deltas[l]`` (L entries) are exactly the maths.  Batches are
rows: ``X`` has shape ``(batch, n_0)``, so a layer computes ``S = A @ W.T + b``, the
row form of ``W a + b``.  Training (gradient descent) is in :mod:`.training`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..teaching.labels import param_labels
from . import checks, training
from .activations import ACTIVATIONS, Activation, get_activation, writes_in_place
from .costs import Cost, get_cost
from .shapes import as_batch, check_sizes, n_parameters, roll, unroll


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
        """``n + m``."""
        return n_parameters(self.sizes)

    def activation_of(self, l: int) -> Activation:
        """The activation ``f`` applied to ``S[l]`` (weight layer ``l = 0..L-1``)."""
        L = len(self.sizes) - 1
        if type(l) is int and 0 <= l < L:  # the passes ask for every layer: answer at once
            return self.output_activation if l == L - 1 else self.activation
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not 0 <= l < L:
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
            W = checks.array(f"W[{l}]", weights[l])
            b = checks.array(f"b[{l}]", biases[l])
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

    # -- checked inputs ------------------------------------------------------------
    def check_x(self, X) -> np.ndarray:
        """Validate and reshape a batch of inputs to ``(batch, n_0)`` floats."""
        return as_batch("X", X, self.sizes[0], sum(self.sizes[1:]))

    def check_xy(self, X, Y) -> tuple:
        """Validate and reshape a batch and its targets; returns ``(X, Y)`` as 2-D floats.

        ``Y`` is required (None is refused like any other non-array).
        """
        X = self.check_x(X)
        Y = as_batch("Y", Y, self.sizes[-1])
        if len(Y) != len(X):
            raise ValueError(f"X has {len(X)} examples but Y has {len(Y)}: they must match")
        self.cost.check(Y, self.output_activation)
        return X, Y

    # -- forward pass --------------------------------------------------------------
    def layer(self, l: int, a, out_S=None, out_a=None) -> tuple:
        """One layer of the forward pass: ``(S[l], a[l+1])`` from ``a[l]``, shape ``(batch, n_l)``.

        ``out_S``, ``out_a``: optional arrays of shape ``(batch, n_(l+1))`` to write
        into (see :meth:`_workspace`).  No checks: ``a`` is a checked batch.
        """
        # S[l] = W[l] a[l] + b[l]   (row form: a[l] @ W[l]^T + b[l])
        S = np.matmul(a, self.weights[l].T, out=out_S)
        S += self.biases[l]
        # a[l+1] = f(S[l])
        return S, _call(self.activation_of(l).f, S, out_a)

    def _forward(self, X, work=None) -> ForwardCache:
        # The forward pass on a checked X: every layer in turn, keeping S[l] and a[l+1].
        S, a = [], [X]
        for l in range(self.L):
            s, a_next = self.layer(l, a[l], _slot(work, "S", l), _slot(work, "a", l))
            S.append(s)
            a.append(a_next)
        return ForwardCache(S, a)

    def forward_cache(self, X) -> ForwardCache:
        """Forward pass keeping every ``S[l]`` and ``a[l]``; ``X``: ``(batch, n_0)``."""
        X = self.check_x(X)
        with np.errstate(all="ignore"):
            cache = self._forward(X)
        require_finite("the outputs y_hat", cache.y_hat)
        return cache

    def forward(self, X) -> np.ndarray:
        """Outputs ``y_hat``, shape ``(batch, n_L)``.

        Raises
        ------
        ValueError
            For bad ``X``, or when the outputs overflow (values beyond 1e308).
        """
        return self.forward_cache(X).y_hat

    def loss(self, X, Y) -> float:
        """Cost averaged over the batch.

        Raises
        ------
        ValueError
            For bad ``X`` or ``Y``, or when the cost overflows (values beyond 1e308).
        """
        X, Y = self.check_xy(X, Y)
        with np.errstate(all="ignore"):
            value = self._cost(self._forward(X), Y)
        require_finite("the cost J", value)
        return value

    def _cost(self, cache: ForwardCache, Y) -> float:
        # J = cost(y_hat, y), the mean over the batch (from S[L-1] too: the cross-entropy
        # costs stay finite where the output activation saturates).
        return self.cost.value(cache.S[-1], cache.y_hat, Y)

    # -- backward pass ---------------------------------------------------------------
    def f_prime(self, l: int, S, a, out=None) -> np.ndarray:
        """``f'(S[l])`` given ``S[l]`` and ``a[l+1] = f(S[l])`` (no checks).

        From the cached ``a[l+1]`` when the activation allows it (``sigma' = a (1 - a)``):
        recomputing ``exp(S[l])`` cost a quarter of the matmul time (benchmarks/run.py).
        """
        act = self.activation_of(l)
        if act.df_a is None:
            return act.df(S)
        return _call(act.df_a, a, out)

    def _backward(self, cache: ForwardCache, Y, work=None) -> list:
        # The backward pass for a checked Y, from the output layer down.
        L = self.L
        deltas = [None] * L
        # Output layer: delta[L-1] = dJ/dS[L-1] from the cost; / batch, since J is a mean.
        delta = self.cost.delta(cache.S[L - 1], cache.a[L], Y, self.output_activation)
        deltas[L - 1] = delta / len(Y)
        for l in range(L - 2, -1, -1):
            # delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l])   (row form: delta[l+1] @ W[l+1])
            delta = np.matmul(deltas[l + 1], self.weights[l + 1], out=_slot(work, "delta", l))
            delta *= self.f_prime(l, cache.S[l], cache.a[l + 1], _slot(work, "df", l))
            deltas[l] = delta
        return deltas

    def weight_gradients(self, cache: ForwardCache, deltas) -> tuple:
        """``dJ/dW[l] = delta[l] a[l]^T`` and ``dJ/db[l] = delta[l]``, summed over the batch."""
        dW = [deltas[l].T @ cache.a[l] for l in range(self.L)]
        db = [deltas[l].sum(axis=0) for l in range(self.L)]
        return dW, db

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
            require_finite("the deltas", d)
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
            cache = self._forward(X, work)
            dW, db = self.weight_gradients(cache, self._backward(cache, Y, work))
        for g in dW + db:
            require_finite("the gradient", g)
        return dW, db

    def flat_gradient(self, X, Y) -> np.ndarray:
        """:meth:`gradients` unrolled like :meth:`get_params`, shape ``(n + m,)``."""
        return unroll(*self.gradients(X, Y))

    def loss_at(self, theta, X, Y) -> float:
        """The cost as a function of the flat parameter vector (x and y held fixed)."""
        other = self.copy()
        other.set_params(theta)
        return other.loss(X, Y)

    def _workspace(self, batch: int) -> dict:
        """Scratch arrays the passes write into, kept while the batch size stays the same.

        The one speed trick of the engine.  Nothing written there outlives a call
        (gradients() returns new dW and db).  Why: a fresh 4 KB page costs a ~2 us page
        fault the first time it is touched, and freed memory goes back to the OS; without
        it one gradient call of a 784-256-256-10 MLP on a batch of 256 touched ~7.5 MB of
        fresh memory, ~1,900 page faults, ~2.5 ms of 10 ms (benchmarks/run.py).  Index
        ``l`` holds ``S[l]``, ``a[l+1]``, ``delta[l]`` and ``f'(S[l])``, all
        ``(batch, n_(l+1))``; None where an activation cannot write in place.
        """
        work = getattr(self, "_work", None)
        if work is None or work["batch"] != batch:

            def arrays(always: bool) -> list:
                return [
                    np.empty((batch, n))
                    if always or writes_in_place(self.activation_of(l))
                    else None
                    for l, n in enumerate(self.sizes[1:])
                ]

            work = {"batch": batch, "S": arrays(True), "delta": arrays(True)}
            work.update(a=arrays(False), df=arrays(False))
            self._work = work
        return work

    # -- training ----------------------------------------------------------------------
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

        Both run the one loop :func:`.training.descend` (full batch: one batch of all X).

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
            last.  Mini-batch: ``callback(epoch, batch, loss)`` for the step on batch
            ``batch`` of epoch ``epoch`` (both from 0; ``loss`` is that batch's cost),
            every ``every`` steps and for the last.  It is called before the step is
            taken; return False to stop there (e.g. a Stop button).
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
            ``batch_size``, or more than ``training.MAX_TRAIN_STEPS`` mini-batch steps.
        """
        X, Y = self.check_xy(X, Y)
        learning_rate = training.check_learning_rate(learning_rate)
        every = checks.integer("every", every, minimum=1)
        training.check_callback(callback)
        steps = training.schedule(len(X), self.n_weights, epochs, every, batch_size, rng)
        return training.descend(self, X, Y, learning_rate, steps, callback)


def require_network(net) -> Network:
    """``net`` if it is a :class:`Network`, else the package's TypeError."""
    return checks.instance("net", net, Network, "build one with bt.Network(sizes)")


def require_finite(what: str, value) -> None:
    """Refuse an overflowed result (inf or NaN) with a message naming ``what``."""
    if not np.isfinite(value).all():
        raise ValueError(
            f"{what} overflowed (values beyond 1e308) for these inputs: X, Y or the weights "
            "are too large; scale them down"
        )


# The output activation each cost implies when none is given.
_DEFAULT_OUTPUT = {"cross_entropy": "sigmoid", "softmax_cross_entropy": "softmax"}


def _slot(work, kind: str, l: int):
    """The workspace array ``work[kind][l]``, or None (a fresh array) without a workspace."""
    return None if work is None else work[kind][l]


def _call(f, x, out):
    """``f(x)``, written into ``out`` when there is one (see :meth:`Network._workspace`)."""
    return f(x) if out is None else f(x, out=out)
