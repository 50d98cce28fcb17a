"""The service worker that makes the site work offline after one visit.

After the build, :func:`write_service_worker` lists every file the site needs with its
SHA-256, names the build by the hash of that list, and writes ``convdims-sw.js`` at the site
root: ``site_glue/service_worker.js`` with the list filled in. A new deploy therefore always
means a new worker script (browsers update on any byte change) and a new cache; the worker
never mixes files of two builds (see the script's header).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SW_NAME = "convdims-sw.js"
SOURCE = Path(__file__).with_name("service_worker.js")

# Not needed offline: source maps, the gzipped sitemap (instant navigation reads sitemap.xml), Pyodide's UMD loader (the site imports the
# module), and the search's stemmers for other languages (English search needs none).
_SKIP_SUFFIXES = (".map", ".xml.gz")
_SKIP_PREFIXES = ("assets/javascripts/lunr/",)
_SKIP = {"assets/convdims/pyodide/pyodide.js", SW_NAME}


def _wanted(rel: str) -> bool:
    return rel not in _SKIP and not rel.endswith(_SKIP_SUFFIXES) and not rel.startswith(_SKIP_PREFIXES)


def build_files(site_dir: Path) -> dict[str, str]:
    """``{path relative to the site root: sha256 hex}`` of every file the worker caches."""
    out = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            rel = path.relative_to(site_dir).as_posix()
            if _wanted(rel):
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def write_service_worker(site_dir: Path) -> dict:
    files = build_files(site_dir)
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    build = {"version": version, "files": files}
    source = SOURCE.read_text(encoding="utf-8")
    text = f"const CONVDIMS_BUILD = {json.dumps(build, sort_keys=True)};\n" + source
    (site_dir / SW_NAME).write_text(text, encoding="utf-8")
    return build
