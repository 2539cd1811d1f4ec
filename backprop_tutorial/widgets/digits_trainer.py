"""Notebook 5: train a network on the handwritten digits and look at what it learnt."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from ..models.digits import DigitsTrainingModel
from ..plots.digits import ConfusionView, MisclassifiedView, TrainingCurvesView, WeightsView
from .base import App, figure

_LAY = widgets.Layout
_STYLE = {"description_width": "100px"}


class DigitsTrainer(App):
    """Mini-batch training with a progress bar; curves, confusion matrix, mistakes and
    first-layer weights, all updated in place after every few epochs.

    Inside a Jupyter kernel the Train button starts an asyncio task that yields between
    chunks of epochs (the figures are sent and Stop is heard); :meth:`train` runs to the
    end at once (notebook cells, tests).

    Parameters
    ----------
    hidden, learning_rate, batch_size, epochs, seed : see :class:`DigitsTrainingModel`
    chunk : int
        Epochs between two redraws.
    """

    def __init__(self, hidden=32, learning_rate=1.0, batch_size=32, epochs=30, seed=0, chunk=3):
        super().__init__()
        self.model = DigitsTrainingModel(hidden, learning_rate, batch_size, epochs, seed)
        self.chunk = int(chunk)
        self.task = None
        sliders = {
            "hidden": widgets.IntSlider(hidden, 4, 128, description="hidden width"),
            "learning_rate": widgets.FloatLogSlider(
                learning_rate, base=10, min=-2, max=1, step=0.1, readout_format=".2g",
                description="learning rate α",
            ),
            "batch_size": widgets.SelectionSlider(
                options=(1, 4, 8, 16, 32, 64, 128, 256), value=batch_size,
                description="batch size",
            ),
            "epochs": widgets.IntSlider(epochs, 1, 100, description="epochs"),
            "seed": widgets.BoundedIntText(seed, min=0, max=10_000, description="seed"),
        }  # fmt: skip
        for name, w in sliders.items():
            w.layout = _LAY(width="320px")
            w.style = _STYLE
            w.continuous_update = False
            self.bind(name, w, tolerance=1e-9 if name == "learning_rate" else 0.0)
        self.train_button = widgets.Button(
            description="Train", button_style="primary", icon="play", layout=_LAY(width="100px")
        )
        self.stop_button = widgets.Button(
            description="Stop", icon="stop", disabled=True, layout=_LAY(width="90px")
        )
        self.reset_button = widgets.Button(
            description="Reset", icon="undo", layout=_LAY(width="90px")
        )
        self.progress = widgets.IntProgress(
            0, 0, 1, description="epochs", layout=_LAY(width="320px")
        )
        self.status = widgets.Label()
        self.status.add_class("bt-digits-status")
        self.controls = {**sliders, "train": self.train_button, "stop": self.stop_button,
                         "reset": self.reset_button}  # fmt: skip
        self.train_button.on_click(self.guard(self._on_train))
        self.stop_button.on_click(self.guard(self._on_stop))
        self.reset_button.on_click(self.guard(self._on_reset))

        self.fig_curves = figure(8.6, 2.7)
        self.fig_confusion = figure(4.2, 4.0)
        self.fig_mistakes = figure(4.3, 4.0)
        self.fig_weights = figure(8.6, 4.2)
        self.figures = [self.fig_curves, self.fig_confusion, self.fig_mistakes, self.fig_weights]
        self.curves = TrainingCurvesView(self.fig_curves)
        self.confusion = ConfusionView(self.fig_confusion.add_axes((0.14, 0.11, 0.8, 0.8)))
        self.mistakes = MisclassifiedView(self.fig_mistakes)
        self.weights = WeightsView(self.fig_weights)

        s = list(sliders.values())
        self.widget = widgets.VBox(
            [
                widgets.HBox([widgets.VBox(s[:3]), widgets.VBox(s[3:])]),
                widgets.HBox([self.train_button, self.stop_button, self.reset_button,
                              self.progress]),
                self.status,
                self.fig_curves.canvas,
                widgets.HBox([self.fig_confusion.canvas, self.fig_mistakes.canvas]),
                self.fig_weights.canvas,
                self.errors,
            ]
        )  # fmt: skip
        self.widget.add_class("bt-digits-trainer")
        self.update()

    # -- drawing -------------------------------------------------------------------
    def update(self) -> None:
        m = self.model
        self.curves.update(m)
        self.confusion.update(m)
        self.mistakes.update(m)
        self.weights.update(m)
        self.status.value = m.status()
        for fig in self.figures:
            fig.canvas.draw_idle()

    # -- buttons -------------------------------------------------------------------
    def _running(self, on: bool) -> None:
        self.train_button.disabled = on
        self.stop_button.disabled = not on

    def _on_stop(self, _button=None) -> None:
        self.model.stop_requested = True

    def _on_reset(self, _button=None) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        self.task = None
        self._running(False)
        self.model.reset()
        self.progress.value = 0
        self.update()

    def _on_train(self, _button=None) -> None:
        if self.task is not None and not self.task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self.train()
        else:
            self._running(True)  # at once, so a second click cannot start a second run
            self.task = loop.create_task(self._train_async())

    def train(self, epochs: int | None = None) -> None:
        """Train now (blocking), redrawing after every chunk of epochs."""
        self._running(True)
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
        finally:
            self._running(False)

    async def _train_async(self) -> None:
        try:
            for done, total in self.model.chunks(None, self.chunk):
                self._after_chunk(done, total)
                # Let the kernel answer the front end's draw requests and a Stop click.
                await asyncio.sleep(0.02)
        except Exception as exc:  # noqa: BLE001 - a task's error must be shown, not lost
            self.show_error(exc)
        finally:
            self._running(False)

    def _after_chunk(self, done: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = done
        self.update()
