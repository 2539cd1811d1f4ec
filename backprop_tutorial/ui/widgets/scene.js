// SceneWidget front end: draws a scene once, then shows one recorded frame per step.
// (helpers.js is put in front of this module by browser.py: svgEl, htmlEl, themed, ...)
//
// The Python side sends `scene` (static: nodes, edges, labels, panels, colours) and
// `frames` (one entry per step: node classes and texts, active edges, panel HTML).
// Stepping only changes `step`, which a slider or a Play widget links in the browser,
// so a step never waits for the kernel. The picture is a pure function of
// (scene, frames, step).

// Edge classes with an arrowhead of their own colour (any other class gets the grey one).
const MARKER_KINDS = ["idle", "forward", "backward", "shared", "path", "param", "first", "second"];

// Plain text of panel HTML (for the text alternative and the live announcement).
function plainText(html) {
  const d = document.createElement("div");
  d.innerHTML = (html || "").replace(/</g, " <"); // a space between blocks
  return (d.textContent || "").replace(/\s+/g, " ").trim();
}

// Where an edge leaves a node's outline towards (tx, ty).
function exitPoint(n, tx, ty) {
  const dx = tx - n.x;
  const dy = ty - n.y;
  if (dx === 0 && dy === 0) return [n.x, n.y];
  if (n.shape === "circle") {
    const r = n.w / 2;
    const d = Math.hypot(dx, dy);
    return [n.x + (dx / d) * r, n.y + (dy / d) * r];
  }
  const hw = n.w / 2;
  const hh = n.h / 2;
  if (n.shape === "diamond") {
    const t = 1 / (Math.abs(dx) / hw + Math.abs(dy) / hh);
    return [n.x + dx * t, n.y + dy * t];
  }
  const t = Math.abs(dx) * hh >= Math.abs(dy) * hw ? hw / Math.abs(dx) : hh / Math.abs(dy);
  return [n.x + dx * t, n.y + dy * t];
}

function edgePath(a, b, bend) {
  const [x0, y0] = exitPoint(a, b.x, b.y);
  const [x1, y1] = exitPoint(b, a.x, a.y);
  if (!bend) return { d: `M${x0},${y0} L${x1},${y1}`, mid: [(x0 + x1) / 2, (y0 + y1) / 2] };
  // A quadratic arc bent sideways by `bend` (fraction of the length): two uses of one
  // operand (x * x) get two arcs.
  const mx = (x0 + x1) / 2;
  const my = (y0 + y1) / 2;
  const nx = -(y1 - y0);
  const ny = x1 - x0;
  const cx = mx + nx * bend;
  const cy = my + ny * bend;
  return {
    d: `M${x0},${y0} Q${cx},${cy} ${x1},${y1}`,
    rev: `M${x1},${y1} Q${cx},${cy} ${x0},${y0}`,
    mid: [(mx + cx) / 2, (my + cy) / 2],
  };
}

function build(el, scene, state) {
  for (const off of state.offs || []) off();
  state.offs = [];
  el.innerHTML = "";
  const root = document.createElement("div");
  root.className = "bt-scene";
  const layout = document.createElement("div");
  layout.className = `bt-scene-layout bt-panels-${scene.panels_at || "below"}`;
  root.appendChild(layout);

  const figure = document.createElement("div");
  figure.className = "bt-scene-figure";
  figure.style.maxWidth = `${scene.width}px`;
  layout.appendChild(figure);

  // A labelled group, not role="img": its nodes are focusable and labelled one by one.
  const s = svgEl("svg", {
    viewBox: `0 0 ${scene.width} ${scene.height}`,
    width: "100%",
    role: "group",
    "aria-label": scene.title || "graph",
    "aria-roledescription": "picture",
    class: "bt-svg",
  });
  s.style.maxWidth = `${scene.width}px`;
  figure.appendChild(s);

  const defs = svgEl("defs", {}, s);
  for (const kind of MARKER_KINDS) {
    const m = svgEl(
      "marker",
      {
        id: `${state.uid}-arrow-${kind}`,
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: "auto-start-reverse",
        markerUnits: "userSpaceOnUse",
      },
      defs,
    );
    svgEl("path", { d: "M0,0 L10,5 L0,10 z", class: `bt-arrowhead bt-ah-${kind}` }, m);
  }

  const byId = {};
  for (const n of scene.nodes) byId[n.id] = n;

  const gEdges = svgEl("g", { class: "bt-edges" }, s);
  state.edges = {};
  for (const e of scene.edges || []) {
    const a = byId[e.source];
    const b = byId[e.target];
    if (!a || !b) continue;
    const geo = edgePath(a, b, e.bend || 0);
    const g = svgEl("g", { class: "bt-edge", "data-id": e.id }, gEdges);
    const base = svgEl("path", { d: geo.d, class: "bt-edge-line" }, g);
    if (e.width) base.style.strokeWidth = `${e.width}`;
    if (e.color) base.style.stroke = themed(e.color);
    if (e.dash) base.setAttribute("stroke-dasharray", e.dash);
    const arrow = scene.arrows !== false && e.arrow !== false;
    if (arrow) base.setAttribute("marker-end", `url(#${state.uid}-arrow-idle)`);
    if (e.tip) svgEl("title", {}, g).textContent = e.tip;
    g.setAttribute("aria-hidden", "true");
    // The backward overlay runs from the child back to the parent, so its arrowhead
    // points backwards: the direction the gradient travels.
    const back = svgEl("path", { d: geo.rev || reversePath(geo.d), class: "bt-edge-back" }, g);
    back.setAttribute("marker-end", `url(#${state.uid}-arrow-backward)`);
    let label = null;
    if (e.label !== undefined && e.label !== null) {
      label = svgEl("text", { x: geo.mid[0], y: geo.mid[1] - 4, class: "bt-edge-label" }, g);
      label.textContent = e.label;
    }
    state.edges[e.id] = { g, base, back, label, spec: e, arrow };
  }

  const gNodes = svgEl("g", { class: "bt-nodes" }, s);
  state.nodes = {};
  // Tab goes through the nodes in reading order: by column (x), then top to bottom.
  const reading = [...scene.nodes].sort((a, b) => a.x - b.x || a.y - b.y);
  for (const n of reading) {
    const g = svgEl("g", { class: `bt-node bt-focusable ${n.cls || ""}`, "data-id": n.id, tabindex: 0 }, gNodes);
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", n.label || n.id);
    let shape;
    if (n.shape === "circle") {
      shape = svgEl("circle", { cx: n.x, cy: n.y, r: n.w / 2, class: "bt-shape" }, g);
    } else if (n.shape === "diamond") {
      const hw = n.w / 2;
      const hh = n.h / 2;
      const pts = `${n.x},${n.y - hh} ${n.x + hw},${n.y} ${n.x},${n.y + hh} ${n.x - hw},${n.y}`;
      shape = svgEl("polygon", { points: pts, class: "bt-shape" }, g);
    } else {
      shape = svgEl(
        "rect",
        { x: n.x - n.w / 2, y: n.y - n.h / 2, width: n.w, height: n.h, rx: n.rx ?? 6, class: "bt-shape" },
        g,
      );
    }
    if (n.fill) shape.style.fill = themed(n.fill);
    const lines = [];
    const nl = n.lines ? n.lines.length : 1;
    const lh = n.line_height || 15;
    for (let i = 0; i < Math.max(nl, n.n_lines || 0); i++) {
      const t = svgEl(
        "text",
        {
          x: n.x,
          y: n.y + (i - (Math.max(nl, n.n_lines || 0) - 1) / 2) * lh,
          class: `bt-line bt-line-${i}`,
          "dominant-baseline": "central",
        },
        g,
      );
      if (n.font_size) t.style.fontSize = `${n.font_size}px`;
      t.textContent = n.lines ? n.lines[i] || "" : "";
      t.setAttribute("aria-hidden", "true");
      lines.push(t);
    }
    const show = () => showTip(state, n.id);
    const hide = () => hideTip(state);
    const key = (ev) => onNodeKey(ev, state, n.id);
    state.offs.push(
      listen(g, "mouseenter", show),
      listen(g, "focus", show),
      listen(g, "mouseleave", hide),
      listen(g, "blur", hide),
      listen(g, "keydown", key),
    );
    state.nodes[n.id] = { g, shape, lines, spec: n };
  }

  const gLabels = svgEl("g", { class: "bt-labels" }, s);
  for (const t of scene.labels || []) {
    const e = svgEl(
      "text",
      { x: t.x, y: t.y, class: `bt-label ${t.cls || ""}`, "text-anchor": t.anchor || "middle" },
      gLabels,
    );
    // Inline, so the stylesheet's centred default does not override the anchor.
    e.style.textAnchor = t.anchor || "middle";
    if (t.size) e.style.fontSize = `${t.size}px`;
    if (t.color) e.style.fill = themed(t.color);
    e.textContent = t.text;
  }

  const legend = scene.legend || [];
  if (legend.length) {
    const div = document.createElement("div");
    div.className = "bt-legend";
    div.innerHTML = legend.map((item) => `<span class="bt-legend-item">${themedHtml(item)}</span>`).join("");
    figure.appendChild(div);
  }

  state.tip = htmlEl("div", "bt-tip", figure);
  // The node's label already says it to a screen reader: the tip is for the eyes.
  state.tip.setAttribute("aria-hidden", "true");
  // What the picture shows now, announced when the step changes.
  state.live = htmlEl("div", "bt-sr-only bt-scene-live", figure);
  state.live.setAttribute("aria-live", "polite");
  state.figure = figure;
  state.svg = s;

  state.panels = {};
  const panelBox = document.createElement("div");
  panelBox.className = "bt-scene-panels";
  layout.appendChild(panelBox);
  for (const p of scene.panels || []) {
    const div = document.createElement("div");
    div.className = `bt-panel bt-panel-${p.id}`;
    if (p.min_height) div.style.minHeight = `${p.min_height}px`;
    panelBox.appendChild(div);
    state.panels[p.id] = div;
  }
  el.appendChild(root);
}

function reversePath(d) {
  const m = /^M([-\d.e]+),([-\d.e]+) L([-\d.e]+),([-\d.e]+)$/.exec(d);
  return m ? `M${m[3]},${m[4]} L${m[1]},${m[2]}` : d;
}

function showTip(state, id) {
  const frame = state.frame || {};
  const f = (frame.nodes || {})[id] || {};
  const n = state.nodes[id];
  const text = f.tip || n.spec.tip || n.spec.label || id;
  state.tip.textContent = text;
  state.tip.classList.add("bt-tip-on");
  const box = state.svg.getBoundingClientRect();
  const fig = state.figure.getBoundingClientRect();
  const scale = box.width / state.scene.width;
  const x = (n.spec.x + n.spec.w / 2) * scale + (box.left - fig.left) + 6;
  const y = (n.spec.y - (n.spec.h || n.spec.w) / 2) * scale + (box.top - fig.top);
  state.tip.style.left = `${Math.min(x, Math.max(0, fig.width - 260))}px`;
  state.tip.style.top = `${Math.max(0, y)}px`;
  state.tipFor = id;
}

// Arrows step (the step is linked to the slider and Play in the browser), Enter and
// Space show or hide the node's tip.
function onNodeKey(ev, state, id) {
  if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
    ev.preventDefault();
    ev.stopPropagation();
    state.stepBy(ev.key === "ArrowRight" ? 1 : -1);
  } else if (ev.key === "Home" || ev.key === "End") {
    // To the first or last step of the frames shown now (a slider's End may still know
    // only an older range: noUiSlider keeps the range it was created with for Home/End).
    ev.preventDefault();
    ev.stopPropagation();
    state.stepBy(ev.key === "End" ? Infinity : -Infinity);
  } else if (ev.key === "Enter" || ev.key === " ") {
    ev.preventDefault();
    if (state.tipFor === id) hideTip(state);
    else showTip(state, id);
  }
}

function hideTip(state) {
  state.tip.classList.remove("bt-tip-on");
  state.tipFor = null;
}

// Writes that change nothing are skipped: a step changes a few nodes of many, and every
// attribute written (even to the same value) makes the browser restyle, lay out and
// paint that element again in the frame the step is drawn in. Each element remembers
// what was last written to it (reading inline styles back gives normalised values).
function put(e, key, value, write) {
  const seen = e._btPut || (e._btPut = {});
  if (seen[key] === value) return;
  seen[key] = value;
  write(value);
}
const putAttr = (e, name, value) => put(e, name, value, (v) => e.setAttribute(name, v));
const putStyle = (e, name, value) => put(e, `style:${name}`, value, (v) => (e.style[name] = v));
const putText = (e, text) => {
  if (e.textContent !== text) e.textContent = text;
};

function apply(el, state, frames, step) {
  const k = Math.max(0, Math.min(step, frames.length - 1));
  const frame = frames[k] || {};
  state.frame = frame;
  const fnodes = frame.nodes || {};
  for (const [id, n] of Object.entries(state.nodes)) {
    const f = fnodes[id] || {};
    putAttr(n.g, "class", `bt-node ${n.spec.cls || ""} ${f.cls || ""}`);
    putStyle(n.shape, "fill", themed(f.fill || n.spec.fill) || "");
    const lines = f.lines || n.spec.lines || [];
    for (let i = 0; i < n.lines.length; i++) putText(n.lines[i], lines[i] || "");
    const tip = f.tip || n.spec.tip || "";
    const shown = lines.filter((t) => t).join(", ");
    putAttr(n.g, "aria-label", [n.spec.label || id, shown, tip].filter((t) => t).join(": "));
  }
  const fedges = frame.edges || {};
  for (const [id, e] of Object.entries(state.edges)) {
    const f = fedges[id];
    const cls = typeof f === "string" ? f : (f && f.cls) || "";
    putAttr(e.g, "class", `bt-edge ${e.spec.cls || ""} ${cls ? "bt-on bt-" + cls : ""}`);
    const kind = cls === "backward" || !MARKER_KINDS.includes(cls) ? "idle" : cls || "idle";
    if (e.arrow) putAttr(e.base, "marker-end", `url(#${state.uid}-arrow-${kind})`);
    // A highlighted edge takes its class's colour, whatever static colour it has.
    putStyle(e.base, "stroke", cls ? "" : themed(e.spec.color) || "");
    const width = f && typeof f === "object" && f.width ? f.width : e.spec.width;
    putStyle(e.base, "strokeWidth", width ? `${width}` : "");
    if (e.label && f && typeof f === "object" && f.label !== undefined) putText(e.label, String(f.label));
  }
  const panels = frame.panels || {};
  for (const [id, div] of Object.entries(state.panels)) {
    const html = panels[id] ?? "";
    if (div._html !== html) {
      div.innerHTML = themedHtml(html);
      div._html = html;
    }
  }
  // The text alternative: the title, the step, and what it shows (the frame's `say`, or
  // the active node and the first panel).
  let say = frame.say;
  if (!say) {
    const active = Object.values(state.nodes).find((n) => n.g.classList.contains("bt-active"));
    const first = Object.values(panels)[0] || "";
    if (state.plainOf !== first) {
      state.plainOf = first;
      state.plain = plainText(first);
    }
    say = [active ? active.g.getAttribute("aria-label") : "", state.plain].filter((t) => t).join(". ");
  }
  const where = frames.length > 1 ? `step ${k} of ${frames.length - 1}` : "";
  putAttr(state.svg, "aria-label", [state.scene.title || "graph", where, say].filter((t) => t).join(" — "));
  if (state.live.textContent !== say && state.shownStep !== undefined && state.shownStep !== k) state.live.textContent = say;
  state.shownStep = k;
  if (state.tipFor) showTip(state, state.tipFor);
  // For tests and the browser benchmark: which frame is on screen.
  putAttr(el, "data-step", String(k));
  putAttr(el, "data-frames", String(frames.length));
}

// The step slider and Play that step this picture (`slider` and `play`, widget
// references), linked here in the browser rather than by ipywidgets' jslink. A Play tick
// draws its frame first and moves the slider after that frame: the slider's view
// measures its read-out when it moves (a layout of the whole notebook), which made a Play
// press miss the first frame the browser could draw. The slider and Play follow each
// other and tell the kernel, as jslink did; the picture's own `step` only counts when no
// slider steps it.
function followSteppers(model, state, restep) {
  const offs = [];
  let later = 0;
  let live = true;
  // A widget reference arrives as "IPY_MODEL_<id>" (anywidget does not unpack it); a
  // control that is gone leaves the picture stepping by its own `step`.
  const resolve = (name) => {
    const v = model.get(name);
    const id = typeof v === "string" && v.startsWith("IPY_MODEL_") ? v.slice("IPY_MODEL_".length) : null;
    return modelById(model, id);
  };
  const follow = (m, v) => {
    if (m && m.get("value") !== v) {
      m.set("value", v);
      m.save_changes();
    }
  };
  const wire = async () => {
    const [slider, play] = await Promise.all([resolve("slider"), resolve("play")]);
    if (!live) return;
    state.slider = slider;
    if (slider) {
      state.k = slider.get("value");
      offs.push(
        onModel(slider, ["value"], () => {
          state.k = slider.get("value");
          restep();
          follow(play, state.k);
        }),
      );
    }
    if (play) {
      offs.push(
        onModel(play, ["value"], () => {
          state.k = play.get("value");
          restep();
          clearTimeout(later);
          // After the frame that draws the step (a task queued from inside the frame's
          // callback runs once that frame is done).
          requestAnimationFrame(() => {
            later = setTimeout(() => live && follow(slider, play.get("value")), 0);
          });
        }),
      );
    }
    restep();
  };
  wire();
  return () => {
    live = false;
    clearTimeout(later);
    for (const off of offs) off();
  };
}

function render({ model, el }) {
  const state = { uid: uniqueId("scene"), offs: [], slider: null, k: model.get("step") };
  const frames = () => model.get("frames") || [];
  state.stepBy = (d) => {
    const n = frames().length;
    const k = Math.max(0, Math.min(n - 1, state.k + d));
    if (k === state.k) return;
    if (state.slider) {
      state.slider.set("value", k); // the slider draws it and tells Play and the kernel
      state.slider.save_changes();
    } else {
      model.set("step", k);
      model.save_changes();
    }
  };
  const redraw = () => {
    state.scene = model.get("scene");
    if (!state.scene || !state.scene.nodes) {
      el.innerHTML = "";
      return;
    }
    build(el, state.scene, state);
    apply(el, state, frames(), state.k);
  };
  // A step is drawn in the next animation frame, once every handler of the press has run
  // (and before that frame paints). ipywidgets' slider measures its read-out in the same
  // press; drawing first made that read lay out the whole notebook, and the step missed
  // its frame (seen in Chromium's profiler: Play's picture a frame late).
  let queued = 0;
  const restep = () => {
    if (!state.nodes || queued) return;
    queued = requestAnimationFrame(() => {
      queued = 0;
      if (state.nodes) apply(el, state, frames(), state.k);
    });
  };
  const offScene = onModel(model, ["scene"], redraw);
  const offFrames = onModel(model, ["frames"], restep);
  const offStep = onModel(model, ["step"], () => {
    if (state.slider) return; // the slider says which step is shown
    state.k = model.get("step");
    restep();
  });
  const offSteppers = followSteppers(model, state, restep);
  const offVersion = onModel(model, ["version"], () => (el.dataset.version = String(model.get("version"))));
  const offPending = followControls(model, el);
  redraw();
  keysStayInOutput(el);
  el.dataset.version = String(model.get("version"));
  return () => {
    cancelAnimationFrame(queued);
    offSteppers();
    offPending();
    offScene();
    offFrames();
    offStep();
    offVersion();
    for (const off of state.offs) off();
  };
}

export default { render };
