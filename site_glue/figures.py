"""``{{calc: EXPR }}``: figures in prose, computed at build time (DEVELOPING contract 3).

Namespace: ``model(id)``, ``app(name, **kwargs)``, ``layer(class_name, input_shape=..., **kwargs)``,
``keras`` (the mirror), ``shapes``, ``derive``, ``stats``, ``torch_equiv``, ``raw``. Integers render with thousands
separators, shapes as Keras prints them, ``raw(x)`` opts out of formatting.
"""

from __future__ import annotations

import html
import importlib
import logging
import os
import re
from pathlib import Path

from . import models as _models

FIGURE = re.compile(r"\{\{\s*calc:(?P<expr>.*?)\}\}", re.S)


class Raw(str):
    """A value that is inserted exactly as ``str(x)`` gives it."""


def raw(x) -> Raw:
    return Raw(x)


def _is_shape(x) -> bool:
    return isinstance(x, (tuple, list)) and all(d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in x)


def format_shape(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def format_value(x) -> str:
    """How a figure's value is written into the page."""
    if isinstance(x, Raw):
        return str(x)
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e15:
            return f"{int(x):,}"
        return f"{x:,.4f}".rstrip("0").rstrip(".")
    if _is_shape(x) and len(x) > 0:
        return format_shape(x)
    if isinstance(x, (tuple, list)) and x and all(_is_shape(s) and s for s in x):
        return "[" + ", ".join(format_shape(s) for s in x) + "]"
    shape = getattr(x, "shape", None)
    if shape is not None and _is_shape(tuple(shape)) and type(x).__name__ == "KerasTensor":
        return format_shape(tuple(shape))
    return html.escape(str(x), quote=False)


class Namespace:
    """The names a figure can use, for one page."""

    def __init__(self, docs_dir: Path, page_models: dict[str, tuple[str, str]], page: str):
        self.docs_dir = Path(docs_dir)
        self.page_models = page_models      # id -> (code, style) from the page's fences
        self.page = page

    def model(self, model_id: str):
        if model_id in self.page_models:
            code, style = self.page_models[model_id]
        else:
            path = _models.shared_model_path(self.docs_dir, model_id)
            if not path.is_file():
                known = sorted(self.page_models) + sorted(p.stem for p in (self.docs_dir / "models").glob("*.py"))
                raise NameError(f"no model {model_id!r}: not a keras-model id on this page nor "
                                f"docs/models/{model_id}.py (known: {', '.join(known) or 'none'})")
            code, style = path.read_text(encoding="utf-8"), "keras3"
        run = _models.run(code, style)
        if not run.ok:
            raise RuntimeError(f"model {model_id!r} fails to build: {_models.describe_error(run.error)}")
        if run.model is None:
            raise RuntimeError(f"model {model_id!r}: its code builds no model")
        return run.model

    @staticmethod
    def app(name: str, **kwargs):
        """An application (``calculator.applications.get``), built once per build."""
        key = ("app", name, repr(sorted(kwargs.items())))
        if key in _models.OBJECTS:
            return _models.OBJECTS[key]
        from calculator import applications
        built = applications.get(name, **kwargs)
        if callable(built) and not hasattr(built, "count_params"):
            built = built(**kwargs)
        _models.OBJECTS[key] = built
        return built

    @staticmethod
    def layer(class_name: str, input_shape=None, **kwargs):
        from calculator import keras
        cls = getattr(keras.layers, class_name, None)
        if cls is None:
            raise NameError(f"keras.layers has no {class_name!r}")
        lyr = cls(**kwargs)
        if input_shape is not None:
            if input_shape and all(isinstance(s, (tuple, list)) for s in input_shape):
                lyr([keras.Input(shape=tuple(s)) for s in input_shape])
            else:
                lyr(keras.Input(shape=tuple(input_shape)))
        return lyr

    def globals(self) -> dict:
        ns = {"model": self.model, "app": self.app, "layer": self.layer, "raw": raw,
              "__builtins__": __builtins__}
        for name, module in (("keras", "calculator.keras"), ("shapes", "calculator.shapes"),
                             ("derive", "calculator.derive"), ("stats", "calculator.stats"),
                             ("torch_equiv", "calculator.torch_equiv")):
            try:
                ns[name] = importlib.import_module(module)
            except ImportError:
                pass
        return ns


def evaluate(expr: str, namespace: Namespace) -> str:
    """Evaluate one figure; raises BuildError naming the page and the expression."""
    expr = " ".join(expr.strip().split())
    if not expr:
        raise _models.BuildError(f"{namespace.page}: empty {{{{calc: }}}} figure")
    try:
        value = eval(compile(expr, f"<calc in {namespace.page}>", "eval"), namespace.globals())  # noqa: S307
    except Exception as exc:  # noqa: BLE001
        raise _models.BuildError(
            f"{namespace.page}: figure {{{{calc: {expr} }}}} failed: {type(exc).__name__}: {exc}") from exc
    return format_value(value)


_DOLLAR = re.compile(r"(?<!\\)\$\$?")


def _in_math(text: str, pos: int) -> bool:
    """Inside ``$...$`` / ``$$...$$``: an odd number of math delimiters before ``pos``."""
    return len(_DOLLAR.findall(text, 0, pos)) % 2 == 1


def substitute(text: str, namespace: Namespace) -> str:
    """Replace every figure in ``text`` (prose: the caller skips code). In math, thousands
    separators are written ``{,}`` so TeX does not space them like a list."""
    def one(m):
        try:
            value = evaluate(m.group("expr"), namespace)
        except _models.BuildError as exc:
            if os.environ.get("CONVDIMS_KEEP_GOING", "") in ("", "0"):
                raise
            logging.getLogger("mkdocs.site_glue").error(str(exc))
            return "⚠"
        if _in_math(text, m.start()):
            value = re.sub(r"(?<=\d),(?=\d{3})", "{,}", value)
        return value
    return FIGURE.sub(one, text)
