"""The scene format shared by every browser-side picture (see ``widgets/scene.js``).

Coordinates are pixels in the scene's own frame (``width`` x ``height``); the browser
scales the whole picture down to fit narrower output areas, never clips it.
"""

from __future__ import annotations

import html

from .style import COLORS


def node(
    id: str,
    x: float,
    y: float,
    w: float,
    h: float | None = None,
    *,
    shape: str = "rect",
    lines=None,
    n_lines: int | None = None,
    label: str | None = None,
    tip: str | None = None,
    cls: str = "",
    fill: str | None = None,
    font_size: float | None = None,
    line_height: float | None = None,
    rx: float | None = None,
) -> dict:
    """One node: a rounded box (``shape="rect"``, corner radius ``rx``, default 6), a
    circle of diameter ``w`` (``"circle"``) or a diamond ``w`` x ``h`` (``"diamond"``)."""
    out = {
        "id": id,
        "x": round(float(x), 2),
        "y": round(float(y), 2),
        "w": float(w),
        "h": float(w if h is None else h),
        "shape": shape,
        "cls": cls,
    }
    for key, value in (
        ("lines", lines),
        ("n_lines", n_lines),
        ("label", label),
        ("tip", tip),
        ("fill", fill),
        ("font_size", font_size),
        ("line_height", line_height),
        ("rx", rx),
    ):
        if value is not None:
            out[key] = list(value) if key == "lines" else value
    return out


def edge(
    id: str,
    source: str,
    target: str,
    *,
    bend: float = 0.0,
    width: float | None = None,
    color: str | None = None,
    dash: str | None = None,
    label: str | None = None,
    cls: str = "",
    arrow: bool = True,
    tip: str | None = None,
) -> dict:
    """A directed edge ``source -> target``; ``bend`` curves it (fraction of its length).

    ``arrow=False`` draws it without an arrowhead (e.g. the first half of an edge that
    runs through a node drawn on it); ``tip`` is its hover text.
    """
    out = {"id": id, "source": source, "target": target, "cls": cls}
    if not arrow:
        out["arrow"] = False
    for key, value in (
        ("bend", bend or None),
        ("width", width),
        ("color", color),
        ("dash", dash),
        ("label", label),
        ("tip", tip),
    ):
        if value is not None:
            out[key] = value
    return out


def label(
    text: str,
    x: float,
    y: float,
    *,
    anchor: str = "middle",
    size: float | None = None,
    cls: str = "",
    color: str | None = None,
) -> dict:
    out = {
        "text": text,
        "x": round(float(x), 2),
        "y": round(float(y), 2),
        "anchor": anchor,
        "cls": cls,
    }
    if size is not None:
        out["size"] = size
    if color is not None:
        out["color"] = color
    return out


def scene(
    width: float,
    height: float,
    nodes,
    edges=(),
    *,
    labels=(),
    panels=(),
    panels_at: str = "below",
    legend=(),
    title: str = "",
    arrows: bool = True,
) -> dict:
    """A whole scene.

    Parameters
    ----------
    width, height : float
        Size in pixels at full scale.
    panels : sequence of str or dict
        Panel ids (``{"id": ..., "min_height": px}``) whose HTML each frame supplies.
    panels_at : {"below", "right"}
        Where the panels go (beside the picture wraps below it on narrow screens).
    legend : sequence of str
        HTML snippets shown under the picture.
    """
    return {
        "width": float(width),
        "height": float(height),
        "nodes": list(nodes),
        "edges": list(edges),
        "labels": list(labels),
        "panels": [p if isinstance(p, dict) else {"id": p} for p in panels],
        "panels_at": panels_at,
        "legend": list(legend),
        "title": title,
        "arrows": arrows,
    }


def swatch(role: str, text: str, line: str = "solid") -> str:
    """A legend entry: a short line in the role's colour and style, then the text."""
    color = COLORS.get(role, role)
    return (
        f'<span style="display:inline-block;width:22px;border-top:3px {line} {color};'
        f'vertical-align:middle;margin-right:5px"></span>{html.escape(text)}'
    )
