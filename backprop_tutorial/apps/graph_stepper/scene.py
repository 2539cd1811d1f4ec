"""Any recorded graph (a :class:`~backprop_tutorial.core.graph.Trace`) as a scene and frames.

Nodes are laid out left to right by depth (the longest path from the leaves); a leaf
sits one column before its first consumer, so parameters appear next to the operation
that uses them.  Each box shows the node's name, its value and its gradient ("—" while
unknown); hovering or focusing it shows the formula too.  Frame ``k`` is what
:class:`~backprop_tutorial.apps.graph_stepper.model.GraphStepperModel` says after ``k`` steps.
"""

from __future__ import annotations

import html

import numpy as np

from ...ui.shapes import edge, node, scene, swatch
from ...ui.style import COLORS

COL_PX, ROW_PX = 122, 84  # one layout column / row in pixels
BOX_W, BOX_W_LONG, BOX_H = 98, 124, 60
MARGIN = 14

_PHASE_COLOR = {
    "start": "#555555",
    "forward": COLORS["forward"],
    "backward": COLORS["backward"],
    "done": COLORS["backward"],
}


def layout(trace) -> dict:
    """Positions ``name -> (column, row)`` for every node of ``trace``.

    Columns: an operation's column is its longest path from the leaves; a leaf
    goes one column before its earliest consumer.  Rows are set from the output
    back: an operation sits at the mean row its consumers ask for (a node's
    operands are stacked around it; colliding nodes are pushed apart); leaves
    take the free slot nearest to their first consumer, above first.  A chain
    comes out as one straight row with its parameters above it.
    """
    nodes = trace.nodes
    children: dict = {n.name: [] for n in nodes}
    for n in nodes:
        for p in dict.fromkeys(n.parents):
            children[p.name].append(n.name)
    col: dict = {}
    for n in nodes:  # topological order: parents first
        if not n.is_leaf:
            col[n.name] = 1 + max(col.get(p.name, 0) for p in n.parents)
    for n in nodes:
        if n.is_leaf:
            kids = [col[c] for c in children[n.name]]
            col[n.name] = (min(kids) - 1) if kids else 0
    shift = min(col.values())
    col = {k: v - shift for k, v in col.items()}

    # Operations, column by column from the output back: each sits at the row its
    # consumers ask for (several operands of one node are stacked around it).
    want: dict = {nodes[-1].name: [0.0]}
    row: dict = {}
    by_col: dict = {}
    for n in nodes:
        if not n.is_leaf:
            by_col.setdefault(col[n.name], []).append(n)
    for c in sorted(by_col, reverse=True):
        ops = by_col[c]
        wishes = [float(np.mean(want.get(n.name, [0.0]))) for n in ops]
        for n, r in zip(ops, _spread(wishes), strict=True):
            row[n.name] = r
            op_parents = [p for p in dict.fromkeys(n.parents) if not p.is_leaf]
            m = len(op_parents)
            for i, p in enumerate(op_parents):
                want.setdefault(p.name, []).append(r + (m - 1) / 2 - i)
    # Leaves: nearest free slot to their first consumer's row, trying above first.
    taken: dict = {}
    for name, r in row.items():
        taken.setdefault(col[name], []).append(r)
    for n in nodes:
        if not n.is_leaf:
            continue
        c = col[n.name]
        kids = children[n.name]
        target = row.get(kids[0], 0.0) if kids else 0.0
        used = taken.setdefault(c, [])
        for offset in _offsets():
            r = target + offset
            if all(abs(r - u) > 0.99 for u in used):
                break
        row[n.name] = r
        used.append(r)
    return {n.name: (float(col[n.name]), float(row[n.name])) for n in nodes}


def _offsets():
    yield 0.0
    i = 1
    while True:
        yield float(i)
        yield float(-i)
        i += 1


def _spread(want: list) -> list:
    """Rows as close to ``want`` as possible, at least 1 apart, in the order of ``want``."""
    if not want:
        return []
    order = np.argsort(want, kind="stable")
    rows = np.empty(len(want))
    prev = -np.inf
    for i in order:
        rows[i] = max(want[i], prev + 1.0)
        prev = rows[i]
    # Pushing apart only moves nodes up: shift back so the group stays centred on its wishes.
    rows -= np.mean(rows) - np.mean(want)
    return list(rows)


def edge_id(parent: str, child: str, slot: int) -> str:
    return f"{parent}->{child}#{slot}"


def graph_scene(
    trace,
    positions=None,
    *,
    shared=(),
    panels=("step",),
    panels_at="below",
    title: str = "computational graph",
) -> dict:
    """The static picture of ``trace``.

    Parameters
    ----------
    trace : Trace
    positions : dict, optional
        ``name -> (column, row)`` overriding :func:`layout`.
    shared : sequence of str
        Nodes whose gradient several others reuse (drawn with the "shared" outline once
        their gradient is known).
    panels : sequence of str
        Ids of the side panels the frames fill ("step" is the current step in numbers).
    """
    pos = dict(positions or layout(trace))
    cols = [p[0] for p in pos.values()]
    rows = [p[1] for p in pos.values()]
    longest = max(len(n.name) for n in trace.nodes)
    box_w = BOX_W if longest <= 9 else BOX_W_LONG
    col_px = max(COL_PX, box_w + 24)
    x0, y0 = min(cols), min(rows)
    width = (max(cols) - x0) * col_px + box_w + 2 * MARGIN
    height = (max(rows) - y0) * ROW_PX + BOX_H + 2 * MARGIN
    nodes = []
    for n in trace.nodes:
        c, r = pos[n.name]
        cls = "bt-param" if (n.is_leaf and n.requires_grad) else "bt-forward-text"
        if not n.requires_grad:
            cls += " bt-held"
        if n.name in shared:
            cls += " bt-shared-node"
        nodes.append(
            node(
                n.name,
                MARGIN + box_w / 2 + (c - x0) * col_px,
                # Rows grow upwards in the layout, downwards on screen.
                MARGIN + BOX_H / 2 + (max(rows) - r) * ROW_PX,
                box_w,
                BOX_H,
                lines=[_name_line(n.name, shared), "", ""],
                label=f"{n.name}: {n.formula}" if not n.is_leaf else n.name,
                cls=cls,
                font_size=12.5 if len(n.name) > 12 else None,
            )
        )
    edges = []
    for n in trace.nodes:
        slots: dict = {}
        for slot, p in enumerate(n.parents):
            slots.setdefault(p.name, []).append(slot)
        for pname, ss in slots.items():
            for i, slot in enumerate(ss):
                if len(ss) == 1:
                    edges.append(edge(edge_id(pname, n.name, slot), pname, n.name))
                    continue
                # Two uses of one operand (x * x): two arcs bending well apart, each
                # labelled with the operand slot it feeds (not told apart by colour).
                bend = 0.32 if i == 0 else -0.32
                edges.append(
                    edge(
                        edge_id(pname, n.name, slot),
                        pname,
                        n.name,
                        bend=bend,
                        label=f"use {i + 1}",
                    )
                )
    legend = [
        swatch("forward", "forward step: operands used"),
        swatch(
            "backward",
            "backward step: gradient flows back (dashed, arrow towards the input)",
            "dashed",
        ),
        "— = not computed yet",
    ]
    if shared:
        names = ", ".join(f"dJ/d{html.escape(s)}" for s in shared)
        legend.append(
            f'<span class="bt-shared-text">{names}</span> (starred, thick outline) = the '
            "shared factor: computed once, reused"
        )
    return scene(
        width,
        height,
        nodes,
        edges,
        panels=[{"id": p, "min_height": 96 if p == "step" else 0} for p in panels],
        panels_at=panels_at,
        legend=legend,
        title=title,
    )


def _name_line(name: str, shared) -> str:
    """A node's first line: its name, starred when its gradient is the shared factor
    (a cue that does not rely on colour)."""
    return f"★ {name}" if name in shared else name


_STATUS_CLASS = {
    "active": "bt-active",
    "upstream": "bt-upstream",
    "grad": "bt-grad",
    "value": "bt-value",
    "idle": "bt-idle",
}


def node_tip(model, name: str) -> str:
    """Hover text of one node at the model's step: formula, value, gradient."""
    n = model.trace[name]
    value, grad = model.node_text(name)
    lines = [name if n.is_leaf else f"{name} = {n.formula}", f"value: {value}"]
    lines.append(
        "held fixed (not differentiated)" if grad == "held fixed" else f"dJ/d{name}: {grad}"
    )
    return "\n".join(lines)


def graph_frame(model, panels=None, shared=()) -> dict:
    """The frame for the model's current step."""
    nodes = {}
    for n in model.trace.nodes:
        value, grad = model.node_text(n.name)
        status = model.node_status(n.name)
        cls = _STATUS_CLASS[status]
        if n.name in shared and status in ("grad", "upstream", "active") and grad != "—":
            cls += " bt-shared"
        grad_text = grad if grad == "held fixed" else f"grad {grad}"
        nodes[n.name] = {
            "cls": cls,
            "lines": [_name_line(n.name, shared), f"= {value}", grad_text],
            "tip": node_tip(model, n.name),
        }
    backward = model.phase in ("backward", "done") and model.step is not None
    edges = {edge_id(*e): ("backward" if backward else "forward") for e in model.active_edges()}
    out = {"nodes": nodes, "edges": edges, "panels": {}}
    for pid, fn in (panels or {"step": step_panel_html}).items():
        out["panels"][pid] = fn(model)
    return out


def graph_frames(model, panels=None, shared=()) -> list:
    """Frames for every step ``0..n_steps`` of the model's trace (its step is restored).

    ``panels`` maps a panel id to ``fn(model) -> html``; the default is the step panel.
    """
    k = model.k
    frames = []
    try:
        for step in range(model.n_steps + 1):
            model.set_step(step)
            frames.append(graph_frame(model, panels, shared))
    finally:
        model.set_step(k)
    return frames


def step_panel_html(model) -> str:
    """The side panel for the model's current step (HTML)."""
    text = model.describe()
    color = _PHASE_COLOR.get(model.phase, "#333333")
    e = html.escape
    numbers = e(text.numbers)
    for word in ("upstream", "local"):
        numbers = numbers.replace(word, f"<b>{word}</b>")
    return (
        f'<div class="bt-step-panel" style="border-left:4px solid {color};padding:4px 10px">'
        f'<div style="color:{color};font-weight:bold">{e(text.title)}</div>'
        f'<div class="bt-mono">{e(text.rule)}</div>'
        f'<div class="bt-mono" style="font-size:15px">{numbers}</div>'
        f'<div style="color:{COLORS["muted"]}">{e(text.note)}</div></div>'
    )
