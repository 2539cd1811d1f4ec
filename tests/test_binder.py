"""Binder setup: binder/ matches pyproject, and a fresh environment built from it runs
every notebook.

There is no Docker engine here, so ``test_binder_environment_runs_every_notebook`` does
what repo2docker would do with our ``binder/`` folder, the next best way: a new virtual
environment, ``pip install -r binder/requirements.txt``, then ``binder/postBuild`` run
from the root of a copy of the repository (so the repo's own ``.venv`` is never touched),
then every notebook executed by nbclient on a kernel from that environment. Nothing else
is installed: jupyterlab already brings ipykernel and nbclient (via nbconvert), and a test
here fails if that stops being true. pip's cache (and, on our machines, a local package
mirror) keeps downloads out of re-runs; most of the ~2-3 minutes is pip unpacking about a
hundred wheels.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def pyproject_dependencies(text: str) -> list[str]:
    """The strings in ``[project] dependencies = [...]`` of a pyproject.toml.

    A small regex instead of tomllib, which Python 3.10 lacks; enough for a flat list of
    quoted strings (which is what ours is, and what this test wants it to stay).
    """
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    assert project, "pyproject.toml has no [project] table"
    deps = re.search(r"^dependencies\s*=\s*\[(.*?)\]", project.group(1), re.M | re.S)
    assert deps, "pyproject.toml [project] has no dependencies list"
    body = re.sub(r"#.*$", "", deps.group(1), flags=re.M)
    return re.findall(r"""["']([^"']+)["']""", body)


def requirement_lines(path: Path) -> list[str]:
    """Requirement lines of a requirements.txt, without comments and blank lines."""
    lines = (re.sub(r"\s+#.*$", "", ln).strip() for ln in path.read_text().splitlines())
    return [ln for ln in lines if ln and not ln.startswith("#")]


def normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).lower().replace("_", "-")


# ------------------------------------------------------------------ fast checks


def test_pyproject_parser_reads_a_known_list():
    """The regex parser above, on a table it must get right (and not read past)."""
    text = textwrap.dedent(
        """
        [project]
        name = "x"
        dependencies = [
            "numpy>=1.24",  # comment, "not-a-dep"
            'ipywidgets>=8.1,<9',
        ]
        [project.optional-dependencies]
        test = ["pytest"]
        """
    )
    assert pyproject_dependencies(text) == ["numpy>=1.24", "ipywidgets>=8.1,<9"]


def test_binder_requirements_equal_pyproject_dependencies():
    deps = pyproject_dependencies((ROOT / "pyproject.toml").read_text())
    reqs = requirement_lines(BINDER / "requirements.txt")
    assert deps, "no dependencies found in pyproject.toml"
    assert sorted(map(normalise, reqs)) == sorted(map(normalise, deps)), (
        "binder/requirements.txt must list exactly pyproject.toml's [project] dependencies "
        f"(same ranges):\n  requirements.txt: {reqs}\n  pyproject.toml:   {deps}"
    )


def test_binder_requirements_keep_jupyterlab4_and_ipywidgets8():
    """No pins that fight JupyterLab 4 / ipywidgets 8 (old ones break the widgets)."""
    reqs = {
        re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower(): r
        for r in requirement_lines(BINDER / "requirements.txt")
    }
    for name in ("jupyterlab", "ipywidgets", "ipympl", "voila"):
        assert name in reqs, f"binder/requirements.txt lacks {name}"
    assert "==" not in "".join(reqs.values()), f"exact pins in binder/requirements.txt: {reqs}"
    assert ">=4" in reqs["jupyterlab"], reqs["jupyterlab"]
    assert ">=8" in reqs["ipywidgets"], reqs["ipywidgets"]


def test_postbuild_installs_the_package_without_dependencies():
    post = BINDER / "postBuild"
    assert post.exists(), "binder/postBuild is missing"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable (chmod +x)"
    text = post.read_text()
    assert text.startswith("#!"), "binder/postBuild needs a shebang line"
    assert "set -euo pipefail" in text, "binder/postBuild must stop on the first error"
    install = [ln for ln in text.splitlines() if "pip install" in ln]
    assert install, "binder/postBuild does not pip-install the package"
    assert all("--no-deps" in ln for ln in install), (
        "postBuild must install with --no-deps: the dependencies come from requirements.txt"
    )


def test_binder_runtime_is_a_supported_python():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    m = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert m, f"binder/runtime.txt should read like python-3.11, not {runtime!r}"
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python\s*=\s*">=3\.(\d+)"', pyproject)
    assert minimum and int(m.group(1)) >= int(minimum.group(1)), (
        f"{runtime} is older than pyproject's requires-python"
    )


# ------------------------------------------------------------------ the simulation

# Runs inside the new environment: executes each notebook with nbclient on the python3
# kernel, which ipykernel resolves to that environment's interpreter.
EXECUTE = r"""
import json, sys, time
from pathlib import Path

import nbclient, nbformat
import backprop_tutorial

report = {"package": backprop_tutorial.__file__, "python": sys.executable, "notebooks": {}}
for path in map(Path, sys.argv[1:]):
    nb = nbformat.read(path, as_version=4)
    t0 = time.monotonic()
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: error outputs {errors}"
    n = sum(c.cell_type == "code" for c in nb.cells)
    report["notebooks"][path.name] = {"cells": n, "seconds": round(time.monotonic() - t0, 1)}
print("REPORT " + json.dumps(report))
"""


def _copy_repo(dest: Path) -> None:
    """What repo2docker sees: the tracked project files (no .venv, caches or outputs)."""
    ignore = shutil.ignore_patterns(
        ".git",
        ".venv",
        "_output",
        "__pycache__",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".ipynb_checkpoints",
        "*.egg-info",
        "build",
        "dist",
    )
    shutil.copytree(ROOT, dest, ignore=ignore)


def _clean_env(venv: Path, home: Path) -> dict[str, str]:
    """Environment for the build and the kernels: the new venv first on PATH, and no
    variable that could let the repo's .venv or the test run leak in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "PYTEST", "IPYTHON"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    # A private Jupyter home: kernelspecs installed for the user elsewhere must not win.
    env["JUPYTER_CONFIG_DIR"] = str(home / "config")
    env["JUPYTER_DATA_DIR"] = str(home / "data")
    env["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    env["IPYTHONDIR"] = str(home / "ipython")
    env["MPLBACKEND"] = "Agg"
    return env


def _run(cmd, timings: dict, label: str, **kwargs) -> subprocess.CompletedProcess:
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    timings[label] = round(time.monotonic() - t0, 1)
    assert proc.returncode == 0, (
        f"{label} failed ({proc.returncode}): {' '.join(map(str, cmd))}\n"
        f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc


@pytest.mark.slow
def test_binder_environment_runs_every_notebook(tmp_path):
    assert NOTEBOOKS, "no notebooks to run"
    timings: dict[str, float] = {}
    repo, venv, home = tmp_path / "repo", tmp_path / "venv", tmp_path / "home"
    _copy_repo(repo)
    env = _clean_env(venv, home)
    py = venv / "bin" / "python"

    # `python -m venv` from a venv makes one on the same base interpreter.
    _run([sys.executable, "-m", "venv", venv], timings, "venv", env=env)
    # Exactly what Binder installs: requirements.txt, then postBuild from the repo root.
    # (--no-compile only skips writing .pyc files at install time: ~25% faster here, and
    # it changes nothing that runs.)
    _run(
        [
            py,
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-compile",
            "-r",
            repo / "binder" / "requirements.txt",
        ],
        timings,
        "pip install -r requirements",
        env=env,
    )
    _run([repo / "binder" / "postBuild"], timings, "postBuild", cwd=repo, env=env)
    _run([py, "-m", "pip", "check"], timings, "pip check", env=env)

    # Nothing extra: the kernel and the executor must come with requirements.txt.
    modules = "import ipykernel, nbclient, nbformat, voila, ipympl, ipywidgets"
    _run([py, "-c", modules], timings, "imports", env=env)

    paths = [repo / "notebooks" / p.name for p in NOTEBOOKS]
    proc = _run(
        [py, "-c", EXECUTE, *paths], timings, "execute notebooks", cwd=repo / "notebooks", env=env
    )
    report = json.loads(proc.stdout.split("REPORT ", 1)[1])
    # The package came from postBuild's install into the venv, not from the repo copy.
    site = venv / "lib"
    assert Path(report["package"]).is_relative_to(site), (
        f"backprop_tutorial was imported from {report['package']}, not from {site}"
    )
    assert sorted(report["notebooks"]) == [p.name for p in NOTEBOOKS]
    print(f"binder simulation timings (s): {timings}")
    print(f"notebooks: {report['notebooks']}")
