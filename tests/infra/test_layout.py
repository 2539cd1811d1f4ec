"""The tree is the architecture: checks that keep it so.

- no package file (``.py`` or ``.js``) over 500 lines;
- no import cycle between the package's modules;
- no module that only re-exports (the package's top-level ``__init__`` is its public
  face and the one exception) and no package without modules;
- every app is a folder ``apps/<name>/`` with ``model.py``, ``scene.py`` and ``app.py``,
  holding ``<Name>Model`` and ``<Name>App``; no ``App`` subclass lives anywhere else;
- every dependency declared in ``pyproject.toml`` is imported by the package or a
  notebook (the two Jupyter front ends excepted: they are run, not imported), once.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "backprop_tutorial"
MAX_LINES = 500
APP_FILES = ("model.py", "scene.py", "app.py")
# Servers the learner runs the notebooks in: declared so that one install brings them,
# never imported by the package.
RUN_NOT_IMPORTED = {"jupyterlab", "voila"}
# Distribution name -> the name it is imported by, where they differ.
IMPORT_NAME = {}


def package_files(*suffixes: str) -> list[Path]:
    return sorted(p for s in suffixes for p in PACKAGE.rglob(f"*{s}"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Package modules ``path`` imports (relative imports resolved; ``from X import y``
    counts ``X.y`` when that is a module, else ``X``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    base = here if path.name == "__init__.py" else here[:-1]
    known = {module_name(p) for p in package_files(".py")}
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE.name}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base[: len(base) - (node.level - 1)]
                target = ".".join(parts + (node.module.split(".") if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE.name:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return out & known


def import_graph() -> dict[str, set[str]]:
    # Lazy imports inside functions count too: a cycle through them is still a cycle of
    # ideas, and only the package's __init__ files may import their own children.
    graph = {}
    for path in package_files(".py"):
        name = module_name(path)
        graph[name] = {m for m in imported_modules(path) if m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
    return out


def _only_imports(tree: ast.Module) -> bool:
    body = [
        s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    reexport = (ast.Import, ast.ImportFrom)
    is_all = [
        isinstance(s, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in s.targets)
        for s in body
    ]
    return bool(body) and all(
        isinstance(s, reexport) or a for s, a in zip(body, is_all, strict=True)
    )


def camel(folder: str) -> str:
    return "".join(part.title() for part in folder.split("_"))


# --- the checks ---------------------------------------------------------------------


@pytest.mark.parametrize("path", package_files(".py", ".js"), ids=lambda p: p.name)
def test_no_package_file_is_over_500_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines: split it by idea"


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, f"import cycles: {found}"


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_sees_relative_imports():
    graph = import_graph()
    assert "backprop_tutorial.core.graph" in graph["backprop_tutorial.core.chain"]


@pytest.mark.parametrize("path", package_files(".py"), ids=lambda p: module_name(p))
def test_no_module_only_reexports(path):
    if path == PACKAGE / "__init__.py":
        return  # the package's public face
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not _only_imports(tree), f"{path.relative_to(ROOT)} only re-exports: delete it"


def test_no_package_is_empty():
    for init in PACKAGE.rglob("__init__.py"):
        folder = init.parent
        members = [
            p for p in folder.iterdir() if p.name != "__init__.py" and p.name != "__pycache__"
        ]
        assert members, f"{folder.relative_to(ROOT)} is a package with nothing in it"


def app_folders() -> list[Path]:
    return sorted(p for p in (PACKAGE / "apps").iterdir() if p.is_dir() and p.name != "__pycache__")


@pytest.mark.parametrize("folder", app_folders(), ids=lambda p: p.name)
def test_every_app_is_three_files_with_matching_names(folder):
    missing = [f for f in APP_FILES if not (folder / f).exists()]
    assert not missing, f"apps/{folder.name} lacks {missing}"
    name = camel(folder.name)
    app_classes = _classes(folder / "app.py")
    model_classes = _classes(folder / "model.py")
    assert f"{name}App" in app_classes, f"apps/{folder.name}/app.py must define {name}App"
    assert f"{name}Model" in model_classes, f"apps/{folder.name}/model.py must define {name}Model"
    extra_apps = [c for c, bases in app_classes.items() if "App" in bases and c != f"{name}App"]
    assert not extra_apps, f"apps/{folder.name}/app.py holds other apps: {extra_apps}"


def _classes(path: Path) -> dict[str, set[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def test_no_app_class_lives_outside_its_folder():
    for path in package_files(".py"):
        rel = path.relative_to(PACKAGE).parts
        if len(rel) == 3 and rel[0] == "apps" and rel[2] == "app.py":
            continue
        for cls, bases in _classes(path).items():
            assert "App" not in bases, f"{cls} subclasses App outside apps/<name>/app.py: {path}"


def test_the_apps_package_lists_every_app():
    import backprop_tutorial.apps as apps

    assert apps.__all__ == sorted(f"{camel(f.name)}App" for f in app_folders())


def declared_dependencies() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.M | re.S)[1]
    return [
        re.split(r"[<>=!~ \[;]", line.strip().strip('",'))[0].lower()
        for line in block.splitlines()
        if line.strip().startswith('"')
    ]


def imported_top_level_names() -> set[str]:
    names = set()
    sources = [p.read_text(encoding="utf-8") for p in package_files(".py")]
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        sources += ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:  # a notebook cell with IPython magic
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_declared_dependency_is_imported_and_declared_once():
    deps = declared_dependencies()
    assert len(deps) == len(set(deps)), (
        f"declared twice: {sorted(d for d in deps if deps.count(d) > 1)}"
    )
    imported = imported_top_level_names()
    unused = [
        d for d in deps if d not in RUN_NOT_IMPORTED and IMPORT_NAME.get(d, d) not in imported
    ]
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"
