#!/usr/bin/env node
// Build the calculator's importable zip for Pyodide's CPython, at build time.
//
//   node site_glue/precompile.mjs <wheel.whl> <out.zip> <path in Pyodide's filesystem>
//
// Why: Pyodide compiles every imported .py file in the page, and for the calculator that is
// most of the first widget result's cost (measured under Node: first conv2d request
// ~1.1-3.7 s without bytecode, ~0.09 s with it); and unpacking a wheel's files one by one
// costs the page ~130 ms more. So the page gets one zip that Python imports from as it is
// (zipimport): the calculator's modules as sourceless .pyc files next to where their .py
// would be (zipimport's layout), the package's data files, and, under
// _convdims_stdlib_pyc/, the standard-library modules the calculator imports, precompiled.
// The worker writes the zip to <path in Pyodide's filesystem> (named by the sources' hash,
// so a memory snapshot made from it can be matched to it) and puts it on sys.path.
// The pycs come from the same node_modules/pyodide that the site ships, so their magic
// number matches.
//
// Environment: PYODIDE_DIR (default node_modules/pyodide).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const [wheel, out, zipPath] = process.argv.slice(2);
  if (!wheel || !out || !zipPath) {
    process.stderr.write("usage: node site_glue/precompile.mjs <wheel.whl> <out.zip> <path in Pyodide's filesystem>\n");
    return 2;
  }
  const pyodideDir = path.resolve(process.env.PYODIDE_DIR || path.join(ROOT, "node_modules", "pyodide"));
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  let sitePackages = null;
  const py = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    stdout: (s) => process.stderr.write(s + "\n"),
    stderr: (s) => process.stderr.write(s + "\n"),
    // Bytecode without column positions (only traceback carets use them): a third smaller.
    env: { PYTHONNODEBUGRANGES: "1" },
    fsInit: async (_fs, info) => { sitePackages = info && info.sitePackages; },
  });
  sitePackages = sitePackages || py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel", { extractDir: sitePackages });
  py.globals.set("SP", sitePackages);
  py.globals.set("ZIP_PATH", zipPath);
  const count = py.runPython(`
import importlib, json, os, sys, zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc

# 1. Which standard-library modules do the page's requests import? Pyodide ships the
#    stdlib as .py sources in a zip, compiled on every visit (html.entities alone costs
#    ~0.3-0.6 s). Warm up with every registered widget's defaults and a Keras script.
before = set(sys.modules)
import calculator.api as api
try:
    import calculator.widgets as widgets
    names = list(getattr(widgets, "REGISTRY", {}))
except Exception:
    names = []
for name in names:
    api.handle_json(json.dumps({"op": "widget", "widget": name, "values": {}, "options": {}}))
api.handle_json(json.dumps({"op": "run", "code": "import keras\\nm = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3)])\\nm.summary()"}))
stdlib = sorted(n for n, m in sys.modules.items()
                if n not in before and ".zip/" in (getattr(m, "__file__", None) or ""))

# 2. The calculator: each module as a sourceless pyc where its .py would be (the layout
#    zipimport reads), compiled under the file name it will have in the page, and every
#    data file of the package as it is.
pkg = os.path.join(SP, "calculator")
n = 0

def add(z, name, data):  # fixed date: the same sources make the same zip
    z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_STORED)

# Stored, not deflated: the site serves the whole zip gzipped (site_glue/assets.py), which
# compresses across modules (~15% smaller than deflating each), and zipimport reads stored
# members without inflating them.
with zipfile.ZipFile("/tmp/pyc.zip", "w", zipfile.ZIP_STORED) as z:
    for root, dirs, files in os.walk(pkg):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for f in sorted(files):
            full = os.path.join(root, f)
            rel = os.path.relpath(full, SP)
            if f.endswith(".py"):
                with open(full, encoding="utf-8") as fh:
                    src = fh.read()
                # optimize=2: no docstrings (nothing reads them) and no asserts (none left)
                code = compile(src, os.path.join(ZIP_PATH, rel), "exec", dont_inherit=True, optimize=2)
                add(z, rel[:-3] + ".pyc", bytes(_code_to_timestamp_pyc(code, 0, len(src))))
                n += 1
            elif not f.endswith((".pyc", ".pyo")):
                with open(full, "rb") as fh:
                    add(z, rel, fh.read())
    # 3. Those stdlib modules as sourceless pycs under _convdims_stdlib_pyc/, which the
    #    worker puts first on sys.path (compiled from this very Pyodide's stdlib zip).
    for name in stdlib:
        mod = sys.modules[name]
        src = mod.__loader__.get_source(name)
        if src is None:
            continue
        code = compile(src, mod.__file__, "exec", dont_inherit=True)
        rel = mod.__file__.split(".zip/", 1)[1]
        rel = rel[:-3] + ".pyc"
        add(z, "_convdims_stdlib_pyc/" + rel, bytes(_code_to_timestamp_pyc(code, 0, len(src))))
        n += 1
print("stdlib modules precompiled:", ", ".join(stdlib) or "none", file=sys.stderr)
n
`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, py.FS.readFile("/tmp/pyc.zip"));
  process.stderr.write(`[precompile] ${count} modules -> ${out} (${py.runPython("import sys; sys.implementation.cache_tag")})\n`);
  return 0;
}

main().then((code) => process.exit(code), (err) => { process.stderr.write(`[precompile] ${err && err.stack || err}\n`); process.exit(1); });
