"""Notebook 4's Jacobian-chain read-outs as HTML: both orders counted, for the chain and
for a network with a vector output."""

from __future__ import annotations

import html

from ...ui.style import var
from .model import JacobianChainModel


def _row(name, value, color, bold):
    w = "bold" if bold else "normal"
    return (
        f"<tr><td>{html.escape(name)}</td><td style='text-align:right;color:{color};"
        f"font-weight:{w}'>{value:,}</td></tr>"
    )


def chain_html(model: JacobianChainModel) -> str:
    c = model.counts()
    d = c.dims
    K = len(d) - 1
    shapes = " · ".join(f"M{k} ({d[k + 1]}×{d[k]})" for k in range(K - 1, -1, -1))
    cheaper = c.cheaper
    return (
        "<div class='bt-jchain' style='font-size:13.5px'>"
        f"<div>chain sizes d = {list(d)}:  dJ/dθ = {html.escape(shapes)}</div>"
        "<table style='border-collapse:collapse;margin-top:4px'>"
        + _row(
            "from the cost end (reverse mode: vector × matrix)",
            c.reverse,
            var("backward"),
            cheaper == "reverse",
        )
        + _row(
            "from the input end (forward mode: matrix × matrix)",
            c.forward,
            var("forward"),
            cheaper == "forward",
        )
        + "</table>"
        f"<div>the same matrix either way; forward / reverse = {c.ratio:,.1f}"
        f" — cheaper: <b>{cheaper}</b></div></div>"
    )


def vector_html(model: JacobianChainModel) -> str:
    v = model.vector_output()
    s = v["sizes"]
    winner = "forward" if v["forward"] < v["reverse"] else "reverse"
    return (
        "<div class='bt-jvector' style='font-size:13.5px'>"
        f"<div>network {s}: f: R^{s[0]} → R^{s[-1]}, its Jacobian dy_hat/dx is "
        f"{s[-1]}×{s[0]}</div>"
        "<table style='border-collapse:collapse;margin-top:4px'>"
        + _row(
            f"forward mode: {v['passes']['forward']} pass(es), multiplications",
            v["forward"],
            var("forward"),
            winner == "forward",
        )
        + _row(
            f"reverse mode: {v['passes']['reverse']} backward pass(es), multiplications",
            v["reverse"],
            var("backward"),
            winner == "reverse",
        )
        + "</table>"
        f"<div>both Jacobians agree to {v['agree']:.1e}; cheaper: <b>{winner}</b></div></div>"
    )
