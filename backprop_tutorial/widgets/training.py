"""``TrainingPlayground``: gradient descent on 2-D data, in chunks with progress; in a
kernel it runs as an asyncio task so that the Stop button is heard."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from ..datasets import DATASETS
from ..models import network as nm
from ..plots import network as pn
from .base import App, figure
from .network_controls import _HIDDEN_ACTIVATIONS, _WIDE, _lay


def _enumerate2(W):
    for j in range(W.shape[0]):
        for k in range(W.shape[1]):
            yield (j, k), float(W[j, k])


# ---------------------------------------------------------------------------
# 4. Training playground
# ---------------------------------------------------------------------------


class TrainingPlayground(App):
    """Gradient descent on a 2-D data set: decision boundary, loss curve, progress.

    Training runs in chunks of epochs; after each chunk the boundary, the loss curve
    and the progress bar are updated.  Inside a Jupyter kernel the run is an asyncio
    task that yields between chunks, so the figures are sent and the Stop button is
    heard while it runs; without an event loop (tests, scripts) it runs to the end.

    Parameters
    ----------
    dataset, hidden, activation, learning_rate, seed : see :class:`TrainingModel`
    epochs : int
        Epochs per press of Train.
    chunk : int
        Epochs between two redraws.
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
        self.model = nm.TrainingModel(dataset, hidden, activation, learning_rate, seed)
        self.chunk = int(chunk)
        self.task = None
        self.fig_boundary = figure(4.3, 4.0)
        self.fig_loss = figure(4.3, 4.0)
        self.figures = [self.fig_boundary, self.fig_loss]
        axb = self.fig_boundary.add_axes((0.1, 0.08, 0.86, 0.84))
        axl = self.fig_loss.add_axes((0.17, 0.12, 0.79, 0.8))
        m = self.model
        self.boundary = pn.BoundaryView(axb, m.extent, m.X, m.Y, m.probabilities())
        self.loss = pn.LossCurveView(axl)

        self.dataset = widgets.Dropdown(
            options=list(DATASETS),
            value=dataset,
            description="data set",
            layout=_lay(width="190px"),
        )
        self.hidden = widgets.Text(
            ", ".join(map(str, m.hidden)),
            description="hidden layers",
            continuous_update=False,
            placeholder="e.g. 8, 8",
            style=_WIDE,
            layout=_lay(width="200px"),
        )
        self.activation = widgets.Dropdown(
            options=_HIDDEN_ACTIVATIONS,
            value=m.activation,
            description="activation",
            layout=_lay(width="190px"),
        )
        self.seed = widgets.BoundedIntText(
            seed, min=0, max=10_000, description="seed", layout=_lay(width="150px")
        )
        self.lr = widgets.FloatLogSlider(
            learning_rate,
            base=10,
            min=-2,
            max=1,
            step=0.05,
            description="learning rate α",
            style=_WIDE,
            readout_format=".2g",
            layout=_lay(width="330px"),
        )
        self.epochs = widgets.IntSlider(
            epochs, 10, 2000, step=10, description="epochs", layout=_lay(width="330px")
        )
        self.train_button = widgets.Button(
            description="Train", button_style="primary", icon="play", layout=_lay(width="100px")
        )
        self.stop_button = widgets.Button(
            description="Stop", icon="stop", disabled=True, layout=_lay(width="90px")
        )
        self.reset_button = widgets.Button(
            description="Reset", icon="undo", layout=_lay(width="90px")
        )
        self.progress = widgets.IntProgress(0, 0, 1, layout=_lay(width="300px"))
        self.status = widgets.Label()
        self.status.add_class("bt-training-status")
        self.controls = {
            "dataset": self.dataset,
            "hidden": self.hidden,
            "activation": self.activation,
            "seed": self.seed,
            "learning_rate": self.lr,
            "epochs": self.epochs,
            "train": self.train_button,
            "stop": self.stop_button,
            "reset": self.reset_button,
        }
        for name in ("dataset", "hidden", "activation", "seed"):
            self.controls[name].observe(self.guard(self._on_setting), names="value")
        self.lr.observe(self.guard(self._on_lr), names="value")
        self.train_button.on_click(self.guard(self._on_train))
        self.stop_button.on_click(self.guard(self._on_stop))
        self.reset_button.on_click(self.guard(self._on_reset))
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.dataset, self.hidden, self.activation, self.seed]),
                widgets.HBox([self.lr, self.epochs]),
                widgets.HBox(
                    [self.train_button, self.stop_button, self.reset_button, self.progress]
                ),
                self.status,
                widgets.HBox([self.fig_boundary.canvas, self.fig_loss.canvas]),
                self.errors,
            ]
        )
        self.widget.add_class("bt-training")  # for browser tests and styling
        self.redraw()

    # -- drawing -------------------------------------------------------------------
    def redraw(self) -> None:
        m = self.model
        self.boundary.update(m.probabilities(), f"{m.dataset}: output of the network (0.5 contour)")
        self.loss.update(m.losses, f"loss after epoch {m.epoch}: {m.losses[-1]:.4f}")
        self.status.value = m.status()
        for fig in self.figures:
            fig.canvas.draw_idle()

    # -- settings ------------------------------------------------------------------
    def _on_setting(self, change) -> None:
        self._cancel()
        names = {
            self.dataset: "dataset",
            self.hidden: "hidden",
            self.activation: "activation",
            self.seed: "seed",
        }
        self.model.configure(**{names[change["owner"]]: change["new"]})
        # Every setting resets the model, and the data may be new (data set, seed).
        self.boundary.set_data(self.model.extent, self.model.X, self.model.Y)
        self.progress.value = 0
        self.redraw()

    def _on_lr(self, change) -> None:
        self.model.configure(learning_rate=change["new"])

    def _on_reset(self, _button=None) -> None:
        self._cancel()
        self.model.reset()
        self.boundary.set_data(self.model.extent, self.model.X, self.model.Y)
        self.progress.value = 0
        self.redraw()

    def _on_stop(self, _button=None) -> None:
        self.model.stop_requested = True

    def _cancel(self) -> None:
        if self.task is not None and not self.task.done():
            self.model.stop_requested = True
            self.task.cancel()
        self.task = None
        self._running(False)

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
        self._running(True)
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
        finally:
            self._running(False)

    async def _train_async(self, epochs: int) -> None:
        self._running(True)
        try:
            for done, total in self.model.chunks(epochs, self.chunk):
                self._after_chunk(done, total)
                # Let the kernel handle the front end's draw requests and a Stop click.
                await asyncio.sleep(0.03)
        except Exception as exc:  # noqa: BLE001 - a task's error must be shown, not lost
            self.show_error(exc)
        finally:
            self._running(False)

    def _after_chunk(self, done: int, total: int) -> None:
        self.progress.max = total
        self.progress.value = done
        self.redraw()


# ---------------------------------------------------------------------------
# 5. Landscape slice
# ---------------------------------------------------------------------------
