"""The custom fences of DEVELOPING contract 3, as pymdownx.superfences formatters.

- ```` ```keras-model id=... file=... style=keras2 table=true run=false error=true width=80 ````
  runs the code natively (``calculator.runner``), shows it (highlighted, copyable) and the
  summary it prints (as in a terminal ``width`` columns wide; default
  ``calculator.summary_width.PAGE_COLUMNS``, where Keras prints its default table widths);
  wrapped as the ``playground`` widget so the runtime makes it editable.
- ```` ```widget NAME ```` with ``key: value`` lines: the widget's form from its ``FIELDS``
  (the lines set defaults; keys that are not fields become fixed options) and its output
  prerendered with ``render(values)``.
- ```` ```quiz ```` delegates to ``calculator.quiz.render_fence(source, page=..., index=...)``.

The formatters read the page being rendered from :data:`PAGE` (set by the hook).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from pymdownx.superfences import SuperFencesException

from . import forms, models

log = logging.getLogger("mkdocs.site_glue")

KERAS_MODEL_OPTIONS = {"id", "file", "style", "table", "run", "error", "title", "width"}
TRUE = {"true", "yes", "1", "on"}


@dataclass
class PageState:
    """What the fences and figures know about the page being rendered."""
    src_uri: str = "?"
    docs_dir: Path = Path("docs")
    models: dict = field(default_factory=dict)   # id -> (code, style)
    counter: int = 0

    def next_id(self, kind: str, name: str = "") -> str:
        self.counter += 1
        base = f"cd-{kind}-{forms.slug(name)}" if name else f"cd-{kind}"
        return f"{base}-{self.counter}"


PAGE = PageState()


class FenceError(PluginError, SuperFencesException):
    """Fails the build. (superfences swallows any other exception from a formatter and
    silently shows the fence as text; a SuperFencesException is re-raised.)"""


def fail(message: str) -> FenceError:
    return FenceError(f"{PAGE.src_uri}: {message}")


def keep_going() -> bool:
    """``CONVDIMS_KEEP_GOING=1``: report every failing fence and figure of the build (as
    errors, so a strict build still fails) instead of stopping at the first one."""
    return os.environ.get("CONVDIMS_KEEP_GOING", "") not in ("", "0")


def error_box(message: str) -> str:
    return (f'<div class="admonition failure"><p class="admonition-title">Build error</p>'
            f"<p>{escape(message)}</p></div>")


def _guard(formatter):
    def wrapped(src, language, class_name, options, md, **kwargs):
        try:
            return formatter(src, language, class_name, options, md, **kwargs)
        except Exception as exc:  # noqa: BLE001
            err = exc if isinstance(exc, FenceError) else fail(f"{language} fence: {type(exc).__name__}: {exc}")
            if keep_going():
                log.error(str(err))
                return error_box(str(err))
            raise err from exc
    wrapped.__name__ = formatter.__name__
    return wrapped


def _flag(options: dict, key: str, default: bool = False) -> bool:
    v = options.get(key)
    if v is None:
        return default
    return str(v).strip().lower() in TRUE


# ------------------------------------------------------------------ keras-model

def keras_model_validator(language, inputs, options, attrs, md):
    unknown = sorted(set(inputs) - KERAS_MODEL_OPTIONS)
    if unknown:
        options["_unknown"] = ",".join(unknown)
    options.update({k: v for k, v in inputs.items() if k in KERAS_MODEL_OPTIONS})
    return True


def model_source(options: dict, body: str, docs_dir: Path) -> tuple[str, str | None]:
    """(code, id) of a keras-model fence: ``file=`` names docs/models/<file>, whose stem is the id."""
    if options.get("file"):
        try:
            code = models.read_model_file(docs_dir, options["file"])
        except models.BuildError as exc:
            raise fail(str(exc)) from None
        return code, options.get("id") or Path(options["file"]).stem
    return body, options.get("id")


def _highlight(md, code: str, language: str = "python") -> str:
    fenced = md.preprocessors["fenced_code_block"]
    try:
        return fenced.highlight(src=code, language=language, options={}, md=md, classes=None,
                                id_value="", attrs={})
    except Exception:  # noqa: BLE001 - plain code is always fine
        return f'<div class="highlight"><pre><code>{escape(code)}</code></pre></div>'


def _playground_module():
    try:
        return importlib.import_module("calculator.widgets.playground")
    except ImportError:
        return None


def _summary_html(run: models.Run) -> str:
    out = f'<pre class="cd-summary"><code>{escape(run.stdout.rstrip())}</code></pre>' if run.stdout.strip() else ""
    if run.error:
        out += (f'<div class="admonition failure cd-model-error"><p class="admonition-title">'
                f'{escape(run.error["type"])}</p><p>{escape(run.error["message"])}</p></div>')
    return out


def _layers_table(code: str, style: str) -> str:
    """The per-layer table (shape, params, MACs, memory) from the calculator's ``run`` op."""
    from calculator import api
    res = api.handle({"op": "run", "code": code, "style": style})
    if not res.get("ok"):
        raise fail(f"keras-model table: {res.get('error', {}).get('message')}")
    html = []
    for m in res.get("models", []):
        rows = []
        for lyr in m.get("layers", []):
            def num(key):
                v = lyr.get(key)
                return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else escape(str(v if v is not None else "unknown"))
            mem = lyr.get("activation_bytes", lyr.get("memory"))
            rows.append(
                f"<tr><td><code>{escape(str(lyr.get('name', '')))}</code> ({escape(str(lyr.get('class_name', '')))})</td>"
                f"<td><code>{escape(str(lyr.get('output_shape_text', '')))}</code></td>"
                f"<td>{num('params')}</td><td>{num('macs')}</td>"
                f"<td>{f'{mem:,}' if isinstance(mem, int) else escape(str(mem if mem is not None else 'unknown'))}</td></tr>")
        html.append(
            '<table class="cd-layer-table"><thead><tr><th>Layer (type)</th><th>Output shape</th>'
            '<th>Param #</th><th>MACs</th><th>Activation bytes</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")
    return "".join(html)


def _width_option(options) -> int:
    from calculator import summary_width
    if options.get("width") is None:
        return summary_width.PAGE_COLUMNS
    try:
        return summary_width.parse_columns(options["width"])
    except ValueError as e:
        raise fail(f"keras-model fence: {e}") from None


def keras_model_format(src, language, class_name, options, md, **kwargs):
    options = dict(options or {})
    if options.get("_unknown"):
        raise fail(f"keras-model fence: unknown option(s) {options['_unknown']} "
                   f"(known: {', '.join(sorted(KERAS_MODEL_OPTIONS))})")
    code, model_id = model_source(options, src, PAGE.docs_dir)
    style = options.get("style") or "keras3"
    if style not in ("keras3", "keras2"):
        raise fail(f'keras-model fence: style="{style}" (use keras3 or keras2)')
    width = _width_option(options)
    code_html = _highlight(md, code)
    if not _flag(options, "run", True):
        return f'<div class="cd-model cd-model--static">{code_html}</div>'

    run = models.run(code, style, width)
    label = f'keras-model{f" {model_id!r}" if model_id else ""}'
    expect_error = _flag(options, "error")
    if run.error and not expect_error:
        raise fail(f"{label} raised {models.describe_error(run.error)} "
                   f'(add error="true" to the fence if the lesson shows this error on purpose)')
    if expect_error and not run.error:
        raise fail(f'{label} has error="true" but runs without an error')
    if model_id:
        PAGE.models.setdefault(model_id, (code, style))

    table = _flag(options, "table")
    values = {"code": code, "style": style, "table": "true" if table else "false"}
    widget_options = {"style": style, "table": table, "width": width}
    if model_id:
        widget_options["id"] = model_id

    module = _playground_module()
    output = None
    fields = None
    live, button = False, "Run"
    if module is not None:
        fields = list(getattr(module, "FIELDS", []) or [])
        live = bool(getattr(module, "LIVE", False))
        button = getattr(module, "BUTTON", "Run")
        try:
            result = module.render({**{k: str(v) for k, v in widget_options.items()}, **values})
            if isinstance(result, dict) and isinstance(result.get("html"), str) and result.get("html"):
                output = result["html"]
        except Exception:  # noqa: BLE001 - fall back to the build-time summary below
            output = None
    if output is None:  # no playground module: the build-time summary (and table) alone
        output = _summary_html(run)
        if table:
            output += _layers_table(code, style)
    if not fields:
        fields = [{"name": "code", "label": "Keras code", "kind": "code", "default": code}]
    # The code field: the highlighted block (copyable, readable without JavaScript) and the
    # editor that the runtime shows once the widget is hydrated.
    base_id = PAGE.next_id("model", model_id or "")
    view = f'<div class="cd-playground__view" data-code-view>{code_html}</div>'
    return forms.widget_html(
        "playground", fields, values, widget_options, output, base_id, live=live, button=button,
        extra_class="cd-playground", before_form=view,
        label=f"Keras code{f' of {model_id}' if model_id else ''}",
    )


# ------------------------------------------------------------------ widget

def widget_validator(language, inputs, options, attrs, md):
    options.update(inputs)
    return True


def parse_body(body: str) -> dict[str, str]:
    """``key: value`` lines (blank lines and ``#`` comments ignored)."""
    out = {}
    for n, line in enumerate(body.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        key, sep, value = s.partition(":")
        if not sep or not key.strip():
            raise fail(f"widget fence line {n}: expected `key: value`, got {line!r}")
        out[key.strip()] = value.strip()
    return out


def _widget_module(name: str):
    try:
        registry = importlib.import_module("calculator.widgets")
    except ImportError as exc:
        raise fail(f"widget {name!r}: calculator.widgets is not importable ({exc})") from None
    getter = getattr(registry, "get", None)
    if callable(getter):
        try:
            mod = getter(name)
            if mod is not None:
                return mod
        except Exception:  # noqa: BLE001
            pass
    try:
        return importlib.import_module(f"calculator.widgets.{name.replace('-', '_')}")
    except ImportError as exc:
        raise fail(f"unknown widget {name!r} (no calculator.widgets.{name.replace('-', '_')}: {exc})") from None


def widget_format(src, language, class_name, options, md, **kwargs):
    name = (options or {}).get("name")
    if not name:
        raise fail("widget fence without a name (```widget conv2d)")
    module = _widget_module(name)
    fields = list(getattr(module, "FIELDS", []) or [])
    names = {str(forms._f(f, "name")) for f in fields}
    body = parse_body(src)
    values = {n: forms._text(forms._f(f, "default")) for f in fields for n in [str(forms._f(f, "name"))]}
    values.update({k: v for k, v in body.items() if k in names})
    fixed = {k: v for k, v in body.items() if k not in names}
    # A model named by id travels with its code: the browser has no docs/models/.
    if "model" in fixed and "model" not in names:
        mid = fixed["model"]
        if mid in PAGE.models:
            fixed["model_code"] = PAGE.models[mid][0]
        elif models.shared_model_path(PAGE.docs_dir, mid).is_file():
            fixed["model_code"] = models.shared_model_path(PAGE.docs_dir, mid).read_text(encoding="utf-8")
        else:
            raise fail(f"widget {name!r}: model {mid!r} is neither a keras-model id on this page "
                       f"nor docs/models/{mid}.py")
        # A code field starts from the named model's code (mini projects edit a starter model).
        if "code" in names and not values.get("code", "").strip():
            values["code"] = fixed["model_code"]
    try:
        render_all = getattr(importlib.import_module("calculator.widgets"), "render", None)
        if callable(render_all):
            result = render_all(name, values, fixed)
        else:
            result = module.render({**fixed, **values})
    except Exception as exc:  # noqa: BLE001 - render must never raise; if it does, say where
        raise fail(f"widget {name!r} render raised {type(exc).__name__}: {exc}") from None
    if not isinstance(result, dict) or not result.get("ok", False):
        errs = result.get("errors") if isinstance(result, dict) else result
        raise fail(f"widget {name!r} with defaults {values} does not render: {errs}")
    live = bool(getattr(module, "LIVE", True))
    button = getattr(module, "BUTTON", None)
    return forms.widget_html(name, fields, values, fixed, result.get("html", ""),
                             PAGE.next_id("widget", name), live=live, button=button,
                             label=getattr(module, "TITLE", None) or f"{name} calculator")


# ------------------------------------------------------------------ quiz

def quiz_validator(language, inputs, options, attrs, md):
    options.update(inputs)
    return True


def quiz_format(src, language, class_name, options, md, **kwargs):
    try:
        quiz = importlib.import_module("calculator.quiz")
    except ImportError as exc:
        raise fail(f"quiz fence: calculator.quiz is not importable ({exc})") from None
    render = getattr(quiz, "render_fence", None)
    if not callable(render):
        raise fail("quiz fence: calculator.quiz.render_fence(source, page=..., index=..., options=...) "
                   "does not exist yet")
    PAGE.counter += 1

    def load_model(name: str) -> str:
        """The code of a model: a keras-model id on this page, else docs/models/<name>(.py)."""
        stem = name[:-3] if name.endswith(".py") else name
        if stem in PAGE.models:
            return PAGE.models[stem][0]
        return models.read_model_file(PAGE.docs_dir, name)

    try:
        html = render(src, page=PAGE.src_uri, index=PAGE.counter, options=dict(options or {}),
                      load_model=load_model)
    except Exception as exc:  # noqa: BLE001
        raise fail(f"quiz fence #{PAGE.counter}: {type(exc).__name__}: {exc}") from None
    return html


def custom_fences() -> list[dict]:
    return [
        {"name": "keras-model", "class": "cd-model", "format": _guard(keras_model_format),
         "validator": keras_model_validator},
        {"name": "widget", "class": "cd-widget", "format": _guard(widget_format),
         "validator": widget_validator},
        {"name": "quiz", "class": "cd-quiz", "format": _guard(quiz_format), "validator": quiz_validator},
    ]
