"""JupyterLite: `python3 dev.py lite` builds a static site holding every notebook, a wheel
of this package and the widget front ends (ipywidgets, anywidget), from an
environment of its own (.venv-lite, requirements-lite.txt); the notebooks install what
Pyodide lacks only under Pyodide. The environment JupyterLab and Voila run in holds no
JupyterLite: its Pyodide kernel front end breaks Voila pages there.

Opening the site needs Pyodide from a CDN, which these machines cannot reach: the build is
tested here, not a browser session on the built site.

The slow build test reuses .venv-lite while requirements-lite.txt is unchanged (dev.py's
stamp): a fresh clone, as in CI, creates it once (about 25 s here), then each build takes
about 10 s.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_binder_helpers():
    """tests/infra/test_binder.py's pyproject and requirements parsers (one definition)."""
    spec = importlib.util.spec_from_file_location(
        "_bt_binder", ROOT / "tests" / "infra" / "test_binder.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


binder = _load_binder_helpers()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
LITE_REQUIREMENTS = ROOT / "requirements-lite.txt"
LITE_VENV = ROOT / ".venv-lite"
PYODIDE_KERNEL_EXTENSION = "@jupyterlite/pyodide-kernel-extension"
# The front ends the notebooks' widgets need, by lab-extension name.
WIDGET_FRONT_ENDS = ("@jupyter-widgets/jupyterlab-manager", "anywidget")
PACKAGE = re.search(r'^name\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)[1]


def _first_code_cell(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_first_cell_installs_only_under_pyodide(path):
    """The first code cell: every await/piplite use sits under
    ``if sys.platform == "emscripten":``, so nbval and Binder never install anything,
    and it installs this package (by its pyproject name) without dependencies."""
    source = _first_code_cell(path)
    # IPython runs top-level await; plain Python parses it with this flag.
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = compile(source, path.name, "exec", flags=flags)
    guards = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "sys.platform == 'emscripten'"
    ]
    assert len(guards) == 1, f"{path.name}: first code cell lacks the emscripten guard"
    outside = [n for n in tree.body if n is not guards[0]]
    for node in outside:
        text = ast.unparse(node)
        assert "await" not in text and "piplite" not in text, (
            f"{path.name}: {text!r} runs outside the emscripten guard"
        )
    guarded = ast.unparse(guards[0])
    assert f"piplite.install('{PACKAGE}', deps=False)" in guarded, guarded
    for needed in ("ipywidgets", "anywidget"):
        assert needed in guarded, f"{path.name}: the guarded install lacks {needed}"


def _names(requirements: list[str]) -> dict[str, str]:
    return {
        re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-"): r
        for r in requirements
    }


def test_lite_tools_stay_out_of_the_main_environment():
    """The `test` extra (what `pip install -e '.[test]'` and dev.py setup install) and the
    dependencies pull in no JupyterLite, and there is no `lite` extra to pull it by."""
    text = (ROOT / "pyproject.toml").read_text()
    extras = re.search(r"^\[project\.optional-dependencies\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    assert extras, "pyproject.toml has no [project.optional-dependencies]"
    body = re.sub(r"#.*$", "", extras.group(1), flags=re.M)
    assert "jupyterlite" not in body.lower() and "[lite]" not in body, body
    assert not re.search(r"^lite\s*=", body, re.M), "a `lite` extra would install it beside Voila"
    assert "jupyterlite" not in " ".join(binder.pyproject_dependencies(text)).lower()


def test_lite_requirements_have_the_tools_and_the_widget_front_ends():
    reqs = _names(binder.requirement_lines(LITE_REQUIREMENTS))
    for needed in ("jupyterlite-core", "jupyterlite-pyodide-kernel", "ipywidgets"):
        assert needed in reqs, f"requirements-lite.txt lacks {needed}"
    assert "anywidget" in reqs, "requirements-lite.txt lacks anywidget"
    assert "jupyterlab" not in reqs and "voila" not in reqs, reqs
    # The widget front ends in the site: the same ranges as the package's dependencies.
    deps = _names(binder.pyproject_dependencies((ROOT / "pyproject.toml").read_text()))
    for name in ("ipywidgets", "anywidget"):
        assert binder.normalise(reqs[name]) == binder.normalise(deps[name]), (reqs[name], deps)


def test_main_environment_lab_does_not_load_the_pyodide_kernel():
    """JupyterLab here, from the page config its handler serves (the same data as
    `jupyter labextension list`): the widget front ends there and enabled, the Pyodide
    kernel's absent (or, in a .venv an older dev.py set up and did not clean yet,
    disabled, which keeps it from loading)."""
    import logging

    from jupyter_core.paths import jupyter_path
    from jupyterlab_server.config import get_page_config

    config = get_page_config(jupyter_path("labextensions"), logger=logging.getLogger("lab"))
    disabled = config.get("disabledExtensions", [])
    if isinstance(disabled, dict):
        disabled = [name for name, off in disabled.items() if off]
    disabled = set(disabled)
    names = {ext["name"] for ext in config["federated_extensions"]}
    for name in WIDGET_FRONT_ENDS:
        assert name in names and name not in disabled, (name, sorted(names), disabled)
    loaded = {n for n in names - disabled if n.startswith("@jupyterlite/")}
    assert not loaded, f"JupyterLab would load {loaded}"


def test_main_environment_voila_does_not_load_the_pyodide_kernel():
    """What Voila puts in its pages' config (voila.utils.get_page_config, as its handler
    calls it): the widget front ends, and nothing of JupyterLite."""
    import logging

    voila_utils = pytest.importorskip("voila.utils")
    from voila.configuration import VoilaConfiguration

    config = voila_utils.get_page_config(
        base_url="/",
        settings={},
        log=logging.getLogger("voila-page-config"),
        voila_configuration=VoilaConfiguration(),
    )
    names = {ext["name"] for ext in config["federated_extensions"]}
    assert {"@jupyter-widgets/jupyterlab-manager", "anywidget"} <= names, sorted(names)
    assert not {n for n in names if n.startswith("@jupyterlite/")}, sorted(names)


@pytest.mark.slow
def test_dev_lite_builds_a_site_with_the_notebooks(tmp_path):
    output = tmp_path / "site"
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "lite", "--output-dir", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    elapsed = time.monotonic() - t0
    assert proc.returncode == 0, (
        f"dev.py lite failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    print(f"dev.py lite took {elapsed:.1f} s")
    # Built from .venv-lite, never from the environment running JupyterLab and Voila.
    assert f"{LITE_VENV.name}/bin/jupyter lite build" in proc.stdout, proc.stdout[-3000:]

    assert (output / "index.html").exists() and (output / "lab" / "index.html").exists()
    # Every notebook, unchanged, and listed in the contents index.
    for nb in NOTEBOOKS:
        built = output / "files" / nb.name
        assert built.exists(), f"{nb.name} is not in the site"
        assert json.loads(built.read_text()) == json.loads(nb.read_text())
    listing = json.loads((output / "api" / "contents" / "all.json").read_text())
    names = {item["name"] for item in listing["content"]}
    assert {nb.name for nb in NOTEBOOKS} <= names, names

    # The package wheel, indexed for piplite.
    wheels = list((output / "pypi").glob("backprop_tutorial-*-py3-none-any.whl"))
    assert wheels, "no backprop_tutorial wheel in pypi/"
    with zipfile.ZipFile(wheels[0]) as wheel:
        shipped = set(wheel.namelist())
    # Data and front ends next to the modules that read them (notebook 5's digits).
    assert "backprop_tutorial/data/digits.npz" in shipped, sorted(shipped)
    index = json.loads((output / "pypi" / "all.json").read_text())
    assert PACKAGE in index, sorted(index)

    # The widget front ends and the Pyodide kernel are in the site, with their code.
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    extensions = {ext["name"]: ext for ext in config["federated_extensions"]}
    for needed in (*WIDGET_FRONT_ENDS, PYODIDE_KERNEL_EXTENSION):
        assert needed in extensions, f"{needed} missing from the site: {sorted(extensions)}"
        entry = output / "extensions" / needed / extensions[needed]["load"]
        assert entry.is_file(), f"{needed}: {entry} is not in the site"
    assert PYODIDE_KERNEL_EXTENSION not in config.get("disabledExtensions", [])
