"""``TrainingApp``: gradient descent on 2-D data, in chunks with progress; in a
kernel it runs as an asyncio task so that the Stop button is heard."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from ...core import checks
from ...data.datasets import DATASETS
from ...ui.widgets.app import App
from ...ui.widgets.controls import WIDE, layout, log_slider, row, run_buttons, seed_box
from ...ui.widgets.plot_view import PlotView
from .model import HIDDEN_ACTIVATIONS, MAX_EPOCHS, TrainingModel
from .scene import training_figure, training_layers

EPOCH_CHOICES = (10, 2000)  # the epochs slider's range


class TrainingApp(App):
    """Gradient descent on a 2-D data set: decision boundary, loss curve, progress.

    Training runs in chunks of epochs; after each chunk the boundary, the loss curve
    and the progress bar are updated.  Inside a Jupyter kernel the run is an asyncio
    task that yields between chunks, so the pictures are sent and the Stop button is
    heard while it runs; without an event loop (tests, scripts) it runs to the end.

    Parameters
    ----------
    dataset, hidden, activation, learning_rate, seed : see :class:`TrainingModel`
    epochs : int
        Epochs per press of Train (10..2000, the slider's range).
    chunk : int
        Epochs between two redraws (at least 1).
    """

    def __init__(
        self,
        dataset: str = "moons",
        hidden="8, 8",
        activation: str = "tanh",
        learning_rate: float = 0.5,
        seed: int = 0,
        epochs: int = 300,
        chunk: int = 50,
    ):
        super().__init__()
        self.chunk = checks.integer("chunk", chunk, 1, MAX_EPOCHS, whole_floats=True)
        epochs = checks.integer("epochs", epochs, *EPOCH_CHOICES, whole_floats=True)
        self.model = m = TrainingModel(dataset, hidden, activation, learning_rate, seed)
        self.task = None
        self._generation = m.generation
        self.view = PlotView(m, training_figure, training_layers, "bt-training-plot")

        self._settings_controls()
        self._run_controls(epochs)
        self.widget = widgets.VBox(
            [
                row([self.dataset, self.hidden, self.activation, self.seed]),
                row([self.learning_rate, self.epochs]),
                row([self.train_button, self.stop_button, self.reset_button, self.progress]),
                self.status,
                self.view.widget,
                self.errors,
            ]
        )
        self.widget.add_class("bt-training")  # for browser tests and styling
        self.update()

    def _settings_controls(self) -> None:
        """The model's parameters: data set, hidden layers, activation, seed, learning
        rate, each bound to the model."""
        self.dataset = widgets.Dropdown(
            options=list(DATASETS), description="data set", layout=layout(width="190px")
        )
        self.hidden = widgets.Text(
            description="hidden layers",
            continuous_update=False,
            placeholder="e.g. 8, 8",
            style=WIDE,
            layout=layout(width="200px"),
        )
        self.activation = widgets.Dropdown(
            options=list(HIDDEN_ACTIVATIONS), description="activation", layout=layout(width="190px")
        )
        self.seed = seed_box(layout=layout(width="150px"))
        self.learning_rate = log_slider(
            "learning rate α",
            -2,
            1,
            0.05,
            self.model.learning_rate,
            style=WIDE,
            layout=layout(width="330px"),
        )
        for name in ("dataset", "hidden", "activation", "seed", "learning_rate"):
            self.bind(name, getattr(self, name))
        self.sync_controls()

    def _run_controls(self, epochs: int) -> None:
        """Epochs per run, Train / Stop / Reset, the progress bar and the status line."""
        self.epochs = widgets.IntSlider(
            epochs, *EPOCH_CHOICES, step=10, description="epochs", layout=layout(width="330px")
        )
        self.train_button, self.stop_button, self.reset_button = run_buttons()
        self.progress = widgets.IntProgress(0, 0, 1, layout=layout(width="240px"))
        self.status = widgets.Label()
        self.status.add_class("bt-training-status")
        self.controls.update(
            {
                "epochs": self.epochs,
                "train": self.train_button,
                "stop": self.stop_button,
                "reset": self.reset_button,
            }
        )
        self.on_press(self.train_button, self._on_train, resync=True)
        self.on_press(self.stop_button, self._on_stop)
        self.on_press(self.reset_button, self._on_reset, resync=True)

    # -- drawing -------------------------------------------------------------------
    def update(self) -> None:
        m = self.model
        if m.generation != self._generation:  # a fresh start: the bar starts over
            self._generation = m.generation
            self.progress.value = 0
        self.view.update(m)
        self.status.value = m.status()

    # -- buttons -------------------------------------------------------------------
    def _on_reset(self, _button=None) -> None:
        self.model.reset()
        self.update()

    def _on_stop(self, _button=None) -> None:
        self.model.request_stop()

    def _running(self, on: bool) -> None:
        self.train_button.disabled = on
        self.stop_button.disabled = not on

    # -- training ------------------------------------------------------------------
    def _on_train(self, _button=None) -> None:
        if self.task is not None and not self.task.done():
            return
        epochs = int(self.epochs.value)
        self.progress.max = epochs
        self.progress.value = 0
        # Said at once, before the first chunk is trained: the click shows within a round trip.
        self.status.value = f"{self.model.status()} · training {epochs} epochs…"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self.train(epochs)
        else:
            self._running(True)  # at once, so a second click cannot start a second run
            self.task = loop.create_task(self._train_async(epochs))

    def train(self, epochs: int) -> None:
        """Train ``epochs`` epochs now, redrawing after every chunk (blocking)."""
        chunks = self.model.chunks(epochs, self.chunk)  # checks epochs before anything
        self._running(True)
        try:
            for done, total in chunks:
                self._after_chunk(done, total)
        except Exception:
            self.update()  # show what was trained before the error, then report it
            raise
        finally:
            self._running(False)

    async def _train_async(self, epochs: int) -> None:
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
                # Let the kernel handle the front end's messages and a Stop click.
                await asyncio.sleep(0.03)
        except Exception as exc:  # noqa: BLE001 - a task's error must be shown, not lost
            self.show_error(exc)
            self.update()  # what was trained before the error
        finally:
            self._running(False)

    def _after_chunk(self, done: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = done
        self.update()
