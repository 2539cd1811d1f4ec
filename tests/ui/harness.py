"""Real-browser test harness: JupyterLab / Voila servers and Playwright helpers.

The fixtures in ``tests/ui/conftest.py`` (``lab_server``, ``browser``, ``page``) build on
this module; the helpers below take a Playwright ``Page`` and work in JupyterLab and, where
it makes sense, in Voila. Typical use::

    from . import harness as h  # in a test module under tests/ui/


    @pytest.mark.browser
    def test_w0_slider(lab_server, page):
        h.open_notebook(page, lab_server, "01-simplest-network.ipynb")
        h.run_all(page)
        h.wait_for_text(page, "w0 = 0.50", timeout=60_000)  # the widgets are up
        before = h.wait_for_canvases(page)  # figures drawn and settled
        slider = h.sliders_by_description(page, "w0").first
        h.slider_press(page, slider, "ArrowRight", times=3)
        h.wait_for_text(page, "w0 = 0.80")  # the kernel answered
        h.wait_for_canvas_change(page, before)  # then ipympl redrew
        h.assert_no_widget_errors(page)
        h.screenshot(page, "w0-slider")
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
# Our Voila template ("backprop": Voila's "lab" plus a fix for anywidget's 2 s start-up
# deadline, see its index.html.j2), found through JUPYTER_PATH.
VOILA_TEMPLATE = "backprop"
VOILA_DATA_DIR = REPO_ROOT / "share" / "jupyter"
# Front ends Voila must not load: Notebook 7's (installed beside JupyterLab, as on a
# JupyterHub) fails in Voila's older JupyterLab core with a console error on every page.
VOILA_EXTENSION_DENYLIST = ["@jupyter-notebook/lab-extension"]

# Chromium: Debian's package (Playwright's own download does not work on our machines).
CHROMIUM_PATH = os.environ.get("BT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}

# JupyterLab user settings for the test server (see shared RECIPES.md): no news toast,
# and every cell kept in the DOM (windowing off) so widgets far down can be found.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

SERVER_START_TIMEOUT = 120.0  # seconds; ~6 s seen for JupyterLab, ~2 s for Voila, 30 s busy

# The bound of every wait in the browser tests, in ms. A wait ends as soon as its
# condition holds (a text shown, the kernel idle, a picture changed), so the bound costs
# nothing when things work; it only stops a hang. It is large because a busy machine is
# slow, not broken: with both cores kept busy by other work (load average 8-16), one
# kernel round trip took seconds and a notebook's Run All minutes. conftest.py makes it
# the default of every Playwright action, wait and expect().
TIMEOUT = 120_000
# Running every cell of one of our notebooks (notebook 2 trains; notebook 5 loads and
# trains on the digits), the longest wait.
RUN_ALL_TIMEOUT = 300_000

# Where screenshot() writes: env BT_SCREENSHOT_DIR, else set by conftest to a pytest
# tmp folder, else the system temp dir.
SCREENSHOT_DIR: Path | None = None

# -------------------------------------------------------------------------- selectors
# ipywidgets 8 sliders are noUiSlider widgets; the description label comes first.
SLIDER = ".widget-slider"
SLIDER_HANDLE = ".noUi-handle"
SLIDER_READOUT = ".widget-readout"
WIDGET_LABEL = ".widget-label"
# ipympl 0.10: div.jupyter-matplotlib-canvas-div holds two unclassed canvases, the
# figure (z-index 0, first) and a transparent top canvas for the zoom rubber band.
FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div > canvas:first-of-type"
# Rendered cell outputs, in JupyterLab and in Voila alike.
OUTPUTS = ".jp-OutputArea-output"


# -------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll ``url`` until it answers 200 (for a bare ``http://host:port``: until the
    port accepts connections)."""
    host_port = url.removeprefix("http://")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited with {proc.returncode} before answering {url}:\n{_tail(log)}"
            )
        try:
            if "/" in host_port:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return
            else:
                host, port = host_port.split(":")
                with socket.create_connection((host, int(port)), timeout=2):
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and its kernels (it runs in its own process group)."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Kernels share the group; make sure none outlive the server.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _copy_notebooks(dest: Path) -> dict[str, Path]:
    """Copy notebooks/ into ``dest``; return {served name: original} for the notebooks."""
    if not NOTEBOOKS_DIR.is_dir():
        return {}
    shutil.copytree(
        NOTEBOOKS_DIR,
        dest,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return {
        p.relative_to(NOTEBOOKS_DIR).as_posix(): p
        for p in NOTEBOOKS_DIR.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }


def _server_env(base: Path) -> dict[str, str]:
    """Environment for a server of our own: own Jupyter config, runtime and settings."""
    env = dict(os.environ)
    for name in ("config", "runtime", "settings"):
        (base / name).mkdir(exist_ok=True)
    env["JUPYTER_CONFIG_DIR"] = str(base / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(base / "runtime")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(base / "settings")
    env.pop("JUPYTER_TOKEN", None)
    for rel, settings in LAB_SETTINGS.items():
        target = base / "settings" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))
    return env


@dataclass
class Server:
    """A running JupyterLab or Voila server."""

    url: str  # base URL, no trailing slash
    root_dir: Path  # the folder it serves: a temporary copy of notebooks/
    proc: subprocess.Popen = field(repr=False)
    log: Path = field(repr=False)
    # served name -> original file, to put a pristine copy back (reset_notebook)
    sources: dict[str, Path] = field(default_factory=dict, repr=False)

    def add_notebook(self, path: str | os.PathLike, name: str | None = None) -> str:
        """Copy a notebook (or any file) into the served folder; return its served name."""
        path = Path(path)
        name = name or path.name
        shutil.copy2(path, self.root_dir / name)
        self.sources[name] = path
        return name

    def api(self, method: str, path: str):
        """Call the server's REST API (``/api/...``); return the decoded JSON or None."""
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def reset_notebook(self, name: str) -> None:
        """Shut down the kernels of notebook ``name`` and put its original file back.

        JupyterLab autosaves outputs into the served copy and keeps a notebook's kernel
        between page loads, so without this a second test opening the same notebook
        would see the previous test's outputs and kernel state.
        """
        for session in self.api("GET", "/api/sessions"):
            if session.get("path") == name:
                self.api("DELETE", f"/api/sessions/{session['id']}")
        src = self.sources.get(name)
        if src is not None and src.exists():
            shutil.copy2(src, self.root_dir / name)

    def log_tail(self, n: int = 40) -> str:
        return _tail(self.log, n)


# The two front ends of a Jupyter install, run as ``python -m <name>``. Notebook 7 is built
# from JupyterLab's pieces (its own shell and URLs: /notebooks/NAME) and reads the same
# settings folder.
FRONT_ENDS = ("jupyterlab", "notebook")


def write_notebook(path: str | os.PathLike, sources: list[str]) -> Path:
    """A notebook of code cells ``sources`` at ``path`` (kernel python3), for tests and
    the benchmark's sanity check; returns the path."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    path = Path(path)
    nbformat.write(nb, path)
    return path


@contextlib.contextmanager
def start_lab_server(base: Path | None = None, front_end: str = "jupyterlab") -> Iterator[Server]:
    """Start JupyterLab (or, with ``front_end="notebook"``, Notebook 7) on 127.0.0.1
    serving a temporary copy of notebooks/."""
    if front_end not in FRONT_ENDS:
        raise ValueError(f"front_end must be one of {FRONT_ENDS}, got {front_end!r}")
    with contextlib.ExitStack() as stack:
        if base is None:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bt-lab-")))
        root, workspaces = base / "root", base / "workspaces"
        root.mkdir()
        workspaces.mkdir()
        sources = _copy_notebooks(root)
        port = free_port()
        log = base / f"{front_end}.log"
        cmd = [
            sys.executable,
            "-m",
            front_end,
            "--allow-root",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={root}",
            # Test-only server on loopback without a token: let Server.api() call it.
            "--ServerApp.disable_check_xsrf=True",
        ]
        if front_end == "jupyterlab":
            cmd += [f"--LabApp.workspaces_dir={workspaces}", "--LabApp.news_url="]
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=root,
                env=_server_env(base),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        stack.callback(_stop, proc)
        url = f"http://127.0.0.1:{port}"
        _wait_http(f"{url}/api/status", proc, log, SERVER_START_TIMEOUT)
        yield Server(url=url, root_dir=root, proc=proc, log=log, sources=sources)


@contextlib.contextmanager
def voila_server(notebook: str | os.PathLike) -> Iterator[Server]:
    """Serve one notebook with Voila (app mode) from a temporary copy of notebooks/.

    ``notebook`` is a file name in ``notebooks/`` (``"01-simplest-network.ipynb"``) or a
    path to a notebook elsewhere, which is copied in beside them. Voila runs the notebook
    when the page is loaded: ``page.goto(server.url)``, then the same helpers apply.
    """
    with tempfile.TemporaryDirectory(prefix="bt-voila-") as tmp:
        base = Path(tmp)
        root = base / "notebooks"
        root.mkdir()
        _copy_notebooks(root)
        src = Path(notebook)
        if src.exists() and src.resolve().parent != root:
            shutil.copy2(src, root / src.name)
        name = src.name
        if not (root / name).exists():
            raise FileNotFoundError(f"no notebook {notebook!r} in {NOTEBOOKS_DIR}")
        port = free_port()
        log = base / "voila.log"
        cmd = [
            sys.executable,
            "-m",
            "voila",
            f"notebooks/{name}",
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            f"--template={VOILA_TEMPLATE}",
            f"--VoilaConfiguration.extension_denylist={json.dumps(VOILA_EXTENSION_DENYLIST)}",
        ]
        env = _server_env(base)
        env["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(VOILA_DATA_DIR), env.get("JUPYTER_PATH")) if p
        )
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=base,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            # Voila has no /api/status, and GET / runs the notebook: wait for the port.
            url = f"http://127.0.0.1:{port}"
            _wait_http(url, proc, log, SERVER_START_TIMEOUT)
            yield Server(url=url, root_dir=root, proc=proc, log=log)
        finally:
            _stop(proc)


# -------------------------------------------------------------------------- JupyterLab


def bound_waits(context):
    """Make ``TIMEOUT`` the default bound of every action and wait in a Playwright
    browser context (Playwright's own default, 30 s, is too short on a busy machine)."""
    context.set_default_timeout(TIMEOUT)
    return context


def open_notebook(page, server: Server, name: str, timeout: float = TIMEOUT) -> None:
    """Open ``name`` (relative to the served folder) in a fresh JupyterLab workspace and
    wait until the notebook is shown and its kernel is idle.

    The notebook starts clean each time: its old kernel is shut down and its original
    file put back (``Server.reset_notebook``), even if an earlier test ran it.
    """
    server.reset_notebook(name)
    page.goto(f"{server.url}/lab/tree/{name}?reset", timeout=timeout)
    page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=timeout)
    wait_kernel_idle(page, timeout)


def wait_kernel_idle(page, timeout: float = TIMEOUT) -> None:
    """Wait until the status bar shows a kernel (not "No Kernel") that is Idle.

    The toolbar's execution indicator says "idle" before any kernel exists, so it is not
    used. Do not use this to wait for the result of an action either: "Idle" may be seen
    before the kernel went busy; wait on text derived from the new state (wait_for_text).
    """
    page.wait_for_function(
        """() => {
            const bar = document.querySelector('#jp-main-statusbar');
            const text = bar ? bar.innerText : '';
            return /\\| *Idle/.test(text) && !/No Kernel/.test(text);
        }""",
        timeout=timeout,
    )


def run_all(page, timeout: float = TIMEOUT) -> None:
    """Menu Run > Run All Cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click(timeout=timeout)
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click(
        timeout=timeout
    )


def wait_cells_done(page, timeout: float = RUN_ALL_TIMEOUT, stable_ms: int = 500) -> None:
    """After ``run_all``: wait until no cell is queued or running (no ``[*]`` prompt), at
    least one cell has an execution count and the kernel is idle, and all of this has held
    for ``stable_ms`` (a cell that starts a thread may leave the kernel busy again shortly
    after). Checked in the page, so a slow round trip only makes the wait longer."""
    page.evaluate("() => { window.__btDoneSince = null; }")
    page.wait_for_function(
        """([stable]) => {
            const prompts = [...document.querySelectorAll('.jp-InputPrompt')]
                .map(p => p.innerText);
            const bar = document.querySelector('#jp-main-statusbar');
            const idle = /\\| *Idle/.test(bar ? bar.innerText : '');
            const ran = prompts.some(t => /\\[\\d+\\]/.test(t));
            const done = idle && ran && !prompts.some(t => t.includes('*'));
            const now = performance.now();
            if (!done) { window.__btDoneSince = null; return false; }
            if (window.__btDoneSince == null) window.__btDoneSince = now;
            return now - window.__btDoneSince >= stable;
        }""",
        arg=[stable_ms],
        polling=100,
        timeout=timeout,
    )


# -------------------------------------------------------------------------- widgets


def wait_for_text(page, text: str | re.Pattern, timeout: float = TIMEOUT, within: str = OUTPUTS):
    """Wait until a visible element inside ``within`` (default: cell outputs, so the
    notebook's source code does not count) contains ``text`` (substring or regex);
    return the locator of the first match."""
    loc = page.locator(within).get_by_text(text).first
    loc.wait_for(state="visible", timeout=timeout)
    return loc


def expect(locator):
    """Playwright's ``expect(locator)`` (imported here, so that a test module loads, and
    is skipped, without Playwright): ``h.expect(loc).to_have_count(3)`` waits, bounded by
    ``TIMEOUT``, where ``assert loc.count() == 3`` would read a state still on its way."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def expect_text(locator, text: str | re.Pattern, timeout: float = TIMEOUT) -> None:
    """Wait until ``locator``'s shown text contains ``text``: an assertion that waits for
    the kernel's answer however busy the machine is (never ``assert x in inner_text()``
    right after waiting for some other text: the two may arrive in different messages)."""
    expect(locator).to_contain_text(text, timeout=timeout, use_inner_text=True)


def sliders_by_description(page, text: str | re.Pattern):
    """Locator of the ``.widget-slider`` widgets whose description label has ``text``
    (ipywidgets 8 puts ``label.widget-label`` before the noUiSlider in the same box).
    A string matches as a substring; pass ``re.compile(r"^w0$")`` for an exact match."""
    return page.locator(SLIDER).filter(has=page.locator(WIDGET_LABEL, has_text=text))


def slider_press(page, slider, key: str = "ArrowRight", times: int = 1) -> None:
    """Focus the slider's handle and press ``key`` ``times`` times (one step each).

    ``slider`` is a locator of a ``.widget-slider`` (or of its handle)."""
    handle = slider.locator(SLIDER_HANDLE).first
    if not handle.count():  # the locator is the handle itself
        handle = slider
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)


def slider_readout(slider) -> str:
    """The text shown beside an ipywidgets slider."""
    return slider.locator(SLIDER_READOUT).first.inner_text().strip()


def canvas_data_urls(page) -> list[str]:
    """``toDataURL()`` of every ipympl figure canvas on the page, in page order.

    Only the figure layer is read (not ipympl's transparent rubber-band canvas on top).
    """
    return page.eval_on_selector_all(FIGURE_CANVAS, "els => els.map(c => c.toDataURL())")


def wait_for_canvas_change(page, before: list[str], timeout: float = TIMEOUT) -> list[str]:
    """Wait until ``canvas_data_urls(page)`` differs from ``before``; return the new list.

    ipympl redraws after ``draw_idle()`` asynchronously, after the widget values have
    arrived: wait on a Label/readout first, then on this."""
    page.wait_for_function(
        """([sel, before]) => {
            const now = [...document.querySelectorAll(sel)].map(c => c.toDataURL());
            return now.length !== before.length || now.some((u, i) => u !== before[i]);
        }""",
        arg=[FIGURE_CANVAS, before],
        polling=100,
        timeout=timeout,
    )
    return canvas_data_urls(page)


def wait_for_canvases(
    page, count: int = 1, timeout: float = TIMEOUT, settle_ms: int = 300
) -> list[str]:
    """Wait until at least ``count`` ipympl figures are drawn (some opaque pixel) and
    their pixels have been unchanged for ``settle_ms``; return ``canvas_data_urls(page)``.

    Take the "before" picture of a pixel comparison from this, never from a canvas that
    may still be blank or about to be redrawn by ipympl's first resize.
    """
    settled = """([sel, count, settle]) => {
        const cs = [...document.querySelectorAll(sel)];
        const drawn = cs.length >= count && cs.every(c => c.width > 0 && c.height > 0 &&
            c.getContext('2d').getImageData(0, 0, c.width, c.height).data
                .some((v, i) => i % 4 === 3 && v > 0));
        const key = drawn ? cs.map(c => c.toDataURL()).join('|') : null;
        const w = window.__btCanvases || (window.__btCanvases = {});
        const now = performance.now();
        if (key === null || key !== w.key) { w.key = key; w.since = now; return false; }
        return now - w.since >= settle;
    }"""
    page.evaluate("() => { window.__btCanvases = null; }")
    page.wait_for_function(
        settled, arg=[FIGURE_CANVAS, count, settle_ms], polling=100, timeout=timeout
    )
    return canvas_data_urls(page)


def widget_errors(page) -> list[str]:
    """Texts of widget-render errors and Python tracebacks shown in outputs."""
    found = []
    body = page.locator("body").inner_text()
    if "Error displaying widget" in body:
        found.append("page shows 'Error displaying widget'")
    for text in page.locator(OUTPUTS).all_inner_texts():
        if "Traceback" in text or re.search(r"^\w+Error\b", text, re.M):
            found.append(text.strip()[:2000])
    return found


def assert_no_widget_errors(page) -> None:
    """Fail if a widget failed to render or an output shows a Python traceback."""
    errors = widget_errors(page)
    assert not errors, "errors on the page:\n" + "\n---\n".join(errors)


def screenshot(page, name: str, locator=None) -> Path:
    """Save a PNG as ``NAME.png``: the full page, or only ``locator``'s element; print
    and return its path.

    JupyterLab scrolls the notebook inside its own panel, so a "full page" shot of Lab
    is the viewport; pass a locator (e.g. a cell's output area) to see something lower.
    """
    folder = Path(os.environ.get("BT_SCREENSHOT_DIR") or SCREENSHOT_DIR or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", name)
    path = folder / f"{safe}.png"
    if locator is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        locator.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path
