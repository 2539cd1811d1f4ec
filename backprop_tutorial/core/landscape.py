"""The loss as a function of two parameters, evaluated on a whole grid at once.

For a general network we move the flat parameter vector in a plane,
``theta = theta0 + alpha d1 + beta d2``, and evaluate J for every (alpha, beta) in
one batched forward pass (parameters stacked along a leading grid axis, in chunks
to bound memory).  The directions are either two coordinate axes (two chosen
weights), two random directions normalised per neuron, so that every neuron moves
in proportion to its own weights' size (Li et al., 2018), or the direction of the
training path itself and one random direction across it (:func:`path_plane`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..teaching.labels import parse_param_label
from . import checks
from .activations import writes_in_place
from .network import Network
from .shapes import roll, unroll
from .training import check_steps


@dataclass
class Plane:
    """A 2-D slice of parameter space through ``theta0``.

    Attributes
    ----------
    theta0 : ndarray, shape ``(n + m,)``
        Centre of the slice.
    d1, d2 : ndarray, shape ``(n + m,)``
        Directions of the two axes.
    labels : tuple of str
        Axis labels for plots.
    offsets : tuple of float
        Added to grid coordinates when showing them, so that a coordinate-axis plane
        shows the weights' actual values.
    sizes : tuple of int, optional
        Layer sizes of the network the plane was built for (set by
        :func:`weight_plane` and :func:`random_plane`); :func:`loss_surface` refuses
        a plane of other sizes.
    """

    theta0: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    labels: tuple
    offsets: tuple = (0.0, 0.0)
    sizes: tuple | None = None

    def point(self, alpha: float, beta: float) -> np.ndarray:
        alpha, beta = checks.number("alpha", alpha), checks.number("beta", beta)
        with np.errstate(over="ignore", invalid="ignore"):
            theta = self.theta0 + alpha * self.d1 + beta * self.d2
        if not np.isfinite(theta).all():
            raise ValueError(f"alpha={alpha:g}, beta={beta:g} overflow the parameters: go less far")
        return theta

    def _check_for(self, net) -> None:
        n = net.n_params
        if self.sizes is not None and tuple(self.sizes) != tuple(net.sizes):
            raise ValueError(
                f"plane was built for a network of sizes {list(self.sizes)}, not {net.sizes}: "
                "make it with weight_plane(net, ...) or random_plane(net, rng) of this network"
            )
        for name in ("theta0", "d1", "d2"):
            v = checks.array(f"plane.{name}", getattr(self, name))
            if v.shape != (n,):
                raise ValueError(
                    f"plane.{name} has shape {v.shape} but the network has {n} parameters: "
                    "make the plane from this network"
                )

    def project(self, thetas) -> np.ndarray:
        """Coordinates (in the plotted axes) of parameter vectors, least squares.

        Parameters
        ----------
        thetas : array_like, shape ``(T, n + m)``

        Returns
        -------
        ndarray, shape ``(T, 2)``
        """
        thetas = np.atleast_2d(checks.array("thetas", thetas))
        n = np.size(self.theta0)
        if thetas.ndim != 2 or thetas.shape[1] != n:
            raise ValueError(
                f"thetas has shape {thetas.shape}, expected (T, {n}): one row per point"
            )
        D = np.stack([self.d1, self.d2])
        # The 2 x 2 normal equations: a general lstsq (an SVD per call) cost ~60 ms for
        # 300 points of a 105-parameter path, this well under 1 ms; the two directions
        # are never parallel (orthogonal for weight and path planes).
        coef = np.linalg.solve(D @ D.T, D @ (thetas - self.theta0).T)
        return coef.T + np.asarray(self.offsets)


def weight_plane(net: Network, first: str, second: str) -> Plane:
    """Plane along two named parameters, e.g. ``"W[0][0,0]"`` and ``"W[0][1,1]"``.

    Raises
    ------
    ValueError
        For a malformed label or a parameter this network does not have.
    """
    checks.instance("net", net, Network)
    index = {name: i for i, name in enumerate(net.param_labels())}
    first, second = (parse_param_label(name, net.sizes).label for name in (first, second))
    if first == second:
        raise ValueError("pick two different parameters for the two axes")
    theta0 = net.get_params()
    d1, d2 = np.zeros_like(theta0), np.zeros_like(theta0)
    d1[index[first]] = d2[index[second]] = 1.0
    offsets = (theta0[index[first]], theta0[index[second]])
    return Plane(theta0, d1, d2, (first, second), offsets, tuple(net.sizes))


def filter_normalised(direction, net: Network) -> np.ndarray:
    """A direction rescaled neuron by neuron to the size of ``net``'s weights.

    "Filter normalisation" (Li, Xu, Taylor, Studer and Goldstein, *Visualizing the Loss
    Landscape of Neural Nets*, 2018): the incoming weights of each neuron (row ``j`` of
    ``W[l]``) get the norm of that neuron's current weights, so a step of 1 moves every
    neuron by about its own size, whatever the scale of its layer or of its neighbours.
    As in the paper's default, the bias entries are set to 0 (biases are not moved).

    Parameters
    ----------
    direction : ndarray, shape ``(n + m,)``
    net : Network

    Returns
    -------
    ndarray, shape ``(n + m,)``
    """
    dw, dbias = roll(np.asarray(direction, dtype=float), net.sizes)
    for l in range(net.L):
        target = np.linalg.norm(net.weights[l], axis=1, keepdims=True)
        have = np.linalg.norm(dw[l], axis=1, keepdims=True)
        dw[l] = dw[l] * (target / np.maximum(have, 1e-300))
        dbias[l] = np.zeros_like(dbias[l])
    return unroll(dw, dbias)


def random_plane(net: Network, rng: np.random.Generator) -> Plane:
    """Plane along two random directions, each normalised per neuron.

    See :func:`filter_normalised`: each neuron's block of a direction is rescaled to the
    norm of that neuron's current weights, so neurons (and layers) with small weights are
    not swamped by those with large ones.
    """
    checks.instance("net", net, Network)
    if rng is None:  # a plane that changes on every call is never what a figure wants
        raise checks.KindError(
            "rng must be a numpy Generator or an int seed, e.g. np.random.default_rng(0); got None"
        )
    rng = checks.rng("rng", rng)
    theta0 = net.get_params()
    d1, d2 = (filter_normalised(rng.normal(size=theta0.shape), net) for _ in range(2))
    return Plane(theta0, d1, d2, ("direction 1", "direction 2"), sizes=tuple(net.sizes))


def path_plane(thetas, net: Network, rng: np.random.Generator) -> Plane:
    """Plane that holds the training path: along ``theta_T - theta_0`` and across it.

    ``d1 = theta_T - theta_0`` (the whole displacement of training); ``d2`` is a random
    direction normalised per neuron (:func:`filter_normalised`, at ``theta_T``), made
    orthogonal to ``d1`` and scaled to the same length, so both axes are in units of
    the displacement.  The plane is centred half-way; its ``offsets`` make the start
    ``(0, 0)`` and the end ``(1, 0)`` in the plotted coordinates.

    Parameters
    ----------
    thetas : array_like, shape ``(T, n + m)``
        The parameters along training, first the start, last the end (``net``'s).
    net : Network
        Gives the layer sizes and the weights the random direction is normalised to.
    rng : numpy.random.Generator

    Raises
    ------
    ValueError
        If the path has not moved (nothing trained yet), or shapes do not match.
    """
    checks.instance("net", net, Network)
    rng = checks.rng("rng", rng)
    thetas = np.atleast_2d(checks.array("thetas", thetas))
    if thetas.shape[1] != net.n_params:
        raise ValueError(
            f"thetas have {thetas.shape[1]} entries per row, the network {net.n_params}"
        )
    d1 = thetas[-1] - thetas[0]
    length = float(np.linalg.norm(d1))
    if not length > 0:
        raise ValueError("the training path has not moved yet: train first")
    r = filter_normalised(rng.normal(size=d1.shape), net)
    r -= (r @ d1) / length**2 * d1
    if not np.linalg.norm(r) > 0:  # a network whose weights are all 0
        r = rng.normal(size=d1.shape)
        r -= (r @ d1) / length**2 * d1
    d2 = r * (length / np.linalg.norm(r))
    centre = thetas[0] + 0.5 * d1
    labels = ("along the path (0 = start, 1 = now)", "across it (a random direction)")
    return Plane(centre, d1, d2, labels, (0.5, 0.0), tuple(net.sizes))


def batched_loss(net: Network, thetas, X, Y, chunk_elements: int = 4_000_000) -> np.ndarray:
    """``J(theta)`` for many parameter vectors at once.

    Parameters
    ----------
    thetas : array_like, shape ``(G, n + m)``
    X, Y : data, shapes ``(batch, n_0)`` and ``(batch, n_L)``
    chunk_elements : int
        Upper bound on the size of intermediate arrays (controls memory).

    Returns
    -------
    ndarray, shape ``(G,)``

    Raises
    ------
    ValueError
        ``thetas`` not of shape ``(G, n + m)`` or not finite, more than
        ``checks.MAX_GRID_POINTS`` rows, or a cost that overflows.
    """
    checks.instance("net", net, Network)
    chunk_elements = checks.integer(
        "chunk_elements", chunk_elements, minimum=1, maximum=checks.MAX_ELEMENTS
    )
    X, Y = net.check_xy(X, Y)
    thetas = np.atleast_2d(checks.array("thetas", thetas))
    n = net.n_params
    if thetas.ndim != 2 or thetas.shape[1] != n:
        raise ValueError(
            f"thetas has shape {thetas.shape} but {net.sizes} has {n} parameters: pass "
            f"(G, {n}), one parameter vector per row (net.get_params() gives one)"
        )
    checks.budget(
        "thetas (parameter vectors to evaluate)",
        len(thetas),
        checks.MAX_GRID_POINTS,
        "use a coarser grid",
    )
    B = len(X)
    per_point = B * max(net.sizes)
    step = max(1, chunk_elements // per_point)
    out = np.empty(len(thetas))
    for start in range(0, len(thetas), step):
        out[start : start + step] = _batched_loss_chunk(net, thetas[start : start + step], X, Y)
    if not np.isfinite(out).all():
        bad = int(out.size - np.count_nonzero(np.isfinite(out)))
        raise ValueError(
            f"the cost overflows (beyond 1e308) at {bad} of {out.size} parameter vectors "
            "(thetas): use smaller parameters or a smaller range"
        )
    return out


def _batched_loss_chunk(net, thetas, X, Y):
    G = len(thetas)
    pos = 0
    shapes = list(zip(net.sizes[1:], net.sizes[:-1], strict=True))
    Ws = []
    for o, i in shapes:
        Ws.append(thetas[:, pos : pos + o * i].reshape(G, o, i))
        pos += o * i
    bs = []
    for o, _ in shapes:
        bs.append(thetas[:, pos : pos + o])
        pos += o
    a = np.broadcast_to(X, (G, *X.shape))
    S = None
    # Parameters or data near 1e308 overflow; batched_loss reports that once, afterwards.
    with np.errstate(all="ignore"):
        for l in range(net.L):
            # (G, B, n_l) @ (G, n_l, n_(l+1)) -> (G, B, n_(l+1)).  In place where we can:
            # each new (G, B, n_(l+1)) array is megabytes of fresh memory, and its first
            # touch (page faults) cost as much as the arithmetic (25 x 25 grid, B = 200).
            # W^T made contiguous (a small copy): matmul on the strided view was 2x slower.
            S = np.matmul(a, np.ascontiguousarray(Ws[l].transpose(0, 2, 1)))
            S += bs[l][:, None, :]
            act = net.activation_of(l)
            # A hidden layer's S is not needed again; the last one is (cross-entropy).
            a = act.f(S, out=S) if l < net.L - 1 and writes_in_place(act) else act.f(S)
        if net.cost.name == "cross_entropy":
            from .activations import softplus

            return np.sum(softplus(S) - Y * S, axis=(1, 2)) / len(X)
        if net.cost.name == "softmax_cross_entropy":
            from .activations import _log_softmax as log_softmax

            return -np.sum(Y * log_softmax(S), axis=(1, 2)) / len(X)
        return 0.5 * np.sum((a - Y) ** 2, axis=(1, 2)) / len(X)


def loss_surface(net: Network, plane: Plane, X, Y, alphas, betas) -> np.ndarray:
    """J on the grid ``theta0 + alpha d1 + beta d2``.

    Parameters
    ----------
    alphas : array_like, shape ``(A,)``
        Grid coordinates along ``d1`` (relative to ``theta0``).
    betas : array_like, shape ``(B,)``

    Returns
    -------
    ndarray, shape ``(len(betas), len(alphas))`` (rows follow ``betas``, as imshow expects)

    Raises
    ------
    ValueError
        A plane of another network, grid coordinates that are not finite 1-D arrays,
        more than ``checks.MAX_GRID_POINTS`` points (or a parameter array above
        ``checks.MAX_ELEMENTS`` floats), or a cost that overflows.
    """
    checks.instance("net", net, Network)
    checks.instance("plane", plane, Plane, "make one with weight_plane or random_plane")
    plane._check_for(net)
    alphas, betas = checks.array("alphas", alphas), checks.array("betas", betas)
    for name, v in (("alphas", alphas), ("betas", betas)):
        if v.ndim != 1 or v.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array, got shape {v.shape}")
    points = alphas.size * betas.size
    checks.budget(
        f"the grid of {alphas.size:,} alphas x {betas.size:,} betas (points)",
        points,
        checks.MAX_GRID_POINTS,
        "use fewer grid points",
    )
    checks.budget(
        "the grid's parameter vectors (floats)",
        points * net.n_params,
        checks.MAX_ELEMENTS,
        "use fewer grid points or a smaller network",
    )
    aa, bb = np.meshgrid(alphas, betas)
    with np.errstate(over="ignore", invalid="ignore"):
        thetas = plane.theta0 + aa.reshape(-1, 1) * plane.d1 + bb.reshape(-1, 1) * plane.d2
    if not np.isfinite(thetas).all():
        raise ValueError(
            "alphas and betas reach parameters beyond 1e308 on this plane: use a smaller range"
        )
    return batched_loss(net, thetas, X, Y).reshape(len(betas), len(alphas))


@dataclass
class Trajectory:
    """Gradient descent recorded for plotting on a plane."""

    thetas: np.ndarray
    losses: np.ndarray


def descent_trajectory(net: Network, X, Y, learning_rate: float, epochs: int) -> Trajectory:
    """Train a copy of ``net`` and keep the parameters after every step.

    Returns
    -------
    Trajectory with ``thetas`` of shape ``(epochs + 1, n + m)`` and ``losses`` ``(epochs + 1,)``.
    """
    checks.instance("net", net, Network)
    epochs = check_steps("epochs", epochs)
    checks.budget(
        f"the trajectory of {epochs:,} epochs (floats kept)",
        (epochs + 1) * net.n_params,
        checks.MAX_ELEMENTS,
        "train fewer epochs",
    )
    work = net.copy()
    thetas = [work.get_params()]

    def keep(epoch, loss):
        if epoch > 0:
            thetas.append(work.get_params())

    losses = work.train(X, Y, learning_rate, epochs, callback=keep)
    return Trajectory(np.array(thetas), np.array(losses))
