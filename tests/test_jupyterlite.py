"""JupyterLite: `python3 dev.py lite` builds a static site holding every notebook, a wheel
of this package and the widget extensions; the notebooks install what Pyodide lacks only
under Pyodide.

Opening the site needs Pyodide from a CDN, which these machines cannot reach: the build is
tested here, not a browser session on the built site.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
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
    for needed in ("ipywidgets", "ipympl"):
        assert needed in guarded, f"{path.name}: the guarded install lacks {needed}"


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

    # The widget front ends and the Pyodide kernel are in the site.
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    extensions = {ext["name"] for ext in config["federated_extensions"]}
    for needed in (
        "@jupyter-widgets/jupyterlab-manager",
        "jupyter-matplotlib",
        "@jupyterlite/pyodide-kernel-extension",
    ):
        assert needed in extensions, f"{needed} missing from the site: {sorted(extensions)}"
    # dev.py disables the Pyodide kernel in .venv's JupyterLab/Voila; the site keeps it.
    assert "@jupyterlite/pyodide-kernel-extension" not in config.get("disabledExtensions", [])
