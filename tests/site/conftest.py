"""Build-output fixtures: the whole site built once per session, and small throw-away sites.

The whole site is built with ``mkdocs build --strict`` into a temporary directory for a
sub-path ``site_url`` (as GitHub project pages serve it), so the URL checks are meaningful.
``build_tiny`` builds a tiny docs folder with the same theme, hook and extensions: the tests
use it to prove what the glue does (figures follow their model, fences print summaries).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # site_glue is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))
SUBPATH_URL = "http://127.0.0.1:8765/convdims/"
# mkdocs from this interpreter, else from the project's venv (make install).
PYTHON = sys.executable if importlib.util.find_spec("mkdocs") else str(ROOT / ".venv" / "bin" / "python")


@dataclass
class Build:
    site: Path
    returncode: int
    output: str     # stdout + stderr of mkdocs

    def page(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def mkdocs_build(config: Path, dest: Path, site_url: str | None = None) -> Build:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    proc = subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    return Build(dest, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real site, built once for a sub-path site_url."""
    dest = tmp_path_factory.mktemp("site") / "site"
    build = mkdocs_build(ROOT / "mkdocs.yml", dest, SUBPATH_URL)
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.output[-6000:]}")
    return build


TINY_CONFIG = """\
site_name: Tiny
site_url: http://127.0.0.1:8000/
docs_dir: {docs}
strict: true
theme:
  name: material
  custom_dir: {root}/overrides
  font: false
hooks:
  - {root}/site_glue/hook.py
exclude_docs: |
  /models/
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.arithmatex:
      generic: true
"""


@pytest.fixture
def build_tiny(tmp_path):
    """``build_tiny({"index.md": "...", "models/m.py": "..."})`` -> Build (not raising)."""
    counter = {"n": 0}

    def build(files: dict[str, str]) -> Build:
        docs = tmp_path / "docs"
        for rel, text in files.items():
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        config = tmp_path / "mkdocs.yml"
        config.write_text(TINY_CONFIG.format(docs=docs, root=ROOT), encoding="utf-8")
        counter["n"] += 1
        return mkdocs_build(config, tmp_path / f"site{counter['n']}")

    return build
