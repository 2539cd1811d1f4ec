"""Notebook 2's network pictures as scenes for the browser (numpy only).

One builder per idea:

- :func:`two_pictures_scene` — the usual picture (neurons as circles, weights on the
  edges) or the graph after surgery (weights and biases as small squares of their own);
- :func:`shared_scene` / :func:`shared_frame` — two chosen weights, their paths to J and
  the delta they share;
- :func:`stepper_scene` / :func:`stepper_frames` — the layer-by-layer pass, one frame per
  step, each neuron with its activation and delta, a formula on hover.

Layout: a model's :class:`~backprop_tutorial.models.pictures.Picture` has positions in
units (one unit between neurons of a layer); here they become pixels, with the
horizontal scale chosen so that no two nodes overlap (the weight squares of one target
neuron share an x; those of different targets are at least a square apart) and every
label fits inside its node (:func:`text_width`, checked by the tests).
"""

from __future__ import annotations

import html

from ..style import COLORS
from .base import edge, label, node, scene, swatch

MARGIN = 16
HEADER_PX = 34  # room above the nodes for the layer headers
FONT = 12.0
D_NODE = 34.0  # circles of the pictures
D_J = 40.0
SQ = 11.0  # a weight or bias square
SQ_CHOSEN = 20.0  # a chosen weight (shared-gradient picture)
ROW_PX = 56.0  # distance between two neurons of one layer
STEPPER_D = 72.0  # stepper circles, which hold three lines
STEPPER_ROW = 88.0
STEPPER_COL = 150.0
NEURONS_COL = 140.0
MAX_TEXT_ROWS = 8  # the stepper writes numbers in its circles up to this many per layer

_NARROW = set("[](),.:;!|' ")


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the rendered width of ``text`` in pixels (sans-serif):
    0.62 em per character, 0.34 em for brackets, commas, dots and spaces."""
    return sum((0.34 if ch in _NARROW else 0.62) * size for ch in text)


def fits_in_circle(lines, diameter: float, size: float, line_height: float) -> bool:
    """Whether every line fits inside a circle of ``diameter`` (chord at its height)."""
    n = len(lines)
    r = diameter / 2
    for i, text in enumerate(lines):
        dy = abs((i - (n - 1) / 2) * line_height) + size / 2
        if dy >= r:
            return False
        chord = 2 * (r * r - dy * dy) ** 0.5
        if text_width(text, size) > chord - 2:
            return False
    return True


# -- geometry --------------------------------------------------------------------------


def _index(name: str) -> int:
    return int(name[name.rindex("[") + 1 : name.rindex("]")])


def _to_px(picture, x_scale: float, row_px: float, d_max: float) -> tuple:
    """Pixel positions, width and height for a picture's unit positions."""
    x0, x1, y0, y1 = picture.extent
    left = MARGIN + d_max / 2
    top = MARGIN + HEADER_PX + d_max / 2
    pos = {n.name: (left + (n.x - x0) * x_scale, top + (y1 - n.y) * row_px) for n in picture.nodes}
    width = 2 * left + (x1 - x0) * x_scale
    height = top + (y1 - y0) * row_px + d_max / 2 + MARGIN
    return pos, width, height


def surgery_scale(sizes) -> float:
    """Pixels per horizontal unit of the surgery picture.

    The weight squares into ``S[l][j]`` sit at x = 0.25..0.75 of the way from the
    previous activations (2.1 units away), one x per ``j``: with ``n`` targets two
    neighbouring x differ by ``0.5 / (n - 1)`` of that distance, which must exceed a
    square plus a gap.  The sum-to-activation distance (0.9 units) must hold two circles.
    """
    n_out = max(sizes[1:])
    need = 0.0 if n_out == 1 else 2.0 * (n_out - 1) * (SQ + 5.0)
    return max(need / 2.1, (D_NODE + 22.0) / 0.9, 120.0 / 2.1)


def _headers(picture, pos, kinds: dict) -> list:
    """One header per column: ``kinds`` maps a node kind to ``fn(layer) -> text``."""
    seen = {}
    for n in picture.nodes:
        fn = kinds.get(n.kind)
        if fn is None:
            continue
        key = (n.kind, n.layer)
        seen.setdefault(key, (fn(n.layer), []))[1].append(pos[n.name][0])
    return [
        label(text, sum(xs) / len(xs), MARGIN + 14, size=FONT, cls="bt-layer-header")
        for text, xs in seen.values()
    ]


def neuron_headers(picture, pos, L: int) -> list:
    """Column headers of a neuron picture: ``x = a[0]``, ``a[l]``, ..., ``a[L] = y_hat``."""
    return _headers(
        picture,
        pos,
        {
            "input": lambda l: "x = a[0]",
            "neuron": lambda l: f"a[{l}] = y_hat" if l == L else f"a[{l}]",
        },
    )


def _widen(width: float, labels) -> float:
    """The scene width, grown so that no label (a centred header) sticks out on the right."""
    right = [t["x"] + text_width(t["text"], t.get("size") or FONT) / 2 for t in labels]
    return max([width, *(r + 4 for r in right)])


def _node_line(n) -> str:
    return "J" if n.kind == "J" else f"[{_index(n.name)}]"


# -- 1. the two pictures ------------------------------------------------------------------

NEURON_KEY = [
    swatch("param", "weight w > 0 (width grows with |w|)"),
    swatch("param", "weight w < 0", "dashed"),
    "a circle is a neuron; hover an edge for its weight",
]
SURGERY_KEY = [
    '<span style="display:inline-block;width:10px;height:10px;background:'
    f'{COLORS["param"]};border:1px solid #1d4d3d;margin-right:4px"></span>weight W[l][j,k] '
    "(a node on the edge it multiplies)",
    '<span style="display:inline-block;width:10px;height:10px;background:#9fd8c4;'
    'border:1px solid #1d4d3d;margin-right:4px"></span>bias b[l][j]',
    "S: weighted sum · a: activation · y: target · J: cost · header + [j] = the node's name",
]


def neurons_scene(picture, weights: dict, title: str = "") -> dict:
    """The usual picture: circles for neurons, one edge per weight, width for ``|w|``,
    dashed when ``w < 0`` (colour is the parameter colour, not the sign)."""
    pos, width, height = _to_px(picture, NEURONS_COL / 2.2, ROW_PX, D_NODE)
    L = max(n.layer for n in picture.nodes)
    nodes = []
    for n in picture.nodes:
        x, y = pos[n.name]
        what = "input (held fixed)" if n.kind == "input" else f"neuron {_index(n.name)}"
        nodes.append(
            node(
                n.name,
                x,
                y,
                D_NODE,
                shape="circle",
                lines=[_node_line(n)],
                cls="bt-plain",
                tip=f"{n.name}: {what} of layer {n.layer}",
                label=n.name,
            )
        )
    scale = max((abs(w) for w in weights.values()), default=1.0) or 1.0
    edges = []
    for e in picture.edges:
        w = weights.get(e.param, 0.0)
        edges.append(
            edge(
                f"{e.src}->{e.dst}",
                e.src,
                e.dst,
                width=round(0.7 + 3.3 * min(1.0, abs(w) / scale), 2),
                color=COLORS["param"],
                cls="bt-edge-negative" if w < 0 else "",
                tip=f"{e.param} = {w:.3g}",
            )
        )
    headers = neuron_headers(picture, pos, L)
    return scene(
        _widen(width, headers),
        height,
        nodes,
        edges,
        labels=headers,
        legend=NEURON_KEY,
        title=title or picture.title,
    )


def surgery_geometry(picture, sizes) -> tuple:
    """``(pos, width, height)`` of the surgery picture in pixels."""
    return _to_px(picture, surgery_scale(sizes), ROW_PX, D_J)


def chosen_size(picture, name: str, sizes) -> float:
    """Side of a chosen weight's node: as large as :data:`SQ_CHOSEN` allows without
    touching its neighbours (squares of the same target share its x and sit
    ``(1 - t) * ROW_PX`` apart; those of other targets are one x step away)."""
    from ..models.pictures import weight_fraction

    n = picture.node(name)
    l, j = n.layer - 1, int(name[name.index("][") + 2 : name.index(",")])
    n_in, n_out = sizes[l], sizes[l + 1]
    room = [SQ_CHOSEN]
    if n_in > 1:
        room.append(2 * ((1 - weight_fraction(j, n_out)) * ROW_PX - 1.5) - SQ)
    if n_out > 1:
        room.append(2 * (0.5 / (n_out - 1) * 2.1 * surgery_scale(sizes) - 1.5) - SQ)
    return max(12.0, min(room))


def _chosen_font(role: str, side: float) -> float:
    """A font for the "1" or "2" that fits its square or diamond (a diamond narrows)."""
    return round(min(11.0, side * (0.45 if role == "second" else 0.6)), 1)


def surgery_nodes(picture, pos, chosen=None, tips=None, sizes=None) -> list:
    """Scene nodes of the surgery picture; ``chosen`` maps a weight to "first"/"second"
    (drawn larger: a square "1", a diamond "2"); ``tips`` maps a name to hover text."""
    chosen = chosen or {}
    tips = tips or {}
    out = []
    for n in picture.nodes:
        x, y = pos[n.name]
        tip = tips.get(n.name, n.name)
        if n.kind in ("W", "b"):
            role = chosen.get(n.name)
            if role is None:
                out.append(
                    node(
                        n.name,
                        x,
                        y,
                        SQ,
                        SQ,
                        rx=1.5,
                        cls="bt-weight" if n.kind == "W" else "bt-bias",
                        tip=tip,
                        label=n.name,
                    )
                )
            else:
                side = chosen_size(picture, n.name, sizes)
                out.append(
                    node(
                        n.name,
                        x,
                        y,
                        side,
                        shape="diamond" if role == "second" else "rect",
                        rx=2,
                        lines=["1" if role == "first" else "2"],
                        cls=f"bt-{role}",
                        tip=tip,
                        label=n.name,
                        font_size=_chosen_font(role, side),
                    )
                )
            continue
        d = D_J if n.kind == "J" else (D_NODE - 4 if n.kind == "y" else D_NODE)
        cls = "bt-target" if n.kind == "y" else "bt-plain"
        out.append(
            node(
                n.name,
                x,
                y,
                d,
                shape="circle",
                lines=[_node_line(n)],
                cls=cls,
                tip=tip,
                label=n.name,
            )
        )
    return out


def surgery_edges(picture) -> list:
    """Scene edges: ``a -> W`` without an arrowhead (the edge runs on through its weight
    node), then ``W -> S``, ``b -> S``, ``S -> a`` and into ``J``, with arrowheads."""
    return [edge(f"{e.src}->{e.dst}", e.src, e.dst, arrow=e.kind != "input") for e in picture.edges]


def surgery_headers(picture, pos, sizes) -> list:
    L = len(sizes) - 1
    headers = _headers(
        picture,
        pos,
        {
            "input": lambda l: "x = a[0]",
            "S": lambda l: f"S[{l - 1}]",
            "a": lambda l: f"a[{l}]",
            "y": lambda l: "y",
            "J": lambda l: "J",
        },
    )
    # W[l] over the middle of its squares.
    for l in range(L):
        xs = [pos[n.name][0] for n in picture.nodes if n.kind == "W" and n.layer == l + 1]
        headers.append(label(f"W[{l}]", (min(xs) + max(xs)) / 2, MARGIN + 14, size=FONT))
    return headers


def two_pictures_scene(model) -> dict:
    """The picture a :class:`~backprop_tutorial.models.pictures.TwoPicturesModel` shows."""
    pic = model.shown
    if model.picture == "neurons":
        return neurons_scene(pic, model.weights())
    pos, width, height = surgery_geometry(pic, model.sizes)
    weights = model.weights()
    tips = {}
    for n in pic.nodes:
        if n.kind == "W":
            tips[n.name] = f"{n.name} = {weights[n.name]:.3g}: a weight, now a node of its own"
        elif n.kind == "b":
            tips[n.name] = f"{n.name}: a bias, a node of its own"
        elif n.kind == "S":
            l, j = n.layer - 1, _index(n.name)
            tips[n.name] = f"{n.name} = W[{l}][{j},:] a[{l}] + b[{l}][{j}] (weighted sum)"
        elif n.kind == "a":
            tips[n.name] = f"{n.name} = f(S[{n.layer - 1}][{_index(n.name)}]) (activation)"
        elif n.kind == "y":
            tips[n.name] = f"{n.name}: the target, held fixed"
        elif n.kind == "J":
            tips[n.name] = "J = ½ Σ (y_hat − y)²: the cost"
        else:
            tips[n.name] = f"{n.name}: an input, held fixed"
    headers = surgery_headers(pic, pos, model.sizes)
    return scene(
        _widen(width, headers),
        height,
        surgery_nodes(pic, pos, tips=tips),
        surgery_edges(pic),
        labels=headers,
        legend=SURGERY_KEY,
        title=pic.title,
    )


# -- 2. two weights, one shared delta ---------------------------------------------------------

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
        f'<b style="color:{"#222" if color == "#fff" else color}">{html.escape(text)}</b>'
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
    :class:`~backprop_tutorial.models.shared_gradient.SharedGradientModel`: the chosen
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


# -- 3. the layer stepper ----------------------------------------------------------------------

STEPPER_KEY = [
    '<span style="background:' + COLORS["active"] + ';border:2px solid #222;padding:0 4px">'
    "yellow, thick ring</span> computed at this step",
    '<span style="border:2px dotted #222;padding:0 4px">dotted ring</span> read by this step',
    '<span style="background:' + COLORS["done"] + ";border:1px solid " + COLORS["forward"] + ";"
    'padding:0 4px">blue</span> value a known',
    '<span style="background:#fbe9df;border:1px solid ' + COLORS["backward"] + ';padding:0 4px">'
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
    :class:`~backprop_tutorial.models.layer_stepper.LayerStepperModel`, with room for the
    numbers in every circle (small circles with a name only when a layer is wide)."""
    from ..models.pictures import neuron_picture

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
    L = model.L
    headers = neuron_headers(pic, pos, L)
    return scene(
        _widen(width, headers),
        height,
        nodes,
        edges,
        labels=headers,
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
    from ..models.pictures import neuron_picture

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
    from ..models.pictures import neuron_picture

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


__all__ = [
    "fits_in_circle",
    "neurons_scene",
    "shared_frame",
    "shared_scene",
    "stepper_frame",
    "stepper_frames",
    "stepper_scene",
    "surgery_geometry",
    "text_width",
    "two_pictures_scene",
]
