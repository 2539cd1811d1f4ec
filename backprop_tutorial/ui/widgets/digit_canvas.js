// DigitCanvas front end: paint a digit with the mouse, see what the network says.
//
// The learner paints on a 32x32 grid of cells (the resolution of the original scans);
// every 4x4 block's count of inked cells, 0..16, is one of the 64 pixels the network
// reads, exactly how the data set was made. Those 64 numbers go to the kernel (`ink`),
// which answers with `probabilities` and `saliency` (-dJ/dx); the bars and the saliency
// picture are drawn here, so a stroke needs one small round trip and no image transfer.
// Pointer events: mouse, touch and pen draw alike. (helpers.js is put in front of this
// module by browser.py: htmlEl, hexToRgb, listen, onModel.)

const FINE = 32; // cells per side of the painting grid
const BLOCK = 4; // fine cells per pixel side (32 / 8)
const CELL = 8; // screen px per fine cell: a 256 px canvas
const SIZE = FINE * CELL;
const BRUSH = 2.0; // brush radius, in fine cells (tests/notebooks/test_notebook05_claims.py draws with it)
// Fill order of a 4x4 block when the kernel sends a picture (an example): spread out.
const BAYER = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

// -1 -> negative colour, 0 -> white, 1 -> positive colour.
function diverging(t, neg, pos) {
  const c = t < 0 ? neg : pos;
  const a = Math.min(1, Math.abs(t));
  return `rgb(${c.map((x) => Math.round(255 + (x - 255) * a)).join(",")})`;
}

function render({ model, el: root }) {
  const colors = model.get("colors") || {};
  const neg = hexToRgb(colors.negative || "#0072B2");
  const pos = hexToRgb(colors.positive || "#E69F00");

  root.innerHTML = "";
  const box = htmlEl("div", "bt-digit", root);
  const left = htmlEl("div", "bt-digit-col", box);
  htmlEl("div", "bt-digit-head", left, "Draw a digit (mouse, finger or pen)");
  const canvas = htmlEl("canvas", "bt-digit-canvas", left);
  canvas.width = SIZE;
  canvas.height = SIZE;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "drawing grid, 8 by 8 pixels: draw with a mouse, a finger or a pen");
  const tools = htmlEl("div", "bt-digit-tools", left);
  const clear = htmlEl("button", "bt-digit-clear jupyter-button", tools, "Clear");
  clear.type = "button";
  const inkText = htmlEl("span", "bt-digit-inktext", tools);

  const middle = htmlEl("div", "bt-digit-col bt-digit-bars-col", box);
  const verdict = htmlEl("div", "bt-digit-head bt-digit-verdict", middle);
  verdict.setAttribute("aria-live", "polite");
  const bars = htmlEl("div", "bt-digit-bars", middle);
  const rows = [];
  for (let k = 0; k < 10; k++) {
    const row = htmlEl("div", "bt-digit-row", bars);
    htmlEl("span", "bt-digit-label", row, String(k));
    const track = htmlEl("span", "bt-digit-track", row);
    const fill = htmlEl("span", "bt-digit-fill", track);
    const value = htmlEl("span", "bt-digit-value", row);
    const mark = htmlEl("span", "bt-digit-mark", row);
    rows.push({ row, fill, value, mark });
  }

  const right = htmlEl("div", "bt-digit-col", box);
  const salHead = htmlEl("div", "bt-digit-head", right);
  const sal = htmlEl("canvas", "bt-digit-saliency", right);
  sal.width = 160;
  sal.height = 160;
  sal.setAttribute("role", "img");
  const salText = htmlEl("div", "bt-digit-caption", right);

  const ctx = canvas.getContext("2d");
  const sctx = sal.getContext("2d");
  let fine = new Uint8Array(FINE * FINE);
  let ink = (model.get("ink") || []).slice();
  let sentAt = null;
  let pending = false;

  function blocks() {
    const out = new Array(64).fill(0);
    for (let r = 0; r < FINE; r++) {
      for (let c = 0; c < FINE; c++) {
        if (fine[r * FINE + c]) out[Math.floor(r / BLOCK) * 8 + Math.floor(c / BLOCK)] += 1;
      }
    }
    return out;
  }

  function fromInk(values) {
    // A picture sent by the kernel: turn on `v` cells of each 4x4 block.
    fine = new Uint8Array(FINE * FINE);
    values.forEach((v, i) => {
      const br = Math.floor(i / 8);
      const bc = i % 8;
      for (let k = 0; k < Math.min(16, v); k++) {
        const cell = BAYER[k];
        fine[(br * BLOCK + Math.floor(cell / BLOCK)) * FINE + bc * BLOCK + (cell % BLOCK)] = 1;
      }
    });
  }

  function drawCanvas() {
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, SIZE, SIZE);
    // What the network sees: each pixel's ink 0..16 as a grey level.
    for (let i = 0; i < 64; i++) {
      const g = Math.round(255 * (1 - ink[i] / 16));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect((i % 8) * CELL * BLOCK, Math.floor(i / 8) * CELL * BLOCK, CELL * BLOCK, CELL * BLOCK);
    }
    // The stroke itself, faintly, over it.
    ctx.fillStyle = "rgba(0, 114, 178, 0.35)";
    for (let r = 0; r < FINE; r++) {
      for (let c = 0; c < FINE; c++) {
        if (fine[r * FINE + c]) ctx.fillRect(c * CELL, r * CELL, CELL, CELL);
      }
    }
    ctx.strokeStyle = "#c8c8c8";
    ctx.lineWidth = 1;
    for (let k = 0; k <= 8; k++) {
      const p = k * CELL * BLOCK + 0.5;
      ctx.beginPath();
      ctx.moveTo(p, 0);
      ctx.lineTo(p, SIZE);
      ctx.moveTo(0, p);
      ctx.lineTo(SIZE, p);
      ctx.stroke();
    }
    const total = ink.reduce((a, b) => a + b, 0);
    inkText.textContent = total ? `ink: ${total} of ${64 * 16}` : "empty: start drawing";
  }

  function drawOutputs() {
    const p = model.get("probabilities") || [];
    const predicted = model.get("predicted");
    const gclass = model.get("gradient_class");
    rows.forEach((r, k) => {
      const v = p[k] || 0;
      r.fill.style.width = `${(100 * v).toFixed(1)}%`;
      r.value.textContent = `${(100 * v).toFixed(v >= 0.995 || v < 0.1 ? 1 : 0)} %`;
      const isPred = k === predicted;
      r.row.classList.toggle("bt-digit-predicted", isPred);
      r.mark.textContent = isPred ? "◀ prediction" : "";
    });
    verdict.textContent = model.get("verdict") || "";
    // The saliency picture: -dJ/dx, one colour scale from its own largest value.
    const s = model.get("saliency") || [];
    const top = Math.max(1e-12, ...s.map(Math.abs));
    const cell = sal.width / 8;
    for (let i = 0; i < 64; i++) {
      sctx.fillStyle = diverging((s[i] || 0) / top, neg, pos);
      sctx.fillRect((i % 8) * cell, Math.floor(i / 8) * cell, cell, cell);
    }
    sctx.strokeStyle = "#999";
    sctx.strokeRect(0.5, 0.5, sal.width - 1, sal.height - 1);
    salHead.textContent = `−dJ/dx for class ${gclass}`;
    sal.setAttribute("aria-label", `saliency picture −dJ/dx for class ${gclass}: orange where more ink raises p(${gclass}), blue where less ink does`);
    salText.innerHTML =
      // A swatch carries the colour; the words stay in the text colour (readable in both themes).
      `<span class="bt-digit-swatch" style="background:rgb(${pos})"></span><b>orange (+)</b>: more ink here raises p(${gclass});<br>` +
      `<span class="bt-digit-swatch" style="background:rgb(${neg})"></span><b>blue (−)</b>: less ink here raises it. ` +
      `Largest |dJ/dx|: ${top.toPrecision(2)}`;
    if (sentAt !== null) {
      root.dataset.latencyMs = String(Math.round(performance.now() - sentAt));
      sentAt = null;
    }
    root.dataset.updates = String(Number(root.dataset.updates || 0) + 1);
  }

  // The kernel prepares the drawing as the data set's scans were prepared (centred and
  // scaled before counting) and answers with the 64 pixels the network sees; until then
  // the grey squares show the plain block counts.
  let sentCells = model.get("cells") || "";
  function send() {
    pending = false;
    // Always the whole grid: all zeros after Clear is a drawing too (an empty one), so
    // it also clears a test image the kernel had loaded.
    const cells = Array.from(fine, (v) => (v ? "1" : "0")).join("");
    if (cells === sentCells) return;
    sentCells = cells;
    ink = blocks();
    drawCanvas();
    sentAt = performance.now();
    model.set("cells", cells);
    model.save_changes();
  }

  function schedule() {
    // At most one message per animation frame, however fast the mouse moves.
    drawCanvas();
    if (!pending) {
      pending = true;
      requestAnimationFrame(send);
    }
  }

  function paintAt(x, y) {
    for (let r = Math.floor(y - BRUSH); r <= Math.ceil(y + BRUSH); r++) {
      for (let c = Math.floor(x - BRUSH); c <= Math.ceil(x + BRUSH); c++) {
        if (r < 0 || c < 0 || r >= FINE || c >= FINE) continue;
        if ((r + 0.5 - y) ** 2 + (c + 0.5 - x) ** 2 <= BRUSH * BRUSH) fine[r * FINE + c] = 1;
      }
    }
  }

  let last = null;
  function position(ev) {
    const rect = canvas.getBoundingClientRect();
    return [((ev.clientX - rect.left) / rect.width) * FINE, ((ev.clientY - rect.top) / rect.height) * FINE];
  }
  function stroke(ev) {
    const [x, y] = position(ev);
    if (last) {
      // Fill the gap between two mouse events so a fast stroke stays connected.
      const steps = Math.max(1, Math.ceil(Math.hypot(x - last[0], y - last[1]) / 0.5));
      for (let k = 1; k <= steps; k++) {
        paintAt(last[0] + ((x - last[0]) * k) / steps, last[1] + ((y - last[1]) * k) / steps);
      }
    } else {
      paintAt(x, y);
    }
    last = [x, y];
    schedule();
  }
  // touch-action: none (digit_canvas.css) keeps a finger's stroke from scrolling the page;
  // the capture keeps the stroke when the pointer leaves the canvas.
  let drawing = false;
  const end = (ev) => {
    drawing = false;
    last = null;
    if (canvas.hasPointerCapture && canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
  };
  const offs = [
    listen(canvas, "pointerdown", (ev) => {
      ev.preventDefault();
      canvas.setPointerCapture(ev.pointerId);
      drawing = true;
      last = null;
      stroke(ev);
    }),
    listen(canvas, "pointermove", (ev) => {
      if (drawing) stroke(ev); // only while pressed (pointerdown set it)
    }),
    listen(canvas, "pointerup", end),
    listen(canvas, "pointercancel", end),
    listen(clear, "click", () => {
      fine = new Uint8Array(FINE * FINE);
      schedule();
    }),
  ];

  const onInk = () => {
    ink = (model.get("ink") || []).slice();
    // The answer to our own drawing keeps the strokes; a picture the kernel loaded (a
    // test image) replaces them.
    if ((model.get("cells") || "") !== sentCells || !sentCells) {
      sentCells = model.get("cells") || "";
      if (!sentCells) fromInk(ink);
    }
    drawCanvas();
  };
  offs.push(onModel(model, ["ink"], onInk));
  // The kernel sends its answer as one message that changes several traits: redraw
  // once, at the next frame.
  let outputsPending = false;
  const redrawOutputs = () => {
    if (outputsPending) return;
    outputsPending = true;
    requestAnimationFrame(() => {
      outputsPending = false;
      drawOutputs();
    });
  };
  offs.push(onModel(model, ["probabilities", "saliency", "predicted", "gradient_class", "verdict"], redrawOutputs));
  offs.push(onModel(model, ["version"], () => (root.dataset.version = String(model.get("version")))));
  // A new test image or gradient target is pending until the kernel answers.
  offs.push(followControls(model, root));

  fromInk(ink);
  drawCanvas();
  drawOutputs();
  return () => {
    for (const off of offs) off();
  };
}

export default { render };
