"""Notebook 3's network pictures as scenes: the paths from one weight (influence paths).

Numpy-free data for :class:`~backprop_tutorial.ui.widgets.scene.SceneWidget`.  Neuron layers
run left to right, the cost ``J`` at the right end.  Node ids are ``n{layer}_{neuron}``
and ``J``; edge ids are the weights' labels (``W[l][j,k]``) and ``out{j}`` (output
``j`` to the cost).  Frame 0 shows every path of the weight at once (an edge is
thicker the more paths use it); frame ``p`` shows path number ``p``.
"""

from __future__ import annotations

import html

from ...teaching.labels import weight_label
from ...ui.shapes import edge, label, node, scene, swatch
from .model import node_label

COL_PX, ROW_PX, NODE_D, MARGIN = 132, 62, 52, 18
LABEL_ROW = 26  # room under the neurons for the layer names
COST_W, COST_H = 46, 38


def node_id(layer: int, neuron: int) -> str:
    return f"n{layer}_{neuron}"


def positions(sizes, col_px: float = COL_PX, row_px: float = ROW_PX, node_w: float = NODE_D):
    """``(layer, neuron) -> (x, y)`` in pixels, plus ``"J"``; and the picture's size.

    Layers are columns, each centred vertically; neuron 0 at the top.
    """
    tallest = max(sizes)
    pos = {}
    for l, n in enumerate(sizes):
        for j in range(n):
            pos[(l, j)] = (
                MARGIN + node_w / 2 + l * col_px,
                MARGIN + row_px / 2 + ((tallest - n) / 2 + j) * row_px,
            )
    L = len(sizes) - 1
    cost_x = MARGIN + node_w / 2 + L * col_px + col_px * 0.75
    pos["J"] = (cost_x, MARGIN + row_px / 2 + (tallest - 1) / 2 * row_px)
    width = cost_x + COST_W / 2 + MARGIN
    height = MARGIN + tallest * row_px + LABEL_ROW + MARGIN / 2
    return pos, width, height


def network_edges(sizes) -> list:
    """Every weight ``W[l][j,k]`` as an edge, then every output to the cost."""
    L = len(sizes) - 1
    out = [
        edge(weight_label(l, j, k), node_id(l, k), node_id(l + 1, j))
        for l in range(L)
        for j in range(sizes[l + 1])
        for k in range(sizes[l])
    ]
    out += [edge(f"out{j}", node_id(L, j), "J") for j in range(sizes[L])]
    return out


def layer_labels(sizes, pos, height) -> list:
    L = len(sizes) - 1
    y = height - MARGIN / 2 - 6
    out = [
        label("input a[0]" if l == 0 else f"layer {l}", pos[(l, 0)][0], y, size=12)
        for l in range(L + 1)
    ]
    out.append(label("cost", pos["J"][0], y, size=12))
    return out


def path_edges(model, p: int) -> list:
    """Edge ids of path ``p`` after the weight: ``W[m][i,i']`` ..., then ``out{i}``."""
    nodes = model.nodes(p)
    ids = [weight_label(l, n2, n1) for (l, n1), (_, n2) in zip(nodes[1:-1], nodes[2:], strict=True)]
    return ids + [f"out{nodes[-1][1]}"]


def influence_scene(model) -> dict:
    """The static picture for an :class:`.model.InfluencePathsModel`'s
    network and weight (tips say how many of the weight's paths use each neuron)."""
    sizes = model.sizes
    pos, width, height = positions(sizes)
    through = model.through()
    nodes = []
    for (l, j), (x, y) in ((k, v) for k, v in pos.items() if k != "J"):
        name = node_label(l, j) if l else f"a[0][{j}]"
        c = through.get((l, j), 0)
        uses = (
            f"{c} of the {model.count} paths of {model.label} pass through it"
            if c
            else f"no path of {model.label} passes through it"
        )
        where = "an input" if l == 0 else f"the weighted sum of neuron {j} of layer {l}"
        nodes.append(
            node(
                node_id(l, j),
                x,
                y,
                NODE_D,
                shape="circle",
                lines=[name],
                label=name,
                tip=f"{name}: {where}\n{uses}",
                font_size=11.5,
            )
        )
    nodes.append(node("J", *pos["J"], COST_W, COST_H, lines=["J"], label="J", tip="J: the cost"))
    legend = [
        swatch("param", f"the weight {model.label}", "dotted"),
        swatch("path", "the path shown (its neurons are yellow)"),
        "path 0: all paths at once, an edge thicker the more paths use it",
    ]
    return scene(
        width,
        height,
        nodes,
        network_edges(sizes),
        labels=layer_labels(sizes, pos, height),
        panels=[{"id": "paths", "min_height": 46}],
        legend=legend,
        title=f"paths from {model.label} to the cost",
    )


def _info_html(model) -> str:
    check = (
        '<b class="bt-ok">✓ matches</b>'
        if model.matches
        else '<b class="bt-bad">✗ does NOT match</b>'
    )
    return (
        f'<div class="bt-paths-info"><b>{html.escape(model.label)}</b> reaches the cost along '
        f'<b class="bt-count">{model.count:,}</b> paths. Formula: '
        f"{html.escape(model.formula_text)} — {check} the {model.count:,} paths listed.</div>"
    )


def influence_frames(model) -> list:
    """Frame 0: every path at once; frame ``p`` (1..count): path ``p`` alone."""
    info = _info_html(model)
    weight_edge = weight_label(model.layer, model.j, model.k)
    ends = {node_id(model.layer, model.k): {"cls": "bt-active"}}
    ends[node_id(model.layer + 1, model.j)] = {"cls": "bt-active"}
    # Frame 0: how many paths use each edge sets its width.
    uses: dict = {}
    for p in range(1, model.count + 1):
        for e in path_edges(model, p):
            uses[e] = uses.get(e, 0) + 1
    edges0 = {
        e: {"cls": "path", "width": round(1.5 + 4.5 * c / model.count, 2)} for e, c in uses.items()
    }
    edges0[weight_edge] = {"cls": "param", "width": 5}
    nodes0 = {node_id(l, n): {"cls": "bt-value"} for (l, n) in model.through()}
    nodes0.update(ends)
    frames = [
        {
            "nodes": nodes0,
            "edges": edges0,
            "panels": {
                "paths": info
                + f'<div class="bt-path-line">path 0: all {model.count:,} paths at once. '
                "Move the <b>path</b> slider (or press ▶) to see them one by one.</div>"
            },
        }
    ]
    for p in range(1, model.count + 1):
        edges = dict.fromkeys(path_edges(model, p), "path")
        edges[weight_edge] = {"cls": "param", "width": 5}
        nodes = {node_id(l, n): {"cls": "bt-active"} for l, n in model.nodes(p)}
        text = html.escape(model.describe(p))
        frames.append(
            {
                "nodes": nodes,
                "edges": edges,
                "panels": {
                    "paths": info
                    + f'<div class="bt-path-line">path {p} of {model.count:,}: {text}</div>'
                },
            }
        )
    return frames
