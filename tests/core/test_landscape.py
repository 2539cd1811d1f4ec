"""Loss landscapes: grid evaluation equals point-by-point losses; planes and projections."""

from __future__ import annotations

import numpy as np
import pytest

import backprop_tutorial as bt
from backprop_tutorial.core.network import Network


def problem(cost="quadratic", act="tanh", sizes=(2, 3, 2), seed=0):
    rng = np.random.default_rng(seed)
    net = bt.Network(list(sizes), act, cost, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0, 0.5, n) for n in sizes[1:]])
    X, Y = rng.normal(size=(6, sizes[0])), rng.uniform(size=(6, sizes[-1]))
    return net, X, Y


def loop_surface(net, plane, X, Y, alphas, betas):
    """The slow, obvious way (allowed here, not in the library)."""
    work = net.copy()
    out = np.empty((len(betas), len(alphas)))
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            work.set_params(plane.theta0 + a * plane.d1 + b * plane.d2)
            out[i, j] = work.loss(X, Y)
    return out


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("act", ["sigmoid", "relu"])
def test_loss_surface_equals_a_python_loop(cost, act):
    net, X, Y = problem(cost, act)
    alphas, betas = np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)
    for plane in (
        bt.weight_plane(net, "W[0][0,0]", "b[1][1]"),
        bt.random_plane(net, np.random.default_rng(3)),
    ):
        surface = bt.loss_surface(net, plane, X, Y, alphas, betas)
        assert surface.shape == (4, 5)  # rows follow betas
        np.testing.assert_allclose(
            surface, loop_surface(net, plane, X, Y, alphas, betas), rtol=1e-12
        )


def test_loss_surface_does_not_loop_over_network_losses(monkeypatch):
    net, X, Y = problem()
    expected = bt.loss_surface(
        net,
        bt.random_plane(net, np.random.default_rng(0)),
        X,
        Y,
        np.linspace(-1, 1, 7),
        np.linspace(-1, 1, 7),
    )

    def forbidden(*args, **kwargs):
        raise AssertionError("loss_surface must be vectorised, not call Network.loss per point")

    monkeypatch.setattr(Network, "loss", forbidden)
    monkeypatch.setattr(Network, "forward_cache", forbidden)
    got = bt.loss_surface(
        net,
        bt.random_plane(net, np.random.default_rng(0)),
        X,
        Y,
        np.linspace(-1, 1, 7),
        np.linspace(-1, 1, 7),
    )
    np.testing.assert_array_equal(got, expected)


def test_batched_loss_chunks_give_the_same_answer():
    net, X, Y = problem()
    thetas = net.get_params() + np.random.default_rng(1).normal(size=(25, net.n_params))
    whole = bt.batched_loss(net, thetas, X, Y)
    tiny_chunks = bt.batched_loss(net, thetas, X, Y, chunk_elements=1)
    np.testing.assert_allclose(whole, tiny_chunks, rtol=1e-14)
    assert whole[0] == pytest.approx(net.loss_at(thetas[0], X, Y), rel=1e-12)


def test_centre_of_the_surface_is_the_current_loss():
    net, X, Y = problem("cross_entropy")
    plane = bt.random_plane(net, np.random.default_rng(2))
    surface = bt.loss_surface(net, plane, X, Y, [-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0])
    assert surface[1, 1] == pytest.approx(net.loss(X, Y), rel=1e-13)


def test_weight_plane_axes_are_the_two_named_weights():
    net, _, _ = problem()
    labels = net.param_labels()
    plane = bt.weight_plane(net, "W[0][0,0]", "W[0][1,1]")
    theta0 = net.get_params()
    np.testing.assert_array_equal(plane.theta0, theta0)
    assert plane.labels == ("W[0][0,0]", "W[0][1,1]")
    i, j = labels.index("W[0][0,0]"), labels.index("W[0][1,1]")
    assert np.flatnonzero(plane.d1).tolist() == [i] and plane.d1[i] == 1.0
    assert np.flatnonzero(plane.d2).tolist() == [j] and plane.d2[j] == 1.0
    assert plane.offsets == (theta0[i], theta0[j])
    # moving along alpha changes exactly that weight
    moved = plane.point(0.5, -0.25)
    assert moved[i] == theta0[i] + 0.5 and moved[j] == theta0[j] - 0.25
    assert np.count_nonzero(moved - theta0) == 2


def test_random_plane_is_normalised_per_neuron_and_reproducible():
    # Li et al. (2018) "filter normalisation": each neuron's incoming weights get the
    # norm of that neuron's weights; biases are not moved.
    net, _, _ = problem(sizes=(3, 4, 4, 2))
    net.set_parameters(
        [W * s for W, s in zip(net.weights, [1.0, 10.0, 0.1], strict=True)], net.biases
    )
    net.weights[1][2] *= 50.0  # one neuron far larger than its neighbours
    plane = bt.random_plane(net, np.random.default_rng(5))
    for d in (plane.d1, plane.d2):
        dW, db = bt.roll(d, net.sizes)
        for m in range(net.L):
            np.testing.assert_allclose(
                np.linalg.norm(dW[m], axis=1), np.linalg.norm(net.weights[m], axis=1)
            )
            assert not db[m].any()
    assert not np.allclose(plane.d1, plane.d2)
    again = bt.random_plane(net, np.random.default_rng(5))
    np.testing.assert_array_equal(plane.d1, again.d1)
    other = bt.random_plane(net, np.random.default_rng(6))
    assert not np.array_equal(plane.d1, other.d1)


def test_path_plane_holds_the_whole_displacement():
    from backprop_tutorial.core.landscape import path_plane

    net, X, Y = problem(sizes=(2, 4, 1))
    traj = bt.descent_trajectory(net, X, Y, 0.5, 40)
    trained = net.copy()
    trained.set_params(traj.thetas[-1])
    plane = path_plane(traj.thetas, trained, np.random.default_rng(0))
    ends = plane.project(traj.thetas[[0, -1]])
    np.testing.assert_allclose(ends, [[0, 0], [1, 0]], atol=1e-12)
    assert abs(plane.d1 @ plane.d2) < 1e-9 * (plane.d1 @ plane.d1)
    assert np.isclose(np.linalg.norm(plane.d2), np.linalg.norm(plane.d1))
    with pytest.raises(ValueError, match="has not moved"):
        path_plane(traj.thetas[:1], trained, np.random.default_rng(0))
    # An int seed is a Generator's seed (as everywhere in the core); anything else is refused.
    seeded = path_plane(traj.thetas, trained, 0)
    np.testing.assert_array_equal(seeded.d2, path_plane(traj.thetas, trained, 0).d2)
    with pytest.raises(ValueError, match="numpy Generator"):
        path_plane(traj.thetas, trained, "seed")


def test_project_recovers_grid_coordinates():
    net, _, _ = problem()
    coords = np.array([[0.0, 0.0], [0.5, -1.0], [-2.0, 3.0]])
    random = bt.random_plane(net, np.random.default_rng(7))
    points = [random.point(a, b) for a, b in coords]
    np.testing.assert_allclose(random.project(points), coords, atol=1e-12)
    axes = bt.weight_plane(net, "W[1][1,0]", "b[0][2]")
    points = [axes.point(a, b) for a, b in coords]
    # a weight plane shows the weights' actual values on its axes
    np.testing.assert_allclose(axes.project(points), coords + np.array(axes.offsets), atol=1e-12)
    assert axes.project(axes.theta0).shape == (1, 2)


def test_descent_trajectory_matches_training_and_projects_onto_the_plane():
    net, X, Y = problem()
    traj = bt.descent_trajectory(net, X, Y, learning_rate=0.5, epochs=10)
    assert traj.thetas.shape == (11, net.n_params) and traj.losses.shape == (11,)
    np.testing.assert_array_equal(traj.thetas[0], net.get_params())  # net itself untouched
    for theta, loss in zip(traj.thetas, traj.losses, strict=True):
        assert net.loss_at(theta, X, Y) == pytest.approx(loss, rel=1e-13)
    twin = net.copy()
    twin.train(X, Y, 0.5, 10)
    np.testing.assert_allclose(traj.thetas[-1], twin.get_params(), rtol=1e-14)
    plane = bt.weight_plane(net, "W[0][0,0]", "W[0][1,1]")
    xy = plane.project(traj.thetas)
    assert xy.shape == (11, 2)
    labels = net.param_labels()
    np.testing.assert_allclose(xy[:, 0], traj.thetas[:, labels.index("W[0][0,0]")], atol=1e-12)


# -- the chain network ---------------------------------------------------------------------------


@pytest.mark.parametrize("biases", [False, True])
def test_chain_loss_on_grid_equals_the_chain_loss_at_sample_points(biases):
    base = bt.ChainNetwork(x=0.7, y=0.2, w0=-1.4, w1=0.9, b0=0.3, b1=-0.6, biases=biases)
    w0s, w1s = np.linspace(-4, 4, 9), np.linspace(-3, 5, 5)
    W0, W1 = np.meshgrid(w0s, w1s)
    grid = base.loss_on_grid(W0, W1)
    assert grid.shape == (5, 9)
    for i, j in [(0, 0), (2, 4), (4, 8), (1, 7), (3, 2)]:
        point = bt.ChainNetwork(
            x=0.7, y=0.2, w0=W0[i, j], w1=W1[i, j], b0=0.3, b1=-0.6, biases=biases
        )
        assert grid[i, j] == pytest.approx(point.loss, rel=1e-14)
    assert base.loss_on_grid(-1.4, 0.9) == pytest.approx(base.loss, rel=1e-15)


@pytest.mark.parametrize(
    ("cost", "act"),
    [
        ("quadratic", "identity"),
        ("quadratic", "tanh"),
        ("cross_entropy", "relu"),
        ("softmax_cross_entropy", "sigmoid"),
        ("softmax_cross_entropy", "tanh"),
    ],
)
def test_batched_loss_is_the_networks_own_loss_at_every_row(cost, act):
    # batched_loss is a fast path beside Network.loss (every theta in one stacked pass):
    # it must give the plain pass's numbers for every cost and activation.
    rng = np.random.default_rng(4)
    net = bt.Network([3, 4, 4, 3], act, cost, rng=rng)
    X = rng.normal(size=(7, 3))
    Y = np.eye(3)[rng.integers(0, 3, 7)] if cost != "quadratic" else rng.normal(size=(7, 3))
    thetas = net.get_params() + rng.normal(scale=0.5, size=(6, net.n_params))
    plain = []
    for theta in thetas:
        net.set_params(theta)
        plain.append(net.loss(X, Y))
    np.testing.assert_allclose(bt.batched_loss(net, thetas, X, Y), plain, rtol=1e-12)
