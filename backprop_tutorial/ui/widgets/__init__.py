"""The widget layer: the ``App`` base and the anywidget views drawn in the browser.

Everything else in the package imports no widget library; this folder and each app's
``app.py`` are the only places that do.
"""
