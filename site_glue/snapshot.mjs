#!/usr/bin/env node
// Make a Pyodide memory snapshot of a warmed-up calculator, at build time.
//
//   node site_glue/snapshot.mjs <calculator.zip> <its path in Pyodide's filesystem> <out.bin>
//
// Why: a bare Pyodide boot is the whole wait before the first computed result. A snapshot
// taken under Node after `import calculator.api` and one request of every kind restores in
// the page far faster than Pyodide can boot (it skips CPython's start-up, the imports and
// their compilation). The API is private (`_makeSnapshot`, `makeMemorySnapshot()`,
// `_loadSnapshot`, see pyodide src/js/snapshot.ts): a snapshot loads only into the exact
// wasm build that made it (its header holds the build id, which this script prints as
// JSON on stdout for the manifest), and the filesystem is not part of it, so the worker
// writes the calculator's zip (site_glue/precompile.mjs) back to the same path after
// restoring: the modules imported here are in the snapshot, the others import from the zip.
//
// Environment: PYODIDE_DIR (default node_modules/pyodide).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HEADER_BYTES = 48; // magic, offset, json length, 0, then the 256-bit build id

export function snapshotBuildId(bytes) {
  const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_BYTES / 4);
  return Array.from(u32.subarray(4, 12), (x) => x.toString(16).padStart(8, "0")).join("");
}

// Zero the heap's free memory: what the warm-up allocated and freed is still there, and the
// shipped file (gzip of the heap without its long zero runs) carries it for nothing (~0.6 of
// its 7 MB). Take every free block from dlmalloc with its footprint capped (so nothing is
// taken from beyond the heap: a grown heap does not restore), clear it and give it back.
export function zeroFreeMemory(m) {
  const heapBefore = m.HEAP8.length;
  const limit = m._malloc_footprint_limit();
  m._malloc_set_footprint_limit(m._malloc_footprint());
  const blocks = [];
  try {
    for (let size = 1 << 24; size >= 64; size >>>= 1) {
      for (let p = m._malloc(size); p; p = m._malloc(size)) {
        m.HEAPU8.fill(0, p, p + size);
        blocks.push(p);
      }
    }
  } finally {
    for (const p of blocks) m._free(p);
    m._malloc_set_footprint_limit(limit);
  }
  if (m.HEAP8.length !== heapBefore) throw new Error("zeroing the free memory grew the heap");
}

async function main() {
  const [codeZip, zipPath, out] = process.argv.slice(2);
  if (!codeZip || !zipPath || !out) {
    process.stderr.write("usage: node site_glue/snapshot.mjs <calculator.zip> <its path in Pyodide's filesystem> <out.bin>\n");
    return 2;
  }
  const pyodideDir = path.resolve(process.env.PYODIDE_DIR || path.join(ROOT, "node_modules", "pyodide"));
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const py = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    _makeSnapshot: true,
    stdout: (s) => process.stderr.write(s + "\n"),
    stderr: (s) => process.stderr.write(s + "\n"),
  });
  const initialHeap = py._module.HEAP8.length;
  py.FS.mkdirTree(path.posix.dirname(zipPath));
  py.FS.writeFile(zipPath, new Uint8Array(fs.readFileSync(codeZip)));
  py.globals.set("ZIP", zipPath);
  py.globals.set("PROBE", process.env.CONVDIMS_PROBE || JSON.stringify({ op: "layer", layer: "Dense", args: { units: 2 }, input_shape: "3" }));
  // The same warm-up as the bytecode step: every widget's defaults and a Keras script, so
  // every module a page uses is imported (and its lazy caches filled) before the snapshot;
  // then the values a widget lists in WARM (the explorer's networks), rendered in advance.
  // The worker checks the answer to the probe request (CONVDIMS_PROBE) after restoring.
  const probe = py.runPython(`
import json, sys
sys.path[:0] = [ZIP, ZIP + "/_convdims_stdlib_pyc"]
import calculator.api as api
if not api.__file__.startswith(ZIP + "/"):
    raise SystemExit(f"calculator imported from {api.__file__}, not from {ZIP}")
import calculator.timelimit
import calculator.widgets as widgets
for name in getattr(widgets, "REGISTRY", {}):
    api.handle_json(json.dumps({"op": "widget", "widget": name, "values": {}, "options": {}}))
api.handle_json(json.dumps({"op": "quiz.practice", "seed": "1", "level": "easy", "topic": "params"}))
api.handle_json(json.dumps({"op": "run", "code": "import keras\\nm = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3)])\\nm.summary()"}))
# Last, so their results do not share the heap with the peaks above (feature maps): the
# heap must stay within Pyodide's initial size (checked below).
for name in getattr(widgets, "REGISTRY", {}):
    try:
        warm = getattr(widgets.get(name), "WARM", ())
    except ImportError:
        warm = ()
    for values in warm:
        api.handle_json(json.dumps({"op": "widget", "widget": name, "values": values, "options": {}}))
import gc
gc.collect()
api.handle_json(PROBE)
`);
  py.runPython("del PROBE, ZIP");
  zeroFreeMemory(py._module);
  const bytes = py.makeMemorySnapshot();
  // Pyodide restores into a heap of its initial size whatever the snapshot's (pyodide#6254:
  // INITIAL_MEMORY is not read), so a snapshot of a heap that grew would never restore.
  if (bytes.length - initialHeap >= 65536) {
    throw new Error(`the warmed-up heap grew to ${bytes.length} bytes, past Pyodide's initial ${initialHeap}: ` +
      "such a snapshot does not restore (pyodide#6254); warm up less (WARM lists in calculator/widgets)");
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, bytes);
  const info = { build_id: snapshotBuildId(bytes), bytes: bytes.length, probe };
  process.stdout.write(JSON.stringify(info) + "\n");
  process.stderr.write(`[snapshot] ${bytes.length} bytes -> ${out} (pyodide build ${info.build_id.slice(0, 12)}…)\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => process.exit(code), (err) => { process.stderr.write(`[snapshot] ${err && err.stack || err}\n`); process.exit(1); });
}
