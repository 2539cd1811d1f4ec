#!/usr/bin/env python
"""Kernel-side timings for notebook 2's apps: median of 20 (perf_counter).

    python benchmarks/notebook02_latency.py


change = setting the widget value (model update + artist updates, callbacks run synchronously);
redraw = fig.canvas.draw() of the stale figures (Agg render + ipympl's PNG diff).
Wall time (perf_counter) and this process's CPU time (process_time): on a shared, loaded
machine the CPU time is what the same work costs on an idle one.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MPLBACKEND", "Agg")
import numpy as np  # noqa: E402

import backprop_tutorial.widgets as W  # noqa: E402
from backprop_tutorial.models.network import TrainingModel  # noqa: E402
from backprop_tutorial.widgets.base import figure  # noqa: E402


def med(xs):
    return statistics.median(xs) * 1e3


def live(fig):
    # In a browser the front end says "initialized" at once and ipympl stops re-encoding
    # every frame a second time for the _data_url trait; headless it never does.
    fig.canvas.syncing_data_url = False
    return fig


def drive(app, key, values, n=20):
    w = app.controls[key]
    for f in app.figures:
        live(f)
        f.canvas.draw()
    ch, rd, cch, crd = [], [], [], []
    for i in range(n):
        v = values[i % len(values)]
        if v == w.value:
            v = values[(i + 1) % len(values)]
        t0, c0 = time.perf_counter(), time.process_time()
        w.value = v
        t1, c1 = time.perf_counter(), time.process_time()
        for f in app.figures:
            if f.stale:
                f.canvas.draw()
        t2, c2 = time.perf_counter(), time.process_time()
        ch.append(t1 - t0)
        rd.append(t2 - t1)
        cch.append(c1 - c0)
        crd.append(c2 - c1)
    assert app.last_error is None, app.last_error
    print(
        f"{type(app).__name__:<20}{key:<14}change {med(ch):7.1f} ms (cpu {med(cch):6.1f})"
        f"   redraw {med(rd):7.1f} ms (cpu {med(crd):6.1f})"
    )


def model_only(name, fn, n=20):
    ts, cs = [], []
    for i in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        ts.append(time.perf_counter() - t0)
        cs.append(time.process_time() - c0)
    print(f"{name:<34}model {med(ts):7.2f} ms (cpu {med(cs):6.2f})")


print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

ref = live(figure(4, 3))
ax = ref.add_subplot()
(line,) = ax.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50))
ref.canvas.draw()
rts, rcs = [], []
for i in range(20):
    line.set_ydata(np.linspace(0, 1, 50) ** (1 + i % 3))
    t0, c0 = time.perf_counter(), time.process_time()
    ref.canvas.draw()
    rts.append(time.perf_counter() - t0)
    rcs.append(time.process_time() - c0)
print(f"{'reference 4x3 one-line plot':<34}redraw {med(rts):7.1f} ms (cpu {med(rcs):6.1f})")

stepper = W.LayerStepper()
drive(stepper, "step", list(range(7)))
model_only("LayerStepperModel.set_step", lambda i: stepper.model.set_step(i % 7))
two = W.TwoPictures()
drive(two, "picture", ["neurons", "surgery"])
shared = W.SharedGradient()
names = shared.model.weight_names()
drive(shared, "second", names[3:12])
model_only(
    "SharedGradientModel.set_weights",
    lambda i: shared.model.set_weights("W[1][0,0]", names[1 + i % 10]),
)
meter = W.GradientMeter()
drive(meter, "depth", list(range(1, 31, 3)))
model_only("GradientMeterModel.set_depth", lambda i: meter.model.set_depth(1 + (i * 7) % 30))
play = W.TrainingPlayground()
drive(play, "learning_rate", [0.1, 0.2, 0.5, 1.0])
play.train(300)
sl = W.LandscapeSlice(play)
drive(sl, "span", [0.2, 0.5, 1.0, 2.0, 3.0])
drive(sl, "first", names[:6])

# Training: 500 epochs on 200 points with [2, 8, 8, 1]
ts, cs = [], []
for i in range(20):
    t = TrainingModel("moons", "8, 8", "tanh", 0.5, seed=i)
    t0, c0 = time.perf_counter(), time.process_time()
    t.train(500)
    ts.append(time.perf_counter() - t0)
    cs.append(time.process_time() - c0)
print(
    f"TrainingModel.train(500), [2,8,8,1], 200 pts   median {statistics.median(ts):.3f} s "
    f"(cpu {statistics.median(cs):.3f} s)"
)
ts = []
for i in range(5):
    p = W.TrainingPlayground(seed=i, epochs=500, chunk=50)
    t0 = time.perf_counter()
    p.train(500)  # with a boundary + loss redraw (Agg) after every 50 epochs
    for f in p.figures:
        f.canvas.draw()
    ts.append(time.perf_counter() - t0)
print(
    f"TrainingPlayground.train(500) incl. 10 redraws    median {statistics.median(ts):.3f} s (of 5)"
)
print(f"load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
