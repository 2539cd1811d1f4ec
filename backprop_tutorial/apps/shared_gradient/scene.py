"""Notebook 2's shared delta as a scene: two chosen weights, each with its own colour
and shape, their paths to J, and the delta ``δ[l][j]`` both gradients need, drawn in
the shared factor's purple with a ★.  Numpy only.
"""

from __future__ import annotations

import html

from ...ui.network_scene import (
    D_NODE,
    FONT,
    MARGIN,
    _chosen_font,
    _widen,
    surgery_edges,
    surgery_geometry,
    surgery_headers,
    surgery_nodes,
    text_width,
)
from ...ui.shapes import label, scene, swatch
from ...ui.style import COLORS

_PATH_CLASS = {
    "first": "bt-first-path",
    "second": "bt-second-path",
    "shared": "bt-shared-path",
    "meeting": "bt-meeting",
}


def _shape_key(shape: str, fill: str, text: str, color: str = "#fff") -> str:
    radius = "2px" if shape == "square" else "0"
    turn = "transform:rotate(45deg);" if shape == "diamond" else ""
    return (
        f'<span style="display:inline-block;width:12px;height:12px;background:{fill};'
        f'border:1px solid #222;border-radius:{radius};{turn}margin:0 6px -2px 0"></span>'
        f'<b style="color:{"#222222" if color == "#fff" else color}">{html.escape(text)}</b>'
    )


def shared_legend() -> list:
    return [
        _shape_key("square", COLORS["first"], "1") + " weight 1, its own path solid",
        _shape_key("diamond", COLORS["second"], "2") + " weight 2, its own path dashed",
        '<span class="bt-shared-text">thick ring</span>: the delta both need, computed once',
        swatch("shared", "edges and nodes both paths share"),
    ]


def shared_scene(model) -> dict:
    """The surgery picture of a
    :class:`~backprop_tutorial.apps.shared_gradient.model.SharedGradientModel`: the chosen
    weights drawn large (square "1", diamond "2"), nodes on one weight's own path with a
    ring in its colour (solid or dashed), the shared delta with a thick ring and a star."""
    pic = model.picture
    pos, width, height = surgery_geometry(pic, model.sizes)
    chosen = {model.first: "first", model.second: "second"}
    tips = {n.name: model.node_tip(n.name) for n in pic.nodes}
    nodes = surgery_nodes(pic, pos, chosen, tips, model.sizes)
    a, b = (next(n for n in nodes if n["id"] == w) for w in (model.first, model.second))
    apart = max(abs(a["x"] - b["x"]), abs(a["y"] - b["y"]))
    if apart < (a["w"] + b["w"]) / 2 + 1.5:  # neighbours: both shrink to fit
        for n, role in ((a, "first"), (b, "second")):
            n["w"] = n["h"] = max(8.0, min(n["w"], apart - 1.5))
            n["font_size"] = _chosen_font(role, n["w"])
    for n in nodes:
        role = model.roles.get(n["id"])
        if role in _PATH_CLASS and n["id"] not in chosen:
            n["cls"] += " " + _PATH_CLASS[role]
            if role == "meeting":
                n["lines"] = [n["lines"][0], "★"]
                n["line_height"] = 11
                n["font_size"] = 10.5
    labels = surgery_headers(pic, pos, model.sizes)
    if model.meeting:
        xs = [pos[n][0] for n in model.meeting]
        # Under the whole picture, in the meeting column: never across other nodes.
        low = max(y for _, y in pos.values())
        text = f"★ {model.meeting_text()}"
        x = sum(xs) / len(xs)
        half = text_width(text, FONT) / 2
        x = min(max(x, MARGIN + half), width - MARGIN - half)
        labels.append(
            label(
                text, x, low + D_NODE / 2 + 16, size=FONT, cls="bt-strong", color=COLORS["shared"]
            )
        )
        height = max(height, low + D_NODE / 2 + 26)
    return scene(
        _widen(width, labels),
        height,
        nodes,
        surgery_edges(pic),
        labels=labels,
        panels=[{"id": "explain", "min_height": 72}],
        legend=shared_legend(),
        title="two weights, the delta they share",
    )


def shared_frame(model) -> dict:
    """The one frame: edges coloured by path role, and the gradients in numbers."""
    edges = {f"{s}->{d}": role for (s, d), role in model.edge_roles().items()}
    body = "<br>".join(html.escape(line) for line in model.explain())
    panel = (
        f'<div class="bt-mono bt-shared-panel" style="border-left:4px solid {COLORS["shared"]};'
        f'padding:4px 10px;font-size:13px">{body}</div>'
    )
    return {"nodes": {}, "edges": edges, "panels": {"explain": panel}}
