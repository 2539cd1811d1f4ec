"""Fixtures for real-browser tests: a JupyterLab server, headless Chromium, a page.

    lab_server  (session)  JupyterLab on 127.0.0.1 serving a temporary copy of notebooks/;
                           .url, .root_dir, .add_notebook(path) -> served name
    browser     (module)   Playwright Chromium (Debian's /usr/bin/chromium, or BT_CHROMIUM);
                           skips without one, fails instead when CI=true
    page        (function) a fresh page (1400x1000); page.console_errors lists console
                           errors and uncaught page errors; a screenshot is saved on failure

Every Playwright action, wait and ``expect()`` is bounded by ``harness.TIMEOUT`` unless it
says otherwise (``new_context()``: call ``h.bound_waits(context)``): tests wait for
conditions, and a busy machine only makes them wait longer.

Mark the tests ``@pytest.mark.browser``. Helpers: ``from . import harness as h``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import harness as h

BROWSER_FIXTURES = {"browser", "page", "lab_server"}


def pytest_collection_modifyitems(items):
    for item in items:
        # Safety net: anything that uses the browser fixtures is a browser test.
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """Folder for screenshots: env BT_SCREENSHOT_DIR, else a pytest tmp folder."""
    folder = os.environ.get("BT_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    h.SCREENSHOT_DIR = path
    return path


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """A JupyterLab server of our own (see harness.start_lab_server). Its log is in
    ``lab_server.log`` (``lab_server.log_tail()``)."""
    with h.start_lab_server(tmp_path_factory.mktemp("lab")) as server:
        yield server


def _no_browser(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


# Per module, not per session: while Playwright's sync API runs, asyncio sees a running
# event loop in this thread, and a later non-browser test on the same xdist worker would
# find one (the training apps then train in a background task, and asyncio.run refuses).
@pytest.fixture(scope="module")
def browser(screenshot_dir):
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _no_browser("playwright is not installed (pip install -e '.[test]')")
    expect.set_options(timeout=h.TIMEOUT)
    pw = sync_playwright().start()
    try:
        if Path(h.CHROMIUM_PATH).exists():
            b = pw.chromium.launch(executable_path=h.CHROMIUM_PATH, args=h.CHROMIUM_ARGS)
        elif Path(pw.chromium.executable_path).exists():  # `playwright install` worked
            b = pw.chromium.launch(args=h.CHROMIUM_ARGS)
        else:
            pw.stop()
            _no_browser(
                f"no Chromium at {h.CHROMIUM_PATH} (apt-get install chromium, "
                "or set BT_CHROMIUM=/path/to/chromium)"
            )
    except PlaywrightError as exc:
        pw.stop()
        _no_browser(f"Chromium did not start: {exc}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser, request):
    context = h.bound_waits(browser.new_context(viewport=h.VIEWPORT))
    pg = context.new_page()
    pg.console_errors = []
    pg.on(
        "console",
        lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    pg.on("pageerror", lambda exc: pg.console_errors.append(f"pageerror: {exc}"))
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        try:
            h.screenshot(pg, f"FAILED-{request.node.name}")
        except Exception as exc:  # the page may be gone; the test failure matters more
            print(f"(no failure screenshot: {exc})")
    if pg.console_errors:
        print("browser console errors:\n  " + "\n  ".join(pg.console_errors))
    context.close()
