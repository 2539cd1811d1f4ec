"""Scene builders: what the browser-side pictures show, as plain data (no widgets).

A builder turns a model into a *scene* (static layout in pixels) and *frames* (one per
step) for :class:`backprop_tutorial.widgets.scene.SceneWidget`.  Standard library and
numpy only, so tests assert on exactly what the browser receives.
"""

from .base import edge, label, node, scene
from .graph import graph_frames, graph_scene, step_panel_html

__all__ = ["edge", "graph_frames", "graph_scene", "label", "node", "scene", "step_panel_html"]
