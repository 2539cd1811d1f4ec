"""The notation table: the single source for every symbol the notebooks use.

``notation_markdown()`` renders it for a notebook; ``docs/NOTATION.md`` is generated
from it (a test keeps the two equal).
"""

from __future__ import annotations

NOTATION = (
    ("x", "input; a[0] = x", "vector", "X (batch rows)"),
    ("y", "target", "vector", "Y"),
    ("y_hat", "the network's output, a[L]", "vector", "net.forward(X)"),
    ("J", "cost: gap between y_hat and y, averaged over the batch", "scalar", "net.loss(X, Y)"),
    ("L", "number of layers with weights; l = 1..L indexes them", "integer", "net.L"),
    ("n_l", "number of neurons in layer l; n_0 inputs", "integer", "net.sizes[l]"),
    (
        "W[l]",
        "weights into layer l, shape (n_l, n_(l-1)); W[l][j, k] connects neuron k of "
        "layer l-1 to neuron j of layer l (reversed-looking, so that S = W a + b)",
        "matrix",
        "net.weights[l - 1]",
    ),
    ("b[l]", "biases of layer l, shape (n_l,)", "vector", "net.biases[l - 1]"),
    (
        "S[l]",
        "weighted sums of layer l: S[l] = W[l] a[l-1] + b[l] (z[l] in some books)",
        "vector",
        "cache.S[l]",
    ),
    ("a[l]", "activations of layer l: a[l] = f(S[l]); a[0] = x", "vector", "cache.a[l]"),
    (
        "f, σ",
        "activation function (σ is the sigmoid); f' its derivative",
        "function",
        "net.activation",
    ),
    (
        "delta[l]",
        "dJ/dS[l], the upstream gradient every weight of layer l reuses",
        "vector",
        "net.backward(cache, Y)[l]",
    ),
    ("alpha", "learning rate in W <- W - alpha dJ/dW", "scalar", "learning_rate"),
    (
        "n, m",
        "total number of weights, of biases; the cost is a function on R^(n+m)",
        "integers",
        "net.n_weights, net.n_biases",
    ),
    (
        "x, w0, p0, x1, w1, p1, y_hat",
        "notebook 1's chain: p0 = w0 x, x1 = σ(p0), "
        "p1 = w1 x1, y_hat = σ(p1); so w0 is W[1], p0 is S[1], x1 is a[1]",
        "scalars",
        "ChainNetwork",
    ),
)


def notation_markdown() -> str:
    """The table as Markdown."""
    rows = ["| symbol | meaning | type | in code |", "|---|---|---|---|"]
    rows += [f"| `{s}` | {m} | {t} | `{c}` |" for s, m, t, c in NOTATION]
    return "\n".join(rows) + "\n"
