"""Layers: only ui/widgets/ and each app's app.py may import widgets; the rest is numpy.

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

PACKAGE = Path(__file__).resolve().parents[2] / "backprop_tutorial"
# Only these may import a widget library: the App base and browser widgets, and each
# app's view. Everything else (the core, data, teaching, the shared plain-data UI
# modules, every app's model and scene) is numpy only.
WIDGET_LAYER = ("ui/widgets/", "apps/*/app.py")


def package_modules() -> list[str]:
    """Every module of the package, walked from the tree, as dotted names."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append(".".join(parts))
    return out


def is_widget_layer(module: str) -> bool:
    rel = module.split(".")[1:]
    return rel[:2] == ["ui", "widgets"] or (len(rel) == 3 and rel[0] == "apps" and rel[2] == "app")


NUMPY_ONLY = [m for m in package_modules() if not is_widget_layer(m)]
CORE = [m for m in NUMPY_ONLY if m.split(".")[1:2] in (["core"], ["data"], ["teaching"])]
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


def test_the_walk_sees_every_layer():
    folders = {m.split(".")[1] for m in NUMPY_ONLY if "." in m}
    assert {"core", "data", "teaching", "ui", "apps"} <= folders
    assert any(m.endswith(".model") for m in NUMPY_ONLY)
    assert any(m.endswith(".scene") for m in NUMPY_ONLY)
    assert not any(m.endswith(".app") for m in NUMPY_ONLY)


def test_everything_but_the_widget_layer_imports_no_plotting_or_widgets():
    modules = NUMPY_ONLY
    report = first_importers(modules)
    assert set(report) == set(modules)
    offenders = {name: gui for name, gui in report.items() if gui}
    assert not offenders, f"numpy-only modules import GUI packages: {offenders}"


# Views drawn for real, in a fresh interpreter: what a picture needs, and nothing more.
DRAW = {
    # Browser-side scenes: numpy only, even while building every frame.
    "graph scene": (
        "import backprop_tutorial as bt\n"
        "from backprop_tutorial.apps.graph_stepper.model import GraphStepperModel\n"
        "from backprop_tutorial.apps.graph_stepper.scene import graph_frames, graph_scene\n"
        "m = GraphStepperModel(bt.ChainNetwork().trace)\n"
        "graph_scene(m.trace); graph_frames(m)\n",
        set(),
    ),
    # Notebook 1's chain-rule panel and its landscape and loss curve, as the browser gets them.
    "notebook 1 views": (
        "from backprop_tutorial.apps.chain_stepper.model import ChainStepperModel\n"
        "from backprop_tutorial.apps.landscape.model import LandscapeModel\n"
        "from backprop_tutorial.apps.chain_stepper.scene import chain_panel_html\n"
        "from backprop_tutorial.apps.landscape import scene as sl\n"
        "m = ChainStepperModel(); m.set_step(12); chain_panel_html(m)\n"
        "l = LandscapeModel(); l.step(5)\n"
        "sl.landscape_figure(l); sl.landscape_layers(l); sl.loss_figure(l); sl.loss_layers(l)\n",
        set(),
    ),
    # Notebook 3: influence paths, the memo table, the cost chart and the tables.
    "notebook 3 scenes": (
        "import numpy as np\n"
        "from backprop_tutorial.apps.influence_paths.model import InfluencePathsModel\n"
        "from backprop_tutorial.apps.memo_table.model import MemoTableModel\n"
        "from backprop_tutorial.apps.path_sum_table.model import PathSumTableModel\n"
        "from backprop_tutorial.apps.cost_explorer.model import CostExplorerModel, METHOD_NAMES\n"
        "from backprop_tutorial.apps.cost_explorer import scene as cost_plot\n"
        "from backprop_tutorial.apps.memo_table import scene as memo_table\n"
        "from backprop_tutorial.apps.influence_paths import scene as network_paths\n"
        "from backprop_tutorial.apps.path_sum_table import scene as ps\n"
        "m = InfluencePathsModel()\n"
        "network_paths.influence_scene(m); network_paths.influence_frames(m)\n"
        "memo = MemoTableModel()\n"
        "memo_table.memo_scene(memo); memo_table.memo_frames(memo)\n"
        "ps.path_sum_table_html(PathSumTableModel())\n"
        "c = CostExplorerModel(depths=[1, 2, 3], widths=[2])\n"
        "curves, points = c.curves(2), c.measured_points(2)\n"
        "cost_plot.cost_figure(curves, points); cost_plot.cost_layers(curves, points)\n"
        "cost_plot.here_layers(c.current_row())\n"
        "cost_plot.cost_table_html(c.current_row(), METHOD_NAMES)\n",
        set(),
    ),
    # Notebook 2's network pictures: the two pictures, the shared delta, every stepper frame.
    "network pictures": (
        "from backprop_tutorial.apps.two_pictures.model import TwoPicturesModel\n"
        "from backprop_tutorial.apps.two_pictures import scene as sn\n"
        "for p in ('neurons', 'surgery'):\n"
        "    sn.two_pictures_scene(TwoPicturesModel('3, 4, 4, 2', p))\n",
        set(),
    ),
    "shared delta": (
        "from backprop_tutorial.apps.shared_gradient.model import SharedGradientModel\n"
        "from backprop_tutorial.apps.shared_gradient import scene as sn\n"
        "m = SharedGradientModel('2, 3, 3, 1')\n"
        "sn.shared_scene(m); sn.shared_frame(m)\n",
        set(),
    ),
    "layer stepper": (
        "from backprop_tutorial.apps.layer_stepper.model import LayerStepperModel\n"
        "from backprop_tutorial.apps.layer_stepper import scene as sn\n"
        "m = LayerStepperModel('2, 3, 3, 1', 'relu')\n"
        "sn.stepper_scene(m); sn.stepper_frames(m)\n",
        set(),
    ),
    # Charts as data: a heat map with contours needs contourpy, not matplotlib's pyplot.
    "plot layers": (
        "import numpy as np\n"
        "from backprop_tutorial.ui import charts as sp\n"
        "Z = np.add.outer(np.arange(5.0), np.arange(5.0))\n"
        "sp.segments(sp.contour_segments(np.arange(5.0), np.arange(5.0), Z, [2, 4]))\n"
        "sp.line([0, 1], [1, 0])\n"
        "sp.figure(100, 100, [sp.axes('a', 0, 0, 9, 9, (0, 1), (0, 1))])\n",
        set(),
    ),
    # Notebook 2's charts: playground, landscape slice, gradient meter (numpy only).
    "notebook 2 charts": (
        "from backprop_tutorial.apps.training.model import TrainingModel\n"
        "from backprop_tutorial.apps.landscape_slice.model import LandscapeSliceModel\n"
        "from backprop_tutorial.apps.gradient_meter.model import GradientMeterModel\n"
        "from backprop_tutorial.apps.training import scene as training\n"
        "from backprop_tutorial.apps.landscape_slice import scene as landscape_slice\n"
        "from backprop_tutorial.apps.gradient_meter import scene as gradient_meter\n"
        "t = TrainingModel(); t.train(5)\n"
        "training.training_figure(t); training.training_layers(t)\n"
        "s = LandscapeSliceModel(t, resolution=5)\n"
        "landscape_slice.slice_figure(s); landscape_slice.slice_layers(s)\n"
        "m = GradientMeterModel(depth=3)\n"
        "gradient_meter.meter_figure(m); gradient_meter.meter_layers(m)\n",
        set(),
    ),
    # Notebook 4's charts: growth of both modes, the tape and checkpointing.
    "notebook 4 charts": (
        "from backprop_tutorial.apps.mode_growth.model import ModeGrowthModel\n"
        "from backprop_tutorial.apps.tape.model import TapeModel\n"
        "from backprop_tutorial.apps.mode_growth import scene as sm\n"
        "from backprop_tutorial.apps.tape import scene as st\n"
        "g = ModeGrowthModel(); sm.growth_figure(g); sm.growth_layers(g)\n"
        "st.tape_chart(TapeModel())\n",
        set(),
    ),
    # Notebook 5's charts, colour maps included (ramps of the palette, no matplotlib).
    "notebook 5 charts": (
        "from backprop_tutorial.apps.batch_noise.model import BatchNoiseModel\n"
        "from backprop_tutorial.apps.digits_trainer.model import DigitsTrainerModel\n"
        "from backprop_tutorial.apps.batch_noise import scene as sb\n"
        "from backprop_tutorial.apps.digits_trainer import scene as sd\n"
        "b = BatchNoiseModel(batch_size=256, epochs=1)\n"
        "sb.batch_noise_figure(b); sb.batch_noise_layers(b)\n"
        "m = DigitsTrainerModel(epochs=1); m.train()\n"
        "sd.curves_figure(m, 1); sd.curves_layers(m); sd.results_figure()\n"
        "sd.results_layers(m); sd.weights_figure(m); sd.weights_layers(m)\n",
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
    path = PACKAGE.parent / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    external = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            external |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            external.add(node.module.split(".")[0])
    third_party = {m for m in external if m not in sys.stdlib_module_names}
    assert third_party <= {"numpy"}, f"{module}.py imports {sorted(third_party)}"
