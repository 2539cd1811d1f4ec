"""Data sets: the 2-D toy sets of notebook 2 (made with numpy) and the 8×8 handwritten
digits of notebook 5 (shipped as ``digits.npz``, see ``README.md`` here)."""
