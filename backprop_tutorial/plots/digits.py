"""Notebook 5's pictures: mini-batch loss curves, training curves, the confusion matrix,
misclassified digits and the first layer's weights as 8×8 images.

Each view is built once into the figure (or axes) it is given and then updates its
artists in place.  Lines differ by style and marker as well as by colour, and every
colour map comes with words saying what its colours mean.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from ..style import COLORS, OKABE_ITO

# Negative -> blue, 0 -> white, positive -> orange (Okabe-Ito; safe for the common
# colour-vision deficiencies, and the captions say which sign is which).
DIVERGING = LinearSegmentedColormap.from_list(
    "bt_diverging", [OKABE_ITO["blue"], "#ffffff", OKABE_ITO["orange"]]
)
INK = "gray_r"  # 0 -> white paper, 1 -> black ink, as the digits were written


class BatchLossView:
    """The batch loss at every step of a mini-batch run, against epochs."""

    def __init__(self, ax):
        self.ax = ax
        (self.line,) = ax.plot([], [], "-", color=COLORS["forward"], lw=0.8)
        ax.set_xlabel("epochs (passes over the training set)")
        ax.set_ylabel("loss J of the batch")
        ax.grid(True, alpha=0.3)
        self.title = ax.set_title("", fontsize=10)

    def update(self, model) -> None:
        self.line.set_data(model.epoch_of_step, model.losses)
        top = max(2.5, float(np.percentile(model.losses, 99.5)) * 1.05)
        self.ax.set_xlim(0, model.epochs)
        self.ax.set_ylim(0, top)
        self.title.set_text(
            f"batch size {model.batch_size}: {len(model.losses)} steps, "
            f"roughness {model.roughness:.3f}"
        )


class TrainingCurvesView:
    """Loss and accuracy per epoch, training set (solid, circles) and test set (dashed,
    squares), in two axes side by side."""

    def __init__(self, fig):
        self.fig = fig
        self.ax_loss = fig.add_axes((0.07, 0.17, 0.38, 0.68))
        self.ax_acc = fig.add_axes((0.57, 0.17, 0.38, 0.68))
        styles = {
            "train": dict(color=COLORS["forward"], ls="-", marker="o"),
            "test": dict(color=COLORS["backward"], ls="--", marker="s"),
        }
        self.lines = {}
        for ax, what in ((self.ax_loss, "loss"), (self.ax_acc, "accuracy")):
            for part, style in styles.items():
                (self.lines[f"{part}_{what}"],) = ax.plot(
                    [], [], ms=3, lw=1.4, label=f"{part} set", **style
                )
            ax.set_xlabel("epoch")
            ax.grid(True, alpha=0.3)
            ax.legend(loc="center right", fontsize=8)
        self.ax_loss.set_ylabel("cost J (mean)")
        self.ax_acc.set_ylabel("accuracy")
        self.ax_acc.set_ylim(0, 1.02)
        self.ax_loss.set_title("cost", fontsize=10)
        self.title = self.ax_acc.set_title("", fontsize=10)

    def update(self, model) -> None:
        h = model.history
        epochs = np.arange(len(h["train_loss"]))
        for name, line in self.lines.items():
            line.set_data(epochs, h[name])
        right = max(1, epochs[-1])
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0, right)
        self.ax_loss.set_ylim(0, 1.05 * max(max(h["train_loss"]), max(h["test_loss"])))
        self.title.set_text(f"accuracy (test: {100 * model.test_accuracy:.1f} %)")


class ConfusionView:
    """Test-set counts: rows the true digit, columns the predicted one; the count is
    written in every non-empty cell."""

    def __init__(self, ax, n: int = 10):
        self.ax = ax
        self.n = n
        self.image = ax.imshow(np.zeros((n, n)), cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(n))
        ax.set_yticks(range(n))
        ax.set_xlabel("predicted digit")
        ax.set_ylabel("true digit")
        ax.tick_params(labelsize=8)
        self.texts = [
            [ax.text(j, i, "", ha="center", va="center", fontsize=7) for j in range(n)]
            for i in range(n)
        ]
        self.title = ax.set_title("", fontsize=10)

    def update(self, model) -> None:
        C = model.confusion()
        top = max(1, int(C.max()))
        self.image.set_data(C)
        self.image.set_clim(0, top)
        for i in range(self.n):
            for j in range(self.n):
                text = self.texts[i][j]
                text.set_text(str(C[i, j]) if C[i, j] else "")
                # Dark cells get white digits, and mistakes (off the diagonal) are bold.
                text.set_color("white" if C[i, j] > 0.6 * top else COLORS["text"])
                text.set_fontweight("bold" if i != j and C[i, j] else "normal")
        wrong = int(C.sum() - np.trace(C))
        self.title.set_text(f"confusion matrix: {wrong} mistakes (bold)")


class DigitGridView:
    """A grid of 8×8 images with a caption each (misclassified digits, or weights)."""

    def __init__(self, fig, rows: int, cols: int, rect=(0.02, 0.02, 0.96, 0.86), **imshow):
        self.fig = fig
        x0, y0, w, h = rect
        self.axes, self.images, self.captions = [], [], []
        for k in range(rows * cols):
            r, c = divmod(k, cols)
            ax = fig.add_axes(
                (x0 + c * w / cols + 0.05 * w / cols, y0 + (rows - 1 - r) * h / rows,
                 0.9 * w / cols, 0.8 * h / rows)
            )  # fmt: skip
            ax.set_xticks([])
            ax.set_yticks([])
            self.axes.append(ax)
            self.images.append(ax.imshow(np.zeros((8, 8)), **imshow))
            self.captions.append(ax.set_title("", fontsize=8, pad=2))
        self.title = fig.suptitle("", fontsize=10, y=0.985)

    def show(self, images, captions, clim=None) -> None:
        """Fill the first ``len(images)`` cells; hide the rest."""
        for k, ax in enumerate(self.axes):
            visible = k < len(images)
            ax.set_visible(visible)
            if visible:
                self.images[k].set_data(np.asarray(images[k]).reshape(8, 8))
                if clim is not None:
                    self.images[k].set_clim(*clim)
                self.captions[k].set_text(captions[k])


class MisclassifiedView(DigitGridView):
    """The test images the network gets most confidently wrong."""

    def __init__(self, fig, rows: int = 3, cols: int = 4):
        super().__init__(fig, rows, cols, cmap=INK, vmin=0, vmax=1)

    def update(self, model) -> None:
        wrong = model.misclassified(len(self.axes))
        images = [model.data.X_test[i] for i, *_ in wrong]
        captions = [f"{t} → {p} ({100 * q:.0f} %)" for _, t, p, q in wrong]
        self.show(images, captions)
        n = int(np.sum(model.predictions() != model.data.y_test))
        self.title.set_text(f"misclassified (true → predicted): {len(wrong)} of {n}")


class WeightsView(DigitGridView):
    """Each hidden neuron's 64 incoming weights as an 8×8 picture (the first ``rows *
    cols`` neurons); orange positive, blue negative, one colour scale for all."""

    def __init__(self, fig, rows: int = 4, cols: int = 8):
        super().__init__(fig, rows, cols, rect=(0.01, 0.01, 0.98, 0.9), cmap=DIVERGING)

    def update(self, model) -> None:
        W = model.first_layer_weights()[: len(self.axes)]
        # A few large weights would wash the others out: the scale ends at the 98th
        # percentile of |w| (larger ones show at full colour).
        top = float(np.percentile(np.abs(W), 98)) or 1.0
        self.show(list(W), [f"neuron {j}" for j in range(len(W))], clim=(-top, top))
        self.title.set_text(
            f"first-layer weights W[0], one 8×8 picture per hidden neuron "
            f"(orange +, blue −, full colour at |w| ≥ {top:.2g})"
        )
