"""Notebook 2's two pictures of one network as a scene: the usual picture (neurons as
circles, weights on the edges) and the graph after surgery (weights and biases as small
squares of their own, each neuron split into its sum S and activation a).  Numpy only.
"""

from __future__ import annotations

import html

from ...ui.network_scene import (
    SURGERY_KEY,
    _index,
    _widen,
    neurons_scene,
    surgery_edges,
    surgery_geometry,
    surgery_headers,
    surgery_nodes,
)
from ...ui.shapes import scene


def two_pictures_scene(model) -> dict:
    """The picture a :class:`~backprop_tutorial.apps.two_pictures.model.TwoPicturesModel` shows."""
    pic = model.shown
    if model.picture == "neurons":
        return neurons_scene(pic, model.weights())
    pos, width, height = surgery_geometry(pic, model.sizes)
    weights = model.weights()
    tips = {}
    for n in pic.nodes:
        if n.kind == "W":
            tips[n.name] = f"{n.name} = {weights[n.name]:.3g}: a weight, now a node of its own"
        elif n.kind == "b":
            tips[n.name] = f"{n.name}: a bias, a node of its own"
        elif n.kind == "S":
            l, j = n.layer - 1, _index(n.name)
            tips[n.name] = f"{n.name} = W[{l}][{j},:] a[{l}] + b[{l}][{j}] (weighted sum)"
        elif n.kind == "a":
            tips[n.name] = f"{n.name} = f(S[{n.layer - 1}][{_index(n.name)}]) (activation)"
        elif n.kind == "y":
            tips[n.name] = f"{n.name}: the target, held fixed"
        elif n.kind == "J":
            tips[n.name] = "J = ½ Σ (y_hat − y)²: the cost"
        else:
            tips[n.name] = f"{n.name}: an input, held fixed"
    headers = surgery_headers(pic, pos, model.sizes)
    return scene(
        _widen(width, headers),
        height,
        surgery_nodes(pic, pos, tips=tips),
        surgery_edges(pic),
        labels=headers,
        legend=SURGERY_KEY,
        title=pic.title,
    )


CAPTIONS = {
    "neurons": "Neurons as nodes, weights on edges: an edge's width grows with |w|, and it "
    "is dashed when w < 0. The weights are not nodes here, so a chain-rule graph drawn "
    "like this could not give dJ/dW.",
    "surgery": "After surgery: every weight W[l][j,k] (a small green square on the edge it "
    "multiplies) and every bias b[l][j] (a pale square) is a node of its own; each neuron "
    "is split into its sum S[l][j] and its activation a[l+1][j]; the targets y and the "
    "cost J close the graph. Now dJ/dW is just the gradient at a node.",
}


def summary_html(model) -> str:
    """The line above the picture, from the model's summary."""
    return f'<div style="font-size:13px">{html.escape(model.summary())}</div>'


def caption_html(picture: str) -> str:
    """What ``picture`` ("neurons" or "surgery") shows, in words."""
    return f'<div style="font-size:13px">{CAPTIONS[picture]}</div>'
