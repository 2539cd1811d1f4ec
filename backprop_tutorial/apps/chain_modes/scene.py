"""Frames of a forward-mode pass over the same scene as the backward pass.

The static picture is :func:`backprop_tutorial.apps.graph_stepper.scene.graph_scene`; each box's
third line shows the node's tangent ``d(node)/dθ`` for the seeded parameter θ
(instead of the gradient), and the edges the current step multiplies along are drawn
as forward edges.
"""

from __future__ import annotations

import html

from ...ui.style import UNKNOWN, fmt, var
from ..graph_stepper.scene import edge_id
from .model import ChainModesModel

_STATUS_CLASS = {"active": "bt-active", "grad": "bt-grad", "value": "bt-value", "idle": "bt-idle"}


def tangent_tip(model, name: str) -> str:
    n = model.trace[name]
    value, tangent = model.node_text(name)
    lines = [name if n.is_leaf else f"{name} = {n.formula}", f"value: {value}"]
    if tangent == "held fixed":
        lines.append("held fixed: tangent 0 in every pass")
    else:
        lines.append(f"d{name}/d{model.seed}: {tangent}")
    return "\n".join(lines)


def tangent_frame(model, panels=None) -> dict:
    """The frame for a :class:`~backprop_tutorial.apps.chain_modes.model.TangentStepperModel`."""
    nodes = {}
    for n in model.trace.nodes:
        value, tangent = model.node_text(n.name)
        third = tangent if tangent == "held fixed" else f"d/d{model.seed} {tangent}"
        nodes[n.name] = {
            "cls": _STATUS_CLASS[model.node_status(n.name)],
            "lines": [n.name, f"= {value}", third],
            "tip": tangent_tip(model, n.name),
        }
    edges = {edge_id(*e): "forward" for e in model.active_edges()}
    out = {"nodes": nodes, "edges": edges, "panels": {}}
    for pid, fn in (panels or {"step": tangent_panel_html}).items():
        out["panels"][pid] = fn(model)
    return out


def tangent_frames(model, panels=None) -> list:
    """Frames for every step ``0..n_steps`` (the model's step is restored)."""
    k = model.k
    frames = []
    try:
        for step in range(model.n_steps + 1):
            model.set_step(step)
            frames.append(tangent_frame(model, panels))
    finally:
        model.set_step(k)
    return frames


def tangent_panel_html(model) -> str:
    """The step panel: the rule and its numbers (local × tangent + ...)."""
    text = model.describe()
    color = var("forward")
    e = html.escape
    return (
        f'<div class="bt-step-panel" style="border-left:4px solid {color};padding:4px 10px">'
        f'<div style="color:{color};font-weight:bold">{e(text.title)}</div>'
        f'<div class="bt-mono">{e(text.rule)}</div>'
        f'<div class="bt-mono" style="font-size:15px">{e(text.numbers)}</div>'
        f'<div style="color:{var("muted")}">{e(text.note)}</div></div>'
    )


def tally_html(model: ChainModesModel) -> str:
    """Every pass, what it gave, what it cost; the chosen one in bold."""
    mode = model.params()["mode"]
    rows = []
    for r in model.rows():
        weight = "bold" if r.mode == mode else "normal"
        mark = "▶ " if r.mode == mode else ""
        rows.append(
            f"<tr style='font-weight:{weight}'><td>{mark}{html.escape(r.label)}</td>"
            f"<td>{r.steps}</td><td>{r.multiplications}</td>"
            f"<td>{fmt(r.dJ_dw0, '.6g')}</td><td>{fmt(r.dJ_dw1, '.6g')}</td></tr>"
        )
    t = model.totals()
    return (
        "<table class='bt-tally' style='font-size:13.5px;border-collapse:collapse'>"
        "<tr><th style='text-align:left'>pass</th><th>steps</th><th>products</th>"
        "<th>dJ/dw0</th><th>dJ/dw1</th></tr>" + "".join(rows) + "</table>"
        f"<div style='font-size:13.5px;margin-top:4px'>Both gradients: forward mode "
        f"<b style='color:{var('forward')}'>{t['forward']['passes']} passes, "
        f"{t['forward']['multiplications']} products</b>; reverse mode "
        f"<b style='color:{var('backward')}'>{t['reverse']['passes']} backward pass, "
        f"{t['reverse']['multiplications']} products</b>. "
        f"{UNKNOWN} = a pass does not give it.</div>"
    )
