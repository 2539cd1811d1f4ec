"""Shared pieces of every interactive app: figures, the error panel, display.

An app is a pure model object (no widgets; tests drive it directly) plus a thin
view built from ipywidgets.  Views create their figures once with :func:`figure`,
update artists in place and call ``draw_idle``; every callback goes through
:meth:`App.guard` so a failure shows in the app instead of vanishing.
"""

from __future__ import annotations

import functools
import html
import traceback

import ipywidgets as widgets
from matplotlib.figure import Figure

# Colours shared by all notebooks, so a colour means the same thing everywhere.
COLORS = {
    "forward": "#1f77b4",  # values, forward pass
    "backward": "#d62728",  # gradients, backward pass
    "shared": "#ff7f0e",  # a gradient reused by several others (dJ/dP1, delta[l])
    "active": "#ffd84d",  # the node the current step computes
    "done": "#e8f1fb",  # nodes already computed
    "idle": "#f2f2f2",  # nodes not yet computed
    "param": "#2ca02c",  # weights and biases
    "path": "#9467bd",
}

UNKNOWN = "\u2014"  # "—": a value not computed yet (never a misleading 0)


def figure(width: float, height: float, dpi: int = 100) -> Figure:
    """A matplotlib figure drawn on an ipympl canvas widget, independent of ``%matplotlib``.

    The figure is not registered with pyplot, so it is never shown twice and never
    piles up; put ``fig.canvas`` in a widget layout to display it.
    """
    from ipympl.backend_nbagg import Canvas, FigureManager

    fig = Figure(figsize=(width, height), dpi=dpi)
    canvas = Canvas(fig)
    FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    canvas.layout.width = f"{width * dpi:.0f}px"
    return fig


def fmt(value, spec: str = ".3g") -> str:
    """Format a number, or "—" for a value not known yet."""
    return UNKNOWN if value is None else format(value, spec)


class App:
    """Base class for the notebook apps.

    Subclasses build ``self.widget`` (the layout to show) and route every callback
    through :meth:`guard`.  ``errors`` is an Output widget placed in the layout;
    ``last_error`` keeps the latest exception text for tests.

    Every app also fills two attributes that tests and ``benchmarks/run.py`` use to
    drive any app the same way, without a browser:

    - ``controls``: name -> widget (sliders, dropdowns, buttons) the learner touches;
    - ``figures``: the figures it draws.  After a control changes, only figures whose
      ``stale`` flag is set need redrawing.
    """

    def __init__(self):
        self.errors = widgets.Output(layout=widgets.Layout(width="100%"))
        self.last_error: str | None = None
        self.widget: widgets.Widget | None = None
        self.controls: dict = {}
        self.figures: list = []

    def guard(self, fn):
        """Wrap a callback: exceptions are shown in the app's error panel."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure must be visible
                self.show_error(exc)
                return None
            if self.last_error is not None:
                self.clear_error()
            return result

        return wrapper

    def show_error(self, exc: BaseException) -> None:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        self.last_error = text
        detail = html.escape("".join(traceback.format_exception(exc))[-3000:])
        self.errors.clear_output()
        with self.errors:
            from IPython.display import HTML, display

            display(
                HTML(
                    f'<div class="bt-error" style="color:#b00020;border:1px solid #b00020;'
                    f'padding:6px;border-radius:4px"><b>Something went wrong:</b> '
                    f"{html.escape(text)}<details><summary>details</summary><pre>{detail}"
                    f"</pre></details></div>"
                )
            )

    def clear_error(self) -> None:
        self.last_error = None
        self.errors.clear_output()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
