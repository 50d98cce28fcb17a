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
    w.postMessage({
      type: "init",
      role: "widgets",
      assets: new URL("../assets/convdims/", scripts).href,
      snapshot: /[?&]convdims-snapshot=1\b/.test(location.search) ? "force" : !/[?&]convdims-snapshot=0\b/.test(location.search),
    });
    window.convdimsEarly = early;
  } catch (e) { /* convdims-runtime.js starts Python itself */ }
})();
