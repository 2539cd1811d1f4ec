// Page-side timing for benchmarks/browser.py: key press (or click) -> first animation
// frame in which the picture changed, measured inside the page with performance.now().
//
// Installed as a Playwright init script (before the page's own code), so every canvas
// context the page creates is seen: drawing calls on 2-D and WebGL contexts mark their
// canvas "dirty", and on the next animation frame a dirty 2-D canvas is hashed and
// compared with its hash before the press (ipympl 0.10 draws each frame it receives with
// drawImage onto the figure canvas, without any DOM mutation). DOM changes are seen by a
// MutationObserver on the control's cell output area (SVG views, text panels, images).
//
// window.__btE2E.discover()        -> [{id, kind, label, cell, ...}] every control shown
// window.__btE2E.press(id, i, opt) -> Promise of one timed press (see press() below)
//
// A press also records in which frame after it the picture changed (1: the first frame
// the page drew after the press): the milliseconds include the wait for that frame,
// which at 60 Hz is anything from 0 to 16.7 ms depending on when in the frame the key
// came. A learner's key comes at any moment of the display's frame; a press made as soon
// as the last one settled comes a fixed few ms after a frame (the settling is checked in
// frames), the moment that waits longest. opt.delay (ms, before the press) lets the
// caller spread its presses over the frame, and each press records how long after the
// last frame it came (after_frame_ms).
(() => {
  if (window.__btE2E) return;
  const now = () => performance.now();

  // ------------------------------------------------------------------ canvas bookkeeping
  const drawnAt = new WeakMap(); // canvas -> performance.now() of its last drawing call
  const contextType = new WeakMap(); // canvas -> "2d" | "webgl" | ... (from getContext)
  const mark = (canvas) => {
    if (canvas) drawnAt.set(canvas, now());
  };
  const patch = (proto, names) => {
    if (!proto) return;
    for (const name of names) {
      const orig = proto[name];
      if (typeof orig !== "function") continue;
      proto[name] = function (...args) {
        mark(this.canvas);
        return orig.apply(this, args);
      };
    }
  };
  patch(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype, [
    "drawImage", "putImageData", "fillRect", "clearRect", "strokeRect", "fill", "stroke",
    "fillText", "strokeText", "reset",
  ]);
  for (const gl of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    patch(gl && gl.prototype, ["drawArrays", "drawElements", "clear"]);
  }
  patch(window.ImageBitmapRenderingContext && ImageBitmapRenderingContext.prototype, [
    "transferFromImageBitmap",
  ]);
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const ctx = getContext.call(this, type, ...rest);
    if (ctx && !contextType.has(this)) contextType.set(this, String(type));
    return ctx;
  };

  // Our per-frame check runs as the *last* animation-frame callback of each frame: a view
  // that redraws in its own requestAnimationFrame callback has then already drawn, and
  // its change is credited to the frame that paints it (not one frame later). Each time
  // page code requests a frame, our pending callback is moved behind it.
  const rafOrig = window.requestAnimationFrame.bind(window);
  const cancelOrig = window.cancelAnimationFrame.bind(window);
  let lastId = null;
  let lastCb = null;
  let lastFrameEnd = null; // performance.now() when our check last ran in a frame
  const runLast = (t) => {
    lastFrameEnd = now();
    const cb = lastCb;
    lastId = null;
    lastCb = null;
    cb(t);
  };
  function lastFrame(cb) {
    if (lastId !== null) cancelOrig(lastId);
    lastCb = cb;
    lastId = rafOrig(runLast);
  }
  window.requestAnimationFrame = function (cb) {
    const id = rafOrig(cb);
    if (lastId !== null) {
      cancelOrig(lastId);
      lastId = rafOrig(runLast);
    }
    return id;
  };

  // A cheap exact fingerprint of a 2-D canvas: FNV-1a over its 32-bit pixels (a few ms
  // for a 900x600 figure, and only for canvases drawn on since the last frame).
  function canvasHash(c) {
    const type = contextType.get(c);
    if (!c.width || !c.height || !type) return `blank:${c.width}x${c.height}`;
    if (type !== "2d") return null; // WebGL etc.: a drawing call counts as a change
    const ctx = c.getContext("2d");
    const px = new Uint32Array(ctx.getImageData(0, 0, c.width, c.height).data.buffer);
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < px.length; i++) h = Math.imul(h ^ px[i], 16777619);
    return `${c.width}x${c.height}:${h >>> 0}`;
  }

  // ------------------------------------------------------------------ discovery
  const OUTPUT = ".jp-OutputArea-output";
  // ipywidgets 8 views, most specific first; the root is what the control owns (its
  // label and readout included), so its own changes never count as "the picture".
  const WIDGET_KINDS = [
    [".widget-play", "play"],
    [".widget-slider", "slider"], // noUiSlider inside; also ranged and vertical sliders
    [".widget-toggle-buttons", "toggle-buttons"],
    [".widget-dropdown", "dropdown"],
    [".widget-select", "select"],
    [".widget-radio", "radio"],
    [".widget-checkbox", "checkbox"],
    [".widget-toggle-button", "toggle"],
    [".widget-text", "text"], // Text, IntText, BoundedIntText, FloatText ...
    [".widget-textarea", "text"],
    [".widget-button", "button"],
  ];
  // Anything else a view draws inside an output (anywidget ES modules and the like).
  const GENERIC_KINDS = [
    ["input[type=range]", "range"],
    ["select", "select"],
    ["input[type=checkbox]", "checkbox"],
    ["input[type=radio]", "radio"],
    ["input[type=number], input[type=text], input:not([type]), textarea", "text"],
    ["button", "button"],
  ];
  // Chrome of other views that is not a control of the app.
  const IGNORE = ".jupyter-matplotlib-toolbar, .jupyter-matplotlib-header, " +
    ".jupyter-matplotlib-footer, .jp-OutputArea-prompt";

  const controls = [];
  const visible = (el) => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden";

  function scopeOf(el) {
    return el.closest(".jp-Cell-outputArea") || el.closest(".jp-OutputArea") ||
      el.closest(OUTPUT) || document.body;
  }

  function labelOf(root, kind, target) {
    // (ipywidgets puts a zero-width space in an empty description label)
    const txt = (el) => (el ? el.textContent.replace(/[\s\u200b]+/g, " ").trim() : "");
    if (kind === "play") return "Play";
    if (kind === "toggle-buttons" && !txt(root.querySelector(".widget-label"))) {
      return [...root.querySelectorAll("button")].map(txt).join(" / ");
    }
    for (const lab of root.querySelectorAll(".widget-label, .widget-label-basic, label")) {
      if (txt(lab)) return txt(lab);
    }
    if (kind === "button" || kind === "toggle") {
      const t = txt(root) || root.title || root.getAttribute("aria-label") || "";
      if (t) return t;
      const icon = root.querySelector("i");
      return icon ? `(icon ${icon.className})` : "(button)";
    }
    if (target) {
      if (target.getAttribute("aria-label")) return target.getAttribute("aria-label");
      if (target.labels && target.labels.length) return txt(target.labels[0]);
      const wrap = target.closest("label");
      if (wrap && txt(wrap)) return txt(wrap);
      return target.title || target.name || target.id || target.placeholder || kind;
    }
    return kind;
  }

  function cellInfo(el) {
    const cell = el.closest(".jp-Cell");
    if (!cell) return { cell: -1, source: "" };
    const cells = [...document.querySelectorAll(".jp-Notebook .jp-Cell")];
    const src = cell.querySelector(".jp-InputArea .cm-content, .jp-InputArea textarea");
    return { cell: cells.indexOf(cell), source: src ? src.innerText : "" };
  }

  function disabledOf(root, kind, target) {
    if (kind === "slider") return !!root.querySelector(".noUi-target[disabled]");
    if (kind === "toggle-buttons" || kind === "radio") {
      return [...root.querySelectorAll("button, input")].every((b) => b.disabled);
    }
    const el = target || root;
    return !!(el.disabled || el.matches(":disabled"));
  }

  function targetOf(root, kind) {
    switch (kind) {
      case "play": return root.querySelector("button");
      case "slider": return root.querySelector(".noUi-handle");
      case "dropdown": case "select": return root.matches("select") ? root : root.querySelector("select");
      case "checkbox": case "radio":
        return root.matches("input") ? root : root.querySelector("input");
      case "text":
        return root.matches("input, textarea") ? root : root.querySelector("input, textarea");
      default: return root;
    }
  }

  function discover() {
    controls.length = 0;
    const taken = [];
    const inTaken = (el) => taken.some((r) => r === el || r.contains(el));
    const found = [];
    for (const out of document.querySelectorAll(OUTPUT)) {
      for (const [sel, kind] of [...WIDGET_KINDS, ...GENERIC_KINDS]) {
        for (const root of out.querySelectorAll(sel)) {
          if (inTaken(root) || root.closest(IGNORE) || !visible(root)) continue;
          const target = targetOf(root, kind);
          if (!target) continue;
          if (kind === "slider" && !target.classList.contains("noUi-handle")) continue;
          taken.push(root);
          found.push({ root, kind, target, out });
        }
      }
    }
    // Page order, so the table reads like the notebook.
    found.sort((a, b) =>
      a.root.compareDocumentPosition(b.root) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    for (const f of found) {
      const id = controls.length;
      const scope = scopeOf(f.root);
      const ctl = { ...f, id, scope, label: labelOf(f.root, f.kind, f.target) };
      ctl.original = f.kind === "text" ? f.target.value : null;
      controls.push(ctl);
    }
    return controls.map((c) => {
      const info = cellInfo(c.root);
      return {
        id: c.id,
        kind: c.kind,
        label: c.label,
        generic: !c.root.matches(WIDGET_KINDS.map((k) => k[0]).join(",")),
        disabled: disabledOf(c.root, c.kind, c.target),
        cell: info.cell,
        source: info.source.slice(0, 400),
        pictures: pictures(c).length,
        output: [...document.querySelectorAll(OUTPUT)].indexOf(c.out),
      };
    });
  }

  // "The picture" of a control: figure elements of its output area (canvas, svg, img of
  // at least 24x24 px, so icons do not count) outside every control.
  function pictures(ctl) {
    const els = [...ctl.scope.querySelectorAll("canvas, svg, img")];
    return els.filter((el) => {
      if (el.tagName.toLowerCase() === "svg" && el.parentElement.closest("svg")) return false;
      if (controls.some((c) => c.scope === ctl.scope && c.root.contains(el))) return false;
      if (el.closest("button")) return false;
      const r = el.getBoundingClientRect();
      return r.width >= 24 && r.height >= 24;
    });
  }

  // ------------------------------------------------------------------ actions
  function fire(el, type, init = {}) {
    const Ctor = type.startsWith("key") ? KeyboardEvent : Event;
    el.dispatchEvent(new Ctor(type, { bubbles: true, cancelable: true, ...init }));
  }
  const key = (k, code) => ({ key: k, code: k, keyCode: code, which: code });

  // A different value each press, back and forth so values stay in range.
  function textValue(ctl, i) {
    const el = ctl.target;
    if (el.type === "number") {
      const v = parseFloat(el.value);
      const step = parseFloat(el.step) || 1;
      const max = el.max === "" ? Infinity : parseFloat(el.max);
      const min = el.min === "" ? -Infinity : parseFloat(el.min);
      let up = i % 2 === 0;
      if (v + step > max) up = false;
      if (v - step < min) up = true;
      return String(up ? v + step : v - step);
    }
    if (i % 2 === 1) return ctl.original;
    const m = ctl.original.match(/^\s*\d+(\s*,\s*\d+)*\s*$/);
    if (!m) return null; // no edit known to be valid
    const nums = ctl.original.split(",").map((s) => parseInt(s, 10));
    // Layer sizes "2, 3, 3, 1": change a hidden layer (not the input or output width);
    // a list of hidden layers: change its last one.
    const j = /hidden/i.test(ctl.label) || nums.length < 3 ? nums.length - 1 : nums.length - 2;
    nums[j] += 1;
    return nums.join(", ");
  }

  // Returns what was done (for the record) and an optional function to run once the
  // picture changed (Play: pause again).
  function act(ctl, i) {
    const el = ctl.target;
    switch (ctl.kind) {
      case "slider": {
        const v = parseFloat(el.getAttribute("aria-valuenow"));
        const lo = parseFloat(el.getAttribute("aria-valuemin"));
        const hi = parseFloat(el.getAttribute("aria-valuemax"));
        let up = i % 2 === 0;
        if (v >= hi) up = false;
        if (v <= lo) up = true;
        const vertical = !!ctl.root.querySelector(".noUi-vertical");
        const k = vertical ? (up ? "ArrowUp" : "ArrowDown") : (up ? "ArrowRight" : "ArrowLeft");
        fire(el, "keydown", key(k, { ArrowRight: 39, ArrowLeft: 37, ArrowUp: 38, ArrowDown: 40 }[k]));
        fire(el, "keyup", key(k, 0));
        return { did: k };
      }
      case "range": {
        const up = i % 2 === 0 ? el.valueAsNumber < parseFloat(el.max || 100)
          : el.valueAsNumber <= parseFloat(el.min || 0);
        if (up) el.stepUp(); else el.stepDown();
        fire(el, "input");
        fire(el, "change");
        return { did: `value=${el.value}` };
      }
      case "dropdown": case "select": {
        const n = el.options.length;
        let j = el.selectedIndex + (i % 2 === 0 ? 1 : -1);
        if (j >= n) j = el.selectedIndex - 1;
        if (j < 0) j = Math.min(1, n - 1);
        el.selectedIndex = j;
        fire(el, "input");
        fire(el, "change");
        return { did: `option ${j}` };
      }
      case "toggle-buttons": case "radio": {
        const opts = [...ctl.root.querySelectorAll(ctl.kind === "radio" ? "input" : "button")];
        const cur = opts.findIndex((b) => b.classList.contains("mod-active") || b.checked);
        let j = cur + (i % 2 === 0 ? 1 : -1);
        if (j >= opts.length) j = cur - 1;
        if (j < 0) j = Math.min(1, opts.length - 1);
        opts[j].click();
        return { did: `option ${j}` };
      }
      case "text": {
        const v = textValue(ctl, i);
        el.value = v;
        fire(el, "input");
        fire(el, "change");
        fire(el, "keydown", key("Enter", 13));
        fire(el, "keypress", key("Enter", 13));
        fire(el, "keyup", key("Enter", 13));
        return { did: `typed ${JSON.stringify(v)} + Enter` };
      }
      case "play": {
        el.click(); // play/pause button: ipywidgets 8 steps once at once, then each interval
        const pause = () => {
          const icon = el.querySelector("i");
          if (icon && /fa-pause/.test(icon.className)) el.click();
        };
        return { did: "play", after: pause };
      }
      default: // button, toggle, checkbox
        el.click();
        return { did: "click" };
    }
  }

  function canPress(ctl, i) {
    if (ctl.kind === "text") return textValue(ctl, i) !== null;
    return true;
  }

  // ------------------------------------------------------------------ one timed press
  const kernelIdle = () => {
    const bar = document.querySelector("#jp-main-statusbar");
    if (!bar) return true; // Voila: no status bar
    return !/\| *(Busy|Starting|Restarting|Connecting|Unknown)/.test(bar.innerText);
  };

  // Resolves to {t0, picture, text, control, ms, what, outcome, ...}; times in ms from
  // performance.now(). outcome: "picture" (a figure element changed), "text" (the output
  // has no figure and a text panel changed), "text-only" (it has one, but only text
  // changed), "timeout" (nothing but the control itself changed within opt.timeout).
  function press(id, i, opt = {}) {
    const o = { timeout: 5000, settle: 300, textGrace: 1500, settleCap: 20000, delay: 0, ...opt };
    const ctl = controls[id];
    if (!ctl) return Promise.reject(new Error(`no control ${id}: run discover() first`));
    if (!canPress(ctl, i)) return Promise.resolve({ outcome: "skipped", why: "no valid edit known" });
    const pics = pictures(ctl);
    // Every canvas of the output outside the controls (ipympl's transparent rubber-band
    // canvas too: it is never drawn on while a key is pressed).
    const canvases = () => [...ctl.scope.querySelectorAll("canvas")].filter(
      (c) => !controls.some((k) => k.scope === ctl.scope && k.root.contains(c)));
    const base = new Map();
    const seenDraw = new Map();
    const remember = () => {
      for (const c of canvases()) {
        base.set(c, canvasHash(c));
        seenDraw.set(c, drawnAt.get(c) || 0);
      }
    };
    const ownRoots = controls.filter((c) => c.scope === ctl.scope).map((c) => c.root);
    const inPicture = (n) => pics.some((p) => p === n || p.contains(n));
    const isPictureNode = (n) => n.nodeType === 1 &&
      (/^(canvas|svg|img)$/i.test(n.tagName) || n.querySelector?.("canvas, svg, img"));
    const st = { picture: null, text: null, control: null, pending: null, handled: null, what: null, lastActivity: 0, pictureFrame: null, frameAt: [] };
    let pendingPic = null;
    let pendingText = null;
    let pendingCtl = false;
    let pendingMark = false;
    const classify = (r) => {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!node) return ["text", "?"];
      if (r.type === "attributes" && (r.attributeName === "aria-busy" ||
          (r.attributeName === "class" && /\bbt-pending\b/.test(`${r.oldValue} ${node.className}`)))) {
        // The pending mark (helpers.js followControls): the press is seen, nothing new yet.
        return ["pending", ""];
      }
      if (r.type === "attributes") {
        // A canvas's pixels are checked by hashing; its attributes (ipympl sets the
        // "wait" cursor on it before each frame it draws) are not the picture.
        if (node.tagName.toLowerCase() === "canvas") return ["other", ""];
        if (r.attributeName === "style") {
          const strip = (v) => (v || "").replace(/cursor\s*:[^;]*;?/g, "").trim();
          if (strip(r.oldValue) === strip(node.getAttribute("style"))) return ["other", ""];
        }
      }
      if (inPicture(node)) return ["picture", `${r.type} in <${node.tagName.toLowerCase()}>`];
      if (r.type === "childList") {
        for (const n of [...r.addedNodes, ...r.removedNodes]) {
          if (isPictureNode(n) && !ownRoots.some((c) => c.contains(node))) {
            return ["picture", `<${n.tagName.toLowerCase()}> added/removed`];
          }
        }
      }
      if (ownRoots.some((c) => c.contains(node))) return ["control", ""];
      return ["text", `${r.type} in <${node.tagName.toLowerCase()}${node.className && typeof node.className === "string" ? "." + node.className.trim().split(/\s+/)[0] : ""}>`];
    };
    return new Promise((resolve) => {
      const mo = new MutationObserver((recs) => {
        for (const r of recs) {
          const [cls, what] = classify(r);
          if (cls === "picture" && !pendingPic) pendingPic = what;
          else if (cls === "text" && !pendingText) pendingText = what;
          else if (cls === "control") pendingCtl = true;
          else if (cls === "pending") pendingMark = true;
        }
        st.lastActivity = now();
      });
      let outcome = null;
      let doneAt = 0;
      let after = null;
      let frames = 0;
      let hashMs = 0;
      const finish = () => {
        mo.disconnect();
        const t0 = st.t0;
        const rel = (t) => (t === null ? null : t - t0);
        let ms = null;
        if (outcome === "picture") ms = rel(st.picture);
        else if (outcome === "text" || outcome === "text-only") ms = rel(st.text);
        resolve({
          outcome, ms, what: outcome === "picture" ? st.what : (outcome === "timeout" ? null : st.textWhat),
          picture_ms: rel(st.picture), text_ms: rel(st.text), control_ms: rel(st.control),
          pending_ms: rel(st.pending), handler_ms: rel(st.handled),
          settled_ms: now() - t0, frames, hash_ms: hashMs, did: st.did, pictures: pics.length,
          // In which frame the picture changed: 1 is the first the page drew after the press.
          picture_frame: st.pictureFrame,
          // How long after the last frame the press came (its phase in the frame).
          after_frame_ms: st.afterFrame, delay_ms: o.delay,
          frame_gap_ms: st.frameAt.length === 2 ? st.frameAt[1] - st.frameAt[0] : null,
        });
      };
      const frame = () => {
        const tf = now();
        frames += 1;
        if (pendingCtl && st.control === null) st.control = tf;
        if (pendingMark && st.pending === null) st.pending = tf;
        if (pendingText && st.text === null) { st.text = tf; st.textWhat = pendingText; }
        if (frames <= 2) st.frameAt.push(tf);
        if (pendingPic && st.picture === null) { st.picture = tf; st.what = pendingPic; st.pictureFrame = frames; }
        const h0 = now();
        for (const c of canvases()) {
          const d = drawnAt.get(c) || 0;
          if (d <= (seenDraw.get(c) || 0)) continue;
          seenDraw.set(c, d);
          st.lastActivity = Math.max(st.lastActivity, d);
          if (st.picture !== null) continue; // already changed: only track activity
          const h = canvasHash(c);
          if (h === null || h !== base.get(c)) {
            st.picture = tf;
            st.pictureFrame = frames;
            st.what = h === null ? "canvas (non-2d) drawn" : "canvas pixels";
          }
        }
        hashMs += now() - h0;
        const elapsed = tf - st.t0;
        if (outcome === null) {
          if (st.picture !== null) outcome = "picture";
          else if (st.text !== null && pics.length === 0) outcome = "text";
          else if (st.text !== null && tf - st.lastActivity > o.textGrace) outcome = "text-only";
          else if (elapsed > o.timeout) outcome = "timeout";
          if (outcome !== null) {
            doneAt = tf;
            if (after) after();
          }
        }
        if (outcome !== null) {
          const quiet = tf - st.lastActivity >= o.settle && tf - doneAt >= o.settle;
          if ((quiet && kernelIdle()) || tf - doneAt > o.settleCap) { finish(); return; }
        }
        lastFrame(frame);
      };
      const go = () => {
        remember(); // the picture as it is at the press, after any delay
        mo.observe(ctl.scope, {
          attributes: true, attributeOldValue: true, childList: true, characterData: true,
          subtree: true,
        });
        st.t0 = now();
        st.afterFrame = lastFrameEnd === null ? null : st.t0 - lastFrameEnd;
        st.lastActivity = st.t0;
        const r = act(ctl, i);
        st.handled = now(); // the page's own handlers ran synchronously until here
        st.did = r.did;
        after = r.after || null;
        lastFrame(frame);
      };
      if (o.delay > 0) setTimeout(go, o.delay);
      else go();
    });
  }

  // Scroll a control into view, focus it, then wait until its output is quiet.
  function prepare(id, quietMs = 500, capMs = 10000) {
    const ctl = controls[id];
    ctl.root.scrollIntoView({ block: "center" });
    if (ctl.target && ctl.target.focus) ctl.target.focus({ preventScroll: true });
    return new Promise((resolve) => {
      let last = now();
      const t0 = last;
      const mo = new MutationObserver(() => { last = now(); });
      mo.observe(ctl.scope, { attributes: true, childList: true, characterData: true, subtree: true });
      const tick = () => {
        const t = now();
        if ((t - last >= quietMs && kernelIdle()) || t - t0 > capMs) {
          mo.disconnect();
          resolve(t - t0);
        } else lastFrame(tick);
      };
      lastFrame(tick);
    });
  }

  window.__btE2E = { discover, press, prepare, controls, canvasHash, pictures };
})();
