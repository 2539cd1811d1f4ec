// Shared by every widget module of this package. anywidget takes one ES module per
// widget, so browser.py puts this file (after the palette constant BT_ROLE_OF) in front
// of scene.js, plot.js and digit_canvas.js: one helper module, written once.

const SVG_NS = "http://www.w3.org/2000/svg";
// Paint properties: a colour that is a role of the palette becomes var(--bt-<role>), so
// the picture follows JupyterLab's theme (theme.css switches the variables).
const PAINT = new Set(["fill", "stroke", "stop-color", "color", "background"]);

function themed(color) {
  if (typeof color !== "string") return color;
  const role = BT_ROLE_OF[color.toLowerCase()];
  return role ? `var(--bt-${role}, ${color})` : color;
}

// An SVG element with attributes; paint goes through `themed` as an inline style.
function svgEl(tag, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (PAINT.has(k)) e.style.setProperty(k, themed(String(v)));
    else e.setAttribute(k, String(v));
  }
  if (parent) parent.appendChild(e);
  return e;
}

// An HTML element with a class, optional parent and text.
function htmlEl(tag, cls = "", parent = null, text = undefined) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

// Recolour inline hex colours of HTML sent by the kernel (read-out panels, legends).
function themedHtml(html) {
  return String(html).replace(/#[0-9a-fA-F]{6}\b/g, (c) => themed(c));
}

function hexToRgb(hex) {
  const v = parseInt(String(hex).slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

// Unique ids (markers, clip paths) for several views of one widget on a page.
let btLastId = 0;
function uniqueId(prefix) {
  btLastId += 1;
  return `bt-${prefix}-${btLastId}`;
}

// addEventListener that returns its own removal, for render's cleanup.
function listen(target, type, fn, options) {
  target.addEventListener(type, fn, options);
  return () => target.removeEventListener(type, fn, options);
}

// model.on that returns its own removal.
function onModel(model, names, fn) {
  for (const n of names) model.on(`change:${n}`, fn);
  return () => {
    for (const n of names) model.off(`change:${n}`, fn);
  };
}

// Run `fn` when JupyterLab's theme changes (canvas pictures repaint; SVG follows the CSS
// variables by itself). Returns the disconnect.
function onThemeChange(fn) {
  if (typeof MutationObserver === "undefined" || !document.body) return () => {};
  const obs = new MutationObserver(fn);
  obs.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name"] });
  return () => obs.disconnect();
}

// The current value of a CSS colour variable (for canvas painting).
function cssColor(el, name, fallback) {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v || fallback;
}

// The widget model with id `id` (a control another widget refers to), or null when the
// front end has no widget manager or the control is gone.
async function modelById(model, id) {
  const manager = model.widget_manager;
  if (!id || !manager || typeof manager.get_model !== "function") return null;
  try {
    return (await manager.get_model(id)) || null;
  } catch (err) {
    return null;
  }
}

// Pending: from the moment the learner moves a control that asks the kernel for a new
// picture until the kernel has answered, the picture says so (a bar along its top edge
// and aria-busy), so a press shows within a frame however busy the server is. The
// kernel lists those controls in `pending_on` (model ids) and counts each answer in
// `settled`. A control counts when the learner changed it (ipywidgets passes
// `updated_view` then; echoes from the kernel and links do not); a button when it sends
// its click (wrapped once per button, announced as the Backbone event "bt:press").
function followControls(model, el) {
  const offs = [];
  let wired = [];
  const busy = (on) => {
    el.classList.toggle("bt-pending", on);
    if (on) el.setAttribute("aria-busy", "true");
    else el.removeAttribute("aria-busy");
  };
  const onChange = (m, options) => {
    if (options && options.updated_view) busy(true);
  };
  const onPress = () => busy(true);
  const unwire = () => {
    for (const m of wired) {
      m.off("change", onChange);
      m.off("bt:press", onPress);
    }
    wired = [];
  };
  const wire = async () => {
    unwire();
    for (const id of model.get("pending_on") || []) {
      const m = await modelById(model, id);
      if (!m) continue; // a control that is gone: nothing to follow
      if (m.get("_model_name") === "ButtonModel") {
        if (!m.btPressWrapped) {
          const send = m.send;
          m.send = function (...args) {
            this.trigger("bt:press");
            return send.apply(this, args);
          };
          m.btPressWrapped = true;
        }
        m.on("bt:press", onPress);
      } else {
        m.on("change", onChange);
      }
      wired.push(m);
    }
  };
  offs.push(onModel(model, ["pending_on"], wire));
  offs.push(onModel(model, ["settled"], () => busy(false)));
  wire();
  return () => {
    unwire();
    for (const off of offs) off();
  };
}

// Keys pressed on a control in an output that holds one of our pictures belong to that
// control (the step slider's arrows, a node's arrows), not to the notebook's command-mode
// shortcuts. JupyterLab lets a focused control see its keys first; Notebook 7 runs its
// shortcuts before any widget (ArrowRight jumps to the next heading), unless the focused
// element itself carries Lumino's data-lm-suppress-shortcuts (the shortcut's selector
// matches the focused element before any marked ancestor is reached). So each element that
// takes the focus in the output is marked as it does. The view is put into the page after
// render, hence the wait.
function keysStayInOutput(el, tries = 600) {
  const out = el.closest(".jp-OutputArea-output");
  if (out && !out.hasAttribute("data-bt-keys")) {
    out.setAttribute("data-bt-keys", "");
    out.addEventListener("focusin", (ev) => ev.target.setAttribute("data-lm-suppress-shortcuts", "true"));
    out.addEventListener("keydown", sliderEndsKnowTheirRange, true);
  } else if (!out && tries > 0 && typeof requestAnimationFrame !== "undefined") {
    requestAnimationFrame(() => keysStayInOutput(el, el.isConnected ? 0 : tries - 1));
  }
}

// Home and End on a slider go to the ends of its range as it is now. noUiSlider's own
// handler reads the range the slider was created with (its updateOptions renews every
// other use), so a step slider given a longer pass stopped at the old end. The handle is
// put one step short of the end through the slider's API, then an arrow press takes it
// there: that press is the slider's own change, which ipywidgets sends to the kernel
// (an arrow pressed at the end itself changes nothing and sends nothing).
function sliderEndsKnowTheirRange(ev) {
  if (ev.key !== "Home" && ev.key !== "End") return;
  const handle = ev.target;
  if (!handle.classList || !handle.classList.contains("noUi-handle")) return;
  const target = handle.closest(".noUi-target");
  const api = target && target.noUiSlider;
  if (!api || !api.options || !api.options.range) return;
  ev.preventDefault();
  ev.stopPropagation();
  const lo = Number([].concat(api.options.range.min)[0]);
  const hi = Number([].concat(api.options.range.max)[0]);
  const step = Math.abs(Number(api.options.step)) || (hi - lo) / 100;
  const toEnd = ev.key === "End";
  api.set(toEnd ? Math.max(lo, hi - step) : Math.min(hi, lo + step));
  const arrow = toEnd ? "ArrowRight" : "ArrowLeft";
  const init = { key: arrow, code: arrow, keyCode: toEnd ? 39 : 37, bubbles: true };
  handle.dispatchEvent(new KeyboardEvent("keydown", init));
}
