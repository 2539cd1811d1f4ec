"""A typed expression's graph as a layered picture, whatever its shape.

:func:`layered_layout` places any DAG in layers (Sugiyama's recipe, kept short): the
inputs in the first column, each operation one column after its latest operand (the
longest path from the inputs), a number one column before its first use.  An edge
that skips columns gets placeholder slots in the columns it crosses, so the order
within each column is chosen for it too; that order is improved by moving every node
to the mean position of its neighbours, sweep after sweep, keeping the order with the
fewest crossings.  Rows keep nodes at least one row apart, so boxes never overlap.

The picture itself and its frames are those of the graph stepper
(:func:`~backprop_tutorial.apps.graph_stepper.scene.graph_scene`, ``graph_frames``, and
``tangent_frames`` for forward mode); :func:`expression_scene` only adds the positions
and bends an edge that would otherwise cross a box.
"""

from __future__ import annotations

import html
import itertools

from ...ui.network_scene import text_width
from ..chain_modes.scene import tangent_frames, tangent_panel_html
from ..graph_stepper.scene import COL_PX, MARGIN, graph_frames, graph_scene, step_panel_html

SWEEPS = 12  # barycentre sweeps (down and up) of the crossing reduction
_LONG_EDGE_WEIGHT = 4.0  # pull of a long edge's placeholders on each other and its ends
_BENDS = (0.08, -0.08, 0.16, -0.16, 0.25, -0.25, 0.35, -0.35)


def layers(trace) -> dict:
    """``name -> column``: inputs 0, an operation 1 + its latest operand, a number one
    column before its first use."""
    col: dict = {}
    for n in trace.nodes:  # operands before results
        if n.op == "param":
            col[n.name] = 0
        elif not n.is_leaf:
            col[n.name] = 1 + max((col[p.name] for p in n.parents if p.op != "const"), default=0)
    for n in trace.nodes:
        if n.op == "const":
            users = [col[c.name] for c, _ in trace.uses[n.name]]
            col[n.name] = min(users) - 1 if users else 0
    return col


def _chains(trace, col: dict) -> tuple:
    """Every edge cut into one-column steps: ``(items, steps)``.

    ``items`` maps an item (a node name, or ``(parent, child, i)`` for the i-th
    placeholder of a long edge) to its column; ``steps`` lists ``(upper, lower)`` pairs
    one column apart.
    """
    items = dict(col)
    steps = []
    for n in trace.nodes:
        for p in dict.fromkeys(n.parents):
            chain = [p.name]
            for i, c in enumerate(range(col[p.name] + 1, col[n.name])):
                items[(p.name, n.name, i)] = c
                chain.append((p.name, n.name, i))
            chain.append(n.name)
            steps += list(itertools.pairwise(chain))
    return items, steps


def _crossings(order: dict, steps: list, items: dict) -> int:
    pos = {it: i for column in order.values() for i, it in enumerate(column)}
    count = 0
    by_col: dict = {}
    for a, b in steps:
        by_col.setdefault(items[a], []).append((pos[a], pos[b]))
    for segs in by_col.values():
        for (a1, b1), (a2, b2) in itertools.combinations(segs, 2):
            count += (a1 - a2) * (b1 - b2) < 0
    return count


def _order(trace, items: dict, steps: list) -> dict:
    """``column -> [items top to bottom]`` with few crossings (barycentre sweeps)."""
    # Start from a depth-first walk from the output: first operands above later ones.
    rank: dict = {}
    stack = [trace.output.name]
    parents = {n.name: [p.name for p in dict.fromkeys(n.parents)] for n in trace.nodes}
    while stack:
        name = stack.pop()
        if name not in rank:
            rank[name] = len(rank)
            stack += reversed(parents[name])
    for it in items:
        if isinstance(it, tuple):  # a placeholder sits where its parent does
            rank[it] = rank[it[0]] + 0.5
    up: dict = {it: [] for it in items}
    down: dict = {it: [] for it in items}
    for a, b in steps:
        down[a].append(b)
        up[b].append(a)
    order: dict = {}
    for it in sorted(items, key=rank.get):
        order.setdefault(items[it], []).append(it)
    best, best_count = {c: list(v) for c, v in order.items()}, _crossings(order, steps, items)
    cols = sorted(order)
    for sweep in range(SWEEPS):
        direction = cols[1:] if sweep % 2 == 0 else cols[-2::-1]
        neighbours = up if sweep % 2 == 0 else down
        for c in direction:
            pos = {it: i for column in order.values() for i, it in enumerate(column)}
            order[c].sort(
                key=lambda it: (
                    _mean([pos[o] for o in neighbours[it]]) if neighbours[it] else pos[it]
                )
            )
        count = _crossings(order, steps, items)
        if count < best_count:
            best, best_count = {c: list(v) for c, v in order.items()}, count
    return best


def _rows(order: dict, steps: list) -> dict:
    """``item -> row``: each near the (weighted) mean row of its neighbours, in order, at
    least one row apart.  The links of a long edge weigh more, so that its placeholders
    and ends line up and its straight line runs through the free slots they keep."""
    y = {it: -float(i) for col in order.values() for i, it in enumerate(col)}
    links: dict = {it: [] for it in y}
    for a, b in steps:
        weight = _LONG_EDGE_WEIGHT if isinstance(a, tuple) or isinstance(b, tuple) else 1.0
        links[a].append((b, weight))
        links[b].append((a, weight))
    cols = sorted(order)
    for _ in range(12):
        for c in cols + cols[::-1]:
            column = order[c]
            wish = [_mean_row(y, links[it], y[it]) for it in column]
            placed = []
            for r in wish:  # top to bottom: rows go down
                placed.append(min(r, placed[-1] - 1.0) if placed else r)
            shift = _mean(wish) - _mean(placed)  # centred on the wishes again
            for it, r in zip(column, placed, strict=True):
                y[it] = r + shift
    return y


def _mean(xs: list) -> float:
    return sum(xs) / len(xs)  # numpy's mean costs more than the sum on a few numbers


def _mean_row(y: dict, links: list, default: float) -> float:
    if not links:
        return default
    return sum(y[o] * w for o, w in links) / sum(w for _, w in links)


def layered_layout(trace) -> dict:
    """``name -> (column, row)`` for every node of ``trace`` (rows grow upwards, as
    :func:`~backprop_tutorial.apps.graph_stepper.scene.graph_scene` expects)."""
    col = layers(trace)
    items, steps = _chains(trace, col)
    y = _rows(_order(trace, items, steps), steps)
    return {n.name: (float(col[n.name]), float(y[n.name])) for n in trace.nodes}


def _hits(a: dict, b: dict, bend: float, boxes: list, size: tuple) -> bool:
    """Whether the edge a -> b, bent by ``bend`` as scene.js bends it, crosses a box or
    leaves the picture (``size`` = width, height)."""
    (x0, y0), (x1, y1) = (a["x"], a["y"]), (b["x"], b["y"])
    cx = (x0 + x1) / 2 - (y1 - y0) * bend
    cy = (y0 + y1) / 2 + (x1 - x0) * bend
    for t in (i / 40 for i in range(41)):
        px = (1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t**2 * x1
        py = (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t**2 * y1
        if not (0 <= px <= size[0] and 0 <= py <= size[1]):
            return True
        for n in boxes:
            if abs(px - n["x"]) < n["w"] / 2 + 4 and abs(py - n["y"]) < n["h"] / 2 + 4:
                return True
    return False


def route_edges(scene: dict) -> list:
    """Bend every straight edge that crosses a box it does not join, when some bend
    clears it.  Returns the ids of edges that still cross a box (for tests)."""
    nodes = {n["id"]: n for n in scene["nodes"]}
    size = (scene["width"], scene["height"])
    blocked = []
    for e in scene["edges"]:
        if e.get("bend"):
            continue  # the two arcs of x * x
        a, b = nodes[e["source"]], nodes[e["target"]]
        others = [n for n in scene["nodes"] if n is not a and n is not b]
        near = [n for n in others if min(a["x"], b["x"]) < n["x"] < max(a["x"], b["x"])]
        if not near or not _hits(a, b, 0.0, near, size):
            continue
        bend = next((f for f in _BENDS if not _hits(a, b, f, others, size)), None)
        if bend is None:
            blocked.append(e["id"])
        else:
            e["bend"] = bend
    return blocked


def _fit_boxes(scene: dict, frames: list, positions: dict) -> None:
    """Widen every box (and the columns) to the longest text any frame writes in one:
    a value such as ``grad -0.0123 so far`` is wider than a name."""
    texts = [n["lines"] for n in scene["nodes"]]
    texts += [node["lines"] for f in frames for node in f["nodes"].values()]
    sizes = [n.get("font_size") or 13 for n in scene["nodes"]]
    need = max(text_width(t, max(sizes)) for lines in texts for t in lines) + 10
    w = max(need, scene["nodes"][0]["w"])
    col_px = max(COL_PX, w + 24)
    c0 = min(c for c, _ in positions.values())
    for n in scene["nodes"]:
        n["w"] = w
        n["x"] = round(MARGIN + w / 2 + (positions[n["id"]][0] - c0) * col_px, 2)
    scene["width"] = max(n["x"] for n in scene["nodes"]) + w / 2 + MARGIN


def expression_scene(model, frames: list) -> dict:
    """The static picture of the model's graph, laid out in layers, its boxes wide
    enough for every text of ``frames``."""
    trace = model.trace
    positions = layered_layout(trace)
    scene = graph_scene(trace, positions, panels=("step",), title=model.text)
    _fit_boxes(scene, frames, positions)
    route_edges(scene)
    return scene


def _rename_output(html: str, out: str, backward: bool) -> str:
    # The stepper's texts call the output J (a cost); here it is the expression's own
    # output, e.g. Colah's e.
    if out == "J":
        return html
    return (
        html.replace("dJ/d", f"d{out}/d")
        if backward
        else html.replace("gives dJ/d", f"gives d{out}/d")
    )


def expression_frames(model) -> list:
    """One frame per step of the model's pass (backward, or forward mode for one input)."""
    stepper, out = model.stepper, model.trace.output.name
    backward = model.mode == "backward"
    if backward:
        frames = graph_frames(stepper, {"step": step_panel_html})
    else:
        frames = tangent_frames(stepper, {"step": tangent_panel_html})
    for f in frames:
        f["panels"]["step"] = _rename_output(f["panels"]["step"], out, backward)
        for n in f["nodes"].values():
            n["tip"] = _rename_output(n["tip"], out, backward)
    return frames


def summary_html(model) -> str:
    """The operations by name, the value and every gradient, from the whole pass."""
    e = html.escape
    out = model.trace.output.name
    grads = " &nbsp; ".join(
        f"d{e(out)}/d{e(n)} = <b>{g:.4g}</b>" for n, g in model.gradients().items()
    )
    return (
        f'<div class="bt-expression-summary" style="font-size:14px;line-height:1.6">'
        f'<span class="bt-mono">{" &nbsp; ".join(e(f) for f in model.formulas())}</span><br>'
        f"{e(out)} = <b>{model.value:.4g}</b> &nbsp; {grads}</div>"
    )
