"""The one contract of every browser-drawn widget: data in through :meth:`BrowserWidget.show`.

A widget here is a Python class with synced traits and one JavaScript module (anywidget).
Each takes everything it draws through ``show(data)``, ``data`` a dict whose keys are some
of its ``DATA`` traits: only what differs is sent, all of it in one message, and
``version`` goes up by one (the browser writes it to ``data-version`` once drawn, for tests
and the benchmark).

anywidget takes one ES module per widget, so :func:`module` puts the shared helpers
(``helpers.js``, after the palette's role table) in front of each widget's own module, and
:func:`stylesheet` puts the theme's colour variables (:func:`~backprop_tutorial.ui.style.theme_css`)
in front of its CSS.  Both are read once, at import, and work offline in JupyterLab,
Notebook 7, Voila and JupyterLite.
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import traitlets

from ..style import role_of_color, theme_css

_HERE = Path(__file__).parent


def module(name: str) -> str:
    """The ES module of widget file ``name``: the role table, ``helpers.js``, then ``name``."""
    table = f"const BT_ROLE_OF = {json.dumps(role_of_color(), sort_keys=True)};\n"
    return table + (_HERE / "helpers.js").read_text() + "\n" + (_HERE / name).read_text()


def stylesheet(name: str) -> str:
    """The CSS of widget file ``name`` after the palette's variables for both themes."""
    return theme_css() + (_HERE / "focus.css").read_text() + (_HERE / name).read_text()


class BrowserWidget(anywidget.AnyWidget):
    """Base of :class:`SceneWidget`, :class:`PlotWidget` and :class:`DigitCanvas`.

    Subclasses list the traits ``show`` accepts in ``DATA``.
    """

    DATA: tuple = ()
    version = traitlets.Int(0).tag(sync=True)
    # Pending feedback (helpers.js ``followControls``): the model ids of the controls whose
    # press asks the kernel for a new picture, and a count the kernel raises after each
    # answer. Set by :meth:`~backprop_tutorial.ui.widgets.app.App.follow_controls`.
    pending_on = traitlets.List(traitlets.Unicode()).tag(sync=True)
    settled = traitlets.Int(0).tag(sync=True)

    def __init__(self, data: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        if data:
            self.show(data)

    def show(self, data: dict) -> bool:
        """Draw ``data`` (trait name -> value), sending only what differs, in one message.

        Returns whether anything was sent.

        Raises
        ------
        ValueError
            A key that is not one of ``DATA`` (nothing is sent).
        """
        unknown = sorted(set(data) - set(self.DATA))
        if unknown:
            raise ValueError(
                f"data has {', '.join(map(repr, unknown))}, which {type(self).__name__} does "
                f"not draw: use keys from {', '.join(self.DATA)}"
            )
        changed = {k: v for k, v in data.items() if getattr(self, k) != v}
        if not changed:
            return False
        with self.hold_sync():
            for key in self.DATA:  # in DATA's order: what the browser reads first comes first
                if key in changed:
                    setattr(self, key, changed[key])
            self.version += 1
        return True


class PendingBar(BrowserWidget):
    """A strip along the top of an app whose read-outs are HTML only: it shows that a
    press is pending (see :meth:`~backprop_tutorial.ui.widgets.app.App.follow_controls`)
    where a picture would show it on itself.  It draws nothing else."""

    _esm = module("pending.js")
    _css = stylesheet("pending.css")
