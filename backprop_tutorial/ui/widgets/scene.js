// SceneWidget front end: draws a scene once, then shows one recorded frame per step.
//
// The Python side sends `scene` (static: nodes, edges, labels, panels, colours) and
// `frames` (one entry per step: node classes and texts, active edges, panel HTML).
// Stepping only changes `step`, which a slider or a Play widget links in the browser,
// so a step never waits for the kernel. The picture is a pure function of
// (scene, frames, step).

const SVG = "http://www.w3.org/2000/svg";
// Edge classes with an arrowhead of their own colour (any other class gets the grey one).
const MARKER_KINDS = ["idle", "forward", "backward", "shared", "path", "param", "first", "second"];

function svg(tag, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  }
  if (parent) parent.appendChild(e);
  return e;
}

function cssVars(colors) {
  return Object.entries(colors || {})
    .map(([k, v]) => `--bt-${k}: ${v};`)
    .join(" ");
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
  el.innerHTML = "";
  const root = document.createElement("div");
  root.className = "bt-scene";
  root.setAttribute("style", cssVars(scene.colors));
  const layout = document.createElement("div");
  layout.className = `bt-scene-layout bt-panels-${scene.panels_at || "below"}`;
  root.appendChild(layout);

  const figure = document.createElement("div");
  figure.className = "bt-scene-figure";
  figure.style.maxWidth = `${scene.width}px`;
  layout.appendChild(figure);

  const s = svg("svg", {
    viewBox: `0 0 ${scene.width} ${scene.height}`,
    width: "100%",
    role: "img",
    "aria-label": scene.title || "graph",
    class: "bt-svg",
  });
  s.style.maxWidth = `${scene.width}px`;
  figure.appendChild(s);
  if (scene.title) svg("title", {}, s).textContent = scene.title;

  const defs = svg("defs", {}, s);
  for (const kind of MARKER_KINDS) {
    const m = svg(
      "marker",
      {
        id: `bt-arrow-${state.uid}-${kind}`,
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
    svg("path", { d: "M0,0 L10,5 L0,10 z", class: `bt-arrowhead bt-ah-${kind}` }, m);
  }

  const byId = {};
  for (const n of scene.nodes) byId[n.id] = n;

  const gEdges = svg("g", { class: "bt-edges" }, s);
  state.edges = {};
  for (const e of scene.edges || []) {
    const a = byId[e.source];
    const b = byId[e.target];
    if (!a || !b) continue;
    const geo = edgePath(a, b, e.bend || 0);
    const g = svg("g", { class: "bt-edge", "data-id": e.id }, gEdges);
    const base = svg("path", { d: geo.d, class: "bt-edge-line" }, g);
    if (e.width) base.style.strokeWidth = `${e.width}`;
    if (e.color) base.style.stroke = e.color;
    if (e.dash) base.setAttribute("stroke-dasharray", e.dash);
    const arrow = scene.arrows !== false && e.arrow !== false;
    if (arrow) base.setAttribute("marker-end", `url(#bt-arrow-${state.uid}-idle)`);
    if (e.tip) svg("title", {}, g).textContent = e.tip;
    // The backward overlay runs from the child back to the parent, so its arrowhead
    // points backwards: the direction the gradient travels.
    const back = svg("path", { d: geo.rev || reversePath(geo.d), class: "bt-edge-back" }, g);
    back.setAttribute("marker-end", `url(#bt-arrow-${state.uid}-backward)`);
    let label = null;
    if (e.label !== undefined && e.label !== null) {
      label = svg("text", { x: geo.mid[0], y: geo.mid[1] - 4, class: "bt-edge-label" }, g);
      label.textContent = e.label;
    }
    state.edges[e.id] = { g, base, back, label, spec: e, arrow };
  }

  const gNodes = svg("g", { class: "bt-nodes" }, s);
  state.nodes = {};
  for (const n of scene.nodes) {
    const g = svg("g", { class: `bt-node ${n.cls || ""}`, "data-id": n.id, tabindex: 0 }, gNodes);
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", n.label || n.id);
    let shape;
    if (n.shape === "circle") {
      shape = svg("circle", { cx: n.x, cy: n.y, r: n.w / 2, class: "bt-shape" }, g);
    } else if (n.shape === "diamond") {
      const hw = n.w / 2;
      const hh = n.h / 2;
      const pts = `${n.x},${n.y - hh} ${n.x + hw},${n.y} ${n.x},${n.y + hh} ${n.x - hw},${n.y}`;
      shape = svg("polygon", { points: pts, class: "bt-shape" }, g);
    } else {
      shape = svg(
        "rect",
        { x: n.x - n.w / 2, y: n.y - n.h / 2, width: n.w, height: n.h, rx: n.rx ?? 6, class: "bt-shape" },
        g,
      );
    }
    if (n.fill) shape.style.fill = n.fill;
    const title = svg("title", {}, g);
    title.textContent = n.label || n.id;
    const lines = [];
    const nl = n.lines ? n.lines.length : 1;
    const lh = n.line_height || 15;
    for (let i = 0; i < Math.max(nl, n.n_lines || 0); i++) {
      const t = svg(
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
      lines.push(t);
    }
    const show = () => showTip(state, n.id);
    g.addEventListener("mouseenter", show);
    g.addEventListener("focus", show);
    g.addEventListener("mouseleave", () => hideTip(state));
    g.addEventListener("blur", () => hideTip(state));
    state.nodes[n.id] = { g, shape, lines, title, spec: n };
  }

  const gLabels = svg("g", { class: "bt-labels" }, s);
  for (const t of scene.labels || []) {
    const e = svg(
      "text",
      { x: t.x, y: t.y, class: `bt-label ${t.cls || ""}`, "text-anchor": t.anchor || "middle" },
      gLabels,
    );
    // Inline, so the stylesheet's centred default does not override the anchor.
    e.style.textAnchor = t.anchor || "middle";
    if (t.size) e.style.fontSize = `${t.size}px`;
    if (t.color) e.style.fill = t.color;
    e.textContent = t.text;
  }

  const legend = scene.legend || [];
  if (legend.length) {
    const div = document.createElement("div");
    div.className = "bt-legend";
    div.innerHTML = legend.map((item) => `<span class="bt-legend-item">${item}</span>`).join("");
    figure.appendChild(div);
  }

  state.tip = document.createElement("div");
  state.tip.className = "bt-tip";
  state.tip.setAttribute("role", "status");
  figure.appendChild(state.tip);
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

function hideTip(state) {
  state.tip.classList.remove("bt-tip-on");
  state.tipFor = null;
}

function apply(el, state, frames, step) {
  const k = Math.max(0, Math.min(step, frames.length - 1));
  const frame = frames[k] || {};
  state.frame = frame;
  const fnodes = frame.nodes || {};
  for (const [id, n] of Object.entries(state.nodes)) {
    const f = fnodes[id] || {};
    n.g.setAttribute("class", `bt-node ${n.spec.cls || ""} ${f.cls || ""}`);
    n.shape.style.fill = f.fill || n.spec.fill || "";
    const lines = f.lines || n.spec.lines || [];
    for (let i = 0; i < n.lines.length; i++) n.lines[i].textContent = lines[i] || "";
    n.title.textContent = f.tip || n.spec.tip || n.spec.label || id;
  }
  const fedges = frame.edges || {};
  for (const [id, e] of Object.entries(state.edges)) {
    const f = fedges[id];
    const cls = typeof f === "string" ? f : (f && f.cls) || "";
    e.g.setAttribute("class", `bt-edge ${e.spec.cls || ""} ${cls ? "bt-on bt-" + cls : ""}`);
    const kind = cls === "backward" || !MARKER_KINDS.includes(cls) ? "idle" : cls || "idle";
    if (e.arrow)
      e.base.setAttribute("marker-end", `url(#bt-arrow-${state.uid}-${kind})`);
    // A highlighted edge takes its class's colour, whatever static colour it has.
    e.base.style.stroke = cls ? "" : e.spec.color || "";
    if (f && typeof f === "object" && f.width) e.base.style.strokeWidth = `${f.width}`;
    else e.base.style.strokeWidth = e.spec.width ? `${e.spec.width}` : "";
    if (e.label && f && typeof f === "object" && f.label !== undefined) e.label.textContent = f.label;
  }
  const panels = frame.panels || {};
  for (const [id, div] of Object.entries(state.panels)) {
    const html = panels[id] ?? "";
    if (div._html !== html) {
      div.innerHTML = html;
      div._html = html;
    }
  }
  if (state.tipFor) showTip(state, state.tipFor);
  // For tests and the browser benchmark: which frame is on screen.
  el.dataset.step = String(k);
  el.dataset.frames = String(frames.length);
}

let counter = 0;

function render({ model, el }) {
  const state = { uid: `s${++counter}` };
  const redraw = () => {
    state.scene = model.get("scene");
    if (!state.scene || !state.scene.nodes) {
      el.innerHTML = "";
      return;
    }
    build(el, state.scene, state);
    apply(el, state, model.get("frames") || [], model.get("step"));
  };
  const restep = () => {
    if (!state.nodes) return;
    apply(el, state, model.get("frames") || [], model.get("step"));
  };
  model.on("change:scene", redraw);
  model.on("change:frames", restep);
  model.on("change:step", restep);
  redraw();
  return () => {
    model.off("change:scene", redraw);
    model.off("change:frames", restep);
    model.off("change:step", restep);
  };
}

export default { render };
