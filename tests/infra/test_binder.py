"""Binder setup: binder/ matches pyproject, the real Binder builder plans the intended
build, and a fresh environment built from it runs every notebook.

``test_repo2docker_plans_the_intended_build`` runs repo2docker itself, the tool Binder
builds images with, as ``repo2docker --no-build --debug``: it reads the repository and
prints the Dockerfile it would build, without a Docker engine (under a second here). The
test checks what Binder will do from that Dockerfile: the Python of binder/runtime.txt,
``pip install -r binder/requirements.txt``, then binder/postBuild with the repository's
files in place, and no other environment file.

There is no Docker engine here to build and run that image, so
``test_binder_environment_runs_every_notebook`` does what the image would, the next best
way: a new virtual
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

ROOT = Path(__file__).resolve().parents[2]
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
    for name in ("jupyterlab", "ipywidgets", "anywidget", "voila"):
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


# ------------------------------------------------------------------ repo2docker


def _repo2docker() -> str:
    found = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    found = found or shutil.which("repo2docker")
    assert found, "repo2docker is missing: it comes with the test extra (pip install -e '.[test]')"
    return found


@pytest.mark.slow
def test_repo2docker_plans_the_intended_build(tmp_path):
    repo = tmp_path / "repo"
    _copy_repo(repo)
    t0 = time.monotonic()
    proc = subprocess.run(
        [_repo2docker(), "--no-build", "--debug", str(repo)],
        capture_output=True,
        text=True,
        timeout=300,
        env=_clean_env(tmp_path / "no-venv", tmp_path / "home"),
    )
    print(f"repo2docker --no-build took {time.monotonic() - t0:.1f} s")
    assert proc.returncode == 0, (
        f"repo2docker failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    dockerfile, log = proc.stdout, proc.stderr
    assert dockerfile.lstrip().startswith("FROM "), dockerfile[:500]
    lines = [ln.strip() for ln in dockerfile.splitlines()]

    # The Python of binder/runtime.txt: its conda environment is built for that version.
    want = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    picked = re.findall(r"Building conda environment for python=(\S+)", log)
    assert picked == [want], f"repo2docker picked {picked}, binder/runtime.txt says {want}\n{log}"
    env_lock = [ln for ln in lines if "environment" in ln and ln.startswith("COPY")]
    assert env_lock and all(f"py-2d{want.replace('.', '-2e')}" in ln for ln in env_lock), env_lock

    # binder/requirements.txt installed into the kernel's environment...
    req = 'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    assert req in lines, "repo2docker does not install binder/requirements.txt"
    # ...then postBuild, run after the repository's files are copied in (it installs the
    # package from them).
    assert "RUN ./binder/postBuild" in lines, "repo2docker does not run binder/postBuild"
    copy_repo = next(i for i, ln in enumerate(lines) if ln.startswith("COPY") and " src/ " in ln)
    assert lines.index(req) < copy_repo < lines.index("RUN ./binder/postBuild")

    # Nothing else from the repository decides the environment (binder/ hides the rest).
    others = ("environment.yml", "apt.txt", "setup.py", "pyproject.toml", "Project.toml")
    used = [o for o in others if o in dockerfile]
    assert not used, f"repo2docker also uses {used}"
    installs = [ln for ln in lines if re.search(r"\bpip install\b", ln)]
    assert installs == [req], f"unexpected pip installs in the Dockerfile: {installs}"


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
        ".venv-lite",
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
    modules = "import ipykernel, nbclient, nbformat, voila, anywidget, ipywidgets"
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
