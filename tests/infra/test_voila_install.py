"""Our Voila template is what every way of opening Voila uses, with no flags.

The template (share/jupyter/voila/templates/backprop) fixes anywidget's 2 s start-up
deadline, which a busy server misses ("widget model not found"). The package installs it
into the environment's prefix, with etc/jupyter/voila.json, which makes it Voila's default
(pyproject's shared-data). Checked here:

- Binder's postBuild (``pip install --no-deps .``, a normal wheel, as a course's ``pip
  install`` gets it) puts both into the prefix of a fresh environment, and on Binder
  that environment is the Jupyter server's (repo2docker's plan);
- the environment the tests run in (``python3 dev.py setup``: an editable install) holds
  the same files as the repository;
- there, a plain ``voila NOTEBOOK`` and JupyterLab's "Render with Voila" (the server
  extension's ``/voila/render/...``, which Binder's Voila link opens too) render pages with
  our template: its script carries ``data-voila-template="backprop"``.

The servers run on 127.0.0.1 with a private Jupyter config folder and no JUPYTER_PATH or
JUPYTER_CONFIG_PATH, so only what is installed decides.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path("share/jupyter/voila/templates/backprop")
CONFIG = Path("etc/jupyter/voila.json")
INSTALLED = [TEMPLATE / "index.html.j2", TEMPLATE / "conf.json", CONFIG]
MARKER = 'data-voila-template="backprop"'
RENDER_TIMEOUT_S = 300  # Voila runs the notebook before it answers; the machine is shared


def test_voila_json_selects_a_template_the_package_ships():
    config = json.loads((ROOT / CONFIG).read_text())["VoilaConfiguration"]
    assert config["template"] == TEMPLATE.name
    assert (ROOT / TEMPLATE / "index.html.j2").read_text().count(MARKER) == 1


@pytest.mark.slow
def test_binder_postbuild_installs_the_template_into_the_prefix(tmp_path):
    """binder/postBuild, run as Binder runs it, in a fresh environment (no dependencies:
    only the package's own install is under test here; tests/infra/test_binder.py builds
    the whole Binder environment)."""
    repo, venv = tmp_path / "repo", tmp_path / "venv"
    shutil.copytree(
        ROOT, repo, ignore=shutil.ignore_patterns(".git", ".venv*", "_output", "__pycache__")
    )
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    proc = subprocess.run(
        [repo / "binder" / "postBuild"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for rel in INSTALLED:
        installed = venv / rel
        assert installed.is_file(), f"postBuild's install did not put {rel} into the prefix"
        assert installed.read_bytes() == (ROOT / rel).read_bytes(), rel


@pytest.mark.slow
def test_binder_installs_into_the_jupyter_servers_environment(tmp_path):
    """repo2docker's plan (``--no-build``, no Docker needed): postBuild's ``python`` is the
    environment the Jupyter server, and so Voila's server extension, runs from."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "binder", repo / "binder")
    r2d = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    assert r2d, "repo2docker is missing: it comes with the test extra"
    proc = subprocess.run(
        [r2d, "--no-build", "--debug", str(repo)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [ln.strip() for ln in proc.stdout.splitlines()]
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in lines, "two environments"
    path = next(ln for ln in lines if ln.startswith("ENV PATH=${NB_PYTHON_PREFIX}/bin:"))
    assert lines.index(path) < lines.index("RUN ./binder/postBuild")


def test_this_environment_has_the_current_template_installed():
    """``python3 dev.py setup`` installs them (and reinstalls when they change)."""
    for rel in INSTALLED:
        installed = Path(sys.prefix) / rel
        assert installed.is_file(), (
            f"{installed} is missing: run `python3 dev.py setup` (pip install -e . installs it)"
        )
        assert installed.read_bytes() == (ROOT / rel).read_bytes(), (
            f"{installed} differs from the repository's {rel}: run `python3 dev.py setup`"
        )


# ------------------------------------------------------------------ rendered pages

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# A page"]},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["6 * 7"],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read().decode()


@contextlib.contextmanager
def _server(tmp_path: Path, args: list[str], port: int):
    """Run ``python -m ARGS`` in ``tmp_path`` (it holds page.ipynb) until the port answers;
    stop it and its kernels afterwards."""
    (tmp_path / "page.ipynb").write_text(json.dumps(NOTEBOOK))
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    for name in ("config", "runtime"):
        (tmp_path / name).mkdir()
        env[f"JUPYTER_{name.upper()}_DIR"] = str(tmp_path / name)
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert time.monotonic() < deadline, "no server on its port:\n" + log.read_text()
            time.sleep(0.2)
        yield log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _assert_our_template(html: str, log: Path) -> None:
    assert "42" in html, "the notebook was not run:\n" + log.read_text()[-3000:]
    assert MARKER in html, "the page was not rendered with our template (backprop)"


@pytest.mark.slow
def test_plain_voila_renders_with_our_template(tmp_path):
    port = _free_port()
    args = ["voila", "page.ipynb", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    with _server(tmp_path, args, port) as log:
        html = _get(f"http://127.0.0.1:{port}/", RENDER_TIMEOUT_S)
    _assert_our_template(html, log)


@pytest.mark.slow
def test_render_with_voila_in_jupyter_server_uses_our_template(tmp_path):
    """What JupyterLab's "Render with Voila" button and Binder's voila/render link open."""
    port = _free_port()
    args = [
        "jupyter_server",
        "--allow-root",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={tmp_path}",
    ]
    with _server(tmp_path, args, port) as log:
        try:
            html = _get(f"http://127.0.0.1:{port}/voila/render/page.ipynb", RENDER_TIMEOUT_S)
        except urllib.error.HTTPError as exc:
            pytest.fail(f"/voila/render answered {exc.code}:\n{log.read_text()[-3000:]}")
    _assert_our_template(html, log)
