// The pending bar of an app whose read-outs are HTML (tables, sentences) and hold none of
// our pictures: a strip along the app's top edge that shows a press at once, until the
// kernel has answered (helpers.js followControls), as our pictures show it on themselves.
function render({ model, el }) {
  el.classList.add("bt-pending-bar");
  const off = followControls(model, el);
  return () => off();
}

export default { render };
