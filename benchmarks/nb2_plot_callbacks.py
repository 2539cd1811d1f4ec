#!/usr/bin/env python
"""Kernel work per control of notebook 2's charts (playground, landscape slice, meter).

    python benchmarks/nb2_plot_callbacks.py

For every control: the callback (model change + chart layers built) and the JSON
encoding of the PlotWidget state a kernel then sends, median and worst over a few
values each; also one training chunk of 50 epochs with its redraw.  The browser's own
share (message, repaint) is measured by benchmarks/browser.py.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import ipywidgets as widgets  # noqa: E402

from backprop_tutorial.apps.gradient_meter.app import GradientMeterApp  # noqa: E402
from backprop_tutorial.apps.landscape_slice.app import LandscapeSliceApp  # noqa: E402
from backprop_tutorial.apps.training.app import TrainingApp  # noqa: E402


def encode(app) -> tuple:
    t0 = time.perf_counter()
    w = app.view.widget
    size = len(json.dumps({"layers": w.layers, "figure": w.figure}))
    return time.perf_counter() - t0, size


def values_for(w):
    if isinstance(w, widgets.widget_selection._Selection):
        return [o[1] if isinstance(o, tuple) else o for o in w.options]
    if isinstance(w, widgets.FloatLogSlider):
        return list(w.base ** np.linspace(w.min, w.max, 7))
    if isinstance(w, (widgets.IntSlider, widgets.BoundedIntText)):
        return [int(v) for v in np.linspace(w.min, min(w.max, w.min + 30), 7)]
    if isinstance(w, widgets.Text):
        return ["8, 8", "16, 16", "4", "8, 8, 8"]
    return None  # a button


def main() -> int:
    play = TrainingApp()
    play.train(300)
    apps = (play, LandscapeSliceApp(play), GradientMeterApp())
    rows = []
    for app in apps:
        for name, w in app.controls.items():
            if name in ("train", "stop", "epochs"):  # epochs only sets what Train runs
                continue
            vals = values_for(w)
            times, enc, sizes = [], [], []
            for _ in range(3):
                for v in vals or [None] * 5:
                    if vals is not None and w.value == v:
                        continue
                    t0 = time.perf_counter()
                    if vals is None:
                        w.click()
                    else:
                        w.value = v
                    times.append(time.perf_counter() - t0)
                    e, n = encode(app)
                    enc.append(e)
                    sizes.append(n)
            rows.append((type(app).__name__, name, times, enc, sizes))
    fresh = TrainingApp()
    times, enc, sizes = [], [], []
    for _ in range(10):
        t0 = time.perf_counter()
        fresh.model.train(50)
        fresh.update()
        times.append(time.perf_counter() - t0)
        e, n = encode(fresh)
        enc.append(e)
        sizes.append(n)
    rows.append(("TrainingApp", "one chunk (50 epochs)", times, enc, sizes))
    print(f"{'app':<20}{'control':<24}{'callback ms':>12}{'json ms':>9}{'KB':>6}{'worst ms':>10}")
    for app, name, t, e, n in rows:
        print(
            f"{app:<20}{name:<24}{1e3 * np.median(t):>12.1f}{1e3 * np.median(e):>9.1f}"
            f"{np.median(n) / 1e3:>6.0f}{1e3 * max(t):>10.1f}"
        )
    errors = [a.last_error for a in apps if a.last_error]
    if errors:
        print("errors:", errors)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
