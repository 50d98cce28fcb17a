"""MkDocs hook (``hooks: [site_glue/hook.py]`` in mkdocs.yml).

MkDocs loads this file by path, not as part of the ``site_glue`` package, so it puts the
repository root on ``sys.path`` and re-exports the handlers of :mod:`site_glue.plugin`.
Under ``mkdocs serve`` the config (and this file) is reloaded on every rebuild: when the
glue's own sources changed, its modules are dropped so the rebuild uses the new code.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _glue_fingerprint():
    out = []
    for p in sorted((ROOT / "site_glue").glob("*.py")):
        st = p.stat()
        out.append((p.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


_fp = _glue_fingerprint()
_prev = getattr(sys.modules.get("site_glue"), "_hook_fingerprint", None)
if _prev is not None and _prev != _fp:
    for _name in [m for m in sys.modules if m == "site_glue" or m.startswith("site_glue.")]:
        del sys.modules[_name]

import site_glue  # noqa: E402

site_glue._hook_fingerprint = _fp

from site_glue.plugin import (  # noqa: E402,F401
    on_config, on_files, on_page_markdown, on_post_build, on_post_page, on_post_template, on_serve)
