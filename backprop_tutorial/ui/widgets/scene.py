"""``SceneWidget``: a picture drawn in the browser from data the model sends once.

The kernel sends a *scene* (nodes, edges, labels and panels, laid out in pixels) and a
list of *frames* (what each step shows: node classes and texts, the edges in use, the
side-panel HTML).  The browser draws the scene once (an SVG, ``scene.js``) and shows
frame ``step``, or the value of the step slider it is given (``slider``, with its Play
button ``play``), which the browser links to the picture: a step therefore never waits
for the kernel.  Scene and frame dictionaries are built by the numpy-only
builders in each app's ``scene.py``, so tests check the data without a browser.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from .browser import BrowserWidget, module, stylesheet


class SceneWidget(BrowserWidget):
    """An SVG scene with one frame per step; ``show({"scene": ..., "frames": ..., "step": ...})``.

    Traits (synced with the browser)
    --------------------------------
    scene : dict
        ``width``, ``height`` (px), ``nodes``, ``edges``, ``labels``, ``panels``,
        ``legend``, ``colors``: see :func:`backprop_tutorial.ui.shapes.scene`.
    frames : list of dict
        One per step: ``nodes`` (id -> ``cls``, ``lines``, ``tip``, ``fill``), ``edges``
        (id -> class name or dict), ``panels`` (panel id -> HTML), ``say`` (what the step
        shows, in words: the picture's text alternative, announced when the step changes).
    step : int
        The frame shown when no ``slider`` steps the picture.
    slider : ipywidgets.IntSlider or None
        The step slider: the browser shows frame ``slider.value`` and moves the slider
        when a focused node steps the picture.
    play : ipywidgets.Play or None
        Its Play button, linked to the slider in the browser (scene.js
        ``followSteppers``): a tick draws its frame, then moves the slider.
    """

    _esm = module("scene.js")
    _css = stylesheet("scene.css")
    DATA = ("scene", "frames", "step")
    scene = traitlets.Dict().tag(sync=True)
    frames = traitlets.List().tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    slider = traitlets.Instance(widgets.IntSlider, allow_none=True).tag(
        sync=True, **widgets.widget_serialization
    )
    play = traitlets.Instance(widgets.Play, allow_none=True).tag(
        sync=True, **widgets.widget_serialization
    )


def stepped_scene(
    value: int,
    lo: int,
    hi: int,
    *,
    description: str = "step",
    interval: int = 900,
    width: str = "420px",
) -> tuple:
    """A step slider, a Play button and a :class:`SceneWidget`, linked in the browser.

    Play moves the picture and then the slider, the slider moves the picture, without a
    kernel round trip: the one way every stepped picture is wired.

    Returns
    -------
    (slider, play, scene)
    """
    slider = widgets.IntSlider(
        value=value,
        min=lo,
        max=hi,
        description=description,
        continuous_update=True,
        layout=widgets.Layout(width=width, max_width="100%"),
    )
    play = widgets.Play(value=value, min=lo, max=hi, step=1, interval=interval, description="play")
    scene = SceneWidget(slider=slider, play=play, step=value, layout=widgets.Layout(width="100%"))
    return slider, play, scene


def show_steps(slider, play, value: int, hi: int, lo: int = 0) -> None:
    """Give a stepped picture's slider and Play a new pass: steps ``lo..hi``, now at ``value``.

    Each range is widened to take the value before it narrows, so no control passes
    through a clamped value (which would reach the model as a change of its own). A Play
    that is still running stops: after its last step it waits one interval before it
    notices the end, and a new pass shown in that time would start playing by itself.
    """
    play.playing = False
    for w in (slider, play):
        with w.hold_trait_notifications():
            w.max = max(w.max, hi, value)
            w.min = min(w.min, lo, value)
            w.value = value
            w.max = hi
            w.min = lo
