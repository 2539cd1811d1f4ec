"""The chain-rule panel of notebook 1's main app, as HTML (standard library only).

Both expansions with the numbers known at the current step ("—" for the others), the
shared factor dJ/dp1 marked the same way as in the graph (the "shared" colour, bold and
a ★, so it does not rely on colour), how often each gradient is read, and the update.
"""

from __future__ import annotations

import html

from ...ui.style import COLORS, UNKNOWN, fmt


def _factor_html(f, spec=".3g") -> tuple:
    """(symbol html, number html) of one chain-rule factor."""
    if f.shared:
        style = f'class="bt-shared-text" style="color:{COLORS["shared"]};font-weight:bold"'
    else:
        style = f'style="color:{COLORS["text"]}"'
    sym = f"<span {style}>{html.escape(f.name)}</span>"
    if f.value is None:
        num = f'<span style="color:{COLORS["muted"]}">{UNKNOWN}</span>'
    else:
        num = f"<span {style}>{fmt(f.value, spec)}</span>"
    return sym, num


def chain_panel_html(model) -> str:
    """The panel for a :class:`.model.ChainStepperModel` at its step."""
    rows = []
    for exp in model.expansions():
        syms, nums = zip(*(_factor_html(f) for f in exp.factors), strict=True)
        rows.append(
            f"<tr><td style='padding-right:8px'><b>{html.escape(exp.name)}</b></td>"
            f"<td>= {' · '.join(syms)}</td></tr>"
            f"<tr><td></td><td>= {' × '.join(nums)} = <b>{fmt(exp.value)}</b></td></tr>"
        )
    counts = []
    for name, c in model.reuse_counts().items():
        if name in ("w0", "w1"):
            continue
        text = f"dJ/d{html.escape(name)}: {c}×"
        if c > 1:
            text = f'<span class="bt-shared-text">{text}</span>'
        counts.append(f"<span style='display:inline-block;margin-right:12px'>{text}</span>")
    updates = "<br>".join(html.escape(t) for t in model.update_texts())
    shared = model.network.shared_factor
    return (
        '<div class="bt-chain-panel" style="font-size:14px;line-height:1.6">'
        '<div style="font-weight:bold">The chain rule, written out '
        f"(step {model.stepper.k} of {model.stepper.n_steps})</div>"
        '<table class="bt-mono" style="font-size:14px">' + "".join(rows) + "</table>"
        f'<div>The factor <span class="bt-shared-text">{shared}</span> appears in both: '
        "the backward pass computes it once (at node p1, starred in the graph) and "
        "reuses it. ∂ marks a local derivative, d a full gradient.</div>"
        f"<div>How many later steps read each node's gradient: {' '.join(counts)}</div>"
        f'<div class="bt-mono">{updates}</div></div>'
    )
