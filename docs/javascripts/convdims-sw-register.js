// Register the service worker (convdims-sw.js at the site root; see site_glue/service_worker.js)
// once the page has loaded and Python is ready (or after 10 s), plus AFTER_READY_MS, so caching
// the site for offline use never competes with the first visit's own downloads nor with the
// reader's first edits (its install, ~25 MB read and hashed, made the explorer's p95 70 ms
// instead of 22 ms). The files it caches are the ones this page just loaded, so they mostly
// come from the HTTP cache.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  var root = new URL("../", document.currentScript.src);
  var AFTER_READY_MS = 3000;
  function register() {
    navigator.serviceWorker.register(new URL("convdims-sw.js", root).href, { scope: root.pathname })
      .catch(function () { /* no offline copy: the site works online as before */ });
  }
  function later() {
    var rt = window.convdims;
    var go = function () {
      setTimeout(function () {
        if ("requestIdleCallback" in window) requestIdleCallback(register, { timeout: 5000 });
        else register();
      }, AFTER_READY_MS);
    };
    if (rt && rt.settled) Promise.race([rt.settled(), new Promise(function (r) { setTimeout(r, 10000); })]).then(go);
    else setTimeout(go, 10000);
  }
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
})();
