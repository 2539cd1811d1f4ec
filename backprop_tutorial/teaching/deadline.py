"""Stop the learner's code after a time limit, without a traceback from inside a checker.

:func:`deadline` raises :class:`Timeout` in the running code when the time is up: with
a timer signal where there is one (the main thread on Linux and macOS, where notebook
cells run), else with a trace function that looks at the clock on every line (slower,
but it works in any thread and in Pyodide).  ``Timeout`` is a BaseException, so the
learner's ``except Exception`` cannot swallow it.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time


class Timeout(BaseException):
    """The time limit of :func:`deadline` ran out."""


def _raise(*_):
    raise Timeout


@contextlib.contextmanager
def deadline(seconds: float):
    """Raise :class:`Timeout` inside the ``with`` block once ``seconds`` have passed."""
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        old = signal.signal(signal.SIGALRM, _raise)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    end = time.perf_counter() + seconds

    def tracer(frame, event, arg):
        if time.perf_counter() > end:
            raise Timeout
        return tracer

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(old)
