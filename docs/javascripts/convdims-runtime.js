// ConvDims runtime: one Python (Pyodide) per visit, in a Web Worker.
//
// Loaded once per visit as an ES module (mkdocs.yml: extra_javascript, type: module), so it
// survives Material's instant navigation. It exposes
//
//   window.convdims = {
//     ready,            // Promise resolved when Python + the calculator are ready
//     call(request),    // Promise<response>: calculator.api.handle(request) in the worker
//     state,            // "idle" | "loading" | "ready" | "failed"
//     bootCount,        // how many times a worker was started (1 on a healthy visit)
//     workerId,         // id of the current worker (changes only on retry)
//     timings,          // {bootStart, pyodideLoaded, wheelInstalled, ready, firstResult} (ms since navigation start)
//     start(), retry(), // start the boot now / restart after a failure
//   }
//
// `call` never rejects: worker-level failures come back as
// {ok: false, error: {type, message, field: null}} like the calculator's own errors.
// All asset URLs are resolved from this script's own URL, so the site works under a sub-path.

const SCRIPT_URL = new URL(import.meta.url);
const SITE_ROOT = new URL("../", SCRIPT_URL);
const ASSETS = new URL("assets/convdims/", SITE_ROOT);
const WORKER_URL = new URL("convdims-worker.js", SCRIPT_URL);
const CALL_TIMEOUT_MS = 30000; // a runaway script (while True) is stopped and Python restarted

const TEXT = {
  loading: "Python runtime loading…",
  ready: "Python runtime ready",
  failed: "Python runtime failed to load",
  retry: "Retry",
};

function createRuntime() {
  const listeners = new Set();
  const pending = new Map();
  let worker = null;
  let state = "idle";
  let bootCount = 0;
  let workerId = 0;
  let nextId = 1;
  let lastError = null;
  let deferred = makeDeferred();
  const timings = {};

  function makeDeferred() {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    return { promise, resolve, settled: false };
  }

  function mark(name, workerTime) {
    // workerTime: an absolute epoch-ms timestamp from the worker (performance.timeOrigin + now)
    const t = workerTime != null ? Math.max(0, workerTime - performance.timeOrigin) : performance.now();
    try { performance.mark(`convdims:${name}`, { startTime: t }); } catch (_) { /* old browsers */ }
    if (timings[name] == null) timings[name] = Math.round(t * 10) / 10;
    if (name !== "boot-start" && timings["boot-start"] != null) {
      try { performance.measure(`convdims:boot-start→${name}`, "convdims:boot-start", `convdims:${name}`); } catch (_) { /* ignore */ }
    }
  }

  function setState(next, error) {
    state = next;
    lastError = error || null;
    if (next === "ready" && !deferred.settled) {
      deferred.settled = true;
      deferred.resolve(api);
    }
    if (next === "loading" && deferred.settled) deferred = makeDeferred();
    for (const fn of listeners) { try { fn(next, lastError); } catch (_) { /* a listener's bug is not ours */ } }
    window.dispatchEvent(new CustomEvent("convdims:state", { detail: { state: next, error: lastError } }));
    renderStatus();
  }

  function failAll(message) {
    for (const [, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: { type: "RuntimeError", message, field: null } });
    }
    pending.clear();
  }

  function start() {
    if (worker) return api.ready;
    bootCount += 1;
    workerId += 1;
    const myId = workerId;
    // The first boot may adopt the worker that overrides/main.html started in <head>.
    const early = bootCount === 1 ? window.convdimsEarly : null;
    window.convdimsEarly = null;
    if (bootCount === 1) mark("boot-start", early ? performance.timeOrigin + early.t0 : undefined);
    setState("loading");
    try {
      worker = early ? early.worker : new Worker(WORKER_URL, { type: "module", name: `convdims-python-${myId}` });
    } catch (err) {
      worker = null;
      setState("failed", String(err && err.message || err));
      return api.ready;
    }
    worker.onmessage = (ev) => {
      if (myId !== workerId) return;
      const msg = ev.data || {};
      if (msg.type === "progress") {
        if (bootCount === 1) mark(msg.stage, msg.time);
      } else if (msg.type === "ready") {
        if (bootCount === 1) mark("ready", msg.time);
        setState("ready");
      } else if (msg.type === "failed") {
        stopWorker();
        setState("failed", msg.message);
      } else if (msg.type === "result") {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        let response;
        try { response = JSON.parse(msg.response); } catch (_) {
          response = { ok: false, error: { type: "RuntimeError", message: "The calculator sent an unreadable answer.", field: null } };
        }
        if (timings["first-result"] == null) mark("first-result");
        p.resolve(response);
      }
    };
    worker.onerror = (ev) => {
      if (myId !== workerId) return;
      if (ev && ev.preventDefault) ev.preventDefault(); // keep it out of the console: we show it
      stopWorker();
      setState("failed", (ev && ev.message) || "the worker could not start");
    };
    if (early) {
      for (const ev of early.messages) worker.onmessage(ev);
      if (early.errors.length) worker.onerror(early.errors[0]);
    } else {
      worker.postMessage({ type: "init", assets: ASSETS.href });
    }
    return api.ready;
  }

  function stopWorker() {
    if (worker) { try { worker.terminate(); } catch (_) { /* ignore */ } }
    worker = null;
    failAll("Python stopped before answering.");
  }

  function retry() {
    stopWorker();
    return start();
  }

  function call(request, { timeout = CALL_TIMEOUT_MS } = {}) {
    if (state === "failed") {
      return Promise.resolve({ ok: false, error: { type: "RuntimeError", message: `${TEXT.failed}: use ${TEXT.retry} at the top of the page.`, field: null } });
    }
    if (!worker) start();
    return api.ready.then(() => new Promise((resolve) => {
      if (!worker) {
        resolve({ ok: false, error: { type: "RuntimeError", message: "Python is not running.", field: null } });
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        pending.delete(id);
        resolve({ ok: false, error: { type: "TimeoutError", message: `Stopped after ${Math.round(timeout / 1000)} s: the code ran too long. Python is restarting.`, field: null } });
        retry();
      }, timeout);
      pending.set(id, { resolve, timer });
      worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
    }));
  }

  // ---------------------------------------------------------------- status in the header
  let statusEl = null;
  let fadeTimer = null;

  function ensureStatus() {
    if (statusEl && document.contains(statusEl)) return statusEl;
    statusEl = document.createElement("div");
    statusEl.className = "cd-runtime-status";
    statusEl.setAttribute("role", "status");
    statusEl.setAttribute("aria-live", "polite");
    statusEl.dataset.convdimsStatus = "";
    const text = document.createElement("span");
    text.className = "cd-runtime-status__text";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cd-runtime-status__retry";
    button.textContent = TEXT.retry;
    button.hidden = true;
    button.addEventListener("click", () => retry());
    statusEl.append(text, button);
    // overrides/partials/header.html provides a slot; without it, before the palette/search.
    const slot = document.querySelector("[data-convdims-status-slot]");
    const header = document.querySelector(".md-header__inner");
    const anchor = header && (header.querySelector(".md-header__option") || header.querySelector(".md-search") || header.querySelector("[for=__search]"));
    if (slot) slot.append(statusEl);
    else if (header && anchor) header.insertBefore(statusEl, anchor);
    else if (header) header.append(statusEl);
    else {
      statusEl.classList.add("cd-runtime-status--floating");
      (document.body || document.documentElement).append(statusEl);
    }
    return statusEl;
  }

  function renderStatus() {
    if (!document.body) return;
    if (state === "idle") { if (statusEl) statusEl.hidden = true; return; }
    const el = ensureStatus();
    el.hidden = false;
    el.dataset.state = state;
    const text = el.querySelector(".cd-runtime-status__text");
    const button = el.querySelector(".cd-runtime-status__retry");
    clearTimeout(fadeTimer);
    el.classList.remove("is-faded");
    if (state === "loading") {
      text.textContent = TEXT.loading;
      button.hidden = true;
      el.title = "";
    } else if (state === "ready") {
      text.textContent = TEXT.ready;
      button.hidden = true;
      el.title = "";
      fadeTimer = setTimeout(() => el.classList.add("is-faded"), 2500);
    } else if (state === "failed") {
      text.textContent = TEXT.failed;
      el.title = lastError || "";
      button.hidden = false;
    }
  }

  const api = {
    get ready() { return deferred.promise; },
    get state() { return state; },
    get bootCount() { return bootCount; },
    get workerId() { return workerId; },
    get error() { return lastError; },
    timings,
    start,
    retry,
    call,
    onState(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    urls: { site: SITE_ROOT.href, assets: ASSETS.href, worker: WORKER_URL.href },
  };

  // Material may replace the header on instant navigation: re-attach the status each page.
  function onPage() {
    if (statusEl && !document.contains(statusEl)) statusEl = null;
    renderStatus();
    if (!worker && state === "idle" && needsPython()) start();
  }

  function needsPython() {
    return !!document.querySelector("[data-widget], [data-quiz], [data-convdims-python]");
  }

  function boot() {
    if (needsPython()) start();
    else {
      // Nothing on this page computes: start quietly once the page is idle, so that the
      // next page's widgets find Python ready.
      const later = () => { if (!worker && state === "idle") start(); };
      if ("requestIdleCallback" in window) requestIdleCallback(later, { timeout: 3000 });
      else setTimeout(later, 1500);
    }
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(onPage);
    }
  }

  api._boot = boot;
  return api;
}

if (!window.convdims || !window.convdims.call) {
  const runtime = createRuntime();
  window.convdims = runtime;
  window.dispatchEvent(new CustomEvent("convdims:runtime", { detail: runtime }));
  // A worker started from <head> (overrides/main.html) is adopted now.
  if (window.convdimsEarly) runtime.start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => runtime._boot(), { once: true });
  else runtime._boot();
}
