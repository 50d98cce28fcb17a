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
import dataclasses
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import struct
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


def manifest_json(rel: str, code_zip: dict | None = None, snapshot: dict | None = None,
                  stdlib: dict | None = None) -> str:
    """``{"wheel": "<hash>/<file name>", "zip": {...}, "stdlib": {...}, "snapshot": {...}}``,
    file paths relative to ``assets/convdims/wheel/`` (``zip``, ``stdlib`` and ``snapshot`` only
    when built; the worker installs the zip when there is one, else the wheel). ``zip`` is
    :func:`zip_manifest`, ``stdlib`` :func:`stdlib_manifest`."""
    data = {"wheel": rel, **({"zip": code_zip} if code_zip else {}), **({"stdlib": stdlib} if stdlib else {}),
            **({"snapshot": snapshot} if snapshot else {})}
    return json.dumps(data, indent=2) + "\n"


ZIP_NAME = "calculator.zip"
ZIP_FS_ROOT = "/lib/convdims/"  # where the worker writes the zip: this + zip_folder() + ZIP_NAME


def zip_folder(root: Path, wheel: Path) -> str:
    """The zip's folder name, on the site (under ``wheel/``) and in Pyodide's filesystem (under
    ZIP_FS_ROOT): a hash of everything that makes its bytes (the sources, the bytecode step,
    the Pyodide build). The page's code objects carry that path, and a snapshot restores only
    with the zip it was made from at the same path, so a changed zip never meets an old one."""
    h = hashlib.sha256(wheel.parent.name.encode())
    h.update((root / "site_glue" / "precompile.mjs").read_bytes())
    h.update(pyodide_build_id(root).encode())
    return h.hexdigest()[:16]


def zip_fs_path(root: Path, wheel: Path) -> str:
    return f"{ZIP_FS_ROOT}{zip_folder(root, wheel)}/{ZIP_NAME}"


def zip_manifest(root: Path, wheel: Path, served: Path) -> dict:
    """What the worker needs to install the zip: ``file`` (the gzipped zip the site serves,
    under ``wheel/``), its ``encoding``, and ``path``, where in Pyodide's filesystem it goes:
    where the snapshot was made from it."""
    return {"file": f"{zip_folder(root, wheel)}/{served.name}", "encoding": "gzip",
            "path": zip_fs_path(root, wheel)}


def gzipped(path: Path) -> Path:
    """``path`` + ``.gz``, made once: GitHub Pages does not compress ``.zip`` files, and the
    worker inflates the download with DecompressionStream. No name or date in the gzip
    header, so the same zip makes the same file."""
    out = path.with_name(path.name + ".gz")
    if not out.is_file():
        tmp = out.with_suffix(".tmp")
        with open(tmp, "wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(path.read_bytes())
        tmp.replace(out)
    return out


@dataclasses.dataclass(frozen=True)
class CodeZip:
    """The bytecode step's output (:func:`precompile`): the calculator's zip, the trimmed
    standard library the widget worker boots with, and every top-level name of the full one."""

    zip: Path
    stdlib: Path
    stdlib_names: list


def precompile(root: Path, wheel: Path) -> CodeZip | None:
    """The calculator as one zip Python imports from in the page (``site_glue/precompile.mjs``):
    bytecode compiled by the shipped Pyodide, the package's data files and the standard-library
    modules it imports, precompiled; and the standard library trimmed to what Pyodide imports
    to start (the widget worker's; 0.7 MB instead of 2.5 MB). Cached next to the wheel, in a
    folder named by :func:`zip_folder`.

    Pyodide compiles every imported ``.py`` in the page, and for the calculator that is most
    of the first result's cost; writing one zip is also far quicker than unpacking a wheel.
    Set ``CONVDIMS_PYC=0`` to skip it (``make serve`` does, so edits rebuild fast): the worker
    then installs the wheel and boots with the full standard library.
    """
    if os.environ.get("CONVDIMS_PYC", "1") == "0":
        return None
    folder = wheel.parent / f"zip-{zip_folder(root, wheel)}"
    out, stdlib, names = folder / ZIP_NAME, folder / STDLIB_NAME, folder / "stdlib_names.json"
    if not (out.is_file() and stdlib.is_file() and names.is_file()):
        folder.mkdir(exist_ok=True)
        script = root / "site_glue" / "precompile.mjs"
        tmp, tmp_stdlib = out.with_suffix(".tmp"), stdlib.with_suffix(".tmp")
        try:
            proc = subprocess.run(["node", str(script), str(wheel), str(tmp), zip_fs_path(root, wheel), str(tmp_stdlib)],
                                  cwd=root, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise AssetError(f"precompiling the calculator for Pyodide failed: {exc}") from exc
        if proc.returncode != 0 or not tmp.is_file() or not tmp_stdlib.is_file():
            raise AssetError("precompiling the calculator for Pyodide failed "
                             f"(node site_glue/precompile.mjs): {(proc.stderr or proc.stdout)[-2000:]}")
        names.write_text(json.dumps(json.loads(proc.stdout.strip().splitlines()[-1])["stdlib_names"]))
        tmp.replace(out)
        tmp_stdlib.replace(stdlib)
    return CodeZip(out, stdlib, json.loads(names.read_text()))


STDLIB_NAME = "python_stdlib.zip"


def stdlib_manifest(root: Path, wheel: Path, served: Path, names: list) -> dict:
    """The widget worker's standard library: ``file`` (gzipped, under ``wheel/``), its
    ``encoding``, and ``names``, the full library's top-level names: an import of one of them
    that the trimmed zip cannot serve makes the worker fetch Pyodide's full zip."""
    return {"file": f"{zip_folder(root, wheel)}/{served.name}", "encoding": "gzip", "names": names}


def pyodide_build_id(root: Path) -> str:
    """The shipped Pyodide's build id (``BUILD_ID`` in ``pyodide.mjs``): a memory snapshot
    restores only into the wasm build that made it."""
    text = _require(root / "node_modules" / "pyodide" / "pyodide.mjs", "run `npm ci`").read_text(encoding="utf-8")
    found = re.search(r'BUILD_ID:"([0-9a-f]{64})"', text)
    if not found:
        raise AssetError("no BUILD_ID in node_modules/pyodide/pyodide.mjs (a new Pyodide? see site_glue/snapshot.mjs)")
    return found.group(1)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """A memory snapshot, shipped gzipped in sparse form, and what the worker checks before
    and after restoring it."""

    gz: Path            # the file shipped (gzip: GitHub Pages does not compress it)
    raw_bytes: int      # the heap's size once unpacked (checked by the worker)
    pyodide_build: str  # the Pyodide build it restores into
    probe: dict         # {"request", "response"}: the restored calculator must answer exactly this

    @property
    def digest(self) -> str:
        return self.gz.parent.name.rsplit("-", 1)[-1]


SPARSE_MAGIC = 0x50534443  # "CDSP"
PAGE = 4096
ZERO_RUN = 16 * PAGE


def sparse(heap: bytes) -> bytes:
    """The snapshot without its long runs of zero bytes (about a third of Pyodide's 30 MiB
    heap), the form the worker inflates, unpacks and keeps: u32 magic "CDSP", u32 full
    length, u32 n, n × (u32 offset, u32 length), then the n segments' bytes (little-endian).
    Runs of zero pages of at least ZERO_RUN bytes are left out. Inflating it in the page
    takes about two thirds of the time the whole heap's gzip takes."""
    view, zero = memoryview(heap), bytes(PAGE)
    segments, start, p = [], 0, 0
    while p < len(heap):
        if view[p:p + PAGE] != zero[:len(view[p:p + PAGE])]:
            p += PAGE
            continue
        q = p
        while q < len(heap) and view[q:q + PAGE] == zero[:len(view[q:q + PAGE])]:
            q += PAGE
        q = min(q, len(heap))
        if q - p >= ZERO_RUN:
            if p > start:
                segments.append((start, p - start))
            start = q
        p = q
    if start < len(heap):
        segments.append((start, len(heap) - start))
    head = struct.pack(f"<3I{2 * len(segments)}I", SPARSE_MAGIC, len(heap), len(segments),
                       *(v for seg in segments for v in seg))
    return head + b"".join(view[o:o + n] for o, n in segments)


def unsparse(packed: bytes) -> bytes:
    """The heap back from :func:`sparse` (the worker's unpackSparse, for tests and checks)."""
    magic, size, n = struct.unpack_from("<3I", packed)
    if magic != SPARSE_MAGIC:
        raise ValueError("not a sparse snapshot")
    out, at = bytearray(size), 12 + 8 * n
    for i in range(n):
        off, length = struct.unpack_from("<2I", packed, 12 + 8 * i)
        out[off:off + length] = packed[at:at + length]
        at += length
    return bytes(out)


PROBE_REQUEST = json.dumps({"op": "layer", "layer": "Conv2D", "args": {"filters": 2, "kernel_size": 3},
                            "input_shape": "8, 8, 1"})


SNAPSHOT_FILE = "pyodide-snapshot.sparse.gz"  # gzip of sparse(heap)


def snapshot(root: Path, wheel: Path, code_zip: CodeZip | None) -> Snapshot | None:
    """A memory snapshot of the shipped Pyodide with the calculator imported and warmed up
    (``site_glue/snapshot.mjs``), cached next to the wheel per Pyodide build. ``None`` when
    the bytecode step is off (``CONVDIMS_PYC=0``, as ``make serve`` sets) or
    ``CONVDIMS_SNAPSHOT=0``: the worker then boots Pyodide normally."""
    if code_zip is None or os.environ.get("CONVDIMS_SNAPSHOT", "1") == "0":
        return None
    build = pyodide_build_id(root)
    script = root / "site_glue" / "snapshot.mjs"
    # the zip (its folder names what made it) + the warm-up
    key = f"{zip_folder(root, wheel)}-{hashlib.sha256(script.read_bytes()).hexdigest()[:8]}"
    cached = sorted(wheel.parent.glob(f"snapshot-{key}-*/{SNAPSHOT_FILE}"))
    info_file = wheel.parent / f"snapshot-{key}.json"
    if cached and info_file.is_file():
        info = json.loads(info_file.read_text())
        return Snapshot(cached[0], info["bytes"], info["build_id"], info["probe"])
    tmp = wheel.parent / "snapshot.tmp"
    try:
        proc = subprocess.run(["node", str(script), str(code_zip.zip), zip_fs_path(root, wheel), str(tmp)],
                              cwd=root, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "CONVDIMS_PROBE": PROBE_REQUEST})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AssetError(f"making the Pyodide memory snapshot failed: {exc}") from exc
    if proc.returncode != 0 or not tmp.is_file():
        raise AssetError("making the Pyodide memory snapshot failed "
                         f"(node site_glue/snapshot.mjs): {(proc.stderr or proc.stdout)[-2000:]}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    if info["build_id"] != build:
        raise AssetError(f"the snapshot was made by Pyodide build {info['build_id']}, the site ships {build}")
    raw = tmp.read_bytes()
    tmp.unlink()
    packed = gzip.compress(sparse(raw), compresslevel=9, mtime=0)
    folder = wheel.parent / f"snapshot-{key}-{hashlib.sha256(packed).hexdigest()[:16]}"
    folder.mkdir(exist_ok=True)
    (folder / SNAPSHOT_FILE).write_bytes(packed)
    probe = {"request": PROBE_REQUEST, "response": info["probe"]}
    info_file.write_text(json.dumps({"bytes": len(raw), "build_id": build, "probe": probe}))
    return Snapshot(folder / SNAPSHOT_FILE, len(raw), build, probe)


def snapshot_manifest(snap: Snapshot, site_rel: str) -> dict:
    """The manifest's ``snapshot`` entry (``site_rel``: the file under ``wheel/``)."""
    return {"file": site_rel, "encoding": "gzip", "bytes": snap.raw_bytes,
            "served_bytes": snap.gz.stat().st_size, "pyodide_build": snap.pyodide_build, "probe": snap.probe}


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
    ``font-display: swap`` instead of KaTeX's ``block``: a formula shows in a fallback font
    at once instead of staying invisible while its font downloads (up to 3 s on a slow link)."""
    css = _require(root / "node_modules" / "katex" / "dist" / "katex.min.css",
                   "run `npm ci` to install KaTeX").read_text(encoding="utf-8")
    css = _FONT_FALLBACKS.sub("", css)
    css = re.sub(r"font-display:\s*\w+", "font-display:swap", css)
    return re.sub(r"@font-face\{(?![^}]*font-display)", "@font-face{font-display:swap;", css)


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
