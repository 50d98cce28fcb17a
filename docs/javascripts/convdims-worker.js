// ConvDims Python worker (module worker, started by convdims-runtime.js).
//
// Protocol (main → worker):  {type: "init", assets: "<absolute URL of assets/convdims/>"}
//                             {type: "call", id, request: "<JSON text>"}
//           (worker → main):  {type: "progress", stage, time}   time = epoch ms
//                             {type: "ready", time} | {type: "failed", message}
//                             {type: "result", id, response: "<JSON text>"}
// Python decides; this file only carries text.

const now = () => performance.timeOrigin + performance.now();
let handleJson = null;
let booting = null;
const queue = [];

function post(msg) { self.postMessage(msg); }

function errorResponse(type, message) {
  return JSON.stringify({ ok: false, error: { type, message, field: null } });
}

async function fetchOk(url, what) {
  const res = await fetch(url, { cache: what === "manifest" ? "no-cache" : "default", credentials: "same-origin" });
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} for ${url}`);
  return res;
}

async function boot(assetsHref) {
  const assets = new URL(assetsHref);
  const pyodideBase = new URL("pyodide/", assets);
  const wheelBase = new URL("wheel/", assets);
  post({ type: "progress", stage: "worker-started", time: now() });

  // Fetch the wheel (and its precompiled bytecode, when the build made it) while Pyodide
  // boots. manifest.json: {"wheel": "<file>", "pyc": "<zip of __pycache__/*.pyc>"?}
  const manifest = fetchOk(new URL("manifest.json", wheelBase), "manifest").then((r) => r.json());
  const wheelBytes = manifest.then((m) => {
    if (!m || !m.wheel) throw new Error("manifest.json names no wheel");
    return fetchOk(new URL(m.wheel, wheelBase), "wheel").then((r) => r.arrayBuffer())
      .then((buf) => ({ name: m.wheel, buf }));
  });
  // Bytecode is an optimisation only: any failure means Python compiles the sources.
  const pycBytes = manifest.then((m) => (m && m.pyc
    ? fetchOk(new URL(m.pyc, wheelBase), "pyc").then((r) => r.arrayBuffer())
    : null)).catch(() => null);
  wheelBytes.catch(() => {}); // reported below, once Pyodide is up (or not)

  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
  let sitePackages = null;
  const pyodide = await loadPyodide({
    indexURL: pyodideBase.href,
    stdout: () => {},
    stderr: () => {},
    fsInit: async (_fs, info) => { sitePackages = info && info.sitePackages; },
  });
  post({ type: "progress", stage: "pyodide-loaded", time: now() });

  const wheel = await wheelBytes;
  const into = sitePackages ? { extractDir: sitePackages } : {};
  pyodide.unpackArchive(wheel.buf, "wheel", into);
  const pyc = await pycBytes;
  if (pyc) {
    try {
      pyodide.unpackArchive(pyc, "zip", into);
      // Standard-library modules the calculator imports, precompiled (see tests/pyodide/precompile.mjs).
      pyodide.runPython(`import os, sys
p = os.path.join(${JSON.stringify(sitePackages || "")}, "_convdims_stdlib_pyc")
if ${sitePackages ? "True" : "False"} and os.path.isdir(p) and p not in sys.path:
    sys.path.insert(0, p)`);
    } catch (_) { /* sources still work */ }
  }
  post({ type: "progress", stage: "wheel-installed", time: now(), pyc: !!pyc });

  const api = pyodide.pyimport("calculator.api");
  handleJson = api.handle_json;
  post({ type: "progress", stage: "api-imported", time: now() });
}

function answer(id, request) {
  let response;
  try {
    response = handleJson(request);
    if (typeof response !== "string") response = errorResponse("RuntimeError", "The calculator returned no text.");
  } catch (err) {
    // handle_json never raises by contract; if it does, keep the traceback out of the page.
    const text = String(err && err.message || err);
    const last = text.trim().split("\n").pop();
    response = errorResponse("RuntimeError", last || "The calculator failed.");
  }
  post({ type: "result", id, response });
}

self.onmessage = (ev) => {
  const msg = ev.data || {};
  if (msg.type === "init") {
    if (booting) return;
    booting = boot(msg.assets).then(
      () => {
        post({ type: "ready", time: now() });
        while (queue.length) { const m = queue.shift(); answer(m.id, m.request); }
      },
      (err) => {
        const text = String(err && err.message || err).trim().split("\n").pop();
        post({ type: "failed", message: text });
      },
    );
  } else if (msg.type === "call") {
    if (handleJson) answer(msg.id, msg.request);
    else queue.push(msg);
  }
};
