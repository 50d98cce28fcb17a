"""Math rendered at build time, so pages show formulas without JavaScript and without a flash.

After the build, every ``<span class="arithmatex">`` / ``<div class="arithmatex">`` that
pymdownx.arithmatex (generic mode) or a prerendered widget wrote is replaced by KaTeX's HTML,
rendered by the KaTeX the site ships (``node_modules/katex``) in **one** Node process for
the whole site (``site_glue/katex_render.mjs``). Results are cached by KaTeX version, TeX and
mode under ``build/site_glue/``, so a rebuild only renders new formulas. A rendered element
keeps its class and gains ``data-math-rendered``, which tells the page script
(``convdims-math.js``) to leave it alone; that script renders only math that Python produces
live in the page.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

__all__ = ["MathError", "split_delimiters", "prerender_site", "rewrite_html"]

# An element written by arithmatex or a widget: its whole content is the escaped TeX.
_ELEMENT = re.compile(r'<(span|div) class="arithmatex">([^<]*)</\1>')
_PAIRS = ((r"\[", r"\]", True), ("$$", "$$", True), (r"\(", r"\)", False), ("$", "$", False))


class MathError(RuntimeError):
    """The build cannot render math (Node or KaTeX missing)."""


def split_delimiters(text: str, block: bool):
    """``(tex, display)`` with one pair of delimiters stripped, as the page script does;
    ``None`` for an empty element.

    >>> split_delimiters(r"\\(x^2\\)", False)
    ('x^2', False)
    >>> split_delimiters("$$a$$", False)
    ('a', True)
    """
    t = text.strip()
    for opening, closing, display in _PAIRS:
        if len(t) >= len(opening) + len(closing) and t.startswith(opening) and t.endswith(closing):
            return t[len(opening):len(t) - len(closing)], display
    if t.startswith("\\begin{"):
        return t, True
    return (t, block) if t else None


def _formulas(page: str):
    for m in _ELEMENT.finditer(page):
        parts = split_delimiters(html.unescape(m.group(2)), m.group(1) == "div")
        if parts:
            yield parts


def rewrite_html(page: str, rendered: dict) -> str:
    """``page`` with every formula found in ``rendered`` (``{(tex, display): html}``)
    replaced by its KaTeX HTML; formulas KaTeX could not render stay for the page script."""
    def swap(m):
        parts = split_delimiters(html.unescape(m.group(2)), m.group(1) == "div")
        out = rendered.get(parts) if parts else None
        if out is None:
            return m.group(0)
        tag = m.group(1)
        return f'<{tag} class="arithmatex" data-math-rendered>{out}</{tag}>'
    return _ELEMENT.sub(swap, page)


def _render(root: Path, items: list) -> tuple[str, list]:
    script = root / "site_glue" / "katex_render.mjs"
    try:
        proc = subprocess.run(["node", str(script)], cwd=root, input=json.dumps(items),
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MathError(f"rendering math with KaTeX under Node failed: {exc}") from exc
    if proc.returncode != 0:
        raise MathError("rendering math with KaTeX under Node failed "
                        f"(node site_glue/katex_render.mjs): {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    return out["version"], out["html"]


def _katex_version(root: Path) -> str:
    try:
        return json.loads((root / "node_modules" / "katex" / "package.json")
                          .read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError) as exc:
        raise MathError("KaTeX is not installed: run `npm ci`") from exc


def prerender_site(site_dir: Path, root: Path, cache_dir: Path | None = None) -> int:
    """Render the math of every HTML page under ``site_dir`` in place; returns how many
    distinct formulas KaTeX rendered in this run (0 when the cache had them all)."""
    pages = sorted(Path(site_dir).rglob("*.html"))
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    wanted = {f for text in texts.values() for f in _formulas(text)}
    if not wanted:
        return 0
    version = _katex_version(root)
    cache_file = (cache_dir or root / "build" / "site_glue") / f"katex-{version}.json"
    try:
        cached = {(tex, bool(d)): out for tex, d, out in json.loads(cache_file.read_text("utf-8"))}
    except (OSError, ValueError):
        cached = {}
    todo = sorted(wanted - cached.keys())
    if todo:
        _, outputs = _render(root, [list(item) for item in todo])
        cached.update(zip(todo, outputs))
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps([[tex, d, out] for (tex, d), out in sorted(cached.items())]),
                              encoding="utf-8")
    rendered = {key: cached.get(key) for key in wanted}
    for path, text in texts.items():
        new = rewrite_html(text, rendered)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return len(todo)
