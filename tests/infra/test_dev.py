"""dev.py as a new user meets it: `python3 dev.py lab` starts as root too, and `setup`
cleans JupyterLite out of a .venv made by an older dev.py."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("_bt_dev_install", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ dev.py lab as root


def test_lab_adds_allow_root_as_root_and_says_so(dev, monkeypatch, capsys):
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0, raising=False)
    cmd = dev.lab_command(["--no-browser"])
    assert cmd[1:3] == ["lab", "notebooks/01-simplest-network.ipynb"]
    assert cmd.count("--allow-root") == 1 and "--no-browser" in cmd
    note = capsys.readouterr().out.strip().splitlines()
    assert len(note) == 1 and "root" in note[0] and "--allow-root" in note[0], note


@pytest.mark.parametrize(
    "given", ["--allow-root", "--no-allow-root", "--ServerApp.allow_root=True"]
)
def test_lab_leaves_an_explicit_choice_alone(dev, monkeypatch, capsys, given):
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0, raising=False)
    cmd = dev.lab_command([given])
    assert cmd.count("--allow-root") == (given == "--allow-root")
    assert capsys.readouterr().out == ""


def test_lab_adds_nothing_for_other_users(dev, monkeypatch, capsys):
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000, raising=False)
    assert "--allow-root" not in dev.lab_command([])
    assert capsys.readouterr().out == ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_dev_lab_starts_a_server(dev, tmp_path):
    """The README's first command, for real: `python3 dev.py lab --no-browser` (as root on
    CI and in containers) answers /api/status. Needs the .venv that `dev.py test` made."""
    if Path(sys.prefix).resolve() != dev.VENV.resolve():
        pytest.skip(f"runs in dev.py's own .venv ({dev.VENV}), this is {sys.prefix}")
    port, token = _free_port(), "bt-dev-lab-test"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    args = ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1"]
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "dev.py"), "lab", *args, f"--IdentityProvider.token={token}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        status, deadline = None, time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/status?token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"no /api/status (exit code {proc.poll()})"
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    assert "Running as root is not recommended" not in out, out[-3000:]
    if os.geteuid() == 0:
        assert "adding --allow-root" in out, out[-3000:]


# ------------------------------------------------------------------ .venv without JupyterLite


def _fake_old_venv(venv: Path, with_dists: bool = True) -> Path:
    """The files an older dev.py left: the lite packages and the page config disabling
    the Pyodide kernel's front end."""
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    if with_dists:
        (site / "jupyterlite_core-0.8.6.dist-info").mkdir()
        (site / "jupyterlite_pyodide_kernel-0.8.6.dist-info").mkdir()
    (site / "ipywidgets-8.1.9.dist-info").mkdir()
    config = venv / "etc" / "jupyter" / "labconfig" / "page_config.json"
    config.parent.mkdir(parents=True)
    disabled = {"@jupyterlite/pyodide-kernel-extension": True, "some-user-choice": True}
    config.write_text(json.dumps({"disabledExtensions": disabled}))
    return config


def test_setup_uninstalls_lite_from_an_old_venv(dev, tmp_path, monkeypatch):
    venv = tmp_path / ".venv"
    config = _fake_old_venv(venv)
    calls = []
    monkeypatch.setattr(dev, "run", lambda cmd, **kw: calls.append([str(c) for c in cmd]))
    dev.remove_lite_from_venv(venv)
    assert len(calls) == 1, calls
    assert calls[0][1:5] == ["-m", "pip", "uninstall", "--quiet"]
    assert set(calls[0][-2:]) == {"jupyterlite-core", "jupyterlite-pyodide-kernel"}
    # The workaround's page-config entry goes; the user's own entries stay.
    assert json.loads(config.read_text()) == {"disabledExtensions": {"some-user-choice": True}}


def test_setup_leaves_a_clean_venv_alone(dev, tmp_path, monkeypatch):
    venv = tmp_path / ".venv"
    _fake_old_venv(venv, with_dists=False)
    (venv / "etc" / "jupyter" / "labconfig" / "page_config.json").unlink()
    calls = []
    monkeypatch.setattr(dev, "run", lambda cmd, **kw: calls.append(cmd))
    dev.remove_lite_from_venv(venv)
    assert calls == []


@pytest.mark.slow
def test_setup_really_uninstalls_lite(dev, tmp_path):
    """With pip: a venv holding the two packages (as `pip install -e '.[test]'` from an
    older pyproject left it) has neither, nor the extension's files, afterwards."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    py = dev.venv_python(venv)
    subprocess.run(
        [py, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
         "jupyterlite-core>=0.8,<0.9", "jupyterlite-pyodide-kernel>=0.8,<0.9"],
        check=True,
    )  # fmt: skip
    extension = venv / "share" / "jupyter" / "labextensions" / dev.LITE_KERNEL_EXTENSION
    assert extension.exists(), "the wheel no longer ships the lab extension where expected"
    dev.remove_lite_from_venv(venv)
    assert dev.installed_distributions(venv, dev.LITE_DISTRIBUTIONS) == []
    assert not extension.exists()
