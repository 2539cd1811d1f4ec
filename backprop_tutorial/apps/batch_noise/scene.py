"""Notebook 5's batch-noise chart as PlotWidget data: the cost of every batch a run
stepped on, for the chosen batch size, with its roughness in the title.  Numpy only.
"""

from __future__ import annotations

import numpy as np

from ...ui import charts as sp
from ...ui.scale import nice_ceil
from ...ui.style import COLORS
from ..digits_trainer.scene import caption


def batch_noise_figure(model, top: float | None = None) -> dict:
    """One axes: batch loss against epochs; ``top`` fixes the y limit (default: from
    the current run)."""
    if top is None:
        top = loss_top([model.losses])
    w, h = 760, 290
    ax = sp.axes(
        "loss",
        70,
        40,
        w - 95,
        h - 100,
        (0.0, float(model.epochs)),
        (0.0, float(top)),
        xlabel="epochs (passes over the training set)",
        ylabel="cost J of the batch",
        grid=True,
        ylabel_offset=50,
    )
    legend = [sp.legend_item("cost of the batch at every gradient step", COLORS["forward"])]
    return sp.figure(w, h, [ax], legend=legend, title="batch size against noise")


def loss_top(runs) -> float:
    """One y limit for several runs (losses arrays): 1.5 × the largest starting cost,
    rounded, so every run's descent fills the plot; rarer spikes above are cut off (and
    counted in the title)."""
    return nice_ceil(1.5 * max(float(losses[0]) for losses in runs))


def batch_noise_layers(model, top: float | None = None) -> dict:
    top = loss_top([model.losses]) if top is None else top
    above = int(np.sum(model.losses > top))
    cut = f"; {above} step(s) above J = {top:g} cut off" if above else ""
    return {
        "losses": sp.line(
            model.epoch_of_step, model.losses, color=COLORS["forward"], width=1.0, axes="loss"
        ),
        "title": caption(
            0.5,
            1.08,
            f"batch size {model.batch_size}: {len(model.losses):,} steps, "
            f"roughness {model.roughness:.3f}{cut}",
            axes="loss",
            anchor="middle",
            weight="bold",
        ),
    }
