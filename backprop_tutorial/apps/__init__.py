"""The interactive apps of the notebooks, one folder each with the same three files.

``apps/<name>/model.py`` holds the state and the maths (numpy), ``scene.py`` turns the
model into plain data for the browser, and ``app.py`` is the widget: ``<Name>App`` beside
``<Name>Model``.  Import any app from here (``from backprop_tutorial.apps import
LandscapeApp``); the widget modules are loaded only when an app is asked for, so a model
or a scene can be imported without ipywidgets.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

_HERE = Path(__file__).parent


def _folder(app_name: str) -> str:
    """``"LandscapeSliceApp"`` -> ``"landscape_slice"``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", app_name.removesuffix("App")).lower()


__all__ = sorted(
    "".join(part.title() for part in d.name.split("_")) + "App"
    for d in _HERE.iterdir()
    if (d / "app.py").exists()
)


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_folder(name)}.app", __name__)
    return getattr(module, name)


def __dir__():
    return __all__
