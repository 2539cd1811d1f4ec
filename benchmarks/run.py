#!/usr/bin/env python
"""Measure the speed of the engine, the path-sum comparison and the notebook apps.

    python benchmarks/run.py            # full run, a few minutes on 2 cores
    python benchmarks/run.py --quick    # fewer repeats, under a minute
    python benchmarks/run.py --only engine,paths   # some sections only (for profiling)
    python benchmarks/run.py --browser  # also key press -> new pixels in real JupyterLab

Prints a table (key, value, goal, met?) and writes ``benchmarks/results.json``: one
number per key (NaN when something could not be measured, with the reason printed).

The machines this runs on are shared and noisy, so every claim is a *ratio* of two
things measured in the same run, interleaved repeat by repeat (A, B, A, B, ...), and
each time is the median of several repeats (``time.perf_counter``).  Absolute times
(milliseconds, seconds) are reported too but are only as good as the machine's load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Headless: the apps draw on ipympl canvases (no pyplot), but keep any pyplot use off-screen.
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

import backprop_tutorial as bt  # noqa: E402

NAN = float("nan")


# ---------------------------------------------------------------------------- goals


@dataclass(frozen=True)
class Goal:
    key: str
    what: str
    op: str  # "<=", ">=", "<" or "" (reported only)
    target: float

    def text(self) -> str:
        return "reported" if not self.op else f"{self.op} {self.target:g}"

    def met(self, value: float):
        """True/False, or None when there is no goal or no value."""
        if not self.op or value is None or not math.isfinite(value):
            return None
        return {"<=": value <= self.target, ">=": value >= self.target, "<": value < self.target}[
            self.op
        ]


GOALS = [
    Goal(
        "fwd_bwd_over_fwd",
        "(forward+backward)/forward time, MLP 784-256-256-10, batch 256",
        "<=",
        2.5,
    ),
    Goal(
        "engine_over_matmul_gflops",
        "engine fwd+bwd GFLOP/s / plain numpy matmul GFLOP/s",
        ">=",
        0.8,
    ),
    Goal(
        "engine_over_torch_time", "engine fwd+bwd time / PyTorch CPU autograd, float64", "<=", 1.0
    ),
    Goal("pathsum_over_backprop_mults", "multiplications, widths 4, depth 10", ">=", 1e4),
    Goal("pathsum_over_backprop_time", "wall time, largest net the path sum does in ~1 s", "", 0.0),
    Goal(
        "findiff_over_backprop_time", "central differences / backprop, ~10^4 parameters", ">=", 1e3
    ),
    Goal("count_paths_100x100_ms", "exact path count, 100 layers of width 100", "<", 1.0),
    Goal("landscape_chain_201_ms", "J(w0, w1) on a 201x201 grid, chain network", "<=", 10.0),
    Goal("expression_parse_ms", "parse_expression of a 200-node typed expression", "<=", 20.0),
    Goal(
        "slider_chain_model_ms",
        "slider change, no drawing, notebook 1 apps (worst slider)",
        "<=",
        5.0,
    ),
    Goal(
        "slider_general_model_ms",
        "slider change, no drawing, notebook 2 apps (worst slider)",
        "<=",
        20.0,
    ),
    Goal(
        "slider_redraw_ms",
        "slider change + redraw of stale matplotlib figures, if any (worst)",
        "<=",
        100.0,
    ),
    Goal("train_500_epochs_s", "500 epochs, 200 points, [2, 8, 8, 1]", "<=", 2.0),
    Goal("nbval_all_s", "all notebooks executed by nbval", "<=", 60.0),
    Goal(
        "digits_train_s",
        "load digits, split, train [64, 32, 10] 30 epochs, batches of 32 (notebook 5)",
        "<",
        10.0,
    ),
    Goal("digits_test_accuracy", "test accuracy of that run (449 held-out digits)", ">=", 0.95),
    Goal("check_engine_s", "bt.check_engine(bt.Value): 200 random expressions", "<=", 1.0),
    Goal(
        "e2e_step_ms",
        "browser: key press -> changed picture, step sliders and Play (worst median; one frame)",
        "<=",
        16.0,
    ),
    Goal(
        "e2e_step_frames",
        "browser: the frame after a step press in which its picture changed, step sliders "
        "and Play (1 = the first frame drawn after the press; worst median)",
        "<=",
        1.0,
    ),
    Goal(
        "e2e_control_ms",
        "browser: press -> changed picture, every other control (worst median)",
        "<=",
        100.0,
    ),
    Goal(
        "e2e_first_ms",
        "browser: press -> first change (pending mark, status, picture), every other control, "
        "Train and Measure included (worst median)",
        "<=",
        50.0,
    ),
]
KEYS = [g.key for g in GOALS]


@dataclass
class Report:
    """Everything a run produces: the keyed numbers, extra numbers and notes."""

    values: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


# ---------------------------------------------------------------------------- timing


def _minor_faults() -> int:
    try:
        import resource
    except ImportError:  # not Unix
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def interleaved(
    funcs: dict, repeats: int, warmup: int = 2, block: int = 1, faults: dict | None = None
) -> dict:
    """Median seconds per call of each function, measured round-robin.

    Interleaving (A, B, C, A, B, C, ...) exposes every function to the same machine
    load, so ratios of the medians are fair even when absolute times drift.  With
    ``block > 1`` each turn is ``block`` calls in a row and the first one of each turn is
    not kept: two libraries with their own thread pools (numpy's OpenBLAS, PyTorch's
    OpenMP) each leave threads spinning after a call, which slowed the other one's next
    call by several ms on 2 cores; blocks let each run with its own threads warm.
    ``faults``, if given, receives the minor page faults per kept call (first touches of
    fresh memory) of each function.
    """
    for _ in range(warmup):
        for f in funcs.values():
            f()
    samples = {k: [] for k in funcs}
    counted = {k: 0 for k in funcs}
    turns = max(1, repeats // max(1, block - 1)) if block > 1 else repeats
    for _ in range(turns):
        for k, f in funcs.items():
            for i in range(block):
                f0 = _minor_faults()
                t0 = time.perf_counter()
                f()
                t1 = time.perf_counter()
                if block == 1 or i > 0:
                    samples[k].append(t1 - t0)
                    counted[k] += _minor_faults() - f0
    if faults is not None:
        faults.update({k: counted[k] / len(v) for k, v in samples.items()})
    return {k: float(np.median(v)) for k, v in samples.items()}


def per_call(f, number: int, repeats: int) -> float:
    """Median over ``repeats`` of the mean time of ``number`` back-to-back calls (s)."""
    f()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            f()
        times.append((time.perf_counter() - t0) / number)
    return float(np.median(times))


# ---------------------------------------------------------------------------- engine


def mlp_matmul_flops(sizes, batch: int) -> int:
    """Matmul FLOPs (2 per multiply-add) of one forward + backward pass.

    Forward ``S[l] = a[l] W[l]^T``: ``2 B n_(l+1) n_l`` per weight layer.  Backward: the
    weight gradients ``delta[l]^T a[l]`` (same count) and the products ``delta[l] W[l]``
    for every weight layer but the first (the input needs no delta).
    """
    per_layer = [a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    return 2 * batch * (2 * sum(per_layer) + sum(per_layer[1:]))


def bench_engine(rep: Report, quick: bool) -> None:
    sizes, B = [784, 256, 256, 10], 256
    rng = np.random.default_rng(0)
    net = bt.Network(sizes, "sigmoid", "quadratic", rng=rng)
    X = rng.normal(size=(B, sizes[0]))
    Y = rng.random((B, sizes[-1]))
    cache = net.forward_cache(X)
    deltas = net.backward(cache, Y)
    Ws, As, Ds = net.weights, cache.a, deltas
    L = net.L

    # Output arrays for the products backprop uses internally (Network.gradients keeps
    # them in a workspace reused from call to call); the dJ/dW[l] it returns are new.
    F = [np.empty((B, n)) for n in sizes[1:]]  # F[l]: S[l], shape (B, n_(l+1))
    G = [np.empty((B, n)) for n in sizes[:-1]]  # G[l]: delta[l] W[l], shape (B, n_l)

    def matmul_only():
        # Exactly the matrix products of forward + backward, nothing else, with the same
        # memory discipline as the engine (measured: the first touch of fresh memory is
        # a ~2 us page fault per 4 KB on this VM, so this matters).
        a = X
        for m in range(L):
            a = np.matmul(a, Ws[m].T, out=F[m])
        dW = []
        for m in range(L - 1, -1, -1):
            dW.append(Ds[m].T @ As[m])
            if m > 0:
                np.matmul(Ds[m], Ws[m], out=G[m])
        return dW

    def matmul_fresh():
        # The same products, every output in new memory.
        a, kept = X, []
        for m in range(L):
            a = a @ Ws[m].T
            kept.append(a)
        for m in range(L - 1, -1, -1):
            kept.append(Ds[m].T @ As[m])
            if m > 0:
                kept.append(Ds[m] @ Ws[m])
        return kept

    funcs = {
        "forward": lambda: net.forward_cache(X),
        "forward+backward": lambda: net.gradients(X, Y),
        "matmul only": matmul_only,
        "matmul, fresh memory": matmul_fresh,
    }
    faults = {}
    t = interleaved(funcs, repeats=15 if quick else 40, block=6, faults=faults)
    flops = mlp_matmul_flops(sizes, B)
    torch_fn = _torch_step(net, X, Y, rep)
    if torch_fn is not None:
        # A separate round in blocks: see interleaved() on the two thread pools.
        pair = {"forward+backward": funcs["forward+backward"], "torch fwd+bwd": torch_fn}
        t2 = interleaved(pair, repeats=15 if quick else 40, block=6)
        t["torch fwd+bwd"] = t2["torch fwd+bwd"]
        t["engine (torch round)"] = t2["forward+backward"]
    for k, v in t.items():
        rate = "" if k == "forward" else f"   {flops / v / 1e9:6.1f} GFLOP/s"
        fault = f"   {faults[k]:5.0f} page faults" if k in faults else ""
        print(f"  {k:<20} {v * 1e3:8.2f} ms{rate}{fault}")
    rep.extra["engine_fwd_bwd_page_faults"] = faults["forward+backward"]
    rep.extra["matmul_page_faults"] = faults["matmul only"]
    rep.values["fwd_bwd_over_fwd"] = t["forward+backward"] / t["forward"]
    rep.values["engine_over_matmul_gflops"] = t["matmul only"] / t["forward+backward"]
    rep.values["engine_over_torch_time"] = (
        t["engine (torch round)"] / t["torch fwd+bwd"] if torch_fn is not None else NAN
    )
    rep.extra["engine_over_matmul_fresh_gflops"] = t["matmul, fresh memory"] / t["forward+backward"]
    rep.extra["engine_fwd_ms"] = t["forward"] * 1e3
    rep.extra["engine_fwd_bwd_ms"] = t["forward+backward"] * 1e3
    rep.extra["engine_gflops"] = flops / t["forward+backward"] / 1e9
    rep.extra["matmul_gflops"] = flops / t["matmul only"] / 1e9
    # The ideal ratio if only matmuls cost anything: (fwd + bwd FLOPs) / fwd FLOPs.
    fwd_flops = 2 * B * sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    rep.extra["fwd_bwd_over_fwd_matmul_bound"] = flops / fwd_flops
    if os.environ.get("BT_BENCH_CHILD") is None:
        for suffix, what, env in ENGINE_VARIANTS:
            _engine_variant(rep, quick, suffix, what, env)


BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# glibc: keep freed memory instead of returning it to the OS (no first-touch faults).
MALLOC_ENV = {
    "MALLOC_TRIM_THRESHOLD_": str(2**30),
    "MALLOC_MMAP_THRESHOLD_": str(2**25),
    "MALLOC_TOP_PAD_": str(2**26),
}

# Diagnostic re-runs of the engine section in a child process (extra ``*_<suffix>`` keys).
# One BLAS thread: on a loaded 2-core machine a two-thread BLAS stalls while its threads
# wait for each other (matmuls measured 10x slower at load 7), which flatters the engine;
# one thread is immune.  No trim: a gradient call touches ~7.5 MB of fresh memory, and on
# this VM every first touch of a 4 KB page is a page fault costing ~2 us, because glibc
# hands freed memory back to the OS; with it kept, what is left is the engine's own work.
ENGINE_VARIANTS = [
    ("1thread", "one BLAS/torch thread", {k: "1" for k in BLAS_ENV}),
    ("no_trim", "malloc keeping freed memory (MALLOC_TRIM_THRESHOLD_ etc.)", MALLOC_ENV),
]


def _engine_variant(rep: Report, quick: bool, suffix: str, what: str, env: dict) -> None:
    """The engine section again in a child process with ``env`` set."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "engine.json"
        cmd = [sys.executable, __file__, "--only", "engine", "--out", str(out)]
        full_env = {**os.environ, "BT_BENCH_CHILD": "1", **env}
        proc = subprocess.run(
            cmd + (["--quick"] if quick else []),
            env=full_env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if proc.returncode != 0 or not out.exists():
            rep.note(f"engine run with {what} failed: {proc.stderr.strip()[-500:]}")
            return
        child = json.loads(out.read_text())
    print(f"  with {what}:")
    for line in proc.stdout.splitlines():
        if line.startswith("    ") is False and line.startswith("  ") and " ms" in line:
            print("  " + line)
    for key in (
        "fwd_bwd_over_fwd",
        "engine_over_matmul_gflops",
        "engine_over_torch_time",
        "engine_over_matmul_fresh_gflops",
    ):
        rep.extra[f"{key}_{suffix}"] = child[key]
        print(f"    {key} = {child[key]:.3g}")


def _torch_step(net, X, Y, rep: Report):
    """A function doing one PyTorch forward + backward on the same MLP, or None."""
    try:
        import torch
    except ImportError:
        rep.note(
            "torch is not installed: engine_over_torch_time = NaN "
            "(pip install torch==2.13.0 to measure it; it is not a dependency)"
        )
        return None
    Xt = torch.from_numpy(X)
    Yt = torch.from_numpy(Y)
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    params = Ws + bs
    B = len(X)

    def step():
        a = Xt
        for W, b in zip(Ws, bs, strict=True):
            a = torch.sigmoid(torch.addmm(b, a, W.t()))
        J = 0.5 * ((a - Yt) ** 2).sum() / B
        return torch.autograd.grad(J, params)

    grads = step()
    dW, db = net.gradients(X, Y)
    ok = all(
        np.allclose(g.numpy(), e, rtol=1e-9, atol=1e-12)
        for g, e in zip(grads, dW + db, strict=True)
    )
    rep.extra["torch_threads"] = torch.get_num_threads()
    print(
        f"  torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"gradients agree with the engine: {ok}"
    )
    if not ok:
        rep.note("PyTorch and the engine disagree on the gradients: check the benchmark")
    return step


# ---------------------------------------------------------------------------- paths


def bench_paths(rep: Report, quick: bool) -> None:
    from backprop_tutorial.core import paths

    sizes = [4] * 11  # width 4, depth 10 (ten layers with weights)
    ps, bp = paths.path_sum_multiplications(sizes), paths.backprop_multiplications(sizes)
    print(f"  multiplications for {sizes}: path sum {ps:,}, backprop {bp:,}")
    rep.values["pathsum_over_backprop_mults"] = ps / bp
    rep.extra["pathsum_mults_w4_d10"] = ps
    rep.extra["backprop_mults_w4_d10"] = bp

    # Largest net of width 4 whose path sum finishes in about a second (one example):
    # each extra layer multiplies the work by 4, so stop once the next would pass ~2 s.
    width, budget = 4, 1.0
    rng = np.random.default_rng(1)
    last = None
    for depth in range(2, 20):
        sizes = [width] * (depth + 1)
        net = bt.Network(sizes, "sigmoid", "quadratic", rng=rng)
        x, y = rng.normal(size=(1, width)), rng.random((1, width))
        t0 = time.perf_counter()
        res = paths.path_sum_gradients(net, x, y, max_paths=10**12)
        t_ps = time.perf_counter() - t0
        last = (depth, sizes, net, x, y, res, t_ps)
        if t_ps * width > 2 * budget:
            break
    depth, sizes, net, x, y, res, t_ps = last
    dW, _ = net.gradients(x, y)
    agree = all(np.allclose(a, b, rtol=1e-8, atol=1e-14) for a, b in zip(res.dW, dW, strict=True))
    # Backprop timed right before and after a second path-sum run, same machine load.
    before = per_call(lambda: net.gradients(x, y), number=50, repeats=5 if quick else 11)
    if not quick:
        t0 = time.perf_counter()
        paths.path_sum_gradients(net, x, y, max_paths=10**12)
        t_ps = min(t_ps, time.perf_counter() - t0)
    after = per_call(lambda: net.gradients(x, y), number=50, repeats=5 if quick else 11)
    t_bp = min(before, after)
    print(
        f"  path sum on {sizes} (one example): {t_ps:.3f} s, {res.n_paths:,} "
        f"(parameter, path) pairs; backprop {t_bp * 1e6:.0f} us; same gradient: {agree}"
    )
    if not agree:
        rep.note("path sum and backprop disagree: check paths.path_sum_gradients")
    rep.values["pathsum_over_backprop_time"] = t_ps / t_bp
    rep.extra["pathsum_time_width"] = width
    rep.extra["pathsum_time_depth"] = depth
    rep.extra["pathsum_time_s"] = t_ps
    rep.extra["pathsum_time_mults_ratio"] = paths.path_sum_multiplications(
        sizes
    ) / paths.backprop_multiplications(sizes)

    big = [100] * 100
    t = per_call(lambda: paths.count_paths(big), number=2000, repeats=7)
    rep.values["count_paths_100x100_ms"] = t * 1e3
    print(f"  count_paths([100]*100) = 10^{len(str(paths.count_paths(big))) - 1}: {t * 1e6:.1f} us")


def bench_findiff(rep: Report, quick: bool) -> None:
    """Central differences vs backprop on a net with ~10^4 parameters.

    Finite differences get their fairest implementation: nudge one parameter in place
    and evaluate ``net.loss`` (two forward passes per parameter, no copies).  Every
    coordinate costs the same, so an evenly strided subset of the coordinates is timed
    (every 4th, every 20th with --quick) and the time is scaled to all of them.  The
    subset is timed in chunks with backprop timed between them, so both see the same
    machine load.
    """
    sizes, B, eps = [16, 100, 80, 1], 100, 1e-6
    rng = np.random.default_rng(2)
    net = bt.Network(sizes, "sigmoid", "quadratic", rng=rng)
    X, Y = rng.normal(size=(B, sizes[0])), rng.random((B, sizes[-1]))
    arrays = net.weights + net.biases  # views: nudging them nudges the network
    coords = [(i, idx) for i, A in enumerate(arrays) for idx in np.ndindex(A.shape)]
    n = len(coords)
    subset = coords[:: 20 if quick else 4]
    grad = np.empty(len(subset))

    def central(first, last):
        for c in range(first, last):
            i, idx = subset[c]
            A = arrays[i]
            old = A[idx]
            A[idx] = old + eps
            up = net.loss(X, Y)
            A[idx] = old - eps
            down = net.loss(X, Y)
            A[idx] = old
            grad[c] = (up - down) / (2 * eps)

    def backprop():
        net.gradients(X, Y)

    backprop()
    t_fd, t_bp = 0.0, []
    bounds = np.linspace(0, len(subset), 11).astype(int)
    for first, last in zip(bounds[:-1], bounds[1:], strict=True):
        t0 = time.perf_counter()
        central(first, last)
        t_fd += time.perf_counter() - t0
        for _ in range(3):
            t0 = time.perf_counter()
            backprop()
            t_bp.append(time.perf_counter() - t0)
    t_fd *= n / len(subset)
    t_bp = float(np.median(t_bp))
    flat = net.flat_gradient(X, Y)
    offsets = np.cumsum([0] + [a.size for a in arrays])
    where = [offsets[i] + np.ravel_multi_index(idx, arrays[i].shape) for i, idx in subset]
    err = bt.relative_error(flat[where], grad)
    print(
        f"  {sizes}, {n} parameters, batch {B}: central differences {t_fd:.2f} s (timed "
        f"{len(subset)} of the {n} coordinates, scaled), backprop {t_bp * 1e3:.2f} ms, "
        f"relative error {err:.1e}"
    )
    rep.values["findiff_over_backprop_time"] = t_fd / t_bp
    rep.extra["findiff_n_params"] = n
    rep.extra["findiff_coordinates_timed"] = len(subset)
    rep.extra["findiff_s"] = t_fd
    rep.extra["findiff_relative_error"] = err


# ---------------------------------------------------------------------------- small core


def bench_core(rep: Report, quick: bool) -> None:
    chain = bt.ChainNetwork()
    w0, w1 = np.meshgrid(np.linspace(-6, 6, 201), np.linspace(-6, 6, 201))
    t = per_call(lambda: chain.loss_on_grid(w0, w1), number=5, repeats=7 if quick else 21)
    rep.values["landscape_chain_201_ms"] = t * 1e3
    print(f"  chain loss_on_grid 201x201: {t * 1e3:.2f} ms")

    from backprop_tutorial.core.expression import parse_expression

    # 51 names, 50 sines, 50 products, 49 sums: 200 nodes, parsed, built and traced.
    text = " + ".join(f"sin(x{i}) * x{i + 1}" for i in range(50))
    values = {f"x{i}": 0.01 * i for i in range(51)}
    t = per_call(lambda: parse_expression(text, **values), number=3, repeats=7 if quick else 21)
    rep.values["expression_parse_ms"] = t * 1e3
    print(f"  parse_expression, 200 nodes ({len(text)} characters): {t * 1e3:.2f} ms")

    rng = np.random.default_rng(3)
    X, Y = bt.make_dataset("moons", 200, 0.1, rng)
    start = bt.Network([2, 8, 8, 1], "sigmoid", "quadratic", rng=rng)
    times = []
    for _ in range(3 if quick else 5):
        net = start.copy()
        t0 = time.perf_counter()
        history = net.train(X, Y, learning_rate=1.0, epochs=500)
        times.append(time.perf_counter() - t0)
    rep.values["train_500_epochs_s"] = float(np.median(times))
    print(
        f"  train [2, 8, 8, 1], 200 points, 500 epochs: {np.median(times):.3f} s "
        f"(loss {history[0]:.3f} -> {history[-1]:.3f})"
    )


def bench_digits(rep: Report, quick: bool) -> None:
    """Notebook 5's recipe from the data file to a trained network, timed end to end
    (median of several runs; the accuracy is the worst run's), and the kernel's share
    of a stroke on the drawing grid (new ink in -> probabilities and -dJ/dx out)."""
    from backprop_tutorial.data.digits_data import RECIPE

    times, accuracies = [], []
    for _ in range(3 if quick else 5):
        t0 = time.perf_counter()
        X, labels = bt.load_digits()
        rng = np.random.default_rng(RECIPE["seed"])
        X_train, X_test, y_train, y_test = bt.train_test_split(X, labels, 0.25, rng=rng)
        net = bt.Network([64, RECIPE["hidden"], 10], "sigmoid", "softmax_cross_entropy", rng=rng)
        net.train(
            X_train,
            bt.one_hot(y_train, 10),
            RECIPE["learning_rate"],
            RECIPE["epochs"],
            batch_size=RECIPE["batch_size"],
            rng=rng,
        )
        times.append(time.perf_counter() - t0)
        accuracies.append(bt.accuracy(net, X_test, y_test))
    rep.values["digits_train_s"] = float(np.median(times))
    rep.values["digits_test_accuracy"] = float(min(accuracies))
    print(
        f"  digits, [64, 32, 10], 30 epochs of batches of 32: {np.median(times):.3f} s, "
        f"test accuracy {min(accuracies):.4f}"
    )

    from backprop_tutorial.apps.digit_draw.app import DigitDrawApp

    app = DigitDrawApp(net, X_test)
    strokes = [np.rint(X_test[i] * 16).astype(int) for i in range(50 if quick else 200)]
    t0 = time.perf_counter()
    for ink in strokes:
        app.draw(ink)
    per_stroke = (time.perf_counter() - t0) / len(strokes)
    rep.extra["digit_stroke_kernel_ms"] = per_stroke * 1e3
    print(f"  drawing grid, kernel time per stroke (ink in -> bars out): {per_stroke * 1e3:.2f} ms")


def bench_check_engine(rep: Report, quick: bool) -> None:
    """Notebook 6's engine checker: one engine on 200 expressions (median of runs), the
    reference on 10,000, and how many expressions each zoo engine survives."""
    times = []
    for _ in range(3 if quick else 5):
        t0 = time.perf_counter()
        assert bt.check_engine(bt.Value)
        times.append(time.perf_counter() - t0)
    rep.values["check_engine_s"] = float(np.median(times))
    print(f"  check_engine(bt.Value), 200 expressions: {np.median(times):.3f} s")
    if not quick:
        t0 = time.perf_counter()
        verdict = bt.check_engine(bt.Value, n_graphs=10_000, time_limit=600)
        rep.extra["check_engine_10000_s"] = time.perf_counter() - t0
        print(
            f"  the reference on 10,000 expressions: {verdict.status}, "
            f"{rep.extra['check_engine_10000_s']:.1f} s"
        )
    caught = {}
    for name in bt.zoo.engines():
        verdict = bt.check_engine(bt.zoo.engine(name))
        caught[name] = verdict.n_checked if not verdict else None
    rep.extra["zoo_caught_after"] = max(n or 10**9 for n in caught.values())
    print(f"  zoo engines caught after (expressions): {caught}")


# ---------------------------------------------------------------------------- widgets


def discover_apps() -> dict:
    """Every app ``backprop_tutorial.apps`` exports (``apps/<name>/app.py``, loaded lazily
    through ``__all__``): name -> class.  An app that cannot be imported is reported."""
    import backprop_tutorial.apps as pkg

    found = {}
    for name in pkg.__all__:
        try:
            found[name] = getattr(pkg, name)
        except Exception as exc:  # noqa: BLE001 - a broken app is reported, not fatal
            print(f"  cannot import backprop_tutorial.apps.{name}: {exc!r}")
    return found


# Which notebook an app folder (``apps/<folder>/``) serves, for apps no notebook has run.
APP_NOTEBOOK = {
    "chain_stepper": 1,
    "fan_out": 1,
    "gradient_check": 1,
    "graph_stepper": 1,
    "landscape": 1,
    "gradient_meter": 2,
    "landscape_slice": 2,
    "layer_stepper": 2,
    "shared_gradient": 2,
    "training": 2,
    "two_pictures": 2,
    "cost_explorer": 3,
    "influence_paths": 3,
    "memo_table": 3,
    "path_sum_table": 3,
    "chain_modes": 4,
    "jacobian_chain": 4,
    "mode_growth": 4,
    "tape": 4,
    "batch_noise": 5,
    "digit_draw": 5,
    "digits_trainer": 5,
    "expression": 6,
}


def apps_from_notebooks(rep: Report) -> tuple:
    """Run every notebook's code cells in-process and keep the apps they create.

    Returns ``(apps, covered)``: a list of ``(notebook number, app)`` built with the
    notebooks' own arguments, and the set of notebook numbers that ran cleanly.  An
    IPython shell runs the cells (magics included); what they display is discarded.
    """
    import contextlib
    import io

    from IPython.core.interactiveshell import InteractiveShell

    from backprop_tutorial.ui.widgets.app import App

    created = []
    original_init = App.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        created.append(self)

    apps, covered = [], set()
    shell = InteractiveShell.instance()
    App.__init__ = recording_init
    cwd = os.getcwd()
    try:
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
            number = int(path.name[:2])
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            shell.reset(new_session=False)
            os.chdir(path.parent)  # as Jupyter does: relative paths start at the notebook
            created.clear()
            t0 = time.perf_counter()
            failed = None
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                for cell in cells:
                    if cell.get("cell_type") != "code":
                        continue
                    result = shell.run_cell(
                        "".join(cell.get("source", "")), store_history=False, silent=True
                    )
                    if not result.success:
                        failed = result.error_in_exec or result.error_before_exec
                        break
            elapsed = time.perf_counter() - t0
            if failed is not None:
                rep.note(
                    f"{path.name} failed in-process ({failed!r}); its apps are built "
                    "with default arguments instead"
                )
                continue
            covered.add(number)
            apps += [(number, app) for app in created]
            names = ", ".join(type(a).__name__ for a in created) or "no apps"
            print(f"  ran {path.name} in-process in {elapsed:.1f} s: {names}")
    finally:
        App.__init__ = original_init
        os.chdir(cwd)
    return apps, covered


def collect_apps(rep: Report) -> list:
    """``(notebook, app)`` pairs: the notebooks' own apps, plus default-built apps for
    any App class of a notebook that does not exist or failed."""
    try:
        apps, covered = apps_from_notebooks(rep)
    except Exception as exc:  # noqa: BLE001 - fall back to default-built apps
        rep.note(f"could not run the notebooks in-process: {exc!r}")
        apps, covered = [], set()
    try:
        classes = discover_apps()
    except Exception as exc:  # noqa: BLE001
        rep.note(f"cannot import backprop_tutorial.apps: {exc!r}")
        classes = {}
    seen = {type(app).__name__ for _, app in apps}
    for name, cls in sorted(classes.items()):
        number = APP_NOTEBOOK.get(cls.__module__.split(".")[-2], 0)  # apps.<folder>.app
        if name in seen or number in covered:
            continue
        try:
            apps.append((number, cls()))
            print(f"  built {name}() with default arguments (notebook {number} not run)")
        except Exception as exc:  # noqa: BLE001 - report and go on with the other apps
            rep.note(f"{name}() failed: {exc!r}")
    return apps


def drop_sub_apps(apps: list) -> list:
    """Leave out apps whose controls all belong to a bigger app (e.g. the stepper inside
    ChainStepperApp), so that one slider is not measured twice."""
    ids = [{id(w) for w in getattr(app, "controls", {}).values()} for _, app in apps]
    keep = []
    for i, pair in enumerate(apps):
        inside = ids[i] and any(j != i and ids[i] < ids[j] for j in range(len(apps)))
        if not inside:
            keep.append(pair)
    return keep


def control_values(w, moves: int) -> list:
    """``moves`` values for a slider (a drag) or a choice widget (clicks through its
    options), each different from the one before."""
    import ipywidgets as widgets

    if is_choice(w):
        seq = [o[1] if isinstance(o, tuple) else o for o in w.options]
    elif isinstance(w, widgets.FloatLogSlider):
        seq = list(w.base ** np.linspace(w.min, w.max, 11))
    elif isinstance(w, widgets.IntSlider):
        span = max(1, (w.max - w.min) // max(1, w.step))
        seq = [int(v) for v in np.unique(np.linspace(w.min, w.max, min(span + 1, 11)).round())]
    else:
        seq = list(np.linspace(w.min, w.max, 11))
    if len(seq) < 2:
        return []
    cycle = seq + seq[-2:0:-1]  # up and back down, never the same value twice in a row
    out = []
    while len(out) < moves + len(cycle):
        out.extend(cycle)
    while out and out[0] == w.value:
        out.pop(0)
    return out[:moves]


def is_choice(w) -> bool:
    """A widget whose value is one of its options (dropdown, toggle buttons, ...)."""
    import ipywidgets as widgets

    return isinstance(w, widgets.widget_selection._Selection)


def is_value_control(w) -> bool:
    """A control the benchmark moves: a slider or a choice among options."""
    import ipywidgets as widgets

    sliders = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)
    return isinstance(w, sliders) or is_choice(w)


def bench_widgets(rep: Report, quick: bool) -> None:
    """Drive every app headless through ``app.controls`` and ``app.figures``.

    A slider change runs the app's callbacks synchronously (model update and artist
    updates; ``draw_idle`` only queues a frontend request): that is the "change" time.
    The redraw is then ``fig.canvas.draw()`` of each figure left stale, which on an
    ipympl canvas is the Agg render plus the PNG diff sent to the browser.
    """
    moves = 5 if quick else 20
    rows = []
    apps = drop_sub_apps(collect_apps(rep))
    counts = {}
    for number, app in apps:
        name = type(app).__name__
        counts[number, name] = counts.get((number, name), 0) + 1
        if counts[number, name] > 1:  # the same app twice in a notebook: number them
            name = f"{name}#{counts[number, name]}"
        figures = list(getattr(app, "figures", []))
        for fig in figures:  # the first display: everything drawn once
            # In a browser the front end says "initialized" at once, and from then on
            # ipympl sends only the diff image; headless it would also re-encode every
            # frame in full for its _data_url trait, work a live session never does.
            fig.canvas.syncing_data_url = False
            fig.canvas.draw()
        sliders = {k: w for k, w in getattr(app, "controls", {}).items() if is_value_control(w)}
        if not sliders:
            print(f"  {name} (notebook {number}): no sliders or choices")
        for key, w in sliders.items():
            original = w.value
            wall, cpu, drawn = [], [], []  # per move: (change, change + redraw)
            for v in control_values(w, moves):
                t0, c0 = time.perf_counter(), time.process_time()
                w.value = v
                t1, c1 = time.perf_counter(), time.process_time()
                stale = [f for f in figures if f.stale]
                for f in stale:
                    f.canvas.draw()
                t2, c2 = time.perf_counter(), time.process_time()
                wall.append((t1 - t0, t2 - t0))
                cpu.append((c1 - c0, c2 - c0))
                drawn.append(len(stale))
            if getattr(app, "last_error", None):
                rep.note(f"{name}.controls[{key!r}] raised in its callback: {app.last_error}")
            w.value = original
            for f in figures:
                if f.stale:
                    f.canvas.draw()
            if wall:
                med = np.median(wall, axis=0) * 1e3
                med_cpu = np.median(cpu, axis=0) * 1e3
                rows.append(
                    (
                        number,
                        name,
                        key,
                        med[0],
                        med[1],
                        med_cpu[0],
                        med_cpu[1],
                        float(np.median(drawn)),
                        len(figures),
                        "choice" if is_choice(w) else "slider",
                    )
                )
    if rows:
        print(
            "  times in ms, median per control; cpu = this process's CPU time (what the "
            "apps cost\n  without other processes' load). The slider_* keys take the "
            "sliders; a choice (dropdown,\n  toggle) may rebuild a picture and is "
            "reported as choice_* beside them"
        )
        print(
            f"  {'nb':<3}{'app':<22}{'control':<14}{'kind':<8}{'change':>8}{'+redraw':>9}"
            f"{'cpu chg':>9}{'cpu +rd':>9}{'drawn':>7}"
        )
        for nb, name, key, m, t, mc, tc, d, nf, kind in rows:
            print(
                f"  {nb:<3}{name[:21]:<22}{key[:13]:<14}{kind:<8}{m:>8.2f}{t:>9.1f}{mc:>9.2f}"
                f"{tc:>9.1f}{d:>5.0f}/{nf}"
            )

    def worst(col, notebooks, kind="slider"):
        vals = [r[col] for r in rows if r[0] in notebooks and r[9] == kind]
        return float(max(vals)) if vals else NAN

    def median_of_all(notebooks):
        vals = [r[3] for r in rows if r[0] in notebooks and r[9] == "slider"]
        return float(np.median(vals)) if vals else NAN

    rep.extra["choice_model_ms"] = worst(3, {1, 2, 3}, "choice")
    rep.extra["choice_redraw_ms"] = worst(4, {1, 2, 3}, "choice")

    rep.extra["slider_chain_model_cpu_ms"] = worst(5, {1})
    rep.extra["slider_general_model_cpu_ms"] = worst(5, {2})
    rep.extra["slider_redraw_cpu_ms"] = worst(6, {0, 1, 2, 3})
    rep.extra["slider_chain_model_ms_median_slider"] = median_of_all({1})
    rep.extra["slider_general_model_ms_median_slider"] = median_of_all({2})
    rep.values["slider_chain_model_ms"] = worst(3, {1})
    rep.values["slider_general_model_ms"] = worst(3, {2})
    rep.values["slider_redraw_ms"] = worst(4, {0, 1, 2, 3})
    for key, nb in (("slider_chain_model_ms", 1), ("slider_general_model_ms", 2)):
        if not math.isfinite(rep.values[key]):
            rep.note(f"{key} = NaN: no notebook {nb} app with a slider was found")
    if not rows:
        rep.note("slider_redraw_ms = NaN: no app with a slider was found")
    rep.extra["slider_apps"] = len({r[1] for r in rows})
    bench_playground_run(rep, quick)
    rep.extra["slider_sliders"] = sum(r[9] == "slider" for r in rows)
    rep.extra["choice_controls"] = sum(r[9] == "choice" for r in rows)


def bench_playground_run(rep: Report, quick: bool) -> None:
    """What the learner waits for after "Train": notebook 2's playground training 500
    epochs on 200 moons points, [2, 8, 8, 1], with its chart (decision boundary and loss
    curve, drawn in the browser) rebuilt after every chunk of 50 epochs and encoded as
    the message a kernel sends (JSON of the PlotWidget's layers)."""
    from backprop_tutorial.apps.training.app import TrainingApp

    times = []
    for seed in range(3 if quick else 5):
        app = TrainingApp(seed=seed, epochs=500, chunk=50)
        view = getattr(app, "view", None)
        if view is not None:  # headless there is no comm: encode what would be sent
            view.widget.observe(lambda _c, w=view.widget: json.dumps(w.layers), names="version")
        t0 = time.perf_counter()
        app.train(500)
        times.append(time.perf_counter() - t0)
    rep.extra["train_500_epochs_app_s"] = float(np.median(times))
    print(f"  playground: 500 epochs with a redraw every 50: {np.median(times):.3f} s")


# ---------------------------------------------------------------------------- notebooks


def bench_nbval(rep: Report, quick: bool) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        rep.values["nbval_all_s"] = NAN
        rep.note("nbval_all_s = NaN: no notebooks in notebooks/ yet")
        return
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval-lax",
        "--nbval-current-env",
        "notebooks/",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - t0
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    print(f"  {' '.join(cmd[2:])}: {elapsed:.1f} s, {len(notebooks)} notebooks, {tail}")
    rep.extra["nbval_returncode"] = proc.returncode
    rep.extra["nbval_notebooks"] = len(notebooks)
    if proc.returncode in (0, 1):  # 1: some cell failed, but every notebook was run
        rep.values["nbval_all_s"] = elapsed
    else:  # pytest usage error, nbval missing, nothing collected: no timing to report
        rep.values["nbval_all_s"] = NAN
    if proc.returncode != 0:
        rep.note(
            f"nbval exited with {proc.returncode} (install the test extra: "
            f"pip install -e '.[test]'):\n"
            + "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-12:])
        )


# ---------------------------------------------------------------------------- browser


def bench_browser(rep: Report, quick: bool) -> None:
    """benchmarks/browser.py: real JupyterLab in headless Chromium, every control of every
    notebook, timed inside the page (10 presses per control, --quick or not)."""
    import importlib.util

    try:  # benchmarks/browser.py, beside this file
        spec = importlib.util.spec_from_file_location(
            "bt_browser", Path(__file__).with_name("browser.py")
        )
        e2e = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(e2e)
    except ImportError as exc:  # playwright or the harness missing
        rep.note(f"e2e_* = NaN: cannot import benchmarks/browser.py ({exc!r})")
        return
    try:
        result = e2e.run(presses=10)
    except Exception as exc:  # noqa: BLE001 - no Chromium, server failed: report, go on
        rep.note(f"e2e_* = NaN: the browser run failed: {exc!r}")
        return
    e2e.report(result)
    rep.values.update(result["keys"])
    rep.extra["e2e_controls"] = len(result["rows"])
    rep.extra["e2e_timeouts"] = sum(r["failures"] for r in result["rows"])
    rep.extra["e2e_load_average_start"] = result["load_average_start"][0]
    rep.extra["e2e_load_average_end"] = result["load_average_end"][0]
    out = ROOT / "benchmarks" / "results-browser.json"
    out.write_text(json.dumps(result, indent=2, default=float) + "\n", encoding="utf-8")
    print(f"  per-control results: {out}")


# ---------------------------------------------------------------------------- main

SECTIONS = {
    "engine": bench_engine,
    "paths": bench_paths,
    "findiff": bench_findiff,
    "core": bench_core,
    "digits": bench_digits,
    "check_engine": bench_check_engine,
    "widgets": bench_widgets,
    "nbval": bench_nbval,
    "browser": bench_browser,  # only with --browser (or --only browser): ~15 min
}
DEFAULT_SECTIONS = [name for name in SECTIONS if name != "browser"]


def machine() -> str:
    cores = os.cpu_count()
    threads = ", ".join(f"{k}={os.environ[k]}" for k in BLAS_ENV if k in os.environ)
    return (
        f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}{', ' + threads if threads else ''}"
    )


def load_average() -> float:
    """1-minute load average (NaN where the OS has none): how busy the machine was."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return NAN


def table(rep: Report) -> str:
    lines = ["| key | value | goal | met? |", "|---|---:|---|---|"]
    for g in GOALS:
        v = rep.values.get(g.key, NAN)
        met = g.met(v)
        mark = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| `{g.key}` | {fmt_value(v)} | {g.text()} | {mark} |")
    return "\n".join(lines)


def fmt_value(v) -> str:
    if v is None or not math.isfinite(v):
        return "NaN"
    if abs(v) >= 1e5:
        return f"{v:.3g}"
    return f"{v:.3g}" if abs(v) < 100 else f"{v:,.0f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under a minute)")
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections: {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also the browser section (benchmarks/browser.py: JupyterLab in Chromium)",
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(DEFAULT_SECTIONS)
    if args.browser and "browser" not in chosen:
        chosen.append("browser")
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}: use {', '.join(SECTIONS)}")

    print(f"backprop-tutorial benchmarks ({'quick' if args.quick else 'full'}) on {machine()}")
    rep = Report()
    rep.extra["load_average_start"] = load_average()
    print(f"load average (1 min) at the start: {rep.extra['load_average_start']:.2f}")
    started = time.perf_counter()
    for name in chosen:
        print(f"[{name}]", flush=True)
        t0 = time.perf_counter()
        SECTIONS[name](rep, args.quick)
        print(f"  ({time.perf_counter() - t0:.1f} s)", flush=True)
    for key in KEYS:  # every key is always written; NaN when its section did not run
        rep.values.setdefault(key, NAN)
    print()
    print(table(rep))
    rep.extra["load_average_end"] = load_average()
    rep.extra["total_s"] = time.perf_counter() - started
    print(
        f"\n{rep.extra['total_s']:.0f} s in total; machine: {machine()}; load average "
        f"{rep.extra['load_average_start']:.1f} at the start, "
        f"{rep.extra['load_average_end']:.1f} at the end"
    )

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {k: float(rep.values[k]) for k in KEYS}
    payload.update({k: float(v) for k, v in rep.extra.items()})
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
