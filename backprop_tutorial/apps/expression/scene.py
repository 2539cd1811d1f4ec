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
# Two arcs of one operand used twice (x * x): graph_scene's pair first, then others
# that keep them apart.
_PAIRS = [(0.32, -0.32), (0.2, -0.2), (0.12, 0.4), (-0.12, -0.4), (0.1, -0.1), (0.5, 0.2)]
_WIDENINGS, _WIDEN = 4, 1.4  # at most 1.4^3 = 2.7 times the usual column gap
_BENDS = tuple(s * b for b in (0.08, 0.16, 0.25, 0.35, 0.5, 0.7) for s in (1, -1))


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


def route_edges(scene: dict) -> tuple:
    """Bends for the edges that cross a box they do not join, where some bend clears it:
    ``(bends, blocked)``, edge id -> bend and the ids no bend clears.

    A single edge is tried straight, then bent more and more to either side; the two
    arcs of ``x * x`` (already bent apart) are tried as pairs that stay apart.
    """
    nodes = {n["id"]: n for n in scene["nodes"]}
    size = (scene["width"], scene["height"])
    groups: dict = {}
    for e in scene["edges"]:
        groups.setdefault((e["source"], e["target"]), []).append(e)
    bends, blocked = {}, []
    for (s, t), group in groups.items():
        a, b = nodes[s], nodes[t]
        others = [n for n in scene["nodes"] if n is not a and n is not b]
        options = [(0.0,)] + [(f,) for f in _BENDS] if len(group) == 1 else _PAIRS
        clear = next((o for o in options if not any(_hits(a, b, f, others, size) for f in o)), None)
        if clear is None:
            blocked += [e["id"] for e in group]
        else:
            bends.update({e["id"]: f for e, f in zip(group, clear, strict=True) if f})
    return bends, blocked


def crossing_edges(scene: dict) -> list:
    """Ids of the edges that, drawn as the scene says (bent or not), cross a box they do
    not join or leave the picture."""
    nodes = {n["id"]: n for n in scene["nodes"]}
    size = (scene["width"], scene["height"])
    out = []
    for e in scene["edges"]:
        a, b = nodes[e["source"]], nodes[e["target"]]
        others = [n for n in scene["nodes"] if n is not a and n is not b]
        if _hits(a, b, e.get("bend", 0.0), others, size):
            out.append(e["id"])
    return out


def _box_width(scene: dict, frames: list) -> float:
    """The longest text any frame writes in a box (``grad -0.0123 so far`` is wider than
    a name), plus a margin."""
    texts = [n["lines"] for n in scene["nodes"]]
    texts += [node["lines"] for f in frames for node in f["nodes"].values()]
    size = max(n.get("font_size") or 13 for n in scene["nodes"])
    need = max(text_width(t, size) for lines in texts for t in lines) + 10
    return max(need, scene["nodes"][0]["w"])


def _place_columns(scene: dict, positions: dict, w: float, gaps: list) -> None:
    """Boxes ``w`` wide; column c starts ``sum(gaps[:c])`` after the first."""
    starts = [0.0]
    for g in gaps:
        starts.append(starts[-1] + g)
    c0 = min(c for c, _ in positions.values())
    for n in scene["nodes"]:
        n["w"] = w
        n["x"] = round(MARGIN + w / 2 + starts[int(positions[n["id"]][0] - c0)], 2)
    scene["width"] = max(n["x"] for n in scene["nodes"]) + w / 2 + MARGIN


def expression_scene(model, frames: list) -> dict:
    """The static picture of the model's graph, laid out in layers, its boxes wide
    enough for every text of ``frames``.

    An edge that would cross a box is bent around it; where no bend can, the columns it
    spans are moved apart (a steep edge leaves its box through the side, not the bottom,
    where the next box of the column sits) and the bends are tried again.
    """
    trace = model.trace
    positions = layered_layout(trace)
    scene = graph_scene(trace, positions, panels=("step",), title=model.text)
    w = _box_width(scene, frames)
    cols = {n: int(c) for n, (c, _) in positions.items()}
    gaps = [max(COL_PX, w + 24)] * (max(cols.values()) - min(cols.values()))
    edges = {e["id"]: e for e in scene["edges"]}
    best = None
    for _ in range(_WIDENINGS):
        _place_columns(scene, positions, w, gaps)
        bends, blocked = route_edges(scene)
        if best is None or len(blocked) < len(best[2]):
            best = (list(gaps), bends, blocked)
        if not blocked:
            break
        for eid in blocked:
            lo, hi = sorted((cols[edges[eid]["source"]], cols[edges[eid]["target"]]))
            for c in range(lo, hi):
                gaps[c] *= _WIDEN
    gaps, bends, _ = best  # rarely an edge still crosses a box: then the narrowest try
    _place_columns(scene, positions, w, gaps)
    for eid, bend in bends.items():
        edges[eid]["bend"] = bend
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
