"""The mathematics, numpy only: graphs, networks, both modes of differentiation, paths,
costs, activations, the gradient checker and the argument checks they share.

Nothing here imports matplotlib, ipywidgets or anything else of the apps
(``tests/core/test_layering.py`` checks it).
"""
