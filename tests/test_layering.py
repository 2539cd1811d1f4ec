"""Layers: the core and the app models need numpy only; plots never need widgets.

Imports run in a fresh interpreter, so modules loaded by other tests cannot hide (or
fake) a dependency.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backprop_tutorial"
CORE = [
    "activations",
    "costs",
    "graph",
    "chain",
    "network",
    "paths",
    "gradcheck",
    "landscape",
    "datasets",
    "digits",
    "classify",
    "minibatch",
    "notation",
    "style",
    "labels",
    "tangents",
    "network_tangents",
    "jacobians",
    "memory",
    "path_tables",
    "exercises_forward",
]
MODELS = sorted(p.stem for p in (PACKAGE / "models").glob("*.py") if p.stem != "__init__")
GUI = {"matplotlib", "ipywidgets", "ipympl", "IPython", "traitlets"}


def first_importers(modules: list) -> dict:
    """Import ``modules`` in order in a fresh interpreter.

    Returns ``{module: sorted GUI packages that appeared while importing it}``, so a
    failure names the module that pulled a GUI package in.
    """
    code = (
        "import importlib, json, sys\n"
        f"gui = {sorted(GUI)!r}\n"
        "def loaded():\n"
        "    return {m.split('.')[0] for m in sys.modules} & set(gui)\n"
        "seen, report = loaded(), {}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    new = loaded() - seen\n"
        "    report[name] = sorted(new)\n"
        "    seen |= new\n"
        "print(json.dumps(report))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    return json.loads(out.stdout)


def test_core_and_app_models_import_no_plotting_or_widgets():
    modules = ["backprop_tutorial"] + [f"backprop_tutorial.{m}" for m in CORE]
    modules += [f"backprop_tutorial.models.{m}" for m in MODELS]
    report = first_importers(modules)
    assert set(report) == set(modules)
    offenders = {name: gui for name, gui in report.items() if gui}
    assert not offenders, f"numpy-only modules import GUI packages: {offenders}"


def test_plots_do_not_import_widgets():
    if not (PACKAGE / "plots" / "__init__.py").exists():
        pytest.skip("no plots package yet")
    report = first_importers(["backprop_tutorial.plots"])
    assert not set(report["backprop_tutorial.plots"]) & {"ipywidgets", "ipympl"}


# Views drawn for real, in a fresh interpreter: what a picture needs, and nothing more.
DRAW = {
    # Browser-side scenes: numpy only, even while building every frame.
    "graph scene": (
        "import backprop_tutorial as bt\n"
        "from backprop_tutorial.models.stepper import StepperModel\n"
        "from backprop_tutorial.scenes.graph import graph_frames, graph_scene\n"
        "m = StepperModel(bt.ChainNetwork().trace)\n"
        "graph_scene(m.trace); graph_frames(m)\n",
        set(),
    ),
    # Charts as data: a heat map with contours needs contourpy, not matplotlib's pyplot.
    "plot layers": (
        "import numpy as np\n"
        "from backprop_tutorial.scenes import plot as sp\n"
        "Z = np.add.outer(np.arange(5.0), np.arange(5.0))\n"
        "sp.segments(sp.contour_segments(np.arange(5.0), np.arange(5.0), Z, [2, 4]))\n"
        "sp.line([0, 1], [1, 0])\n"
        "sp.figure(100, 100, [sp.axes('a', 0, 0, 9, 9, (0, 1), (0, 1))])\n",
        set(),
    ),
}


@pytest.mark.parametrize("name", sorted(DRAW))
def test_drawing_a_view_loads_only_what_it_needs(name):
    code, allowed = DRAW[name]
    probe = (
        f"{code}import json, sys\n"
        f"gui = {sorted(GUI)!r}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(gui))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=PACKAGE.parent
    )
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert loaded <= allowed, f"drawing the {name} imported {sorted(loaded - allowed)}"


def test_the_check_itself_can_see_a_gui_import():
    # traitlets (an ipywidgets dependency) is a cheap stand-in for a GUI import.
    report = first_importers(["json", "traitlets"])
    assert report == {"json": [], "traitlets": ["traitlets"]}


@pytest.mark.parametrize("module", CORE)
def test_core_sources_import_only_numpy_and_the_standard_library(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    external = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            external |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            external.add(node.module.split(".")[0])
    third_party = {m for m in external if m not in sys.stdlib_module_names}
    assert third_party <= {"numpy"}, f"{module}.py imports {sorted(third_party)}"
