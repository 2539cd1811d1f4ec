"""One notation in every notebook's prose (docs/NOTATION.md, "d and ∂" and "Seeds").

The retired forms, each found once in the notebooks by a reader, must not come back:

- a full gradient of the cost written with ∂ (∂J/∂W, ∂J/∂S, ∂J/∂θ, ...): full
  gradients take d; ∂ is for local derivatives, such as the cost's own ∂J/∂y_hat;
- a bare "seed": it is always the backward seed, a tangent seed or a random seed;
- p as a probability (p_k, p − y): p names a weighted sum (p0, p1), probabilities are
  y_hat_k.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]-*.ipynb"))

# ∂J (or a batch's ∂J_i) over anything but the cost operation's own input y_hat.
FULL_WITH_PARTIAL = re.compile(
    r"\\partial J(?:_\{?[\w\\{}]+\}?)?\s*/\s*\\partial(?!\s*\\hat)\s*([A-Za-z\\(][\w\\{}\[\]^]*)"
    r"|\\frac\{\\partial J(?:_\{?[\w\\{}]+\}?)?\}\{\\partial(?!\s*\\hat)\s*([^}]*)\}"
    r"|∂J/∂(?!ŷ|y_hat)(\w+)"
)
QUALIFIED_SEED = re.compile(r"\b(backward|tangent|random)\s+seeds?\b", re.I)
PROBABILITY_P = re.compile(r"(?<![\\\w])p_k\b|(?<![\\\w])p - y\b|(?<![\\\w])p − y\b|\$p\$")


def prose(path: Path) -> list[tuple[int, str]]:
    """(cell index, markdown text without inline code) for every markdown cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        (i, re.sub(r"`[^`]*`", "", "".join(c["source"])))
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown"
    ]


def offences(pattern: re.Pattern, path: Path) -> list[str]:
    return [
        f"cell {i}: …{text[max(0, m.start() - 30) : m.end() + 10]!r}…"
        for i, text in prose(path)
        for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_full_gradients_are_written_with_d(path):
    found = offences(FULL_WITH_PARTIAL, path)
    assert not found, f"{path.name}: full gradients written with ∂ (write dJ/d...): {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_seed_says_which_seed(path):
    found = []
    for i, text in prose(path):
        bare = QUALIFIED_SEED.sub("", text)
        found += [
            f"cell {i}: …{bare[max(0, m.start() - 30) : m.end() + 20]!r}…"
            for m in re.finditer(r"\bseeds?\b", bare, re.I)
        ]
    assert not found, f"{path.name}: a bare 'seed' (backward, tangent or random?): {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_p_is_never_a_probability(path):
    found = offences(PROBABILITY_P, path)
    assert not found, f"{path.name}: p used for a probability (write y_hat_k): {found}"


def test_the_scan_finds_the_retired_forms():
    assert FULL_WITH_PARTIAL.search(r"$\partial J/\partial W^{[l]}$")
    assert FULL_WITH_PARTIAL.search(r"\frac{\partial J}{\partial S^{[l]}_j}")
    assert FULL_WITH_PARTIAL.search(r"$\partial J_{\text{batch}} / \partial W$")
    assert not FULL_WITH_PARTIAL.search(r"$\partial J/\partial \hat y_k$")
    assert not FULL_WITH_PARTIAL.search(r"\frac{\partial J}{\partial \hat y_k}")
    assert not FULL_WITH_PARTIAL.search(r"$dJ/dW^{[l]}$")
    assert QUALIFIED_SEED.sub("", "the random seed and the tangent seed") == "the  and the "
    assert PROBABILITY_P.search(r"$\delta = p - y$") and PROBABILITY_P.search("$p_k$")
    assert not PROBABILITY_P.search(r"$p_0 = w_0 x$, $\hat y_k$")
