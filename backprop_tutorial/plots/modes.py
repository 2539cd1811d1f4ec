"""Drawings for notebook 4: forward against reverse mode as parameters grow, and the tape.

Matplotlib only.  Each view draws once into the axes it is given and then updates its
artists in place; the caller calls ``fig.canvas.draw_idle()``.
"""

from __future__ import annotations

import numpy as np

from ..style import COLORS


class GrowthView:
    """Log-log plot: multiplications of both modes against the number of parameters."""

    def __init__(self, ax):
        self.ax = ax
        (self.fwd,) = ax.loglog(
            [1], [1], "-o", ms=3, color=COLORS["forward"], label="forward mode: n + m passes"
        )
        (self.rev,) = ax.loglog(
            [1],
            [1],
            "--s",
            ms=3,
            color=COLORS["backward"],
            label="reverse mode: 1 forward + 1 backward pass",
        )
        (self.here,) = ax.loglog([], [], "k*", ms=13, label="your network (counted)")
        ax.set_xlabel("parameters n + m")
        ax.set_ylabel("multiplications")
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(loc="upper left", fontsize=8.5)

    def update(self, model) -> None:
        c = model.curve()
        here = model.counts()
        self.fwd.set_data(c["n_params"], c["forward"])
        self.rev.set_data(c["n_params"], c["reverse"])
        self.here.set_data([here["n_params"], here["n_params"]], [here["forward"], here["reverse"]])
        self.ax.set_xlim(1, c["n_params"].max() * 2)
        self.ax.set_ylim(max(1.0, c["reverse"].min() / 2), c["forward"].max() * 3)
        self.ax.set_title(
            f"networks [w] × {model.params()['depth']} + [1], w = 1..{model.MAX_WIDTH}", fontsize=10
        )


class TapeView:
    """Memory kept (bars) and extra forward work (line) for every checkpoint spacing k."""

    def __init__(self, ax):
        self.ax = ax
        self.ax2 = ax.twinx()
        self.bars = None
        (self.extra,) = self.ax2.plot(
            [], [], "-o", ms=3, color=COLORS["forward"], label="extra forward work"
        )
        self.root = ax.axvline(1, color=COLORS["muted"], ls=":", lw=1.5)
        self.root_text = ax.text(1, 1, "", color=COLORS["muted"], fontsize=9, va="top")
        ax.set_xlabel("k (keep every k-th layer)")
        ax.set_ylabel("memory kept (MB)", color=COLORS["backward"])
        self.ax2.set_ylabel("extra forward work (× one forward pass)", color=COLORS["forward"])
        self.ax2.set_ylim(0, 1.05)

    def update(self, model) -> None:
        c = model.curve()
        mb = c["memory"] / 1e6
        k = model.params()["k"]
        if self.bars is not None:
            self.bars.remove()
        colors = [COLORS["shared"] if kk == k else COLORS["backward"] for kk in c["k"]]
        self.bars = self.ax.bar(c["k"], mb, color=colors, alpha=0.8, width=0.7, hatch=None)
        # The chosen k is also hatched, so it does not rest on colour alone.
        self.bars[k - 1].set_hatch("//")
        self.extra.set_data(c["k"], c["extra"])
        self.ax.set_xlim(0.3, len(c["k"]) + 0.7)
        self.ax.set_ylim(0, mb.max() * 1.15)
        r = model.sqrt_L()
        self.root.set_xdata([r, r])
        self.root_text.set_position((r + 0.15, mb.max() * 1.12))
        self.root_text.set_text(f"√L = {r:.2g}")
        step = max(1, int(np.ceil(len(c["k"]) / 16)))
        self.ax.set_xticks(c["k"][::step])
