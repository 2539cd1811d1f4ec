"""Jacobian-chain counts against an instrumented multiplication; the two modes' Jacobians."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import backprop_tutorial as bt


class Counted:
    """A number that counts every multiplication done with it (brute force)."""

    count = 0

    def __init__(self, v):
        self.v = v

    def __mul__(self, other):
        Counted.count += 1
        return Counted(self.v * other.v)

    def __add__(self, other):
        return Counted(self.v + other.v)


def matmul(A, B):
    """Schoolbook product of nested lists of Counted: p q r multiplications."""
    return [
        [
            sum((A[i][t] * B[t][j] for t in range(1, len(B))), A[i][0] * B[0][j])
            for j in range(len(B[0]))
        ]
        for i in range(len(A))
    ]


def random_chain(dims, rng):
    # M_k is d_(k+1) x d_k, with exact rational entries so both orders agree exactly.
    return [
        [
            [Counted(Fraction(int(rng.integers(-5, 6)))) for _ in range(dims[k])]
            for _ in range(dims[k + 1])
        ]
        for k in range(len(dims) - 1)
    ]


def multiply(chain, order):
    Counted.count = 0
    if order == "reverse":  # from the output end: (M_(K-1) M_(K-2)) M_(K-3) ...
        P = chain[-1]
        for M in reversed(chain[:-1]):
            P = matmul(P, M)
    else:  # from the input end: ... M_2 (M_1 M_0)
        P = chain[0]
        for M in chain[1:]:
            P = matmul(M, P)
    return [[x.v for x in row] for row in P], Counted.count


def all_dims():
    for K in (1, 2, 3, 4):
        yield from itertools.product((1, 2, 3), repeat=K + 1)


@pytest.mark.parametrize("dims", list(all_dims()))
def test_counts_equal_brute_force_and_both_orders_agree(dims):
    rng = np.random.default_rng(sum(d * 7**i for i, d in enumerate(dims)))
    chain = random_chain(dims, rng)
    rev, n_rev = multiply(chain, "reverse")
    fwd, n_fwd = multiply(chain, "forward")
    assert rev == fwd
    counts = bt.chain_multiplications(list(dims))
    assert (counts.reverse, counts.forward) == (n_rev, n_fwd)
    assert sum(counts.reverse_steps) == counts.reverse


def test_counts_on_a_larger_chain_by_brute_force():
    dims = [6, 5, 4, 3, 1]
    chain = random_chain(dims, np.random.default_rng(0))
    c = bt.chain_multiplications(dims)
    assert multiply(chain, "reverse")[1] == c.reverse == 1 * 3 * 4 + 1 * 4 * 5 + 1 * 5 * 6
    assert multiply(chain, "forward")[1] == c.forward == 4 * 5 * 6 + 3 * 4 * 6 + 1 * 3 * 6


def test_exact_integers_at_any_size():
    c = bt.chain_multiplications([10**6, 10**6, 10**6, 1])
    assert c.forward == 10**18 + 10**12 and c.reverse == 2 * 10**12
    assert isinstance(c.forward, int) and c.cheaper == "reverse"


def test_scalar_cost_favours_reverse_one_input_favours_forward():
    sizes = [8, 16, 16, 4]
    to_cost = bt.chain_multiplications(bt.network_chain_dims(sizes, wrt="input"))
    assert to_cost.cheaper == "reverse"
    one_input = bt.chain_multiplications([1, 64, 64, 64])
    assert one_input.cheaper == "forward"
    assert one_input.forward == 64 * 64 + 64 * 64
    first = bt.network_chain_dims([3, 4, 2], wrt="first_layer")
    assert first == [4 * 3 + 4, 4, 2, 1]
    with pytest.raises(ValueError, match="wrt"):
        bt.network_chain_dims([3, 4, 2], wrt="nope")


def test_mode_passes():
    assert bt.mode_passes(1, 100) == {"forward": 1, "reverse": 100}
    assert bt.mode_passes(100, 1) == {"forward": 100, "reverse": 1}
    with pytest.raises(ValueError, match="positive integer"):
        bt.mode_passes(0, 3)


@pytest.mark.parametrize("bad", [[3], [3, 0], [2, 2.5], "ab", 4])
def test_bad_dims_are_refused(bad):
    with pytest.raises(ValueError):
        bt.chain_multiplications(bad)


@pytest.mark.parametrize("sizes", [[1, 5, 5, 8], [8, 5, 5, 1], [3, 4, 2], [2, 2], [1, 3, 3, 3, 6]])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "identity"])
def test_network_jacobian_both_modes_agree_with_finite_differences(sizes, activation):
    rng = np.random.default_rng(len(sizes) + sizes[0])
    net = bt.Network(sizes, activation, rng=rng)
    net.set_parameters(net.weights, [rng.normal(0, 0.5, n) for n in sizes[1:]])
    x = rng.normal(size=sizes[0])
    fwd, rev = bt.jacobian_forward_mode(net, x), bt.jacobian_reverse_mode(net, x)
    assert fwd.jacobian.shape == (sizes[-1], sizes[0])
    assert np.allclose(fwd.jacobian, rev.jacobian, rtol=1e-13, atol=1e-15)
    numeric = np.stack(
        [
            bt.numerical_gradient(lambda v, j=j: net.forward(v[None])[0, j], x)
            for j in range(sizes[-1])
        ]
    )
    assert bt.relative_error(fwd.jacobian, numeric) < 1e-7
    assert (fwd.passes, rev.passes) == (sizes[0], sizes[-1])
    counts = bt.jacobian_multiplications(sizes)
    assert (fwd.multiplications, rev.multiplications) == (counts["forward"], counts["reverse"])


def test_forward_mode_wins_with_one_input_and_many_outputs():
    one_in = bt.jacobian_multiplications([1, 32, 32, 100])
    assert one_in["forward"] < one_in["reverse"] / 20
    one_out = bt.jacobian_multiplications([100, 32, 32, 1])
    assert one_out["reverse"] < one_out["forward"] / 20


def test_jacobian_is_for_one_example():
    net = bt.Network([2, 3], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="one example"):
        bt.jacobian_forward_mode(net, np.zeros((2, 2)))
