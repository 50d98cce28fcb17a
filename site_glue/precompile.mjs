#!/usr/bin/env node
// Build the calculator's importable zip for Pyodide's CPython, at build time.
//
//   node site_glue/precompile.mjs <wheel.whl> <out.zip> <path in Pyodide's filesystem> <out stdlib.zip>
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
// <out stdlib.zip>: the standard library the widget worker boots with, only the modules
// Pyodide itself imports while it starts (~0.8 MB of the 2.5 MB python_stdlib.zip; the
// calculator's own stdlib needs are in the zip above). Stored, like the zip. Prints JSON on
// stdout: {"stdlib_names": every top-level name of the full standard library}, which the
// worker's fallback uses to fetch the full zip for an import the trimmed one cannot serve.
//
// Environment: PYODIDE_DIR (default node_modules/pyodide).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const [wheel, out, zipPath, stdlibOut] = process.argv.slice(2);
  if (!wheel || !out || !zipPath || !stdlibOut) {
    process.stderr.write("usage: node site_glue/precompile.mjs <wheel.whl> <out.zip> <path in Pyodide's filesystem> <out stdlib.zip>\n");
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
  // What Pyodide imports from python_stdlib.zip to start, before anything of ours runs.
  const stdlibNames = py.runPython(`
import json, sys, zipfile
_stdlib = next(p for p in sys.path if p.startswith("/lib/python") and p.endswith(".zip"))
_booted = sorted({m.__file__[len(_stdlib) + 1:] for m in list(sys.modules.values())
                  if (getattr(m, "__file__", None) or "").startswith(_stdlib + "/")})
with zipfile.ZipFile(_stdlib) as full, zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED) as z:
    for name in _booted:
        z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), full.read(name), zipfile.ZIP_STORED)
    _names = sorted({n.split("/")[0].removesuffix(".py") for n in full.namelist()
                     if n.endswith(".py") or "/" in n})
print(f"[precompile] trimmed stdlib: {len(_booted)} modules", file=sys.stderr)
json.dumps(_names)
`);
  sitePackages = sitePackages || py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel", { extractDir: sitePackages });
  py.globals.set("SP", sitePackages);
  py.globals.set("STDLIB_NAMES", py.toPy(JSON.parse(stdlibNames)));
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
api.handle_json(json.dumps({"op": "run", "code": "import torch\\nfrom torchinfo import summary\\nm = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3))\\nprint(m)\\nprint(summary(m, input_size=(1, 1, 8, 8)))"}))
#    ... and every standard-library module the calculator names in an import anywhere, also
#    inside functions (the page's worker boots with the trimmed stdlib: see the header),
#    except in the command line's modules, which the page never runs.
import ast
for root, dirs, files in os.walk(os.path.join(SP, "calculator")):
    for f in files:
        if not f.endswith(".py") or (root == os.path.join(SP, "calculator") and f in ("cli.py", "__main__.py")):
            continue
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            found = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for mod in found:
                if mod.split(".")[0] in STDLIB_NAMES:
                    try:
                        importlib.import_module(mod)
                    except ImportError:  # not in Pyodide (it fails there as in the page)
                        pass
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
  fs.writeFileSync(stdlibOut, py.FS.readFile("/tmp/stdlib.zip"));
  process.stdout.write(JSON.stringify({ stdlib_names: JSON.parse(stdlibNames) }) + "\n");
  process.stderr.write(`[precompile] ${count} modules -> ${out} (${py.runPython("import sys; sys.implementation.cache_tag")})\n`);
  return 0;
}

main().then((code) => process.exit(code), (err) => { process.stderr.write(`[precompile] ${err && err.stack || err}\n`); process.exit(1); });
