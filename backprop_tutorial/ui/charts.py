"""Charts as data for :class:`backprop_tutorial.ui.widgets.plot.PlotWidget`.

Builders return plain dictionaries (JSON-ready: lists of floats, None for NaN), so tests
check exactly what the browser draws.  Coordinates of axes are pixels of the figure;
layer coordinates are data units.  Colour maps are sampled from matplotlib's (only when
asked for, so importing this module loads no matplotlib).
"""

from __future__ import annotations

import functools

import numpy as np

from .scale import tick_text, ticks

_DIGITS = 6  # significant enough for pixels; keeps the messages small


def values(a) -> list:
    """A flat list of rounded floats; NaN and infinities become None (JSON null).

    Values of 0.01 and more keep ``_DIGITS`` decimals; smaller ones ``_DIGITS``
    significant digits (a log-scale bar of 1e-9 must not arrive as 0).
    """
    a = np.asarray(a, dtype=float).ravel()
    out = np.round(a, _DIGITS).tolist()
    with np.errstate(invalid="ignore"):
        small = np.flatnonzero((np.abs(a) < 1e-2) & (a != 0))
    for i in small:
        out[i] = float(f"{a[i]:.{_DIGITS}g}")
    if not np.isfinite(a).all():
        bad = ~np.isfinite(a)
        for i in np.flatnonzero(bad):
            out[i] = None
    return out


# matplotlib's viridis sampled at 64 points (what cmap('viridis') returns), kept here so
# that the default colour map needs no matplotlib import.
VIRIDIS = (
    "#440154",
    "#46075a",
    "#470d60",
    "#471365",
    "#48186a",
    "#481d6f",
    "#482374",
    "#482878",
    "#472d7b",
    "#46327e",
    "#453781",
    "#443b84",
    "#424086",
    "#404588",
    "#3e4989",
    "#3d4e8a",
    "#3a538b",
    "#38588c",
    "#365c8d",
    "#34608d",
    "#32648e",
    "#31688e",
    "#2f6c8e",
    "#2d708e",
    "#2c738e",
    "#2a778e",
    "#297b8e",
    "#277f8e",
    "#26828e",
    "#24868e",
    "#238a8d",
    "#218e8d",
    "#20928c",
    "#1f968b",
    "#1f9a8a",
    "#1f9e89",
    "#1fa187",
    "#21a585",
    "#23a983",
    "#26ad81",
    "#2ab07f",
    "#2fb47c",
    "#35b779",
    "#3bbb75",
    "#42be71",
    "#4ac16d",
    "#52c569",
    "#5ac864",
    "#65cb5e",
    "#6ece58",
    "#77d153",
    "#81d34d",
    "#8bd646",
    "#95d840",
    "#a0da39",
    "#aadc32",
    "#b5de2b",
    "#c0df25",
    "#cae11f",
    "#d5e21a",
    "#dfe318",
    "#eae51a",
    "#f4e61e",
    "#fde725",
)


@functools.lru_cache(maxsize=16)
def cmap(name: str = "viridis", n: int = 64) -> tuple:
    """``n`` colours of a matplotlib colour map, as hex strings (low to high)."""
    if name == "viridis" and n == len(VIRIDIS):
        return VIRIDIS
    import matplotlib
    from matplotlib.colors import to_hex

    m = matplotlib.colormaps[name]
    return tuple(to_hex(m(t)) for t in np.linspace(0, 1, n))


def axes(
    id: str,
    x: float,
    y: float,
    w: float,
    h: float,
    xlim,
    ylim,
    *,
    xscale="linear",
    yscale="linear",
    xlabel="",
    ylabel="",
    title="",
    grid=False,
    xticks=None,
    yticks=None,
    xticklabels=None,
    yticklabels=None,
    n_xticks=5,
    n_yticks=5,
    hidden=False,
    ylabel_offset=None,
    font_size=None,
) -> dict:
    """An axes box at pixel position ``(x, y)`` (top left) of size ``w`` x ``h``.

    ``ylabel`` is written horizontally above the axis, never rotated.  Ticks not given are
    computed here (:func:`backprop_tutorial.ui.scale.ticks`, about ``n_xticks`` and
    ``n_yticks`` of them), so the browser draws exactly the ticks sent.
    """
    _check_limits("xlim", xlim, xscale)
    _check_limits("ylim", ylim, yscale)
    out = {
        "id": id,
        "x": float(x),
        "y": float(y),
        "w": float(w),
        "h": float(h),
        "xlim": [float(v) for v in xlim],
        "ylim": [float(v) for v in ylim],
        "xscale": xscale,
        "yscale": yscale,
        "xlabel": xlabel,
        "ylabel": ylabel,
        "title": title,
        "grid": bool(grid),
        "hidden": bool(hidden),
    }
    out["xticks"], out["xticklabels"] = _ticks(xticks, xticklabels, xscale, xlim, n_xticks)
    out["yticks"], out["yticklabels"] = _ticks(yticks, yticklabels, yscale, ylim, n_yticks)
    out.update(_given(ylabel_offset=ylabel_offset, font_size=font_size))
    return out


def _check_limits(name: str, lim, scale: str) -> None:
    lo, hi = (float(v) for v in lim)
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        raise ValueError(f"{name} must be two finite increasing numbers, got {lim}")
    if scale == "log" and lo <= 0:
        raise ValueError(f"{name} of a log axis must be positive, got {lim}")


def _ticks(given, labels, scale: str, lim, n: int) -> tuple:
    """One axis's tick positions and labels: computed when not given, labelled when
    only the positions are given."""
    if given is None:
        given, auto = ticks(float(lim[0]), float(lim[1]), scale, n)
        labels = auto if labels is None else labels
    elif labels is None:
        given = [float(v) for v in given]
        step = given[1] - given[0] if len(given) > 1 else None
        labels = [tick_text(v, None if scale == "log" else step) for v in given]
    return [float(v) for v in given], list(labels)


def figure(width: float, height: float, axes_list, *, legend=(), title: str = "") -> dict:
    """A figure of ``width`` x ``height`` pixels (full scale; it shrinks to fit)."""
    return {
        "width": float(width),
        "height": float(height),
        "axes": list(axes_list),
        "legend": list(legend),
        "title": title,
    }


def legend_item(text: str, color: str, *, dash: bool = False, marker: str | None = None) -> dict:
    return {"text": text, "color": color, "dash": dash, "marker": marker}


def _given(**fields) -> dict:
    """The fields that have a value: None means "the browser's default", so it is not sent."""
    return {k: v for k, v in fields.items() if v is not None}


def _layer(kind: str, axes_id, z, **fields) -> dict:
    out = {"type": kind, "z": z}
    if axes_id is not None:
        out["axes"] = axes_id
    out.update(_given(**fields))
    return out


def _color_range(Z: np.ndarray, vmin, vmax) -> tuple:
    """The values the colour map's ends stand for: those given, else the finite range
    of ``Z`` (0 and 1 when it has no finite value)."""
    finite = Z[np.isfinite(Z)]
    lo = float(finite.min()) if vmin is None and finite.size else float(vmin or 0.0)
    hi = float(finite.max()) if vmax is None and finite.size else float(vmax or 1.0)
    return lo, hi


def _listed(items):
    """``items`` as a list, None staying None (a field the layer leaves out)."""
    return None if items is None else list(items)


def image(
    Z, extent, *, vmin=None, vmax=None, colors=None, axes=None, z=0, smooth=True, alpha=None
) -> dict:
    """A heat map of ``Z`` (shape ``(ny, nx)``, row 0 at the bottom) over ``extent``
    = ``(x0, x1, y0, y1)``."""
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2:
        raise ValueError(f"an image needs a 2-D array, got shape {Z.shape}")
    lo, hi = _color_range(Z, vmin, vmax)
    return _layer(
        "image",
        axes,
        z,
        values=values(Z),
        shape=list(Z.shape),
        extent=[float(v) for v in extent],
        vmin=lo,
        vmax=hi,
        cmap=list(colors or cmap()),
        smooth=smooth,
        alpha=alpha,
    )


def line(
    x,
    y,
    *,
    color="#222222",
    width=2.0,
    dash=None,
    marker=None,
    size=None,
    axes=None,
    z=2,
    opacity=None,
) -> dict:
    return _layer(
        "line",
        axes,
        z,
        x=values(x),
        y=values(y),
        color=color,
        width=width,
        dash=dash,
        marker=marker,
        size=size,
        opacity=opacity,
    )


def scatter(
    x,
    y,
    *,
    color="#222222",
    colors=None,
    marker="circle",
    markers=None,
    size=4.0,
    edge="#ffffff",
    axes=None,
    z=3,
    opacity=None,
) -> dict:
    return _layer(
        "scatter",
        axes,
        z,
        x=values(x),
        y=values(y),
        color=color,
        colors=_listed(colors),
        marker=marker,
        markers=_listed(markers),
        size=size,
        edge=edge,
        opacity=opacity,
    )


def arrow(x0, y0, x1, y1, *, color="#222222", width=2.5, head=11, axes=None, z=4) -> dict:
    return _layer(
        "arrow",
        axes,
        z,
        x0=float(x0),
        y0=float(y0),
        x1=float(x1),
        y1=float(y1),
        color=color,
        width=width,
        head=head,
    )


def bars(
    x,
    height,
    *,
    color="#222222",
    colors=None,
    bar_width=0.8,
    bottom=None,
    labels=None,
    edge=None,
    axes=None,
    z=1,
    opacity=None,
) -> dict:
    return _layer(
        "bars",
        axes,
        z,
        x=values(x),
        height=values(height),
        color=color,
        colors=_listed(colors),
        bar_width=bar_width,
        bottom=bottom,
        labels=_listed(labels),
        edge=edge,
        opacity=opacity,
    )


def text(
    x,
    y,
    s: str,
    *,
    color="#222222",
    anchor="start",
    size=None,
    weight=None,
    coords="data",
    axes=None,
    z=5,
) -> dict:
    return _layer(
        "text",
        axes,
        z,
        x=float(x),
        y=float(y),
        text=str(s),
        color=color,
        anchor=anchor,
        size=size,
        weight=weight,
        coords=coords,
    )


def hline(value, *, color="#555555", width=1.0, dash=None, axes=None, z=1) -> dict:
    return _layer("hline", axes, z, value=float(value), color=color, width=width, dash=dash)


def vline(value, *, color="#555555", width=1.0, dash=None, axes=None, z=1) -> dict:
    return _layer("vline", axes, z, value=float(value), color=color, width=width, dash=dash)


def colorbar(*, colors=None, axes=None, z=0) -> dict:
    """Fills its axes with the colour map, low at the bottom (give the axes the limits)."""
    return _layer("colorbar", axes, z, cmap=list(colors or cmap()))


def cells(
    Z,
    *,
    vmin=None,
    vmax=None,
    colors=None,
    labels=None,
    text_colors=None,
    grid=True,
    axes=None,
    z=0,
) -> dict:
    """A matrix of coloured cells filling its axes, row 0 at the top, optional labels."""
    Z = np.asarray(Z, dtype=float)
    lo, hi = _color_range(Z, vmin, vmax)
    return _layer(
        "cells",
        axes,
        z,
        values=values(Z),
        shape=list(Z.shape),
        vmin=lo,
        vmax=hi,
        cmap=list(colors or cmap()),
        grid=grid,
        text=None if labels is None else [str(t) for t in np.ravel(labels)],
        text_colors=None if text_colors is None else list(np.ravel(text_colors)),
    )


def contour_segments(x, y, Z, levels) -> list:
    """Contour lines of ``Z`` on the grid ``x`` (nx,), ``y`` (ny,) as flat polylines
    ``[x0, y0, x1, y1, ...]``, one list per piece (for :func:`segments`)."""
    import contourpy

    Z = np.asarray(Z, dtype=float)
    gen = contourpy.contour_generator(
        np.asarray(x, float), np.asarray(y, float), Z, line_type=contourpy.LineType.Separate
    )
    out = []
    for level in np.atleast_1d(levels):
        for seg in gen.lines(float(level)):
            out.append(np.round(seg, 5).ravel().tolist())
    return out


def segments(segs, *, color="#ffffff", width=1.0, opacity=0.8, dash=None, axes=None, z=1) -> dict:
    return _layer(
        "segments",
        axes,
        z,
        segments=list(segs),
        color=color,
        width=width,
        opacity=opacity,
        dash=dash,
    )
