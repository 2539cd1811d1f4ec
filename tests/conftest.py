"""Shared test settings: hypothesis profiles, and no event loop left running.

``ci`` (chosen when the environment variable CI is set) is derandomised, so a CI run
is repeatable, and keeps no example database.  ``dev`` explores new examples on each
run.  Neither has a deadline: a slow first call (numpy warm-up) is not a failure.
Pick one explicitly with ``HYPOTHESIS_PROFILE=ci``.
"""

from __future__ import annotations

import asyncio
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
default = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or default)


@pytest.fixture(autouse=True)
def _no_event_loop_left_running(request):
    """A test starts with no event loop running in its thread, as in a plain Python
    session. (Playwright's sync API leaves one "running" while it is started; the apps
    then take the kernel's path, and the test would pass or fail by test order.)"""
    if request.node.get_closest_marker("browser") is None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            pytest.fail("an event loop is running before this test: a fixture left it open")
    yield
