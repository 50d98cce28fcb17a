#!/usr/bin/env python3
"""Benchmark the site's in-page Python: prints a table of figures.

    python bench/bench_site.py [--site DIR | --build] [--runs 3] [--page lessons/...]

What it measures, all in one run, with Debian Chromium driven by Playwright:

- site build time (``--build``: ``mkdocs build`` into a temp dir, timed)
- time from navigation to the first *computed* widget result on a lesson page (an init
  script edits the first live widget's first field as soon as the page is parsed, so the
  result needs Python), cold (fresh browser context), reload (same context, right after the
  first result: the HTTP cache only) and warm, a repeat visit once the first visit has settled
  (its service worker active, its snapshot kept)
- the same for a bare page that only boots the same Pyodide (same assets, same origin, a
  worker that imports pyodide.mjs, loadPyodide(), runs ``1+1``): the ratio is the cost of
  everything that is not Pyodide (target <= 1.10)
- the floor under those figures: a bare page that starts the site's own worker (same snapshot,
  same boot choice, same kept copy) and asks one request, cold, reload and repeat visit; the
  ratio restore / bare boot is what a page that renders nothing could reach
- worker round trip once ready (median of many calls through ``convdims.call``)
- input -> updated result once ready (median over edits; target < 50 ms)
- longest main-thread task while booting (PerformanceObserver longtask; target <= 50 ms)
- instant navigation to another page: no new boot, and its widget computes (time)
- bytes the lesson page loads (raw, and gzip-estimated as GitHub Pages serves them), and the
  bytes loaded before the first computed result (raw and as served)
- Stop: a runaway playground run stopped -> next widget result, and -> next playground result
- input -> updated result, p95, on the architecture explorer cycling through every
  application (DenseNet121, the largest, included)
- ``--links``: the first computed result and the bare boot at 10 Mbps / 40 ms and
  1.6 Mbps / 150 ms (Chromium network emulation, CDP Network.emulateNetworkConditions),
  for the default boot choice and with the snapshot forced on (cold cache)

The server compresses like GitHub Pages: gzip on the fly for text types and ``.wasm``
(Pages' CDN compresses application/wasm; see maxence-charriere/go-app#866), never for
``.zip``, ``.whl``, ``.gz`` or ``.woff2``; so the snapshot ships as ``.sparse.gz`` and
is decompressed in the worker with DecompressionStream.

The site is served at http://127.0.0.1:PORT/convdims/ (a sub-path) by a threaded static
server that sends ``Cache-Control: max-age=600`` like GitHub Pages. No route interception
is used (it would disable the HTTP cache); off-origin requests are counted and reported.
The machine is shared (2 cores, other jobs running): figures are noisy, ratios are measured
in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE_PATH = "/convdims/"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEFAULT_PAGES = ["lessons/13-convolutional-layers-in-keras/", "lessons/14-quiz-dimensionality/",
                 "calculator/", "lessons/12-stride-and-padding/"]
MIME = {".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
        ".json": "application/json", ".whl": "application/zip", ".zip": "application/zip",
        ".woff2": "font/woff2", ".svg": "image/svg+xml", ".css": "text/css", ".html": "text/html"}

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide boot</title>
<script type="module">
performance.mark("bare:start");
const w = new Worker(new URL("bare-worker.js", import.meta.url), {type: "module"});
w.onmessage = (e) => {
  if (e.data.ok) { performance.mark("bare:ready"); window.__bareReady = performance.now(); }
  else { window.__bareError = e.data.error; }
};
</script></head><body><p>Booting Pyodide only.</p></body></html>
"""
BARE_WORKER = """
const base = new URL("../assets/convdims/pyodide/", self.location.href);
try {
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  const py = await loadPyodide({ indexURL: base.href, stdout: () => {}, stderr: () => {} });
  py.runPython("1 + 1");
  self.postMessage({ ok: true });
} catch (err) { self.postMessage({ ok: false, error: String(err) }); }
"""

# The floor under the site's own figures: a bare page that starts the site's own worker (same
# snapshot, same boot choice, same kept copy) and asks it the snapshot's probe request. The
# lesson page adds its HTML, Material, KaTeX's CSS and the widgets on the same cores; this
# page adds nothing. __MANIFEST__ is the built manifest, carried in the page as lessons carry it.
RESTORE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>snapshot restore only</title>
<script type="module">
const manifest = __MANIFEST__;
const assets = new URL("../assets/convdims/", location.href).href;
const w = new Worker(new URL("../javascripts/convdims-worker.js", location.href), {type: "module"});
w.onmessage = (e) => {
  const m = e.data || {};
  if (m.type === "result" && window.__restoreFirst == null) {
    window.__restoreFirst = performance.now();
    if (!JSON.parse(m.response).ok) window.__restoreError = m.response;
  } else if (m.type === "ready") window.__restorePath = `${m.bootPath} (${m.reason})`;
  else if (m.type === "failed") window.__restoreError = m.message;
};
w.postMessage({type: "init", role: "widgets", assets, snapshot: true, manifest});
w.postMessage({type: "call", id: 1, request: manifest.snapshot.probe.request});
</script></head><body><p>Restoring the snapshot only.</p></body></html>
"""
# Its repeat visit comes once the worker has kept the snapshot (no service worker here).
RESTORE_SETTLE_JS = """async () => {
  const t = performance.now();
  while (performance.now() - t < 60000) {
    if ((await (await caches.open('convdims-snapshot')).keys()).length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return performance.now() - t;
}"""

# Runs in every page before its scripts: long tasks, and an edit of the first live
# widget's first text/number field as soon as the DOM is parsed (so the first result
# needs Python, not the prerendered HTML).
# A repeat visit comes after the first visit has settled: its service worker installed and
# active, its snapshot kept by the widget worker (2 s and 3 s after ready). -> ms waited.
SETTLE_JS = """async () => {
  const t = performance.now();
  if (navigator.serviceWorker) {
    await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 60000))]);
  }
  while (performance.now() - t < 60000) {
    if ((await (await caches.open('convdims-snapshot')).keys()).length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return performance.now() - t;
}"""
# The bare page has nothing to settle; its repeat visit waits as long as a site's typically does.
BARE_SETTLE_MS = 6000

INIT_SCRIPT = """
(() => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({start: e.startTime, duration: e.duration, name: e.name});
    }).observe({type: "longtask", buffered: true});
  } catch (_) {}
  // Long animation frames name the scripts that ran in them: our own scripts' longest run.
  window.__ourScripts = [];
  try {
    new PerformanceObserver((list) => {
      for (const f of list.getEntries()) for (const s of (f.scripts || [])) {
        if (/\\/javascripts\\/convdims-/.test(s.sourceURL || "")) window.__ourScripts.push({src: s.sourceURL.split("/").pop(), invoker: s.invoker, duration: s.duration, start: s.startTime});
      }
    }).observe({type: "long-animation-frame", buffered: true});
  } catch (_) {}
  if (!window.__benchEdit) return;
  document.addEventListener("convdims:widget-updated", (ev) => {
    if (window.__firstResult == null && ev.detail && ev.detail.ok) window.__firstResult = performance.now();
  });
  document.addEventListener("DOMContentLoaded", () => {
    const w = document.querySelector('[data-widget][data-live="true"]');
    if (!w) { window.__benchNoWidget = true; return; }
    const f = w.querySelector('input[type=number], input[type=text]');
    if (!f) { window.__benchNoWidget = true; return; }
    const n = parseInt(f.value, 10);
    f.value = f.type === "number" && !isNaN(n) ? String(n + 1) : f.value;
    f.dispatchEvent(new Event("input", {bubbles: true}));
  });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What GitHub Pages compresses on the fly (by content type); everything else goes as is.
PAGES_GZIP = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm"}
_GZ_CACHE: dict[str, bytes] = {}


def served_size(path: Path) -> int:
    """Bytes GitHub Pages would send for this file (gzip for the types it compresses)."""
    data = path.read_bytes()
    return len(gzip.compress(data, 6)) if path.suffix in PAGES_GZIP else len(data)


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in PAGES_GZIP or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = str(path.resolve())
        if key not in _GZ_CACHE:
            _GZ_CACHE[key] = gzip.compress(path.read_bytes(), 6)
        body = _GZ_CACHE[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)

    def log_message(self, *a):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def _ok(self) -> bool:
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith(BASE_PATH):
            self.send_error(404)
            return False
        self.path = self.path[len(BASE_PATH) - 1:]
        return True

    def do_GET(self):
        if self._ok():
            super().do_GET()

    def do_HEAD(self):
        if self._ok():
            super().do_HEAD()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(directory: Path, port: int) -> Server:
    # Compressed before the first request, as Pages' CDN has them: compressing the 9.6 MB wasm
    # on the fly would hold the GIL while the page's other files stream, and slow them.
    for path in directory.rglob("*"):
        if path.suffix in PAGES_GZIP and path.is_file():
            _GZ_CACHE[str(path.resolve())] = gzip.compress(path.read_bytes(), 6)
    httpd = Server(("127.0.0.1", port), partial(Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def site_url_of(site: Path):
    import re
    try:
        text = (site / "sitemap.xml").read_text(encoding="utf-8")
    except OSError:
        return None
    locs = re.findall(r"<loc>([^<]+)</loc>", text)
    return urllib.parse.urlsplit(min(locs, key=len)) if locs else None


def build_site(out: Path, site_url: str) -> float:
    env = dict(os.environ, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    venv_py = ROOT / ".venv" / "bin" / "python"
    py = str(venv_py) if venv_py.exists() else sys.executable
    t0 = time.perf_counter()
    subprocess.run([py, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - t0


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def p95(xs):
    xs = sorted(x for x in xs if x is not None)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] if xs else None


def fmt_ms(x):
    return "n/a" if x is None else f"{x:,.0f} ms" if x >= 100 else f"{x:,.1f} ms"


def fmt_bytes(n):
    return f"{n / 1e6:,.2f} MB" if n >= 1e6 else f"{n / 1e3:,.1f} kB"


class Bench:
    def __init__(self, browser, origin: str, site: Path, page: str):
        self.browser = browser
        self.origin = origin
        self.base = origin + BASE_PATH
        self.site = site
        self.page = page
        self.off_origin: list[str] = []

    def new_context(self, edit: bool):
        # bypass_csp: wait_for_function evaluates strings, which the site's CSP forbids
        ctx = self.browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        ctx.add_init_script(("window.__benchEdit = true;" if edit else "") + INIT_SCRIPT)
        ctx.on("request", lambda r: self.off_origin.append(r.url)
               if r.url.startswith("http") and not r.url.startswith(self.origin) else None)
        return ctx

    def site_load(self, pg, url: str) -> dict:
        seen: list[str] = []
        pg.on("response", lambda r: seen.append(r.url))
        pg.goto(url, wait_until="domcontentloaded")
        if pg.evaluate("!!window.__benchNoWidget"):
            raise SystemExit(f"{url} has no live widget with a text/number field to edit")
        pg.wait_for_function("window.__firstResult != null", timeout=300_000, polling=50)
        raw = served = 0
        for u in set(seen):
            local = self.local(u)
            if local:
                raw += local.stat().st_size
                served += served_size(local)
        return {"raw_before_first": raw, "served_before_first": served, **pg.evaluate("""() => ({
            bootPath: window.convdims.bootPath, bootReason: window.convdims.bootReason,
            first: window.__firstResult,
            ready: window.convdims.timings.ready,
            bootStart: window.convdims.timings['boot-start'],
            pyodide: window.convdims.timings['pyodide-loaded'],
            boots: window.convdims.bootCount,
            longtasks: window.__longtasks.filter(t => t.start < window.__firstResult),
            ours: window.__ourScripts,
        })""")}

    def local(self, url: str) -> Path | None:
        if not url.startswith(self.base):
            return None
        rel = urllib.parse.urlsplit(url).path[len(BASE_PATH):]
        local = self.site / rel
        if local.is_dir() or rel == "" or rel.endswith("/"):
            local = local / "index.html"
        return local if local.is_file() else None

    def throttled_page(self, ctx, mbps: float, rtt_ms: float):
        pg = ctx.new_page()
        cdp = ctx.new_cdp_session(pg)
        cdp.send("Network.enable")
        rate = mbps * 1e6 / 8
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt_ms,
                                                        "downloadThroughput": rate, "uploadThroughput": rate})
        return pg

    def links(self, runs: int) -> dict:
        """Cold first result (default choice, snapshot forced) and bare boot on slow links."""
        out = {}
        url = self.base + self.page
        for mbps, rtt in ((10, 40), (1.6, 150)):
            fig = {"site": [], "site_snapshot": [], "bare": [], "paths": [], "served": []}
            for _ in range(runs):
                for kind in ("bare", "site", "site_snapshot"):
                    ctx = self.new_context(edit=True)
                    pg = self.throttled_page(ctx, mbps, rtt)
                    if kind == "bare":
                        fig["bare"].append(self.bare_load(pg))
                    else:
                        r = self.site_load(pg, url + ("?convdims-snapshot=1" if kind == "site_snapshot" else ""))
                        fig[kind].append(r["first"])
                        fig["paths"].append(f"{kind}: {r['bootPath']} ({r['bootReason'][:60]})")
                        fig["served"].append((kind, r["served_before_first"]))
                    ctx.close()
            out[f"{mbps:g} Mbps / {rtt} ms"] = fig
        return out

    def stop_figures(self, page: str = "lessons/13-convolutional-layers-in-keras/", n: int = 3) -> dict:
        """A runaway playground run, stopped: -> next widget result, -> next playground result."""
        ctx = self.new_context(edit=False)
        pg = ctx.new_page()
        pg.goto(self.base + page)
        pg.wait_for_function("window.convdims && window.convdims.state === 'ready'", timeout=120_000)
        widget_ms, play_ms = [], []
        for i in range(n):
            r = pg.evaluate("""async (i) => {
                const play = document.querySelector('[data-widget=playground]');
                const code = play.querySelector('textarea[name=code]');
                window.convdims.sandbox.limit = 600;
                code.value = 'x = 0\\nwhile True:\\n    x += 1\\n';
                play.querySelector('.cd-widget__run').click();
                while (!(window.convdims.sandbox.state === 'ready' && window.convdims.sandbox.busy)) await new Promise((r) => setTimeout(r, 20));
                await new Promise((r) => setTimeout(r, 300));
                const w = document.querySelector('[data-widget="conv2d"]');
                const f = w.querySelector('[name=filters]');
                const t0 = performance.now();
                play.querySelector('.cd-widget__stop').click();
                const done = new Promise((res) => w.addEventListener('convdims:widget-updated', res, {once: true}));
                f.value = String(40 + i); f.dispatchEvent(new Event('input', {bubbles: true}));
                await done;
                const widget = performance.now() - t0;
                while (play.dataset.running !== undefined) await new Promise((r) => setTimeout(r, 10));
                code.value = 'print(6 * 7)';
                const ran = new Promise((res) => play.addEventListener('convdims:widget-updated', res, {once: true}));
                play.querySelector('.cd-widget__run').click();
                await ran;
                return {widget, play: performance.now() - t0, path: window.convdims.sandbox.bootPath};
            }""", i)
            widget_ms.append(r["widget"])
            play_ms.append(r["play"])
        ctx.close()
        return {"stop_to_widget_ms": widget_ms, "stop_to_playground_ms": play_ms}

    def explorer_p95(self, page: str = "calculator/", rounds: int = 2) -> dict:
        """Input -> updated result on the architecture explorer, every application in turn."""
        ctx = self.new_context(edit=False)
        pg = ctx.new_page()
        pg.goto(self.base + page)
        pg.wait_for_function("window.convdims && window.convdims.state === 'ready'", timeout=120_000)
        lat = pg.evaluate("""async (rounds) => {
            const w = document.querySelector('[data-widget=architectures]');
            const sel = w.querySelector('select[name=model]');
            const names = Array.from(sel.options).map((o) => o.value);
            const out = [];
            for (let k = 0; k < rounds; k++) for (const name of names) {
                const done = new Promise((res) => w.addEventListener('convdims:widget-updated', res, {once: true}));
                const t = performance.now();
                sel.value = name; sel.dispatchEvent(new Event('change', {bubbles: true}));
                await done;
                out.push({name, round: k, ms: performance.now() - t});
            }
            return out;
        }""", rounds)
        ctx.close()
        return {"all": lat, "first_round": [x["ms"] for x in lat if x["round"] == 0],
                "later_rounds": [x["ms"] for x in lat if x["round"] > 0]}

    def bench_page_load(self, pg, name: str, done: str, error: str) -> float:
        """Load __bench__/<name>.html; -> window[done], the time it sets (ms)."""
        pg.goto(self.base + f"__bench__/{name}.html", wait_until="domcontentloaded")
        pg.wait_for_function(f"window.{done} != null || window.{error} != null", timeout=120_000, polling=50)
        err = pg.evaluate(f"window.{error}")
        if err:
            raise SystemExit(f"{name} page failed: {err}")
        return pg.evaluate(f"window.{done}")

    def bare_load(self, pg) -> float:
        return self.bench_page_load(pg, "bare", "__bareReady", "__bareError")

    def restore_load(self, pg) -> float:
        return self.bench_page_load(pg, "restore", "__restoreFirst", "__restoreError")

    def cold_and_warm(self, runs: int) -> dict:
        out = {"site_cold": [], "site_reload": [], "site_warm": [], "bare_cold": [], "bare_reload": [],
               "bare_warm": [], "restore_cold": [], "restore_reload": [], "restore_warm": [], "restore_path": [],
               "settle": [], "longest_task": [], "boot_start": [], "ready": [], "boots": []}
        url = self.base + self.page
        kinds = ["site", "bare", "restore"]
        for i in range(runs):
            order = kinds[i % 3:] + kinds[:i % 3]
            for kind in order:
                ctx = self.new_context(edit=True)
                pg = ctx.new_page()
                if kind == "site":
                    r = self.site_load(pg, url)
                    out["site_cold"].append(r["first"])
                    out.setdefault("raw_before_first", []).append(r["raw_before_first"])
                    out.setdefault("served_before_first", []).append(r["served_before_first"])
                    out.setdefault("boot_path_cold", []).append(r["bootPath"])
                    out["boot_start"].append(r["bootStart"])
                    out["ready"].append(r["ready"])
                    out["boots"].append(r["boots"])
                    out["longest_task"].append(max([t["duration"] for t in r["longtasks"]], default=0))
                    out.setdefault("ours", []).extend(r["ours"])
                    pg2 = ctx.new_page()
                    r2 = self.site_load(pg2, url)
                    out["site_reload"].append(r2["first"])
                    out.setdefault("boot_path_reload", []).append(r2["bootPath"])
                    out["longest_task"].append(max([t["duration"] for t in r2["longtasks"]], default=0))
                    out["settle"].append(pg2.evaluate(SETTLE_JS))
                    pg3 = ctx.new_page()
                    r3 = self.site_load(pg3, url)
                    out["site_warm"].append(r3["first"])
                    out.setdefault("boot_path_warm", []).append(f'{r3["bootPath"]} ({r3["bootReason"]})')
                    out["longest_task"].append(max([t["duration"] for t in r3["longtasks"]], default=0))
                elif kind == "restore":
                    out["restore_cold"].append(self.restore_load(pg))
                    pg2 = ctx.new_page()
                    out["restore_reload"].append(self.restore_load(pg2))
                    pg2.evaluate(RESTORE_SETTLE_JS)
                    pg3 = ctx.new_page()
                    out["restore_warm"].append(self.restore_load(pg3))
                    out["restore_path"].append(pg3.evaluate("window.__restorePath"))
                else:
                    out["bare_cold"].append(self.bare_load(pg))
                    pg2 = ctx.new_page()
                    out["bare_reload"].append(self.bare_load(pg2))
                    pg2.wait_for_timeout(BARE_SETTLE_MS)
                    pg3 = ctx.new_page()
                    out["bare_warm"].append(self.bare_load(pg3))
                ctx.close()
        return out

    def interactive(self, n_calls: int = 200, n_edits: int = 25) -> dict:
        ctx = self.new_context(edit=False)
        pg = ctx.new_page()
        pg.goto(self.base + self.page)
        pg.wait_for_function("window.convdims && window.convdims.state === 'ready'", timeout=120_000)
        rt = pg.evaluate("""async (n) => {
            const cheap = [], layer = [];
            for (let i = 0; i < n; i++) {
                const t = performance.now();
                await window.convdims.call({op: "__bench_ping__"});
                cheap.push(performance.now() - t);
            }
            for (let i = 0; i < Math.min(n, 50); i++) {
                const t = performance.now();
                await window.convdims.call({op: "layer", layer: "Conv2D", args: {filters: 32 + i, kernel_size: 3, strides: 2, padding: "same"}, input_shape: "128, 128, 3"});
                layer.push(performance.now() - t);
            }
            return {cheap, layer};
        }""", n_calls)
        lat = pg.evaluate("""async (n) => {
            const w = document.querySelector('[data-widget][data-live="true"]');
            const f = w.querySelector('input[type=number], input[type=text]');
            const out = [];
            const start = parseInt(f.value, 10) || 8;
            for (let i = 0; i < n; i++) {
                const done = new Promise((res) => w.addEventListener("convdims:widget-updated", res, {once: true}));
                const t = performance.now();
                f.value = f.type === "number" ? String(start + 1 + i) : f.value + " ";
                f.dispatchEvent(new Event("input", {bubbles: true}));
                await done;
                out.push(performance.now() - t);
                await new Promise((r) => setTimeout(r, 30));
            }
            return out;
        }""", n_edits)
        # Instant navigation to another page with a live widget.
        nav = None
        worker_before = pg.evaluate("window.convdims.workerId")
        pg.evaluate("window.__benchMarker = 1")
        for target in DEFAULT_PAGES:
            if target == self.page or not (self.site / target / "index.html").exists():
                continue
            html = (self.site / target / "index.html").read_text(encoding="utf-8")
            if 'data-live="true"' not in html:
                continue
            link = pg.locator(f'nav.md-nav a.md-nav__link[href$="{target.rstrip("/").split("/")[-1]}/"]').first
            if link.count() == 0:
                continue
            t0 = pg.evaluate("performance.now()")
            link.click()
            pg.wait_for_url("**/" + target)
            pg.wait_for_function("document.querySelector('[data-widget][data-live=\"true\"]:not([data-hydrated])') === null && !!document.querySelector('[data-widget][data-hydrated]')", timeout=30_000)
            took = pg.evaluate("""async () => {
                const w = document.querySelector('[data-widget][data-live="true"]');
                const f = w.querySelector('input[type=number], input[type=text]');
                const done = new Promise((res) => w.addEventListener("convdims:widget-updated", res, {once: true}));
                const t = performance.now();
                f.value = f.type === "number" ? String((parseInt(f.value, 10) || 8) + 1) : f.value + " ";
                f.dispatchEvent(new Event("input", {bubbles: true}));
                await done;
                return {now: performance.now(), ms: performance.now() - t};
            }""")
            nav = {
                "page": target,
                "same_document": pg.evaluate("window.__benchMarker === 1"),
                "boots": pg.evaluate("window.convdims.bootCount"),
                "same_worker": pg.evaluate("window.convdims.workerId") == worker_before,
                "click_to_result_ms": took["now"] - t0,
                "edit_to_result_ms": took["ms"],
            }
            break
        ctx.close()
        return {"roundtrip": rt["cheap"], "layer_call": rt["layer"], "latency": lat, "nav": nav}

    def page_bytes(self) -> dict:
        ctx = self.new_context(edit=False)
        pg = ctx.new_page()
        responses = []
        pg.on("response", lambda r: responses.append(r))
        pg.goto(self.base + self.page)
        pg.wait_for_function("window.convdims && window.convdims.state === 'ready'", timeout=120_000)
        pg.wait_for_timeout(1000)
        raw = gz = 0
        groups: dict[str, list[int]] = {}
        for r in responses:
            url = r.url
            if not url.startswith(self.base):
                continue
            rel = urllib.parse.urlsplit(url).path[len(BASE_PATH):]
            local = self.site / rel
            if local.is_dir() or rel == "" or rel.endswith("/"):
                local = local / "index.html"
            if not local.is_file():
                continue
            data = local.read_bytes()
            size = len(data)
            z = len(gzip.compress(data, 6))
            raw += size
            gz += z
            key = ("pyodide" if "assets/convdims/pyodide/" in rel else "katex" if "assets/convdims/katex/" in rel
                   else "wheel" if "assets/convdims/wheel/" in rel else "material" if rel.startswith("assets/")
                   else "page + site scripts")
            g = groups.setdefault(key, [0, 0, 0])
            g[0] += 1
            g[1] += size
            g[2] += z
        ctx.close()
        return {"raw": raw, "gzip": gz, "groups": groups, "count": len(responses)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, help="a built site (built for any site_url); default: build one")
    ap.add_argument("--runs", type=int, default=3, help="cold/warm repetitions (default 3)")
    ap.add_argument("--page", help="lesson page with a live widget (default: first of %s)" % DEFAULT_PAGES)
    ap.add_argument("--chromium", default=os.environ.get("CONVDIMS_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--links", action="store_true", help="also measure at 10 Mbps/40 ms and 1.6 Mbps/150 ms (slow)")
    ap.add_argument("--link-runs", type=int, default=1, help="cold runs per link and kind (default 1)")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    global BASE_PATH
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="convdims-bench-"))
    site = tmp / "site"
    build_s = None
    if args.site:
        # Serve it where it was built for: instant navigation needs the site_url's origin.
        built_for = site_url_of(args.site)
        if built_for and built_for.hostname == "127.0.0.1" and built_for.port:
            port, BASE_PATH = built_for.port, built_for.path if built_for.path.endswith("/") else built_for.path + "/"
        shutil.copytree(args.site, site)
    else:
        build_s = build_site(site, f"http://127.0.0.1:{port}{BASE_PATH}")
    (site / "__bench__").mkdir(exist_ok=True)
    (site / "__bench__" / "bare.html").write_text(BARE_HTML, encoding="utf-8")
    (site / "__bench__" / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
    manifest = json.loads((site / "assets" / "convdims" / "wheel" / "manifest.json").read_text(encoding="utf-8"))
    if not manifest.get("snapshot"):
        print("the site has no snapshot (built with CONVDIMS_PYC=0 or CONVDIMS_SNAPSHOT=0?)", file=sys.stderr)
        return 2
    (site / "__bench__" / "restore.html").write_text(RESTORE_HTML.replace("__MANIFEST__", json.dumps(manifest)), encoding="utf-8")

    page = args.page
    if not page:
        page = next((p for p in DEFAULT_PAGES if (site / p / "index.html").exists()
                     and 'data-live="true"' in (site / p / "index.html").read_text(encoding="utf-8")), None)
        if not page:
            print("no page with a live widget found", file=sys.stderr)
            return 2

    httpd = serve(site, port)
    figures: dict = {"page": page, "runs": args.runs, "build_s": build_s}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
            b = Bench(browser, f"http://127.0.0.1:{port}", site, page)
            cw = b.cold_and_warm(args.runs)
            inter = b.interactive()
            size = b.page_bytes()
            stop = b.stop_figures()
            explorer = b.explorer_p95()
            links = b.links(args.link_runs) if args.links else None
            browser.close()
    finally:
        httpd.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)

    sc, sr, sw, bc, br, bw = (med(cw[k]) for k in ("site_cold", "site_reload", "site_warm",
                                                     "bare_cold", "bare_reload", "bare_warm"))
    rc, rr, rw = (med(cw[k]) for k in ("restore_cold", "restore_reload", "restore_warm"))
    figures.update({
        "first_result_cold_ms": sc, "first_result_reload_ms": sr, "first_result_warm_ms": sw,
        "bare_boot_cold_ms": bc, "bare_boot_reload_ms": br, "bare_boot_warm_ms": bw,
        "ratio_cold": sc / bc if sc and bc else None, "ratio_warm": sw / bw if sw and bw else None,
        "ratio_reload": sr / br if sr and br else None, "settle_ms": med(cw["settle"]),
        "restore_cold_ms": rc, "restore_reload_ms": rr, "restore_warm_ms": rw,
        "floor_ratio_cold": rc / bc if rc and bc else None, "floor_ratio_warm": rw / bw if rw and bw else None,
        "boot_start_ms": med(cw["boot_start"]), "ready_cold_ms": med(cw["ready"]),
        "longest_task_ms": max(cw["longest_task"], default=None),
        "roundtrip_ms": med(inter["roundtrip"]), "layer_call_ms": med(inter["layer_call"]),
        "input_to_result_ms": med(inter["latency"]),
        "input_to_result_p90_ms": sorted(inter["latency"])[int(0.9 * (len(inter["latency"]) - 1))],
        "nav": inter["nav"], "bytes_raw": size["raw"], "bytes_gzip": size["gzip"], "byte_groups": size["groups"],
        "off_origin_requests": sorted(set(b.off_origin)),
        "stop": stop, "explorer": explorer, "links": links,
        "all": cw,
    })

    def row(name, value, target=""):
        print(f"| {name:<46} | {value:>22} | {target:<18} |")

    print()
    print(f"ConvDims site benchmark: page {page}, {args.runs} runs of cold, reload and repeat visit each, medians")
    print(f"| {'figure':<46} | {'value':>22} | {'target':<18} |")
    print(f"|{'-' * 48}|{'-' * 24}|{'-' * 20}|")
    if build_s is not None:
        row("site build (mkdocs build --strict)", f"{build_s:.1f} s")
    row("first computed result, cold", fmt_ms(sc))
    row("bare Pyodide boot, cold", fmt_ms(bc))
    row("ratio cold (first result / bare boot)", f"{figures['ratio_cold']:.2f}" if figures["ratio_cold"] else "n/a", "<= 0.5")
    row("first computed result, reload right after", fmt_ms(sr))
    row("bare Pyodide boot, reload right after", fmt_ms(br))
    row("ratio reload (HTTP cache only)", f"{figures['ratio_reload']:.2f}" if figures["ratio_reload"] else "n/a")
    row("first visit settles (service worker, kept snapshot)", fmt_ms(figures["settle_ms"]))
    row("first computed result, repeat visit", fmt_ms(sw))
    row(f"bare Pyodide boot, repeat visit ({BARE_SETTLE_MS / 1000:.0f} s later)", fmt_ms(bw))
    row("ratio warm (repeat visit)", f"{figures['ratio_warm']:.2f}" if figures["ratio_warm"] else "n/a", "<= 0.3")
    row("floor: snapshot restore alone, cold", fmt_ms(rc))
    row("floor: snapshot restore alone, repeat visit", fmt_ms(rw))
    row("floor ratio cold / repeat (restore / bare)",
        f"{rc / bc:.2f} / {rw / bw:.2f}" if rc and bc and rw and bw else "n/a", "(no page around it)")
    row("boot path cold / reload", f"{','.join(cw.get('boot_path_cold', []))} / {','.join(cw.get('boot_path_reload', []))}")
    row("boot path repeat visit", ", ".join(sorted(set(cw.get("boot_path_warm", [])))))
    row("bytes before first result, cold (raw)", fmt_bytes(med(cw.get("raw_before_first", [])) or 0), "reported")
    row("bytes before first result, cold (served)", fmt_bytes(med(cw.get("served_before_first", [])) or 0), "reported")
    row("runtime boot starts after navigation", fmt_ms(figures["boot_start_ms"]))
    row("runtime ready, cold", fmt_ms(figures["ready_cold_ms"]))
    row("longest main-thread task until first result", fmt_ms(figures["longest_task_ms"]), "(all scripts)")
    ours = max(cw.get("ours", []), key=lambda x: x["duration"], default=None)
    row("longest run of our scripts (LoAF attribution)",
        f"{fmt_ms(ours['duration'])} {ours['src']}" if ours else "none >= 50 ms frames", "<= 50 ms")
    row("worker round trip (median of 200)", fmt_ms(figures["roundtrip_ms"]))
    row("Conv2D layer call (median of 50)", fmt_ms(figures["layer_call_ms"]))
    row("input -> updated result (median of 25)", fmt_ms(figures["input_to_result_ms"]), "< 50 ms")
    row("input -> updated result (p90)", fmt_ms(figures["input_to_result_p90_ms"]), "< 50 ms")
    nav = inter["nav"]
    if nav:
        row(f"instant nav to {nav['page'][:26]}: boots", f"{nav['boots']} (same doc: {nav['same_document']})", "1, no new boot")
        row("  click -> computed result on the new page", fmt_ms(nav["click_to_result_ms"]))
        row("  edit -> result on the new page", fmt_ms(nav["edit_to_result_ms"]))
    else:
        row("instant navigation", "no second page with a live widget")
    row("bytes the lesson page loads (raw)", fmt_bytes(size["raw"]))
    row("bytes the lesson page loads (gzip est.)", fmt_bytes(size["gzip"]))
    for k, (n, raw, z) in sorted(size["groups"].items(), key=lambda kv: -kv[1][1]):
        row(f"  {k} ({n} files)", f"{fmt_bytes(raw)} / {fmt_bytes(z)} gz")
    row("requests to other hosts", str(len(figures["off_origin_requests"])), "0")
    row("Stop -> next widget result (median)", fmt_ms(med(stop["stop_to_widget_ms"])), "< 1.5 s")
    row("Stop -> next playground result (median)", fmt_ms(med(stop["stop_to_playground_ms"])))
    row("explorer input -> result p95, all apps", fmt_ms(p95(explorer["first_round"] + explorer["later_rounds"])), "< 50 ms")
    row("  first visit of each app (p95 / max)", f"{fmt_ms(p95(explorer['first_round']))} / {fmt_ms(max(explorer['first_round']))}")
    row("  later visits (p95)", fmt_ms(p95(explorer["later_rounds"])), "< 50 ms")
    if links:
        for name, fig in links.items():
            site, snap, bare = med(fig["site"]), med(fig["site_snapshot"]), med(fig["bare"])
            row(f"{name}: first result (default choice)", fmt_ms(site))
            row(f"{name}: first result (snapshot forced)", fmt_ms(snap))
            row(f"{name}: bare Pyodide boot", fmt_ms(bare))
            row(f"{name}: ratio default / bare", f"{site / bare:.2f}" if site and bare else "n/a", "<= 1.1 (10 Mbps)")
            row(f"{name}: ratio snapshot / bare", f"{snap / bare:.2f}" if snap and bare else "n/a")
            for p in fig["paths"]:
                print(f"    {name}: {p}")
    print()
    print("per run (ms): site cold", [round(x) for x in cw["site_cold"]], "reload", [round(x) for x in cw["site_reload"]],
          "repeat", [round(x) for x in cw["site_warm"]], "| bare cold", [round(x) for x in cw["bare_cold"]],
          "reload", [round(x) for x in cw["bare_reload"]], "repeat", [round(x) for x in cw["bare_warm"]],
          "| restore alone cold", [round(x) for x in cw["restore_cold"]], "reload", [round(x) for x in cw["restore_reload"]],
          "repeat", [round(x) for x in cw["restore_warm"]], sorted(set(cw["restore_path"])))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
