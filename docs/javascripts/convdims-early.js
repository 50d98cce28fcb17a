// Start the widget worker from <head> on pages that compute (overrides/main.html loads this
// classic script there, a file rather than inline so the Content-Security-Policy needs no
// hash for it). It creates the worker at once and keeps its first messages;
// convdims-runtime.js (extra_javascript, which runs only after the page is parsed) adopts
// it. Measured: the boot starts ~0.7 s earlier.
(function () {
  try {
    var scripts = new URL(".", document.currentScript.src);
    var w = new Worker(new URL("convdims-worker.js", scripts), { type: "module", name: "convdims-widgets-1" });
    var early = { worker: w, t0: performance.now(), messages: [], errors: [] };
    w.onmessage = function (e) { early.messages.push(e); };
    w.onerror = function (e) { early.errors.push(e); if (e.preventDefault) e.preventDefault(); };
    var manifest = null;
    try { manifest = JSON.parse(document.getElementById("convdims-manifest").textContent); } catch (e) { /* fetched */ }
    w.postMessage({
      type: "init",
      role: "widgets",
      manifest: manifest,
      assets: new URL("../assets/convdims/", scripts).href,
      snapshot: /[?&]convdims-snapshot=1\b/.test(location.search) ? "force" : !/[?&]convdims-snapshot=0\b/.test(location.search),
    });
    window.convdimsEarly = early;
  } catch (e) { /* convdims-runtime.js starts Python itself */ }
})();

// Material's search worker builds its index (~0.36 MB of lesson text) as the page loads, on
// the same few cores that restore Python. On pages that compute, the messages Material sends
// it wait until Python is ready (plus a moment for the first result to be drawn), or until the
// reader heads for the search box, or 8 s. Measured (bench/bench_site.py): the first computed
// result ~0.1 s sooner; search works as before once released.
(function () {
  var Native = window.Worker;
  if (!Native) return;
  var held = [];
  var released = false;
  function release() {
    if (released) return;
    released = true;
    var h = held;
    held = [];
    h.forEach(function (m) { m.post.apply(null, m.args); });
  }
  function Deferring(url, options) {
    var w = options === undefined ? new Native(url) : new Native(url, options);
    if (released || !/\/workers\/search\.[^/]*\.js(\?|$)/.test(String(url))) return w;
    var post = w.postMessage.bind(w);
    w.postMessage = function () {
      if (released) post.apply(null, arguments);
      else held.push({ post: post, args: arguments });
    };
    return w;
  }
  Deferring.prototype = Native.prototype;
  window.Worker = Deferring;
  window.addEventListener("convdims:state", function (e) {
    var state = e.detail && e.detail.state;
    if (state === "ready") setTimeout(release, 300);
    else if (state === "failed") release();
  });
  var soon = function () { release(); };
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.closest && e.target.closest("[data-md-component=search], .md-search")) soon();
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" || e.key === "s" || e.key === "f" || e.key === "S" || e.key === "F") soon();
  }, true);
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("label[for=__search], [data-md-component=search]")) soon();
  }, true);
  setTimeout(release, 8000);
})();
