// ConvDims Python worker (module worker, started by convdims-runtime.js).
//
// One script, two roles (the page starts one worker per role):
//   "widgets"  answers widgets and quizzes; never runs a learner's code.
//   "sandbox"  runs learner code (playgrounds, project checks) only. After booting it locks
//              itself down (no fetch / XMLHttpRequest / WebSocket / importScripts / nested
//              workers / IndexedDB / Cache Storage / dynamic code), and Python's `js` module
//              is an empty object there. Its answers are untrusted data for the page.
//
// Boot: from the build-time memory snapshot (manifest.json "snapshot") when there is one,
// checked against the Pyodide build it names and probed with a known request; on any
// failure a normal Pyodide boot. The ready message says which path was taken.
//
// Protocol (main → worker):  {type: "init", assets: "<URL of assets/convdims/>", role, snapshot: true | false | "force",
//                             manifest: the page's copy of wheel/manifest.json, or null (then fetched)}
//                             (page query ?convdims-snapshot=0 / =1: never / always, for tests and the bench)
//                             {type: "call", id, request: "<JSON text>", limit?: seconds (sandbox)}
//           (worker → main):  {type: "progress", stage, time}   time = epoch ms
//                             {type: "ready", time, bootPath: "snapshot" | "boot", reason}
//                             (reason: why the snapshot was used, or why not)
//                             {type: "failed", message}
//                             {type: "result", id, response: "<JSON text>"}
// Python decides; this file only carries text.

const now = () => performance.timeOrigin + performance.now();
const post = self.postMessage.bind(self); // kept: the sandbox removes the global one
const STALL_MS = 20000; // a download that sends nothing for this long is abandoned
let handleJson = null;
let booting = null;
const queue = [];

function errorResponse(type, message) {
  return JSON.stringify({ ok: false, error: { type, message, field: null } });
}

function lastLine(err) {
  return String(err && err.message || err).trim().split("\n").pop();
}

// Every fetch while booting (ours and Pyodide's) is watched: no byte for STALL_MS aborts it,
// so a stalled server ends in a failure instead of "loading…" for ever. Each chunk also
// tells the page that the boot is alive.
const nativeFetch = self.fetch.bind(self);
let lastBeat = 0;
function watchedFetch(input, { onBytes, onEnd, ...init } = {}) {
  const ctl = new AbortController();
  let timer = setTimeout(() => ctl.abort(new Error(`no response within ${STALL_MS / 1000} s`)), STALL_MS);
  const beat = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctl.abort(new Error(`download stalled for ${STALL_MS / 1000} s`)), STALL_MS);
    if (now() - lastBeat > 1000) { lastBeat = now(); post({ type: "progress", stage: "bytes", time: lastBeat }); }
  };
  return nativeFetch(input, { ...init, signal: ctl.signal }).then((res) => {
    beat();
    if (!res.body) { clearTimeout(timer); return res; }
    const body = res.body.pipeThrough(new TransformStream({
      transform(chunk, c) { beat(); if (onBytes) onBytes(chunk.byteLength); c.enqueue(chunk); },
      flush() { clearTimeout(timer); if (onEnd) onEnd(); },
    }));
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }, (err) => { clearTimeout(timer); throw err; });
}

// -> a fetch that inflates the file at `href` (served gzipped) for whoever asks for it
function inflating(href, encoding) {
  return (input, init) => {
    const url = input instanceof Request ? input.url : new URL(String(input), self.location.href).href;
    if (url !== href || encoding !== "gzip") return watchedFetch(input, init);
    return watchedFetch(input, init).then((res) => (!res.ok ? res : new Response(
      res.body.pipeThrough(new DecompressionStream("gzip")), { status: res.status, headers: { "Content-Type": "application/zip" } })));
  };
}

async function fetchOk(url, what, init) {
  const res = await watchedFetch(url, { credentials: "same-origin", ...init });
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} for ${url}`);
  return res;
}

async function fetchBytes(url, what, encoding, init) {
  return bodyBytes(await fetchOk(url, what, init), encoding);
}

async function bodyBytes(res, encoding) {
  let body = res.body;
  if (encoding === "gzip") body = body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(body).arrayBuffer());
}

// Restoring the snapshot saves the boot's CPU (3-8 s measured in Chromium here) but costs its
// bytes (~7 MB gzip) on top of the wasm and the standard library that both paths load. So
// the snapshot is used when it is already kept in Cache Storage (the service worker's cache,
// or SNAPSHOT_CACHE, filled after the first start), or when the link is fast enough to bring
// it in before a boot would be done. The link is judged on the calculator's zip (a download
// both paths make anyway). A slow link is known from the zip's chunks within PROBE_MIN_MS of
// its first byte, so Pyodide's own downloads barely wait (waiting for the whole zip cost
// 0.6 s at 10 Mbps) -- but only while this thread is idle enough for chunk times to mean
// anything (a heartbeat checks): on a busy CPU the zip is timed whole, by Resource Timing,
// stamped by the network stack, so a slow device never takes a fast link for a slow one.
// Not decided within PROBE_MS: slow. Figures: bench/bench_site.py --links.
const BOOT_SAVING_S = 4;
const PROBE_MS = 600;
const PROBE_MIN_MS = 120;
const PROBE_BYTES = 256 * 1024; // this much at the needed rate or faster: fast
const HEARTBEAT_MS = 20;
const STARVED_MS = 60;          // a heartbeat this late: the thread is busy, chunk times mislead

// Judges the link from a download (watchedFetch's onBytes / onEnd; `url` for its Resource
// Timing entry): `verdict` resolves to {fast, rate} (bytes per second, or null).
function linkProbe(neededRate, url) {
  let first = 0, got = 0, settle, starved = false, beat = performance.now();
  const verdict = new Promise((resolve) => { settle = resolve; });
  const heartbeat = setInterval(() => {
    const t = performance.now();
    if (t - beat > STARVED_MS) starved = true;
    beat = t;
  }, HEARTBEAT_MS);
  const timer = setTimeout(() => decide({ fast: false, rate: null }), PROBE_MS);
  function decide(v) {
    clearTimeout(timer);
    clearInterval(heartbeat);
    settle(v);
  }
  function fromChunks() {
    if (starved || performance.now() - beat > STARVED_MS) { starved = true; return; }
    const ms = performance.now() - first;
    const rate = (got / Math.max(ms, 1)) * 1000;
    if (rate >= neededRate && got >= PROBE_BYTES) decide({ fast: true, rate });
    else if (ms >= PROBE_MIN_MS && rate < neededRate) decide({ fast: false, rate });
  }
  return {
    verdict,
    onBytes(n) {
      if (!first) { first = performance.now(); return; } // its own transfer time is unknown
      got += n;
      fromChunks();
    },
    onEnd() { setTimeout(whole, 0); }, // once its Resource Timing entry is there
  };
  function whole() {
    const entry = performance.getEntriesByName(url).pop();
    const ms = entry && entry.responseEnd > entry.responseStart && entry.responseStart > 0
      ? entry.responseEnd - entry.responseStart : performance.now() - first;
    const bytes = (entry && entry.encodedBodySize) || got;
    const rate = (bytes / Math.max(ms, 1)) * 1000;
    decide({ fast: rate >= neededRate, rate });
  }
}

// The snapshot ships gzipped in sparse form (site_glue/assets.py `sparse`): without its long
// runs of zero bytes, a third of the 31 MB heap, which inflates in two thirds of the time.
// Sparse form: u32 magic, u32 full length, u32 n, n × (u32 offset, u32 length), then the n
// non-zero segments.
// After its first start the widget worker keeps it, sparse as inflated, in Cache Storage
// (SNAPSHOT_CACHE, under the file's URL + SPARSE), not the HTTP cache: the HTTP cache may drop
// or not yet have committed a 7 MB entry when the next page starts, and then a repeat visit
// would boot the slow way. The service worker's cache may hold the gzip file as well, which
// is the next best source.
const SNAPSHOT_CACHE = "convdims-snapshot";
const SPARSE = "?sparse";
const SPARSE_MAGIC = 0x50534443; // "CDSP"

function unpackSparse(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 12 || view.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("the snapshot is not in sparse form");
  const out = new Uint8Array(view.getUint32(4, true));
  const n = view.getUint32(8, true);
  let at = 12 + 8 * n;
  for (let i = 0; i < n; i++) {
    const off = view.getUint32(12 + 8 * i, true), len = view.getUint32(16 + 8 * i, true);
    if (at + len > packed.length || off + len > out.length) throw new Error("the snapshot is cut short");
    out.set(packed.subarray(at, at + len), off); at += len;
  }
  return out;
}
const cacheStorage = self.caches; // kept: the sandbox removes the global one
let snapshotCache = null;
function openSnapshotCache() {
  if (!snapshotCache) snapshotCache = cacheStorage.open(SNAPSHOT_CACHE);
  return snapshotCache;
}

// -> {response, encoding} from Cache Storage, or null
async function cachedSnapshot(url, snap) {
  if (!cacheStorage) return null;
  try {
    const mine = await (await openSnapshotCache()).match(url.href + SPARSE);
    if (mine && mine.ok) return { response: mine, encoding: "identity", kept: true };
    const any = await cacheStorage.match(url.href);
    if (any && any.ok) return { response: any, encoding: snap.encoding };
  } catch (_) { /* no cache: the network */ }
  return null;
}

// After a start, the widgets worker keeps the snapshot, sparse, in SNAPSHOT_CACHE (alone: the
// entries of older builds go), so the next start, on this page or the next, restores it.
// `packed`: the sparse snapshot this start restored, if it did (else it is fetched again).
async function keepSnapshot(url, snap, packed) {
  if (!cacheStorage) return false;
  const cache = await openSnapshotCache();
  const key = url.href + SPARSE;
  if (await cache.match(key)) return false;
  const data = packed || (await snapshotBytes(url, snap, await cachedSnapshot(url, snap))).packed;
  await cache.put(key, new Response(data, { headers: { "Content-Type": "application/octet-stream" } }));
  for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old);
  return true;
}

// -> {packed: the sparse snapshot, bytes: the heap}, checked against the manifest and the
// shipped Pyodide
async function snapshotBytes(url, snap, cached) {
  const packed = cached ? await bodyBytes(cached.response, cached.encoding) : await fetchBytes(url, "snapshot", snap.encoding);
  const b = unpackSparse(packed);
  if (b.length !== snap.bytes) throw new Error(`snapshot is ${b.length} bytes, the manifest says ${snap.bytes}`);
  const id = snapshotBuildId(b);
  if (id !== snap.pyodide_build) throw new Error(`snapshot made by Pyodide build ${id.slice(0, 12)}, not ${String(snap.pyodide_build).slice(0, 12)}`);
  return { packed, bytes: b };
}

function neededRate(snap) {
  return (snap.served_bytes || snap.bytes) / BOOT_SAVING_S;
}

async function chooseBootPath(snap, url, probe) {
  const cached = await cachedSnapshot(url, snap);
  post({ type: "progress", stage: "cache-matched", time: now() });
  if (cached) return { snapshot: true, why: "snapshot cached", source: cached };
  const { fast, rate } = await probe.verdict;
  if (fast) return { snapshot: true, why: `link ${(rate / 1e6).toFixed(1)} MB/s` };
  return { snapshot: false, why: `first visit on a link below ${(neededRate(snap) / 1e6).toFixed(1)} MB/s: booting; the snapshot downloads afterwards for the next start` };
}

// The 256-bit Pyodide build id in a snapshot's header (pyodide src/js/snapshot.ts).
function snapshotBuildId(bytes) {
  const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, 12);
  return Array.from(u32.subarray(4, 12), (x) => x.toString(16).padStart(8, "0")).join("");
}

// The snapshot's bytes are in hand before loadPyodide starts: given a promise, Pyodide would
// start its wasm download at once but read it only once the snapshot is there, and on a slow
// link the unread download trips the stall watchdog (and Pyodide only warns when its wasm
// fails, so the boot would hang).
async function restoreSnapshot(loadPyodide, options, bytes) {
  return loadPyodide({ ...options, _loadSnapshot: (await bytes).bytes });
}

async function boot(assetsHref, role, allowSnapshot, pageManifest) {
  const assets = new URL(assetsHref);
  const pyodideBase = new URL("pyodide/", assets);
  const wheelBase = new URL("wheel/", assets);
  post({ type: "progress", stage: "worker-started", time: now() });
  self.fetch = watchedFetch;

  const pyodideModule = import(new URL("pyodide.mjs", pyodideBase).href);
  pyodideModule.catch(() => {}); // reported where it is awaited
  // The calculator's code downloads while Pyodide boots or restores: the zip Python imports
  // from (bytecode, site_glue/precompile.mjs) or, when the build made none (`make serve`), the wheel.
  // manifest.json: {"wheel", "zip"?: {file, encoding, path}, "snapshot"?: {file, encoding,
  // bytes, pyodide_build, probe}} (site_glue/assets.py)
  if (cacheStorage) openSnapshotCache().catch(() => {}); // opening it takes tens of ms: now, meanwhile
  const manifest = pageManifest && pageManifest.wheel ? pageManifest
    : await fetchOk(new URL("manifest.json", wheelBase), "manifest", { cache: "no-cache" }).then((r) => r.json());
  post({ type: "progress", stage: "manifest", time: now() });
  if (!manifest || !manifest.wheel) throw new Error("manifest.json names no wheel");
  const codeUrl = new URL(manifest.zip ? manifest.zip.file : manifest.wheel, wheelBase);
  const probe = linkProbe(manifest.snapshot ? neededRate(manifest.snapshot) : Infinity, codeUrl.href);
  const watch = { onBytes: probe.onBytes, onEnd: probe.onEnd };
  const codeBytes = manifest.zip ? fetchBytes(codeUrl, "calculator zip", manifest.zip.encoding, watch)
    : fetchBytes(codeUrl, "wheel", undefined, watch);
  codeBytes.catch(() => {}); // reported below

  const { loadPyodide } = await pyodideModule;
  let sitePackages = null;
  // The widget worker starts with the standard library trimmed to what Pyodide imports to
  // start (site_glue/precompile.mjs: 0.7 MB gzipped instead of 2.5 MB); the sandbox runs
  // learner code, so it gets the whole library.
  const trimmed = role === "widgets" && manifest.stdlib ? new URL(manifest.stdlib.file, wheelBase) : null;
  if (trimmed) self.fetch = inflating(trimmed.href, manifest.stdlib.encoding);
  const options = {
    indexURL: pyodideBase.href,
    ...(trimmed ? { stdLibURL: trimmed.href } : {}),
    stdout: () => {},
    stderr: () => {},
    fsInit: async (_fs, info) => { sitePackages = info && info.sitePackages; },
    // The sandbox's Python sees an empty `js` module: nothing of the worker's globals.
    ...(role === "sandbox" ? { jsglobals: {} } : {}),
  };

  // The zip goes where the snapshot was made from (manifest.zip.path, in a folder named by
  // what made its bytes): a restored interpreter already has it on sys.path and imports what
  // the snapshot lacks from it; a booted one gets it put there. -> whether it was on sys.path.
  function installZip(pyodide, bytes) {
    const path = manifest.zip.path;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, bytes);
    pyodide.globals.set("_convdims_zip", path);
    // Only the zip's own importer re-reads its table of contents: importlib.invalidate_caches()
    // would import importlib.metadata (~0.2 s).
    return pyodide.runPython(`import sys
_convdims_had = _convdims_zip in sys.path
if _convdims_had:
    for _p in (_convdims_zip, _convdims_zip + "/_convdims_stdlib_pyc"):
        if hasattr(sys.path_importer_cache.get(_p), "invalidate_caches"):
            sys.path_importer_cache[_p].invalidate_caches()
    del _p
else:
    sys.path[:0] = [_convdims_zip, _convdims_zip + "/_convdims_stdlib_pyc"]
del _convdims_zip
globals().pop("_convdims_had")`);
  }

  // The snapshot was made with the whole library at the same path: its zip importer's table
  // of contents is re-read. An import of a standard-library module the trimmed zip lacks
  // (none of the calculator's: they are in its own zip) fetches the whole library once,
  // synchronously, and goes on; the page learns of it ("stdlib-full").
  function fullStdlibOnDemand(pyodide, stdlib, fromSnapshot) {
    pyodide.globals.set("_convdims_args", pyodide.toPy({
      stdlib, refresh: !!fromSnapshot, names: manifest.stdlib.names,
      url: new URL("python_stdlib.zip", pyodideBase).href, path: "/lib/convdims/python_stdlib_full.zip",
    }));
    pyodide.globals.set("_convdims_note", () => post({ type: "progress", stage: "stdlib-full", time: now() }));
    pyodide.runPython(`import sys

class _ConvdimsFullStdlib:
    def __init__(self, args, note):
        self.names, self.url, self.path, self.note = frozenset(args["names"]), args["url"], args["path"], note

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in self.names:
            return None
        if self.path not in sys.path:
            from js import XMLHttpRequest
            xhr = XMLHttpRequest.new()
            xhr.open("GET", self.url, False)
            xhr.responseType = "arraybuffer"
            xhr.send()
            if xhr.status != 200:
                raise ImportError(f"No module named {name!r} here: the full standard library did not load (HTTP {xhr.status})", name=name)
            with open(self.path, "wb") as f:
                f.write(xhr.response.to_bytes())
            sys.path.append(self.path)
            self.note()
        from importlib.machinery import PathFinder
        if path is None:
            return PathFinder.find_spec(name)
        return PathFinder.find_spec(name, [*path, self.path + "/" + name.rpartition(".")[0].replace(".", "/")])

if _convdims_args["refresh"] and hasattr(sys.path_importer_cache.get(_convdims_args["stdlib"]), "invalidate_caches"):
    sys.path_importer_cache[_convdims_args["stdlib"]].invalidate_caches()
sys.meta_path.append(_ConvdimsFullStdlib(_convdims_args, _convdims_note))
del _convdims_args, _convdims_note, _ConvdimsFullStdlib`);
  }

  async function install(pyodide, fromSnapshot) {
    // Pyodide only logs a failed standard library, and a restored interpreter runs without it
    // until it imports a module the snapshot lacks: that start fails here instead.
    const stdlib = pyodide.runPython("import sys\nnext((p for p in sys.path if p.startswith('/lib/python') and p.endswith('.zip')), '')");
    if (!stdlib || !pyodide.FS.analyzePath(stdlib).exists) throw new Error("Python's standard library (python_stdlib.zip) did not load");
    if (trimmed) fullStdlibOnDemand(pyodide, stdlib, fromSnapshot);
    const bytes = await codeBytes;
    if (manifest.zip) {
      const had = installZip(pyodide, bytes);
      if (fromSnapshot && !had) throw new Error("the snapshot was made from another calculator zip");
    } else {
      sitePackages = sitePackages || pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
      pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
    }
    post({ type: "progress", stage: "wheel-installed", time: now(), zip: !!manifest.zip });
    if (role !== "sandbox") {
      const handle = pyodide.pyimport("calculator.api").handle_json;
      return (text) => handle(text);
    }
    // Learner code runs under calculator.timelimit: the answer names the loop that never ended.
    const limited = pyodide.pyimport("calculator.timelimit").handle_json_limited;
    return (text, seconds) => limited(text, seconds || 5);
  }

  let bootPath = "boot";
  let reason = manifest.snapshot ? (allowSnapshot ? "" : "snapshot not wanted") : "the build made no snapshot";
  const snapUrl = manifest.snapshot ? new URL(manifest.snapshot.file, wheelBase) : null;
  let choice = { snapshot: false };
  let restored = null; // Promise of snapshotBytes(), when this start restores it
  if (manifest.snapshot && allowSnapshot) {
    choice = allowSnapshot === "force" ? { snapshot: true, why: "snapshot forced" } : await chooseBootPath(manifest.snapshot, snapUrl, probe);
    if (!choice.snapshot) reason = choice.why;
  }
  if (choice.snapshot) {
    try {
      restored = snapshotBytes(snapUrl, manifest.snapshot, choice.source);
      restored.then(() => post({ type: "progress", stage: "snapshot-read", time: now() }), () => {});
      const pyodide = await restoreSnapshot(loadPyodide, options, restored);
      post({ type: "progress", stage: "pyodide-loaded", time: now() });
      const handle = await install(pyodide, true);
      const probe = manifest.snapshot.probe;
      if (probe && handle(probe.request) !== probe.response) throw new Error("the restored calculator answered the probe differently");
      handleJson = handle;
      bootPath = "snapshot";
    } catch (err) {
      restored = null;
      reason = `snapshot failed: ${lastLine(err)}`;
      // A kept copy that failed is dropped, so the next start does not meet it again.
      if (choice.source && choice.source.kept) {
        cacheStorage.open(SNAPSHOT_CACHE).then((c) => c.delete(snapUrl.href + SPARSE)).catch(() => {});
      }
      sitePackages = null;
    }
  }
  if (!handleJson) {
    const pyodide = await loadPyodide(options);
    post({ type: "progress", stage: "pyodide-loaded", time: now() });
    handleJson = await install(pyodide);
  }
  post({ type: "progress", stage: "api-imported", time: now() });
  self.fetch = nativeFetch;
  if (manifest.snapshot && allowSnapshot && role === "widgets") {
    setTimeout(() => Promise.resolve(restored).then((r) => keepSnapshot(snapUrl, manifest.snapshot, r && r.packed))
      .then((kept) => { if (kept) post({ type: "progress", stage: "snapshot-kept", time: now() }); }, () => {}), 2000);
  }
  if (role === "sandbox") lockDown();
  return { bootPath, reason: reason || choice.why || "" };
}

// The sandbox after booting: nothing that reaches the network, storage, other scripts or
// the page is left reachable from learner code (whatever JS object it gets hold of).
function lockDown() {
  const names = ["fetch", "XMLHttpRequest", "WebSocket", "WebTransport", "EventSource", "importScripts",
    "Worker", "SharedWorker", "indexedDB", "caches", "BroadcastChannel", "postMessage", "eval",
    "Request", "navigator", "cookieStore", "storage", "open"];
  for (const name of names) {
    for (let o = self; o; o = Object.getPrototypeOf(o)) {
      try { if (Object.prototype.hasOwnProperty.call(o, name)) delete o[name]; } catch (_) { /* keep going */ }
    }
    try { if (name in self) Object.defineProperty(self, name, { value: undefined, configurable: false, writable: false }); } catch (_) { /* ignore */ }
  }
  const blocked = function () { throw new Error("dynamic code is disabled in the playground"); };
  const ctors = [Function, Object.getPrototypeOf(async function () {}).constructor,
    Object.getPrototypeOf(function* () {}).constructor, Object.getPrototypeOf(async function* () {}).constructor];
  for (const C of ctors) {
    try { Object.defineProperty(C.prototype, "constructor", { value: blocked, configurable: false, writable: false }); } catch (_) { /* ignore */ }
  }
}

function answer(id, request, limit) {
  let response;
  try {
    response = handleJson(request, limit);
    if (typeof response !== "string") response = errorResponse("RuntimeError", "The calculator returned no text.");
  } catch (err) {
    // handle_json never raises by contract; if it does, keep the traceback out of the page.
    response = errorResponse("RuntimeError", lastLine(err) || "The calculator failed.");
  }
  post({ type: "result", id, response });
}

// A rejection nobody awaited while booting (Pyodide's wasm instantiation, say) is a failure.
self.addEventListener("unhandledrejection", (ev) => {
  if (!handleJson) { post({ type: "failed", message: lastLine(ev.reason) || "Pyodide failed to start" }); ev.preventDefault(); }
});

self.onmessage = (ev) => {
  const msg = ev.data || {};
  if (msg.type === "init") {
    if (booting) return;
    booting = boot(msg.assets, msg.role === "sandbox" ? "sandbox" : "widgets", msg.snapshot === "force" ? "force" : msg.snapshot !== false, msg.manifest).then(
      (how) => {
        post({ type: "ready", time: now(), ...how });
        while (queue.length) { const m = queue.shift(); answer(m.id, m.request, m.limit); }
      },
      (err) => post({ type: "failed", message: lastLine(err) }),
    );
  } else if (msg.type === "call") {
    if (handleJson) answer(msg.id, msg.request, msg.limit);
    else queue.push(msg);
  }
};
