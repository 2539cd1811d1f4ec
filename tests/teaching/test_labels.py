"""labels.py: the one formatter and parser of parameter labels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import backprop_tutorial as bt
from backprop_tutorial.teaching.labels import (
    ParamRef,
    activation_label,
    bias_label,
    param_labels,
    parse_param_label,
    sum_label,
    weight_label,
)

sizes_strategy = st.lists(st.integers(1, 4), min_size=2, max_size=5)


def test_formatters():
    assert weight_label(0, 1, 2) == "W[0][1,2]"
    assert bias_label(1, 0) == "b[1][0]"
    assert sum_label(0, 3) == "S[0][3]"
    assert activation_label(2, 1) == "a[2][1]"


@given(sizes_strategy)
def test_round_trip_and_unroll_order(sizes):
    labels = param_labels(sizes)
    net = bt.Network(sizes, weights=None, rng=np.random.default_rng(0))
    theta = net.get_params()
    assert len(labels) == len(set(labels)) == theta.size
    for label, value in zip(labels, theta, strict=True):
        ref = parse_param_label(label, sizes)
        assert ref.label == label
        # The label is the expression: W[l][j,k] is net.weights[l][j, k].
        if ref.kind == "W":
            assert net.weights[ref.l][ref.j, ref.k] == value
        else:
            assert ref.k is None and net.biases[ref.l][ref.j] == value


def test_spaces_after_the_comma_are_accepted():
    assert parse_param_label("W[0][1, 2]") == ParamRef("W", 0, 1, 2)
    assert parse_param_label("b[3][0]") == ParamRef("b", 3, 0, None)


@pytest.mark.parametrize(
    "text",
    ["W1-0-0", "W[0][1]", "w[0][1,0]", " W[0][1,0]", "W[0][1,0] ", "W[-1][0,0]", "b[0][0,1]",
     "S[0][0]", "W[0] [1,0]", "", None, 3],
)  # fmt: skip
def test_bad_labels_name_the_text_and_the_form(text):
    with pytest.raises(ValueError, match=r"W\[l\]\[j,k\]") as err:
        parse_param_label(text)
    assert repr(text) in str(err.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("W[2][0,0]", r"weight layers are l = 0\.\.1"),
        ("W[0][3,0]", r"j must be 0\.\.2"),
        ("W[0][0,2]", r"k must be 0\.\.1"),
        ("b[1][1]", r"j must be 0\.\.0"),
    ],
)
def test_ranges_are_checked_with_sizes(text, message):
    with pytest.raises(ValueError, match=message):
        parse_param_label(text, [2, 3, 1])
