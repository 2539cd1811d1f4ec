"""The notation table has one source (the package); docs/NOTATION.md is generated from it."""

from __future__ import annotations

from pathlib import Path

import backprop_tutorial as bt
from backprop_tutorial.teaching.notation import GLOSSARY, NOTATION

DOC = Path(__file__).resolve().parents[2] / "docs" / "NOTATION.md"
REGENERATE = 'python -c "import backprop_tutorial as bt; print(bt.notation_markdown())"'


def table_in_doc() -> str:
    """The Markdown table of docs/NOTATION.md: its lines that start with '|'."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith("|")) + "\n"


def glossary_in_doc() -> str:
    """The glossary of docs/NOTATION.md: its lines that start with '- **'."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith("- **")) + "\n"


def test_docs_glossary_is_exactly_the_package_glossary():
    assert glossary_in_doc() == bt.glossary_markdown(), (
        "docs/NOTATION.md's glossary is out of date: replace it with the output of "
        'python -c "import backprop_tutorial as bt; print(bt.glossary_markdown())"'
    )


def test_glossary_covers_the_terms_the_notebooks_use():
    terms = {t for t, _ in GLOSSARY}
    for needed in (
        "leaf",
        "backward seed",
        "tangent seed",
        "random seed",
        "local derivative", "upstream gradient", "forward pass",
        "backward pass", "epoch", "full batch", "mini-batch", "learning rate", "cost",
        "quadratic cost", "cross-entropy", "sigmoid", "tanh", "ReLU", "He initialisation",
        "active (ReLU) neuron", "dead neuron", "tangent (forward mode)", "tape",
        "checkpointing", "softmax", "one-hot",
    ):  # fmt: skip
        assert needed in terms, needed
    for term, text in GLOSSARY:
        assert text.endswith(".") and "\n" not in text, term


def test_docs_table_is_exactly_the_package_table():
    assert DOC.exists(), "docs/NOTATION.md is missing"
    assert table_in_doc() == bt.notation_markdown(), (
        f"docs/NOTATION.md is out of date: replace its table with the output of {REGENERATE}"
    )


def test_markdown_has_one_row_per_symbol_and_four_columns():
    rows = bt.notation_markdown().strip().splitlines()
    assert rows[0] == "| symbol | meaning | type | in code |"
    assert len(rows) == 2 + len(NOTATION)
    for row in rows:
        assert row.count("|") == 5, row


def test_table_covers_the_symbols_of_the_brief():
    symbols = {s for s, *_ in NOTATION}
    for needed in ("x", "y", "y_hat", "L", "W[l]", "b[l]", "S[l]", "a[l]", "delta[l]", "n, m"):
        assert needed in symbols
    meaning = dict((s, m) for s, m, *_ in NOTATION)
    assert "connects neuron k of layer l (a[l][k]) to neuron j of layer l+1" in meaning["W[l]"]
    assert "S[l] = W[l] a[l] + b[l]" in meaning["S[l]"]
    assert "w0 is W[0], p0 is S[0]" in meaning["x, w0, p0, x1, w1, p1, y_hat"]
    code = dict((s, c) for s, _, _, c in NOTATION)
    assert code["W[l]"] == "net.weights[l]" and code["b[l]"] == "net.biases[l]"
    assert "dJ/dS[l]" in meaning["delta[l]"]
