"""Any network of the architecture explorer, drawn from its graph
(:mod:`calculator.diagram`): pick a model, scroll through its layers and the shapes on every
arrow. Kept apart from the explorer because a large graph (DenseNet121: 429 boxes) is
hundreds of kilobytes of SVG that the explorer's table should not wait for.
"""

from __future__ import annotations

import functools

from . import Field, error_note, result
from .architectures import _NAMES

LIVE = True
TITLE = "Architecture diagram"

FIELDS = [Field("model", "model", "select", "resnet50", options=_NAMES,
                help="every box is a layer with its parameter count; every arrow carries its shape")]


@functools.lru_cache(maxsize=4)
def _html(name: str) -> str:
    from .. import applications
    from .diagram import diagram_html

    title = f"Diagram of {applications.CATALOG.get(name, {}).get('title', name)}"
    return f'<div class="cd-result cd-diagram__wrap">{diagram_html(applications.get(name), title)}</div>'


def render(values: dict) -> dict:
    from .. import parse

    try:
        name = parse.parse_choice(values.get("model", "resnet50"), "model", _NAMES)
    except ValueError as e:
        return result(False, error_note(str(e)), {"model": str(e)})
    return result(True, _html(name))


__all__ = ["FIELDS", "LIVE", "render"]
