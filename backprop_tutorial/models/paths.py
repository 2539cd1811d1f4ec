"""Pure models for notebook 3: influence paths, the naive path sum, its cost, the memo table.

Numpy only (no widgets, no matplotlib): the apps in ``backprop_tutorial.widgets.paths``
read these objects and draw them, and the tests drive them directly.

- :class:`InfluencePaths` — every path from one weight ``W[l][j,k]`` to the cost,
  enumerated with :func:`itertools.product` (independently of the count formula, so
  the two can check each other), with an index for cycling through them.
- :class:`PathSumTable` — the fully expanded chain rule for one weight of a tiny
  network: one row (path, factors, product) per path, their sum, and the backprop
  value beside it.
- :class:`CostModel` — for a network of a given depth and width: exact path counts,
  exact multiplication counts of the path sum, backprop and finite differences, and
  measured wall times (the path sum only while it is affordable; beyond that an
  extrapolated time and the reason it is not run).  Measurements are cached, so a
  slider move that needs no enumeration is a dictionary lookup.
- :class:`MemoTable` — the backward pass as dynamic programming: each ``delta[l][j] =
  dJ/dS[l][j]`` is computed once, stored, and reused by every path through neuron
  ``(l, j)``; :meth:`MemoTable.state` replays it one entry at a time.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field

import numpy as np

from .. import paths as core
from ..labels import ParamRef, activation_label, parse_param_label, sum_label, weight_label
from ..network import Network, check_sizes

# --------------------------------------------------------------------------- formatting


def format_count(n: int, max_digits: int = 15) -> str:
    """An exact integer in full (``1,234,567``), or in scientific notation when huge.

    Parameters
    ----------
    n : int
        A Python int of any size.
    max_digits : int
        Up to this many digits the number is written in full.

    Examples
    --------
    >>> format_count(46656)
    '46,656'
    >>> format_count(6**40)
    '1.34 × 10^31'
    """
    n = int(n)
    digits = len(str(abs(n)))
    if digits <= max_digits:
        return f"{n:,}"
    # Exact mantissa from the integer itself: float(n) would overflow past 1e308.
    lead = int(str(abs(n))[:4]) / 1000
    sign = "-" if n < 0 else ""
    mantissa = round(lead, 2)
    exponent = digits - 1
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{sign}{mantissa:.2f} × 10^{exponent}"


def format_seconds(t: float) -> str:
    """A duration for people: ``"3.2 µs"``, ``"41 ms"``, ``"2.5 h"``, ``"3.1e+09 years"``."""
    if t is None or not np.isfinite(t):
        return "—"
    if t < 1e-3:
        return f"{t * 1e6:.3g} µs"
    if t < 1:
        return f"{t * 1e3:.3g} ms"
    if t < 120:
        return f"{t:.3g} s"
    if t < 7200:
        return f"{t / 60:.3g} min"
    if t < 2 * 86400:
        return f"{t / 3600:.3g} h"
    if t < 2 * 365.25 * 86400:
        return f"{t / 86400:.3g} days"
    return f"{t / (365.25 * 86400):.3g} years"


def _product_text(widths) -> str:
    return " × ".join(str(w) for w in widths) if widths else "1 (no layer after it)"


# --------------------------------------------------------------------------- influence paths


def _weight_labels(sizes, layer: int) -> list:
    """Labels of every weight of ``W[layer]``, row by row."""
    return [weight_label(layer, j, k) for j in range(sizes[layer + 1]) for k in range(sizes[layer])]


def _weight_ref(label, sizes) -> ParamRef:
    """A weight label parsed and checked against ``sizes`` (a bias is refused)."""
    ref = parse_param_label(label, sizes)
    if ref.kind != "W":
        raise ValueError(f"{label!r} is a bias: pick a weight, written like 'W[0][1,0]'")
    return ref


class InfluencePaths:
    """Every path from one weight ``W[layer][j,k]`` to the cost, for drawing.

    A path starts at neuron ``k`` of layer ``layer`` (``a[layer][k]``, the weight's
    input), enters neuron ``j`` of layer ``layer + 1`` (through ``S[layer][j]``), then
    visits one neuron of each later layer and ends at the cost ``J``.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_0, ..., n_L]``.
    layer, j, k : int
        The weight ``W[layer][j,k]`` (weight layer ``layer`` from 0 to L-1).
    max_paths : int
        Enumerating (and drawing) more paths than this is refused with a ValueError.

    Attributes
    ----------
    paths : list of tuple
        Each path as neuron indices ``(k, j, i_(layer+2), ..., i_L)``, one per neuron
        layer from ``layer`` to ``L``.
    index : int
        The path currently shown (for cycling with a slider).
    """

    def __init__(
        self, sizes=(2, 3, 3, 2), layer: int = 0, j: int = 0, k: int = 0, max_paths: int = 5000
    ):
        self.sizes = check_sizes(sizes)
        self.max_paths = int(max_paths)
        self.index = 0
        self.set_weight(layer, j, k)

    @property
    def L(self) -> int:
        return len(self.sizes) - 1

    def weight_labels(self, layer: int = 0) -> list:
        """Labels ``"W[l][j,k]"`` of every weight of ``W[layer]``, row by row."""
        return _weight_labels(self.sizes, layer)

    def set_weight(self, layer: int, j: int, k: int) -> None:
        """Choose the weight and enumerate its paths; the index goes back to 0."""
        formula = core.count_paths_from_weight(self.sizes, layer)
        n_out, n_in = self.sizes[layer + 1], self.sizes[layer]
        if not (0 <= j < n_out and 0 <= k < n_in):
            raise ValueError(
                f"W[{layer}] has shape ({n_out}, {n_in}): "
                f"pick j < {n_out} and k < {n_in}, got [{j},{k}]"
            )
        if formula > self.max_paths:
            raise ValueError(
                f"{weight_label(layer, j, k)} has {format_count(formula)} paths, too many to draw "
                f"(max_paths={self.max_paths:,}): use a smaller network"
            )
        self.layer, self.j, self.k = int(layer), int(j), int(k)
        tails = itertools.product(*(range(n) for n in self.sizes[layer + 2 :]))
        self.paths = [(self.k, self.j, *tail) for tail in tails]
        self.index = 0

    def select_label(self, label: str) -> None:
        """Choose the weight by its label, e.g. ``"W[0][2,0]"``."""
        ref = _weight_ref(label, self.sizes)
        self.set_weight(ref.l, ref.j, ref.k)

    @property
    def label(self) -> str:
        return weight_label(self.layer, self.j, self.k)

    @property
    def count(self) -> int:
        """Number of enumerated paths."""
        return len(self.paths)

    @property
    def formula_count(self) -> int:
        """The count formula: product of the widths after the weight's layer."""
        return core.count_paths_from_weight(self.sizes, self.layer)

    @property
    def formula_text(self) -> str:
        """E.g. ``"n_2 × n_3 = 3 × 2 = 6"`` for a weight of ``W[0]``."""
        after = self.sizes[self.layer + 2 :]
        names = " × ".join(f"n_{m}" for m in range(self.layer + 2, self.L + 1))
        if not after:
            return "1 (the weight feeds the output layer directly)"
        return f"{names} = {_product_text(after)} = {format_count(self.formula_count)}"

    @property
    def matches(self) -> bool:
        """Whether the enumeration agrees with the formula."""
        return self.count == self.formula_count

    def select(self, index: int) -> tuple:
        """Show path number ``index`` (wraps around); return it."""
        self.index = int(index) % self.count
        return self.current

    @property
    def current(self) -> tuple:
        return self.paths[self.index]

    def nodes(self, path: tuple | None = None) -> list:
        """The path as ``(layer, neuron)`` pairs, from the weight's input to the output."""
        path = self.current if path is None else path
        return [(self.layer + i, n) for i, n in enumerate(path)]

    def describe(self, path: tuple | None = None) -> str:
        """E.g. ``"a[0][0] → S[0][0] → S[1][2] → S[2][1] → J"``."""
        nodes = self.nodes(path)
        # Neuron j of layer l >= 1 is reached through its sum S[l-1][j].
        parts = [activation_label(*nodes[0])] + [sum_label(l - 1, n) for l, n in nodes[1:]]
        return " → ".join(parts + ["J"])


# --------------------------------------------------------------------------- the path-sum table


@dataclass(frozen=True)
class PathSumRow:
    """One path of the expanded chain rule: its factors and their product."""

    path: str
    names: tuple
    values: tuple
    product: float


def _path_text(layer: int, k: int, neurons) -> str:
    """Neurons ``(j, i_(l+1), ...)`` of a path of ``W[layer][j,k]`` as
    ``"a[l][k] → S[l][j] → S[l+1][i] → … → J"``."""
    parts = [activation_label(layer, k)] + [sum_label(layer + i, n) for i, n in enumerate(neurons)]
    return " → ".join(parts + ["J"])


class PathSumTable:
    """``dJ/dW[layer][j,k]`` as an explicit sum over paths, beside the backprop value.

    Parameters
    ----------
    net : Network, optional
        Defaults to a sigmoid network of sizes ``(2, 3, 3, 2)`` with weights from ``rng``.
    x, y : array_like, optional
        One example, shapes ``(n_0,)`` and ``(n_L,)``; defaults are drawn from ``rng``.
    layer, j, k : int
        The weight.
    rng : numpy.random.Generator, optional
    """

    def __init__(
        self,
        net: Network | None = None,
        x=None,
        y=None,
        layer: int = 0,
        j: int = 0,
        k: int = 0,
        rng: np.random.Generator | None = None,
    ):
        rng = np.random.default_rng(3) if rng is None else rng
        self.net = Network((2, 3, 3, 2), rng=rng) if net is None else net
        sizes = self.net.sizes
        self.x = np.round(rng.uniform(-1, 1, sizes[0]), 2) if x is None else np.asarray(x, float)
        self.y = np.round(rng.uniform(0, 1, sizes[-1]), 2) if y is None else np.asarray(y, float)
        self.set_weight(layer, j, k)

    def set_weight(self, layer: int, j: int, k: int) -> None:
        """Expand the chain rule for ``W[layer][j,k]`` and compute backprop's value."""
        terms = core.path_terms(self.net, self.x, self.y, layer, j, k)
        self.layer, self.j, self.k = int(layer), int(j), int(k)
        self.rows = [
            PathSumRow(_path_text(layer, k, t.neurons), t.names, t.values, t.product) for t in terms
        ]
        # fsum: the sum of the products, correctly rounded, so the comparison is fair.
        self.path_sum = math.fsum(r.product for r in self.rows)
        dW, _ = self.net.gradients(self.x, self.y)
        self.backprop = float(dW[layer][j, k])

    def select_label(self, label: str) -> None:
        """Choose the weight by its label, e.g. ``"W[0][1,0]"``."""
        ref = _weight_ref(label, self.net.sizes)
        self.set_weight(ref.l, ref.j, ref.k)

    def weight_labels(self, layer: int = 0) -> list:
        return _weight_labels(self.net.sizes, layer)

    @property
    def label(self) -> str:
        return weight_label(self.layer, self.j, self.k)

    @property
    def difference(self) -> float:
        """``|path sum − backprop|``: rounding only, about 1e-17 to 1e-15."""
        return abs(self.path_sum - self.backprop)

    @property
    def relative_error(self) -> float:
        return self.difference / max(1e-300, abs(self.path_sum) + abs(self.backprop))

    @property
    def n_multiplications(self) -> int:
        """Multiplications of the table: ``factors − 1`` per row."""
        return sum(len(r.values) - 1 for r in self.rows)


# --------------------------------------------------------------------------- the cost model

METHODS = ("path_sum", "backprop", "finite_differences")
METHOD_NAMES = {
    "path_sum": "path sum (naive chain rule)",
    "backprop": "backpropagation",
    "finite_differences": "finite differences",
}


def cost_sizes(depth: int, width: int, n_out: int = 1) -> list:
    """Layer sizes of the test networks: ``depth`` weight layers of ``width`` neurons.

    ``[width] * depth + [n_out]``: ``width`` inputs, ``depth - 1`` hidden layers, and
    ``n_out`` outputs, so there are ``width**depth * n_out`` input-to-output paths.
    """
    for name, v in (("depth", depth), ("width", width), ("n_out", n_out)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")
    return [int(width)] * int(depth) + [int(n_out)]


def python_steps(method: str, sizes) -> int:
    """Python-level steps (numpy calls) of each method: the overhead term of the time model.

    Backprop does a few calls per layer; finite differences ``n + m + 1`` forward passes
    of ``L`` layers; the path sum, per (neuron, block of paths), builds the tail factors
    (a few calls per later layer) and then one product per weight and bias.
    """
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    if method == "backprop":
        return L
    if method == "finite_differences":
        n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
        return (n_params + 1) * L
    if method == "path_sum":
        steps = 0
        for l in range(L):
            blocks = max(1, -(-math.prod(sizes[l + 2 :]) // 65536))
            steps += sizes[l + 1] * blocks * (sizes[l] + 1 + 3 * (L - l))
        return steps
    raise ValueError(f"unknown method {method!r}: use one of {METHODS}")


def multiplications(method: str, sizes) -> int:
    """Exact multiplication count of a method for one example (a Python int)."""
    if method == "path_sum":
        return core.path_sum_multiplications(sizes)
    if method == "backprop":
        return core.backprop_multiplications(sizes)
    if method == "finite_differences":
        return core.finite_difference_multiplications(sizes)
    raise ValueError(f"unknown method {method!r}: use one of {METHODS}")


def _lean_loss(net: Network, X, Y) -> float:
    """The quadratic/cross-entropy cost without input checks: the inner loop of finite
    differences, so that its timing measures forward passes, not validation."""
    a = X
    for l in range(net.L):
        s = a @ net.weights[l].T + net.biases[l]
        a = net.activation_of(l).f(s)
    return net.cost.value(s, a, Y)


def finite_difference_gradient(net: Network, X, Y, eps: float = 1e-6) -> np.ndarray:
    """One-sided differences: ``n + m + 1`` forward passes, the cost counted for this method.

    Returns the flat gradient (like ``net.get_params()``).  Parameters are nudged in
    place and restored, so no network copy is made per parameter.
    """
    X, Y = net.check_xy(X, Y)
    base = _lean_loss(net, X, Y)
    grads = []
    for arr in [*net.weights, *net.biases]:
        flat = arr.reshape(-1)  # a view: nudging it nudges the network
        g = np.empty(flat.size)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            g[i] = (_lean_loss(net, X, Y) - base) / eps
            flat[i] = old
        grads.append(g)
    return np.concatenate(grads)


def time_call(fn, budget: float = 0.01, min_repeats: int = 3, max_repeats: int = 50) -> float:
    """Wall time of ``fn()`` in seconds: the fastest of as many calls as fit in ``budget``.

    The minimum, as ``timeit`` advises: other processes only ever add time, so the
    fastest run is the best estimate of the cost itself on a shared machine.
    """
    times = []
    start = time.perf_counter()
    while len(times) < max_repeats:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= min_repeats and time.perf_counter() - start > budget:
            break
    return float(np.min(times))


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
    parameter_paths: int  # (parameter, path) pairs of the path sum
    mults: dict  # method -> exact int
    times: dict  # method -> seconds or None
    estimated: dict  # method -> seconds (extrapolated) when not measured
    status: str  # "measured", "runnable", "too_large"
    reason: str  # why the path sum is (not) run
    estimate_text: str = ""

    @property
    def ratio(self) -> float | None:
        """Path-sum time over backprop time (measured or extrapolated)."""
        ps = self.times.get("path_sum") or self.estimated.get("path_sum")
        bp = self.times.get("backprop")
        return None if ps is None or not bp else ps / bp


@dataclass
class TimeModel:
    """``time ≈ overhead × python_steps + per_mult × multiplications`` for one method."""

    overhead: float
    per_mult: float
    points: int = 0

    def predict(self, steps, mults):
        return self.overhead * np.asarray(steps, float) + self.per_mult * np.asarray(mults, float)


def fit_time_model(steps, mults, times) -> TimeModel:
    """Fit the two constants by least squares on relative error (both kept >= 0)."""
    steps, mults, times = (np.asarray(v, float) for v in (steps, mults, times))
    if len(times) == 0:
        raise ValueError("no measurements to fit")
    A = np.stack([steps, mults], axis=1) / times[:, None]  # relative: divide each row by t
    b = np.ones(len(times))
    if len(times) >= 2:
        coef, *_ = np.linalg.lstsq(A, b, rcond=None)
    else:
        coef = np.array([-1.0, -1.0])
    if coef[0] < 0 or coef[1] < 0:
        # One term alone: keep whichever single-term fit is better (a 1-parameter fit).
        fits = []
        for i in (0, 1):
            col = A[:, i]
            c = float(col @ b / (col @ col)) if col @ col > 0 else 0.0
            fits.append((float(np.sum((col * c - b) ** 2)), i, c))
        _, i, c = min(fits)
        coef = np.array([c, 0.0]) if i == 0 else np.array([0.0, c])
    return TimeModel(float(coef[0]), float(coef[1]), len(times))


class CostModel:
    """Operation counts and measured times of three ways to get the gradient.

    Networks are ``cost_sizes(depth, width)`` with sigmoid units and the quadratic
    cost, one example.  Counts are exact Python ints at any size.  Times:

    - backprop and finite differences are measured (cheap at these sizes);
    - the path sum is measured when its estimated time is below ``auto_seconds``
      (so a slider move never waits), run on request (:meth:`measure_here`) up to
      ``run_limit_seconds``, and beyond that only extrapolated, with the reason.

    Parameters
    ----------
    depths, widths : sequence of int
        The grid the sliders offer; :meth:`measure_all` measures it in advance.
    auto_seconds : float
        Path sums estimated faster than this are measured without asking.
    fd_auto_seconds : float
        Finite differences estimated faster than this are measured without asking
        (slower ones on :meth:`measure_here`).
    run_limit_seconds : float
        Path sums estimated slower than this are refused (a clear message, no hang).
    rng : numpy.random.Generator, optional
    """

    def __init__(
        self,
        depths=range(1, 13),
        widths=range(2, 7),
        auto_seconds: float = 0.01,
        fd_auto_seconds: float = 0.01,
        run_limit_seconds: float = 30.0,
        rng: np.random.Generator | None = None,
    ):
        self.depths = [int(d) for d in depths]
        self.widths = [int(w) for w in widths]
        if not self.depths or not self.widths:
            raise ValueError("need at least one depth and one width")
        self.auto_seconds = float(auto_seconds)
        self.fd_auto_seconds = float(fd_auto_seconds)
        self.run_limit_seconds = float(run_limit_seconds)
        self.rng = np.random.default_rng(0) if rng is None else rng
        self.measurements: dict = {}  # (depth, width) -> Measurement
        self._nets: dict = {}
        self._fits: dict = {}
        self._calibrate()

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
        if m.forward is None:
            m.forward = time_call(lambda: _lean_loss(net, x, y), budget=0.001)
        if m.finite_differences is None and (
            everything or self.fd_estimate(*key) <= self.fd_auto_seconds
        ):
            m.finite_differences = time_call(
                lambda: finite_difference_gradient(net, x, y), budget=0.002, min_repeats=1
            )
            self._fits.pop("finite_differences", None)
        if m.path_sum is None and self.estimate("path_sum", *key) <= self.auto_seconds:
            self._measure_path_sum(*key)
        return m

    def measure_all(self) -> None:
        """Measure every (depth, width) of the grid: what the sliders will show."""
        for w in self.widths:
            for d in self.depths:
                self.measure(d, w)

    def _measure_path_sum(self, depth, width, progress=None) -> Measurement:
        key = (int(depth), int(width))
        net, x, y = self.network(*key)
        m = self.measurements.setdefault(key, Measurement())
        t0 = time.perf_counter()
        result = core.path_sum_gradients(net, x, y, max_paths=10**12, progress=progress)
        elapsed = time.perf_counter() - t0
        if elapsed < 0.02:  # too short to trust one run: take the best of a few
            elapsed = time_call(
                lambda: core.path_sum_gradients(net, x, y, max_paths=10**12),
                budget=0.01,
                min_repeats=2,
            )
        m.path_sum, m.path_sum_mults = elapsed, result.multiplications
        self._fits.pop("path_sum", None)
        return m

    def measure_here(self, depth: int, width: int, progress=None) -> Measurement:
        """Measure everything for one shape: finite differences and the path sum too.

        Parameters
        ----------
        progress : callable, optional
            ``progress(done, total)`` during the path sum; returning False stops it
            (:class:`backprop_tutorial.paths.EnumerationStopped`).

        Raises
        ------
        ValueError
            When the path sum's estimated time exceeds ``run_limit_seconds``; the
            message gives the exact number of paths and the estimated time.  Backprop
            and finite differences are measured before it is raised.
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
        """Finite differences predicted as ``n + m + 1`` times this shape's forward pass."""
        m = (
            self.measure(depth, width)
            if (depth, width) not in self.measurements
            else self.measurements[(depth, width)]
        )
        if m.forward is None:
            return self.estimate("finite_differences", depth, width)
        net, _, _ = self.network(depth, width)
        return (net.n_params + 1) * m.forward

    def estimate(self, method: str, depth: int, width: int) -> float:
        """Predicted seconds from the fitted time model (works for any size)."""
        sizes = cost_sizes(depth, width)
        tm = self.time_model(method)
        # Floats: a count past 1e308 would overflow, and such a time is "forever" anyway.
        mults = float(min(multiplications(method, sizes), 10**300))
        return float(tm.overhead * python_steps(method, sizes) + tm.per_mult * mults)

    # -- what the table shows ---------------------------------------------------------------
    def row(self, depth: int, width: int, measure: bool = True) -> CostRow:
        """The table row for one shape (measures backprop and FD first if needed)."""
        sizes = cost_sizes(depth, width)
        m = (
            self.measure(depth, width)
            if measure
            else self.measurements.get((depth, width), Measurement())
        )
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
            reason = f"run: {format_count(pp)} (parameter, path) products formed one by one"
            est_text = ""
        else:
            est = estimated["path_sum"]
            est_text = f"≈ {format_seconds(est)}"
            per = self.time_model("path_sum").per_mult
            if est > self.run_limit_seconds:
                status = "too_large"
                reason = (
                    f"not run: {format_count(pp)} (parameter, path) products, "
                    f"{format_count(mults['path_sum'])} multiplications; at "
                    f"{per * 1e9:.2g} ns each that is {est_text}, over the "
                    f"{format_seconds(self.run_limit_seconds)} limit"
                )
            else:
                status = "runnable"
                reason = (
                    f"not run yet: {format_count(pp)} (parameter, path) products, "
                    f"{est_text}; press “Measure here” to run it"
                )
        net, _, _ = self.network(depth, width)
        return CostRow(
            depth,
            width,
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


def largest_in_budget(
    budget: float = 1.0,
    widths=range(2, 9),
    max_depth: int = 40,
    rng: np.random.Generator | None = None,
) -> list:
    """For each width, the deepest ``cost_sizes`` network whose path sum runs within ``budget``.

    Runs the real path sum (deepening until a run exceeds the budget) and times
    backprop there.  Returns a list of dicts (width, depth, sizes, path_sum_s,
    backprop_s, ratio, parameter_paths).  Takes a few seconds per width.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    out = []
    for w in widths:
        best = None
        for d in range(1, max_depth + 1):
            sizes = cost_sizes(d, w)
            net = Network(sizes, rng=rng)
            x, y = rng.uniform(-1, 1, (1, w)), rng.uniform(0, 1, (1, 1))
            too_big = best is not None and (
                core.count_parameter_paths(sizes) > 50 * best["parameter_paths"]
            )
            if too_big:
                break  # the next run would certainly blow the budget
            t0 = time.perf_counter()
            core.path_sum_gradients(net, x, y, max_paths=10**12)
            t = time.perf_counter() - t0
            if t > budget:
                break
            bp = time_call(lambda net=net, x=x, y=y: net.gradients(x, y), budget=0.05)
            best = {
                "width": w,
                "depth": d,
                "sizes": sizes,
                "path_sum_s": t,
                "backprop_s": bp,
                "ratio": t / bp,
                "parameter_paths": core.count_parameter_paths(sizes),
            }
        if best is not None:
            out.append(best)
    return out


# --------------------------------------------------------------------------- the memo table


def reuse_counts(sizes) -> dict:
    """For each sum ``S[l][j]`` (key ``(l, j)``, weight layer l): (parameter, path) terms
    of the naive sum through it.

    Each such term ends with the same product of local derivatives from ``S[l][j]``
    to the cost: exactly ``delta[l][j]``.  The path sum recomputes it for every term;
    backprop computes it once and stores it.

    A term reaches ``S[l][j]`` from a parameter of ``W[m]``, ``b[m]`` with ``m <= l``: from
    the ``n_l + 1`` weights and bias of ``S[l][j]`` itself (m = l), or from any of the
    ``n_(m+1) (n_m + 1)`` parameters of weight layer m through ``n_(m+2) ... n_l`` middle
    neurons; then it continues along ``n_(l+2) ... n_L`` tails.
    """
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    out = {}
    for l in range(L):
        tails = math.prod(sizes[l + 2 :])
        heads = sizes[l] + 1
        for m in range(l):
            heads += sizes[m + 1] * (sizes[m] + 1) * math.prod(sizes[m + 2 : l + 1])
        for j in range(sizes[l + 1]):
            out[(l, j)] = heads * tails
    return out


def direct_reads(sizes) -> dict:
    """How many times backprop reads the stored ``delta[l][j]``.

    Once per weight and the bias of ``S[l][j]`` (``dJ/dW[l][j,k] = delta[l][j] a[l][k]``)
    and once per neuron of layer ``l`` (``delta[l-1] = (W[l]^T delta[l]) * f'(S[l-1])``).
    """
    sizes = check_sizes(sizes)
    L = len(sizes) - 1
    return {
        (l, j): sizes[l] + 1 + (sizes[l] if l > 0 else 0)
        for l in range(L)
        for j in range(sizes[l + 1])
    }


@dataclass(frozen=True)
class MemoState:
    """The memo table after ``step`` entries have been filled.

    ``values[(l, j)]`` is ``delta[l][j]`` or None (not computed yet).
    """

    step: int
    values: dict
    current: tuple | None  # the entry filled by this step
    reads: tuple  # entries of layer l+1 this step read
    text: str  # the step's rule, with numbers
    multiplications: int  # backprop's multiplications so far (deltas only)
    complete: bool


@dataclass
class MemoTable:
    """The backward pass as dynamic programming over the neurons of a small network.

    Parameters
    ----------
    sizes : sequence of int
    rng : numpy.random.Generator, optional
        Weights and the example.
    """

    sizes: tuple = (2, 3, 3, 1)
    rng: np.random.Generator | None = None
    net: Network = field(init=False)

    def __post_init__(self):
        rng = np.random.default_rng(5) if self.rng is None else self.rng
        self.sizes = tuple(check_sizes(self.sizes))
        self.net = Network(self.sizes, rng=rng)
        self.x = np.round(rng.uniform(-1, 1, (1, self.sizes[0])), 2)
        self.y = np.round(rng.uniform(0, 1, (1, self.sizes[-1])), 2)
        cache = self.net.forward_cache(self.x)
        self.S = cache.S
        self.deltas = self.net.backward(cache, self.y)
        L = self.net.L
        # Backward order: delta[L-1] (the output layer's) first, then one layer earlier.
        self.order = [(l, j) for l in range(L - 1, -1, -1) for j in range(self.sizes[l + 1])]
        self.reuse = reuse_counts(self.sizes)
        self.reads = direct_reads(self.sizes)

    @property
    def n_steps(self) -> int:
        """Number of entries (one per neuron with a weighted sum)."""
        return len(self.order)

    def delta(self, l: int, j: int) -> float:
        return float(self.deltas[l][0, j])

    def _rule(self, l: int, j: int) -> tuple:
        """(text, reads, multiplications) of the step that fills ``delta[l][j]``."""
        L, f = self.net.L, self.net.activation_of(l)
        dfs = float(f.df(self.S[l])[0, j])
        d = self.delta(l, j)
        if l == L - 1:
            diff = float(self.net.forward(self.x)[0, j] - self.y[0, j])
            text = (
                f"δ[{l}][{j}] = (ŷ[{j}] − y[{j}]) · {f.symbol}'(S[{l}][{j}]) "
                f"= {diff:.4g} × {dfs:.4g} = {d:.4g}"
            )
            return text, (), 1
        n_next = self.sizes[l + 2]
        terms = " + ".join(f"{weight_label(l + 1, i, j)}·δ[{l + 1}][{i}]" for i in range(n_next))
        W = self.net.weights[l + 1]
        total = sum(float(W[i, j]) * self.delta(l + 1, i) for i in range(n_next))
        text = (
            f"δ[{l}][{j}] = ({terms}) · {f.symbol}'(S[{l}][{j}]) "
            f"= {total:.4g} × {dfs:.4g} = {d:.4g}   "
            f"(reads {n_next} stored {'entry' if n_next == 1 else 'entries'})"
        )
        return text, tuple((l + 1, i) for i in range(n_next)), n_next + 1

    def state(self, step: int) -> MemoState:
        """Replay the first ``step`` entries (0 = empty table)."""
        if isinstance(step, bool) or not 0 <= int(step) <= self.n_steps:
            raise ValueError(f"step must be from 0 to {self.n_steps}, got {step!r}")
        step = int(step)
        values = {key: None for key in self.order}
        mults = 0
        text = "Empty table: no δ computed yet. Start at the output layer."
        reads, current = (), None
        for s in range(step):
            current = self.order[s]
            values[current] = self.delta(*current)
            text, reads, m = self._rule(*current)
            mults += m
        return MemoState(step, values, current, reads, text, mults, step == self.n_steps)

    @property
    def naive_tail_multiplications(self) -> int:
        """Multiplications the path sum spends recomputing the tails that δ stores.

        Every (parameter, path) term through ``(l, j)`` rebuilds the tail product from
        ``S[l][j]`` to the cost; counted at the first layer each term enters.
        """
        return core.path_sum_multiplications(self.sizes)
