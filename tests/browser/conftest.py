"""Browser-test fixtures: the built site served under a sub-path, and Debian Chromium.

The site is the one `make test-browser` builds (SITE_URL=http://127.0.0.1:8765/convdims/ into
build/site-subpath). Configuration, all optional:

  CONVDIMS_SITE_DIR   built site (default: build/site-subpath, else site/)
  CONVDIMS_BASE_PATH  sub-path to serve it under (default: from the site's sitemap.xml, else /convdims/)
  CONVDIMS_PORT       port (default: from sitemap.xml, else a free one). Material's instant
                      navigation only engages when the origin matches site_url, so the port
                      must be the one the site was built for.
  CONVDIMS_CHROMIUM   browser binary (default /usr/bin/chromium)
  CONVDIMS_BOOT_TIMEOUT_MS  expect() timeout (default 45000)

Every test gets a fresh browser context (cold cache) whose requests are checked: any
request to another host is aborted and fails the test, so are console errors.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BOOT_TIMEOUT_MS = int(os.environ.get("CONVDIMS_BOOT_TIMEOUT_MS", "45000"))

MIME = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".html": "text/html",
    ".xml": "application/xml",
    ".gz": "application/gzip",
}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------- the static server


def _site_dir() -> Path:
    env = os.environ.get("CONVDIMS_SITE_DIR")
    if env:
        p = Path(env)
        return p if p.is_absolute() else ROOT / p
    for cand in (ROOT / "build" / "site-subpath", ROOT / "site"):
        if (cand / "404.html").exists():
            return cand
    return ROOT / "build" / "site-subpath"


def _site_url_from_sitemap(site: Path) -> urllib.parse.SplitResult | None:
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return None
    try:
        tree = ET.parse(sitemap)
    except ET.ParseError:
        return None
    locs = [el.text for el in tree.iter() if el.tag.endswith("loc") and el.text]
    if not locs or not locs[0].startswith("http"):
        return None
    # The shortest loc is the home page: the site_url.
    return urllib.parse.urlsplit(min(locs, key=len))


class _Handler(SimpleHTTPRequestHandler):
    base_path = "/convdims/"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME}

    def log_message(self, *args):  # quiet
        pass

    def end_headers(self):
        # Like GitHub Pages: cacheable for 10 minutes.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def _route(self) -> bool:
        path = urllib.parse.urlsplit(self.path).path
        if path + "/" == self.base_path:
            self.send_response(301)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return False
        if not path.startswith(self.base_path):
            self.send_error(404, "outside the site's sub-path")
            return False
        rest = self.path[len(self.base_path) - 1:]
        self.path = rest
        local = Path(self.translate_path(urllib.parse.urlsplit(rest).path))
        if not local.exists():
            page404 = Path(self.directory) / "404.html"
            body = page404.read_bytes() if page404.exists() else b"not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return False
        return True

    def do_GET(self):
        if self._route():
            super().do_GET()

    def do_HEAD(self):
        if self._route():
            super().do_HEAD()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class SiteServer:
    site_dir: Path
    base_path: str
    port: int
    httpd: _Server = field(repr=False)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.base_path

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def start_server(site_dir: Path, base_path: str | None = None, port: int | None = None) -> SiteServer:
    """Serve `site_dir` at http://127.0.0.1:PORT/BASE_PATH in a daemon thread."""
    from_sitemap = _site_url_from_sitemap(site_dir)
    if base_path is None:
        base_path = os.environ.get("CONVDIMS_BASE_PATH") or (from_sitemap.path if from_sitemap else None) or "/convdims/"
    if not base_path.startswith("/"):
        base_path = "/" + base_path
    if not base_path.endswith("/"):
        base_path += "/"
    if port is None:
        env_port = os.environ.get("CONVDIMS_PORT")
        if env_port:
            port = int(env_port)
        elif from_sitemap and from_sitemap.hostname in ("127.0.0.1", "localhost") and from_sitemap.port:
            port = from_sitemap.port
        else:
            port = 0
    handler = type("Handler", (_Handler,), {"base_path": base_path})
    httpd = _Server(("127.0.0.1", port), partial(handler, directory=str(site_dir)))
    threading.Thread(target=httpd.serve_forever, name="convdims-site", daemon=True).start()
    return SiteServer(site_dir, base_path, httpd.server_address[1], httpd)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    site = _site_dir()
    if not (site / "404.html").exists():
        pytest.fail(f"no built site at {site}: run `make test-browser` (it builds with the sub-path site_url)")
    if not (site / "assets" / "convdims" / "pyodide" / "pyodide.mjs").exists():
        pytest.fail(f"{site} has no assets/convdims/pyodide/: the build hook did not place the runtime")
    return site


@pytest.fixture(scope="session")
def server(site_dir):
    srv = start_server(site_dir)
    yield srv
    srv.close()


# ---------------------------------------------------------------- Chromium


def launch_chromium(pw, **kwargs):
    exe = os.environ.get("CONVDIMS_CHROMIUM", "/usr/bin/chromium")
    return pw.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS, **kwargs)


@pytest.fixture(scope="session")
def browser():
    with playwright_sync.sync_playwright() as pw:
        b = launch_chromium(pw)
        playwright_sync.expect.set_options(timeout=BOOT_TIMEOUT_MS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did that a test must not allow."""

    origin: str
    base_path: str
    off_origin: list[str] = field(default_factory=list)
    outside_base: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    allow_console: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = [f"request left the origin: {u}" for u in self.off_origin]
        out += [f"request outside the sub-path {self.base_path}: {u}" for u in self.outside_base]
        errs = [e for e in self.console_errors if not any(a in e for a in self.allow_console)]
        out += [f"console error: {e}" for e in errs]
        return out


@pytest.fixture
def watch(server) -> Watch:
    return Watch(server.origin, server.base_path)


@pytest.fixture
def context(browser, server, watch, request):
    # Playwright's wait_for_function evaluates strings, which the site's Content-Security-Policy
    # (no 'unsafe-eval') forbids: tests bypass it here; test_runtime.py tests the site under it.
    ctx = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 900}, bypass_csp=True)

    def check(route):
        url = route.request.url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            if f"{parts.scheme}://{parts.netloc}" != server.origin:
                watch.off_origin.append(url)
                route.abort("blockedbyclient")
                return
            if not parts.path.startswith(server.base_path):
                watch.outside_base.append(url)
        route.continue_()

    ctx.route("**/*", check)
    ctx.set_default_timeout(BOOT_TIMEOUT_MS)
    yield ctx
    ctx.close()
    problems = watch.problems()
    if problems and not getattr(request.node, "_convdims_failed", False):
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(context, watch):
    pg = context.new_page()

    def on_console(msg):
        if msg.type == "error":
            watch.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: watch.console_errors.append(f"uncaught: {exc}"))
    return pg


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        item._convdims_failed = True
