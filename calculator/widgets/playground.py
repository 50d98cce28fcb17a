"""The editable ``keras-model`` block: run the code, show what it prints.

The code runs with ``calculator.runner.run_script`` (``keras`` / ``tensorflow.keras`` imports
resolve to the calculator). The result area is what the script printed (summaries included)
in a ``<pre>``, its summaries as in a terminal ``width`` columns wide (an option of the
block; default ``summary_width.PAGE_COLUMNS``); on an error, the exception the way Keras
raises it — its type, the plain message and the line of the code — never a traceback.
"""

from __future__ import annotations

from . import Field, esc, result

LIVE = False
BUTTON = "Run"

FIELDS = [
    Field("code", "code", "code", "", help="Keras code; Ctrl+Enter runs it"),
]


def render(values: dict) -> dict:
    from .. import api, summary_width
    code = values.get("code", "")
    style = (values.get("style") or "keras3").strip().lower() or "keras3"
    if not code.strip():
        return result(False, '<p class="cd-note">Type some Keras code, then press Run.</p>',
                      {"code": "there is no code to run"})
    width = (values.get("width") or "").strip() or summary_width.PAGE_COLUMNS
    resp = api.handle({"op": "run", "code": code, "style": style, "width": width})
    stdout = resp.get("stdout") or ""
    out = (f'<pre class="cd-playground__output"><code>{esc(stdout.rstrip())}</code></pre>'
           if stdout.strip() else "")
    if str(values.get("table", "")).strip().lower() in ("true", "1", "yes", "on"):
        out += layers_table(resp.get("models") or [])
    if resp.get("ok"):
        if not out:
            out = ('<p class="cd-note">The code ran and printed nothing. Add '
                   '<code>model.summary()</code> to see the layers.</p>')
        return result(True, f'<div class="cd-playground__result">{out}</div>')
    err = resp.get("error") or {}
    etype = err.get("type") or "Error"
    message = err.get("message") or ""
    line = err.get("line")
    where = f" on line {line}" if isinstance(line, int) else ""
    note = (f'<div class="cd-note cd-note--error cd-playground__error" role="status">'
            f'<p class="cd-note__title">{esc(etype)}{esc(where)}</p>'
            f'<pre><code>{esc(etype)}: {esc(message)}</code></pre></div>')
    field_msg = (f"line {line}: " if isinstance(line, int) else "") + f"{etype}: {message}"
    return result(False, f'<div class="cd-playground__result">{out}{note}</div>',
                  {"code": field_msg})


def layers_table(models) -> str:
    """Per-layer table of every model the code built: shape, params, MACs, output bytes."""
    from . import fmt_int
    html = []
    for m in models:
        rows = "".join(
            f'<tr><td><code>{esc(r["name"])}</code> ({esc(r["class_name"])})</td>'
            f'<td><code>{esc(r["output_shape_text"])}</code></td><td>{fmt_int(r["params"])}</td>'
            f'<td>{fmt_int(r["macs"])}</td><td>{fmt_int(r["activation_bytes"])}</td></tr>'
            for r in m.get("layers", []))
        html.append('<table class="cd-layer-table"><thead><tr><th>Layer (type)</th>'
                    '<th>Output shape</th><th>Param #</th><th>MACs</th>'
                    f'<th>Activation bytes</th></tr></thead><tbody>{rows}</tbody></table>')
    return "".join(html)


__all__ = ["FIELDS", "LIVE", "BUTTON", "render", "layers_table"]
