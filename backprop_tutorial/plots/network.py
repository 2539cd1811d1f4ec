"""Drawings for notebook 2's network pictures (the playground, the landscape slice and
the gradient meter are drawn in the browser: ``scenes/training.py``,
``scenes/landscape_slice.py``, ``scenes/gradient_meter.py``).

Every view builds its artists once and then only changes data, colours and texts
(``set_data``, ``set_offsets``, ``set_facecolor``, ``set_text``); the apps call
``fig.canvas.draw_idle()`` afterwards.  Nothing here imports ipywidgets or pyplot.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

# Weight signs: teal for positive, brown for negative (red and orange already mean
# "gradient" and "shared" in the apps' palette).
POSITIVE = "#018571"
NEGATIVE = "#a6611a"
EDGE_GREY = "#c8c8c8"
TEXT_GREY = "#555555"
# The two chosen weights of the shared-gradient picture.
FIRST = "#9467bd"
SECOND = "#17becf"


def palette() -> dict:
    """The apps' shared colours (imported lazily so plots need no ipywidgets at import)."""
    from ..widgets.base import COLORS

    return COLORS


def _point_size(ax, rows: int) -> float:
    """Marker diameter in points for ``rows`` nodes stacked in the axes' height."""
    fig = ax.figure
    height_pt = ax.get_position().height * fig.get_figheight() * 72
    return float(np.clip(0.55 * height_pt / (rows + 1), 5, 24))


class PictureView:
    """Draw a :class:`~backprop_tutorial.models.network.Picture` on an axes.

    Round markers for neurons, sums, activations, inputs, targets and the cost;
    squares for weights and biases.  :meth:`set_weights`, :meth:`set_node_colors`,
    :meth:`set_edge_colors` and :meth:`set_texts` change the picture in place.

    Parameters
    ----------
    ax : matplotlib Axes
    picture : Picture
    labels : bool
        Write each node's short label inside it (readable for small networks).
    """

    SQUARE_KINDS = ("W", "b")

    def __init__(self, ax, picture, labels: bool | None = None):
        self.ax = ax
        self.picture = picture
        ax.set_axis_off()
        x0, x1, y0, y1 = picture.extent
        ax.set_xlim(x0 - 0.6, x1 + 0.6)
        # Room above for the layer titles and below for a key line, whatever the height.
        span = max(y1 - y0, 1.0)
        ax.set_ylim(y0 - 0.6 - 0.07 * span, y1 + 0.75 + 0.08 * span)
        rows = int(round(y1 - y0)) + 1
        self.size = _point_size(ax, rows)
        nodes = picture.nodes
        self.round = [n for n in nodes if n.kind not in self.SQUARE_KINDS]
        self.square = [n for n in nodes if n.kind in self.SQUARE_KINDS]
        self._slot = {n.name: ("round", i) for i, n in enumerate(self.round)}
        self._slot.update({n.name: ("square", i) for i, n in enumerate(self.square)})
        pos = {n.name: (n.x, n.y) for n in nodes}
        self.edges = picture.edges
        self._edge_index = {(e.src, e.dst): i for i, e in enumerate(self.edges)}
        segs = [[pos[e.src], pos[e.dst]] for e in self.edges]
        self.base_widths = np.array([0.9 if e.kind == "weight" else 1.2 for e in self.edges])
        self.lines = LineCollection(segs, colors=EDGE_GREY, linewidths=self.base_widths, zorder=1)
        ax.add_collection(self.lines)
        self._base_edge_colors = np.tile(to_rgba(EDGE_GREY), (len(self.edges), 1))
        face = {
            "input": "#ffffff",
            "neuron": "#ffffff",
            "S": "#ffffff",
            "a": "#ffffff",
            "y": "#eeeeee",
            "J": "#ffffff",
            "W": palette()["param"],
            "b": "#98df8a",
        }
        self.base_face = {n.name: face[n.kind] for n in nodes}
        s_round = np.array(
            [(self.size * (1.25 if n.kind == "J" else 1.0)) ** 2 for n in self.round]
        )
        self.round_pts = ax.scatter(
            [n.x for n in self.round],
            [n.y for n in self.round],
            s=s_round,
            c=[face[n.kind] for n in self.round],
            edgecolors="#333333",
            linewidths=1.0,
            zorder=3,
        )
        sq = max(3.0, self.size * 0.42)
        self.square_pts = ax.scatter(
            [n.x for n in self.square],
            [n.y for n in self.square],
            s=sq**2,
            marker="s",
            c=[face[n.kind] for n in self.square],
            edgecolors="#1d5e1d",
            linewidths=0.6,
            zorder=4,
        )
        if labels is None:
            labels = len(nodes) <= 60
        fs = float(np.clip(self.size * 0.42, 5.5, 9))
        self.labels = {}
        if labels:
            for n in self.round:
                self.labels[n.name] = ax.text(
                    n.x,
                    n.y,
                    n.label,
                    ha="center",
                    va="center",
                    fontsize=fs,
                    zorder=5,
                    color="#222222",
                )
        self.texts = {}
        self.fontsize = fs

    # -- in-place updates ----------------------------------------------------------
    def set_weights(self, weights: dict, scale: float | None = None) -> None:
        """Edge width and colour by weight: ``weights`` maps ``"W[l][j,k]"`` to a value.

        Width grows with ``|w|`` (relative to ``scale``, default the largest ``|w|``);
        colour says the sign.
        """
        vals = np.array(
            [weights.get(e.param, 0.0) if e.kind == "weight" else 0.0 for e in self.edges]
        )
        scale = scale or (np.max(np.abs(vals)) if np.any(vals) else 1.0)
        widths = self.base_widths.copy()
        colors = self._base_edge_colors.copy()
        for i, e in enumerate(self.edges):
            if e.kind == "weight" and e.param in weights:
                widths[i] = 0.4 + 3.6 * min(1.0, abs(vals[i]) / scale)
                colors[i] = to_rgba(POSITIVE if vals[i] >= 0 else NEGATIVE, 0.85)
        self._base_edge_colors = colors
        self.base_widths = widths
        self.lines.set_linewidths(widths)
        self.lines.set_color(colors)

    def set_node_colors(self, colors: dict) -> None:
        """Face colours by node name; nodes not in ``colors`` get their default."""
        for coll, group in ((self.round_pts, self.round), (self.square_pts, self.square)):
            if not group:
                continue
            faces = [colors.get(n.name, self.base_face[n.name]) for n in group]
            coll.set_facecolor(faces)

    def set_edge_colors(self, colors: dict, width: float = 3.0, fade: bool = True) -> None:
        """Highlight edges ``(src, dst) -> colour``; the others are faded if ``fade``."""
        base = self._base_edge_colors.copy()
        widths = self.base_widths.copy()
        if fade and colors:
            base[:, 3] = np.minimum(base[:, 3], 0.35)
        for key, color in colors.items():
            i = self._edge_index.get(key)
            if i is not None:
                base[i] = to_rgba(color)
                widths[i] = max(width, widths[i])
        self.lines.set_color(base)
        self.lines.set_linewidths(widths)

    def set_texts(self, texts: dict, offset: float = 0.0, color: str = TEXT_GREY) -> None:
        """Text near each node (e.g. its value); created on first use, then only updated."""
        for name, text in texts.items():
            t = self.texts.get(name)
            if t is None:
                n = self.picture.node(name)
                t = self.ax.text(
                    n.x,
                    n.y + offset,
                    text,
                    ha="center",
                    va="top",
                    fontsize=self.fontsize,
                    color=color,
                    zorder=6,
                    linespacing=1.0,
                    bbox={"fc": "white", "ec": "none", "alpha": 0.75, "pad": 0.6},
                )
                self.texts[name] = t
            else:
                t.set_text(text)

    def edges_of_layer(self, l: int) -> list:
        """``(src, dst)`` of the edges that carry the weights ``W[l]``."""
        prefix = f"W[{l}]"
        return [
            (e.src, e.dst)
            for e in self.edges
            if e.kind == "weight" and e.param and e.param.startswith(prefix)
        ]

    def legend(self, text: str, fontsize: float = 8.5) -> None:
        """A one-line key at the bottom left of the axes."""
        self.ax.text(
            0.0,
            0.0,
            text,
            transform=self.ax.transAxes,
            fontsize=fontsize,
            color=TEXT_GREY,
            va="bottom",
            ha="left",
        )

    def node_colors(self) -> dict:
        """Current face colours by node name, as RGBA tuples (for tests)."""
        out = {}
        for coll, group in ((self.round_pts, self.round), (self.square_pts, self.square)):
            faces = coll.get_facecolors()
            for i, n in enumerate(group):
                out[n.name] = tuple(faces[i if len(faces) > 1 else 0])
        return out

    def nearest(self, x: float, y: float, kinds=None, radius: float = 0.45):
        """Name of the node nearest to data point ``(x, y)`` within ``radius``, or None."""
        best, dist = None, radius
        for n in self.picture.nodes:
            if kinds is not None and n.kind not in kinds:
                continue
            d = np.hypot(n.x - x, n.y - y)
            if d < dist:
                best, dist = n.name, d
        return best


def layer_titles(ax, picture, sizes, fontsize: float = 9) -> list:
    """Write "layer l" at the top of the axes above each layer; returns the Text artists."""
    from matplotlib.transforms import blended_transform_factory

    top = blended_transform_factory(ax.transData, ax.transAxes)
    out = []
    for l in range(len(sizes)):
        xs = [
            n.x for n in picture.nodes if n.layer == l and n.kind in ("input", "neuron", "S", "a")
        ]
        if xs:
            label = "x = a[0]" if l == 0 else f"layer {l}"
            out.append(
                ax.text(
                    np.mean(xs),
                    0.995,
                    label,
                    ha="center",
                    va="top",
                    fontsize=fontsize,
                    color=TEXT_GREY,
                    transform=top,
                )
            )
    return out
