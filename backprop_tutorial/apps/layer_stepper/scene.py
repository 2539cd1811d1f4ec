"""Notebook 2's layer stepper as a scene: the network with every neuron's activation
``a`` and delta ``δ`` filled in step by step ("—" until computed), the weights a step
multiplies by highlighted (dashed, pointing back, in the backward pass), and the step's
formula in numbers in a side panel.  Numpy only.
"""

from __future__ import annotations

import html

from ...ui.network_scene import (
    D_NODE,
    MAX_TEXT_ROWS,
    ROW_PX,
    STEPPER_COL,
    STEPPER_D,
    STEPPER_ROW,
    _node_line,
    _to_px,
    headed_scene,
)
from ...ui.shapes import edge, node, swatch
from ...ui.style import COLORS

STEPPER_KEY = [
    '<span style="background:' + COLORS["active"] + ';border:2px solid #222;padding:0 4px">'
    "yellow, thick ring</span> computed at this step",
    '<span style="border:2px dotted #222;padding:0 4px">dotted ring</span> read by this step',
    '<span style="background:' + COLORS["done"] + ";border:1px solid " + COLORS["forward"] + ";"
    'padding:0 4px">blue</span> value a known',
    '<span style="background:'
    + COLORS["grad_fill"]
    + ";border:1px solid "
    + COLORS["backward"]
    + ';padding:0 4px">'
    "light red</span> delta δ known",
    swatch("forward", "forward step: the weights W[l] it multiplies by"),
    swatch("backward", "backward step: W[l+1]^T, arrows pointing back", "dashed"),
    "— = not computed yet · hover a neuron for its formula",
]


def stepper_compact(model) -> bool:
    """Whether the stepper draws small circles without numbers (wide layers)."""
    return max(model.sizes) > MAX_TEXT_ROWS


def stepper_scene(model, panels=("step",)) -> dict:
    """The neuron picture of a
    :class:`~backprop_tutorial.apps.layer_stepper.model.LayerStepperModel`, with room for the
    numbers in every circle (small circles with a name only when a layer is wide)."""
    from ..two_pictures.model import neuron_picture

    pic = neuron_picture(model.sizes)
    compact = stepper_compact(model)
    d = D_NODE if compact else STEPPER_D
    row = ROW_PX if compact else STEPPER_ROW
    pos, width, height = _to_px(pic, STEPPER_COL / 2.2, row, d)
    nodes = []
    for n in pic.nodes:
        x, y = pos[n.name]
        lines = [_node_line(n)] if compact else [n.name, "", ""]
        nodes.append(
            node(
                n.name,
                x,
                y,
                d,
                shape="circle",
                lines=lines,
                label=n.name,
                font_size=None if compact else 11,
                line_height=None if compact else 14,
            )
        )
    weights = {}
    for l, W in enumerate(model.net.weights):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                weights[f"W[{l}][{j},{k}]"] = float(W[j, k])
    scale = max((abs(w) for w in weights.values()), default=1.0) or 1.0
    edges = [
        edge(
            f"{e.src}->{e.dst}",
            e.src,
            e.dst,
            width=round(0.6 + 2.2 * min(1.0, abs(weights[e.param]) / scale), 2),
            tip=f"{e.param} = {weights[e.param]:.3g}",
        )
        for e in pic.edges
    ]
    return headed_scene(
        pic,
        pos,
        model.L,
        width,
        height,
        nodes,
        edges,
        panels=[{"id": p, "min_height": 150 if p == "step" else 0} for p in panels],
        legend=STEPPER_KEY,
        title="the backward pass, layer by layer",
    )


_KNOWN_CLASS = {"delta": "bt-grad", "value": "bt-value", "idle": "bt-idle"}


_PHASE_COLOR = {"start": "#555555", "forward": COLORS["forward"], "backward": COLORS["backward"]}


def stepper_panel_html(model) -> str:
    lines = model.describe()
    color = _PHASE_COLOR[model.step.phase]
    head = html.escape(lines[0])
    body = "<br>".join(html.escape(t) for t in lines[1:])
    return (
        f'<div class="bt-layer-panel" style="border-left:4px solid {color};padding:4px 10px">'
        f'<div style="color:{color};font-weight:bold">{head}</div>'
        f'<div class="bt-mono" style="font-size:13px">{body}</div></div>'
    )


def stepper_frame(model, picture=None) -> dict:
    """The frame of the model's current step (``picture``: its neuron picture, if built)."""
    from ..two_pictures.model import neuron_picture

    picture = picture or neuron_picture(model.sizes)
    status = model.neuron_status()
    texts = model.neuron_texts()
    compact = stepper_compact(model)
    step = model.step
    nodes = {}
    for l, n in enumerate(model.sizes):
        for j in range(n):
            name = f"x[{j}]" if l == 0 else f"a[{l}][{j}]"
            s = status[name]
            known = "delta" if l > 0 and model.delta_known(l - 1) else None
            known = known or ("value" if model.forward_known(l) else "idle")
            cls = _KNOWN_CLASS[known]
            if s == "used":
                cls += " bt-read"
            elif s == "active":
                cls += " bt-active"
            a, dtext = texts[name]
            entry = {"cls": cls, "tip": model.neuron_tip(l, j)}
            if not compact:
                entry["lines"] = [name, f"a {a}", f"δ {dtext}" if dtext else ""]
            nodes[name] = entry
    edges = {}
    layer = None
    kind = None
    if step.phase == "forward":
        layer, kind = step.layer, "forward"
    elif step.phase == "backward" and step.layer < model.L - 1:
        layer, kind = step.layer + 1, "backward"
    if layer is not None:
        for e in picture.edges:
            if e.param.startswith(f"W[{layer}]"):
                edges[f"{e.src}->{e.dst}"] = kind
    return {"nodes": nodes, "edges": edges, "panels": {"step": stepper_panel_html(model)}}


def stepper_frames(model) -> list:
    """Frames for every step ``0..n_steps`` (the model's step is restored)."""
    from ..two_pictures.model import neuron_picture

    picture = neuron_picture(model.sizes)
    k = model.k
    frames = []
    try:
        for step in range(model.n_steps + 1):
            model.set(step=step)
            frames.append(stepper_frame(model, picture))
    finally:
        model.set(step=k)
    return frames


def too_big_html(sizes, max_nodes: int) -> str:
    """Why node-by-node stepping is not offered for ``sizes``."""
    return (
        '<div class="bt-too-big" style="font-size:14px;padding:6px">Node-by-node '
        f"stepping is for small networks (at most {max_nodes} nodes in "
        f"the scalar graph); {html.escape(str(sizes))} has more. Type e.g. "
        "<b>2, 2, 1</b> in the layer sizes box.</div>"
    )
