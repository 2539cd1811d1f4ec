"""Geometry checks for browser-side scenes (used by the picture tests): nodes that
overlap, labels that do not fit in their node."""

from __future__ import annotations

import itertools

from backprop_tutorial.ui.network_scene import fits_in_circle, text_width


def boxes(scene: dict) -> dict:
    return {
        n["id"]: (
            n["x"] - n["w"] / 2,
            n["y"] - n["h"] / 2,
            n["x"] + n["w"] / 2,
            n["y"] + n["h"] / 2,
        )
        for n in scene["nodes"]
    }


def overlapping_nodes(scene: dict, gap: float = 1.0) -> list:
    """Pairs of node ids whose bounding boxes come closer than ``gap`` pixels."""
    out = []
    for (i, p), (j, q) in itertools.combinations(boxes(scene).items(), 2):
        if p[0] < q[2] + gap and q[0] < p[2] + gap and p[1] < q[3] + gap and q[1] < p[3] + gap:
            out.append((i, j))
    return out


def misfit_labels(scene: dict, frames=()) -> list:
    """Node texts (static, or of any frame) wider than their node."""
    bad = []
    for n in scene["nodes"]:
        size = n.get("font_size") or 13
        lh = n.get("line_height") or 15
        sets = [n.get("lines")] + [f.get("nodes", {}).get(n["id"], {}).get("lines") for f in frames]
        for lines in sets:
            if not lines:
                continue
            if n["shape"] == "circle":
                ok = fits_in_circle(lines, n["w"], size, lh)
            elif n["shape"] == "diamond":
                ok = len(lines) == 1 and text_width(lines[0], size) <= n["w"] * (1 - size / n["h"])
            else:
                ok = all(text_width(t, size) <= n["w"] - 2 for t in lines)
                ok = ok and (len(lines) - 1) * lh + size <= n["h"] + 1
            if not ok:
                bad.append((n["id"], lines, n["w"]))
    return bad


def overlapping_labels(scene: dict) -> list:
    """Pairs of scene labels (headers) on one line whose text boxes overlap."""
    spans = []
    for t in scene["labels"]:
        w = text_width(t["text"], t.get("size") or 12)
        x0 = {"start": t["x"], "end": t["x"] - w}.get(t["anchor"], t["x"] - w / 2)
        spans.append((t["text"], round(t["y"]), x0, x0 + w))
    return [
        (a[0], b[0])
        for a, b in itertools.combinations(spans, 2)
        if a[1] == b[1] and a[2] < b[3] + 2 and b[2] < a[3] + 2
    ]


def inside(scene: dict) -> list:
    """Nodes and labels that stick out of the scene's width and height."""
    out = [
        n["id"]
        for n in scene["nodes"]
        if n["x"] - n["w"] / 2 < 0
        or n["x"] + n["w"] / 2 > scene["width"]
        or n["y"] - n["h"] / 2 < 0
        or n["y"] + n["h"] / 2 > scene["height"]
    ]
    for t in scene["labels"]:
        w = text_width(t["text"], t.get("size") or 12)
        x0 = {"start": t["x"], "end": t["x"] - w}.get(t["anchor"], t["x"] - w / 2)
        if x0 < 0 or x0 + w > scene["width"] or t["y"] > scene["height"]:
            out.append(t["text"])
    return out
