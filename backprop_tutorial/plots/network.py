"""Drawings for notebook 2: decision boundary, loss, slices, meter (the network pictures
are drawn in the browser: :mod:`backprop_tutorial.scenes.network`).

Every view builds its artists once and then only changes data, colours and texts
(``set_data``, ``set_offsets``, ``set_facecolor``, ``set_text``); the apps call
``fig.canvas.draw_idle()`` afterwards.  Nothing here imports ipywidgets or pyplot.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .contours import ContourLines

BOUNDARY_CMAP = LinearSegmentedColormap.from_list("bt_boundary", ["#f4a582", "#f7f7f7", "#92c5de"])
CLASS_COLORS = ("#ca0020", "#0571b0")  # class 0, class 1


def plain_log_axis(axis) -> None:
    """Log-scale ticks labelled "1e-07" in plain text, without minor labels.

    Matplotlib's default labels are mathtext (10 with a superscript), whose layout
    costs most of a redraw of a small log plot.
    """
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(
        FuncFormatter(lambda v, _pos: f"{v:.0e}".replace("e-0", "e-").replace("e+0", "e"))
    )
    axis.set_minor_formatter(NullFormatter())


def palette() -> dict:
    """The apps' shared colours (imported lazily so plots need no ipywidgets at import)."""
    from ..widgets.base import COLORS

    return COLORS


class BoundaryView:
    """The decision boundary as an image (imshow), the data on top, a 0.5 contour.

    Parameters
    ----------
    ax : Axes
    extent : tuple ``(xmin, xmax, ymin, ymax)``
    X, Y : data, shapes ``(n, 2)`` and ``(n, 1)``
    probabilities : ndarray, shape ``(grid, grid)``
    """

    def __init__(self, ax, extent, X, Y, probabilities):
        self.ax = ax
        self.image = ax.imshow(
            probabilities,
            origin="lower",
            extent=extent,
            cmap=BOUNDARY_CMAP,
            vmin=0,
            vmax=1,
            interpolation="bilinear",
            zorder=0,
            aspect="auto",
        )
        self.points = ax.scatter(
            X[:, 0], X[:, 1], s=14, c=self._colors(Y), edgecolors="white", linewidths=0.4, zorder=2
        )
        self.contour = ContourLines(ax, colors="#333333", linewidths=1.2, zorder=1)
        self.extent = extent
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_xticks([-1, 0, 1])
        ax.set_yticks([-1, 0, 1])
        ax.tick_params(labelsize=8)
        self.title = ax.set_title("", fontsize=9)
        self.update(probabilities)

    @staticmethod
    def _colors(Y):
        return [CLASS_COLORS[int(v > 0.5)] for v in np.ravel(Y)]

    def set_data(self, extent, X, Y) -> None:
        """New data set (after a reset)."""
        self.extent = extent
        self.image.set_extent(extent)
        self.points.set_offsets(X)
        self.points.set_facecolor(self._colors(Y))
        self.ax.set_xlim(extent[0], extent[1])
        self.ax.set_ylim(extent[2], extent[3])

    def update(self, probabilities, title: str | None = None) -> None:
        self.image.set_data(probabilities)
        ny, nx = probabilities.shape
        xs = np.linspace(self.extent[0], self.extent[1], nx)
        ys = np.linspace(self.extent[2], self.extent[3], ny)
        self.contour.update(xs, ys, probabilities, [0.5])
        if title is not None:
            self.title.set_text(title)


class LossCurveView:
    """Training loss per epoch (log scale)."""

    def __init__(self, ax):
        self.ax = ax
        (self.line,) = ax.plot([0], [1], color=palette()["forward"], lw=1.6)
        ax.set_yscale("log")
        plain_log_axis(ax.yaxis)
        ax.set_xlabel("epoch", fontsize=9)
        ax.set_ylabel("loss J", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, which="major", alpha=0.3)
        self.title = ax.set_title("", fontsize=9)

    def update(self, losses, title: str | None = None) -> None:
        losses = np.asarray(losses, dtype=float)
        epochs = np.arange(len(losses))
        self.line.set_data(epochs, losses)
        self.ax.set_xlim(0, max(10, len(losses) - 1))
        lo, hi = float(np.min(losses)), float(np.max(losses))
        self.ax.set_ylim(max(lo * 0.7, 1e-6), max(hi * 1.4, lo * 2, 1e-5))
        if title is not None:
            self.title.set_text(title)


class SliceView:
    """The cost on a plane (imshow + contour lines), the trajectory, start and now."""

    def __init__(self, ax, cbar_ax=None):
        self.ax = ax
        colors = palette()
        self.image = ax.imshow(
            np.zeros((2, 2)),
            origin="lower",
            extent=(0, 1, 0, 1),
            cmap="viridis",
            aspect="auto",
            interpolation="bilinear",
        )
        self.contours = ContourLines(ax, colors="white", linewidths=0.5, alpha=0.6, zorder=2)
        (self.path,) = ax.plot([], [], color="white", lw=1.6, zorder=3)
        (self.start,) = ax.plot([], [], "o", color="white", mec="black", ms=6, zorder=4)
        (self.now,) = ax.plot([], [], "*", color=colors["active"], mec="black", ms=13, zorder=5)
        # No legend (a fifth of each redraw): the app's caption says what ○ and ★ are.
        ax.tick_params(labelsize=8)
        # Few ticks: every tick label is text to lay out on each redraw.
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        self.cbar = None
        if cbar_ax is not None:
            self.cbar = ax.figure.colorbar(self.image, cax=cbar_ax)
            self.cbar.set_label("log10 J", fontsize=8)
            self.cbar.locator = MaxNLocator(5)
            cbar_ax.tick_params(labelsize=7)
        self.title = ax.set_title("", fontsize=9)

    def update(self, model, title: str | None = None) -> None:
        """Show a :class:`~backprop_tutorial.models.network.SliceModel`."""
        z = np.log10(np.maximum(model.surface, 1e-12))
        self.image.set_data(z)
        self.image.set_extent(model.extent)
        lo, hi = float(z.min()), float(z.max())
        self.image.set_clim(lo, hi if hi > lo else lo + 1e-9)
        aa = model.alphas + model.current[0]
        bb = model.betas + model.current[1]
        self.contours.update_inside(aa, bb, z, 10)
        self.path.set_data(model.path[:, 0], model.path[:, 1])
        self.start.set_data([model.path[0, 0]], [model.path[0, 1]])
        self.now.set_data([model.current[0]], [model.current[1]])
        self.ax.set_xlim(model.extent[0], model.extent[1])
        self.ax.set_ylim(model.extent[2], model.extent[3])
        xl, yl = model.axis_labels
        self.ax.set_xlabel(xl, fontsize=9)
        self.ax.set_ylabel(yl, fontsize=9)
        if title is not None:
            self.title.set_text(title)


ACTIVATION_COLORS = {
    "sigmoid": "#1f77b4",
    "tanh": "#ff7f0e",
    "relu": "#2ca02c",
    "identity": "#7f7f7f",
}


class MeterView:
    """Grouped bars of mean ``|delta[l]|`` per layer, one colour per activation (log scale).

    Each activation's bars are one :class:`~matplotlib.collections.PolyCollection`
    (one artist instead of one patch per bar: a 30-layer meter redraws fast);
    :meth:`update` replaces the rectangles' vertices.
    """

    def __init__(self, ax, activations, max_layers: int):
        from matplotlib.collections import PolyCollection
        from matplotlib.patches import Patch

        self.ax = ax
        self.activations = list(activations)
        n = len(self.activations)
        self.width = 0.8 / n
        self.offsets = {
            act: (i - (n - 1) / 2) * self.width for i, act in enumerate(self.activations)
        }
        self.bars = {}
        for act in self.activations:
            coll = PolyCollection(
                [], facecolors=ACTIVATION_COLORS.get(act, "#333333"), edgecolors="none"
            )
            ax.add_collection(coll)
            self.bars[act] = coll
        ax.set_yscale("log")
        plain_log_axis(ax.yaxis)
        # Locators set once (not set_xticks per update): fewer tick objects to rebuild.
        from matplotlib.ticker import LogLocator, MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, min_n_ticks=1))
        ax.yaxis.set_major_locator(LogLocator(numticks=7))
        ax.set_xlabel("weight layer l (delta[l] = dJ/dS[l])", fontsize=9)
        ax.set_ylabel("mean |delta[l]|", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, axis="y", which="major", alpha=0.3)
        # Above the axes, right: tall bars leave no free corner inside.
        ax.legend(
            handles=[
                Patch(color=ACTIVATION_COLORS.get(a, "#333333"), label=a) for a in self.activations
            ],
            fontsize=8,
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncol=len(self.activations),
            frameon=False,
            borderaxespad=0.2,
        )
        self.title = ax.set_title("", fontsize=9, loc="left")

    def heights(self, activation: str) -> np.ndarray:
        """Top of each drawn bar (for tests)."""
        return np.array([p.vertices[:, 1].max() for p in self.bars[activation].get_paths()])

    def update(self, model) -> None:
        """Show a :class:`~backprop_tutorial.models.network.GradientMeterModel`."""
        L = model.depth + 1
        shown = {act: model.shown(act) for act in self.activations}
        lo = min(float(v.min()) for v in shown.values())
        hi = max(float(v.max()) for v in shown.values())
        # On a log scale a bar needs a positive bottom: just below the smallest value.
        bottom = 10 ** np.floor(np.log10(lo) - 0.5)
        half = self.width / 2
        for act in self.activations:
            x = np.arange(L) + self.offsets[act]  # delta[0] .. delta[L-1]
            verts = [
                [(xi - half, bottom), (xi - half, top), (xi + half, top), (xi + half, bottom)]
                for xi, top in zip(x, shown[act], strict=True)
            ]
            self.bars[act].set_verts(verts)
        self.ax.set_ylim(bottom, hi * 3)
        self.ax.set_xlim(-0.6, L - 0.4)
        self.title.set_text(
            f"mean |delta[l]| per layer: {model.depth} hidden layers of "
            f"width {model.width}, then one output neuron"
        )
