"""ContourLines: one LineCollection whose segments are replaced, never a new artist."""

import numpy as np
from matplotlib.figure import Figure

from backprop_tutorial.plots.contours import ContourLines


def _setup():
    ax = Figure().add_subplot()
    x = np.linspace(-1, 1, 41)
    y = np.linspace(-1, 1, 31)
    z = x[None, :] ** 2 + y[:, None] ** 2
    return ax, x, y, z


def test_circles_are_found_on_their_level_and_updated_in_place():
    ax, x, y, z = _setup()
    lines = ContourLines(ax, colors="k")
    lines.update(x, y, z, [0.25, 0.5])
    segs = lines.collection.get_segments()
    assert len(segs) == 2  # two closed circles
    for seg, r2 in zip(segs, (0.25, 0.5), strict=True):
        assert np.allclose((seg**2).sum(axis=1), r2, atol=2e-3)
    artist = lines.collection
    lines.update(x, y, 2 * z, [0.25])
    assert lines.collection is artist and list(ax.collections) == [artist]
    assert np.allclose((lines.collection.get_segments()[0] ** 2).sum(axis=1), 0.125, atol=2e-3)


def test_no_levels_or_levels_outside_the_range_hide_the_lines():
    ax, x, y, z = _setup()
    lines = ContourLines(ax)
    lines.update(x, y, z, [0.5])
    assert lines.n_segments == 1
    lines.update(x, y, z, [])
    assert lines.n_segments == 0
    lines.update(x, y, z, [5.0])
    assert lines.n_segments == 0
    lines.update(x, y, np.ones_like(z), [1.0])  # a flat surface: no crash


def test_update_inside_picks_levels_strictly_inside_the_range():
    ax, x, y, z = _setup()
    lines = ContourLines(ax)
    lines.update_inside(x, y, z, 4)
    assert np.allclose(lines.levels, np.linspace(0, 2, 6)[1:-1])
    lines.update_inside(x, y, np.full_like(z, 3.0), 4)
    assert len(lines.levels) == 0 and lines.n_segments == 0
