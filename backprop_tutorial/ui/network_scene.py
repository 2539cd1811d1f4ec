"""What notebook 2's network pictures share (the two pictures, the shared delta, the layer
stepper): layout in pixels from a model's picture, layer headers, text that fits its
circle, and the nodes and edges of the graph after surgery.  Numpy only.
"""

from __future__ import annotations

from .shapes import edge, label, node, scene, swatch
from .style import COLORS

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


def headed_scene(picture, pos, L: int, width, height, nodes, edges, **kw) -> dict:
    """A scene of a neuron picture under its column headers (:func:`neuron_headers`),
    widened so that no header sticks out; ``kw`` go to :func:`~.shapes.scene`."""
    headers = neuron_headers(picture, pos, L)
    return scene(_widen(width, headers), height, nodes, edges, labels=headers, **kw)


def _widen(width: float, labels) -> float:
    """The scene width, grown so that no label (a centred header) sticks out on the right."""
    right = [t["x"] + text_width(t["text"], t.get("size") or FONT) / 2 for t in labels]
    return max([width, *(r + 4 for r in right)])


def _node_line(n) -> str:
    return "J" if n.kind == "J" else f"[{_index(n.name)}]"


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
    return headed_scene(
        picture,
        pos,
        L,
        width,
        height,
        nodes,
        edges,
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
    from ..apps.two_pictures.model import weight_fraction

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


__all__ = [
    "fits_in_circle",
    "neurons_scene",
    "surgery_geometry",
    "text_width",
]
