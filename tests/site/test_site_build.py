"""The built site: strict build, the runtime files in place, every asset URL relative."""

from __future__ import annotations

import gzip
import io
import json
import re
import urllib.parse
import zipfile
from html.parser import HTMLParser
from pathlib import Path

SUBPATH_URL = "http://127.0.0.1:8765/convdims/"   # what the `site` fixture builds for
BASE_PATH = urllib.parse.urlsplit(SUBPATH_URL).path  # "/convdims/"
ASSETS = "assets/convdims"


def test_strict_build_has_no_warnings(site):
    assert not re.search(r"^(WARNING|ERROR)\s+-", site.output, re.M), site.output
    assert (site.site / "index.html").is_file()
    assert (site.site / "404.html").is_file()


def test_wheel_and_manifest(site):
    manifest = json.loads((site.site / ASSETS / "wheel" / "manifest.json").read_text())
    name = manifest["wheel"]   # "<sources hash>/<wheel file name>", relative to wheel/
    assert re.fullmatch(r"[0-9a-f]{16}/convdims_calculator-[\w.]+-py3-none-any\.whl", name), name
    with zipfile.ZipFile(site.site / ASSETS / "wheel" / name) as whl:
        names = set(whl.namelist())
    assert "calculator/__init__.py" in names
    assert "calculator/api.py" in names
    assert not any(n.startswith(("site_glue/", "tests/", "docs/")) for n in names)


def test_the_page_imports_the_calculator_from_one_bytecode_zip(site):
    wheel_dir = site.site / ASSETS / "wheel"
    manifest = json.loads((wheel_dir / "manifest.json").read_text())
    # Served gzipped (Pages does not compress .zip), in a folder named by what made it; the
    # worker inflates it and writes it to the same folder under /lib/convdims/ in Pyodide's
    # filesystem, where the snapshot was made from it.
    entry = manifest["zip"]
    folder = entry["file"].split("/")[0]
    assert entry == {"file": f"{folder}/calculator.zip.gz", "encoding": "gzip",
                     "path": f"/lib/convdims/{folder}/calculator.zip"}
    with zipfile.ZipFile(wheel_dir / manifest["wheel"]) as whl:
        sources = {n for n in whl.namelist() if n.startswith("calculator/")}
    with zipfile.ZipFile(io.BytesIO(gzip.decompress((wheel_dir / entry["file"]).read_bytes()))) as z:
        names = set(z.namelist())
        # stored: the gzip compresses across modules, and zipimport reads them as they are
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
    # every module as a sourceless .pyc where zipimport looks for it, every data file as is
    expected = {n[:-3] + ".pyc" if n.endswith(".py") else n for n in sources}
    assert expected <= names, sorted(expected - names)[:5]
    assert not any(n.endswith(".py") for n in names)
    assert not any("__pycache__" in n for n in names)
    assert {n for n in names if not n.startswith(("calculator/", "_convdims_stdlib_pyc/"))} == set()


def test_the_widget_worker_gets_the_standard_library_trimmed_to_what_pyodide_starts_with(site):
    wheel_dir = site.site / ASSETS / "wheel"
    entry = json.loads((wheel_dir / "manifest.json").read_text())["stdlib"]
    assert entry["file"].endswith("/python_stdlib.zip.gz") and entry["encoding"] == "gzip"
    full = zipfile.ZipFile(site.site / ASSETS / "pyodide" / "python_stdlib.zip")
    with zipfile.ZipFile(io.BytesIO(gzip.decompress((wheel_dir / entry["file"]).read_bytes()))) as z:
        names = set(z.namelist())
        for name in names:  # byte for byte Pyodide's, stored
            assert z.read(name) == full.read(name)
            assert z.getinfo(name).compress_type == zipfile.ZIP_STORED
    assert {"encodings/__init__.py", "encodings/utf_8.py", "_pyodide/__init__.py"} <= names
    assert len(names) < len(full.namelist()) / 2
    assert (wheel_dir / entry["file"]).stat().st_size < (site.site / ASSETS / "pyodide" / "python_stdlib.zip").stat().st_size / 2
    # the fallback's list: every top-level name of the full library
    tops = {n.split("/")[0].removesuffix(".py") for n in full.namelist() if n.endswith(".py") or "/" in n}
    assert set(entry["names"]) == tops and {"wave", "email", "json"} <= tops


def test_the_calculator_has_no_assert_the_page_bytecode_would_drop():
    # site_glue/precompile.mjs compiles with optimize=2 (no docstrings, no asserts)
    import ast
    root = Path(__file__).resolve().parents[2] / "calculator"
    found = [f"{p.relative_to(root)}:{n.lineno}" for p in sorted(root.rglob("*.py"))
             for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))) if isinstance(n, ast.Assert)]
    assert found == []


def test_pyodide_runtime_present(site):
    base = site.site / ASSETS / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"):
        assert (base / name).is_file(), name
    assert (base / "pyodide.asm.wasm").stat().st_size > 1_000_000


def test_katex_present_woff2_only(site):
    base = site.site / ASSETS / "katex"
    assert (base / "katex.min.js").is_file()
    css = (base / "katex.min.css").read_text()
    fonts = sorted(p.name for p in (base / "fonts").iterdir())
    assert fonts and all(f.endswith(".woff2") for f in fonts)
    for url in re.findall(r"url\(([^)]+)\)", css):
        assert (base / url.strip("'\"")).is_file(), f"katex.min.css needs {url}"


def test_docs_models_are_not_pages(site):
    assert not (site.site / "models").exists()


# ------------------------------------------------------------------ URLs

# (tag, attribute) pairs that make the browser fetch something.
FETCHING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
            ("source", "srcset"), ("img", "srcset"), ("video", "src"), ("audio", "src"),
            ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
            ("video", "poster"), ("image", "href"), ("use", "href")}
FETCHING_REL = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                "apple-touch-icon", "shortcut", "mask-icon"}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetches: list[tuple[str, str]] = []   # (tag, url) the page loads
        self.links: list[str] = []                 # <a href> (navigation, not requests)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for (t, attr) in FETCHING:
            if t == tag and a.get(attr):
                for url in (a[attr].split(",") if attr == "srcset" else [a[attr]]):
                    self.fetches.append((tag, url.strip().split(" ")[0]))
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & FETCHING_REL:
                self.fetches.append(("link", a["href"]))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def _pages(site):
    return sorted(site.site.rglob("*.html"))


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) or url.lower().startswith(("http:", "https:"))


def test_every_asset_url_is_relative_and_same_origin(site):
    problems = []
    for page in _pages(site):
        rel = page.relative_to(site.site).as_posix()
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, url in parser.fetches:
            if url.startswith("data:"):
                continue
            if _is_external(url):
                problems.append(f"{rel}: <{tag}> loads {url} from another origin")
            elif url.startswith("/"):
                # GitHub Pages serves 404.html at any depth: MkDocs links its assets from the
                # site_url path, which is same-origin and right under the sub-path.
                if not (rel == "404.html" and url.startswith(BASE_PATH)):
                    problems.append(f"{rel}: <{tag}> uses a root-relative URL {url}")
        for href in parser.links:
            if href.startswith("/") and not (rel == "404.html" and href.startswith(BASE_PATH)):
                problems.append(f"{rel}: link {href} is root-relative (breaks under a sub-path)")
    assert not problems, "\n".join(problems[:50])


def test_every_local_asset_exists(site):
    missing = []
    for page in _pages(site):
        rel = page.relative_to(site.site).as_posix()
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, url in parser.fetches:
            if url.startswith("data:") or _is_external(url) or url.startswith("#"):
                continue
            path = urllib.parse.urlsplit(url).path
            if rel == "404.html" and path.startswith(BASE_PATH):
                target = site.site / path[len(BASE_PATH):]
            else:
                target = (page.parent / urllib.parse.unquote(path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{rel}: <{tag}> {url}")
    assert not missing, "\n".join(sorted(set(missing))[:50])


def test_stylesheets_load_nothing_from_elsewhere(site):
    bad = []
    for css in site.site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _is_external(url):
                bad.append(f"{css.relative_to(site.site)}: {url}")
        for imp in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _is_external(imp):
                bad.append(f"{css.relative_to(site.site)}: @import {imp}")
    assert not bad, "\n".join(bad)


def test_no_google_fonts(site):
    for page in _pages(site):
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8"), page


def test_runtime_scripts_are_wired(site):
    home = site.page("index.html")
    assert re.search(r'<script[^>]+src="javascripts/convdims-runtime\.js"[^>]*type="module"|'
                     r'<script[^>]+type="module"[^>]+src="javascripts/convdims-runtime\.js"', home), \
        "convdims-runtime.js must load as a module"
    for name in ("convdims-widgets.js", "convdims-math.js"):
        assert f'src="javascripts/{name}"' in home
    assert 'href="assets/convdims/katex/katex.min.css"' in home


def test_pages_that_compute_carry_the_manifest_before_the_early_script(site):
    # The worker then starts its downloads without fetching wheel/manifest.json first.
    manifest = json.loads((site.site / ASSETS / "wheel" / "manifest.json").read_text())
    html = (site.site / "lessons" / "13-convolutional-layers-in-keras" / "index.html").read_text()
    m = re.search(r'<script type="application/json" id="convdims-manifest">(.*?)</script>', html, re.S)
    assert m and json.loads(m.group(1)) == manifest
    assert m.start() < html.index("convdims-early.js") < html.index('rel="stylesheet"')
    assert "convdims-manifest" not in (site.site / "notation" / "index.html").read_text()  # computes nothing


def test_site_url_is_the_subpath(site):
    sitemap = (site.site / "sitemap.xml").read_text()
    assert SUBPATH_URL in sitemap


def test_header_has_the_runtime_status_slot(site):
    assert "data-convdims-status-slot" in site.page("index.html")


def test_nav_titles(site):
    home = site.page("index.html")
    for title in ("10 Convolutional Layers (Part 1)", "14 Quiz: Dimensionality",
                  "26 Transfer Learning in Keras"):
        assert title in home, title


def test_every_formula_is_rendered_at_build_time(site):
    raw = []
    for path in site.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        raw += [f"{path.relative_to(site.site)}: {m[:60]}"
                for m in re.findall(r'<(?:span|div) class="arithmatex">[^<]*', text)]
    assert not raw, "formulas left for JavaScript:\n" + "\n".join(raw[:20])
    lesson = site.page("lessons/12-stride-and-padding/index.html")
    assert lesson.count("data-math-rendered") > 10 and '<span class="katex">' in lesson


def test_katex_fonts_never_block_text(site):
    css = (site.site / ASSETS / "katex" / "katex.min.css").read_text()
    assert "font-display:block" not in css and css.count("font-display:swap") >= 10
