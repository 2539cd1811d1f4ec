#!/usr/bin/env python
"""Voila under load: every notebook opened many times, a few at once, on a busy machine.

    python benchmarks/voila_load.py                     # 20 loads, 4 at once, 1 core busy
    python benchmarks/voila_load.py --notebooks 02 --loads 8 --json out.json

For each notebook one Voila server (tests/ui/harness.py: our template, a temporary copy of
notebooks/) and one headless Chromium; ``--loads`` page loads, ``--at-once`` of them
running together, while ``--busy`` other processes each keep a core busy (``while 1:
pass``, stopped at the end). Each load is a new page (a new kernel: Voila runs the
notebook for it). A load is good when its pictures are drawn (as many as
tests/ui/test_voila.py expects), nothing changes for 0.5 s, 3 s more pass (anywidget's
start-up deadline was 2 s) and then the page shows no "Error displaying widget", no Python
traceback and the console no fatal front-end error (test_voila.FATAL_CONSOLE). There is
no reload: a broken load counts as broken. Too slow for the test suite (8 loads of
notebook 2, 4 at once: 407 s at a load average of 35 on 2 cores); exits 1 if any load
was broken.

Keys: ``voila_broken_loads`` (goal 0) and ``voila_render_median_s`` /
``voila_render_p95_s`` (seconds from the request to the drawn page, what a learner waits).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from tests.ui import harness as h  # noqa: E402
from tests.ui.test_voila import CASES, PICTURES, fatal_errors  # noqa: E402

DRAWN_JS = """([sel, n]) => [...document.querySelectorAll(sel)]
    .filter((e) => e.tagName !== 'CANVAS' || (e.width > 0 && e.height > 0)).length >= n"""
FINGERPRINT_JS = """(sel) => [...document.querySelectorAll(sel)]
    .map((e) => e.tagName === 'CANVAS' ? e.toDataURL().length + ':' + e.width : e.outerHTML.length)
    .join(',')"""
QUIET_S = 0.5  # pictures unchanged this long: drawn
AFTER_S = 3.0  # then this much longer before the verdict (anywidget's old deadline: 2 s)


@dataclass
class Load:
    """One page load in flight."""

    index: int
    context: object
    page: object
    started: float
    console: list = field(default_factory=list)
    drawn_at: float | None = None
    fingerprint: str = ""
    quiet_since: float = 0.0


@contextlib.contextmanager
def busy_cores(n: int):
    """``n`` processes that each keep a core busy, stopped (by their ids) on exit."""
    procs = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for p in procs:
            p.kill()
            p.wait()


def start_load(browser, url: str, index: int) -> Load:
    context = browser.new_context(viewport=h.VIEWPORT)
    page = context.new_page()
    load = Load(index, context, page, time.monotonic())
    page.on("console", lambda m: load.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: load.console.append(f"pageerror: {exc}"))
    page.goto(url, wait_until="commit", timeout=600_000)
    return load


def verdict(load: Load, figures: int, timeout_s: float) -> dict | None:
    """The outcome of ``load`` once known (a dict), else None (still loading)."""
    now = time.monotonic()
    fatal = fatal_errors(load.console)
    if fatal:
        return {"broken": "; ".join(fatal)[:500]}
    if now - load.started > timeout_s:
        return {"broken": f"not drawn in {timeout_s:.0f} s"}
    page = load.page
    if load.drawn_at is None:
        if page.evaluate(DRAWN_JS, [PICTURES, figures]):
            load.fingerprint = page.evaluate(FINGERPRINT_JS, PICTURES)
            load.quiet_since = now
            load.drawn_at = now
        return None
    fingerprint = page.evaluate(FINGERPRINT_JS, PICTURES)
    if fingerprint != load.fingerprint:
        load.fingerprint, load.quiet_since = fingerprint, now
        return None
    if now - load.quiet_since < QUIET_S or now - load.drawn_at < AFTER_S:
        return None
    errors = h.widget_errors(page)
    if errors:
        return {"broken": " | ".join(errors)[:500]}
    return {"broken": None, "render_s": load.quiet_since - load.started}


def keep_evidence(load: Load, server, name: str, folder: Path | None) -> None:
    """For a broken load: its screenshot, console errors, pictures drawn, the Voila log."""
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):  # the page may be gone; the verdict stands
        load.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    drawn = "?"
    with contextlib.suppress(Exception):
        drawn = load.page.evaluate(
            """(sel) => [...document.querySelectorAll(sel)]
              .filter((e) => e.tagName !== 'CANVAS' || e.width > 0).length""",
            PICTURES,
        )
    lines = [f"pictures drawn: {drawn}", "console errors:", *load.console, "voila log:"]
    (folder / f"{name}.txt").write_text("\n".join([*lines, server.log_tail(200)]))
    print(f"  evidence: {folder / name}.(png|txt)", flush=True)


def run_notebook(
    browser, case, loads: int, at_once: int, timeout_s: float, evidence: Path | None
) -> list[dict]:
    """Load ``case.notebook`` ``loads`` times, ``at_once`` at a time; one row per load."""
    rows: list[dict] = []
    with h.voila_server(case.notebook) as server:
        active: list[Load] = []
        started = 0
        while started < loads or active:
            while started < loads and len(active) < at_once:
                active.append(start_load(browser, server.url, started))
                started += 1
            for load in list(active):
                outcome = verdict(load, case.figures, timeout_s)
                if outcome is None:
                    continue
                outcome.update(notebook=case.notebook, load=load.index)
                outcome["seconds"] = time.monotonic() - load.started
                rows.append(outcome)
                state = (
                    f"BROKEN: {outcome['broken']}"
                    if outcome["broken"]
                    else f"ok, rendered in {outcome['render_s']:.1f} s"
                )
                if outcome["broken"]:
                    keep_evidence(load, server, f"{case.notebook[:2]}-load{load.index}", evidence)
                load1 = os.getloadavg()[0]
                print(
                    f"  load {load.index:>2}: {outcome['seconds']:6.1f} s  {state}  "
                    f"(load average {load1:.1f})",
                    flush=True,
                )
                outcome["load_average_1min"] = round(load1, 2)
                load.context.close()
                active.remove(load)
            time.sleep(0.2)
    return rows


def summary(rows: list[dict]) -> dict:
    times = [r["render_s"] for r in rows if not r["broken"]]
    return {
        "voila_broken_loads": sum(1 for r in rows if r["broken"]),
        "voila_loads": len(rows),
        "voila_render_median_s": float(np.median(times)) if times else float("nan"),
        "voila_render_p95_s": float(np.percentile(times, 95)) if times else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notebooks", nargs="*", help="name prefixes, e.g. 01 02 (default all)")
    ap.add_argument("--loads", type=int, default=20, help="page loads per notebook")
    ap.add_argument("--at-once", type=int, default=4, help="page loads running together")
    ap.add_argument("--busy", type=int, default=1, help="processes keeping a core busy")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per load")
    ap.add_argument("--json", help="write the keys and every load here")
    ap.add_argument("--evidence", type=Path, help="folder for what a broken load showed")
    args = ap.parse_args(argv)
    cases = [c for c in CASES if not args.notebooks or c.notebook.startswith(tuple(args.notebooks))]
    from playwright.sync_api import sync_playwright

    rows: list[dict] = []
    t0 = time.monotonic()
    with busy_cores(args.busy), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=h.CHROMIUM_PATH, args=h.CHROMIUM_ARGS)
        try:
            for case in cases:
                print(f"{case.notebook}: {args.loads} loads, {args.at_once} at once", flush=True)
                nb_rows = run_notebook(
                    browser, case, args.loads, args.at_once, args.timeout, args.evidence
                )
                rows += nb_rows
                print(f"  {json.dumps(summary(nb_rows))}", flush=True)
        finally:
            browser.close()
    keys = summary(rows)
    seen = [r["load_average_1min"] for r in rows]
    # The machine is shared: the 1-minute load average seen as each load finished.
    keys["load_average_1min_median"] = float(np.median(seen)) if seen else float("nan")
    keys["load_average_1min_max"] = max(seen, default=float("nan"))
    keys["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    keys["wall_s"] = round(time.monotonic() - t0)
    print(json.dumps(keys, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps({"keys": keys, "loads": rows}, indent=1))
    return 1 if keys["voila_broken_loads"] else 0


if __name__ == "__main__":
    sys.exit(main())
