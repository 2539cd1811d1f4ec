"""Notebook 5's trainer as PlotWidget data: the training and test curves, the confusion
matrix (every cell written out, mistakes in bold), the misclassified digits and the first
layer's weights as 8×8 pictures.  Lines differ by dash and marker as well as colour.
Numpy only.
"""

from __future__ import annotations

import numpy as np

from ...ui import charts as sp
from ...ui.scale import nice_ceil, ramp
from ...ui.style import COLORS, OKABE_ITO

N_CLASSES = 10


# Negative -> blue, 0 -> white, positive -> orange (Okabe-Ito; the colour bar and the
# caption say which sign is which).
DIVERGING = ramp([OKABE_ITO["blue"], "#ffffff", OKABE_ITO["orange"]], 33)


INK = ramp(["#ffffff", "#000000"], 17)  # 0 -> white paper, 1 -> black ink


COUNTS = ramp(["#ffffff", OKABE_ITO["sky_blue"], OKABE_ITO["blue"], "#00314d"], 32)


# Pictures need no more than 3 decimals (the colour maps have <= 33 steps): a third
# of the message.
_PICTURE_DECIMALS = 3


MISTAKE_SLOTS = (3, 4)  # rows, columns of misclassified digits


WEIGHT_SLOTS = (4, 8)  # rows, columns of first-layer weight pictures


_TRAIN = {"color": COLORS["forward"], "marker": "circle"}


_TEST = {"color": COLORS["backward"], "marker": "square", "dash": "6 4"}


def caption(x, y, s, *, axes, anchor="start", weight=None, size=None) -> dict:
    """A text in axes coordinates that may sit outside its axes box (titles, captions)."""
    layer = sp.text(x, y, s, coords="axes", axes=axes, anchor=anchor, weight=weight, size=size)
    layer["clip"] = False
    return layer


def _at_pixel(ax: dict, px: float, py: float, s: str, **kw) -> dict:
    """A caption at figure pixel ``(px, py)``, written in ``ax``'s axes coordinates."""
    return caption((px - ax["x"]) / ax["w"], 1 - (py - ax["y"]) / ax["h"], s, axes=ax["id"], **kw)


def curves_figure(model, epochs_shown: int) -> dict:
    """Cost (left) and accuracy (right) per epoch, x from 0 to ``epochs_shown``."""
    right = float(max(1, epochs_shown))
    step = next((t for t in (1, 2, 5, 10, 20, 25, 50, 100) if right / t <= 6), int(right) // 5)
    ticks = [float(t) for t in range(0, int(right) + 1, step)]  # whole epochs only
    h = model.history
    top = nice_ceil(1.05 * max(max(h["train_loss"]), max(h["test_loss"])))
    common = dict(xlabel="epoch", grid=True, ylabel_offset=45, xticks=ticks)
    axes = [
        sp.axes("cost", 60, 40, 290, 160, (0.0, right), (0.0, top), ylabel="cost J (mean)",
                **common),
        sp.axes("accuracy", 450, 40, 290, 160, (0.0, right), (0.0, 1.0), ylabel="accuracy",
                **common),
    ]  # fmt: skip
    legend = [
        sp.legend_item("training set (solid, circles)", _TRAIN["color"]),
        sp.legend_item("test set (dashed, squares)", _TEST["color"], dash=True),
    ]
    return sp.figure(760, 250, axes, legend=legend, title="training curves")


def curves_layers(model) -> dict:
    h = model.history
    epochs = np.arange(len(h["train_loss"]))
    layers = {}
    for what, axes in (("loss", "cost"), ("accuracy", "accuracy")):
        for part, style in (("train", _TRAIN), ("test", _TEST)):
            layers[f"{part}_{what}"] = sp.line(
                epochs, h[f"{part}_{what}"], width=1.6, size=2.2, axes=axes, **style
            )
    layers["accuracy_text"] = caption(
        0.97,
        0.1,
        f"epoch {model.epoch}: test {100 * model.test_accuracy:.1f} %, "
        f"training {100 * model.train_accuracy:.1f} %",
        axes="accuracy",
        anchor="end",
    )
    layers["cost_text"] = caption(
        0.97,
        0.9,
        f"training cost {h['train_loss'][-1]:.3f}",
        axes="cost",
        anchor="end",
    )
    return layers


_SLOT = 84  # pixels per misclassified picture (with its caption)


def results_figure() -> dict:
    """The confusion matrix (left) and the misclassified test digits (right)."""
    ticks = [float(k) for k in range(N_CLASSES)]
    confusion = sp.axes(
        "confusion",
        60,
        56,
        270,
        270,
        (-0.5, N_CLASSES - 0.5),
        (-0.5, N_CLASSES - 0.5),
        xlabel="predicted digit",
        ylabel="true digit",
        xticks=ticks,
        yticks=ticks,
        xticklabels=[str(k) for k in range(N_CLASSES)],
        # Row 0 of the matrix is drawn at the top: the top tick is digit 0.
        yticklabels=[str(N_CLASSES - 1 - k) for k in range(N_CLASSES)],
        ylabel_offset=45,
    )
    rows, cols = MISTAKE_SLOTS
    slots = []
    for i in range(rows * cols):
        r, c = divmod(i, cols)
        slots.append(
            sp.axes(f"wrong{i}", 400 + c * _SLOT, 56 + r * (_SLOT + 12) + 16, _SLOT - 16,
                    _SLOT - 16, (0, 1), (0, 1), xticks=[], yticks=[])
        )  # fmt: skip
    return sp.figure(760, 380, [confusion, *slots], title="confusion matrix and mistakes")


_RESULTS_AXES = {ax["id"]: ax for ax in results_figure()["axes"]}


def results_layers(model) -> dict:
    """Counts in every non-empty cell (mistakes in bold, off the diagonal), and the
    most confident mistakes as 8×8 pictures with ``true → predicted (p %)``."""
    C = model.confusion()
    top = max(1, int(C.max()))
    n = C.shape[0]
    diagonal = np.eye(n, dtype=bool)
    labels = np.where((C > 0) & diagonal, C.astype(str), "")
    text_colors = np.where(C > 0.55 * top, "#ffffff", COLORS["text"])
    layers = {
        "counts": sp.cells(C, vmin=0, vmax=top, colors=COUNTS, labels=labels,
                           text_colors=text_colors, axes="confusion"),
    }  # fmt: skip
    for i, j in zip(*np.nonzero((C > 0) & ~diagonal), strict=True):
        layer = sp.text(j, n - 1 - i, str(C[i, j]), anchor="middle", weight="bold",
                        axes="confusion", color=text_colors[i, j], size=12)  # fmt: skip
        layers[f"mistake_{i}_{j}"] = layer
    wrong_total = int(C.sum() - np.trace(C))
    layers["confusion_title"] = caption(
        0.5,
        1.1,
        f"{np.trace(C)} right (diagonal), {wrong_total} wrong (bold)",
        axes="confusion",
        anchor="middle",
        weight="bold",
    )
    rows, cols = MISTAKE_SLOTS
    wrong = model.misclassified(rows * cols)
    for k, (index, true, predicted, p) in enumerate(wrong):
        image = np.round(model.data.X_test[index].reshape(8, 8), _PICTURE_DECIMALS)
        layers[f"wrong{k}_image"] = sp.cells(image, vmin=0, vmax=1, colors=INK, grid=False,
                                             axes=f"wrong{k}")  # fmt: skip
        layers[f"wrong{k}_caption"] = caption(
            0.5, 1.13, f"{true} → {predicted} ({100 * p:.0f} %)", axes=f"wrong{k}",
            anchor="middle", size=11.5,
        )  # fmt: skip
    layers["wrong_title"] = _at_pixel(
        _RESULTS_AXES["confusion"], 400, 30,
        f"misclassified, true → predicted: {len(wrong)} of {wrong_total}", weight="bold",
    )  # fmt: skip
    return layers


def weights_figure(model) -> dict:
    rows, cols = WEIGHT_SLOTS
    shown = min(model.hidden, rows * cols)
    used_rows = -(-shown // cols)
    slot = 80
    top_margin = 46
    axes = []
    for j in range(shown):
        r, c = divmod(j, cols)
        axes.append(
            sp.axes(f"neuron{j}", 10 + c * slot, top_margin + r * (slot + 6) + 14, slot - 18,
                    slot - 18, (0, 1), (0, 1), xticks=[], yticks=[])
        )  # fmt: skip
    height = top_margin + used_rows * (slot + 6) + 20
    bar = sp.axes("colorbar", 10 + cols * slot + 24, top_margin + 14, 16,
                  max(60, height - top_margin - 40), (-1, 1), (-1.0, 1.0), xticks=[],
                  yticks=[], ylabel="w", ylabel_offset=4)  # fmt: skip
    return sp.figure(10 + cols * slot + 90, height, [*axes, bar], title="first-layer weights")


def weights_layers(model) -> dict:
    """Each hidden neuron's 64 incoming weights (row j of W[0]) as an 8×8 picture, one
    colour scale for all, ending at the 98th percentile of |w|."""
    rows, cols = WEIGHT_SLOTS
    W = model.first_layer_weights()[: rows * cols]
    top = float(np.percentile(np.abs(W), 98)) or 1.0
    layers = {}
    for j, w in enumerate(W):
        w = np.round(w, _PICTURE_DECIMALS)
        layers[f"neuron{j}"] = sp.cells(w, vmin=-top, vmax=top, colors=DIVERGING, grid=False,
                                        axes=f"neuron{j}")  # fmt: skip
        layers[f"neuron{j}_caption"] = caption(0.5, 1.12, f"neuron {j}", axes=f"neuron{j}",
                                                anchor="middle", size=10.5)  # fmt: skip
    layers["colorbar"] = sp.colorbar(colors=DIVERGING, axes="colorbar")
    # Weights beyond the scale's ends show at full colour.
    for value, label in ((1.0, f"≥ +{top:.2g}"), (0.0, "0"), (-1.0, f"≤ −{top:.2g}")):
        layers[f"colorbar_{label}"] = {
            **sp.text(1.6, value, label, axes="colorbar", size=11),
            "clip": False,
        }
    bar = next(ax for ax in weights_figure(model)["axes"] if ax["id"] == "colorbar")
    layers["title"] = _at_pixel(
        bar, 10, 18, f"first-layer weights W[0]: one 8×8 picture per hidden neuron "
        f"(neurons 0..{len(W) - 1} of {model.hidden}); orange +, blue −",
        weight="bold",
    )  # fmt: skip
    return layers
