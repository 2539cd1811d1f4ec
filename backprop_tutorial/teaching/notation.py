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
    (
        "L",
        "number of weight layers; weight layers are l = 0..L-1, neuron layers 0..L",
        "integer",
        "net.L",
    ),
    (
        "n_l",
        "number of neurons in neuron layer l; n_0 inputs, n_L outputs",
        "integer",
        "net.sizes[l]",
    ),
    (
        "W[l]",
        "weights from neuron layer l to neuron layer l+1, shape (n_(l+1), n_l); W[l][j,k] "
        "connects neuron k of layer l (a[l][k]) to neuron j of layer l+1 (S[l][j]) "
        "(reversed-looking, so that S = W a + b)",
        "matrix",
        "net.weights[l]",
    ),
    ("b[l]", "biases added to S[l], shape (n_(l+1),)", "vector", "net.biases[l]"),
    (
        "S[l]",
        "weighted sums of weight layer l: S[l] = W[l] a[l] + b[l] (z in some books)",
        "vector",
        "cache.S[l]",
    ),
    ("a[l]", "activations of neuron layer l: a[l+1] = f(S[l]); a[0] = x", "vector", "cache.a[l]"),
    (
        "f, σ",
        "activation function (σ is the sigmoid); f' its derivative",
        "function",
        "net.activation_of(l)",
    ),
    (
        "delta[l]",
        "dJ/dS[l], the upstream gradient every weight of W[l] reuses; "
        "delta[l] = (W[l+1]^T delta[l+1]) * f'(S[l]), output delta[L-1]",
        "vector",
        "net.backward(cache, Y)[l]",
    ),
    ("dJ/dW[l]", "delta[l] a[l]^T; and dJ/db[l] = delta[l]", "matrix", "dW[l], db[l]"),
    ("alpha", "learning rate in W <- W - alpha dJ/dW", "scalar", "learning_rate"),
    (
        "n, m",
        "total number of weights, of biases; the cost is a function on R^(n+m)",
        "integers",
        "net.n_weights, net.n_biases",
    ),
    (
        "x, w0, p0, x1, w1, p1, y_hat",
        "notebook 1's chain, the network [1, 1, 1] without biases: p0 = w0 x, x1 = σ(p0), "
        "p1 = w1 x1, y_hat = σ(p1); x is a[0], w0 is W[0], p0 is S[0], x1 is a[1], "
        "w1 is W[1], p1 is S[1], y_hat is a[2]",
        "scalars",
        "ChainNetwork",
    ),
)

GLOSSARY = (
    ("leaf", "A node of the graph that nothing computes: an input, a target or a parameter."),
    (
        "backward seed",
        "The value the backward pass starts from: dJ/dJ = 1 at the cost node.",
    ),
    (
        "tangent seed",
        "Forward mode's mirror of the backward seed: the one parameter θ whose tangent "
        "starts at dθ/dθ = 1 (every other leaf starts at 0); one pass per tangent seed.",
    ),
    (
        "random seed",
        "The number that starts a random generator: the same random seed gives the same "
        "initial weights and data, so a result can be repeated.",
    ),
    (
        "local derivative",
        "The derivative of one node's output with respect to one of its own inputs, "
        "known from that node alone (for p0 = w0 x, ∂p0/∂w0 = x); written with ∂, where a "
        "full gradient such as dJ/dw0 is written with d.",
    ),
    (
        "upstream gradient",
        "The derivative of the cost with respect to a node's output, handed back from "
        "the nodes after it; multiplied by a local derivative it gives the next one down.",
    ),
    (
        "surgery",
        "Redrawing the network picture as a computational graph in which every weight and "
        "bias is a node of its own (and each neuron is split into its sum S and activation "
        "a), so that the chain rule can give dJ/dW: it only gives derivatives at nodes.",
    ),
    (
        "delta",
        "delta[l] = dJ/dS[l], the gradient of the cost with respect to weight layer l's "
        "weighted sums; every weight of W[l] gets its gradient from it, dJ/dW[l] = "
        "delta[l] a[l]^T.",
    ),
    (
        "forward pass",
        "Computing every node from the inputs towards the cost, keeping the values the "
        "backward pass will need.",
    ),
    (
        "backward pass",
        "Computing dJ/d(node) for every node, from the cost back to the leaves, with the "
        "chain rule; backpropagation is this pass.",
    ),
    ("epoch", "One pass over the whole training set."),
    ("full batch", "Every gradient step uses all training examples at once."),
    (
        "mini-batch",
        "Each gradient step uses a small random subset of the examples; an epoch is then "
        "several steps.",
    ),
    (
        "learning rate",
        "alpha, the step size in W <- W - alpha dJ/dW: too small is slow, too large diverges.",
    ),
    ("cost", "J, one number saying how far the outputs are from the targets; training lowers it."),
    (
        "quadratic cost",
        "J = ½ (y_hat - y)², summed over the outputs and averaged over the batch.",
    ),
    (
        "cross-entropy",
        "A cost for outputs in (0, 1), J = -(y log y_hat + (1 - y) log(1 - y_hat)); with a "
        "sigmoid output its delta is simply y_hat - y.",
    ),
    ("sigmoid", "σ(s) = 1 / (1 + e^(-s)), squashing any number into (0, 1); σ' = σ (1 - σ)."),
    ("tanh", "The hyperbolic tangent, an S-shaped activation with values in (-1, 1)."),
    ("ReLU", "max(0, s): passes positive sums unchanged and zeroes the rest; its slope is 0 or 1."),
    (
        "He initialisation",
        "Random starting weights with standard deviation sqrt(2 / n_l), sized so that ReLU "
        "layers keep their signals from shrinking or growing with depth.",
    ),
    (
        "active (ReLU) neuron",
        "A ReLU neuron whose weighted sum is positive for the example at hand, so gradient "
        "flows through it.",
    ),
    (
        "inactive (ReLU) neuron",
        "A ReLU neuron whose weighted sum is 0 or negative for the example at hand: it "
        "outputs 0, its slope is 0, so its delta is 0 and no gradient flows back through it.",
    ),
    (
        "dead neuron",
        "A ReLU neuron whose weighted sum is S ≤ 0 for every example: its slope is always "
        "0, so "
        "its incoming weights never change again.",
    ),
    (
        "path",
        "A route through the network from a weight (or an input) through one neuron of each "
        "later layer to the cost; a weight of W[l] has n_(l+2) ... n_L of them.",
    ),
    (
        "path sum",
        "The chain rule expanded fully: dJ/dW[l][j,k] as the sum, over the weight's paths, of "
        "the product of the local derivatives along each path.",
    ),
    (
        "(parameter, path) term",
        "One product of the path sum: one parameter and one of its paths. The path sum forms "
        "every term separately, sharing nothing.",
    ),
    (
        "memoisation",
        "Storing a result the first time it is computed and looking it up afterwards instead "
        "of computing it again.",
    ),
    (
        "dynamic programming",
        "Filling a table of sub-results in an order where each entry needs only entries "
        "already there; backprop fills delta[l] from the output backwards.",
    ),
    (
        "central difference",
        "dJ/dθ_i ≈ (J(θ + ε e_i) − J(θ − ε e_i)) / 2ε, an estimate of one gradient from two "
        "forward passes; 2 (n + m) passes for the whole gradient; used to check backprop.",
    ),
    (
        "wall time",
        "Elapsed time as a clock on the wall shows it (here the fastest of a few runs).",
    ),
    (
        "decision boundary",
        "Where a classifier's output probability is 0.5 (the 0.5 contour): on one side it "
        "answers class 1, on the other class 0.",
    ),
    (
        "loss landscape slice",
        "J drawn on a plane through parameter space, theta_c + alpha d1 + beta d2, since the "
        "whole landscape has n + m dimensions.",
    ),
    (
        "filter normalisation",
        "Rescaling a random direction neuron by neuron to the size of each neuron's incoming "
        "weights (Li et al., 2018), so that no neuron dominates a landscape slice.",
    ),
    (
        "tangent (forward mode)",
        "The derivative of every node with respect to one chosen input, carried forward "
        "alongside the values; one forward pass per input.",
    ),
    (
        "tape",
        "The record of the operations of a forward pass, in order, which the backward pass "
        "replays in reverse.",
    ),
    (
        "checkpointing",
        "Keeping only some forward values and recomputing the others during the backward "
        "pass: less memory for more computation.",
    ),
    (
        "softmax",
        "Turns a vector of scores into probabilities: exponentiate each and divide by the sum.",
    ),
    (
        "one-hot",
        "A target vector that is 1 at the correct class and 0 everywhere else.",
    ),
    (
        "saturation",
        "A sigmoid far from 0 is almost flat: its slope σ' is tiny, and so is every "
        "gradient that passes through it.",
    ),
    (
        "plateau",
        "A region of the loss landscape where the cost is high but the slope is tiny, so "
        "gradient descent crawls.",
    ),
    (
        "overshoot",
        "A learning rate so large that a step jumps past the bottom of a valley: the path "
        "zigzags, or the cost goes up.",
    ),
    (
        "fan-out",
        "A node used by several others (or twice by one): its gradient is the sum of the "
        "contributions from every use.",
    ),
    (
        "topological order",
        "A list of the graph's nodes in which every node comes after its operands; the "
        "backward pass walks it in reverse, so each node's gradient is complete before it "
        "is passed on.",
    ),
    (
        "relative error",
        "|g − g̃| / max(|g|, |g̃|) between two gradients: the gradient check's measure, "
        "independent of the gradient's size.",
    ),
)


def notation_markdown() -> str:
    """The table as Markdown."""
    rows = ["| symbol | meaning | type | in code |", "|---|---|---|---|"]
    rows += [f"| `{s}` | {m} | {t} | `{c}` |" for s, m, t, c in NOTATION]
    return "\n".join(rows) + "\n"


def glossary_markdown() -> str:
    """The glossary as a Markdown list, one ``- **term**: meaning`` line per term."""
    return "\n".join(f"- **{term}**: {text}" for term, text in GLOSSARY) + "\n"
