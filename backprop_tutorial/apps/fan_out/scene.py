"""Where the fan-out aside draws its nodes (plain data).

The picture itself is the graph stepper's (:mod:`..graph_stepper.scene`); this only
places the nodes of ``J = x · x`` by hand, so that the two arcs from ``x`` to ``J`` (its
two uses) are drawn apart instead of on top of each other.  ``J = w·u + w·v`` needs no
help: the automatic layout already separates its two products.
"""

from __future__ import annotations

POSITIONS = {"square": {"x": (0.0, 0.0), "J": (2.0, 0.0)}, "shared_weight": None}


def fan_out_positions(model) -> dict | None:
    """Node positions (layout column, row) for the model's graph; None: automatic."""
    return POSITIONS[model.kind]
