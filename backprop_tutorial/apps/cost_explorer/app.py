"""``CostExplorerApp``: path sum, backprop and finite differences, counted and timed.

The chart is drawn in the browser (:class:`~.plot.PlotWidget`): a depth move sends only
the "current depth" marks, a width move the curves of that width.  A long path sum
("Measure here") runs in a background thread, so the kernel stays free to receive the
Stop button's click: the thread's progress callback reads a stop flag and moves the
progress bar.  Sizes whose multiplications are over the model's limit (a count, so the
answer does not depend on the machine's load) are refused with the exact count, never
started.  An error in the background run stays on screen until
the next action that succeeds.
"""

from __future__ import annotations

import html
import threading
import time

import ipywidgets as widgets

from ...core.paths import EnumerationStopped
from ...ui.style import var
from ...ui.text import format_seconds
from ...ui.widgets.app import NO_CHANGE, App
from ...ui.widgets.controls import WIDE
from ...ui.widgets.plot import PlotWidget
from .model import METHOD_NAMES, CostExplorerModel
from .scene import cost_figure, cost_layers, cost_table_html, here_layers


class CostExplorerApp(App):
    """Cost of the path sum, backprop and finite differences as depth and width change.

    Parameters
    ----------
    model : CostExplorerModel, optional
        Built (and its grid measured, a few seconds) when not given.
    depth, width : int, optional
        The shape shown first (default: the model's).
    background : bool
        Run "Measure here" in a thread (the default; tests may run it in place).
    """

    def __init__(
        self,
        model: CostExplorerModel | None = None,
        depth: int | None = None,
        width: int | None = None,
        background: bool = True,
    ):
        super().__init__()
        if model is None:
            model = CostExplorerModel()
            model.measure_all()
        changes = {k: v for k, v in (("depth", depth), ("width", width)) if v is not None}
        model.set(**changes)
        self.model = model
        self.background = bool(background)
        self.depth = _shape_slider("depth L", model.depth, model.depths)
        self.width = _shape_slider("width", model.width, model.widths)
        self._measure_controls()
        self.table = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.plot = PlotWidget(layout=widgets.Layout(width="100%"))
        self.bind("depth", self.depth)
        self.bind("width", self.width)
        self.controls.update(measure=self.measure, stop=self.stop)
        self._stop_flag = threading.Event()
        self._thread: threading.Thread | None = None
        self._busy = False
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.depth, self.width], layout=widgets.Layout(flex_flow="row wrap")),
                self.table,
                widgets.HBox(
                    [self.measure, self.stop, self.progress, self.status],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.plot,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-cost-explorer")
        self._plotted = None
        self._status_for = None
        self.update()

    def _measure_controls(self) -> None:
        """Measure here, Stop, the progress bar and the status line of a measurement."""
        self.measure = widgets.Button(
            description="Measure here",
            icon="play",
            tooltip="time finite differences and the path sum for this shape "
            "(runs in the background)",
        )
        self.stop = widgets.Button(description="Stop", icon="stop", disabled=True)
        self.progress = widgets.IntProgress(0, 0, 1000, layout=widgets.Layout(width="200px"))
        self.status = widgets.HTML()
        self.on_press(self.measure, self._on_measure, resync=True)
        self.on_press(self.stop, self._on_stop)

    # -- views -------------------------------------------------------------------------
    def update(self) -> None:
        """Table and chart for the model's shape; the curves only when they changed."""
        m = self.model
        row = m.current_row()
        self.row = row
        self.table.value = cost_table_html(row, METHOD_NAMES)
        key = (m.width, m.version)
        if key != self._plotted:
            curves, points = m.curves(m.width), m.measured_points(m.width)
            self.plot.show(
                {
                    "figure": cost_figure(curves, points),
                    "layers": {**cost_layers(curves, points), **here_layers(row)},
                }
            )
            self._plotted = key
        else:
            self.plot.show({"layers": {**self.plot.layers, **here_layers(row)}})
        self.measure.disabled = self.running
        if self._status_for != (m.depth, m.width):
            # A status line speaks of one shape: it goes when the shape changes.
            self.status.value = ""
            self._status_for = None

    def _set_status(self, text: str) -> None:
        self.status.value = text
        self._status_for = (self.model.depth, self.model.width)

    def _update_keeping_errors(self) -> None:
        """Redraw after a background run without clearing an error it showed."""
        try:
            self.update()
            self.sync_controls()
        except Exception as exc:  # noqa: BLE001 - shown in the app
            self.show_error(exc)

    # -- measuring in the background -------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether a measurement is under way (the thread may still be tidying up)."""
        return self._busy

    def _on_stop(self, _button=None) -> None:
        self._stop_flag.set()

    def _on_measure(self, _button=None):
        # A click is a new action: the last error goes now, and an error of this run
        # (shown by the run itself) must not be cleared when the click returns.
        self.clear_error()
        self.measure_here(wait=not self.background)
        return NO_CHANGE

    def measure_here(self, wait: bool = True) -> None:
        """Measure finite differences and the path sum for the current shape.

        Sizes beyond the model's limit get a message with the exact count and nothing
        runs.  With ``wait=False`` the work runs in a thread and Stop can end it.
        """
        if self.running:
            return
        d, w = self.model.depth, self.model.width
        row = self.model.row(d, w)
        if row.status == "too_large":
            self.model.measure(d, w, everything=True)  # finite differences are affordable
            self.update()
            self._set_status(
                f'<span class="bt-refused" style="color:{var("error")}">Refused: '
                f"{html.escape(row.reason)}.</span>"
            )
            return
        self._stop_flag.clear()
        self._busy = True
        self.progress.value = 0
        self.stop.disabled = False
        # The sliders wait for the run: the thread redraws when done.
        self.measure.disabled = self.depth.disabled = self.width.disabled = True
        self._set_status("measuring…")
        start = time.perf_counter()

        def progress(done, total):
            self.progress.value = int(1000 * done / total)
            self.status.value = f"{done:,} of {total:,} (parameter, path) terms…"
            return not self._stop_flag.is_set()

        def work():
            failed = None
            try:
                self.model.measure_here(d, w, progress=progress)
                msg = f"done in {format_seconds(time.perf_counter() - start)}"
            except EnumerationStopped as exc:
                msg = f"stopped: {exc}"
            except Exception as exc:  # noqa: BLE001 - shown in the app
                failed = exc
                msg = f"failed: {type(exc).__name__}: {exc}"
            self.stop.disabled = True
            self.depth.disabled = self.width.disabled = False
            if msg.startswith("done"):
                self.progress.value = 1000
            self._set_status(
                f'<span class="bt-failed" style="color:{var("error")}">'
                f"{html.escape(msg)} (details below)</span>"
                if failed
                else html.escape(msg)
            )
            self._busy = False
            self._update_keeping_errors()
            if failed is not None:
                self.show_error(failed)

        if wait:
            work()
        else:
            self._thread = threading.Thread(target=work, daemon=True)
            self._thread.start()

    def wait(self, timeout: float = 120.0) -> None:
        """Wait for a background run to finish (tests, scripts)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def _shape_slider(description: str, value: int, stops) -> widgets.IntSlider:
    """A slider over the measured depths or widths (``stops``, increasing), starting at
    ``value``; the model is changed only when the slider is let go."""
    return widgets.IntSlider(
        value,
        stops[0],
        stops[-1],
        description=description,
        continuous_update=False,
        style=WIDE,
        layout=widgets.Layout(width="320px", max_width="100%"),
    )
