"""Notebook 3's apps: influence paths, the path-sum table, the cost explorer, the memo table.

Each app holds a pure model from :mod:`backprop_tutorial.models.paths`, draws with
:mod:`backprop_tutorial.plots.paths`, and only updates artists and HTML on a change.

Long path sums (:class:`CostExplorer`'s "Measure here") run in a background thread,
so the kernel stays free to receive the Stop button's click: the thread's progress
callback reads a stop flag and updates the progress bar.  Sizes whose estimated time
is over the model's limit are refused with a message, never started.
"""

from __future__ import annotations

import threading
import time

import ipywidgets as widgets

from ..models import paths as pm
from ..models.paths import format_seconds
from ..paths import EnumerationStopped
from ..plots.paths import (
    CostPlot,
    MemoPlot,
    NetworkPathsPlot,
    cost_legend_html,
    cost_table_html,
    memo_table_html,
    path_sum_table_html,
)
from .base import COLORS, App, figure

_WIDE = {"description_width": "initial"}


def _layout(**kw):
    return widgets.Layout(**kw)


class InfluencePaths(App):
    """Every path from a first-layer weight to the cost, one at a time or all together.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths of the network drawn.
    """

    def __init__(self, sizes=(2, 3, 3, 2)):
        super().__init__()
        self.model = pm.InfluencePaths(sizes)
        self.fig = figure(7.0, 3.3)
        ax = self.fig.add_axes([0.01, 0.02, 0.98, 0.96])
        self.plot = NetworkPathsPlot(ax, self.model.sizes)
        self.figures = [self.fig]
        self.weight = widgets.Dropdown(
            options=self.model.weight_labels(0), description="weight", layout=_layout(width="220px")
        )
        # Numbered from 1, like the "path 3 of 6" text beside it.
        self.path = widgets.IntSlider(
            1,
            1,
            self.model.count,
            description="path",
            continuous_update=True,
            layout=_layout(width="340px"),
        )
        self.play = widgets.Play(
            interval=700, min=1, max=self.model.count, layout=_layout(width="150px")
        )
        widgets.jslink((self.play, "value"), (self.path, "value"))
        self.show_all = widgets.Checkbox(
            False, description="all paths at once", indent=False, layout=_layout(width="160px")
        )
        self.info = widgets.HTML()
        self.controls = {
            "weight": self.weight,
            "path": self.path,
            "show_all": self.show_all,
            "play": self.play,
        }
        self.weight.observe(self.guard(self._on_weight), names="value")
        self.path.observe(self.guard(self._on_path), names="value")
        self.show_all.observe(self.guard(self._on_path), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.weight, self.path, self.play, self.show_all]),
                self.info,
                self.fig.canvas,
                self.errors,
            ]
        )
        self._redraw()

    def _on_weight(self, change):
        self.model.select_label(change["new"])
        # Lower the value before the max, so the slider never holds an invalid value.
        self.path.value = 1
        self.path.max = self.play.max = self.model.count
        self._redraw()

    def _on_path(self, change):
        self.model.select(self.path.value - 1)
        self._redraw()

    def _redraw(self):
        m = self.model
        self.plot.show(m, self.show_all.value)
        check = "✓ matches" if m.matches else "✗ does NOT match"
        self.info.value = (
            f'<div style="font-size:14px">{m.label} reaches the cost along '
            f'<b class="bt-count">{m.count}</b> paths. '
            f"Formula: {m.formula_text} — {check} the enumeration.<br>"
            f'<span style="color:{COLORS["path"]}">path {m.index + 1} of {m.count}: '
            f"{m.describe()}</span></div>"
        )
        self.fig.canvas.draw_idle()


class PathSumTable(App):
    """The gradient of one weight as a sum over paths, next to backprop's value.

    Parameters
    ----------
    model : PathSumTable, optional
    """

    def __init__(self, model: pm.PathSumTable | None = None):
        super().__init__()
        self.model = pm.PathSumTable() if model is None else model
        self.weight = widgets.Dropdown(
            options=self.model.weight_labels(0),
            value=self.model.label,
            description="weight",
            layout=_layout(width="220px"),
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.controls = {"weight": self.weight}
        self.weight.observe(self.guard(self._on_weight), names="value")
        self.widget = widgets.VBox([self.weight, self.summary, self.table, self.errors])
        self._refresh()

    def _on_weight(self, change):
        self.model.select_label(change["new"])
        self._refresh()

    def _refresh(self):
        m = self.model
        sizes = ", ".join(map(str, m.net.sizes))
        x = ", ".join(f"{v:g}" for v in m.x)
        y = ", ".join(f"{v:g}" for v in m.y)
        self.summary.value = (
            f'<div style="font-size:14px">Network [{sizes}], sigmoid, quadratic cost, '
            f"x = ({x}), y = ({y}). dJ/d{m.label} = the sum of <b>{len(m.rows)}</b> "
            f"path products ({m.n_multiplications} multiplications). "
            f'Sum − backprop = <b class="bt-diff">{m.difference:.1e}</b> '
            f"(relative {m.relative_error:.1e}): rounding only.</div>"
        )
        self.table.value = path_sum_table_html(m)


class CostExplorer(App):
    """Cost of the path sum, backprop and finite differences as depth and width change.

    Parameters
    ----------
    model : CostModel, optional
        Built (and its grid measured, about a second) when not given.
    depth, width : int
        Initial slider values.
    """

    def __init__(self, model: pm.CostModel | None = None, depth: int = 4, width: int = 3):
        super().__init__()
        if model is None:
            model = pm.CostModel()
            model.measure_all()
        self.model = model
        self.depth = widgets.IntSlider(
            depth,
            min(model.depths),
            max(model.depths),
            description="depth L",
            continuous_update=False,
            style=_WIDE,
            layout=_layout(width="330px"),
        )
        self.width = widgets.IntSlider(
            width,
            min(model.widths),
            max(model.widths),
            description="width",
            continuous_update=False,
            style=_WIDE,
            layout=_layout(width="330px"),
        )
        self.measure = widgets.Button(
            description="Measure here",
            icon="play",
            tooltip="time finite differences and the path sum for "
            "this shape (runs in the background)",
        )
        self.stop = widgets.Button(description="Stop", icon="stop", disabled=True)
        self.progress = widgets.IntProgress(0, 0, 1000, layout=_layout(width="220px"))
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.fig = figure(9.0, 3.2)
        ax_ops = self.fig.add_axes([0.08, 0.15, 0.40, 0.8])
        ax_time = self.fig.add_axes([0.58, 0.15, 0.40, 0.8])
        self.plot = CostPlot(ax_ops, ax_time, in_figure_text=False)
        self.legend = widgets.HTML()
        self.figures = [self.fig]
        self.controls = {
            "depth": self.depth,
            "width": self.width,
            "measure": self.measure,
            "stop": self.stop,
        }
        self._stop_flag = threading.Event()
        self._thread: threading.Thread | None = None
        self.depth.observe(self.guard(self._on_depth), names="value")
        self.width.observe(self.guard(self._on_width), names="value")
        self.measure.on_click(self.guard(self._on_measure))
        self.stop.on_click(self.guard(lambda _: self._stop_flag.set()))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.depth, self.width]),
                self.table,
                widgets.HBox([self.measure, self.stop, self.progress, self.status]),
                self.legend,
                self.fig.canvas,
                self.errors,
            ]
        )
        self._set_width()
        self._set_depth()

    # -- views -------------------------------------------------------------------------
    def _set_width(self):
        w = self.width.value
        self.plot.set_width(self.model.curves(w), self.model.measured_points(w), w)
        self.legend.value = cost_legend_html(w)

    def _set_depth(self):
        row = (
            self.model.row(self.depth.value, self.width.value, measure=False)
            if (self.depth.value, self.width.value) in self.model.measurements
            else self.model.row(self.depth.value, self.width.value)
        )
        self.row = row
        self.table.value = cost_table_html(row)
        self.plot.set_depth(row, row.estimated.get("path_sum"))
        self.measure.disabled = self.running
        self.fig.canvas.draw_idle()

    def _on_depth(self, change):
        self._set_depth()

    def _on_width(self, change):
        self._set_width()
        self._set_depth()

    # -- measuring in the background -------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _on_measure(self, _button=None):
        self.measure_here(wait=False)

    def measure_here(self, wait: bool = True) -> None:
        """Measure finite differences and the path sum for the current shape.

        Sizes beyond the model's limit get a message and nothing runs.  With
        ``wait=False`` (the button) the work runs in a thread and Stop can end it.
        """
        if self.running:
            return
        d, w = self.depth.value, self.width.value
        row = self.model.row(d, w, measure=False)
        if row.status == "too_large":
            self.model.measure(d, w, everything=True)  # FD is affordable: measure it
            self._set_depth()
            self._set_width()
            self.status.value = (
                f'<span style="color:{COLORS["backward"]}">Refused: the path '
                f"sum would take {row.estimate_text}.</span>"
            )
            return
        self._stop_flag.clear()
        self.progress.value = 0
        self.stop.disabled = False
        # The sliders wait for the run: the thread redraws this shape's row when done.
        self.measure.disabled = self.depth.disabled = self.width.disabled = True
        self.status.value = "measuring…"
        start = time.perf_counter()

        def progress(done, total):
            self.progress.value = int(1000 * done / total)
            self.status.value = f"{done:,} of {total:,} path products…"
            return not self._stop_flag.is_set()

        def work():
            try:
                self.model.measure_here(d, w, progress=progress)
                msg = f"done in {format_seconds(time.perf_counter() - start)}"
            except EnumerationStopped as exc:
                msg = f"stopped: {exc}"
            except Exception as exc:  # noqa: BLE001 - shown in the app
                self.show_error(exc)
                msg = "failed"
            self.stop.disabled = True
            self.depth.disabled = self.width.disabled = False
            self.progress.value = 1000 if msg.startswith("done") else self.progress.value
            self.status.value = msg
            self._thread = None
            self.guard(self._after_measure)()

        if wait:
            work()
        else:
            self._thread = threading.Thread(target=work, daemon=True)
            self._thread.start()

    def _after_measure(self):
        self._set_width()
        self._set_depth()


class MemoTable(App):
    """The backward pass filling the memo table, one ``δ[l][j]`` per step.

    Parameters
    ----------
    model : MemoTable, optional
    """

    def __init__(self, model: pm.MemoTable | None = None):
        super().__init__()
        self.model = pm.MemoTable() if model is None else model
        self.step = widgets.IntSlider(
            0, 0, self.model.n_steps, description="step", layout=_layout(width="360px")
        )
        self.play = widgets.Play(
            interval=900, min=0, max=self.model.n_steps, layout=_layout(width="150px")
        )
        widgets.jslink((self.play, "value"), (self.step, "value"))
        self.rule = widgets.HTML()
        self.table = widgets.HTML()
        self.fig = figure(5.6, 3.6)
        ax = self.fig.add_axes([0.0, 0.0, 1.0, 1.0])
        self.plot = MemoPlot(ax, self.model)
        self.figures = [self.fig]
        self.controls = {"step": self.step, "play": self.play}
        self.step.observe(self.guard(self._on_step), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.step, self.play]),
                self.rule,
                widgets.HBox([self.fig.canvas, self.table]),
                self.errors,
            ]
        )
        self._on_step()

    def _on_step(self, change=None):
        state = self.model.state(self.step.value)
        self.state = state
        self.plot.show(state)
        done = "Table complete: every gradient is now one lookup away. " if state.complete else ""
        self.rule.value = (
            f'<div style="font-size:14px;min-height:2.6em">Step {state.step} of '
            f'{self.model.n_steps}: <span class="bt-rule">{state.text}</span><br>'
            f"{done}Multiplications so far: {state.multiplications}</div>"
        )
        self.table.value = memo_table_html(self.model, state)
        self.fig.canvas.draw_idle()
