"""Notebook 2's delta exercise: the checker and its diagnoses."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tutorial.core.activations import sigmoid
from backprop_tutorial.teaching import exercises_network as ex


def _mistake(kind):
    return {
        "unsolved": lambda l, W, S, d, fp: ...,
        "solution": ex.solution_delta,
        "transpose": lambda l, W, S, d, fp: (W[l + 1] @ d[l + 1]) * fp(S[l]),
        "derivative": lambda l, W, S, d, fp: W[l + 1].T @ d[l + 1],
        "f instead of f'": lambda l, W, S, d, fp: (W[l + 1].T @ d[l + 1]) * sigmoid(S[l]),
        "S layer": lambda l, W, S, d, fp: (W[l + 1].T @ d[l + 1]) * fp(S[l + 1]),
        "W layer": lambda l, W, S, d, fp: (W[l].T @ d[l + 1]) * fp(S[l]),
        "delta layer": lambda l, W, S, d, fp: (W[l + 1].T @ d[l]) * fp(S[l]),
        "sign": lambda l, W, S, d, fp: -(W[l + 1].T @ d[l + 1]) * fp(S[l]),
        "sign, no derivative": lambda l, W, S, d, fp: -(W[l + 1].T @ d[l + 1]),
        "sign, no transpose": lambda l, W, S, d, fp: -(W[l + 1] @ d[l + 1]) * fp(S[l]),
        "ones": lambda l, W, S, d, fp: np.ones_like(S[l]),
        "shape": lambda l, W, S, d, fp: np.zeros(7),
        "raises": lambda l, W, S, d, fp: 1 / 0,
        "huge": lambda l, W, S, d, fp: np.full_like(S[l], 1e308) * 10,
        "overflow int": lambda l, W, S, d, fp: 10**400,
    }[kind]


@pytest.mark.parametrize(
    "kind, status, words",
    [
        ("unsolved", "not yet", "replace the `...`"),
        ("solution", "correct", "matches the engine"),
        ("transpose", "wrong", "transpose missing"),
        ("derivative", "wrong", "activation derivative missing"),
        ("f instead of f'", "wrong", "derivative f'(S[l]) is needed"),
        ("S layer", "wrong", "you read S[l+1]"),
        ("W layer", "wrong", "you read W[l]"),
        ("delta layer", "wrong", "not known yet"),
        ("sign", "wrong", "sign"),
        ("sign, no derivative", "wrong", "sign"),
        ("sign, no transpose", "wrong", "sign"),
        ("ones", "wrong", "the engine gets"),
        ("shape", "wrong", "shape"),
        ("raises", "wrong", "ZeroDivisionError"),
        ("huge", "wrong", "infinite"),
        ("overflow int", "wrong", "array of numbers"),
    ],
)
def test_check_delta_diagnoses(kind, status, words):
    result = ex.check_delta(_mistake(kind))
    assert result.status == status and words in result.message
    assert bool(result) == (status == "correct")
    assert status in result._repr_html_()


def test_sign_error_hint_is_precise():
    msg = ex.check_delta(_mistake("sign")).message
    assert "-1" in msg and "(W[l+1]^T delta[l+1]) * f'(S[l])" in msg
    assert "derivative" in ex.check_delta(_mistake("sign, no derivative")).message


def test_verdicts_use_plain_text_marks_not_emoji():
    # The "not yet" line started with a missing-glyph box where no emoji font is installed.
    for kind in ("unsolved", "solution", "transpose"):
        out = ex.check_delta(_mistake(kind))._repr_html_()
        symbols = {ch for ch in out if ord(ch) >= 0x2190}
        assert symbols <= {"\u2714", "\u270e", "\u2718"}, symbols  # DejaVu Sans has these


def test_check_delta_solution_matches_engine_on_every_case():
    for sizes, l, seed in ex.CASES:
        c = ex.make_case(sizes, l, seed)
        assert np.allclose(ex.solution_delta(l, c.W, c.S, c.delta, c.f_prime), c.expected)
        assert all(d is None for d in c.delta[: l + 1])  # only later deltas are given
