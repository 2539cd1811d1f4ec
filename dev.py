#!/usr/bin/env python3
"""One entry point for working on the tutorial. Standard library only, Python 3.10+.

    python3 dev.py lab [ARGS...]    set up .venv, open the tutorial in JupyterLab
    python3 dev.py test [ARGS...]   set up .venv, run unit, notebook (nbval) and browser tests
    python3 dev.py strip [NB...]    strip outputs and run state from notebooks (default: all)
    python3 dev.py setup            only create/update .venv
    python3 dev.py voila [N] [ARGS...]  notebook N (default 1) as an app in Voila, no code shown
    python3 dev.py lite [--output-dir DIR]  build a static JupyterLite site (default _output/)
                                    from its own environment, .venv-lite/
    python3 dev.py screenshots      regenerate docs/notebookNN.png (the README's pictures)

`setup` (and so `lab` and `test`) creates .venv with `python -m venv` when it is missing,
upgrades pip and installs the package in editable mode with its `test` extra plus
binder/requirements.txt. The install also puts the Voila template and etc/jupyter/voila.json
(which makes it Voila's default) into .venv. It records the sha256 of pyproject.toml,
binder/requirements.txt and those Voila files in a stamp file inside .venv and skips the
install while they are unchanged. A .venv in which an older dev.py installed JupyterLite
(jupyterlite-core, jupyterlite-pyodide-kernel) has them uninstalled: beside Voila the
Pyodide kernel's front end breaks every page.

`lab` run as root (containers, CI machines) adds `--allow-root`, without which JupyterLab
refuses to start, and says so.

`lite` never touches .venv: it creates .venv-lite from requirements-lite.txt (jupyterlite
and the ipywidgets and anywidget front ends; stamped the same way), builds a wheel
of this package and runs `jupyter lite build` there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = ".backprop-tutorial-install.sha256"
NOTEBOOKS = ROOT / "notebooks"
FIRST_NOTEBOOK = NOTEBOOKS / "01-simplest-network.ipynb"
BINDER_REQUIREMENTS = ROOT / "binder" / "requirements.txt"
# Installed into the environment's prefix with the package (pyproject's shared-data): our
# Voila template and the voila.json that makes it Voila's default.
VOILA_DATA = ROOT / "share" / "jupyter"
VOILA_CONFIG = ROOT / "etc" / "jupyter"
VOILA_INSTALLED_FILES = (
    *sorted((VOILA_DATA / "voila" / "templates" / "backprop").iterdir()),
    VOILA_CONFIG / "voila.json",
)
CHROMIUM = Path("/usr/bin/chromium")
# The JupyterLite site is built from an environment of its own (see build_lite).
LITE_VENV = ROOT / ".venv-lite"
LITE_REQUIREMENTS = ROOT / "requirements-lite.txt"


def venv_bin(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def venv_python(venv: Path) -> Path:
    return venv_bin(venv) / ("python.exe" if os.name == "nt" else "python")


BIN = venv_bin(VENV)
VENV_PY = venv_python(VENV)

# pytest-xdist: 2 workers, --dist loadscope: a notebook's nbval cells stay on one worker,
# and so does a browser test module (each worker that gets browser tests starts its own
# JupyterLab server and Chromium once, ~7 s). Measured on the 2-core machine, shared with
# other jobs (load 4-6), browser tests only (7 tests, 4 modules), runs interleaved:
# -n 0: 197 s and 193 s wall; -n 2: 144 s and 157 s. A serial run keeps only ~0.5 core
# busy (server, kernel and Chromium mostly wait on each other), so 2 workers pay off.
PYTEST_ARGS = ["--nbval-lax", "--nbval-current-env", "-n", "2", "--dist", "loadscope"]


def step(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def run(cmd: list[str | os.PathLike], **kwargs) -> None:
    step("$ " + " ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def hand_over(cmd: list[str]) -> int:
    """Run ``cmd`` in place of this script (POSIX exec), so that Ctrl-C reaches only it
    and it can shut down cleanly (JupyterLab stops its kernels, pytest its servers)."""
    sys.stdout.flush()
    os.chdir(ROOT)
    if os.name == "posix":
        os.execv(cmd[0], cmd)
    return subprocess.call(cmd)


# ---------------------------------------------------------------- environment setup


def digest_of(*paths: Path) -> str:
    """sha256 over the files that decide what gets installed into an environment."""
    h = hashlib.sha256()
    for path in paths:
        if path.exists():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def install_inputs_digest() -> str:
    # The Voila files are copied into .venv at install time (editable installs too): a
    # change to them must reinstall, or JupyterLab's "Render with Voila" keeps the old copy.
    return digest_of(ROOT / "pyproject.toml", BINDER_REQUIREMENTS, *VOILA_INSTALLED_FILES)


def check_python() -> None:
    if sys.version_info < (3, 10):  # noqa: UP036 (dev.py may be run by any python3)
        sys.exit(f"[dev] Python 3.10+ is needed, this is {sys.version.split()[0]}")


def ensure_venv(venv: Path, digest: str, what: str, requirements: list[str]) -> bool:
    """Create ``venv`` if missing and ``pip install`` ``requirements`` into it unless its
    stamp file already records ``digest``. Returns True when it installed."""
    py = venv_python(venv)
    if not py.exists():
        step(f"creating virtual environment {venv.relative_to(ROOT)}/")
        run([sys.executable, "-m", "venv", venv])
    stamp = venv / STAMP_NAME
    if stamp.exists() and stamp.read_text().strip() == digest:
        step(f"{venv.relative_to(ROOT)} is up to date (its requirements are unchanged)")
        return False
    started = time.monotonic()
    step(f"installing {what} into {venv.relative_to(ROOT)} (first run: a few minutes)")
    pip = [py, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "--quiet", "--upgrade", "pip"])
    run([*pip, "install", "--quiet", *requirements], cwd=ROOT)
    stamp.write_text(digest + "\n")
    step(f"installed in {time.monotonic() - started:.0f} s")
    return True


def setup() -> None:
    """Create .venv if missing; install the package (+ test extra) unless already done."""
    check_python()
    requirements = ["-e", ".[test]"]
    if BINDER_REQUIREMENTS.exists():
        requirements += ["-r", str(BINDER_REQUIREMENTS)]
    ensure_venv(VENV, install_inputs_digest(), "the package and its test extra", requirements)
    remove_lite_from_venv(VENV)


# JupyterLite's tools belong in .venv-lite only. An older dev.py installed them into .venv
# (a `lite` extra pulled in by `test`) and disabled the Pyodide kernel's front end there,
# which otherwise fails to load in JupyterLab and Voila ("reading 'LicensesClient'") and
# takes Voila's widgets down with it. Such a .venv is cleaned up: the packages are
# uninstalled and the page-config entry that disabled the extension is dropped.
LITE_DISTRIBUTIONS = ("jupyterlite_pyodide_kernel", "jupyterlite_core")
LITE_KERNEL_EXTENSION = "@jupyterlite/pyodide-kernel-extension"


def installed_distributions(venv: Path, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` (normalised with underscores) have a .dist-info in ``venv``."""
    site_dirs = [*venv.glob("lib/python3*/site-packages"), venv / "Lib" / "site-packages"]
    found = []
    for name in names:
        if any(next(d.glob(f"{name}-*.dist-info"), None) for d in site_dirs):
            found.append(name.replace("_", "-"))
    return found


def remove_lite_from_venv(venv: Path) -> None:
    found = installed_distributions(venv, LITE_DISTRIBUTIONS)
    if found:
        step(
            f"removing {', '.join(found)} from {venv.name}/ (installed there by an older "
            f"dev.py; the JupyterLite site is now built from {LITE_VENV.name}/, and beside "
            "Voila the Pyodide kernel breaks its pages)"
        )
        run([venv_python(venv), "-m", "pip", "uninstall", "--quiet", "--yes", *found])
    page_config = venv / "etc" / "jupyter" / "labconfig" / "page_config.json"
    try:
        config = json.loads(page_config.read_text())
    except (OSError, ValueError):
        return
    disabled = config.get("disabledExtensions")
    still_there = (venv / "share" / "jupyter" / "labextensions" / LITE_KERNEL_EXTENSION).exists()
    if isinstance(disabled, dict) and LITE_KERNEL_EXTENSION in disabled and not still_there:
        del disabled[LITE_KERNEL_EXTENSION]
        page_config.write_text(json.dumps(config, indent=2) + "\n")


# ---------------------------------------------------------------- commands


def cmd_setup(args: list[str]) -> int:
    setup()
    return 0


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(args: list[str]) -> list[str]:
    """The ``jupyter lab`` command line for ``dev.py lab ARGS``.

    JupyterLab refuses to start as root unless told ``--allow-root``; containers (and CI)
    run as root, so the flag is added there, with a note, unless ARGS already decide it.
    """
    target = FIRST_NOTEBOOK if FIRST_NOTEBOOK.exists() else NOTEBOOKS
    cmd = [str(BIN / "jupyter"), "lab", str(target.relative_to(ROOT)), *args]
    decided = any(
        a.startswith(("--allow-root", "--no-allow-root")) or "allow_root" in a for a in args
    )
    if is_root() and not decided:
        step("running as root (as in a container): adding --allow-root, which JupyterLab needs")
        cmd.append("--allow-root")
    return cmd


def cmd_lab(args: list[str]) -> int:
    setup()
    cmd = lab_command(args)
    step(f"starting JupyterLab on {cmd[2]} (Ctrl-C to stop)")
    return hand_over(cmd)


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests when we can (root on Debian)."""
    if os.environ.get("BT_CHROMIUM") or CHROMIUM.exists():
        return
    if is_root() and shutil.which("apt-get"):
        step("installing Debian chromium for the browser tests")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            run(["apt-get", "update"], env=env)
            run(["apt-get", "install", "-y", "chromium"], env=env)
            return
        except subprocess.CalledProcessError as exc:
            step(f"NOTE: installing chromium failed ({exc}); browser tests will be skipped")
            return
    step(
        f"NOTE: no Chromium at {CHROMIUM} and cannot install it here (needs root + apt-get): "
        "browser tests will be skipped (they fail instead when CI=true). "
        "Install it with `sudo apt-get install chromium`, or set BT_CHROMIUM=/path/to/chrome."
    )


def cmd_test(args: list[str]) -> int:
    setup()
    ensure_chromium()
    cmd = [str(VENV_PY), "-m", "pytest", *PYTEST_ARGS, *args]
    step("$ " + " ".join(cmd))
    return hand_over(cmd)


# ---------------------------------------------------------------- notebook stripping

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
# Cell metadata that only records a past run or UI state.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def _lines(text: str | list[str]) -> list[str]:
    """Multi-line strings as nbformat stores them: a list of lines with their newlines."""
    if isinstance(text, list):
        text = "".join(text)
    return text.splitlines(keepends=True)


def strip_notebook(nb: dict) -> dict:
    """Return `nb` without outputs, execution counts, widget state or run metadata."""
    for cell in nb.get("cells", []):
        cell["source"] = _lines(cell.get("source", ""))
        meta = cell.setdefault("metadata", {})
        for key in VOLATILE_CELL_METADATA:
            meta.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    meta = nb.setdefault("metadata", {})
    meta.pop("widgets", None)
    meta["kernelspec"] = dict(KERNELSPEC)
    meta["language_info"] = {"name": "python"}
    return nb


def dumps_notebook(nb: dict) -> str:
    """Serialise like nbformat/JupyterLab do, so saving in Lab gives no spurious diff."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def cmd_strip(args: list[str]) -> int:
    paths = [Path(a) for a in args] or sorted(
        p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )
    if not paths:
        step("no notebooks to strip")
    for path in paths:
        old = path.read_text(encoding="utf-8")
        new = dumps_notebook(strip_notebook(json.loads(old)))
        if new != old:
            path.write_text(new, encoding="utf-8")
            step(f"stripped {path}")
        else:
            step(f"clean    {path}")
    return 0


# ---------------------------------------------------------------- voila, lite, screenshots


def notebook_by_number(arg: str | None) -> Path:
    """notebooks/NN-*.ipynb for "N" (1, 01, ...); the first notebook for None."""
    if arg is None:
        return FIRST_NOTEBOOK
    matches = sorted(NOTEBOOKS.glob(f"{int(arg):02d}-*.ipynb"))
    if not matches:
        names = ", ".join(p.name for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
        raise SystemExit(f"[dev] no notebook number {arg}; there are: {names}")
    return matches[0]


def cmd_voila(args: list[str]) -> int:
    number = args.pop(0) if args and args[0].isdigit() else None
    notebook = notebook_by_number(number)
    setup()
    step(f"starting Voila on {notebook.relative_to(ROOT)} (prose and widgets, no code; Ctrl-C)")
    # No flags: etc/jupyter/voila.json chooses our template (share/jupyter/voila/templates/
    # backprop: Voila's "lab" with a fix for anywidget's 2 s start-up deadline, which a busy
    # machine misses), as it does where the package is installed. The repository's copies
    # come first, so that an edit shows without reinstalling.
    cmd = [str(BIN / "voila"), str(notebook.relative_to(ROOT)), *args]
    env = dict(os.environ)
    for name, folder in (("JUPYTER_PATH", VOILA_DATA), ("JUPYTER_CONFIG_PATH", VOILA_CONFIG)):
        env[name] = os.pathsep.join(p for p in (str(folder), env.get(name)) if p)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def setup_lite() -> None:
    """Create/update .venv-lite from requirements-lite.txt (JupyterLite's tools and the
    widget front ends; not this package, not JupyterLab, not Voila)."""
    check_python()
    ensure_venv(
        LITE_VENV,
        digest_of(LITE_REQUIREMENTS),
        "JupyterLite and the widget front ends",
        ["-r", str(LITE_REQUIREMENTS)],
    )


def build_lite(output: Path) -> None:
    """Build a JupyterLite site of notebooks/ into ``output``, from .venv-lite.

    A wheel of this package goes into the site's pypi/ folder, where the notebooks'
    guarded first cell finds it (``piplite.install("backprop-tutorial", deps=False)``);
    the front ends of ipywidgets and anywidget come from .venv-lite's
    share/jupyter/labextensions. Runs offline; the site itself loads Pyodide from a CDN
    when opened.
    """
    setup_lite()
    py, jupyter = venv_python(LITE_VENV), venv_bin(LITE_VENV) / "jupyter"
    with tempfile.TemporaryDirectory(prefix="bt-lite-") as tmp:
        lite_dir, wheels = Path(tmp) / "lite", Path(tmp) / "wheels"
        lite_dir.mkdir()
        run([py, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT])
        wheel = next(wheels.glob("backprop_tutorial-*.whl"))
        # lite_dir is empty so that no stray config or doit database from the repo is used.
        run(
            [
                jupyter,
                "lite",
                "build",
                "--lite-dir",
                lite_dir,
                "--contents",
                NOTEBOOKS,
                "--piplite-wheels",
                wheel,
                "--output-dir",
                output,
            ],
            cwd=lite_dir,
        )


def cmd_lite(args: list[str]) -> int:
    output = ROOT / "_output"
    if args[:1] == ["--output-dir"] and len(args) == 2:
        output = Path(args[1]).resolve()
    elif args:
        sys.exit("[dev] usage: python3 dev.py lite [--output-dir DIR]")
    started = time.monotonic()
    build_lite(output)
    step(
        f"JupyterLite site in {output} ({time.monotonic() - started:.0f} s). Serve it with "
        f"`python3 -m http.server -d {output}` and open http://localhost:8000/ "
        "(needs internet: the page loads Pyodide from a CDN)"
    )
    return 0


def cmd_screenshots(args: list[str]) -> int:
    setup()
    ensure_chromium()
    env = {**os.environ, "BT_DOCS_SCREENSHOTS": str(ROOT / "docs")}
    cmd = [str(VENV_PY), "-m", "pytest", "tests/ui/test_voila.py", "-p", "no:xdist", *args]
    step("BT_DOCS_SCREENSHOTS=docs $ " + " ".join(cmd))
    return subprocess.call(cmd, cwd=ROOT, env=env)


# ---------------------------------------------------------------- main

COMMANDS = {
    "lab": cmd_lab,
    "test": cmd_test,
    "strip": cmd_strip,
    "setup": cmd_setup,
    "voila": cmd_voila,
    "lite": cmd_lite,
    "screenshots": cmd_screenshots,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in {"-h", "--help", "help"} else 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except subprocess.CalledProcessError as exc:
        step(f"failed: {exc}")
        return exc.returncode or 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
