"""What every app shares, as plain data (numpy only): the palette by role, the model
base, scene shapes, chart layers, ticks, table and text formatting.

The widgets themselves (the ``App`` base, the browser-drawn ``SceneWidget``,
``PlotWidget`` and digit canvas, with their JavaScript) are in :mod:`.widgets`.
"""
