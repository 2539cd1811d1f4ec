"""Shared test settings: hypothesis profiles.

``ci`` (chosen when the environment variable CI is set) is derandomised, so a CI run
is repeatable, and keeps no example database.  ``dev`` explores new examples on each
run.  Neither has a deadline: a slow first call (numpy warm-up) is not a failure.
Pick one explicitly with ``HYPOTHESIS_PROFILE=ci``.
"""

from __future__ import annotations

import os

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
