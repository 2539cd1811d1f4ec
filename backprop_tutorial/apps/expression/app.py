"""``ExpressionApp``: type a function, give its inputs values, step its graph.

The learner types an expression (Colah's ``(a + b) * (b + 1)`` first) and one value per
name; the graph is laid out in layers and stepped forward and backward, or in forward
mode for one input.  Every step is sent to the browser once, so the slider and Play never
wait for the kernel.  A refused change (a syntax error, ``log`` of a negative number...)
shows in the error panel, and every control snaps back to what the model holds, so the
picture and the controls always agree.
"""

from __future__ import annotations

import ipywidgets as widgets

from ...ui.widgets.app import NO_CHANGE, App
from ...ui.widgets.scene import show_steps, stepped_scene
from .model import BACKWARD, COLAH, ExpressionModel
from .scene import expression_frames, expression_scene, summary_html

_STYLE = {"description_width": "initial"}


class ExpressionApp(App):
    """Step the graph of any expression the learner types.

    Parameters are those of :class:`~backprop_tutorial.apps.expression.model.ExpressionModel`
    (``text``, ``mode``, ``k`` and a value per name), plus ``interval``: milliseconds per
    step when playing.
    """

    def __init__(
        self, text: str = COLAH, mode: str = BACKWARD, k: int = 0, interval: int = 900, **values
    ):
        super().__init__()
        self.model = m = ExpressionModel(text, mode, k, **values)
        self.text = widgets.Text(
            value=m.text,
            description="expression",
            placeholder="e.g. (a + b) * (b + 1), then Enter",
            continuous_update=False,
            layout=widgets.Layout(width="440px", max_width="100%"),
            style=_STYLE,
        )
        self.mode = widgets.Dropdown(
            options=m.modes(),
            value=m.mode,
            description="pass",
            layout=widgets.Layout(width="300px", max_width="100%"),
            style=_STYLE,
        )
        self.value_row = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.value_boxes: dict = {}
        self._value_handler = self.guard(self._on_value, resync=True)
        self.slider, self.play, self.scene = stepped_scene(
            m.k, 0, m.stepper.n_steps, interval=interval
        )
        self.summary = widgets.HTML()
        self.bind("text", self.text)
        self.bind("mode", self.mode)
        self.bind_steps("k", self.slider, self.play)
        self.controls["step"] = self.slider
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.text, self.mode], layout=widgets.Layout(flex_flow="row wrap")),
                self.value_row,
                self.summary,
                widgets.HBox([self.play, self.slider]),
                self.scene,
                self.errors,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("bt-expression")
        self.update()

    # -- callbacks -----------------------------------------------------------------
    def _on_bound(self, change):
        if change["owner"] is self.slider:
            # A step is the browser's business; only the kernel's copy of k follows it.
            if change["new"] == self.model.k:
                return NO_CHANGE
            self.model.set(k=change["new"])
            return None
        try:
            return super()._on_bound(change)
        except ValueError as exc:
            if change["owner"] is self.text:  # the box snaps back: say what was typed
                raise ValueError(f"{exc}  (you typed: {change['new']!r})") from None
            raise

    def _on_value(self, change):
        name = next(n for n, w in self.value_boxes.items() if w is change["owner"])
        if change["new"] == self.model.params()["values"].get(name):
            return NO_CHANGE
        self.model.set(values={name: change["new"]})
        self.update()
        return None

    # -- views -----------------------------------------------------------------------
    def _value_boxes(self) -> None:
        """One number box per name, rebuilt when the names change."""
        names = self.model.names
        if list(self.value_boxes) == names:
            return
        old = self.value_boxes
        for name, w in old.items():
            w.unobserve(self._value_handler, names="value")
            self.controls.pop(f"value {name}", None)
            self._followed.remove(w)
        self.value_boxes = {}
        for name in names:
            box = widgets.FloatText(
                value=self.model.params()["values"][name],
                description=name,
                layout=widgets.Layout(width="150px"),
                style=_STYLE,
            )
            box.observe(self._value_handler, names="value")
            self.value_boxes[name] = self.follow(box)
            self.controls[f"value {name}"] = box
        self.value_row.children = list(self.value_boxes.values())
        self.follow_controls()  # the pictures follow the new boxes
        for w in old.values():  # freed in the kernel, and gone from the page
            for part in (w.layout, w.style, w):
                part.close()

    def sync_controls(self) -> None:
        super().sync_controls()
        values = self.model.params()["values"]
        for name, box in self.value_boxes.items():
            if box.value != values[name]:
                box.value = values[name]  # the handler sees no change and does nothing

    def update(self) -> None:
        m = self.model
        self._value_boxes()
        n, k = m.stepper.n_steps, m.k
        show_steps(self.slider, self.play, k, n)
        frames = expression_frames(m)
        self.scene.show({"scene": expression_scene(m, frames), "frames": frames, "step": k})
        self.summary.value = summary_html(m)

    @property
    def frame(self) -> dict:
        """The frame the browser shows for the model's step (for tests)."""
        return self.scene.frames[self.model.k]
