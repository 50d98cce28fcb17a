"""An architecture diagram drawn from the model the page's Keras code builds (option
``model_code``, set by ``model: <id>`` in the fence): one box per layer call with its class and
parameters, one arrow per tensor with the tensor's shape on it (:mod:`calculator.diagram`).
The same picture in words follows in a disclosure, for screen readers and for copying.
"""

from __future__ import annotations

from . import error_note, esc, result

LIVE = True
TITLE = "Architecture diagram"

FIELDS: list = []  # the picture follows the page's model; nothing to set


def diagram_html(model, title: str) -> str:
    """The SVG in a keyboard-scrollable box, then the text outline in a ``<details>``."""
    from .. import diagram

    outline = "".join(f"<li>{esc(line)}</li>" for line in diagram.text_outline(model))
    return (f'<div class="cd-diagram__scroll" tabindex="0" role="region" '
            f'aria-label="{esc(title)} (scrolls)">{diagram.svg(model, title)}</div>'
            f'<details class="cd-diagram__outline"><summary>The diagram in words</summary>'
            f'<ol>{outline}</ol></details>')


def render(values: dict) -> dict:
    from ._models import model_from_code

    code = (values.get("model_code") or "").strip()
    if not code:
        return result(False, error_note("There is no model to draw: give Keras code."),
                      {"model_code": "no code"})
    try:
        model = model_from_code(code)
        title = values.get("title") or f"Diagram of {model.name}"
        html = diagram_html(model, title)
    except Exception as e:  # noqa: BLE001 - shown as a note, never a traceback
        msg = f"{type(e).__name__}: {e}"
        return result(False, error_note(msg, "This code cannot be drawn"), {"model_code": msg})
    return result(True, f'<div class="cd-result cd-diagram__wrap">{html}</div>')


__all__ = ["FIELDS", "LIVE", "render", "diagram_html"]
