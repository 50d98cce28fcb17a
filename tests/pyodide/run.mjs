#!/usr/bin/env node
// Run the calculator's own test suite (tests/calculator) inside Pyodide under Node.
//
// It proves the *wheel* works on Pyodide's CPython: the wheel is installed into Pyodide's
// site-packages and only tests/ is mounted (never the source tree), so `import calculator`
// can only find the installed copy.
//
//   node tests/pyodide/run.mjs [--wheel path/to.whl] [-- extra pytest args]
//
// Environment: CONVDIMS_WHEEL (a wheel to test), PYODIDE_DIR (default node_modules/pyodide),
// PYTHON (default python3: builds the wheel and downloads the test tools' wheels once into
// build/pyodide-test-wheels/). Exit code = pytest's.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const VENV_PY = path.join(ROOT, ".venv", "bin", "python");
const PYTHON = process.env.PYTHON || (fs.existsSync(VENV_PY) ? VENV_PY : "python3");
const CACHE = path.join(ROOT, "build", "pyodide-test-wheels");
// pytest and hypothesis with their pure-Python dependencies (all py3-none-any wheels).
const TOOLS = ["pytest", "pluggy", "iniconfig", "packaging", "pygments", "hypothesis", "attrs", "sortedcontainers"];

function log(msg) { process.stderr.write(`[pyodide-tests] ${msg}\n`); }

function parseArgs(argv) {
  const out = { wheel: process.env.CONVDIMS_WHEEL || null, pytestArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--wheel") out.wheel = argv[++i];
    else if (a.startsWith("--wheel=")) out.wheel = a.slice(8);
    else if (a === "--") { out.pytestArgs.push(...argv.slice(i + 1)); break; }
    else out.pytestArgs.push(a);
  }
  return out;
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...opts });
}

function buildWheel() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "convdims-wheel-"));
  log(`building the calculator wheel (pip wheel --no-deps) into ${dir}`);
  // Without build isolation when setuptools is at hand (offline-friendly, faster).
  let isolation = [];
  try { run(PYTHON, ["-c", "import setuptools, wheel"]); isolation = ["--no-build-isolation"]; } catch (_) { /* pip fetches them */ }
  run(PYTHON, ["-m", "pip", "wheel", "--no-deps", ...isolation, "-q", "-w", dir, "."]);
  const whl = fs.readdirSync(dir).find((f) => f.endsWith(".whl"));
  if (!whl) throw new Error("pip wheel produced no wheel");
  return path.join(dir, whl);
}

// Pins: requirements.txt (the project's lock), else the versions installed natively, else latest.
function pinnedVersions() {
  const pins = {};
  const req = path.join(ROOT, "requirements.txt");
  if (fs.existsSync(req)) {
    for (const line of fs.readFileSync(req, "utf8").split("\n")) {
      const m = line.match(/^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;#\\]+)/);
      if (m) pins[m[1].toLowerCase().replace(/_/g, "-")] = m[2];
    }
  }
  try {
    const code = `import importlib.metadata as m, json\nout = {}\nfor n in ${JSON.stringify(TOOLS)}:\n    try: out[n] = m.version(n)\n    except Exception: pass\nprint(json.dumps(out))`;
    const native = JSON.parse(run(PYTHON, ["-c", code]));
    for (const [k, v] of Object.entries(native)) if (!pins[k]) pins[k] = v;
  } catch (_) { /* no native python tools: latest */ }
  return pins;
}

function normName(file) { return file.split("-")[0].toLowerCase().replace(/_/g, "-"); }
function versionOf(file) { return file.split("-")[1]; }
const isPure = (f) => f.endsWith("-none-any.whl");

// Only pure-Python wheels run on Pyodide: ask pip for exactly those, whatever the host is.
const PURE = ["--only-binary=:all:", "--no-deps", "--python-version", "3.14", "--implementation", "py", "--abi", "none", "--platform", "any"];

function download(spec) {
  try {
    execFileSync(PYTHON, ["-m", "pip", "download", ...PURE, "--disable-pip-version-check", "-q", "-d", CACHE, spec],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    return true;
  } catch (err) {
    return false;
  }
}

function toolWheels() {
  fs.mkdirSync(CACHE, { recursive: true });
  const pins = pinnedVersions();
  const cached = (n, v) => fs.readdirSync(CACHE)
    .filter((f) => isPure(f) && normName(f) === n && (!v || versionOf(f) === v))
    .sort((a, b) => versionOf(a).localeCompare(versionOf(b), undefined, { numeric: true }));
  return TOOLS.map((n) => {
    const v = pins[n];
    let found = cached(n, v);
    if (!found.length && v) {
      log(`downloading ${n}==${v}`);
      if (download(`${n}==${v}`)) found = cached(n, v);
      else log(`${n}==${v} has no pure-Python wheel (the native pin is compiled); using the newest pure one`);
    }
    if (!found.length) found = cached(n, null);
    if (!found.length) {
      log(`downloading ${n}`);
      if (!download(n)) throw new Error(`pip download ${n} failed (PyPI reachable?)`);
      found = cached(n, null);
    }
    if (!found.length) throw new Error(`no pure-Python wheel for ${n} in ${CACHE}`);
    return path.join(CACHE, found[found.length - 1]);
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const testsDir = path.join(ROOT, "tests");
  if (!fs.existsSync(path.join(testsDir, "calculator"))) throw new Error("tests/calculator/ is missing");

  const wheel = args.wheel ? path.resolve(args.wheel) : buildWheel();
  const tools = toolWheels();

  const pyodideDir = path.resolve(process.env.PYODIDE_DIR || path.join(ROOT, "node_modules", "pyodide"));
  if (!fs.existsSync(path.join(pyodideDir, "pyodide.mjs"))) throw new Error(`no Pyodide at ${pyodideDir}: run npm ci`);
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

  const t0 = Date.now();
  let sitePackages = null;
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    stdout: (s) => process.stdout.write(s + "\n"),
    stderr: (s) => process.stderr.write(s + "\n"),
    fsInit: async (_fs, info) => { sitePackages = info && info.sitePackages; },
  });
  // Raw writes: pytest's progress dots arrive without newlines.
  const decoder = new TextDecoder();
  pyodide.setStdout({ write: (buf) => { process.stdout.write(decoder.decode(buf)); return buf.length; } });
  pyodide.setStderr({ write: (buf) => { process.stderr.write(decoder.decode(buf)); return buf.length; } });
  log(`Pyodide ${pyodide.version} (Python ${pyodide.runPython("import sys; sys.version.split()[0]")}) booted in ${Date.now() - t0} ms`);
  sitePackages = sitePackages || pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");

  for (const whl of [...tools, wheel]) {
    pyodide.unpackArchive(new Uint8Array(fs.readFileSync(whl)), "wheel", { extractDir: sitePackages });
  }
  log(`installed ${path.basename(wheel)} + ${tools.map((t) => path.basename(t).split("-").slice(0, 2).join("-")).join(", ")}`);

  // A scratch project root in Pyodide's memory file system holding only tests/ (mounted)
  // and pyproject.toml (for pytest's configuration: markers, options).
  const proj = "/convdims";
  pyodide.FS.mkdirTree(`${proj}/tests`);
  pyodide.mountNodeFS(`${proj}/tests`, testsDir);
  const pyproject = path.join(ROOT, "pyproject.toml");
  if (fs.existsSync(pyproject)) pyodide.FS.writeFile(`${proj}/pyproject.toml`, fs.readFileSync(pyproject));

  const pytestArgs = ["tests/calculator", "-q", "-p", "no:cacheprovider", "-p", "no:faulthandler", ...args.pytestArgs];
  pyodide.globals.set("PYTEST_ARGS", pyodide.toPy(pytestArgs));
  pyodide.globals.set("PROJ", proj);
  const code = pyodide.runPython(`
import os, sys
os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", "/tmp/hypothesis")
os.chdir(PROJ)
sys.path[:] = [p for p in sys.path if not p.startswith(PROJ)]

import calculator
where = os.path.dirname(calculator.__file__)
print(f"calculator {getattr(calculator, '__version__', '?')} from {where}", flush=True)
assert where.startswith(${JSON.stringify(sitePackages)}), "calculator must come from the installed wheel"

# Pyodide is slower than native CPython: no per-example deadline, no too_slow health check.
try:
    from hypothesis import HealthCheck, settings
    settings.register_profile("pyodide", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("pyodide")
except Exception as exc:  # hypothesis missing is pytest's problem to report
    print("hypothesis profile not set:", exc)

import pytest
import importlib.util
# Natively hypothesis's pytest plugin loads by entry point; autoload is off here.
if importlib.util.find_spec("_hypothesis_pytestplugin"):
    args = ["-p", "_hypothesis_pytestplugin", *PYTEST_ARGS]
else:
    args = list(PYTEST_ARGS)
int(pytest.main(args))
`);
  log(`pytest exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return Number(code);
}

main().then(
  (code) => process.exit(code),
  (err) => { log(`error: ${err && err.stack || err}`); process.exit(2); },
);
