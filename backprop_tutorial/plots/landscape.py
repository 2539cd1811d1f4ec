"""The loss landscape J(w0, w1) of the chain network, and the loss curve of a descent.

:class:`LandscapeView` renders the static part (the image of J with a few contour
lines, axes, ticks, colour bar) once per grid, i.e. once per change of x or y (at
the next draw), into a raster that the visible figure shows as a single unresampled image.  A
move of w0 or w1 then only redraws that raster plus the point, the
negative-gradient arrow and the descent path: tick labels and the colour bar,
most of the cost of a matplotlib redraw, are not laid out again.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from .contours import ContourLines

AX_RECT = (0.13, 0.11, 0.68, 0.8)  # the landscape axes, in figure fractions
CBAR_RECT = (0.84, 0.11, 0.035, 0.8)


def _default_colors() -> dict:
    from ..widgets.base import COLORS

    return COLORS


class _Raster(AxesImage):
    """A full-figure image of pre-rendered pixels, rendered when it is drawn: after
    :meth:`invalidate` (new content) or when the figure's dpi changed since (ipympl
    raises the dpi on high-density screens).  Rendering at draw time keeps slider
    callbacks to model and artist updates; the pixels are made once per redraw."""

    def __init__(self, ax, render):
        super().__init__(ax, interpolation="none", extent=(0, 1, 0, 1), origin="upper")
        self.set_data(np.zeros((2, 2, 4), dtype=np.uint8))
        self.render = render
        self.dpi = None

    def invalidate(self) -> None:
        self.dpi = None
        self.stale = True

    def draw(self, renderer):
        if self.dpi != self.figure.dpi:
            self.render()
        super().draw(renderer)


class LandscapeView:
    """Image of J(w0, w1), current point, negative-gradient arrow, descent path.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The visible figure (an ipympl canvas in the apps).
    model : backprop_tutorial.models.LandscapeModel
    colors : dict, optional

    Attributes
    ----------
    image : AxesImage
        J on the grid, in the static figure ``static_fig`` (rendered into ``background``).
    point, path_line, start, arrow, title
        The artists that move, in the visible figure.
    """

    def __init__(self, fig, model, colors=None):
        self.fig = fig
        self.colors = dict(colors or _default_colors())
        self._build_static(model)
        # The visible figure: the static raster filling it, an invisible axes on top with
        # the same limits for the moving artists.
        self.bg_ax = fig.add_axes((0, 0, 1, 1))
        self.bg_ax.set_axis_off()
        self.background = _Raster(self.bg_ax, self._render_background)
        self.bg_ax.add_image(self.background)
        self.bg_ax.set_xlim(0, 1)
        self.bg_ax.set_ylim(0, 1)
        ax = self.ax = fig.add_axes(AX_RECT)
        ax.set_axis_off()
        ext = model.extent
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        (self.path_line,) = ax.plot(
            [], [], "-o", color="white", ms=2.5, lw=1.3, zorder=3, label="descent path"
        )
        (self.start,) = ax.plot([], [], "s", color="white", mec="black", ms=6, zorder=4)
        self.arrow = FancyArrowPatch(
            (0, 0),
            (0, 0),
            arrowstyle="-|>",
            mutation_scale=14,
            lw=2.0,
            color=self.colors["backward"],
            zorder=5,
        )
        ax.add_patch(self.arrow)
        (self.point,) = ax.plot(
            [], [], "o", color=self.colors["active"], mec="black", ms=9, zorder=6
        )
        self.title = fig.text(0.47, 0.955, "", ha="center", va="center", fontsize=10)
        self._grid_key = None
        self._pending_grid = None
        self.update(model)

    def _build_static(self, model) -> None:
        w, h = self.fig.get_size_inches()
        sfig = self.static_fig = Figure(figsize=(w, h), dpi=self.fig.dpi)
        FigureCanvasAgg(sfig)
        ax = self.static_ax = sfig.add_axes(AX_RECT)
        cax = self.static_cax = sfig.add_axes(CBAR_RECT)
        self._frame = None  # the static figure without the landscape, per dpi
        w0s, w1s, J = model.grid()
        ext = model.extent
        self.image = ax.imshow(
            J,
            extent=ext,
            origin="lower",
            cmap="viridis",
            aspect="auto",
            interpolation="bilinear",
            zorder=0,
        )
        cb = sfig.colorbar(self.image, cax=cax)
        cb.ax.tick_params(labelsize=8)
        cb.locator = MaxNLocator(5)
        cb.update_ticks()
        cb.set_label("J(w0, w1)", fontsize=9)
        self.contours = ContourLines(ax, colors="white", linewidths=0.6, alpha=0.55, zorder=1)
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        ax.set_xlabel("w0", fontsize=10)
        ax.set_ylabel("w1", fontsize=10)
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.yaxis.set_major_locator(MaxNLocator(6))

    def _draw_grid(self, model) -> None:
        # Only remember the grid: the static figure takes it when it is next rendered
        # (its colour bar re-lays itself out on every set_clim).
        self._pending_grid = model.grid()
        self._grid_key = model.grid_key
        self.background.invalidate()

    def _show_grid(self, w0s, w1s, J) -> None:
        self.image.set_data(J)
        lo, hi = float(J.min()), float(J.max())
        self.image.set_clim(lo, hi if hi > lo else lo + 1e-9)
        self.contours.update_inside(w0s, w1s, J, 7)

    def _render_frame(self) -> None:
        """Render the axes, ticks and labels alone, once per dpi: a new grid then only
        redraws the image, its contour lines and the colour bar over a copy of it."""
        sfig = self.static_fig
        changing = (self.image, self.contours.collection, *self._spines(), self.static_cax)
        sfig.set_dpi(self.fig.dpi)
        for artist in changing:
            artist.set_visible(False)
        sfig.canvas.draw()
        for artist in changing:
            artist.set_visible(True)
        self._frame = (self.fig.dpi, sfig.canvas.copy_from_bbox(sfig.bbox))

    def _spines(self) -> list:
        return list(self.static_ax.spines.values())

    def _render_background(self) -> None:
        if self._pending_grid is not None:
            self._show_grid(*self._pending_grid)
            self._pending_grid = None
        if self._frame is None or self._frame[0] != self.fig.dpi:
            self._render_frame()
        canvas = self.static_fig.canvas
        canvas.restore_region(self._frame[1])
        # In the order of a full draw: the image, its contours, then the spines on top.
        for artist in (self.image, self.contours.collection, *self._spines()):
            self.static_ax.draw_artist(artist)
        self.static_cax.draw(canvas.get_renderer())
        self.background.set_data(np.asarray(canvas.buffer_rgba()).copy())
        self.background.dpi = self.fig.dpi

    def update(self, model) -> None:
        """Show the model's grid (if it changed), point, arrow and path."""
        if model.grid_key != self._grid_key:
            self._draw_grid(model)
        w0, w1, J = model.point
        path = model.path
        self.path_line.set_data(path[:, 0], path[:, 1])
        self.start.set_data([path[0, 0]], [path[0, 1]])
        self.point.set_data([w0], [w1])
        d = model.arrow()
        self.arrow.set_positions((w0, w1), (w0 + d[0], w1 + d[1]))
        g = model.gradient
        self.title.set_text(
            f"J = {J:.4f} at (w0, w1) = ({w0:.2f}, {w1:.2f});  −∇J = ({-g[0]:.3g}, {-g[1]:.3g})"
        )


class LossCurveView:
    """The loss after each descent step."""

    def __init__(self, fig, model, colors=None):
        self.fig = fig
        self.colors = dict(colors or _default_colors())
        ax = self.ax = fig.add_axes((0.2, 0.17, 0.74, 0.72))
        (self.line,) = ax.plot([], [], "-o", ms=3, lw=1.5, color=self.colors["forward"])
        ax.set_xlabel("step", fontsize=10)
        ax.set_ylabel("J", fontsize=10)
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        self.title = ax.set_title("", fontsize=10)
        self.update(model)

    def update(self, model) -> None:
        losses = model.losses
        steps = np.arange(len(losses))
        self.line.set_data(steps, losses)
        self.ax.set_xlim(0, max(20, len(losses) - 1))
        top = float(losses.max()) if len(losses) else 1.0
        self.ax.set_ylim(0, top * 1.1 if top > 0 else 1.0)
        self.title.set_text(f"loss curve: {model.n_taken} steps, J = {losses[-1]:.4f}")
