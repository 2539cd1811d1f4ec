"""Draw any recorded graph (a :class:`~backprop_tutorial.graph.Trace`) as boxes and arrows.

Nodes are laid out left to right by depth (the longest path from the leaves);
a leaf sits one column before its first consumer so that parameters appear next
to the operation that uses them.  Each box shows the node's name, its value and
its gradient ("—" while unknown).  :meth:`GraphView.update` only changes texts and
colours, so stepping through a pass never rebuilds the picture.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

BOX_W, BOX_H = 0.74, 0.74  # box size in data units (one column/row = 1 unit)


def _default_colors() -> dict:
    # Imported lazily: plots must not need ipywidgets, but share the apps' palette.
    from ..widgets.base import COLORS

    return COLORS


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


class GraphView:
    """A trace drawn into a matplotlib figure, updated in place by :meth:`update`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw in (its size is best taken from :meth:`figsize`).
    trace : Trace
        The graph.
    positions : dict, optional
        ``name -> (x, y)`` to override :func:`layout`.
    colors : dict, optional
        Palette; defaults to ``backprop_tutorial.widgets.base.COLORS``.
    fontsize : float
        Size of node names; values and gradients are one point smaller.
    """

    COL_INCHES, ROW_INCHES = 1.6, 0.95

    def __init__(self, fig, trace, positions=None, colors=None, fontsize: float = 10.5):
        self.fig = fig
        self.colors = dict(colors or _default_colors())
        self.fontsize = fontsize
        self.ax = fig.add_axes((0.005, 0.01, 0.99, 0.98))
        self.ax.set_axis_off()
        self.rebuild(trace, positions)

    @staticmethod
    def figsize(*traces, positions=None) -> tuple:
        """A figure size (inches) that fits every given trace with readable boxes."""
        w, h = 3.0, 1.3
        for trace in traces:
            pos = positions or layout(trace)
            xs = [p[0] for p in pos.values()]
            ys = [p[1] for p in pos.values()]
            w = max(w, (max(xs) - min(xs) + 1) * GraphView.COL_INCHES)
            h = max(h, (max(ys) - min(ys) + 1) * GraphView.ROW_INCHES + 0.15)
        return w, h

    # -- building -------------------------------------------------------------
    def rebuild(self, trace, positions=None) -> None:
        """Draw a (new) trace from scratch; later steps only call :meth:`update`."""
        self.ax.clear()
        self.ax.set_axis_off()
        self.trace = trace
        self.pos = dict(positions or layout(trace))
        xs = [p[0] for p in self.pos.values()]
        ys = [p[1] for p in self.pos.values()]
        # One column/row keeps the same size in inches whatever the graph, so boxes
        # never stretch; a small graph sits centred in a larger figure.
        w, h = self.fig.get_size_inches()
        span_x = max(max(xs) - min(xs) + 1, 0.99 * w / self.COL_INCHES)
        span_y = max(max(ys) - min(ys) + 1, 0.98 * (h - 0.15) / self.ROW_INCHES)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        self.ax.set_xlim(cx - span_x / 2, cx + span_x / 2)
        self.ax.set_ylim(cy - span_y / 2, cy + span_y / 2)
        self.boxes, self.values, self.grads, self._long = {}, {}, {}, {}
        # Wider boxes when names are long (the per-weight products of a network).
        longest = max(len(n.name) for n in trace.nodes)
        self.box_w = BOX_W if longest <= 9 else 0.9
        self.edges, self.back_edges = {}, {}
        for n in trace.nodes:
            self._draw_node(n)
        for n in trace.nodes:
            pairs = {}
            for slot, p in enumerate(n.parents):
                pairs.setdefault(p.name, []).append(slot)
            for pname, slots in pairs.items():
                for i, slot in enumerate(slots):
                    # Two uses of the same operand (x * x): two arcs bending apart.
                    if len(slots) == 1:
                        self._draw_edge(pname, n.name, slot, 0.0, 0.0)
                    else:
                        lift = 0.22 * (1 if i == 0 else -1)
                        self._draw_edge(pname, n.name, slot, -0.3 * np.sign(lift), lift)

    def _draw_node(self, n) -> None:
        x, y = self.pos[n.name]
        c = self.colors
        box = FancyBboxPatch(
            (x - self.box_w / 2, y - BOX_H / 2),
            self.box_w,
            BOX_H,
            boxstyle="round,pad=0,rounding_size=0.08",
            lw=1.2,
            fc=c["idle"],
            ec="#9a9a9a",
            zorder=2,
        )
        self.ax.add_patch(box)
        self.boxes[n.name] = box
        # Two texts per node (each text costs render time on every redraw): the name with
        # its value, in the forward colour (green for parameters), and the gradient in the
        # backward colour.  Long names (W[0][0,1]·a[0][1]) put the value on a second line.
        self._long[n.name] = len(n.name) > 4
        fs = self.fontsize
        name_fs = min(fs, fs * 15 * self.box_w / max(len(n.name), 1))
        self.values[n.name] = self.ax.text(
            x,
            y + (0.1 if self._long[n.name] else 0.13),
            n.name,
            ha="center",
            va="center",
            fontsize=name_fs,
            fontweight="bold",
            color=c["param"] if n.requires_grad and n.is_leaf else c["forward"],
            linespacing=1.3,
            zorder=3,
            clip_on=True,
        )
        self.grads[n.name] = self.ax.text(
            x,
            y - (0.24 if self._long[n.name] else 0.15),
            "",
            ha="center",
            va="center",
            fontsize=fs - 1,
            color=c["backward"],
            zorder=3,
            clip_on=True,
        )

    def _endpoints(self, parent: str, child: str) -> tuple:
        (x0, y0), (x1, y1) = self.pos[parent], self.pos[child]
        dx, dy = x1 - x0, y1 - y0

        # Leave the parent's box and enter the child's box on the sides facing each other.
        def exit_point(x, y, sx, sy):
            if abs(sx) * BOX_H >= abs(sy) * self.box_w:  # through a vertical side
                t = (self.box_w / 2) / max(abs(sx), 1e-9)
            else:
                t = (BOX_H / 2) / max(abs(sy), 1e-9)
            return x + sx * t, y + sy * t

        a = exit_point(x0, y0, dx, dy)
        b = exit_point(x1, y1, -dx, -dy)
        return a, b

    def _draw_edge(self, parent: str, child: str, slot: int, rad: float, lift: float) -> None:
        a, b = self._endpoints(parent, child)
        # Repeated operands (x * x): arcs leave and enter higher or lower on the boxes.
        a, b = (a[0], a[1] + lift), (b[0], b[1] + lift)
        style = f"arc3,rad={rad}"
        fwd = FancyArrowPatch(
            a,
            b,
            connectionstyle=style,
            arrowstyle="-|>",
            mutation_scale=11,
            lw=1.1,
            color="#8c8c8c",
            zorder=1,
            shrinkA=1,
            shrinkB=1,
        )
        back = FancyArrowPatch(
            b,
            a,
            connectionstyle=f"arc3,rad={-rad}",
            arrowstyle="-|>",
            mutation_scale=16,
            lw=3.0,
            color=self.colors["backward"],
            zorder=1.5,
            shrinkA=1,
            shrinkB=1,
            visible=False,
        )
        self.ax.add_patch(fwd)
        self.ax.add_patch(back)
        self.edges[(parent, child, slot)] = fwd
        self.back_edges[(parent, child, slot)] = back

    # -- updating -------------------------------------------------------------
    def update(self, model) -> None:
        """Show the state of a :class:`~backprop_tutorial.models.StepperModel`.

        Only texts and colours change.
        """
        c = self.colors
        light_grad = to_rgba(c["backward"], 0.13)
        for name, box in self.boxes.items():
            value, grad = model.node_text(name)
            sep = "\n= " if self._long[name] else " = "
            self.values[name].set_text(f"{name}{sep}{value}")
            self.grads[name].set_text(grad if grad == "held fixed" else f"grad {grad}")
            self.grads[name].set_color("#8c8c8c" if grad == "held fixed" else c["backward"])
            status = model.node_status(name)
            if status == "active":
                box.set_facecolor(c["active"])
                box.set_edgecolor("#222222")
                box.set_linewidth(2.4)
            elif status == "upstream":
                box.set_facecolor(light_grad)
                box.set_edgecolor(c["backward"])
                box.set_linewidth(2.4)
            elif status == "grad":
                box.set_facecolor(light_grad)
                box.set_edgecolor(c["backward"])
                box.set_linewidth(1.2)
            elif status == "value":
                box.set_facecolor(c["done"])
                box.set_edgecolor(c["forward"])
                box.set_linewidth(1.2)
            else:
                box.set_facecolor(c["idle"])
                box.set_edgecolor("#9a9a9a")
                box.set_linewidth(1.2)
        active = set(model.active_edges())
        backward = model.phase in ("backward", "done") and model.step is not None
        for key, edge in self.edges.items():
            on = key in active
            forward_on = on and not backward
            edge.set_color(c["forward"] if forward_on else "#8c8c8c")
            edge.set_linewidth(2.6 if forward_on else 1.1)
            self.back_edges[key].set_visible(on and backward)

    def texts(self) -> dict:
        """``name -> (name-and-value text, gradient text)`` as drawn (for tests)."""
        return {n: (self.values[n].get_text(), self.grads[n].get_text()) for n in self.boxes}
