"""Widget forms from a widget module's ``FIELDS`` (DEVELOPING contract 4).

Every control is labelled (``<label for>``, or a ``<fieldset>``/``<legend>`` for radio groups),
and every field has an error slot ``<p class="cd-field-error" data-error-for=NAME id=...-err>``
that the control's ``aria-describedby`` points to.
"""

from __future__ import annotations

import json
import re
from html import escape


def attr(value) -> str:
    return escape(str(value), quote=True)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "x"


def _f(field, name, default=None):
    if isinstance(field, dict):
        return field.get(name, default)
    return getattr(field, name, default)


def _choices(options):
    """Field options as ``[(value, label)]``; accepts strings, pairs and dicts."""
    out = []
    if isinstance(options, dict):
        options = options.get("choices") or options.get("options") or []
    for opt in options or []:
        if isinstance(opt, (tuple, list)) and len(opt) == 2:
            out.append((str(opt[0]), str(opt[1])))
        elif isinstance(opt, dict):
            v = opt.get("value", opt.get("label", ""))
            out.append((str(v), str(opt.get("label", v))))
        else:
            out.append((str(opt), str(opt)))
    return out


def _limits(options) -> str:
    if not isinstance(options, dict):
        return ""
    return "".join(f' {k}="{attr(options[k])}"' for k in ("min", "max", "step") if options.get(k) is not None)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_field(field, value, base_id: str) -> str:
    name = str(_f(field, "name"))
    label = str(_f(field, "label") or name)
    kind = str(_f(field, "kind") or "text")
    options = _f(field, "options")
    help_text = _f(field, "help") or ""
    fid = f"{base_id}-{slug(name)}"
    err_id = f"{fid}-err"
    help_id = f"{fid}-help"
    described = f"{help_id} {err_id}" if help_text else err_id
    url = ' data-url-param' if _f(field, "url_param") else ""
    common = f'name="{attr(name)}" aria-describedby="{described}"{url}'
    value = _text(value)
    cls = f"cd-field cd-field--{slug(kind)}"

    if kind == "radio":
        items = []
        for i, (v, text) in enumerate(_choices(options)):
            checked = " checked" if v == value else ""
            items.append(f'<label class="cd-choice" for="{fid}-{i}"><input type="radio" id="{fid}-{i}" '
                         f'value="{attr(v)}" {common}{checked}> <span>{escape(text)}</span></label>')
        control = (f'<fieldset class="{cls}" data-field="{attr(name)}"><legend>{escape(label)}</legend>'
                   + "".join(items))
        close = "</fieldset>"
    else:
        if kind == "select":
            opts = "".join(f'<option value="{attr(v)}"{" selected" if v == value else ""}>{escape(t)}</option>'
                           for v, t in _choices(options))
            widget = f'<select id="{fid}" {common}>{opts}</select>'
        elif kind in ("textarea", "code"):
            rows = max(3, value.count("\n") + 2)
            extra = (' wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off" class="cd-code-input"'
                     if kind == "code" else "")
            widget = f'<textarea id="{fid}" rows="{rows}" {common}{extra}>{escape(value)}</textarea>'
        elif kind == "checkbox":
            on = value.lower() in ("true", "1", "yes", "on")
            # No value attribute: the widget script sends "true" / "false" for a lone checkbox.
            widget = f'<input type="checkbox" id="{fid}" {common}{" checked" if on else ""}>'
        elif kind in ("number", "range"):
            widget = f'<input type="{kind}" id="{fid}" value="{attr(value)}"{_limits(options)} inputmode="numeric" {common}>'
        else:
            widget = (f'<input type="text" id="{fid}" value="{attr(value)}" spellcheck="false" '
                      f'autocomplete="off" {common}>')
        if kind == "checkbox":
            control = f'<div class="{cls}" data-field="{attr(name)}">{widget} <label for="{fid}">{escape(label)}</label>'
        else:
            control = f'<div class="{cls}" data-field="{attr(name)}"><label for="{fid}">{escape(label)}</label>{widget}'
        close = "</div>"
    help_html = f'<p class="cd-field-help" id="{help_id}">{escape(help_text)}</p>' if help_text else ""
    error = f'<p class="cd-field-error" data-error-for="{attr(name)}" id="{err_id}" aria-live="polite"></p>'
    return control + help_html + error + close


def widget_html(name: str, fields, values: dict, options: dict, output_html: str, base_id: str,
                live: bool = True, button: str | None = None, extra_class: str = "",
                before_form: str = "", label: str | None = None) -> str:
    """The contract-4 markup: a ``.cd-widget`` with its form and prerendered output."""
    parts = [render_field(f, values.get(str(_f(f, "name")), _f(f, "default")), base_id) for f in fields]
    if button or not live:
        parts.append(f'<div class="cd-widget__actions"><button type="submit" class="md-button md-button--primary '
                     f'cd-widget__run" data-widget-run data-runtime-only>{escape(button or "Run")}</button></div>')
    opts = attr(json.dumps(options, sort_keys=True, separators=(",", ":")))
    aria = f' aria-label="{attr(label)}"' if label else ""
    cls = f"cd-widget {extra_class}".strip()
    return (
        f'<div class="{cls}" id="{base_id}" data-widget="{attr(name)}" '
        f'data-options="{opts}" data-live="{"true" if live else "false"}">'
        f'{before_form}'
        f'<form class="cd-widget__form" autocomplete="off"{aria}>{"".join(parts)}</form>'
        f'<div class="cd-widget__output" data-widget-output aria-live="polite">{output_html}</div>'
        f"</div>"
    )
