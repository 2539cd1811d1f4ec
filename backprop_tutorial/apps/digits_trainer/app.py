"""Notebook 5: train a network on the handwritten digits and look at what it learnt."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from ...ui.widgets.app import App
from ...ui.widgets.controls import log_slider, run_buttons, seed_box
from ...ui.widgets.plot import PlotWidget
from .model import DigitsTrainerModel
from .scene import (
    curves_figure,
    curves_layers,
    results_figure,
    results_layers,
    weights_figure,
    weights_layers,
)

_LAY = widgets.Layout
_WRAP = {"flex_flow": "row wrap"}  # a control row wraps on a narrow screen (a tablet)
_STYLE = {"description_width": "100px"}
BATCH_SIZES = (1, 4, 8, 16, 32, 64, 128, 256)
MAX_EPOCHS, MAX_SEED = 100, 10_000
LEARNING_RATES = (0.01, 10.0)  # the log slider's ends


def _check_settings(hidden, learning_rate, batch_size, epochs, seed, chunk) -> None:
    """The app's controls cover less than the model accepts: refuse what they cannot
    show, instead of letting a slider silently clip it."""
    if batch_size not in BATCH_SIZES:
        raise ValueError(f"batch_size must be one of the slider's stops {BATCH_SIZES}, "
                         f"got {batch_size!r}")  # fmt: skip
    if not 1 <= epochs <= MAX_EPOCHS:
        raise ValueError(f"epochs must lie in 1..{MAX_EPOCHS} in the app, got {epochs!r}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must lie in 0..{MAX_SEED} in the app, got {seed!r}")
    lo, hi = LEARNING_RATES
    if not lo <= learning_rate <= hi:
        raise ValueError(f"learning_rate must lie in {lo}..{hi} in the app, got "
                         f"{learning_rate!r}")  # fmt: skip
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk (epochs between redraws) must be a whole number >= 1, "
                         f"got {chunk!r}")  # fmt: skip


class DigitsTrainerApp(App):
    """Mini-batch training with a progress bar; curves, confusion matrix, mistakes and
    first-layer weights, all updated in place after every few epochs.

    Inside a Jupyter kernel the Train button starts an asyncio task that yields between
    chunks of epochs (the figures are sent and Stop is heard); :meth:`train` runs to the
    end at once (notebook cells, tests).

    Parameters
    ----------
    hidden, learning_rate, batch_size, epochs, seed : see :class:`DigitsTrainerModel`
    chunk : int
        Epochs between two redraws.
    """

    def __init__(self, hidden=32, learning_rate=1.0, batch_size=32, epochs=30, seed=0, chunk=3):
        super().__init__()
        self.model = DigitsTrainerModel(hidden, learning_rate, batch_size, epochs, seed)
        p = self.model.params()
        _check_settings(**p, chunk=chunk)
        self.chunk = chunk
        self.task = None
        # The last epoch of the run under way (the curves' x axis reaches it), or None.
        self._run_end: int | None = None
        self._drawn = (None, None)  # (model.changes, epochs shown) last drawn
        sliders = self._settings_controls(p)
        self._run_controls()
        full = _LAY(width="100%")
        self.curves = PlotWidget(layout=full)
        self.results = PlotWidget({"figure": results_figure()}, layout=full)
        self.weights = PlotWidget(layout=full)
        self.plots = {"curves": self.curves, "results": self.results, "weights": self.weights}

        s = list(sliders.values())
        self.widget = widgets.VBox(
            [
                widgets.HBox([widgets.VBox(s[:3]), widgets.VBox(s[3:])], layout=_WRAP),
                widgets.HBox([self.train_button, self.stop_button, self.reset_button,
                              self.progress], layout=_WRAP),
                self.status,
                self.curves,
                self.results,
                self.weights,
                self.errors,
            ]
        )  # fmt: skip
        self.widget.add_class("bt-digits-trainer")
        self.update()

    def _settings_controls(self, p: dict) -> dict:
        """One slider (or box) per model parameter, bound to it, starting at ``p``."""
        sliders = {
            "hidden": widgets.IntSlider(p["hidden"], 1, 128, description="hidden width"),
            "learning_rate": log_slider("learning rate α", -2, 1, 0.1, p["learning_rate"]),
            "batch_size": widgets.SelectionSlider(
                options=BATCH_SIZES, value=p["batch_size"], description="batch size",
            ),
            "epochs": widgets.IntSlider(p["epochs"], 1, MAX_EPOCHS, description="epochs"),
            "seed": seed_box(maximum=MAX_SEED, value=p["seed"]),
        }  # fmt: skip
        for name, w in sliders.items():
            w.layout = _LAY(width="320px", max_width="100%")
            w.style = _STYLE
            w.continuous_update = False
            self.bind(name, w, tolerance=1e-9 if name == "learning_rate" else 0.0)
        return sliders

    def _run_controls(self) -> None:
        """Train / Stop / Reset, the progress bar and the status line."""
        self.train_button, self.stop_button, self.reset_button = run_buttons()
        self.progress = widgets.IntProgress(
            0, 0, 1, description="epochs", layout=_LAY(width="320px", max_width="100%")
        )
        self.status = widgets.Label()
        self.status.add_class("bt-digits-status")
        self.controls.update(train=self.train_button, stop=self.stop_button,
                             reset=self.reset_button)  # fmt: skip
        self.on_press(self.train_button, self._on_train)
        self.on_press(self.stop_button, self._on_stop)
        self.on_press(self.reset_button, self._on_reset)

    # -- drawing -------------------------------------------------------------------
    def update(self) -> None:
        """Send what changed: a setting that keeps the network (learning rate, batch
        size) changes no picture and sends nothing; the epochs setting only moves the
        curves' x axis."""
        m = self.model
        key = (m.changes, self._epochs_shown())
        if key != self._drawn:
            self.curves.show({"figure": curves_figure(m, key[1]), "layers": curves_layers(m)})
        if key[0] != self._drawn[0]:
            self.results.show({"layers": results_layers(m)})
            self.weights.show({"figure": weights_figure(m), "layers": weights_layers(m)})
        self._drawn = key
        self.status.value = m.status()

    def _epochs_shown(self) -> int:
        """The curves' x axis: to the end of the run under way, else to the last epoch
        trained, else (a new network) to the planned number of epochs."""
        m = self.model
        if self._run_end is not None:
            return max(self._run_end, m.epoch)
        return m.epoch if m.epoch else m.epochs

    # -- buttons -------------------------------------------------------------------
    def _running(self, on: bool, epochs: int | None = None) -> None:
        self.train_button.disabled = on
        self.stop_button.disabled = not on
        if on:
            self._run_end = self.model.epoch + (self.model.epochs if epochs is None else epochs)
        else:
            self._run_end = None

    def _on_stop(self, _button=None) -> None:
        self.model.request_stop()

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
            # Said at once, before the first epoch is trained: the click shows within a
            # round trip, then each chunk's pictures follow.
            n = self.model.epochs
            self.status.value = f"{self.model.status()} · training {n} epoch{'s' * (n != 1)}…"
            self.task = loop.create_task(self._train_async())

    def train(self, epochs: int | None = None) -> None:
        """Train now (blocking), redrawing after every chunk of epochs."""
        self._running(True, epochs)
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
        finally:
            self._running(False)
            self.update()  # the x axis now ends at the last epoch trained

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
            self.guard(self.update)()

    def _after_chunk(self, done: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = done
        self.update()
