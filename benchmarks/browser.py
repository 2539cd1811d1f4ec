#!/usr/bin/env python
"""Browser latency (e2e): key press -> changed picture, in real JupyterLab, every control.

    python benchmarks/browser.py                      # every notebook, 10 presses each
    python benchmarks/browser.py --notebooks 01 02 --presses 20 --json out.json
    python benchmarks/browser.py --sanity             # the method on a tiny notebook
    python benchmarks/run.py --browser                # the same, as a section of run.py

JupyterLab serves a temporary copy of notebooks/ (tests/ui/harness.py), headless
Chromium at 1366x768 opens each notebook, runs all cells and waits for the widgets. Then
every control in every output is pressed ``--presses`` times, and each press is timed
*inside the page* (benchmarks/e2e_timing.js): ``t0 = performance.now()`` right before
the page's own script dispatches the key or click event (so no Playwright round trip is
counted), to the first animation frame in which the control's picture changed: a figure
canvas whose pixels differ (hashed after each drawing call), or a DOM change inside an
SVG or image of the output, seen by a MutationObserver. The control's own changes (its
readout) and other controls do not count. An output without any figure is timed to its
first changed text panel instead (said so in the table: "text"). Between presses the
output must be quiet for 300 ms and the kernel idle.

A learner's key comes at any moment of the display's frame (60 Hz: one every 16.7 ms),
so a control's presses are spread evenly over one frame interval by delays of 0-16.7 ms
(``--phase spread``, the default): without them every press would come the same few ms
after a frame, because the page checks in animation frames that the last press has
settled, and that moment waits longest for the next frame (``--phase after-frame``
measures it).

Each press also records its *first change*: the first frame in which anything of the
output outside the controls changed, picture or text (a status line, a progress bar), or
the pending mark appeared (the bar a picture, or an app of HTML read-outs, shows from the
press until the kernel has answered: helpers.js followControls). The mark never counts as
the picture or text changing.

Keys: ``e2e_step_ms`` is the worst median among step sliders (labelled "step") and Play
widgets (picture); ``e2e_control_ms`` the worst median among all other controls
(picture); ``e2e_first_ms`` the worst median first change among those other controls,
Train and Measure buttons included. Goals on 2 cores: <= 16 ms (one frame), <= 100 ms
and <= 50 ms. ``--labels Train Measure`` times only the controls with those labels.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.ui import harness as h  # noqa: E402

JS_PATH = Path(__file__).with_name("e2e_timing.js")
VIEWPORT = {"width": 1366, "height": 768}
FRAME_MS = 1000 / 60
PHASES = ("spread", "after-frame")
NAN = float("nan")
GOALS = {
    "e2e_step_ms": 16.0,
    "e2e_step_frames": 1.0,
    "e2e_control_ms": 100.0,
    "e2e_first_ms": 50.0,
}
STEP_LABEL = re.compile(r"^step\b", re.I)
# Controls whose presses go back and forth (right, left, ...; the next option, the one
# before): after an even number of presses they are where they started.
ALTERNATING = {"slider", "range", "dropdown", "select", "toggle-buttons", "radio", "text"}
ALTERNATING |= {"checkbox", "toggle"}


# ---------------------------------------------------------------------------- browser


@contextlib.contextmanager
def chromium():
    """Headless Chromium: Debian's (or BT_CHROMIUM), else Playwright's own if installed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        if Path(h.CHROMIUM_PATH).exists():
            browser = pw.chromium.launch(executable_path=h.CHROMIUM_PATH, args=h.CHROMIUM_ARGS)
        elif Path(pw.chromium.executable_path).exists():
            browser = pw.chromium.launch(args=h.CHROMIUM_ARGS)
        else:
            raise RuntimeError(
                f"no Chromium at {h.CHROMIUM_PATH} (apt-get install chromium, or set BT_CHROMIUM)"
            )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    """A 1366x768 page with the timing script installed before any page code runs."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(path=str(JS_PATH))
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(f"pageerror: {exc}"))
    return page


def open_and_run(page, server, name: str, timeout: float = 180_000) -> None:
    """Open a notebook, Run All, wait until every cell ran, widgets rendered and every
    ipympl figure is drawn and settled."""
    h.open_notebook(page, server, name, timeout=timeout)
    h.run_all(page)
    h.wait_cells_done(page, timeout=timeout)
    page.wait_for_function(
        """() => ![...document.querySelectorAll('.jp-OutputArea-output')]
            .some(o => /Loading widget/.test(o.innerText))""",
        timeout=timeout,
    )
    n = page.locator(h.FIGURE_CANVAS).count()
    if n:
        h.wait_for_canvases(page, count=n, timeout=timeout)


# ---------------------------------------------------------------------------- timing


def discover(page) -> list[dict]:
    """Every control shown in the page's outputs (see e2e_timing.js), with the app name
    taken from its cell's source."""
    controls = page.evaluate("() => window.__btE2E.discover()")
    for c in controls:
        c["app"] = app_name(c.get("source", ""))
        c["step"] = c["kind"] == "play" or (
            c["kind"] in ("slider", "range") and bool(STEP_LABEL.match(c["label"]))
        )
    return controls


def app_name(source: str) -> str:
    """``ChainStepperApp`` from ``chain_app = apps.ChainStepperApp(x=1.0, ...)``."""
    m = re.search(r"\b(?:apps\.)?([A-Z]\w*)\s*\(", source)
    return m.group(1) if m else (source.strip().splitlines() or ["?"])[0][:24]


def press(
    page, cid: int, i: int, timeout_ms: float, settle_ms: float, delay_ms: float = 0.0
) -> dict:
    """One timed press of control ``cid`` (the ``i``-th: directions alternate), made
    ``delay_ms`` after the page got the call (see ``press_delays``)."""
    opt = {"timeout": timeout_ms, "settle": settle_ms, "delay": delay_ms}
    return page.evaluate("([id, i, opt]) => window.__btE2E.press(id, i, opt)", [cid, i, opt])


def press_delays(presses: int, spread: bool = True):
    """Delays (ms) that spread a control's presses evenly over the display's frame.

    A press is sent once the last one has settled, which the page checks in animation
    frames, so without a delay every press comes the same few ms after a frame: the
    moment that waits longest for the next one (almost a whole frame). A learner's key
    comes at any moment of the frame; every run of ``presses`` delays here covers one
    frame interval (60 Hz) evenly, the same moments for every control, so the median is
    the press at the middle moment. ``spread=False``: no delay (every press right after a
    frame, the worst case)."""
    k = 0
    while True:
        yield (k % presses + 0.5) / presses * FRAME_MS if spread else 0.0
        k += 1


def prepare(page, cid: int) -> None:
    page.evaluate("id => window.__btE2E.prepare(id)", cid)


def perturber(ctl: dict, controls: list[dict]) -> dict | None:
    """A control to press (untimed) before a button that changed nothing, so that it has
    something to undo: for "reset" the nearest other button before it in the same output
    ("step", "Train"), else a slider of that output."""
    same = [c for c in controls if c["output"] == ctl["output"] and c["id"] != ctl["id"]]
    same = [c for c in same if not c["disabled"]]
    before = [c for c in same if c["id"] < ctl["id"] and c["kind"] == "button"]
    if before:
        return before[-1]
    sliders = [c for c in same if c["kind"] in ("slider", "range")]
    return sliders[0] if sliders else None


def time_control(
    page,
    ctl: dict,
    controls: list[dict],
    presses: int = 10,
    warmup: int = 1,
    timeout_ms: float = 5000,
    settle_ms: float = 300,
    give_up: int = 3,
    spread: bool = True,
) -> dict:
    """Press one control ``warmup + presses`` times; return its row for the table.
    ``spread``: spread the presses over the frame (``press_delays``).

    A control whose first ``give_up`` timed presses change nothing outside itself (a
    setting read only later, like the learning rate before "Train") is not pressed
    further: its row reports those timeouts and no median."""
    row = {k: ctl[k] for k in ("id", "cell", "app", "label", "kind", "step", "pictures")}
    row.update(samples=[], first=[], handler=[], frame=[], gap=[], after_frame=[])
    row.update(outcomes=Counter(), whats=Counter(), note="")
    if ctl["disabled"]:
        row["note"] = "disabled: not pressed"
        return finish_row(row)
    prepare(page, ctl["id"])
    delays = press_delays(presses, spread)
    helper = None
    i = 0
    kept = 0
    blank = 0  # timed presses in which nothing at all changed outside the control
    while kept < presses:
        if helper is not None:
            press(page, helper["id"], i, timeout_ms, settle_ms)
        r = press(page, ctl["id"], i, timeout_ms, settle_ms, next(delays))
        i += 1
        if r["outcome"] == "skipped":
            row["note"] = r.get("why", "skipped")
            break
        nothing = r["outcome"] == "timeout" and r["text_ms"] is None
        if nothing and helper is None and ctl["kind"] in ("button", "toggle", "checkbox"):
            helper = perturber(ctl, controls)
            if helper is not None:  # an idempotent button ("reset"): give it work to undo
                row["note"] = f"each press after an untimed press of {helper['label']!r}"
                continue
        if i <= warmup:
            continue
        kept += 1
        if nothing:
            blank += 1
        row["outcomes"][r["outcome"]] += 1
        if r["ms"] is not None and r["outcome"] != "timeout":
            row["samples"].append(r["ms"])
            row["whats"][r["what"] or "?"] += 1
        seen = (r.get("picture_ms"), r.get("text_ms"), r.get("pending_ms"))
        first = [t for t in seen if t is not None]
        if first:
            row["first"].append(min(first))
        if r.get("handler_ms") is not None:
            row["handler"].append(r["handler_ms"])
        if r.get("picture_frame") is not None:
            row["frame"].append(r["picture_frame"])
        if r.get("frame_gap_ms") is not None:
            row["gap"].append(r["frame_gap_ms"])
        if r.get("after_frame_ms") is not None:
            row["after_frame"].append(r["after_frame_ms"])
        if blank >= give_up and blank == kept:
            row["note"] = f"nothing but the control changed: stopped after {kept} presses"
            break
        if i > warmup + 2 * presses:  # guard: never loop forever
            break
    if i % 2 and ctl["kind"] in ALTERNATING:  # back to where it started, untimed
        press(page, ctl["id"], i, timeout_ms, settle_ms)
    return finish_row(row)


def finish_row(row: dict) -> dict:
    import numpy as np

    s = row["samples"]
    row["n"] = len(s)
    row["failures"] = row["outcomes"].get("timeout", 0)
    row["median_ms"] = float(np.median(s)) if s else NAN
    row["first_median_ms"] = float(np.median(row["first"])) if row["first"] else NAN
    row["p90_ms"] = float(np.percentile(s, 90)) if s else NAN
    # How long the page's own handlers ran, synchronously, inside the press: a step
    # whose handlers take most of a frame is painted in the next one.
    row["handler_median_ms"] = float(np.median(row["handler"])) if row["handler"] else NAN
    # In which frame after the press the picture changed (1: the first the page drew),
    # and the time between the first two frames after it (16.7 ms at 60 Hz).
    row["frame_median"] = float(np.median(row["frame"])) if row["frame"] else NAN
    row["first_frame_share"] = row["frame"].count(1) / len(row["frame"]) if row["frame"] else NAN
    row["frame_gap_median_ms"] = float(np.median(row["gap"])) if row["gap"] else NAN
    # When in the frame the presses came: ms after the last frame (spread over 0-17 ms
    # when spread; a fixed few ms without).
    after = row["after_frame"]
    row["after_frame_range_ms"] = [float(min(after)), float(max(after))] if after else None
    # What changed first: "picture" (and how it was seen) or "text".
    kinds = [k for k in ("picture", "text", "text-only") if row["outcomes"].get(k)]
    row["changed"] = "+".join(kinds) or "nothing"
    row["what"] = row["whats"].most_common(1)[0][0] if row["whats"] else ""
    row["outcomes"] = dict(row["outcomes"])
    row["whats"] = dict(row["whats"])
    return row


def measure_notebook(
    browser,
    server,
    name: str,
    presses: int,
    warmup: int,
    timeout_ms: float,
    settle_ms: float,
    labels: list[str] | None = None,
    spread: bool = True,
) -> tuple[list[dict], dict]:
    """Open and run one notebook; time every control (only those labelled ``labels``,
    if given; presses spread over the frame if ``spread``). Returns (rows, info)."""
    page = new_page(browser)
    info = {"notebook": name}
    try:
        t0 = time.perf_counter()
        open_and_run(page, server, name)
        info["ready_s"] = time.perf_counter() - t0
        errors = h.widget_errors(page)
        if errors:
            info["errors"] = errors
        controls = discover(page)
        print(
            f"  {name}: ready in {info['ready_s']:.1f} s, {len(controls)} controls",
            flush=True,
        )
        rows = []
        # In each output the step controls go first: they leave a recorded pass part-way
        # through, where the other controls have visible values to change (at step 0 a
        # stepper shows none, and changing its activation would change nothing).
        order = sorted(controls, key=lambda c: (c["output"], not c["step"], c["id"]))
        if labels:
            order = [c for c in order if c["label"] in labels]
        for ctl in order:
            t1 = time.perf_counter()
            row = time_control(
                page, ctl, controls, presses, warmup, timeout_ms, settle_ms, spread=spread
            )
            row["notebook"] = name
            rows.append(row)
            print("    " + row_line(row) + f"   ({time.perf_counter() - t1:.0f} s)", flush=True)
        info["console_errors"] = page.console_errors[:20]
        return rows, info
    finally:
        page.context.close()


# ---------------------------------------------------------------------------- report


def fmt(v, spec=".0f") -> str:
    return "—" if v is None or not math.isfinite(v) else format(v, spec)


def row_line(r: dict) -> str:
    kind = r["kind"] + (" [step]" if r.get("step") else "")
    fails = f" {r['failures']} timeout" if r.get("failures") else ""
    return (
        f"{r.get('cell', -1):>4} {r['app'][:20]:<20} {r['label'][:22]:<22} {kind:<14}"
        f"{fmt(r['median_ms']):>7}{fmt(r['p90_ms']):>7}{frame_cell(r):>9}"
        f"{fmt(r['first_median_ms']):>7}"
        f"{r['n']:>4}  {r['changed']}"
        f"{' (' + r['what'] + ')' if r['what'] else ''}{fails}"
        f"{'  ' + r['note'] if r['note'] else ''}"
    )


def frame_cell(r: dict) -> str:
    """ "1 (90%)": the median frame the picture changed in, and the share of presses it
    changed in the first frame drawn after the press."""
    share = r.get("first_frame_share", NAN)
    if not math.isfinite(share):
        return "—"
    return f"{fmt(r['frame_median'])} ({share:.0%})"


def keys(rows: list[dict]) -> dict:
    def worst(sel, key="median_ms"):
        vals = [r[key] for r in rows if sel(r) and math.isfinite(r[key])]
        return float(max(vals)) if vals else NAN

    return {
        "e2e_step_ms": worst(lambda r: r["step"]),
        "e2e_step_frames": worst(lambda r: r["step"], "frame_median"),
        "e2e_control_ms": worst(lambda r: not r["step"]),
        "e2e_first_ms": worst(lambda r: not r["step"], "first_median_ms"),
    }


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| notebook | cell | app | control | kind | median ms | p90 ms | frame | first change ms "
        "| n | changed first |",
        "|---|---:|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        nb = r["notebook"].split("-")[0]
        kind = r["kind"] + (" (step)" if r["step"] else "")
        changed = r["changed"] + (f": {r['what']}" if r["what"] else "")
        if r["failures"]:
            changed += f"; {r['failures']} timed out"
        if r["note"]:
            changed += f"; {r['note']}"
        lines.append(
            f"| {nb} | {r['cell']} | {r['app']} | {r['label']} | {kind} | "
            f"{fmt(r['median_ms'])} | {fmt(r['p90_ms'])} | {frame_cell(r)} | "
            f"{fmt(r['first_median_ms'])} | "
            f"{r['n']} | {changed} |"
        )
    return "\n".join(lines)


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return [NAN, NAN, NAN]


# ---------------------------------------------------------------------------- sanity

SANITY_CELLS = [
    "%matplotlib widget",
    """\
# (a) ipympl figure + slider: the picture changes after a kernel round trip
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
with plt.ioff():
    fig, ax = plt.subplots(figsize=(5, 3))
(line,) = ax.plot(x, np.sin(x))
ax.set_ylim(-1.1, 1.1)
freq = widgets.IntSlider(value=1, min=1, max=5, description="frequency")


def update(change):
    line.set_ydata(np.sin(change["new"] * x))
    fig.canvas.draw_idle()


freq.observe(update, names="value")
widgets.VBox([freq, fig.canvas])""",
    '''\
# (b) anywidget SVG, its step jslinked to an IntSlider: no kernel round trip
import anywidget
import traitlets


class StepSVG(anywidget.AnyWidget):
    _esm = """
    function render({ model, el }) {
      const NS = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(NS, "svg");
      svg.setAttribute("width", "360");
      svg.setAttribute("height", "80");
      const bars = [];
      for (let i = 0; i < 12; i++) {
        const r = document.createElementNS(NS, "rect");
        r.setAttribute("x", 6 + i * 29); r.setAttribute("y", 10);
        r.setAttribute("width", 24); r.setAttribute("height", 60);
        svg.appendChild(r); bars.push(r);
      }
      const draw = () => bars.forEach((r, i) =>
        r.setAttribute("fill", i < model.get("step") ? "#1f77b4" : "#eeeeee"));
      model.on("change:step", draw);
      draw();
      el.appendChild(svg);
    }
    export default { render };
    """
    step = traitlets.Int(0).tag(sync=True)


view = StepSVG()
step = widgets.IntSlider(value=0, min=0, max=12, description="step")
widgets.jslink((step, "value"), (view, "step"))
widgets.VBox([step, view])''',
    '''\
# (b2) anywidget canvas redrawn in its own requestAnimationFrame, jslinked the same way
class StepCanvas(anywidget.AnyWidget):
    _esm = """
    function render({ model, el }) {
      const c = document.createElement("canvas");
      c.width = 360; c.height = 80;
      const ctx = c.getContext("2d");
      const draw = () => {
        ctx.clearRect(0, 0, c.width, c.height);
        for (let i = 0; i < 12; i++) {
          ctx.fillStyle = i < model.get("step") ? "#d62728" : "#eeeeee";
          ctx.fillRect(6 + i * 29, 10, 24, 60);
        }
      };
      model.on("change:step", () => requestAnimationFrame(draw));
      draw();
      el.appendChild(c);
    }
    export default { render };
    """
    step = traitlets.Int(0).tag(sync=True)


painted = StepCanvas()
step_canvas = widgets.IntSlider(value=0, min=0, max=12, description="step (canvas)")
widgets.jslink((step_canvas, "value"), (painted, "step"))
widgets.VBox([step_canvas, painted])''',
    """\
# (c) a slider that changes nothing: its presses must time out
still = StepSVG()
nothing = widgets.IntSlider(value=0, min=0, max=12, description="nothing")
widgets.VBox([nothing, still])""",
]


def write_sanity_notebook(path: str | os.PathLike) -> Path:
    """The tiny notebook the method is checked on (also used by tests/ui)."""
    return h.write_notebook(path, SANITY_CELLS)


# ---------------------------------------------------------------------------- main


def run(
    notebooks: list[str] | None = None,
    presses: int = 10,
    warmup: int = 1,
    timeout_ms: float = 5000,
    settle_ms: float = 300,
    sanity: bool = False,
    labels: list[str] | None = None,
    phase: str = "spread",
) -> dict:
    """Measure; return {"keys", "rows", "notebooks", "load_average_*", ...}.

    ``phase``: "spread" spreads each control's presses evenly over the display's frame,
    "after-frame" presses right after a frame (the worst case)."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
    spread = phase == "spread"
    started = time.perf_counter()
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "viewport": VIEWPORT,
        "presses": presses,
        "warmup": warmup,
        "timeout_ms": timeout_ms,
        "settle_ms": settle_ms,
        "labels": labels,
        "phase": phase,
        "load_average_start": load_average(),
    }
    print(f"load average (1, 5, 15 min) at the start: {result['load_average_start']}")
    rows, infos = [], []
    with tempfile.TemporaryDirectory(prefix="bt-e2e-") as tmp, h.start_lab_server() as server:
        if sanity:
            names = [server.add_notebook(write_sanity_notebook(Path(tmp) / "e2e-sanity.ipynb"))]
        else:
            names = sorted(server.sources)
            if notebooks:
                names = [n for n in names if any(n.startswith(p) for p in notebooks)]
                if not names:
                    raise SystemExit(f"no notebook matches {notebooks} in {h.NOTEBOOKS_DIR}")
        with chromium() as browser:
            for name in names:
                r, info = measure_notebook(
                    browser, server, name, presses, warmup, timeout_ms, settle_ms, labels, spread
                )
                rows += r
                infos.append(info)
    result["load_average_end"] = load_average()
    result["total_s"] = time.perf_counter() - started
    result["keys"] = keys(rows)
    result["rows"] = rows
    result["notebooks"] = infos
    return result


def report(result: dict) -> None:
    print()
    print(markdown_table(result["rows"]))
    print()
    for k, v in result["keys"].items():
        goal = GOALS[k]
        met = "—" if not math.isfinite(v) else ("yes" if v <= goal else "no")
        unit = "frames" if k.endswith("_frames") else "ms"
        print(f"{k} = {fmt(v, '.1f')} {unit} (goal <= {goal:g}; met: {met})")
    failed = [r for r in result["rows"] if r["failures"]]
    if failed:
        print(f"{sum(r['failures'] for r in failed)} presses timed out in {len(failed)} controls")
    for info in result["notebooks"]:
        for e in info.get("errors", []):
            print(f"  {info['notebook']}: {e[:300]}")
    when = "spread over the frame" if result["phase"] == "spread" else "right after a frame"
    print(f"presses came {when} (--phase {result['phase']})")
    print(
        f"load average {result['load_average_start']} at the start, "
        f"{result['load_average_end']} at the end; {result['total_s']:.0f} s"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", nargs="*", help="name prefixes, e.g. 01 02 (default all)")
    parser.add_argument("--presses", type=int, default=10, help="timed presses per control")
    parser.add_argument("--warmup", type=int, default=1, help="untimed presses first")
    parser.add_argument("--timeout", type=float, default=5000, help="ms per press")
    parser.add_argument("--settle", type=float, default=300, help="quiet ms between presses")
    parser.add_argument("--sanity", action="store_true", help="the tiny check notebook only")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--labels", nargs="*", help="time only controls with these labels")
    parser.add_argument(
        "--phase",
        choices=PHASES,
        default="spread",
        help="when in the display's frame presses come (default: spread evenly over it)",
    )
    args = parser.parse_args(argv)
    result = run(
        args.notebooks,
        args.presses,
        args.warmup,
        args.timeout,
        args.settle,
        args.sanity,
        args.labels,
        args.phase,
    )
    result["command"] = " ".join(["benchmarks/browser.py", *(argv or sys.argv[1:])])
    report(result)
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=float) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
