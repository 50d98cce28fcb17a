"""Files the build adds to the site under ``assets/convdims/`` (nothing is committed).

- ``wheel/``   ``manifest.json`` (``{"wheel": "<hash>/<file name>"}``) and the calculator
               wheel (``py3-none-any``) in a folder named by its sources' hash (cache busting),
               built from the working tree.
- ``pyodide/`` the Pyodide runtime from ``node_modules/pyodide`` (npm, pinned in
               ``package-lock.json``).
- ``katex/``   ``katex.min.js``, ``katex.min.css`` (woff2 sources only) and ``fonts/*.woff2``
               from ``node_modules/katex``.

The wheel is built in-process with setuptools' PEP 517 backend from a clean copy of the
sources (so a stale ``build/lib`` can never leak removed modules into it), exactly what
``pip wheel --no-deps .`` produces for this pure-Python package. Wheels are cached under
``build/site_glue/`` by a hash of the package sources.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

ASSET_ROOT = "assets/convdims"

# What the browser needs from the npm packages; nothing else is copied.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
KATEX_FILES = ("katex.min.js",)


class AssetError(RuntimeError):
    """A file the site needs is missing (for instance `npm ci` was not run)."""


def package_sources(root: Path) -> list[Path]:
    """The files that make up the wheel: pyproject, README (the long description), calculator/."""
    files = [root / "pyproject.toml"]
    if (root / "README.md").exists():
        files.append(root / "README.md")
    pkg = root / "calculator"
    for path in sorted(pkg.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            files.append(path)
    return files


def sources_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in package_sources(root):
        h.update(str(path.relative_to(root)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


@contextlib.contextmanager
def _chdir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def build_wheel(root: Path, cache_dir: Path | None = None) -> Path:
    """Build (or reuse) the calculator wheel; returns its path."""
    digest = sources_digest(root)
    cache_dir = cache_dir or root / "build" / "site_glue"
    out = cache_dir / f"wheel-{digest}"
    found = sorted(out.glob("*.whl")) if out.is_dir() else []
    if found:
        return found[0]
    try:
        from setuptools import build_meta
    except ImportError as exc:  # pragma: no cover - setuptools is pinned in requirements.txt
        raise AssetError("setuptools is needed to build the calculator wheel "
                         "(pip install -r requirements.txt)") from exc

    with tempfile.TemporaryDirectory(prefix="convdims-wheel-") as tmp:
        src = Path(tmp) / "src"
        dist = Path(tmp) / "dist"
        dist.mkdir()
        for path in package_sources(root):
            dest = src / path.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
        log = io.StringIO()
        try:
            with _chdir(src), contextlib.redirect_stdout(log), contextlib.redirect_stderr(log), \
                    warnings.catch_warnings():
                warnings.simplefilter("ignore")  # setuptools deprecation notices are not site warnings
                name = build_meta.build_wheel(str(dist))
        except BaseException as exc:
            raise AssetError(f"building the calculator wheel failed: {exc}\n{log.getvalue()[-4000:]}") from exc
        out.mkdir(parents=True, exist_ok=True)
        final = out / name
        shutil.copy2(dist / name, final)
    # Keep the cache small: only the newest few builds.
    olds = sorted(cache_dir.glob("wheel-*"), key=lambda p: p.stat().st_mtime)
    for old in olds[:-3]:
        if old != out:
            shutil.rmtree(old, ignore_errors=True)
    return final


def wheel_site_path(wheel: Path) -> str:
    """Where the wheel goes under ``wheel/``: in a folder named by the sources' hash, so a
    new deploy never meets a stale cached wheel (the file name itself stays a valid wheel
    name; ``manifest.json`` is fetched without cache and names the current one)."""
    return f"{wheel.parent.name.removeprefix('wheel-')}/{wheel.name}"


def manifest_json(rel: str, pyc: str | None = None) -> str:
    """``{"wheel": "<hash>/<file name>", "pyc": "<hash>/calculator-pyc.zip"}``, relative to
    ``assets/convdims/wheel/`` (``pyc`` only when the bytecode was built)."""
    data = {"wheel": rel, **({"pyc": pyc} if pyc else {})}
    return json.dumps(data, indent=2) + "\n"


def precompile(root: Path, wheel: Path) -> Path | None:
    """The wheel's modules compiled to bytecode by the shipped Pyodide (cached next to the wheel).

    Pyodide compiles every imported ``.py`` in the page, and for the calculator that is most
    of the first result's cost; the worker unpacks this zip over the installed wheel. Set
    ``CONVDIMS_PYC=0`` to skip it (``make serve`` does, so edits rebuild fast).
    """
    if os.environ.get("CONVDIMS_PYC", "1") == "0":
        return None
    out = wheel.parent / "calculator-pyc.zip"
    if out.is_file():
        return out
    script = root / "site_glue" / "precompile.mjs"
    tmp = out.with_suffix(".tmp")
    try:
        proc = subprocess.run(["node", str(script), str(wheel), str(tmp)], cwd=root,
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AssetError(f"precompiling the calculator for Pyodide failed: {exc}") from exc
    if proc.returncode != 0 or not tmp.is_file():
        raise AssetError("precompiling the calculator for Pyodide failed "
                         f"(node site_glue/precompile.mjs): {(proc.stderr or proc.stdout)[-2000:]}")
    tmp.replace(out)
    return out


def _require(path: Path, hint: str) -> Path:
    if not path.is_file():
        raise AssetError(f"missing {path}: {hint}")
    return path


def pyodide_files(root: Path) -> dict[str, Path]:
    """``{site path: source file}`` for the Pyodide runtime."""
    base = root / "node_modules" / "pyodide"
    hint = "run `npm ci` (or `make site`) to install the pinned npm packages"
    return {f"{ASSET_ROOT}/pyodide/{name}": _require(base / name, hint) for name in PYODIDE_FILES}


_FONT_FALLBACKS = re.compile(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)')


def katex_css(root: Path) -> str:
    """katex.min.css with only the woff2 font sources (the only font files shipped), and
    ``font-display: swap``: while a font loads, formulas show in a fallback font instead of
    staying invisible (KaTeX's own ``block``)."""
    css = _require(root / "node_modules" / "katex" / "dist" / "katex.min.css",
                   "run `npm ci` to install KaTeX").read_text(encoding="utf-8")
    return _FONT_FALLBACKS.sub("", css).replace("font-display:block", "font-display:swap")


def katex_files(root: Path) -> dict[str, Path]:
    """``{site path: source file}`` for KaTeX's script and its woff2 fonts."""
    dist = root / "node_modules" / "katex" / "dist"
    hint = "run `npm ci` to install KaTeX"
    files = {f"{ASSET_ROOT}/katex/{name}": _require(dist / name, hint) for name in KATEX_FILES}
    fonts = sorted((dist / "fonts").glob("*.woff2"))
    if not fonts:
        raise AssetError(f"no KaTeX fonts in {dist / 'fonts'}: {hint}")
    for font in fonts:
        files[f"{ASSET_ROOT}/katex/fonts/{font.name}"] = font
    return files
