"""Shared pieces of every interactive app: the app protocol and the error panel.

The protocol (one way for every app):

- a **model** (pure, numpy only, tested without a browser) has ``params()`` -> dict and
  ``set(**changes)``, which validates everything first and raises ``ValueError``
  leaving the model exactly as it was;
- a **view** is built once from its model and has ``update(model)``; the browser widgets
  under it take their data through one method, ``show(data)``
  (:class:`~backprop_tutorial.ui.widgets.browser.BrowserWidget`);
- an **app** maps each control to a model parameter with :meth:`App.bind`.  When a
  control changes, the app calls ``model.set(name=value)``, updates its views, and
  then writes ``model.params()`` back into every bound control, so the model is the
  single source of truth: a rejected value snaps back, and a value the model changed
  by itself (a descent step moving w0) shows up in the slider.

Every callback goes through :meth:`App.guard`, so a failure shows in the app's error
panel instead of vanishing.
"""

from __future__ import annotations

import functools
import html
import math
import traceback

import ipywidgets as widgets

from ..style import var
from .browser import BrowserWidget, PendingBar

# Returned by a callback that found nothing to do.
NO_CHANGE = object()


def _same(a, b, tolerance: float) -> bool:
    """Whether a control's value already shows the model's value."""
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)):
        return a == b
    if not isinstance(b, (int, float)):
        return False
    if tolerance:
        return abs(a - b) <= tolerance
    return a == b or (math.isnan(a) and math.isnan(b))


def _set_options(widget, choices: list, value, handler) -> None:
    """Give a selection widget new ``choices`` and then the model's ``value``.

    Assigning options makes ipywidgets select the first one and notify observers at
    once (``hold_trait_notifications`` cannot defer it), so the app's own observer
    ``handler`` would send the model a choice nobody made.  It is detached while the
    model's state is written into the control.
    """
    widget.unobserve(handler, names="value")
    try:
        with widget.hold_sync():
            widget.options = choices
            values = [c[1] if isinstance(c, tuple) else c for c in choices]
            if value in values:
                widget.value = value
    finally:
        widget.observe(handler, names="value")


class App:
    """Base class for the notebook apps.

    Subclasses set ``self.model``, build ``self.widget`` (the layout to show), bind
    their controls with :meth:`bind` and implement :meth:`update` (redraw the views
    from the model).  ``errors`` is an Output widget placed in the layout;
    ``last_error`` keeps the latest exception text for tests.

    Every app also fills ``controls`` (name -> widget: sliders, dropdowns, buttons the
    learner touches), which tests and ``benchmarks/run.py`` use to drive any app the same
    way, without a browser.
    """

    model = None

    def __init__(self):
        # No width: 100% here, the box stretches it; with the widget margins 100% would stick
        # out by 4 px and give every app a sideways scroll bar.
        self.errors = widgets.Output()
        self.last_error: str | None = None
        self.widget: widgets.Widget | None = None
        self.controls: dict = {}
        self._bound: dict = {}
        self._redraw: dict = {}
        self._handlers: dict = {}
        self._followed: list = []  # buttons of on_press, controls of follow
        self._followers: list = []

    # -- the protocol ------------------------------------------------------------
    def bind(self, name: str, widget, *, tolerance: float = 0.0, model=None, redraw=True):
        """Make ``widget`` control the model parameter ``name``.

        Parameters
        ----------
        name : str
            A key of ``model.params()``.
        widget : ipywidgets.ValueWidget
        tolerance : float
            A value within this distance of the model's counts as "no change": a slider
            snaps the model's value to its step and sends it back, which must not
            restart anything (use half the slider's step).
        model : object, optional
            The model owning ``name`` (default ``self.model``).
        redraw : bool
            Whether a change redraws the views (:meth:`update`).  False for a control the
            browser already follows by itself (a step slider linked to its picture): the
            model only hears the new value.

        Returns
        -------
        the widget, for chaining in layouts.
        """
        self._bound[name] = (widget, tolerance, model)
        self._redraw[name] = redraw
        self.controls.setdefault(name, widget)
        # A control the browser follows by itself never marks a picture pending, so its
        # change has nothing to settle: no answer is sent back for each step.
        self._handlers[name] = self.guard(self._on_bound, resync=True, settle=redraw)
        widget.observe(self._handlers[name], names="value")
        return widget

    def bind_steps(self, name: str, slider, play):
        """Make a stepped picture's ``slider`` (and ``play``, from
        :func:`~backprop_tutorial.ui.widgets.scene.stepped_scene`) control the model's
        step ``name``.

        The browser already shows every step's frame, so a step only tells the model: it
        does not redraw, mark the pictures pending or send an answer back.  Returns the
        slider.
        """
        self.bind(name, slider, redraw=False)
        self.controls.setdefault("play", play)
        return slider

    def on_press(self, button, fn, *, resync: bool = False):
        """Run ``fn(button)`` when ``button`` is pressed, guarded (see :meth:`guard`).

        The app's pictures show that they are pending from the press until the kernel has
        answered (:meth:`follow_controls`).  Returns the button.
        """
        button.on_click(self.guard(fn, resync=resync))
        return self.follow(button)

    def follow(self, control):
        """Count ``control`` among those whose change asks the kernel for a new read-out
        (for a control observed by the app itself rather than bound); returns it."""
        if control not in self._followed:
            self._followed.append(control)
        return control

    def follow_controls(self) -> None:
        """Tell the app's browser views which controls ask the kernel for a new picture.

        Those are the bound controls that redraw and the buttons of :meth:`on_press`.  From
        a press of one until the kernel has answered, each view marks itself pending in the
        browser at once (a bar along its top edge, ``aria-busy``): the learner sees the
        press within a frame even when the server is slow.  An app whose read-outs are
        HTML only gets a :class:`PendingBar` along its top edge for this.  Called when the
        app is shown, and by an app whose followed controls change.
        """
        if self.widget is None:
            return
        ids = [w.model_id for n, (w, _, _) in self._bound.items() if self._redraw[n]]
        ids += [c.model_id for c in self._followed if c.comm is not None]
        self._followers = list(_browser_views(self.widget))
        if not self._followers and ids and isinstance(self.widget, widgets.Box):
            bar = PendingBar()
            self.widget.children = (bar, *self.widget.children)
            self._followers = [bar]
        for view in self._followers:
            if list(view.pending_on) != ids:
                view.pending_on = ids

    def _settle(self) -> None:
        """Count one answer of the kernel in every followed view (ends "pending")."""
        for view in self._followers:
            view.settled += 1

    def _model_of(self, name: str):
        model = self._bound[name][2]
        return self.model if model is None else model

    def _on_bound(self, change) -> None:
        name = next(n for n, (w, _, _) in self._bound.items() if w is change["owner"])
        widget, tolerance, _ = self._bound[name]
        model = self._model_of(name)
        if _same(change["new"], model.params()[name], tolerance):
            return NO_CHANGE
        model.set(**{name: change["new"]})
        if self._redraw[name]:
            self.update()
        return None

    def sync_controls(self) -> None:
        """Write the models' parameters into every bound control (the model wins)."""
        cache: dict = {}
        for name, (widget, tolerance, _) in self._bound.items():
            model = self._model_of(name)
            params = cache.setdefault(id(model), model.params())
            if name not in params:
                continue
            value = params[name]
            options = getattr(model, "param_options", None)
            if options is not None and hasattr(widget, "options"):
                choices = options().get(name)
                if choices is not None and list(widget.options) != list(choices):
                    _set_options(widget, list(choices), value, self._handlers[name])
            if not _same(widget.value, value, tolerance):
                with widget.hold_trait_notifications():
                    widget.value = value

    def update(self) -> None:
        """Redraw every view from the model (subclasses override)."""

    # -- errors ----------------------------------------------------------------------
    def guard(self, fn, resync: bool = False, settle: bool = True):
        """Wrap a callback: exceptions are shown in the app's error panel.

        With ``resync`` the bound controls are refreshed from the model afterwards, also
        after a failure, so they never show a value the model rejected.  With ``settle``
        every followed view hears that the kernel has answered (ends "pending").
        """

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure must be visible
                self.show_error(exc)
                result = None
            else:
                # An echo that changed nothing (a control written back from the model)
                # must not clear the error the change before it showed.
                if self.last_error is not None and result is not NO_CHANGE:
                    self.clear_error()
            if resync:
                try:
                    self.sync_controls()
                except Exception as exc:  # noqa: BLE001
                    self.show_error(exc)
            if settle:
                self._settle()
            return result

        return wrapper

    def show_error(self, exc: BaseException) -> None:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        self.last_error = text
        detail = html.escape("".join(traceback.format_exception(exc))[-3000:])
        body = (
            f'<div class="bt-error" style="color:{var("error")};border:1px solid '
            f'{var("error")};padding:6px;border-radius:4px"><b>Something went wrong:'
            f"</b> {html.escape(text)}<details><summary>details</summary><pre>{detail}"
            f"</pre></details></div>"
        )
        # Written to the Output widget's outputs directly (not `with self.errors:
        # display(...)`): the same in a kernel, and also without one (tests, scripts),
        # where a captured display would go to stdout instead of the panel.
        self.errors.outputs = (
            {"output_type": "display_data", "data": {"text/html": body}, "metadata": {}},
        )

    def clear_error(self) -> None:
        self.last_error = None
        self.errors.outputs = ()

    def _repr_mimebundle_(self, **kwargs):
        self.follow_controls()
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        self.follow_controls()
        display(self.widget)


def _browser_views(widget):
    """Every :class:`BrowserWidget` in the layout under ``widget`` (depth first)."""
    if isinstance(widget, BrowserWidget):
        yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _browser_views(child)
