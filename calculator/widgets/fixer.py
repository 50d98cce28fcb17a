"""The shape-error fixer: paste PyTorch or Keras code, or just the error message, and get the
failing layer, the rule it broke and the value that would fit (:mod:`calculator.fixer`).

Code is run by the calculator (no TensorFlow or PyTorch needed; in the page, in the separate
sandbox that runs learners' code, since the field is called ``code``); its error, the line
that raised it and the diagnosis are shown. Text that is not Python is read as an error
message.
"""

from __future__ import annotations

from . import Field, code_html, error_note, esc, result

LIVE = False
BUTTON = "Find the fix"
TITLE = "Shape-error fixer"

FIELDS = [Field("code", "your code, or the error message", "code",
                "import torch\nimport torch.nn as nn\n\nmodel = nn.Sequential(\n"
                "    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),\n"
                "    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),\n"
                "    nn.Flatten(), nn.Linear(64 * 7 * 7, 10))\n"
                "print(model(torch.randn(1, 1, 28, 28)).shape)\n",
                help="a whole script, or its error: the traceback, or just its last line (RuntimeError: … / ValueError: …)")]

MAX_CHARS = 20_000


def _diagnosis(d) -> str:
    where = d.get("where")
    at = (f'<p>It fails on line {where["line"]}, in <code>{esc(where["function"])}</code>'
          + (f': <code>{esc(where["code"])}</code>' if where["code"] else "") + "</p>") if where else ""
    return (f'<p class="cd-result__shape"><strong>{esc(d["layer"])}</strong>: '
            f'{esc(d["rule"])}</p>{at}<p><strong>Fix:</strong> {esc(d["fix"])}</p>')


def render(values: dict) -> dict:
    from .. import fixer

    text = str(values.get("code", ""))
    if not text.strip():
        return result(False, error_note("Paste your code or the error message first."),
                      {"code": "paste your code or the error message"})
    if len(text) > MAX_CHARS:
        msg = f"That is {len(text):,} characters; the fixer reads at most {MAX_CHARS:,}."
        return result(False, error_note(msg), {"code": msg})
    try:
        compile(text, "<code>", "exec")
        is_code = True
    except (SyntaxError, ValueError):
        is_code = False
    if not is_code:
        d = fixer.explain(text)
        if d is None:
            return result(True, '<div class="cd-result"><p>This message is not a shape error the '
                                "fixer knows. Paste the last line of the error (it starts with "
                                "<code>RuntimeError:</code> or <code>ValueError:</code>), or the "
                                "code itself.</p></div>")
        return result(True, f'<div class="cd-result">{_diagnosis(d)}</div>')
    from ..runner import run_script

    try:
        run = run_script(text, filename="<code>")
    except Exception as e:  # noqa: BLE001 - the learner's error is the result
        from ..api import error_data

        line = getattr(e, "line", None)
        reported = error_data(e)["message"]  # with the PyTorch mirror's fix line, if any
        first, _, rest = reported.partition("\n")
        where = f" on line {line}" if line else ""
        head = (f'<p class="cd-result__shape">Your code stops{where} with '
                f"<code>{esc(type(e).__name__)}: {esc(first)}</code></p>")
        extra = f"<p>{esc(rest.strip())}</p>" if rest.strip() else ""
        d = fixer.explain(reported)
        body = _diagnosis(d) if d else ""
        if d and rest.strip():  # the library's own fix line (the PyTorch mirror's) names the layer
            body = f'<p class="cd-result__shape"><strong>{esc(d["layer"])}</strong>: {esc(d["rule"])}</p>'

        return result(True, f'<div class="cd-result">{head}{extra}{body}</div>')
    printed = code_html(run.stdout.rstrip(), "text") if run.stdout.strip() else ""
    return result(True, '<div class="cd-result"><p class="cd-result__shape">This code runs: every '
                        f"shape fits.</p>{printed}</div>")


__all__ = ["FIELDS", "LIVE", "BUTTON", "render"]
