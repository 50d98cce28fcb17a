#!/usr/bin/env node
// Precompile the calculator wheel's modules to bytecode for Pyodide's CPython, at build time.
//
//   node site_glue/precompile.mjs <wheel.whl> <out.zip>
//
// Why: Pyodide compiles every imported .py file in the page, and for the calculator that is
// most of the first widget result's cost (measured under Node: first conv2d request
// ~1.1-3.7 s without bytecode, ~0.09 s with it). The zip holds
// calculator/**/__pycache__/*.cpython-3XX.pyc as *unchecked-hash* pycs (PEP 552), so they
// are used whatever the files' mtimes are after unpacking. The page's worker unpacks the
// zip over site-packages after the wheel when manifest.json names it ("pyc": "<file>").
// The pycs come from the same node_modules/pyodide that the site ships, so their magic
// number matches; a mismatched pyc would simply be ignored and the source compiled.
//
// Environment: PYODIDE_DIR (default node_modules/pyodide).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const [wheel, out] = process.argv.slice(2);
  if (!wheel || !out) {
    process.stderr.write("usage: node site_glue/precompile.mjs <wheel.whl> <out.zip>\n");
    return 2;
  }
  const pyodideDir = path.resolve(process.env.PYODIDE_DIR || path.join(ROOT, "node_modules", "pyodide"));
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  let sitePackages = null;
  const py = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    stdout: (s) => process.stderr.write(s + "\n"),
    stderr: (s) => process.stderr.write(s + "\n"),
    fsInit: async (_fs, info) => { sitePackages = info && info.sitePackages; },
  });
  sitePackages = sitePackages || py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel", { extractDir: sitePackages });
  py.globals.set("SP", sitePackages);
  const count = py.runPython(`
import compileall, importlib, json, os, py_compile, sys, zipfile
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

# 2. The calculator: unchecked-hash pycs in __pycache__ (used whatever the mtimes).
pkg = os.path.join(SP, "calculator")
ok = compileall.compile_dir(pkg, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
if not ok:
    raise SystemExit("compileall failed")
n = 0
with zipfile.ZipFile("/tmp/pyc.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(pkg):
        for f in sorted(files):
            if f.endswith(".pyc") and f".{sys.implementation.cache_tag}." in f:
                full = os.path.join(root, f)
                z.write(full, os.path.relpath(full, SP))
                n += 1
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
        z.writestr("_convdims_stdlib_pyc/" + rel, bytes(_code_to_timestamp_pyc(code, 0, len(src))))
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
