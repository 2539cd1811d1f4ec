"""``SharedGradient``: two weights, their paths to J, and the delta they share."""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.colors import to_rgba

from ..models import network as nm
from ..plots import network as pn
from .base import COLORS, App, figure
from .layer_stepper import to_rgba_hex
from .network_controls import _lay, _lines_html, _sizes_box, _swatch
from .two_pictures import SURGERY_KEY


class SharedGradient(App):
    """Two weights, the paths their gradients need, and the deltas they share.

    Parameters
    ----------
    sizes : str or sequence of int
    first, second : str
        The two weights (default ``W[0][0,0]`` and ``W[0][1,1]``).
    """

    def __init__(self, sizes="2, 3, 3, 1", first="W[0][0,0]", second="W[0][1,1]", seed: int = 0):
        super().__init__()
        self.model = nm.SharedGradientModel(sizes, first, second, seed)
        self.fig = figure(8.8, 4.4)
        self.figures = [self.fig]
        self.sizes = _sizes_box(", ".join(map(str, self.model.sizes)))
        names = self.model.weight_names()
        self.first = widgets.Dropdown(
            options=names,
            value=self.model.first,
            description="weight 1",
            layout=_lay(width="200px"),
        )
        self.second = widgets.Dropdown(
            options=names,
            value=self.model.second,
            description="weight 2",
            layout=_lay(width="200px"),
        )
        self.legend = widgets.HTML(
            '<div style="font-size:13px">'
            + _swatch(pn.FIRST, "only weight 1's path")
            + _swatch(pn.SECOND, "only weight 2's path")
            + _swatch(COLORS["shared"], "delta both need, computed once")
            + _swatch(to_rgba_hex(COLORS["shared"], 0.35), "shared further on")
            + "</div>"
        )
        self.text = widgets.HTML(layout=_lay(width="860px"))
        self.controls = {"sizes": self.sizes, "first": self.first, "second": self.second}
        self.sizes.observe(self.guard(self._on_sizes), names="value")
        self.first.observe(self.guard(self._on_weights), names="value")
        self.second.observe(self.guard(self._on_weights), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.first, self.second, self.sizes]),
                self.legend,
                self.fig.canvas,
                self.text,
                self.errors,
            ]
        )
        self.widget.add_class("bt-shared-gradient")  # for browser tests and styling
        self._build()

    def _build(self) -> None:
        self.fig.clear()
        ax = self.fig.add_axes((0.01, 0.01, 0.98, 0.98))
        self.view = pn.PictureView(ax, self.model.picture)
        pn.layer_titles(ax, self.model.picture, self.model.sizes)
        self.view.legend(SURGERY_KEY)
        m = self.model.meeting_layer
        self.meeting_label = None
        if m is not None:
            # Below the lowest S node of that layer: biases sit above, weights to the left.
            low = min(n.y for n in self.model.picture.nodes if n.name.startswith(f"S[{m}]"))
            x = self.model.picture.node(f"S[{m}][0]").x
            self.meeting_label = ax.text(
                x - 0.25,
                low - 0.38,
                f"delta[{m}] = dJ/dS[{m}]",
                ha="left",
                va="top",
                fontsize=9,
                color=COLORS["shared"],
                fontweight="bold",
                bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 1},
            )
        self._update()

    def _update(self) -> None:
        m = self.model
        role_color = {
            "first": pn.FIRST,
            "second": pn.SECOND,
            "meeting": COLORS["shared"],
            "shared": to_rgba(COLORS["shared"], 0.35),
        }
        self.view.set_node_colors({n: role_color[r] for n, r in m.roles.items()})
        edge_color = {"first": pn.FIRST, "second": pn.SECOND, "shared": COLORS["shared"]}
        self.view.set_edge_colors({e: edge_color[r] for e, r in m.edge_roles().items()})
        self.text.value = _lines_html(m.explain(), COLORS["shared"])
        self.fig.canvas.draw_idle()

    def _on_sizes(self, change) -> None:
        self.model.set_sizes(change["new"])
        names = self.model.weight_names()
        # Keep the dropdowns consistent without firing a half-updated selection.
        with self.first.hold_trait_notifications(), self.second.hold_trait_notifications():
            self._syncing = True
            self.first.options = names
            self.second.options = names
            self.first.value = self.model.first
            self.second.value = self.model.second
        self._syncing = False
        self._build()

    _syncing = False

    def _on_weights(self, change) -> None:
        if self._syncing:
            return
        before = self.model.meeting_layer
        self.model.set_weights(self.first.value, self.second.value)
        if self.model.meeting_layer != before:
            self._build()  # the shared delta moved to another layer: move its label
        else:
            self._update()
