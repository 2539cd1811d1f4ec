"""Notebook 5 in a real JupyterLab at 1366x768 with the file browser open: run all, move
every control of the three apps, draw a stroke with the mouse and see the probabilities
change; nothing wider than its output area, no widget errors."""

from __future__ import annotations

import re

import pytest

from . import harness as h

NOTEBOOK = "05-digits.ipynb"
pytestmark = pytest.mark.browser

# Every output's content must fit inside the output area (1 px of rounding allowed).
OVERFLOW_JS = """(sel) => [...document.querySelectorAll(sel)].flatMap((out, i) => {
    const box = out.getBoundingClientRect();
    if (box.width === 0) return [];
    const wide = [...out.querySelectorAll('*')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > box.right + 1;
    });
    return wide.length ? [`output ${i}: ${wide.length} element(s) past the right edge, ` +
        `e.g. ${wide[0].tagName}.${wide[0].className} right=${wide[0].getBoundingClientRect()
        .right.toFixed(0)} > ${box.right.toFixed(0)}`] : [];
})"""


def _app(page, css_class: str):
    """The cell output area holding the app with ``css_class``."""
    return page.locator(h.OUTPUTS).filter(has=page.locator(f".{css_class}")).first


def _slider(scope, name: str):
    label = scope.page.locator(h.WIDGET_LABEL, has_text=re.compile(rf"^{re.escape(name)}$"))
    return scope.locator(h.SLIDER).filter(has=label).first


def _status(app) -> str:
    return app.locator(".bt-digits-status").inner_text()


def _wait_status(page, app, pattern: str) -> str:
    """Wait until the trainer's status line matches ``pattern``; return it."""
    h.expect(app.locator(".bt-digits-status")).to_have_text(
        re.compile(pattern), use_inner_text=True
    )
    return _status(app)


def _stroke(page, canvas, points) -> None:
    """Press the mouse at the first point (fractions of the canvas), drag through the
    others, release."""
    box = canvas.bounding_box()

    def at(fx, fy):
        return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

    page.mouse.move(*at(*points[0]))
    page.mouse.down()
    for p in points[1:]:
        page.mouse.move(*at(*p), steps=8)
    page.mouse.up()


def _device_stroke(page, canvas, points, device: str) -> None:
    """The same stroke as :func:`_stroke`, by a finger (``"touch"``) or a pen (``"pen"``),
    through Chromium's input domain: the page gets real pointer events of that type."""
    box = canvas.bounding_box()
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    cdp = page.context.new_cdp_session(page)
    try:
        if device == "touch":
            cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchStart", "touchPoints": [{"x": xy[0][0], "y": xy[0][1]}]},
            )
            for (x0, y0), (x1, y1) in zip(xy, xy[1:], strict=False):
                for k in range(1, 9):
                    x, y = x0 + (x1 - x0) * k / 8, y0 + (y1 - y0) * k / 8
                    cdp.send(
                        "Input.dispatchTouchEvent",
                        {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]},
                    )
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        else:
            pen = {"pointerType": "pen", "button": "left", "force": 0.5}
            cdp.send(
                "Input.dispatchMouseEvent",
                {"type": "mouseMoved", "x": xy[0][0], "y": xy[0][1], "pointerType": "pen"},
            )
            cdp.send(
                "Input.dispatchMouseEvent",
                {"type": "mousePressed", "x": xy[0][0], "y": xy[0][1], "clickCount": 1, **pen},
            )
            for (x0, y0), (x1, y1) in zip(xy, xy[1:], strict=False):
                for k in range(1, 9):
                    x, y = x0 + (x1 - x0) * k / 8, y0 + (y1 - y0) * k / 8
                    cdp.send(
                        "Input.dispatchMouseEvent",
                        {"type": "mouseMoved", "x": x, "y": y, "buttons": 1, **pen},
                    )
            cdp.send(
                "Input.dispatchMouseEvent",
                {"type": "mouseReleased", "x": xy[-1][0], "y": xy[-1][1], "clickCount": 1, **pen},
            )
    finally:
        cdp.detach()  # fmt: skip


def _versions(scope) -> list:
    """``data-version`` of every PlotWidget in ``scope`` (written once drawn)."""
    return scope.locator(".bt-plot").evaluate_all(
        "els => els.map(e => +(e.parentElement.dataset.version || -1))"
    )


def _wait_versions(page, scope, before: list, which=None) -> list:
    """Wait until the plots ``which`` (indices; default all) have a newer version."""
    which = list(range(len(before)) if which is None else which)
    page.wait_for_function(
        """([els, before, which]) => which.every(i =>
            +(els[i].parentElement.dataset.version || -1) > before[i])""",
        arg=[scope.locator(".bt-plot").element_handles(), before, which],
    )
    return _versions(scope)


def _updates(draw) -> int:
    return int(draw.locator(".bt-digit").locator("..").get_attribute("data-updates") or 0)


def test_notebook05_apps_work(lab_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    h.open_notebook(page, lab_server, NOTEBOOK)
    h.run_all(page)
    h.wait_for_text(page, re.compile(r"epoch 30 · training loss"), timeout=h.RUN_ALL_TIMEOUT)
    h.wait_for_text(page, "true label", timeout=h.RUN_ALL_TIMEOUT)
    page.locator(".bt-digit-canvas").wait_for()
    page.wait_for_function(
        "() => document.querySelectorAll('.bt-plot').length >= 4", timeout=h.RUN_ALL_TIMEOUT
    )
    h.wait_kernel_idle(page)
    assert page.locator(h.FIGURE_CANVAS).count() == 0  # no ipympl figure left
    h.assert_no_widget_errors(page)
    # The file browser is open beside the notebook, as a learner has it.
    assert page.locator(".jp-FileBrowser").first.is_visible()
    h.screenshot(page, "nb05-top")
    clipped = page.evaluate(OVERFLOW_JS, h.OUTPUTS)
    assert not clipped, "\n".join(clipped)

    # -- batch size against the noise: the slider retrains and redraws the curve
    noise = _app(page, "bt-batch-noise")
    noise.scroll_into_view_if_needed()
    assert noise.locator('[data-layer="losses"] path').count() == 1
    h.screenshot(page, "nb05-batch-noise-16", noise)
    before = _versions(noise)
    h.slider_press(page, _slider(noise, "batch size"), "ArrowLeft", times=4)  # 16 -> 1
    noise.get_by_text(re.compile(r"^batch size 1: 1348 steps per epoch")).wait_for()
    _wait_versions(page, noise, before)
    noise.locator("text", has_text="batch size 1: 4,044 steps").wait_for()
    h.screenshot(page, "nb05-batch-noise", noise)

    # -- the trainer: every setting, Train, Stop, Reset
    trainer = _app(page, "bt-digits-trainer")
    trainer.scroll_into_view_if_needed()
    assert re.search(r"test accuracy (9[5-9]|100)\.\d %", _status(trainer)), _status(trainer)
    for layer in ("train_loss", "test_accuracy", "counts", "wrong0_image", "neuron0", "colorbar"):
        assert trainer.locator(f'.bt-plot [data-layer="{layer}"] > *').count() > 0, layer
    # The confusion matrix writes its counts; 10 x 10 cells, the 8x8 pictures 64 each.
    assert trainer.locator('[data-layer="counts"] rect').count() == 100
    assert trainer.locator('[data-layer="neuron0"] rect').count() == 64
    h.screenshot(page, "nb05-trainer-trained", trainer)
    for i, name in enumerate(("curves", "results", "weights")):
        plot = trainer.locator(".bt-plot").nth(i)
        plot.scroll_into_view_if_needed()
        h.screenshot(page, f"nb05-trainer-{name}", plot)
    h.slider_press(page, _slider(trainer, "epochs"), "Home")  # 1 epoch per Train
    before = _versions(trainer)
    h.slider_press(page, _slider(trainer, "hidden width"), "ArrowRight", times=2)
    _wait_status(page, trainer, r"^epoch 0 · .*network \[64, 34, 10\]")  # a new network
    _wait_versions(page, trainer, before)  # every picture shows the new network
    h.slider_press(page, _slider(trainer, "learning rate α"), "ArrowLeft", times=2)
    h.slider_press(page, _slider(trainer, "batch size"), "ArrowRight")  # 32 -> 64
    seed = trainer.locator(".widget-text", has=page.locator(h.WIDGET_LABEL, has_text="seed"))
    seed.locator("input").fill("3")
    seed.locator("input").press("Enter")
    before = _versions(trainer)
    trainer.get_by_role("button", name="Train").click()
    _wait_status(page, trainer, r"^epoch 1 · ")
    _wait_versions(page, trainer, before)
    trainer.get_by_role("button", name="Reset").click()
    _wait_status(page, trainer, r"^epoch 0 · ")
    # A long run, stopped part-way: fewer epochs than asked, and Train is usable again.
    h.slider_press(page, _slider(trainer, "epochs"), "End")  # 100
    before = _versions(trainer)
    trainer.get_by_role("button", name="Train").click()
    _wait_status(page, trainer, r"^epoch [1-9]\d* · ")
    _wait_versions(page, trainer, before, which=[0])  # the curves follow the training
    trainer.get_by_role("button", name="Stop").click()
    train_button = trainer.get_by_role("button", name="Train")
    h.expect(train_button).to_be_enabled()
    epoch = int(re.match(r"epoch (\d+)", _status(trainer))[1])
    assert 1 <= epoch < 100, _status(trainer)
    h.screenshot(page, "nb05-trainer-stopped", trainer)

    # -- your own digit: a stroke changes the probabilities, within a round trip
    draw = _app(page, "bt-digit-draw")
    draw.scroll_into_view_if_needed()
    verdict = draw.locator(".bt-digit-verdict")
    canvas = draw.locator(".bt-digit-canvas")
    draw.get_by_role("button", name="Clear").click()
    draw.get_by_text("empty: start drawing").wait_for()
    empty = verdict.inner_text()
    bars_before = draw.locator(".bt-digit-value").all_inner_texts()
    updates = _updates(draw)
    _stroke(page, canvas, [(0.5, 0.12), (0.52, 0.5), (0.5, 0.88)])  # a 1
    page.wait_for_function(
        "([host, v, n, t]) => +(host.dataset.updates || 0) > n && v.innerText !== t",
        arg=[
            draw.locator(".bt-digit").locator("..").element_handle(),
            verdict.element_handle(),
            updates,
            empty,
        ],
    )
    h.expect(draw.locator(".bt-digit-value")).not_to_have_text(bars_before, use_inner_text=True)
    latency = draw.locator(".bt-digit").locator("..").get_attribute("data-latency-ms")
    print(f"stroke -> new bars: {latency} ms (last message)")
    h.screenshot(page, "nb05-draw-one", draw)
    updates = _updates(draw)
    _stroke(page, canvas, [(0.15, 0.15), (0.55, 0.13)])  # a bar on top: towards a 7
    page.wait_for_function(  # the kernel answered the new drawing
        "([host, n]) => +(host.dataset.updates || 0) > n",
        arg=[draw.locator(".bt-digit").locator("..").element_handle(), updates],
    )
    h.screenshot(page, "nb05-draw-seven", draw)

    # A finger and a pen draw as the mouse does (pointer events of their own type).
    canvas.evaluate(
        "c => { window.btPointerTypes = new Set();"
        " c.addEventListener('pointerdown', e => window.btPointerTypes.add(e.pointerType)); }"
    )
    for device, points in (("touch", [(0.2, 0.5), (0.8, 0.5)]), ("pen", [(0.5, 0.2), (0.8, 0.8)])):
        draw.get_by_role("button", name="Clear").click()
        draw.get_by_text("empty: start drawing").wait_for()
        updates = _updates(draw)
        _device_stroke(page, canvas, points, device)
        page.wait_for_function(
            "([host, n]) => +(host.dataset.updates || 0) > n",
            arg=[draw.locator(".bt-digit").locator("..").element_handle(), updates],
        )
        h.expect(draw.get_by_text(re.compile(r"^ink: [1-9]\d* of 1024"))).to_be_visible()
        assert device in page.evaluate("() => [...window.btPointerTypes]"), device
        h.screenshot(page, f"nb05-draw-{device}", draw)

    # The test-image slider loads an image; the target menu retargets the gradient.
    h.slider_press(page, _slider(draw, "test image"), "ArrowRight", times=3)
    draw.get_by_text(re.compile(r"^ink: \d+ of 1024")).wait_for()
    draw.locator("select").select_option(label="3")
    draw.get_by_text("−dJ/dx for class 3").wait_for()
    h.screenshot(page, "nb05-draw-target3", draw)
    h.assert_no_widget_errors(page)
    clipped = page.evaluate(OVERFLOW_JS, h.OUTPUTS)
    assert not clipped, "\n".join(clipped)
    # No uncaught error in our front end (offline MathJax fetches may log their own).
    ours = [e for e in page.console_errors if "pageerror" in e or "digit" in e.lower()]
    assert not ours, ours
