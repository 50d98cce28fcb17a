"""A time limit for learner code, enforced from inside Python (the playground's sandbox).

The page's sandbox worker answers ``handle_json_limited(request, seconds)`` instead of
``api.handle_json``. While the request runs, a trace function watches the lines of the
learner's script (``<script>``, the file name ``runner.run_script`` compiles it under);
once the limit has passed it stops the script and the answer names the loop that never
ended::

    TimeoutError: stopped after 5 s: `while True:` on line 3 never ended

Code that never reaches another line of the script (one long C call) is not interrupted
here: the page then terminates the whole worker a little after the limit (and starts a
fresh one), without knowing the line.
"""

from __future__ import annotations

import ast
import json
import sys
import time

SCRIPT = "<script>"


class _TimeLimit(BaseException):
    """Raised into the script; a BaseException so that ``except Exception:`` cannot keep it."""


def innermost_loop(code: str, line: int) -> tuple[str, int] | None:
    """``(header text, line)`` of the innermost ``for``/``while`` loop whose body holds
    ``line``, or ``None``. ``while True:\\n    x += 1`` with line 2 gives ``("while True:", 1)``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While, ast.AsyncFor)):
            end = getattr(node, "end_lineno", node.lineno)
            if node.lineno <= line <= end and (best is None or node.lineno >= best.lineno):
                best = node
    if best is None:
        return None
    header = code.splitlines()[best.lineno - 1].strip()
    return header, best.lineno


def stopped_message(code: str, line: int | None, seconds: float) -> str:
    """The learner's message: which loop (or line) was still running when time ran out."""
    limit = f"{seconds:g} s"
    if line is None:
        return f"stopped after {limit}: the code was still running"
    loop = innermost_loop(code, line)
    if loop:
        return f"stopped after {limit}: `{loop[0]}` on line {loop[1]} never ended"
    return f"stopped after {limit}: line {line} was still running"


def handle_limited(request: dict, seconds: float) -> dict:
    """``api.handle(request)``, stopped once ``seconds`` have passed inside the script."""
    from . import api
    deadline = time.monotonic() + seconds
    state = {"line": None, "fired": False}

    def local(frame, event, arg):
        state["line"] = frame.f_lineno
        if time.monotonic() > deadline:
            state["fired"] = True
            raise _TimeLimit
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename == SCRIPT else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        response = api.handle(request)
    except _TimeLimit:
        response = None
    finally:
        sys.settrace(previous)
    if state["fired"]:
        code = request.get("code") if isinstance(request.get("code"), str) else \
            ((request.get("values") or {}).get("code") or "")
        message = stopped_message(code, state["line"], seconds)
        return {"ok": False, "errors": {"code": message}, "error": {
            "type": "TimeoutError", "message": message, "field": "code", "line": state["line"]}}
    return response


def handle_json_limited(text: str, seconds: float) -> str:
    """JSON in, JSON out, like ``api.handle_json``; never raises."""
    try:
        request = json.loads(text)
    except ValueError as exc:
        return json.dumps({"ok": False, "error": {"type": "ValueError", "message": f"bad request: {exc}",
                                                   "field": None}})
    if not isinstance(request, dict):
        return json.dumps({"ok": False, "error": {"type": "TypeError", "message": "a request is a JSON object",
                                                   "field": None}})
    return json.dumps(handle_limited(request, float(seconds)))
