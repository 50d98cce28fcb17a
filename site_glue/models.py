"""Keras scripts run natively at build time, through ``calculator.runner.run_script``.

One :class:`Run` per (code, style, width), cached for the whole build (and across ``mkdocs serve``
rebuilds until the calculator's sources change: the hook clears the cache then). Models from
``docs/models/<id>.py`` are shared by every page; a ``keras-model`` fence with ``id="..."``
names a model for its own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class BuildError(Exception):
    """A page cannot be built: names the page and what failed in it."""


@dataclass
class Run:
    code: str
    style: str
    stdout: str = ""
    models: list = field(default_factory=list)
    model: object = None           # the script's `model` variable, else the last model built
    error: dict | None = None      # {"type", "message", "line"} when the script raised

    @property
    def ok(self) -> bool:
        return self.error is None


def _get(obj, key, default=None):
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _error_dict(err, result=None) -> dict:
    if isinstance(err, BaseException):
        data = {"type": type(err).__name__, "message": str(err) or type(err).__name__,
                "line": getattr(err, "line", None) or getattr(err, "lineno", None)}
    else:
        data = {"type": _get(err, "type", "Error"), "message": _get(err, "message", str(err)),
                "line": _get(err, "line")}
    if data["line"] is None and result is not None and isinstance(_get(result, "line"), int):
        data["line"] = _get(result, "line")
    return data


_CACHE: dict[tuple[str, str, int | None], Run] = {}
OBJECTS: dict[tuple, object] = {}     # other built objects figures reuse (applications)


def clear_cache() -> None:
    _CACHE.clear()
    OBJECTS.clear()


def run(code: str, style: str = "keras3", width: int | None = None) -> Run:
    """Run a Keras script with the calculator (cached); never raises for script errors.
    Summaries print as in a terminal ``width`` columns wide (default: the page's width)."""
    from calculator import summary_width
    width = summary_width.PAGE_COLUMNS if width is None else width
    key = (code, style, width)
    if key in _CACHE:
        return _CACHE[key]
    try:
        from calculator import runner
    except ImportError as exc:
        raise BuildError(f"calculator.runner is not importable ({exc}); "
                         "keras-model fences and model() figures need it") from exc
    from calculator.summary import summary_style
    try:
        with summary_style(style), summary_width.columns(width):
            result = runner.run_script(code)
    except Exception as exc:  # noqa: BLE001 - the runner should report, but never crash a build
        r = Run(code, style, error=_error_dict(exc))
        _CACHE[key] = r
        return r
    models = list(_get(result, "models", None) or [])
    namespace = _get(result, "namespace", None) or _get(result, "globals", None) or {}
    primary = namespace.get("model") if isinstance(namespace, dict) else None
    if primary is None or not hasattr(primary, "count_params"):
        primary = models[-1] if models else None
    err = _get(result, "error")
    r = Run(code, style, stdout=_get(result, "stdout", "") or "", models=models, model=primary,
            error=None if err is None else _error_dict(err, result))
    _CACHE[key] = r
    return r


def shared_model_path(docs_dir: Path, model_id: str) -> Path:
    return Path(docs_dir) / "models" / f"{model_id}.py"


def read_model_file(docs_dir: Path, name: str) -> str:
    path = Path(docs_dir) / "models" / name
    if not path.suffix:
        path = path.with_suffix(".py")
    if not path.is_file():
        raise BuildError(f"model file {path} does not exist (file=\"{name}\" names a file in docs/models/)")
    return path.read_text(encoding="utf-8")


def describe_error(err: dict) -> str:
    line = f" (line {err['line']})" if err.get("line") else ""
    return f"{err.get('type', 'Error')}{line}: {err.get('message', '')}"
