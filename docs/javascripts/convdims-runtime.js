// ConvDims runtime: Python (Pyodide) in two Web Workers per visit.
//
// Loaded once per visit as an ES module (mkdocs.yml: extra_javascript, type: module), so it
// survives Material's instant navigation. Two workers run convdims-worker.js:
//
//   the widget worker   answers widgets and quizzes (started at once; never runs learner code)
//   the sandbox worker  runs learner code only (playgrounds, project checks); started when
//                       first needed; Stop and the time limit terminate it and start a fresh
//                       one (from the memory snapshot), while widgets keep using the other.
//
//   window.convdims = {
//     ready,            // Promise resolved when the widget worker is ready
//     settled(),        // Promise<boolean>: true once ready, false if loading failed
//     call(request),    // Promise<response>: calculator.api.handle(request) in the widget worker
//     state,            // "idle" | "loading" | "ready" | "failed"
//     bootPath,         // "snapshot" | "boot" (how the widget worker started), bootReason
//     bootCount, workerId, timings, error, start(), retry(), onState(fn),
//     sandbox: { run(request, {limit}), stop(), state, bootPath, limit },
//   }
//
// `call` never rejects: worker-level failures come back as
// {ok: false, error: {type, message, field: null}} like the calculator's own errors.
// Sandbox answers are untrusted: they only ever reach the playground that asked, as data.
// All asset URLs are resolved from this script's own URL, so the site works under a sub-path.

const SCRIPT_URL = new URL(import.meta.url);
const SITE_ROOT = new URL("../", SCRIPT_URL);
const ASSETS = new URL("assets/convdims/", SITE_ROOT);
const WORKER_URL = new URL("convdims-worker.js", SCRIPT_URL);
const CALL_TIMEOUT_MS = 30000; // a widget answer that takes longer restarts the widget worker
const SILENT_MS = 25000;       // a loading worker that says nothing for this long has failed
const SANDBOX_LIMIT_S = 5;     // playground time limit (stated next to every Run button)
const SANDBOX_GRACE_MS = 1500; // after the limit, Python gets this long to stop itself

const TEXT = {
  loading: "Python runtime loading…",
  ready: "Python runtime ready",
  failed: "Python runtime failed to load",
  retry: "Retry",
};

// ?convdims-snapshot=0 / =1 in the page's query: never / always restore the snapshot.
function snapshotWish() {
  if (/[?&]convdims-snapshot=1\b/.test(location.search)) return "force";
  return !/[?&]convdims-snapshot=0\b/.test(location.search);
}

function errorResponse(type, message, extra) {
  return { ok: false, error: { type, message, field: null, ...extra } };
}

function makeDeferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve, settled: false };
}

// One Python worker: its boot, its state, its pending calls.
function createPythonWorker(role, { onState, onMark, adopt } = {}) {
  const pending = new Map();
  let worker = null;
  let state = "idle";
  let bootPath = null;
  let bootReason = "";
  let error = null;
  let bootCount = 0;
  let workerId = 0;
  let nextId = 1;
  let ready = makeDeferred();
  let settle = makeDeferred();
  let silentTimer = null;

  function setState(next, err) {
    state = next;
    error = err || null;
    if (next === "loading") {
      if (ready.settled) ready = makeDeferred();
      if (settle.settled) settle = makeDeferred();
    } else {
      clearTimeout(silentTimer);
      if (!settle.settled) { settle.settled = true; settle.resolve(next === "ready"); }
      if (next === "ready" && !ready.settled) { ready.settled = true; ready.resolve(); }
    }
    if (onState) onState(next, error);
  }

  function heard() {
    clearTimeout(silentTimer);
    if (state === "loading") {
      silentTimer = setTimeout(() => fail(`no progress for ${SILENT_MS / 1000} s (a download stalled?)`), SILENT_MS);
    }
  }

  function fail(message) {
    terminate();
    setState("failed", message);
  }

  function failAll(message, extra) {
    for (const [, p] of pending) { clearTimeout(p.timer); p.resolve(errorResponse("RuntimeError", message, extra)); }
    pending.clear();
  }

  function terminate(message = "Python stopped before answering.", extra) {
    if (worker) { try { worker.terminate(); } catch (_) { /* ignore */ } }
    worker = null;
    clearTimeout(silentTimer);
    failAll(message, extra);
  }

  function start() {
    if (worker) return;
    bootCount += 1;
    workerId += 1;
    const myId = workerId;
    const early = bootCount === 1 && adopt ? adopt() : null;
    setState("loading");
    if (onMark && bootCount === 1) onMark("boot-start", early ? performance.timeOrigin + early.t0 : undefined);
    try {
      worker = early ? early.worker : new Worker(WORKER_URL, { type: "module", name: `convdims-${role}-${myId}` });
    } catch (err) {
      worker = null;
      setState("failed", String(err && err.message || err));
      return;
    }
    heard();
    worker.onmessage = (ev) => {
      if (myId !== workerId) return;
      heard();
      const msg = ev.data || {};
      if (msg.type === "progress") {
        if (onMark && bootCount === 1 && msg.stage !== "bytes") onMark(msg.stage, msg.time);
      } else if (msg.type === "ready") {
        if (onMark && bootCount === 1) onMark("ready", msg.time);
        bootPath = msg.bootPath === "snapshot" ? "snapshot" : "boot";
        bootReason = String(msg.reason || "");
        setState("ready");
      } else if (msg.type === "failed") {
        fail(String(msg.message || "Python failed to start"));
      } else if (msg.type === "result") {
        const p = pending.get(msg.id);
        if (!p) return; // not a call of ours (or already answered): ignored
        pending.delete(msg.id);
        clearTimeout(p.timer);
        let response;
        try { response = JSON.parse(msg.response); } catch (_) { response = null; }
        if (!response || typeof response !== "object") response = errorResponse("RuntimeError", "The calculator sent an unreadable answer.");
        p.resolve(response);
      }
    };
    worker.onerror = (ev) => {
      if (myId !== workerId) return;
      if (ev && ev.preventDefault) ev.preventDefault(); // keep it out of the console: we show it
      fail((ev && ev.message) || "the worker could not start");
    };
    if (early) {
      // Replayed through these handlers, not `worker.`: a replayed "failed" drops the worker.
      const { onmessage, onerror } = worker;
      for (const ev of early.messages) onmessage(ev);
      if (early.errors.length) onerror(early.errors[0]);
    } else {
      worker.postMessage({ type: "init", assets: ASSETS.href, role, snapshot: snapshotWish(), manifest: pageManifest() });
    }
  }

  function restart() {
    terminate();
    start();
  }

  function settled() {
    if (state === "ready") return Promise.resolve(true);
    if (state === "failed") return Promise.resolve(false);
    if (state === "idle") start();
    return settle.promise;
  }

  // Post one request; `timeout` ms later the worker is restarted and `onTimeout` answers.
  async function call(request, { timeout = CALL_TIMEOUT_MS, limit, onTimeout } = {}) {
    if (!(await settled())) return errorResponse("RuntimeError", `${TEXT.failed}: use ${TEXT.retry} at the top of the page.`);
    if (!worker) return errorResponse("RuntimeError", "Python is not running.");
    return new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        pending.delete(id);
        resolve(onTimeout ? onTimeout() : errorResponse("TimeoutError", `Stopped after ${Math.round(timeout / 1000)} s: the calculator took too long. Python is restarting.`));
        restart();
      }, timeout);
      pending.set(id, { resolve, timer });
      worker.postMessage({ type: "call", id, request: JSON.stringify(request), limit });
    });
  }

  return {
    get state() { return state; },
    get ready() { return ready.promise; },
    get bootPath() { return bootPath; },
    get bootReason() { return bootReason; },
    get bootCount() { return bootCount; },
    get workerId() { return workerId; },
    get error() { return error; },
    get busy() { return pending.size > 0; },
    start, restart, terminate, settled, call,
  };
}

// The build's manifest as the page carries it (overrides/main.html), or null: then the
// worker fetches it.
function pageManifest() {
  try { return JSON.parse(document.getElementById("convdims-manifest").textContent); } catch (_) { return null; }
}

function createRuntime() {
  const listeners = new Set();
  const timings = {};

  function mark(name, workerTime) {
    // workerTime: an absolute epoch-ms timestamp from the worker (performance.timeOrigin + now)
    const t = workerTime != null ? Math.max(0, workerTime - performance.timeOrigin) : performance.now();
    try { performance.mark(`convdims:${name}`, { startTime: t }); } catch (_) { /* old browsers */ }
    if (timings[name] == null) timings[name] = Math.round(t * 10) / 10;
    if (name !== "boot-start" && timings["boot-start"] != null) {
      try { performance.measure(`convdims:boot-start→${name}`, "convdims:boot-start", `convdims:${name}`); } catch (_) { /* ignore */ }
    }
  }

  const widgets = createPythonWorker("widgets", {
    onMark: mark,
    // The first boot may adopt the worker that convdims-early.js started from <head>.
    adopt: () => { const e = window.convdimsEarly; window.convdimsEarly = null; return e || null; },
    onState(next, error) {
      for (const fn of listeners) { try { fn(next, error); } catch (_) { /* a listener's bug is not ours */ } }
      window.dispatchEvent(new CustomEvent("convdims:state", { detail: { state: next, error } }));
      renderStatus();
    },
  });

  async function call(request, options) {
    const response = await widgets.call(request, options);
    if (timings["first-result"] == null && response && response.ok) mark("first-result");
    return response;
  }

  // ---------------------------------------------------------------- the sandbox
  const sandboxWorker = createPythonWorker("sandbox", {
    onState(next) { window.dispatchEvent(new CustomEvent("convdims:sandbox-state", { detail: { state: next } })); },
  });
  let stopRequested = null;

  // Run learner code. Resolves with the calculator's answer, or a TimeoutError answer when
  // the limit or Stop ended it; a stopped sandbox is replaced by a fresh one at once.
  async function runSandboxed(request, { limit = sandbox.limit } = {}) {
    const t0 = performance.now();
    let stopped = null;
    stopRequested = () => { stopped = "stop"; sandboxWorker.restart(); };
    const up = await sandboxWorker.settled();
    if (!up && !stopped) {
      stopRequested = null;
      return errorResponse("RuntimeError", `The playground's Python failed to load (${sandboxWorker.error}). Press Run to try again.`);
    }
    const response = stopped ? null : await sandboxWorker.call(request, {
      limit,
      timeout: limit * 1000 + SANDBOX_GRACE_MS,
      onTimeout: () => { stopped = "limit"; return null; },
    });
    stopRequested = null;
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    if (stopped === "stop") return errorResponse("TimeoutError", `stopped by you after ${seconds} s`, { field: "code", stopped: "stop" });
    if (stopped === "limit") {
      return errorResponse("TimeoutError", `stopped after ${limit} s: the code did not give control back, so Python was restarted`, { field: "code", stopped: "limit" });
    }
    return response;
  }

  const sandbox = {
    run: runSandboxed,
    stop() { if (stopRequested) stopRequested(); },
    retry() { sandboxWorker.restart(); },
    get state() { return sandboxWorker.state; },
    get bootPath() { return sandboxWorker.bootPath; },
    get bootCount() { return sandboxWorker.bootCount; },
    get busy() { return sandboxWorker.busy; },
    limit: SANDBOX_LIMIT_S, // seconds; a page (or a test) may change it
  };

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
    const state = widgets.state;
    if (state === "idle") { if (statusEl) statusEl.hidden = true; return; }
    const el = ensureStatus();
    el.hidden = false;
    el.dataset.state = state;
    if (widgets.bootPath) el.dataset.bootPath = widgets.bootPath;
    else delete el.dataset.bootPath;
    const text = el.querySelector(".cd-runtime-status__text");
    const button = el.querySelector(".cd-runtime-status__retry");
    clearTimeout(fadeTimer);
    el.classList.remove("is-faded");
    button.hidden = state !== "failed";
    // The reason goes in the tooltip: the header has no room for it at 360 px.
    if (state === "failed") el.title = widgets.error || "";
    else el.title = state === "ready" && widgets.bootPath ? `started from ${widgets.bootPath === "snapshot" ? "the memory snapshot" : "a full boot"}` : "";
    if (state === "loading") text.textContent = TEXT.loading;
    else if (state === "ready") {
      text.textContent = TEXT.ready;
      fadeTimer = setTimeout(() => el.classList.add("is-faded"), 2500);
    } else if (state === "failed") text.textContent = TEXT.failed;
  }

  function retry() {
    widgets.restart();
    return api.ready;
  }

  const api = {
    get ready() { return widgets.ready; },
    get state() { return widgets.state; },
    get bootPath() { return widgets.bootPath; },
    get bootReason() { return widgets.bootReason; },
    get bootCount() { return widgets.bootCount; },
    get workerId() { return widgets.workerId; },
    get error() { return widgets.error; },
    settled: () => widgets.settled(),
    timings,
    start() { widgets.start(); return widgets.ready; },
    retry,
    call,
    sandbox,
    onState(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    urls: { site: SITE_ROOT.href, assets: ASSETS.href, worker: WORKER_URL.href },
  };

  // Material may replace the header on instant navigation: re-attach the status each page.
  function onPage() {
    if (statusEl && !document.contains(statusEl)) statusEl = null;
    renderStatus();
    if (widgets.state === "idle" && needsPython()) widgets.start();
  }

  function needsPython() {
    return !!document.querySelector("[data-widget], [data-quiz], [data-convdims-python]");
  }

  function boot() {
    if (needsPython()) widgets.start();
    else {
      // Nothing on this page computes: start quietly once the page is idle, so that the
      // next page's widgets find Python ready.
      const later = () => { if (widgets.state === "idle") widgets.start(); };
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
  // A worker started from <head> (convdims-early.js) is adopted now.
  if (window.convdimsEarly) runtime.start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => runtime._boot(), { once: true });
  else runtime._boot();
}
