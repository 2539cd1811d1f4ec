// PlotWidget front end: axes, heat maps, lines, points, arrows and bars, drawn in the
// browser from data the kernel sends (see backprop_tutorial/ui/charts.py; helpers.js is put in
// front of this module by browser.py: svgEl, htmlEl, themed, hexToRgb, ...).
//
// `figure` holds the axes (pixel boxes, limits, ticks, labels); `layers` maps a layer
// id to what it draws. Only layers whose data changed are redrawn. Heat maps are
// painted on a <canvas> under the SVG; everything else is SVG, so the picture scales
// to the output area's width without clipping.

function scaler(ax) {
  const [x0, x1] = ax.xlim;
  const [y0, y1] = ax.ylim;
  const lx = ax.xscale === "log";
  const ly = ax.yscale === "log";
  const fx = lx ? Math.log10 : (v) => v;
  const fy = ly ? Math.log10 : (v) => v;
  const X0 = fx(x0);
  const X1 = fx(x1);
  const Y0 = fy(y0);
  const Y1 = fy(y1);
  return {
    x: (v) => ax.x + ((fx(v) - X0) / (X1 - X0)) * ax.w,
    y: (v) => ax.y + ax.h - ((fy(v) - Y0) / (Y1 - Y0)) * ax.h,
  };
}

function finite(v) {
  return v !== null && v !== undefined && Number.isFinite(v);
}

function polyline(xs, ys, s) {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    if (!finite(xs[i]) || !finite(ys[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${s.x(xs[i]).toFixed(1)},${s.y(ys[i]).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function marker(g, shape, cx, cy, r, attrs) {
  if (shape === "square") return svgEl("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, ...attrs }, g);
  if (shape === "triangle")
    return svgEl("path", { d: `M${cx},${cy - r * 1.2} L${cx + r * 1.1},${cy + r * 0.8} L${cx - r * 1.1},${cy + r * 0.8} Z`, ...attrs }, g);
  if (shape === "cross")
    return svgEl("path", { d: `M${cx - r},${cy - r} L${cx + r},${cy + r} M${cx - r},${cy + r} L${cx + r},${cy - r}`, ...attrs, fill: "none", "stroke-width": 2 }, g);
  if (shape === "diamond")
    return svgEl("path", { d: `M${cx},${cy - r * 1.3} L${cx + r},${cy} L${cx},${cy + r * 1.3} L${cx - r},${cy} Z`, ...attrs }, g);
  return svgEl("circle", { cx, cy, r, ...attrs }, g);
}

function drawAxes(g, ax) {
  const s = scaler(ax);
  svgEl("rect", { x: ax.x, y: ax.y, width: ax.w, height: ax.h, class: "bt-plot-frame" }, g);
  const fs = ax.font_size || 12;
  // The ticks and their labels come from the kernel (ui/scale.py): one tick algorithm.
  (ax.xticks || []).forEach((t, i) => {
    const px = s.x(t);
    if (px < ax.x - 0.5 || px > ax.x + ax.w + 0.5) return;
    if (ax.grid) svgEl("line", { x1: px, x2: px, y1: ax.y, y2: ax.y + ax.h, class: "bt-plot-grid" }, g);
    svgEl("line", { x1: px, x2: px, y1: ax.y + ax.h, y2: ax.y + ax.h + 4, class: "bt-plot-tick" }, g);
    const lab = svgEl("text", { x: px, y: ax.y + ax.h + 6 + fs, class: "bt-plot-ticklabel", "text-anchor": "middle" }, g);
    lab.textContent = (ax.xticklabels || [])[i] ?? String(t);
  });
  (ax.yticks || []).forEach((t, i) => {
    const py = s.y(t);
    if (py < ax.y - 0.5 || py > ax.y + ax.h + 0.5) return;
    if (ax.grid) svgEl("line", { x1: ax.x, x2: ax.x + ax.w, y1: py, y2: py, class: "bt-plot-grid" }, g);
    svgEl("line", { x1: ax.x - 4, x2: ax.x, y1: py, y2: py, class: "bt-plot-tick" }, g);
    const lab = svgEl("text", { x: ax.x - 6, y: py, class: "bt-plot-ticklabel", "text-anchor": "end", "dominant-baseline": "central" }, g);
    lab.textContent = (ax.yticklabels || [])[i] ?? String(t);
  });
  if (ax.xlabel) {
    const t = svgEl("text", { x: ax.x + ax.w / 2, y: ax.y + ax.h + 2 * fs + 12, class: "bt-plot-label", "text-anchor": "middle" }, g);
    t.textContent = ax.xlabel;
  }
  if (ax.ylabel) {
    // Horizontal, above the axis: a rotated "J" reads as a hook.
    const t = svgEl("text", { x: ax.x - (ax.ylabel_offset ?? 30), y: ax.y - 10, class: "bt-plot-label", "text-anchor": "start" }, g);
    t.textContent = ax.ylabel;
  }
  if (ax.title) {
    const t = svgEl("text", { x: ax.x + ax.w / 2, y: ax.y - (ax.ylabel ? 26 : 8), class: "bt-plot-title", "text-anchor": "middle" }, g);
    t.textContent = ax.title;
  }
}

function lut(cmap, v, vmin, vmax) {
  const n = cmap.length;
  let t = vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
  t = Math.max(0, Math.min(1, t));
  return cmap[Math.min(n - 1, Math.floor(t * n))];
}

function paintImage(state, layer, ax) {
  const [ny, nx] = layer.shape;
  const ctx = state.ctx;
  const ratio = state.ratio;
  if (!state.off || state.off.width !== nx || state.off.height !== ny) {
    state.off = document.createElement("canvas");
    state.off.width = nx;
    state.off.height = ny;
  }
  const octx = state.off.getContext("2d");
  const img = octx.createImageData(nx, ny);
  const cmap = (layer.cmap || ["#000000", "#ffffff"]).map(hexToRgb);
  const vals = layer.values;
  for (let r = 0; r < ny; r++) {
    // Row 0 of the data is the lowest y: it goes to the bottom of the image.
    const src = (ny - 1 - r) * nx;
    for (let q = 0; q < nx; q++) {
      const v = vals[src + q];
      const o = 4 * (r * nx + q);
      if (!finite(v)) {
        img.data[o + 3] = 0;
        continue;
      }
      const [R, G, B] = lut(cmap, v, layer.vmin, layer.vmax);
      img.data[o] = R;
      img.data[o + 1] = G;
      img.data[o + 2] = B;
      img.data[o + 3] = Math.round(255 * (layer.alpha ?? 1));
    }
  }
  octx.putImageData(img, 0, 0);
  const s = scaler(ax);
  const [x0, x1, y0, y1] = layer.extent;
  const px0 = s.x(x0);
  const px1 = s.x(x1);
  const py0 = s.y(y1);
  const py1 = s.y(y0);
  ctx.imageSmoothingEnabled = layer.smooth !== false;
  ctx.save();
  ctx.beginPath();
  ctx.rect(ax.x * ratio, ax.y * ratio, ax.w * ratio, ax.h * ratio);
  ctx.clip();
  ctx.drawImage(state.off, px0 * ratio, py0 * ratio, (px1 - px0) * ratio, (py1 - py0) * ratio);
  ctx.restore();
}

function drawLayer(g, layer, ax, state) {
  const s = scaler(ax);
  const color = layer.color || "#222";
  const t = layer.type;
  if (t === "line") {
    svgEl("path", {
      d: polyline(layer.x, layer.y, s),
      fill: "none",
      stroke: color,
      "stroke-width": layer.width || 2,
      "stroke-dasharray": layer.dash || null,
      "stroke-linejoin": "round",
      opacity: layer.opacity ?? null,
    }, g);
    if (layer.marker) {
      for (let i = 0; i < layer.x.length; i++) {
        if (!finite(layer.x[i]) || !finite(layer.y[i])) continue;
        marker(g, layer.marker, s.x(layer.x[i]), s.y(layer.y[i]), layer.size || 3.5, { fill: layer.fill || color, stroke: color });
      }
    }
  } else if (t === "segments") {
    const attrs = { fill: "none", "stroke-width": layer.width || 1, opacity: layer.opacity ?? 0.8, "stroke-dasharray": layer.dash || null };
    const piece = (seg) => {
      let d = "";
      for (let i = 0; i + 1 < seg.length; i += 2) d += `${i ? "L" : "M"}${s.x(seg[i]).toFixed(1)},${s.y(seg[i + 1]).toFixed(1)}`;
      return d;
    };
    // `colors`, one per piece: contour lines inked light or dark by the map colour they lie on.
    if (layer.colors) layer.segments.forEach((seg, i) => svgEl("path", { d: piece(seg), stroke: layer.colors[i] || color, ...attrs }, g));
    else svgEl("path", { d: layer.segments.map(piece).join(""), stroke: color, ...attrs }, g);
  } else if (t === "scatter") {
    const colors = layer.colors;
    const shapes = layer.markers;
    for (let i = 0; i < layer.x.length; i++) {
      if (!finite(layer.x[i]) || !finite(layer.y[i])) continue;
      marker(g, shapes ? shapes[i] : layer.marker || "circle", s.x(layer.x[i]), s.y(layer.y[i]), layer.size || 4, {
        fill: colors ? colors[i] : color,
        stroke: layer.edge || "#ffffff",
        "stroke-width": layer.edge_width ?? 0.8,
        opacity: layer.opacity ?? null,
      });
    }
  } else if (t === "arrow") {
    const x0 = s.x(layer.x0);
    const y0 = s.y(layer.y0);
    const x1 = s.x(layer.x1);
    const y1 = s.y(layer.y1);
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len < 0.5) return;
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    const hs = layer.head || 11;
    const bx = x1 - ux * hs;
    const by = y1 - uy * hs;
    if (layer.edge) {
      // One outlined shape, shaft and head (a map's casing): the outline keeps the arrow
      // apart from a heat map whatever colour the map has under it.
      const w = (layer.width || 2.5) / 2;
      const pts = [[x0 - uy * w, y0 + ux * w], [bx - uy * w, by + ux * w], [bx - uy * hs * 0.5, by + ux * hs * 0.5], [x1, y1],
        [bx + uy * hs * 0.5, by - ux * hs * 0.5], [bx + uy * w, by - ux * w], [x0 + uy * w, y0 - ux * w]];
      const d = pts.map(([px, py], i) => `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`).join("") + "Z";
      svgEl("path", { d, fill: color, stroke: layer.edge, "stroke-width": layer.edge_width ?? 1.2, "stroke-linejoin": "round" }, g);
      return;
    }
    svgEl("line", { x1: x0, y1: y0, x2: bx, y2: by, stroke: color, "stroke-width": layer.width || 2.5 }, g);
    svgEl("path", { d: `M${x1},${y1} L${bx - uy * hs * 0.5},${by + ux * hs * 0.5} L${bx + uy * hs * 0.5},${by - ux * hs * 0.5} Z`, fill: color }, g);
  } else if (t === "bars") {
    for (let i = 0; i < layer.x.length; i++) {
      const h = layer.height[i];
      if (!finite(h)) continue;
      const b = layer.bottom ?? (ax.yscale === "log" ? ax.ylim[0] : 0);
      const w = layer.bar_width || 0.8;
      const xa = s.x(layer.x[i] - w / 2);
      const xb = s.x(layer.x[i] + w / 2);
      const ya = s.y(Math.max(h, b));
      const yb = s.y(Math.min(h, b));
      svgEl("rect", {
        x: Math.min(xa, xb),
        y: ya,
        width: Math.abs(xb - xa),
        height: Math.max(0, yb - ya),
        fill: layer.colors ? layer.colors[i] : color,
        stroke: layer.edge || null,
        "stroke-width": layer.edge ? 1 : null,
        "fill-opacity": layer.opacity ?? null,
      }, g);
      if (layer.labels) {
        const tl = svgEl("text", { x: (xa + xb) / 2, y: ya - 4, class: "bt-plot-barlabel", "text-anchor": "middle" }, g);
        tl.textContent = layer.labels[i];
      }
    }
  } else if (t === "text") {
    const x = layer.coords === "axes" ? ax.x + layer.x * ax.w : s.x(layer.x);
    const y = layer.coords === "axes" ? ax.y + (1 - layer.y) * ax.h : s.y(layer.y);
    const e = svgEl("text", { x, y, class: `bt-plot-text ${layer.cls || ""}`, "text-anchor": layer.anchor || "start", "dominant-baseline": "central", fill: color }, g);
    if (layer.size) e.style.fontSize = `${layer.size}px`;
    if (layer.weight) e.style.fontWeight = layer.weight;
    e.textContent = layer.text;
  } else if (t === "hline" || t === "vline") {
    const v = layer.value;
    if (t === "hline") svgEl("line", { x1: ax.x, x2: ax.x + ax.w, y1: s.y(v), y2: s.y(v), stroke: color, "stroke-width": layer.width || 1, "stroke-dasharray": layer.dash || null }, g);
    else svgEl("line", { y1: ax.y, y2: ax.y + ax.h, x1: s.x(v), x2: s.x(v), stroke: color, "stroke-width": layer.width || 1, "stroke-dasharray": layer.dash || null }, g);
  } else if (t === "colorbar") {
    const n = layer.cmap.length;
    const id = `${state.uid}-cb-${layer.id}`;
    const grad = svgEl("linearGradient", { id, x1: 0, y1: 1, x2: 0, y2: 0 }, state.defs);
    layer.cmap.forEach((c, i) => svgEl("stop", { offset: `${(100 * i) / (n - 1)}%`, "stop-color": c }, grad));
    svgEl("rect", { x: ax.x, y: ax.y, width: ax.w, height: ax.h, fill: `url(#${id})`, class: "bt-plot-frame" }, g);
  } else if (t === "image") {
    paintImage(state, layer, ax);
  } else if (t === "cells") {
    // A small matrix of coloured cells with a number in each (confusion matrix, 8x8 images).
    const [ny, nx] = layer.shape;
    const cmap = layer.cmap;
    const cw = ax.w / nx;
    const ch = ax.h / ny;
    for (let r = 0; r < ny; r++) {
      for (let q = 0; q < nx; q++) {
        const v = layer.values[r * nx + q];
        // Cell colours and their text are drawn as sent: chosen against each other, not the page.
        const cell = svgEl("rect", { x: ax.x + q * cw, y: ax.y + r * ch, width: cw, height: ch }, g);
        cell.style.fill = finite(v) ? lut(cmap, v, layer.vmin, layer.vmax) : "#ffffff";
        if (layer.grid) cell.style.stroke = "#ffffff";
        if (layer.text) {
          const s2 = layer.text[r * nx + q];
          if (s2) {
            const tt = svgEl("text", { x: ax.x + (q + 0.5) * cw, y: ax.y + (r + 0.5) * ch, class: "bt-plot-celltext", "text-anchor": "middle", "dominant-baseline": "central" }, g);
            tt.style.fill = layer.text_colors ? layer.text_colors[r * nx + q] : "#000";
            tt.textContent = s2;
          }
        }
      }
    }
  }
}

// The chart's text alternative: its title (or the axes' titles and labels), the legend, and
// the `summary` a layer may carry (what the chart shows now).
function describe(fig, layers) {
  const parts = [fig.title || ""];
  for (const ax of fig.axes || []) {
    if (ax.hidden) continue;
    const what = ax.title || [ax.ylabel, ax.xlabel].filter((t) => t).join(" against ");
    if (what) parts.push(what);
  }
  const legend = (fig.legend || []).map((it) => it.text).join(", ");
  if (legend) parts.push(`key: ${legend}`);
  for (const layer of Object.values(layers)) if (layer.summary) parts.push(layer.summary);
  return parts.filter((t) => t).join(". ") || "chart";
}

function legendHtml(items) {
  return items
    .map((it) => {
      const dash = it.dash ? "dashed" : "solid";
      const shapes = {
        square: 'rect x="2" y="2" width="10" height="10"',
        triangle: 'path d="M7,1 L13,12 L1,12 Z"',
        diamond: 'path d="M7,0.5 L12.5,7 L7,13.5 L1.5,7 Z"',
      };
      // A thin dark outline: a white marker (e.g. a start point) stays visible on white.
      const sw = it.marker
        ? `<svg width="14" height="14" style="vertical-align:middle"><${shapes[it.marker] || 'circle cx="7" cy="7" r="5"'} style="fill:${it.color};stroke:var(--bt-text)" stroke-width="0.8"/></svg>`
        : `<span style="display:inline-block;width:22px;border-top:3px ${dash} ${it.color};vertical-align:middle"></span>`;
      return `<span class="bt-plot-legend-item">${themedHtml(sw)} ${it.text.replace(/</g, "&lt;")}</span>`;
    })
    .join("");
}

function render({ model, el: host }) {
  const state = { uid: uniqueId("plot"), drawn: {} };
  const root = htmlEl("div", "bt-plot", host);
  const box = htmlEl("div", "bt-plot-box", root);
  const legend = htmlEl("div", "bt-plot-legend", root);

  function build() {
    const fig = model.get("figure") || {};
    state.figure = fig;
    state.drawn = {};
    box.innerHTML = "";
    box.style.maxWidth = `${fig.width}px`;
    box.style.aspectRatio = `${fig.width} / ${fig.height}`;
    state.ratio = Math.min(2, window.devicePixelRatio || 1) * 1.0;
    const c = document.createElement("canvas");
    c.width = Math.round(fig.width * state.ratio);
    c.height = Math.round(fig.height * state.ratio);
    c.className = "bt-plot-canvas";
    box.appendChild(c);
    state.canvas = c;
    state.ctx = c.getContext("2d");
    const s = svgEl("svg", { viewBox: `0 0 ${fig.width} ${fig.height}`, class: "bt-plot-svg", role: "img" });
    s.setAttribute("aria-label", describe(fig, model.get("layers") || {}));
    box.appendChild(s);
    state.svg = s;
    state.defs = svgEl("defs", {}, s);
    state.axesG = svgEl("g", { class: "bt-plot-axes" }, s);
    state.layersG = svgEl("g", { class: "bt-plot-layers" }, s);
    state.axes = {};
    for (const ax of fig.axes || []) {
      state.axes[ax.id] = ax;
      const clip = svgEl("clipPath", { id: `${state.uid}-clip-${ax.id}` }, state.defs);
      svgEl("rect", { x: ax.x, y: ax.y, width: ax.w, height: ax.h }, clip);
      if (!ax.hidden) drawAxes(state.axesG, ax);
    }
    legend.innerHTML = legendHtml(fig.legend || []);
    state.groups = {};
  }

  function drawLayers() {
    const layers = model.get("layers") || {};
    const order = Object.keys(layers).sort((a, b) => (layers[a].z ?? 0) - (layers[b].z ?? 0));
    let imageDirty = false;
    for (const id of order) {
      const key = JSON.stringify(layers[id]);
      if (state.drawn[id] !== key && layers[id].type === "image") imageDirty = true;
    }
    for (const id of Object.keys(state.drawn)) if (!(id in layers) && state.imageIds && state.imageIds.has(id)) imageDirty = true;
    if (imageDirty) state.ctx.clearRect(0, 0, state.canvas.width, state.canvas.height);
    state.imageIds = new Set();
    for (const id of order) {
      const layer = { id, ...layers[id] };
      const ax = state.axes[layer.axes || (state.figure.axes[0] || {}).id];
      if (!ax) continue;
      const key = JSON.stringify(layers[id]);
      if (layer.type === "image") {
        state.imageIds.add(id);
        if (imageDirty) drawLayer(null, layer, ax, state);
        state.drawn[id] = key;
        continue;
      }
      if (state.drawn[id] === key) continue;
      let g = state.groups[id];
      if (g) g.innerHTML = "";
      else {
        g = svgEl("g", { "data-layer": id, "clip-path": layer.clip === false ? null : `url(#${state.uid}-clip-${ax.id})` }, state.layersG);
        state.groups[id] = g;
      }
      drawLayer(g, layer, ax, state);
      state.drawn[id] = key;
    }
    for (const id of Object.keys(state.groups)) {
      if (!(id in layers)) {
        state.groups[id].remove();
        delete state.groups[id];
        delete state.drawn[id];
      }
    }
    // Re-order groups by z.
    for (const id of order) if (state.groups[id]) state.layersG.appendChild(state.groups[id]);
    state.svg.setAttribute("aria-label", describe(state.figure, layers));
    host.dataset.version = String(model.get("version"));
  }

  const onFigure = () => {
    build();
    drawLayers();
  };
  const offFigure = onModel(model, ["figure"], onFigure);
  const offLayers = onModel(model, ["layers"], drawLayers);
  const offPending = followControls(model, host);
  onFigure();
  keysStayInOutput(host);
  return () => {
    offPending();
    offFigure();
    offLayers();
  };
}

export default { render };
