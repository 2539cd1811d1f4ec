"""Notebooks are committed stripped (`python3 dev.py strip`) and named NN-topic.ipynb."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
NAME = re.compile(r"^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")
FIX = "run `python3 dev.py strip`"


def test_notebooks_are_found():
    """Guard against the tests below passing vacuously (e.g. a broken glob)."""
    entries = [p for p in NOTEBOOKS_DIR.iterdir() if not p.name.startswith(".")]
    if entries:
        assert NOTEBOOKS, f"{NOTEBOOKS_DIR} has files but no notebooks were found"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request) -> tuple[Path, dict]:
    path = request.param
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_file_name(notebook):
    path, _ = notebook
    ok = NAME.match(path.name) is not None
    assert ok, f"{path.name}: name it NN-topic.ipynb (e.g. 01-simplest-network.ipynb)"


def test_no_outputs_or_execution_counts(notebook):
    path, nb = notebook
    cells = list(enumerate(nb["cells"]))
    with_outputs = [i for i, c in cells if c.get("outputs")]
    with_counts = [i for i, c in cells if c.get("execution_count") is not None]
    assert not with_outputs, f"{path.name}: cells {with_outputs} have outputs; {FIX}"
    assert not with_counts, f"{path.name}: cells {with_counts} have execution counts; {FIX}"


def test_no_widget_state(notebook):
    path, nb = notebook
    has_state = "widgets" in nb.get("metadata", {})
    assert not has_state, f"{path.name}: widget state saved in metadata.widgets; {FIX}"


def test_kernelspec_is_python3(notebook):
    path, nb = notebook
    name = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    assert name == "python3", f"{path.name}: kernelspec name is {name!r}, not 'python3'; {FIX}"


def _dev_module():
    """dev.py (repo root) as a module: its strip is the single definition of "clean"."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_bt_dev", NOTEBOOKS_DIR.parent / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_notebook_is_exactly_what_strip_writes(notebook):
    """Catches everything the checks above do not name (cell run metadata, a kernelspec
    display name, language_info from a run, unsorted keys): the committed file must be a
    fixed point of `python3 dev.py strip`."""
    path, _ = notebook
    dev = _dev_module()
    text = path.read_text(encoding="utf-8")
    assert dev.dumps_notebook(dev.strip_notebook(json.loads(text))) == text, (
        f"{path.name} is not stored as `dev.py strip` writes it; {FIX}"
    )


def test_strip_removes_run_state():
    """The strip command itself: outputs, counts, widget state and run metadata go."""
    dev = _dev_module()
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 3,
                "id": "a",
                "source": "1 + 1",
                "metadata": {"execution": {"x": 1}, "scrolled": True, "tags": ["keep"]},
                "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}}],
            },
            {"cell_type": "markdown", "id": "b", "source": "# hi\ntext", "metadata": {}},
        ],
        "metadata": {"widgets": {"state": {}}, "kernelspec": {"name": "other"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    out = dev.strip_notebook(nb)
    code, md = out["cells"]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert code["metadata"] == {"tags": ["keep"]}
    assert md["source"] == ["# hi\n", "text"]
    assert "widgets" not in out["metadata"]
    assert out["metadata"]["kernelspec"]["name"] == "python3"
