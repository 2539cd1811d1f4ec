"""The memo table filled step by step, as a scene: one stored ``δ`` per neuron.

Numpy-free data for :class:`~backprop_tutorial.ui.widgets.scene.SceneWidget`, from a
:class:`~backprop_tutorial.apps.memo_table.model.MemoTableModel`.  Each neuron with a weighted sum
shows its entry ``δ[l][j]`` (on neuron ``j`` of layer ``l + 1``, whose sum is
``S[l][j]``), the number of path-sum terms through it, and its value once computed
("—" before).  Frame ``k`` is the table after ``k`` steps; the panels show the step's
rule in numbers and the table itself.
"""

from __future__ import annotations

import html

from ...teaching.labels import sum_label, weight_label
from ...ui.shapes import node, scene, swatch
from ...ui.style import UNKNOWN
from ...ui.tables import HEAD, TABLE, box, table_row
from ..influence_paths.scene import layer_labels, network_edges, node_id, positions

COL_PX, ROW_PX, BOX_W, BOX_H = 150, 80, 100, 64


def _tip(model, key, value) -> str:
    l, j = key
    now = UNKNOWN + " (not computed yet)" if value is None else f"{value:.6g}"
    return (
        f"δ[{l}][{j}] = dJ/d{sum_label(l, j)} = {now}\n"
        f"backprop reads it {sum(model.reads[key])} times: {model.reads_detail(l, j)}\n"
        f"{model.reuse[key]:,} (parameter, path) terms of the path sum pass through "
        f"{sum_label(l, j)} ({model.terms_detail(l, j)}); each one recomputes this product"
    )


def memo_scene(model) -> dict:
    sizes = model.sizes
    pos, width, height = positions(sizes, COL_PX, ROW_PX, BOX_W)
    nodes = []
    for k in range(sizes[0]):
        name = f"a[0][{k}]"
        x_val = float(model.x[0, k])
        nodes.append(
            node(
                node_id(0, k),
                *pos[(0, k)],
                54,
                shape="circle",
                lines=[name],
                label=name,
                tip=f"{name} = x[{k}] = {x_val:g}: an input, it needs no δ",
                font_size=11.5,
            )
        )
    for key in model.order:
        l, j = key
        n_terms = model.reuse[key]
        nodes.append(
            node(
                node_id(l + 1, j),
                *pos[(l + 1, j)],
                BOX_W,
                BOX_H,
                lines=[f"δ[{l}][{j}]", f"{n_terms:,} terms", UNKNOWN],
                label=f"δ[{l}][{j}]",
                tip=_tip(model, key, None),
                line_height=17,
            )
        )
    nodes.append(node("J", *pos["J"], 46, 38, lines=["J"], label="J", tip="J: the cost"))
    labels = layer_labels(sizes, pos, height)
    legend = [
        "in each box: δ, the path-sum terms through its neuron, its value",
        "yellow = computed in this step",
        swatch("backward", "stored entries it reads (dashed arrows)", "dashed"),
        "red outline = stored, — = not computed yet",
    ]
    return scene(
        width,
        height,
        nodes,
        network_edges(sizes),
        labels=labels,
        panels=[{"id": "rule", "min_height": 64}, "table"],
        legend=legend,
        title="the memo table of the backward pass",
    )


def rule_html(model, state) -> str:
    done = (
        "<b>Table complete:</b> every gradient is now one lookup away "
        "(dJ/dW[l][j,k] = δ[l][j]·a[l][k]). "
        if state.complete
        else ""
    )
    return (
        f'<div class="bt-memo-rule">Step {state.step} of {model.n_steps}: '
        f'<span class="bt-rule bt-mono">{html.escape(state.text)}</span><br>'
        f"{done}Multiplications so far: {state.multiplications}</div>"
    )


def memo_frames(model) -> list:
    """One frame per step 0..n_steps."""
    L = model.net.L
    frames = []
    for step in range(model.n_steps + 1):
        state = model.state(step)
        nodes, edges = {}, {}
        for key, value in state.values.items():
            if value is None:
                continue
            nid = node_id(key[0] + 1, key[1])
            cls = "bt-active" if key == state.current else "bt-grad"
            nodes[nid] = {
                "cls": cls,
                "lines": [f"δ[{key[0]}][{key[1]}]", f"{model.reuse[key]:,} terms", f"{value:.3g}"],
                "tip": _tip(model, key, value),
            }
        for key in state.reads:
            nid = node_id(key[0] + 1, key[1])
            nodes[nid] = {**nodes[nid], "cls": "bt-upstream"}
        if state.current is not None:
            l, j = state.current
            if l == L - 1:
                edges[f"out{j}"] = "backward"
            for r in state.reads:
                edges[weight_label(r[0], r[1], j)] = "backward"
        frames.append(
            {
                "nodes": nodes,
                "edges": edges,
                "panels": {"rule": rule_html(model, state), "table": memo_table_html(model, state)},
            }
        )
    return frames


def memo_table_html(model, state) -> str:
    """The memo table: entry, value (or —), reads by backprop, path-sum terms through it."""
    head = [
        "entry δ[l][j] = dJ/dS[l][j]",
        "value",
        "times backprop reads it (= weights + bias + δ of the layer before)",
        "path-sum terms through S[l][j] (parameters × paths)",
    ]
    parts = [
        TABLE,
        table_row(head, header=True, style=HEAD),
    ]
    for key in model.order:
        v = state.values[key]
        style = (
            "background:var(--bt-active, #fff6b3)"
            if key == state.current
            else "background:var(--bt-grad_fill, #fbeee6)"
            if key in state.reads
            else ""
        )
        l, j = key
        parts.append(
            table_row(
                [
                    f"δ[{l}][{j}]",
                    UNKNOWN if v is None else f"{v:.4g}",
                    model.reads_text(l, j),
                    model.terms_text(l, j),
                ],
                style=style,
            )
        )
    parts.append("</table>")
    return box("".join(parts), cls="bt-memo-table")
