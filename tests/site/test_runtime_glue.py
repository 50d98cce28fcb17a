"""Build-time pieces of the runtime: the CSP's inline-script hashes and the service worker's
file list (site_glue/csp.py, site_glue/offline.py). Hashes are derived here by hand."""

from __future__ import annotations

import base64
import hashlib
import json

from site_glue import csp, offline


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_scripts_are_hashed_and_nothing_else():
    html = ('<script>var a=1</script><script src="x.js"></script>'
            '<script id="__config" type="application/json">{"a": 1}</script>'
            '<script type="module">import "./m.js"</script><script>var a=1</script>')
    assert csp.inline_script_hashes(html) == [_sha("var a=1"), _sha('import "./m.js"')]


def test_the_placeholder_becomes_the_pages_hashes_whatever_the_escaping():
    for quote in ("'", "&#39;"):
        policy = csp.POLICY.replace("'", quote)
        page = f'<meta http-equiv="Content-Security-Policy" content="{policy}"><script>go()</script>'
        out = csp.apply(page)
        assert "convdims-inline-script-hashes" not in out
        assert _sha("go()") in out
    assert "'unsafe-eval'" not in csp.POLICY and "'wasm-unsafe-eval'" in csp.POLICY
    assert "connect-src 'self'" in csp.POLICY


def test_service_worker_lists_every_needed_file_and_changes_with_any_of_them(tmp_path):
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "sitemap.xml").write_text("<urlset/>")
    (tmp_path / "a.js.map").write_text("map")
    (tmp_path / "assets/javascripts/lunr/min").mkdir(parents=True)
    (tmp_path / "assets/javascripts/lunr/min/lunr.de.min.js").write_text("de")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons/index.html").write_text("lesson")
    first = offline.write_service_worker(tmp_path)
    assert first["files"] == {"index.html": hashlib.sha256(b"home").hexdigest(),
                              "lessons/index.html": hashlib.sha256(b"lesson").hexdigest(),
                              "sitemap.xml": hashlib.sha256(b"<urlset/>").hexdigest()}
    text = (tmp_path / offline.SW_NAME).read_text()
    assert text.startswith("const CONVDIMS_BUILD = " + json.dumps(first, sort_keys=True))
    assert offline.SOURCE.read_text() in text
    (tmp_path / "lessons/index.html").write_text("lesson, edited")
    second = offline.write_service_worker(tmp_path)
    assert second["version"] != first["version"]
    assert offline.SW_NAME not in second["files"]


def test_math_fonts_never_leave_formulas_invisible():
    from pathlib import Path

    from site_glue import assets
    css = assets.katex_css(Path(__file__).resolve().parents[2])
    faces = css.count("@font-face{")
    assert faces > 10
    assert css.count("font-display:swap") == faces
    assert "font-display:block" not in css
