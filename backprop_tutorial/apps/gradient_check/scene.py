"""Notebook 1's gradient check as HTML: backprop beside central finite differences."""

from __future__ import annotations

from ...ui.style import var


def check_html(check) -> str:
    """The table of both gradients, their differences and the verdict, from a
    :class:`~backprop_tutorial.core.gradcheck.GradCheck`-like result (``labels``,
    ``backprop``, ``numeric``, ``relative_error``, ``passed``)."""
    rows = "".join(
        f"<tr><td>dJ/d{label}</td><td>{b:+.10f}</td><td>{n:+.10f}</td>"
        f"<td>{abs(b - n):.1e}</td></tr>"
        for label, b, n in zip(check.labels, check.backprop, check.numeric, strict=True)
    )
    if check.passed:
        verdict = f'<b style="color:{var("param")}">✔ they agree</b>'
    else:
        verdict = f'<b style="color:{var("error")}">✘ they disagree (look at ε)</b>'
    return (
        '<div class="bt-gradcheck" style="font-size:14px;max-width:100%;overflow-x:auto">'
        '<table class="bt-mono" style="font-size:13.5px;border-spacing:10px 2px">'
        "<tr><th></th><th>backprop</th><th>finite differences</th><th>|difference|</th></tr>"
        f"{rows}</table>"
        f"<div>relative error = <b>{check.relative_error:.2e}</b> — {verdict} "
        "(they agree below 1e-7)</div></div>"
    )
