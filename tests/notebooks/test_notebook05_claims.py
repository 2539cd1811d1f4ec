"""Notebook 5's sentences on the apps' models: accuracy over random seeds, batch size 256,
and a drawn digit prepared like the data (a "1" anywhere, any size, is read as a 1; a 7
drawn as a bar and a slanted stroke is read as a 7)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from backprop_tutorial.apps.digits_trainer.model import DigitsTrainerModel
from backprop_tutorial.data.drawing import FINE, block_counts, normalise, prepare_drawing

BRUSH = 2.0  # the canvas's brush radius, in cells (ui/widgets/digit_canvas.js)


@functools.cache
def trained(seed=0, hidden=32, batch_size=32) -> DigitsTrainerModel:
    m = DigitsTrainerModel(hidden=hidden, learning_rate=1.0, batch_size=batch_size, seed=seed)
    m.train()
    return m


def stroke(*points, grid=None) -> np.ndarray:
    """Cells inked by the canvas's round brush along the polyline ``points`` (row, col)."""
    grid = np.zeros((FINE, FINE), bool) if grid is None else grid.copy()
    rr, cc = np.mgrid[0:FINE, 0:FINE] + 0.5
    for (y0, x0), (y1, x1) in zip(points, points[1:], strict=False):
        for t in np.linspace(0, 1, 80):
            y, x = y0 + t * (y1 - y0), x0 + t * (x1 - x0)
            grid |= (rr - y) ** 2 + (cc - x) ** 2 <= BRUSH**2
    return grid


def probabilities(cells) -> np.ndarray:
    return trained().net.forward(prepare_drawing(cells)[None])[0]


def read(cells) -> int:
    return int(np.argmax(probabilities(cells)))


ONES = [
    ((top, x), (bottom, x))
    for top, bottom in [(2, 29), (4, 20), (12, 28), (8, 24), (1, 14)]
    for x in (6, 16, 26)
] + [((top, x + 3), (bottom, x - 3)) for top, bottom in [(3, 28), (6, 20)] for x in (8, 16, 24)]


@pytest.mark.parametrize("line", ONES, ids=str)
def test_a_1_drawn_anywhere_at_any_size_is_read_as_1(line):
    assert read(stroke(*line)) == 1


def test_without_the_preparation_most_of_those_1s_were_misread():
    raw = [trained().net.forward((block_counts(stroke(*line)) / 16)[None])[0] for line in ONES]
    assert sum(int(np.argmax(p)) != 1 for p in raw) >= len(ONES) // 2


@pytest.mark.parametrize(
    "top, left, right, bottom", [(4, 8, 24, 28), (10, 4, 16, 26), (2, 14, 28, 18)], ids=str
)
def test_a_7_with_a_bar_and_a_slanted_stroke_is_read_as_7(top, left, right, bottom):
    seven = stroke((top, left), (top, right), (bottom, (left + right) // 2 - 2))
    assert read(seven) == 7


@pytest.mark.parametrize(
    "cy, cx, ry, rx", [(16, 16, 12, 8), (10, 10, 7, 5), (20, 22, 9, 6)], ids=str
)
def test_a_0_is_read_as_0(cy, cx, ry, rx):
    ring = [(cy + ry * np.sin(a), cx + rx * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 40)]
    assert read(stroke(*ring)) == 0


def test_normalising_centres_and_fills_the_box_keeping_proportions():
    small = stroke((2, 3), (9, 3))  # a short stroke in the top-left corner
    out = normalise(small)
    rows, cols = np.nonzero(out)
    assert rows.min() == 0 and rows.max() == FINE - 1  # fills the height
    assert abs((cols.min() + cols.max()) / 2 - (FINE - 1) / 2) <= 1  # centred across
    r0, c0 = np.nonzero(small)
    before = (c0.max() - c0.min() + 1) / (r0.max() - r0.min() + 1)
    after = (cols.max() - cols.min() + 1) / (rows.max() - rows.min() + 1)
    assert after < 0.5 and abs(after / before - 1) < 0.15  # still thin: proportions kept
    assert not normalise(np.zeros(FINE * FINE)).any()
    with pytest.raises(ValueError, match="1024"):
        prepare_drawing(np.zeros(10))
    with pytest.raises(ValueError, match="0 .no ink. or 1"):
        prepare_drawing(np.full(1024, 2))


def test_the_default_seed_reads_over_95_percent_and_every_seed_about_nine_in_ten():
    assert trained(0).test_accuracy >= 0.95
    accuracies = [trained(s).test_accuracy for s in range(20)]
    assert min(accuracies) >= 0.88 and sum(a >= 0.95 for a in accuracies) >= 12


def test_batch_256_ends_within_a_few_points_of_batch_32():
    gaps = [
        abs(trained(s, batch_size=256).test_accuracy - trained(s).test_accuracy) for s in range(20)
    ]
    assert max(gaps) < 0.06


def test_four_hidden_neurons_stay_well_below_95_percent():
    assert all(trained(s, hidden=4).test_accuracy < 0.95 for s in range(20))
