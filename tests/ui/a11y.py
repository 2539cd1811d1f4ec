"""Accessibility measuring instruments for the browser tests (WCAG 2.1 AA).

Two instruments, each taking a Playwright ``Page`` with a run notebook on it:

- ``run_axe``: axe-core (shipped as ``axe.min.js`` by the ``axe-playwright-python``
  package) on the cell output areas, serious and critical violations only, each node
  tagged as ours or as one of ipywidgets' own controls (``UPSTREAM``: a rule and a CSS
  selector the node must match, with the upstream reference).
- ``measure_svg_contrast``: axe does not judge text drawn in SVG, so every visible SVG
  ``<text>`` (and every line or marker that carries meaning) is measured against the
  pixels behind it: read its computed colour, hide it, screenshot the picture and take
  the median colour under its box. A text with a halo (a stroke painted under its fill)
  is measured against the halo.
- ``measure_html_contrast``: every visible HTML text in the outputs (panels, read-outs,
  tables, error panels, ipywidgets' labels), its computed colour against the median pixel
  under its box once all HTML text is made transparent.

Thresholds: text 4.5:1, 3:1 from 24 px (or bold from 18.67 px); lines and markers 3:1.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
OUTPUTS = ".jp-OutputArea-output"

# ipywidgets' own controls: (axe rule, selector the failing node matches, reference).
# Only these rule/selector pairs are set apart; anything else in an output is ours.
UPSTREAM = [
    (
        "aria-input-field-name",
        ".widget-slider .noUi-handle",
        "ipywidgets' IntSlider/FloatSlider draw a noUiSlider handle (role=slider) without "
        "aria-label/aria-labelledby: jupyter-widgets/ipywidgets#2650; noUiSlider's "
        "handleAttributes option: leongersen/noUiSlider#1223",
    ),
    (
        "button-name",
        ".widget-play button",
        "ipywidgets' Play widget draws icon-only buttons (play/pause/stop/repeat) with no "
        "accessible name: jupyter-widgets/ipywidgets#2650",
    ),
]

TEXT_AA = 4.5
TEXT_LARGE_AA = 3.0
MARK_AA = 3.0
LARGE_PX = 24.0
LARGE_BOLD_PX = 18.67  # 14 pt bold
MIN_OUTLINE_PX = 0.5  # a mark's outline counts from this rendered width


def axe_script_path() -> Path:
    """The axe-core script shipped by the ``axe-playwright-python`` package."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "axe-playwright-python is not installed; it ships axe.min.js (pip install -e '.[test]')"
        )
    path = Path(spec.origin).parent / "axe.min.js"
    if not path.exists():
        raise RuntimeError(f"axe-playwright-python has no axe.min.js at {path}")
    return path


# ------------------------------------------------------------------------------- axe

AXE_RUN_JS = """async ([sel, tags, upstream]) => {
  const res = await axe.run({include: [[sel]]},
      {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const out = [];
  for (const v of res.violations) {
    for (const n of v.nodes) {
      const el = document.querySelector(n.target[n.target.length - 1]);
      const cell = el ? cells.indexOf(el.closest('.jp-Cell')) : -1;
      const up = upstream.findIndex(([rule, s]) => rule === v.id && el && el.matches(s));
      out.push({rule: v.id, impact: n.impact || v.impact, help: v.help,
                target: n.target.join(' '), html: n.html.slice(0, 160), cell,
                upstream: up});
    }
  }
  return out;
}"""


@dataclass
class AxeFinding:
    rule: str
    impact: str
    help: str
    target: str
    html: str
    cell: int  # index of the notebook cell, -1 when not in one
    upstream: int  # index into UPSTREAM, -1 when the finding is ours

    def describe(self) -> str:
        return (
            f"[{self.impact}] {self.rule} ({self.help}) in cell {self.cell}: "
            f"{self.target}  {self.html}"
        )


def run_axe(page, include: str = OUTPUTS) -> list[AxeFinding]:
    """Serious and critical axe-core violations of WCAG 2.1 A/AA inside ``include``."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script_path()))
    rows = page.evaluate(
        AXE_RUN_JS, [include, AXE_TAGS, [[rule, sel] for rule, sel, _ in UPSTREAM]]
    )
    return [AxeFinding(**r) for r in rows if r["impact"] in SERIOUS]


# -------------------------------------------------------------------------- contrast

# Marks that carry meaning: graph edges (and the backward-pass overlay when shown), plot
# curves, arrows, segment layers and markers. Grid lines and frames are decoration.
MARKS = (
    ".bt-edge-line, .bt-edge-back, "
    "[data-layer] path, [data-layer] line, [data-layer] circle, [data-layer] polygon"
)

# Every outermost SVG in the outputs gets data-bt-a11y=i; returns how many.
TAG_SVGS_JS = """(sel) => {
  const svgs = [...document.querySelectorAll(sel + ' svg')]
      .filter(s => !s.parentElement.closest('svg'));
  svgs.forEach((s, i) => s.setAttribute('data-bt-a11y', i));
  return svgs.length;
}"""

# Scroll SVG i into view; describe its visible texts and marks (boxes in page pixels);
# hide the texts (visibility: hidden !important); return the box to screenshot.
COLLECT_JS = """([i, marksSel]) => {
  const svg = document.querySelector(`svg[data-bt-a11y="${i}"]`);
  if (!svg) return null;
  svg.scrollIntoView({block: 'center', inline: 'nearest'});
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const cell = cells.indexOf(svg.closest('.jp-Cell'));
  const titleEl = svg.querySelector('.bt-plot-title');
  const label = (titleEl && titleEl.textContent.trim()) || svg.getAttribute('aria-label') || '';
  const shown = (el) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const alpha = (el) => {  // product of opacity up to the svg
    let a = 1;
    for (let n = el; n && n !== svg.parentElement; n = n.parentElement)
      a *= parseFloat(getComputedStyle(n).opacity);
    return a;
  };
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height];
  };
  const texts = [...svg.querySelectorAll('text')]
      .filter(t => shown(t) && t.textContent.trim() && !t.closest('defs'))
      .map(t => {
    const cs = getComputedStyle(t);
    const m = t.getScreenCTM();
    const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
    const node = t.closest('.bt-node');
    return {text: t.textContent.trim().slice(0, 60), cls: t.getAttribute('class') || '',
            where: node ? `node ${node.dataset.id}` : '',
            fill: cs.fill, fillOpacity: parseFloat(cs.fillOpacity), opacity: alpha(t),
            stroke: cs.stroke, strokeWidth: parseFloat(cs.strokeWidth) || 0,
            paintOrder: cs.paintOrder, px: parseFloat(cs.fontSize) * scale,
            weight: parseInt(cs.fontWeight, 10) || 400, box: box(t), el: t};
  });
  const marks = [...svg.querySelectorAll(marksSel)]
      .filter(e => shown(e) && !e.closest('defs'))
      .map(e => {
    const cs = getComputedStyle(e);
    const filled = cs.fill !== 'none' && parseFloat(cs.fillOpacity) > 0
                   && e.tagName !== 'line';
    const layer = e.closest('[data-layer]');
    const m = e.getScreenCTM();
    const width = (parseFloat(cs.strokeWidth) || 0) *
                  (m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1);
    return {text: e.tagName + (e.getAttribute('class') ? '.' + e.getAttribute('class')
                  .trim().split(/\\s+/).join('.') : ''),
            where: layer ? `layer ${layer.dataset.layer}` : '',
            fill: filled ? cs.fill : 'none', fillOpacity: parseFloat(cs.fillOpacity),
            stroke: cs.stroke, strokeOpacity: parseFloat(cs.strokeOpacity),
            strokeWidth: width, opacity: alpha(e), px: width, box: box(e), el: e};
  });
  const all = texts.concat(marks);
  const rects = all.map(x => x.box).concat([box(svg)]);
  const vw = window.innerWidth, vh = window.innerHeight;
  const x0 = Math.max(0, Math.floor(Math.min(...rects.map(r => r[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...rects.map(r => r[1]))));
  const x1 = Math.min(vw, Math.ceil(Math.max(...rects.map(r => r[0] + r[2]))));
  const y1 = Math.min(vh, Math.ceil(Math.max(...rects.map(r => r[1] + r[3]))));
  for (const x of texts) {
    x.el.setAttribute('data-bt-a11y-hidden', '');
    x.el.style.setProperty('visibility', 'hidden', 'important');
  }
  for (const x of all) delete x.el;
  return {cell, label, clip: {x: x0, y: y0, width: x1 - x0, height: y1 - y0},
          texts, marks};
}"""

# Then every shape of the picture's data and every edge too: a mark is judged against the
# picture's background (axes, canvas maps), not against another series drawn over it.
HIDE_SHAPES_JS = """([i, marksSel]) => {
  const svg = document.querySelector(`svg[data-bt-a11y="${i}"]`);
  for (const el of svg.querySelectorAll(marksSel + ', [data-layer] rect')) {
    el.setAttribute('data-bt-a11y-hidden', '');
    el.style.setProperty('visibility', 'hidden', 'important');
  }
}"""

RESTORE_JS = """() => document.querySelectorAll('[data-bt-a11y-hidden]').forEach(el => {
  el.style.removeProperty('visibility');
  el.removeAttribute('data-bt-a11y-hidden');
})"""

UNTAG_JS = """() => document.querySelectorAll('[data-bt-a11y]')
  .forEach(el => el.removeAttribute('data-bt-a11y'))"""


def parse_colour(css: str) -> tuple[float, float, float, float] | None:
    """``rgb(r, g, b)`` / ``rgba(r, g, b, a)`` (computed style) -> (r, g, b, a); None for
    ``none`` or a paint server (``url(...)``)."""
    css = css.strip()
    if not css.startswith("rgb"):
        return None
    parts = css[css.index("(") + 1 : css.rindex(")")].replace("/", ",").split(",")
    nums = [float(p) for p in parts if p.strip()]
    r, g, b = nums[:3]
    return r, g, b, nums[3] if len(nums) > 3 else 1.0


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    c = np.asarray(rgb, dtype=float)[:3] / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(fg, bg) -> float:
    """WCAG contrast ratio of two opaque colours, >= 1."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def hexof(rgb) -> str:
    return "#" + "".join(f"{round(v):02x}" for v in rgb[:3])


@dataclass
class Measured:
    """One SVG text or mark with the colour it is drawn in and what is behind it."""

    kind: str  # "text" or "mark"
    text: str  # the text, or the mark's tag and class
    where: str  # node id / plot layer, when known
    cell: int
    picture: str  # the plot's title or the picture's aria-label
    colour: tuple  # effective colour (blended over the background when translucent)
    background: tuple
    ratio: float
    need: float
    px: float  # font size, or stroke width for a line mark
    upstream: int = -1  # HTML text: index into HTML_UPSTREAM, -1 when it is ours

    @property
    def passes(self) -> bool:
        return self.ratio + 1e-9 >= self.need

    def describe(self) -> str:
        size = f"{self.px:.1f}px" if self.kind != "mark" else f"stroke width {self.px:.1f}"
        where = f" {self.where}" if self.where else ""
        return (
            f"cell {self.cell} «{self.picture[:40]}»{where}: {self.kind} {self.text!r} "
            f"{hexof(self.colour)} on {hexof(self.background)} = {self.ratio:.2f}:1 "
            f"(needs {self.need}:1, {size})"
        )


def _median_under(pixels: np.ndarray, box, clip) -> tuple:
    """Median colour of ``pixels`` (the screenshot of ``clip``) under ``box``."""
    x, y, w, h = box
    x0 = int(np.clip(np.floor(x - clip["x"]), 0, pixels.shape[1] - 1))
    y0 = int(np.clip(np.floor(y - clip["y"]), 0, pixels.shape[0] - 1))
    x1 = int(np.clip(np.ceil(x + w - clip["x"]), x0 + 1, pixels.shape[1]))
    y1 = int(np.clip(np.ceil(y + h - clip["y"]), y0 + 1, pixels.shape[0]))
    region = pixels[y0:y1, x0:x1, :3].reshape(-1, 3)
    return tuple(float(v) for v in np.median(region, axis=0))


def _blend(paint, alpha: float, background) -> tuple:
    a = paint[3] * alpha
    return tuple(a * f + (1 - a) * b for f, b in zip(paint[:3], background, strict=True))


def _text_paint(item: dict, background) -> tuple[tuple, tuple] | None:
    """(colour, background) of a text: its fill over the pixels, or over its halo (a
    stroke of 1.5 px or more painted under the fill)."""
    fill, halo = parse_colour(item["fill"]), parse_colour(item["stroke"])
    if fill is None:
        return None
    if halo is not None and item["strokeWidth"] >= 1.5 and item["paintOrder"].startswith("stroke"):
        background = _blend(halo, item["opacity"], background)
    return _blend(fill, item["fillOpacity"] * item["opacity"], background), background


def _mark_paint(item: dict, background) -> tuple[tuple, tuple] | None:
    """(colour, background) of a mark: whichever of its fill and its outline stands out
    more (an outline counts from half a screen pixel: the markers' thin dark edges do
    set them apart from a map of their own colour)."""
    paints = []
    fill, stroke = parse_colour(item["fill"]), parse_colour(item["stroke"])
    if fill is not None:
        paints.append(_blend(fill, item["fillOpacity"] * item["opacity"], background))
    if stroke is not None and item["strokeWidth"] >= MIN_OUTLINE_PX:
        paints.append(_blend(stroke, item["strokeOpacity"] * item["opacity"], background))
    if not paints:
        return None
    return max(paints, key=lambda c: contrast(c, background)), background


def _text_need(item: dict) -> float:
    large = item["px"] >= LARGE_PX or (item["weight"] >= 700 and item["px"] >= LARGE_BOLD_PX)
    return TEXT_LARGE_AA if large else TEXT_AA


def _measure(item: dict, kind: str, cell: int, picture: str, pixels, clip) -> Measured | None:
    behind = _median_under(pixels, item["box"], clip)
    paint = (_text_paint if kind == "text" else _mark_paint)(item, behind)
    if paint is None:
        return None
    colour, background = paint
    need = _text_need(item) if kind == "text" else MARK_AA
    return Measured(
        kind=kind,
        text=item["text"],
        where=item["where"],
        cell=cell,
        picture=picture,
        colour=colour,
        background=background,
        ratio=contrast(colour, background),
        need=need,
        px=item["px"],
    )


def measure_svg_contrast(page, include: str = OUTPUTS) -> list[Measured]:
    """Every visible SVG text and mark inside ``include``, measured against the pixels
    behind it. The page is left as it was (hidden elements are shown again)."""
    from PIL import Image

    count = page.evaluate(TAG_SVGS_JS, include)
    found: list[Measured] = []
    for i in range(count):
        try:
            info = page.evaluate(COLLECT_JS, [i, MARKS])
            if not info or not (info["texts"] or info["marks"]):
                continue
            clip = info["clip"]
            if clip["width"] < 1 or clip["height"] < 1:
                continue
            shots = {"texts": page.screenshot(clip=clip, animations="disabled")}
            if info["marks"]:
                page.evaluate(HIDE_SHAPES_JS, [i, MARKS])
                shots["marks"] = page.screenshot(clip=clip, animations="disabled")
        finally:
            page.evaluate(RESTORE_JS)
        for kind, png in shots.items():
            pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
            for item in info[kind]:
                m = _measure(item, kind[:-1], info["cell"], info["label"], pixels, clip)
                if m is not None:
                    found.append(m)
    page.evaluate(UNTAG_JS)
    return found


# ------------------------------------------------------------------------ HTML text

# ipywidgets' own text: (selector the text's element or an ancestor matches, reason).
HTML_UPSTREAM: list[tuple[str, str]] = []

# Text of a control that is switched off is exempt (WCAG 1.4.3, "inactive user interface
# components"): ipywidgets dims a disabled button to half opacity.
DISABLED = ":disabled, .mod-disabled, [aria-disabled='true']"

# Every visible HTML text node in the outputs (not SVG, not screen-reader-only text), kept
# in window.__btHtml; returns what each one is drawn in.
COLLECT_HTML_JS = """([sel, upstream, disabled]) => {
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const nodes = [];
  for (const area of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (!t.textContent.trim() || el.closest('svg, .bt-sr-only, style, script, select')) continue;
      if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      nodes.push(t);
    }
  }
  window.__btHtml = nodes;
  const label = (el) => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/)[0] : '';
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
  };
  return nodes.map((t) => {
    const el = t.parentElement, cs = getComputedStyle(el);
    let opacity = 1;
    for (let n = el; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
    const holder = el.closest('[class*="bt-"], .widget-html, .widget-label, .widget-readout,'
                             + ' .jupyter-button, .jp-RenderedText') || el;
    return {text: t.textContent.trim().slice(0, 60), where: label(holder) + ' > ' + label(el),
            cell: cells.indexOf(el.closest('.jp-Cell')), fill: cs.color, opacity,
            alpha: cs.color.startsWith('rgba') ? parseFloat(cs.color.split(',')[3]) : 1,
            px: parseFloat(cs.fontSize), weight: parseInt(cs.fontWeight, 10) || 400,
            upstream: upstream.findIndex((s) => el.closest(s)),
            disabled: !!el.closest(disabled)};
  });
}"""

# The visible part of text node i's box (its box cut by every ancestor that clips and by
# the window), or null.
HTML_BOXES_JS = """(indices) => indices.map((i) => {
  const t = window.__btHtml[i], range = document.createRange();
  range.selectNodeContents(t);
  const r = range.getBoundingClientRect();
  let [x0, y0, x1, y1] = [r.left, r.top, r.right, r.bottom];
  for (let n = t.parentElement; n && n !== document.body; n = n.parentElement) {
    const cs = getComputedStyle(n);  // (body's overflow is the window's: not a clip)
    if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
    const c = n.getBoundingClientRect();
    [x0, y0, x1, y1] = [Math.max(x0, c.left), Math.max(y0, c.top),
                        Math.min(x1, c.right), Math.min(y1, c.bottom)];
  }
  [x0, y0, x1, y1] = [Math.max(x0, 0), Math.max(y0, 0),
                      Math.min(x1, window.innerWidth), Math.min(y1, window.innerHeight)];
  return x1 - x0 >= 2 && y1 - y0 >= 2 ? [x0, y0, x1 - x0, y1 - y0] : null;
})"""

HIDE_HTML_CSS = "{sel} *:not(svg, svg *) {{ color: transparent !important; \
-webkit-text-fill-color: transparent !important; text-shadow: none !important; }}"


WINDOW = {"x": 0, "y": 0}  # a screenshot of the window: page pixels are its pixels


def measure_html_contrast(page, include: str = OUTPUTS) -> list[Measured]:
    """Every visible HTML text inside ``include``, its colour against the pixels behind it
    (``upstream`` tells ipywidgets' own apart); the text is shown again afterwards."""
    from PIL import Image

    items = page.evaluate(COLLECT_HTML_JS, [include, [s for s, _ in HTML_UPSTREAM], DISABLED])
    # Left out: disabled controls, and text made transparent on purpose (nothing to read).
    pending = [i for i, it in enumerate(items) if not it["disabled"] and it["alpha"] > 0]
    found: list[Measured] = []
    hide = page.add_style_tag(content=HIDE_HTML_CSS.format(sel=include))
    try:
        while pending:
            page.evaluate("(i) => window.__btHtml[i].parentElement.scrollIntoView()", pending[0])
            boxes = page.evaluate(HTML_BOXES_JS, pending)
            if boxes[0] is None:  # scrolled to, still not shown (cut off by a box): left out
                pending = pending[1:]
                continue
            png = page.screenshot(animations="disabled")
            pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
            shown = [(i, box) for i, box in zip(pending, boxes, strict=True) if box]
            found += [_measure_html(items[i], _median_under(pixels, b, WINDOW)) for i, b in shown]
            pending = [i for i, box in zip(pending, boxes, strict=True) if box is None]
    finally:
        hide.evaluate("(el) => el.remove()")
        page.evaluate("() => { delete window.__btHtml; }")
    return found


def _measure_html(item: dict, behind: tuple) -> Measured:
    colour = _blend(parse_colour(item["fill"]), item["opacity"], behind)
    return Measured(
        kind="html",
        text=item["text"],
        where=item["where"],
        cell=item["cell"],
        picture="",
        colour=colour,
        background=behind,
        ratio=contrast(colour, behind),
        need=_text_need(item),
        px=item["px"],
        upstream=item["upstream"],
    )
