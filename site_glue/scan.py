"""A small code-aware scanner for the Markdown the lessons write.

It finds fenced code blocks (``` and ~~~, at any indentation, so fences inside admonitions,
tabs and list items count) and inline code spans, so that ``{{calc: ...}}`` figures are only
evaluated in prose and never inside code (DEVELOPING contract 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"^(?P<prefix>[ \t]*(?:>[ \t]?)*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CLOSE = re.compile(r"^[ \t]*(?:>[ \t]?)*(?P<fence>`{3,}|~{3,})[ \t]*$")
# Inline code: a run of backticks, then the shortest text up to the same run; never across a
# blank line (a paragraph break ends a code span in Markdown).
_CODE_SPAN = re.compile(r"(?<![\\`])(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.S)
# Superfences' option syntax: key="value", key='value' or a bare key.
_OPTION = re.compile(r"""(?P<key>[A-Za-z][\w-]*)(?:=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+)))?""")


@dataclass
class Fence:
    start: int                 # index of the opening line
    end: int                   # index of the closing line (len(lines) when unclosed)
    prefix: str                # indentation (and blockquote markers) of the opening line
    fence: str                 # the ``` or ~~~ run
    lang: str                  # first word of the info string ("" when none)
    rest: str                  # the info string after the language
    body: str                  # content, with the fence's indentation removed
    options: dict = field(default_factory=dict)


def parse_options(text: str) -> dict[str, str]:
    """``id="a" run=false table`` -> ``{"id": "a", "run": "false", "table": "table"}``."""
    out = {}
    for m in _OPTION.finditer(text or ""):
        value = next((v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None), None)
        out[m.group("key")] = m.group("key") if value is None else value
    return out


def _dedent(line: str, prefix: str) -> str:
    if line.startswith(prefix):
        return line[len(prefix):]
    stripped = line.lstrip(" ")
    return stripped if len(line) - len(stripped) <= len(prefix) else line[len(prefix):]


def find_fences(markdown: str) -> list[Fence]:
    """Every top-level fenced block (fences shown inside another fence are its content)."""
    lines = markdown.split("\n")
    fences = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m or (m.group("fence")[0] == "`" and "`" in m.group("info")):
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        lang, _, rest = info.partition(" ")
        lang = lang.lstrip(".")
        if lang.startswith("{"):
            lang, rest = "", info
        j = i + 1
        while j < len(lines):
            c = _CLOSE.match(lines[j])
            if c and c.group("fence")[0] == fence[0] and len(c.group("fence")) >= len(fence):
                break
            j += 1
        prefix = m.group("prefix")
        body = "\n".join(_dedent(line, prefix) for line in lines[i + 1:j])
        fences.append(Fence(i, j, prefix, fence, lang, rest.strip(), body, parse_options(rest)))
        i = j + 1
    return fences


def map_prose(markdown: str, fn) -> str:
    """Apply ``fn(text) -> text`` to everything outside fenced blocks and inline code spans."""
    lines = markdown.split("\n")
    keep = [False] * len(lines)
    for f in find_fences(markdown):
        for k in range(f.start, min(f.end + 1, len(lines))):
            keep[k] = True
    out, run = [], []

    def flush():
        if run:
            out.append(_map_spans("\n".join(run), fn))
            run.clear()

    for line, is_code in zip(lines, keep):
        if is_code:
            flush()
            out.append(line)
        else:
            run.append(line)
    flush()
    return "\n".join(out)


def _map_spans(text: str, fn) -> str:
    parts, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        parts.append(fn(text[pos:m.start()]))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(fn(text[pos:]))
    return "".join(parts)


_HEADER = re.compile(r"^(?P<head>[ \t]*(?:>[ \t]?)*(?:`{3,}|~{3,}))[ \t]*\.?(?P<lang>[\w-]+)(?P<rest>.*)$")


def _quote(key: str, value: str) -> str:
    q = "'" if '"' in value else '"'
    return f"{key}={q}{value}{q}"


def normalize_headers(markdown: str, langs=("keras-model", "widget", "quiz")) -> str:
    """Rewrite the headers of our fences into superfences' strict option syntax:
    ```` ```widget conv-grid ```` -> ```` ```widget name="conv-grid" ````, ``run=false`` ->
    ``run="false"`` (superfences only accepts quoted ``key="value"`` options, and widget names
    may hold a hyphen)."""
    lines = markdown.split("\n")
    for f in find_fences(markdown):
        if f.lang not in langs:
            continue
        m = _HEADER.match(lines[f.start])
        if not m:
            continue
        opts = dict(f.options)
        if f.lang == "widget":
            bare = [k for k, v in opts.items() if k == v]
            if bare and "name" not in opts:
                opts = {("name" if k == bare[0] else k): (bare[0] if k == bare[0] else v) for k, v in opts.items()}
        rest = " ".join(_quote(k, v) for k, v in opts.items())
        lines[f.start] = f"{m.group('head')}{f.lang}{' ' + rest if rest else ''}"
    return "\n".join(lines)
