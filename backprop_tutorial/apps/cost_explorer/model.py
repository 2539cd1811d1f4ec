"""``CostExplorerModel``: what three ways of getting the gradient cost, counted and timed.

Numpy only.  For a network of a given depth and width: exact path counts, exact
multiplication counts of the path sum, backprop and (central) finite differences, and
measured wall times (the path sum only while it is affordable; beyond that a time
extrapolated from the measured cost per multiplication, and the reason it is not run).
Measurements are cached, so a slider move that needs no enumeration is a lookup.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from ...core import checks
from ...core import paths as core
from ...core.gradcheck import numerical_gradient
from ...core.network import Network
from ...core.shapes import check_sizes, n_parameters
from ...core.timing import TimeModel, fit_time_model, time_call
from ...ui.model import Check, Model
from ...ui.text import format_count, format_seconds

METHODS = ("path_sum", "backprop", "finite_differences")
LIMIT_SECONDS_PER_MULT = 30e-9  # the path sum on our idle 2-core machine (run_limit_seconds)
METHOD_NAMES = {
    "path_sum": "path sum (naive chain rule)",
    "backprop": "backpropagation",
    "finite_differences": "finite differences (central)",
}
MAX_DEPTH = 30  # weight layers a grid may offer
MAX_WIDTH = 10
MAX_SHAPES = 400  # (depth, width) pairs of a grid: measure_all stays a few seconds


def cost_sizes(depth: int, width: int, n_out: int = 1) -> list:
    """Layer sizes of the test networks: ``depth`` weight layers, ``width`` neurons wide.

    ``[width] * depth + [n_out]``: ``depth + 1`` neuron layers (``width`` inputs,
    ``depth - 1`` hidden layers, ``n_out`` outputs), so ``L = depth`` and there are
    ``width**depth * n_out`` input-to-output paths.
    """
    depth = checks.integer("depth (the number of weight layers)", depth, 1)
    width = checks.integer("width (neurons per layer)", width, 1)
    n_out = checks.integer("n_out", n_out, 1)
    return [width] * depth + [n_out]


def python_steps(method: str, sizes) -> int:
    """Python-level steps (numpy calls) of a method, the time model's overhead term: a few
    per layer for backprop; ``2 (n + m)`` passes of ``L`` layers for finite differences;
    per (neuron, block of paths) of the path sum, the tail factors and one product per
    weight and bias."""
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    if method == "backprop":
        return L
    if method == "finite_differences":
        return 2 * n_parameters(sizes) * L
    if method == "path_sum":
        steps = 0
        for l in range(L):
            blocks = max(1, -(-math.prod(sizes[l + 2 :]) // 65536))
            steps += sizes[l + 1] * blocks * (sizes[l] + 1 + 3 * (L - l))
        return steps
    raise ValueError(f"unknown method {checks.show(method)}: use one of {METHODS}")


def multiplications(method: str, sizes) -> int:
    """Exact multiplication count of a method for one example (a Python int)."""
    if method == "path_sum":
        return core.path_sum_multiplications(sizes)
    if method == "backprop":
        return core.backprop_multiplications(sizes)
    if method == "finite_differences":
        return core.finite_difference_multiplications(sizes)
    raise ValueError(f"unknown method {checks.show(method)}: use one of {METHODS}")


def _lean_loss(net: Network, X, Y) -> float:
    """The network's own forward pass without net.loss's checks: timing, not validation."""
    return net._cost(net._forward(X), Y)


def finite_difference_gradient(net: Network, X, Y, eps: float = 1e-5) -> np.ndarray:
    """Central differences, ``(J(θ + ε e_i) − J(θ − ε e_i)) / 2ε``: ``2 (n + m)`` forward passes.

    The package's gradient checker (:func:`backprop_tutorial.numerical_gradient`, which
    :func:`backprop_tutorial.check_network` uses), timed here.  Returns the flat gradient
    (like ``net.get_params()``); ``net`` is left unchanged.
    """
    X, Y = net.check_xy(X, Y)
    # A copy whose weights and biases are views into one flat vector: the checker's
    # nudged vector is copied in, then one forward pass, no network built per evaluation.
    work = net.copy()
    theta = work.get_params()
    sizes, pos = work.sizes, 0
    for l in range(work.L):
        n_out, n_in = sizes[l + 1], sizes[l]
        work.weights[l] = theta[pos : pos + n_out * n_in].reshape(n_out, n_in)
        pos += n_out * n_in
    for l in range(work.L):
        work.biases[l] = theta[pos : pos + sizes[l + 1]]
        pos += sizes[l + 1]

    def loss(t):
        theta[:] = t
        return _lean_loss(work, X, Y)

    return numerical_gradient(loss, net.get_params(), eps)


@dataclass
class Measurement:
    """Wall times measured for one network shape (seconds; None = not measured)."""

    backprop: float | None = None
    finite_differences: float | None = None
    path_sum: float | None = None
    path_sum_mults: int | None = None  # multiplications the run actually performed
    forward: float | None = None  # one forward pass (what finite differences repeat)

    def get(self, method: str):
        return getattr(self, method)


@dataclass
class CostRow:
    """Everything the cost table shows for one (depth, width)."""

    depth: int
    width: int
    sizes: list
    n_weights: int
    n_biases: int
    paths: int  # input-to-output paths (product of widths)
    parameter_paths: int  # (parameter, path) terms of the path sum
    mults: dict  # method -> exact int
    times: dict  # method -> seconds or None
    estimated: dict  # method -> seconds (extrapolated) when not measured
    status: str  # "measured", "runnable", "too_large"
    reason: str  # why the path sum is (not) run
    estimate_text: str = ""


def _grid(name: str, values, hi: int) -> list:
    try:
        values = list(values)
    except TypeError:
        raise ValueError(
            f"{name} must be a sequence of integers, got {checks.show(values)}"
        ) from None
    if not 1 <= len(values) <= hi:
        raise ValueError(f"{name} needs 1 to {hi} values, got {len(values)}")
    return sorted({checks.integer(f"each of {name}", v, 1, hi) for v in values})


def _on_grid(name: str, value, grid: list) -> int:
    v = checks.integer(name, value, grid[0], grid[-1], whole_floats=True)
    return checks.choice(name, v, grid)


class CostExplorerModel(Model):
    """Operation counts and measured times of three ways to get the gradient.

    Networks are ``cost_sizes(depth, width)`` with sigmoid units and the quadratic
    cost, one example.  Counts are exact Python ints at any size.  Times:

    - backprop and finite differences are measured (cheap at these sizes);
    - the path sum is measured when its estimated time is below ``auto_seconds``
      (so a slider move never waits), run on request (:meth:`measure_here`) up to
      ``run_limit_mults`` multiplications, beyond that only extrapolated, with the reason.

    Parameters
    ----------
    depths, widths : sequence of int
        The grid the sliders offer (depths 1..30, widths 1..10);
        :meth:`measure_all` measures it in advance.
    depth, width : int
        The shape the explorer shows (``params()``; ``set(depth=..., width=...)``).
    auto_seconds : float
        Path sums estimated faster than this are measured without asking.
    fd_auto_seconds : float
        Finite differences estimated faster than this are measured without asking
        (slower ones on :meth:`measure_here`).
    run_limit_seconds : float
        Path sums of more multiplications than this takes at ``LIMIT_SECONDS_PER_MULT``
        (``run_limit_mults``) are refused (a clear message, no hang).  A count, not the
        measured time, so that one server's class gets one answer whatever its load.
    rng : numpy.random.Generator, optional
    """

    PARAMS = {"depth": Check("_depth"), "width": Check("_width")}

    def __init__(
        self,
        depths=range(1, 13),
        widths=range(2, 7),
        depth: int | None = None,
        width: int | None = None,
        auto_seconds: float = 0.01,
        fd_auto_seconds: float = 0.01,
        run_limit_seconds: float = 30.0,
        rng: np.random.Generator | None = None,
    ):
        self.depths = _grid("depths", depths, MAX_DEPTH)
        self.widths = _grid("widths", widths, MAX_WIDTH)
        if len(self.depths) * len(self.widths) > MAX_SHAPES:
            raise ValueError(
                f"{len(self.depths)} depths × {len(self.widths)} widths is more than "
                f"{MAX_SHAPES} shapes to measure: offer fewer"
            )
        self.auto_seconds = checks.number("auto_seconds", auto_seconds, positive=True)
        self.fd_auto_seconds = checks.number("fd_auto_seconds", fd_auto_seconds, positive=True)
        self.run_limit_seconds = checks.number(
            "run_limit_seconds", run_limit_seconds, positive=True
        )
        self.run_limit_mults = int(self.run_limit_seconds / LIMIT_SECONDS_PER_MULT)
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.measurements: dict = {}  # (depth, width) -> Measurement
        self._nets: dict = {}
        self._fits: dict = {}
        self.version = 0  # counts measurements: views redraw their curves when it moves
        self.depth, self.width = self.depths[0], self.widths[0]
        self.set(
            depth=min(self.depths, key=lambda d: abs(d - 4)) if depth is None else depth,
            width=min(self.widths, key=lambda w: abs(w - 3)) if width is None else width,
        )
        self._calibrate()

    def _depth(self, value) -> int:
        return _on_grid("depth", value, self.depths)

    def _width(self, value) -> int:
        return _on_grid("width", value, self.widths)

    # -- networks and data ------------------------------------------------------------
    def network(self, depth: int, width: int):
        """The (cached) network and one example ``(net, x, y)`` for a shape."""
        key = (int(depth), int(width))
        if key not in self._nets:
            sizes = cost_sizes(*key)
            net = Network(sizes, rng=self.rng)
            x = self.rng.uniform(-1, 1, (1, sizes[0]))
            y = self.rng.uniform(0, 1, (1, sizes[-1]))
            self._nets[key] = (net, x, y)
        return self._nets[key]

    # -- timing -----------------------------------------------------------------------------
    def _calibrate(self) -> None:
        """Measure a few small shapes, the path sum included, to fit the time models."""
        for depth, width in ((2, 2), (3, 3), (4, 4), (6, 4), (7, 4)):
            self._measure_path_sum(depth, width)
            self.measure(depth, width)

    def measure(self, depth: int, width: int, everything: bool = False) -> Measurement:
        """Measure what is cheap for one shape; cached.

        Backprop always; finite differences when estimated under ``fd_auto_seconds``
        (or ``everything=True``); the path sum when estimated under ``auto_seconds``.
        Whatever is not measured is shown as an extrapolated time.
        """
        key = (int(depth), int(width))
        m = self.measurements.setdefault(key, Measurement())
        net, x, y = self.network(*key)
        if m.backprop is None:
            m.backprop = time_call(lambda: net.gradients(x, y), budget=0.005)
            self._fits.pop("backprop", None)
            self.version += 1
        if m.forward is None:
            m.forward = time_call(lambda: _lean_loss(net, x, y), budget=0.001)
        if m.finite_differences is None and (
            everything or self.fd_estimate(*key) <= self.fd_auto_seconds
        ):
            # The fastest of two: another process only ever adds time (2 shared cores).
            m.finite_differences = time_call(
                lambda: finite_difference_gradient(net, x, y), budget=0.002, min_repeats=2
            )
            self._fits.pop("finite_differences", None)
            self.version += 1
        if m.path_sum is None and self.estimate("path_sum", *key) <= self.auto_seconds:
            self._measure_path_sum(*key)
        return m

    def measure_all(self) -> None:
        """Measure every (depth, width) of the grid: what the sliders will show.

        Each path-sum measurement refits the time model, which may bring another shape's
        estimate under ``auto_seconds``: repeat until nothing new is measured (at most a
        few rounds), so that a later slider move only reads what is stored.
        """
        for _ in range(4):
            before = self._measured_path_sums()
            for w in self.widths:
                for d in self.depths:
                    self.measure(d, w)
            if self._measured_path_sums() == before:
                return

    def _measured_path_sums(self) -> set:
        return {k for k, m in self.measurements.items() if m.path_sum is not None}

    def _measure_path_sum(self, depth, width, progress=None) -> Measurement:
        key = (int(depth), int(width))
        net, x, y = self.network(*key)
        m = self.measurements.setdefault(key, Measurement())
        t0 = time.perf_counter()
        result = core.path_sum_gradients(net, x, y, max_paths=10**12, progress=progress)
        elapsed = time.perf_counter() - t0
        if elapsed < 0.2:  # short enough to repeat: take the fastest of a few runs
            again = time_call(
                lambda: core.path_sum_gradients(net, x, y, max_paths=10**12),
                budget=0.01,
                min_repeats=2 if elapsed < 0.02 else 1,
            )
            elapsed = min(elapsed, again)
        m.path_sum, m.path_sum_mults = elapsed, result.multiplications
        self._fits.pop("path_sum", None)
        self.version += 1
        return m

    def measure_here(self, depth: int, width: int, progress=None) -> Measurement:
        """Measure everything for one shape: finite differences and the path sum too.

        Parameters
        ----------
        progress : callable, optional
            ``progress(done, total)`` during the path sum; returning False stops it
            (:class:`backprop_tutorial.core.paths.EnumerationStopped`).

        Raises
        ------
        ValueError
            When the path sum needs over ``run_limit_mults`` multiplications (the
            message gives the exact counts); backprop and FD are measured first anyway.
        """
        m = self.measure(depth, width, everything=True)
        row = self.row(depth, width)
        if row.status == "too_large":
            raise ValueError(f"not running the path sum for {row.sizes}: {row.reason}")
        if m.path_sum is None:
            self._measure_path_sum(depth, width, progress)
        return m

    def time_model(self, method: str) -> TimeModel:
        """The time model of a method, from every measurement so far.

        For the path sum, the cost per multiplication is the measured rate of the
        largest run (where the Python overhead is negligible), and the overhead per
        Python step is fitted to what is left of the smaller runs: extrapolations to
        huge networks then rest on the measured time per multiplication and the exact
        count.  Backprop and finite differences get a plain two-term fit.
        """
        if method not in self._fits:
            pts = [
                (k, m.get(method))
                for k, m in self.measurements.items()
                if m.get(method) is not None
            ]
            if not pts:
                raise ValueError(f"no {method} measurements yet: call measure() first")
            sizes = [cost_sizes(*k) for k, _ in pts]
            steps = np.array([python_steps(method, s) for s in sizes], float)
            mults = np.array([float(multiplications(method, s)) for s in sizes])
            times = np.array([t for _, t in pts])
            if method == "path_sum":
                big = int(np.argmax(mults))
                per_mult = times[big] / mults[big]
                rest = np.maximum(times - per_mult * mults, 0.0) / steps
                self._fits[method] = TimeModel(float(np.median(rest)), float(per_mult), len(pts))
            else:
                self._fits[method] = fit_time_model(steps, mults, times)
        return self._fits[method]

    def fd_estimate(self, depth: int, width: int) -> float:
        """Finite differences predicted as ``2 (n + m)`` times this shape's forward pass."""
        m = self.measurements.get((depth, width))
        if m is None or m.forward is None:
            m = self.measure(depth, width)
        net, _, _ = self.network(depth, width)
        return 2 * net.n_params * m.forward

    def estimate(self, method: str, depth: int, width: int) -> float:
        """Predicted seconds from the fitted time model (works for any size)."""
        sizes = cost_sizes(depth, width)
        tm = self.time_model(method)
        # Floats: a count past 1e308 would overflow, and such a time is "forever" anyway.
        mults = float(min(multiplications(method, sizes), 10**300))
        return float(tm.overhead * python_steps(method, sizes) + tm.per_mult * mults)

    # -- what the table shows ---------------------------------------------------------------
    def current_row(self) -> CostRow:
        """:meth:`row` for the model's own depth and width."""
        return self.row(self.depth, self.width)

    def row(self, depth: int, width: int, measure: bool = True) -> CostRow:
        """The table row for one shape (measures backprop and FD first if needed)."""
        sizes = cost_sizes(depth, width)
        key = (int(depth), int(width))
        if measure or key not in self.measurements:
            m = self.measure(depth, width)
        else:
            m = self.measurements[key]
        mults = {meth: multiplications(meth, sizes) for meth in METHODS}
        times = {meth: m.get(meth) for meth in METHODS}
        estimated = {}
        for meth in METHODS:
            if times[meth] is None:
                estimated[meth] = (
                    self.fd_estimate(depth, width)
                    if meth == "finite_differences"
                    else self.estimate(meth, depth, width)
                )
        pp = core.count_parameter_paths(sizes)
        if times["path_sum"] is not None:
            status = "measured"
            reason = f"run: {format_count(pp)} (parameter, path) terms formed one by one"
            est_text = ""
        else:
            est_text = f"≈ {format_seconds(estimated['path_sum'])}"
            if mults["path_sum"] > self.run_limit_mults:
                status = "too_large"
                reason = (
                    f"not run: {format_count(pp)} (parameter, path) terms, "
                    f"{format_count(mults['path_sum'])} multiplications ({est_text} here), "
                    f"over the limit of {format_count(self.run_limit_mults)} (what takes "
                    f"{format_seconds(self.run_limit_seconds)} on an idle machine)"
                )
            else:
                status = "runnable"
                reason = (
                    f"not run yet: {format_count(pp)} (parameter, path) terms, "
                    f"{est_text}; press “Measure here” to run it"
                )
        net, _, _ = self.network(depth, width)
        return CostRow(
            int(depth),
            int(width),
            sizes,
            net.n_weights,
            net.n_biases,
            core.count_paths(sizes),
            pp,
            mults,
            times,
            estimated,
            status,
            reason,
            est_text,
        )

    def curves(self, width: int, depths=None) -> dict:
        """Theory curves versus depth for the log plot.

        Returns
        -------
        dict
            ``"depth"``: array of depths; for each method, ``"ops_<method>"`` (exact
            counts as floats) and ``"time_<method>"`` (fitted time model).
        """
        depths = np.asarray(self.depths if depths is None else depths)
        out = {"depth": depths.astype(float)}
        for meth in METHODS:
            sizes = [cost_sizes(int(d), width) for d in depths]
            ops = np.array([float(multiplications(meth, s)) for s in sizes])
            steps = np.array([python_steps(meth, s) for s in sizes], float)
            out[f"ops_{meth}"] = ops
            out[f"time_{meth}"] = self.time_model(meth).predict(steps, ops)
        return out

    def measured_points(self, width: int) -> dict:
        """Measured times (and the path sum's counted multiplications) for one width.

        Returns ``{method: (depths, times)}`` plus ``"ops_path_sum"``:
        ``(depths, multiplications counted during the runs)``.
        """
        out = {}
        for meth in METHODS:
            ds = [
                d
                for d in self.depths
                if self.measurements.get((d, width), Measurement()).get(meth) is not None
            ]
            out[meth] = (
                np.array(ds, float),
                np.array([self.measurements[(d, width)].get(meth) for d in ds]),
            )
        ds = [
            d
            for d in self.depths
            if self.measurements.get((d, width), Measurement()).path_sum_mults is not None
        ]
        out["ops_path_sum"] = (
            np.array(ds, float),
            np.array([float(self.measurements[(d, width)].path_sum_mults) for d in ds]),
        )
        return out
