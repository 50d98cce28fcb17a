"""The mini-project self-check: does the learner's model meet the project's targets?

The page fixes the targets as options: ``input_shape`` (what the model must accept),
``target_output`` (the output shape, e.g. ``None, 5``), ``max_params`` (the budget) and
``min_conv_layers``. The learner edits the Keras code (it starts from the project's starter
model); each check passes or says by how much it misses, with the numbers the calculator
computes from the model, and the summary Keras prints for it.
"""

from __future__ import annotations

from . import Field, code_html, error_note, esc, fmt_int, result

LIVE = False
BUTTON = "Check my model"
TITLE = "Mini-project self-check"

FIELDS = [Field("code", "your model (Keras code)", "code", "",
                help="edit the model, then check it (Ctrl+Enter)")]

_CONV = ("Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D",
         "DepthwiseConv1D", "DepthwiseConv2D")


def _shape(text):
    from .. import parse

    if text in (None, ""):
        return None
    parts = [p.strip() for p in str(text).strip("()[] ").split(",") if p.strip()]
    return tuple(None if p.lower() == "none" else parse.parse_int(p, "target_output", minimum=1) for p in parts)


def _fmt(shape) -> str:
    return "(" + ", ".join(str(v) for v in shape) + ("," if len(shape) == 1 else "") + ")"


def _line(ok: bool, text: str) -> str:
    mark = "✓" if ok else "✗"
    cls = "cd-check--pass" if ok else "cd-check--fail"
    return f'<li class="{cls}"><span aria-hidden="true">{mark}</span> <span class="cd-visually-hidden">{"passed" if ok else "not yet"}:</span> {esc(text)}</li>'


def render(values: dict) -> dict:
    from ..runner import run_script

    # The page fills the code field with the starter model; an emptied field is the
    # learner's, so say so rather than silently checking the starter again.
    code = (values.get("code") or "").strip()
    if not code:
        msg = "the code is empty: write or paste a Keras model here (assign it to model)"
        return result(False, error_note("Write a model first, then check it.", "Nothing to check yet"),
                      {"code": msg})
    try:
        run = run_script(code + "\n", filename="<your model>")
        model = run.namespace.get("model")
        if not hasattr(model, "layers"):
            model = run.models[-1] if run.models else None
        if model is None:
            raise ValueError("the code builds no model: assign it to a variable called model")
    except Exception as e:  # noqa: BLE001 - the learner's error, as Keras would raise it
        line = getattr(e, "lineno", None) or getattr(e, "line", None)
        where = f" (line {line})" if line else ""
        msg = f"{type(e).__name__}{where}: {e}"
        return result(False, error_note(msg, "Keras would not build this model"), {"code": msg})
    checks = []
    want_in = _shape(values.get("input_shape"))
    got_in = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
    if want_in:
        checks.append(_line(got_in == tuple(want_in),
                            f"input shape {_fmt((None,) + tuple(got_in or ()))}; the project asks for "
                            f"{_fmt((None,) + tuple(want_in))}"))
    want_out = _shape(values.get("target_output"))
    got_out = tuple(model.output_shape)
    if want_out:
        checks.append(_line(got_out == want_out, f"output shape {_fmt(got_out)}; the target is {_fmt(want_out)}"))
    total = model.count_params()
    if values.get("max_params"):
        budget = int(str(values["max_params"]).replace(",", "").replace("_", ""))
        verdict = (f"{fmt_int(budget - total)} under the budget" if total <= budget
                   else f"{fmt_int(total - budget)} over the budget")
        checks.append(_line(total <= budget, f"{fmt_int(total)} parameters, {verdict} of {fmt_int(budget)}"))
    if values.get("min_conv_layers"):
        need = int(values["min_conv_layers"])
        convs = sum(1 for layer in model.layers if type(layer).__name__ in _CONV)
        checks.append(_line(convs >= need, f"{convs} convolutional layer(s); at least {need} wanted"))
    passed = all("cd-check--pass" in c for c in checks)
    verdict = ("All targets met — well done." if passed else "Not there yet: adjust the model and check again.")
    summary = run.stdout.strip()
    html = (f'<div class="cd-result"><p class="cd-result__shape" data-result="verdict">'
            f'<strong>{esc(verdict)}</strong></p><ul class="cd-checks">{"".join(checks)}</ul>'
            + (f"<details><summary>What model.summary() prints</summary>{code_html(summary, 'text')}</details>"
               if summary else "") + "</div>")
    return result(True, html)
