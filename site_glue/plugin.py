"""MkDocs event handlers (re-exported by ``site_glue/hook.py``, named in ``mkdocs.yml``)."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import types
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from . import assets, csp, fences, figures, models, offline, prerender_math, scan

log = logging.getLogger("mkdocs.site_glue")

# Survives reloads of site_glue itself (mkdocs serve reloads the hook on every rebuild).
_STATE = sys.modules.setdefault("_site_glue_state", types.ModuleType("_site_glue_state"))


def _root(config=None) -> Path:
    """The repository (calculator/, pyproject.toml, node_modules/): where site_glue lives,
    whatever mkdocs.yml is being built (tests build small sites from temporary configs)."""
    return Path(__file__).resolve().parent.parent


def _fingerprint(folder: Path) -> tuple:
    out = []
    for p in sorted(folder.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _fresh_calculator(root: Path) -> None:
    """Under ``mkdocs serve``, forget the calculator's modules and results when its sources
    changed, so that a rebuild uses the edited code."""
    fp = _fingerprint(root / "calculator")
    prev = getattr(_STATE, "calculator", None)
    if prev is not None and prev != fp:
        for name in [m for m in sys.modules if m == "calculator" or m.startswith("calculator.")]:
            del sys.modules[name]
        models.clear_cache()
        log.info("site_glue: calculator changed, reloading it")
    _STATE.calculator = fp
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))


def on_config(config, **kwargs):
    root = _root(config)
    _fresh_calculator(root)
    mdx = config.mdx_configs.setdefault("pymdownx.superfences", {})
    custom = [f for f in mdx.get("custom_fences", []) if f.get("name") not in ("keras-model", "widget", "quiz")]
    mdx["custom_fences"] = custom + fences.custom_fences()
    config.extra["convdims_csp"] = csp.POLICY
    # `make serve` builds (CONVDIMS_PYC=0) write no service worker: no page registers one.
    config.extra["convdims_offline"] = os.environ.get("CONVDIMS_PYC", "1") != "0"
    return config


def on_files(files, config, **kwargs):
    root = _root(config)
    t0 = time.perf_counter()

    def add(src_uri: str, **source):
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, inclusion=InclusionLevel.NOT_IN_NAV, **source))

    try:
        wheel = assets.build_wheel(root)
        rel = assets.wheel_site_path(wheel)
        add(f"{assets.ASSET_ROOT}/wheel/{rel}", abs_src_path=str(wheel))
        code_zip = assets.precompile(root, wheel)
        zip_entry = stdlib_entry = None
        if code_zip:
            served = assets.gzipped(code_zip.zip)
            zip_entry = assets.zip_manifest(root, wheel, served)
            add(f"{assets.ASSET_ROOT}/wheel/{zip_entry['file']}", abs_src_path=str(served))
            served = assets.gzipped(code_zip.stdlib)
            stdlib_entry = assets.stdlib_manifest(root, wheel, served, code_zip.stdlib_names)
            add(f"{assets.ASSET_ROOT}/wheel/{stdlib_entry['file']}", abs_src_path=str(served))
        snap = assets.snapshot(root, wheel, code_zip)
        snap_entry = None
        if snap:
            snap_rel = f"{snap.digest}/{snap.gz.name}"
            add(f"{assets.ASSET_ROOT}/wheel/{snap_rel}", abs_src_path=str(snap.gz))
            snap_entry = assets.snapshot_manifest(snap, snap_rel)
        manifest = assets.manifest_json(rel, zip_entry, snap_entry, stdlib_entry)
        add(f"{assets.ASSET_ROOT}/wheel/manifest.json", content=manifest)
        # Also in each page that computes (overrides/main.html), so the worker starts its
        # downloads without a round trip for it; "</" escaped for the <script> element.
        config.extra["convdims_manifest"] = json.dumps(json.loads(manifest), separators=(",", ":")).replace("</", "<\\/")
        for uri, path in {**assets.pyodide_files(root), **assets.katex_files(root)}.items():
            add(uri, abs_src_path=str(path))
        add(f"{assets.ASSET_ROOT}/katex/katex.min.css", content=assets.katex_css(root))
    except assets.AssetError as exc:
        raise PluginError(f"site_glue: {exc}") from None
    log.debug("site_glue: wheel + runtime assets in %.2f s", time.perf_counter() - t0)
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    docs_dir = Path(config.docs_dir)
    src = page.file.src_uri
    page_path = docs_dir / src
    try:
        label = page_path.resolve().relative_to(_root()).as_posix()
    except ValueError:
        label = str(page_path)
    state = fences.PageState(src_uri=label, docs_dir=docs_dir)
    fences.PAGE = state
    markdown = scan.normalize_headers(markdown)
    # Models named on this page, wherever their fence sits (figures may come first).
    for f in scan.find_fences(markdown):
        if f.lang != "keras-model":
            continue
        opts = f.options
        try:
            code, model_id = fences.model_source(opts, f.body, docs_dir)
        except PluginError:
            raise
        if model_id:
            if model_id in state.models and state.models[model_id][0] != code:
                raise PluginError(f"{label}: two keras-model fences use id={model_id!r}")
            state.models[model_id] = (code, opts.get("style") or "keras3")
    ns = figures.Namespace(docs_dir, state.models, label)
    try:
        return scan.map_prose(markdown, lambda text: figures.substitute(text, ns))
    except models.BuildError as exc:
        raise PluginError(str(exc)) from None


def on_post_page(output, page, config, **kwargs):
    return csp.apply(output)


def on_post_template(output_content, template_name, config, **kwargs):
    return csp.apply(output_content)


def on_post_build(config, **kwargs):
    """Render every page's math with KaTeX (one Node process for the whole site), then write the
    service worker, whose file hashes must see the final HTML."""
    t0 = time.perf_counter()
    try:
        count = prerender_math.prerender_site(Path(config.site_dir), _root(config))
    except prerender_math.MathError as exc:
        raise PluginError(f"site_glue: {exc}") from None
    log.info("site_glue: math rendered at build time (%d new formulas) in %.2f s", count,
             time.perf_counter() - t0)
    # `make serve` (CONVDIMS_PYC=0) is for editing: no service worker serving yesterday's files.
    if not config.extra.get("convdims_offline"):
        return
    build = offline.write_service_worker(Path(config.site_dir))
    log.debug("site_glue: service worker for build %s (%d files)", build["version"], len(build["files"]))


def on_serve(server, config, builder, **kwargs):
    root = _root(config)
    for path in (root / "calculator", root / "site_glue", root / "pyproject.toml"):
        if path.exists():
            server.watch(str(path))
    return server
