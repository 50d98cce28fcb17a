"""Page widgets (contract 4): Python decides *and* renders, JavaScript only carries.

A widget is one module ``calculator/widgets/<name>.py`` holding ``FIELDS`` (a list of
:class:`Field`), ``LIVE`` (re-render on every input) or ``BUTTON`` (``"Run"``,
``"Check answer"``), and ``render(values) -> {"ok", "html", "errors"}`` where ``values`` are
the raw form strings. ``render`` never raises. This package holds the registry (widget name
-> module) and the helpers every widget shares: HTML escaping, math in the form
``pymdownx.arithmatex`` (generic mode) writes, derivations as HTML, calm error notes.

    >>> sorted(fields("conv2d"))[:3]
    ['data_format', 'dilation_rate', 'filters']
    >>> render("conv2d", {})["ok"]
    True
"""

from __future__ import annotations

import math


__all__ = ["Field", "REGISTRY", "register", "get", "render", "fields", "spec",
           "esc", "math_inline", "math_block", "derivation_html", "error_note", "code_html",
           "result", "field_errors", "fmt_int", "human_bytes", "scrolling_figure", "LABEL_PX", "MATH_INLINE", "MATH_BLOCK"]

# Widget name (as written after ```widget) -> module. Modules owned by other engineers are
# listed so the page can ask for them; a missing one renders a calm "not available" note.
REGISTRY = {
    "conv2d": "calculator.widgets.conv2d",
    "padding": "calculator.widgets.padding",
    "solver": "calculator.widgets.solver",
    "playground": "calculator.widgets.playground",
    "keras-model": "calculator.widgets.playground",
    "conv-grid": "calculator.widgets.conv_grid",
    "pooling": "calculator.widgets.pooling",
    "volumes": "calculator.widgets.volumes",
    "architectures": "calculator.widgets.architectures",
    "receptive-field": "calculator.widgets.receptive_field",
    "transfer": "calculator.widgets.transfer",
    "project-check": "calculator.widgets.project_check",
    "diagram": "calculator.widgets.diagram",
    "architecture-diagram": "calculator.widgets.app_diagram",
    "image-filter": "calculator.widgets.image_filter",
    "feature-maps": "calculator.widgets.feature_maps",
    "augment": "calculator.widgets.augment",
    "conv-watch": "calculator.widgets.conv_watch",
    "predict": "calculator.widgets.predict",
    "fixer": "calculator.widgets.fixer",
}

# Stated bounds of the page's forms, so no figure, table or page grows with the numbers: an
# image side, a window (kernel, stride, dilation, pool), a channel or unit count. A widget
# lists its bounded fields in ``LIMITS = {field: maximum}``; every value's length is bounded
# too (code and text areas get more room).
MAX_SIDE = 1_000_000_000
MAX_WINDOW = 1_000
MAX_CHANNELS = 100_000
MAX_TEXT = 2_000
MAX_CODE = 100_000

KINDS = ("number", "text", "textarea", "code", "select", "radio", "checkbox", "range")

# pymdownx.arithmatex "generic" output, so build-time Markdown math and widget math are
# found and rendered by the same page script.
MATH_INLINE = ('<span class="arithmatex">\\(', '\\)</span>')
MATH_BLOCK = ('<div class="arithmatex">\\[', '\\]</div>')


class Field:
    """One form control. ``label`` is the Keras argument's name when it sets one.

    ``Field(name, label, kind, default="", options=None, help="", url_param=False, **extra)``
    (a plain class rather than a dataclass: importing ``dataclasses`` costs milliseconds).
    """

    __slots__ = ("name", "label", "kind", "default", "options", "help", "url_param", "extra")

    def __init__(self, name, label, kind, default="", options=None, help="", url_param=False,
                 **extra):
        if kind not in KINDS:
            raise ValueError(f"Field kind must be one of {KINDS}, not {kind!r}")
        if kind in ("select", "radio") and not options:
            raise ValueError(f"a {kind} field needs options")
        self.name, self.label, self.kind, self.default = name, label, kind, default
        self.options, self.help, self.url_param, self.extra = options, help, url_param, extra

    def __repr__(self):
        return f"Field({self.name!r}, {self.label!r}, {self.kind!r}, {self.default!r})"

    def __eq__(self, other):
        return isinstance(other, Field) and self.to_dict() == other.to_dict()

    def to_dict(self) -> dict:
        d = {"name": self.name, "label": self.label, "kind": self.kind,
             "default": self.default, "options": self.options, "help": self.help,
             "url_param": self.url_param}
        d.update(self.extra)
        return d


def register(name: str, module: str) -> None:
    """Register a widget module under ``name``."""
    REGISTRY[name] = module


def get(name: str):
    """The widget module for ``name`` (ImportError / KeyError when it is not there)."""
    if name not in REGISTRY:
        raise KeyError(name)
    import importlib
    return importlib.import_module(REGISTRY[name])


def spec(name: str) -> dict:
    """``{"name", "fields": [...], "live", "button"}`` for the build-time form."""
    mod = get(name)
    return {"name": name, "fields": [f.to_dict() for f in getattr(mod, "FIELDS", [])],
            "live": bool(getattr(mod, "LIVE", True)), "button": getattr(mod, "BUTTON", None)}


def fields(name: str) -> dict:
    """``{field name: Field}`` of a widget."""
    return {f.name: f for f in getattr(get(name), "FIELDS", [])}


def render(name: str, values: dict | None = None, options: dict | None = None) -> dict:
    """Render widget ``name``: the fields' defaults, then ``options`` (fixed by the page),
    then the user's ``values``. Never raises."""
    try:
        mod = get(name) if isinstance(name, str) else get(str(name))
    except KeyError:
        return result(False, error_note(f"There is no widget called '{name}'."),
                      {"widget": f"unknown widget {name!r}"})
    except ImportError:
        return result(False, error_note(f"The {name} widget is not available in this build."),
                      {"widget": f"widget {name!r} is not available"})
    merged = {f.name: f.default for f in getattr(mod, "FIELDS", [])}
    for src in (options, values):
        if not isinstance(src, dict):
            continue
        for k, v in src.items():
            merged[str(k)] = v if isinstance(v, str) else ("" if v is None else _to_str(v))
    canonical = url_values(mod, merged)
    merged.update(canonical)
    errors = bound_errors(mod, merged)
    if errors:
        f, m = next(iter(errors.items()))
        return result(False, error_note(m), errors)
    try:
        out = mod.render(merged)
    except BaseException as e:  # noqa: BLE001 - a widget bug (or a script's exit) must not break the page
        return result(False, error_note(f"Something went wrong: {type(e).__name__}: {e}"),
                      {"widget": str(e)})
    if not isinstance(out, dict):
        return result(False, error_note("The widget returned nothing."), {"widget": "no result"})
    out.setdefault("errors", {})
    out.setdefault("ok", not out["errors"])
    out.setdefault("html", "")
    if canonical:
        out["values"] = canonical
    return out


def url_values(mod, values: dict) -> dict:
    """``{field: option}`` for the ``url_param`` fields with options: what a person typed in
    the address (``?model=ResNet50``) matched to the option it means (``resnet50``), so the
    page can select it and rewrite the address. Values that match nothing are left to the
    widget, which says what it expects."""
    out = {}
    from ..parse import match_option
    for f in getattr(mod, "FIELDS", []):
        if f.url_param and f.options and f.name in values:
            opts = [o[0] if isinstance(o, (list, tuple)) else o for o in f.options]
            hit = match_option(values[f.name], opts)
            if hit is not None:
                out[f.name] = str(hit)
    return out


def bound_errors(mod, values: dict) -> dict:
    """``{field: message}`` for values beyond the widget's stated bounds (``LIMITS``, and
    :data:`MAX_TEXT` / :data:`MAX_CODE` characters), checked before the widget parses them."""
    from ..parse import check_maximum
    kinds = {f.name: f.kind for f in getattr(mod, "FIELDS", [])}
    errors = {}
    for name, v in values.items():
        short = kinds.get(name) not in (None, "code", "textarea")  # page options may hold code
        cap = MAX_TEXT if short else MAX_CODE
        if len(v) > cap:
            errors[name] = f"{name} is {len(v):,} characters long; at most {cap:,} here"
    for name, maximum in getattr(mod, "LIMITS", {}).items():
        if name in values and name not in errors:
            try:
                check_maximum(values[name], name, maximum)
            except ValueError as e:
                errors[name] = str(e)
    return errors


def _to_str(v, depth=0) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        if depth > 8:
            return "…"
        return ", ".join(_to_str(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return ""
    return str(v)


# ------------------------------------------------------------------ html helpers

def esc(text) -> str:
    """HTML-escape anything (quotes included), as ``html.escape`` does.

    Written out because importing :mod:`html` costs a noticeable fraction of a second on
    Pyodide's first request (it loads ``html.entities``).
    """
    return ("" if text is None else str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def math_inline(latex: str) -> str:
    """Inline math as arithmatex writes it: ``<span class="arithmatex">\\(…\\)</span>``."""
    return f"{MATH_INLINE[0]}{esc(latex)}{MATH_INLINE[1]}"


def math_block(latex: str) -> str:
    """Display math as arithmatex writes it: ``<div class="arithmatex">\\[…\\]</div>``."""
    return f"{MATH_BLOCK[0]}{esc(latex)}{MATH_BLOCK[1]}"


def derivation_html(derivation: dict, *, skip=("Result",)) -> str:
    """An ``<ol class="cd-derivation">``: per step its title, the math, the plain words."""
    items = []
    for st in derivation.get("steps", []):
        if st.get("title") in skip:
            continue
        parts = [f'<p class="cd-step__title">{esc(st["title"])}</p>']
        if st.get("latex"):
            parts.append(math_block(st["latex"]))
        if st.get("text"):
            parts.append(f'<p class="cd-step__text">{esc(st["text"])}</p>')
        items.append(f'<li class="cd-step">{"".join(parts)}</li>')
    return f'<ol class="cd-derivation">{"".join(items)}</ol>'


def error_note(message: str, title: str = "Not a valid configuration") -> str:
    """A calm note for the result area (the message also goes next to its field)."""
    return (f'<div class="cd-note cd-note--error" role="status"><p class="cd-note__title">'
            f'{esc(title)}</p><p>{esc(message)}</p></div>')


def code_html(code: str, lang: str = "python") -> str:
    """A ``<pre><code>`` block to copy."""
    return f'<pre class="cd-code"><code class="language-{esc(lang)}">{esc(code)}</code></pre>'


def result(ok: bool, html: str, errors: dict | None = None) -> dict:
    return {"ok": bool(ok), "html": html, "errors": dict(errors or {})}


def field_errors(exc: BaseException, default_field: str | None = None) -> dict:
    """``{field: message}`` for an exception (its ``.field``, else inferred)."""
    from ..api import infer_field
    msg = str(exc) or type(exc).__name__
    f = getattr(exc, "field", None) or infer_field(msg) or default_field or "form"
    return {f: msg}


LABEL_PX = 12  # the smallest size a figure's text may render at, in CSS pixels


def scrolling_figure(svg: str, view_width: float, label_units: float, grow: float = 1.0) -> str:
    """``svg`` in a box that scrolls sideways on narrow screens, never shrunk below the scale
    at which its smallest text (``label_units`` high in the viewBox) renders at ``LABEL_PX``;
    it may grow up to ``grow`` times that width to fill a wide page. ``svg`` must start with
    ``<svg`` and have a viewBox ``view_width`` wide."""
    least = math.ceil(view_width * max(LABEL_PX / label_units, 1.0))
    style = f' style="min-width:{least}px;max-width:{math.ceil(least * max(grow, 1.0))}px"'
    return f'<div class="cd-scroll">{svg[:4]}{style}{svg[4:]}</div>'


def fmt_int(n) -> str:
    """``1,234``; ``unknown`` for a count that needs a length the shape leaves open (``None``)."""
    if n is None:
        return "unknown"
    return f"{n:,}" if isinstance(n, int) else str(n)


def human_bytes(n: int) -> str:
    from ..stats import human_bytes as hb
    return hb(n)
