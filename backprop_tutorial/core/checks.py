"""Argument checks shared by the core: one message style, one set of limits.

Every public function of the core checks its arguments here before numpy sees them,
and raises ``TypeError`` for the wrong kind of thing (None, a string, a complex
number) or ``ValueError`` for a wrong value (NaN, a negative size, a size above a
limit), with a message that names the argument, shows the value and says what to do.

Limits
------
Sizes that would take more memory or time than a notebook should wait for are
refused before anything is allocated, with the size and the limit in the message:

==================  ============  ===================================================
limit               value         what it bounds
==================  ============  ===================================================
MAX_LAYERS          1,000         weight layers in a ``sizes`` list
MAX_WIDTH           10**9         neurons in one layer (for the counting functions)
MAX_PARAMS          20,000,000    weights + biases of a :class:`Network` (160 MB)
MAX_ELEMENTS        20,000,000    floats of one array built from a size (160 MB)
MAX_GRID_POINTS     1,000,000     points of a cost grid (1000 x 1000)
MAX_STEPS           10,000        ``Network.train`` epochs, ``ChainNetwork.descend`` steps
                                  per call (about a second for a small network)
MAX_DATA_POINTS     1,000,000     points of :func:`make_dataset`
MAX_GRAPH_NODES     200,000       nodes of a scalar graph (``Network.to_graph``)
MAX_PATHS           10**9         paths a path-sum enumeration may be allowed to visit
MAX_EVALUATIONS     200,000       function evaluations of a finite-difference gradient
MAX_MULTIPLICATIONS 10**10        multiplications of one call that loops (training,
                                  forward-mode gradients): about ten seconds
MAX_SEED            2**32 - 1     a seed an app keeps (and shows in a box)
==================  ============  ===================================================

The apps' models (:class:`backprop_tutorial.ui.model.Model`) check every parameter with
the same functions: :func:`integer`, :func:`number`, :func:`choice`, :func:`seed`,
:func:`array`, :func:`rng`, and :func:`known` for the parameter names.  Where an app
needs a tighter limit than this table (a slider's end), it says so beside its table of
parameters.

numpy only.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


class KindError(TypeError, ValueError):
    """The wrong kind of argument (None, a string, a complex number, ...).

    A TypeError, and also a ValueError so that code catching "bad input" with
    ``except ValueError`` (the apps do) catches it too, as numpy's AxisError is both a
    ValueError and an IndexError.
    """


MAX_LAYERS = 1_000
MAX_WIDTH = 10**9
MAX_PARAMS = 20_000_000
MAX_ELEMENTS = 20_000_000
MAX_GRID_POINTS = 1_000_000
MAX_STEPS = 10_000
MAX_DATA_POINTS = 1_000_000
MAX_GRAPH_NODES = 200_000
MAX_PATHS = 10**9
MAX_EVALUATIONS = 200_000
MAX_MULTIPLICATIONS = 10**10
MAX_SEED = 2**32 - 1


def show(value) -> str:
    """A short, safe ``repr`` for messages.

    Huge ints are described, not printed (``str`` of a 5,000-digit int raises in
    Python >= 3.11); long reprs are cut.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return count(int(value))
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def count(n: int) -> str:
    """``12,345`` for a readable int, ``about 10^5000`` for a huge one."""
    n = int(n)
    if abs(n) < 10**30:
        return f"{n:,}"
    digits = int(abs(n).bit_length() * math.log10(2))
    return f"{'-' if n < 0 else ''}about 10^{digits}"


def kind(value) -> str:
    return type(value).__name__


def span(minimum=None, maximum=None, what: str = "") -> str:
    """The allowed range in words: ``"an integer from 0 to 10"``, ``"a number >= 0"``."""
    show_bound = count if what == "an integer" else (lambda v: f"{v:g}")
    if minimum is not None and maximum is not None:
        return f"{what} from {show_bound(minimum)} to {show_bound(maximum)}".strip()
    if minimum is not None:
        return f"{what} >= {show_bound(minimum)}".strip()
    if maximum is not None:
        return f"{what} <= {show_bound(maximum)}".strip()
    return what


def integer(
    name: str,
    value,
    minimum: int | None = None,
    maximum: int | None = None,
    whole_floats: bool = False,
) -> int:
    """``value`` as an int; bools, strings, None and (unless ``whole_floats``) floats are
    refused.

    ``whole_floats`` accepts a float with no fractional part (``3.0``, what a slider or
    a JSON message may send); a fraction, NaN or infinity is still refused.

    Raises
    ------
    KindError (a TypeError)
        Not an integer (``2.0`` included unless ``whole_floats``: a count is not a
        measurement).
    ValueError
        Outside ``[minimum, maximum]``, or a fraction.  Every message names the allowed
        range.
    """
    allowed = span(minimum, maximum, "an integer")
    if whole_floats and isinstance(value, (float, np.floating)):
        if not (math.isfinite(value) and float(value).is_integer()):
            raise ValueError(f"{name} must be {allowed}, got {show(value)}")
        value = int(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise KindError(f"{name} must be {allowed}, got {show(value)} ({kind(value)})")
    value = int(value)
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be {allowed}, got {count(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {count(minimum)}, got {count(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(
            f"{name} = {count(value)} is above the limit of {count(maximum)}: use a smaller value"
        )
    return value


def number(
    name: str,
    value,
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
) -> float:
    """``value`` as a finite float.

    Real numbers only: None, strings, bools and complex numbers are refused (TypeError);
    NaN, infinities, ints too large for a float and values outside the bounds are
    refused (ValueError).  ``positive`` excludes 0.  A 0-d numeric array counts as
    its number.
    """
    allowed = span(minimum, maximum, "a number")
    if positive:
        allowed = "a number above 0" + (f" and at most {maximum:g}" if maximum is not None else "")
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or isinstance(value, (str, bytes))
    ):
        raise KindError(
            f"{name} must be a real number, got {show(value)} ({kind(value)}): use {allowed}"
        )
    try:
        value = float(value)
    except OverflowError:
        raise ValueError(
            f"{name} = {show(value)} is too large for a float: use {allowed}"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}: use {allowed}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value:g}: use {allowed}")
    outside = (minimum is not None and value < minimum) or (maximum is not None and value > maximum)
    if outside:
        raise ValueError(f"{name} must be {allowed}, got {value:g}")
    return value


def choice(name: str, value, options):
    """``value`` if it is one of ``options`` (compared by equality, same type), else a
    ValueError listing them."""
    for option in options:
        same_kind = isinstance(value, type(option)) and isinstance(value, bool) == isinstance(
            option, bool
        )
        if same_kind and value == option:
            return option
    listed = ", ".join(repr(o) for o in options)
    raise ValueError(f"{name} must be one of {listed}; got {show(value)}")


def seed(name: str, value) -> int:
    """A seed an app keeps: an int in ``0..MAX_SEED`` (a Generator is refused: the app
    makes its own generators from the seed, so that Reset restores the same start)."""
    if isinstance(value, np.random.Generator):
        raise KindError(
            f"{name} must be {span(0, MAX_SEED, 'an integer')} (the app makes its own "
            "generators from it, so that Reset restores the same start); got a Generator"
        )
    return integer(name, value, 0, MAX_SEED, whole_floats=True)


def known(changes, names, what: str = "parameter") -> None:
    """Refuse a name that is not in ``names``, listing the ones there are."""
    unknown = [n for n in changes if n not in names]
    if unknown:
        listed = ", ".join(names)
        raise ValueError(f"unknown {what} {show(unknown[0])}: use one of {listed}")


def array(name: str, value, finite: bool = True) -> np.ndarray:
    """``value`` as a float ndarray; no copy when it already is one.

    Raises
    ------
    TypeError
        None, a string, complex or non-numeric entries.
    ValueError
        Ragged nesting, numbers too large for a float, or (with ``finite``) NaN or
        infinite entries, counted.
    """
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        arr = value  # the hot path: one dtype check
    else:
        if value is None or isinstance(value, (str, bytes)):
            raise KindError(f"{name} must be numeric (an array of numbers), got {show(value)}")
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError):
            raise ValueError(
                f"{name} must be a rectangular array of numbers (equal-length rows), got "
                f"{show(value)}"
            ) from None
        if arr.dtype.kind == "c":
            raise KindError(f"{name} has complex entries: pass real numbers")
        if arr.dtype.kind not in "biuf":
            if arr.dtype.kind != "O":  # strings, dates, records
                raise KindError(
                    f"{name} must be numeric (an array of real numbers), got {arr.dtype} "
                    f"entries such as {show(arr.flat[0]) if arr.size else '[]'}"
                )
            for item in arr.flat:  # None would become NaN, a complex entry lose its part
                if item is None or isinstance(item, (str, bytes, complex, np.complexfloating)):
                    raise KindError(
                        f"{name} must be numeric (an array of real numbers), got an entry "
                        f"{show(item)}"
                    )
            try:
                arr = np.asarray(value, dtype=float)
            except OverflowError:
                raise ValueError(f"{name} has an entry too large for a float") from None
            except (TypeError, ValueError):
                raise KindError(
                    f"{name} must be numeric (an array of numbers), got {kind(value)} with "
                    f"{arr.dtype} entries, e.g. {show(arr.flat[0]) if arr.size else '[]'}"
                ) from None
        else:
            arr = arr.astype(float, copy=False)
    if finite and not np.isfinite(arr).all():
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s): clean the data first")
    return arr


def rng(name: str, value) -> np.random.Generator:
    """A Generator from None (fresh entropy), an int seed >= 0 or a Generator."""
    if value is None:
        return np.random.default_rng()
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{name} as a seed must be >= 0, got {count(value)}")
        return np.random.default_rng(int(value))
    raise KindError(
        f"{name} must be a numpy Generator (np.random.default_rng(0)), an int seed or None; "
        f"got {show(value)} ({kind(value)})"
    )


def budget(what: str, size: int, limit: int, hint: str) -> None:
    """Refuse ``size > limit`` with both numbers in the message."""
    if size > limit:
        raise ValueError(
            f"{what} would be {count(size)}, above the limit of {count(limit)}: {hint}"
        )


def instance(name: str, value, cls, hint: str = ""):
    """Refuse a value that is not an instance of ``cls`` (TypeError)."""
    if not isinstance(value, cls):
        raise KindError(
            f"{name} must be a {cls.__name__}, got {show(value)} ({kind(value)})"
            + (f": {hint}" if hint else "")
        )
    return value
