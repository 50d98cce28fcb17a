"""Receptive field and feature-map size, layer by layer through a network.

For each layer: its output shape, the window it applies (effective kernel ``F_eff`` and
stride ``S``), the jump ``j`` (how many input pixels one step on its output spans) and the
receptive field ``r`` (how many input pixels one output value sees), by the recurrence
``R_l = R_{l-1} + (F_eff − 1)·J_{l-1}`` and ``J_l = J_{l-1}·S_l`` (docs/notation.md) (:func:`calculator.stats.model_stats`).
"""

from __future__ import annotations

import functools

from . import Field, error_note, esc, math_block, result, scrolling_figure
from .architectures import _NAMES

LIVE = True
TITLE = "Receptive field through a network"
PAGE_MODEL = "page model"

FIELDS = [Field("network", "network", "select", PAGE_MODEL, options=[PAGE_MODEL] + _NAMES,
                help="the page's model, or a famous architecture")]


@functools.lru_cache(maxsize=16)
def _rows(name: str, code: str):
    from .. import applications, stats
    from ._models import model_from_code

    if name == PAGE_MODEL:
        model = model_from_code(code)
    else:
        model = applications.get(name)
    return tuple(model.inputs[0].shape), stats.model_stats(model)["layers"]


def _shape(shape) -> str:
    return "(" + ", ".join(str(v) for v in shape) + ")"


def _chart(rows, size) -> str:
    points = [(i, r["receptive_field"][0][0]) for i, r in enumerate(rows) if r["receptive_field"]]
    if not points:
        return ""
    top = max(max(v for _, v in points), size)
    w, h, pad = 560, 150, 30
    step = (w - 2 * pad) / max(len(rows) - 1, 1)
    xy = [(pad + i * step, h - pad - (h - 2 * pad) * v / top) for i, v in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    y_in = h - pad - (h - 2 * pad) * size / top
    return scrolling_figure(f'<svg class="cd-rf-chart" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg" '
            f'aria-label="Receptive field height grows from {points[0][1]} to {points[-1][1]} pixels; '
            f'the input is {size} pixels high">'
            f'<line class="cd-rf-chart__input" x1="{pad}" x2="{w - pad}" y1="{y_in:.1f}" y2="{y_in:.1f}"/>'
            f'<text class="cd-rf-chart__label" x="{w - pad}" y="{y_in - 4:.1f}" text-anchor="end">input height {size}</text>'
            f'<polyline class="cd-rf-chart__line" points="{line}"/>'
            f'<text class="cd-rf-chart__label" x="{pad}" y="{h - 8}">layer 1</text>'
            f'<text class="cd-rf-chart__label" x="{w - pad}" y="{h - 8}" text-anchor="end">layer {len(rows)}</text></svg>',
                            w, 10)  # .cd-rf-chart__label is 10 units high


def render(values: dict) -> dict:
    from .. import parse

    try:
        name = parse.parse_choice(values.get("network", PAGE_MODEL), "network", [PAGE_MODEL] + _NAMES)
    except ValueError as e:
        return result(False, error_note(str(e)), {"network": str(e)})
    code = values.get("model_code", "")
    if name == PAGE_MODEL and not code.strip():
        name = "vgg16"
    try:
        input_shape, rows = _rows(name, code if name == PAGE_MODEL else "")
    except Exception as e:  # noqa: BLE001 - a broken page model: say so calmly
        return result(False, error_note(f"{type(e).__name__}: {e}"), {"network": str(e)})
    size = input_shape[1] if len(input_shape) > 2 else 1
    body = []
    for r in rows:
        rf = r["receptive_field"]
        window = r.get("window")
        win = f"{window[0][0]}, {window[0][1]}" if window else "—"
        field = ("whole input" if rf is None else "×".join(str(a[0]) for a in rf))
        jump = "—" if rf is None else "×".join(str(a[1]) for a in rf)
        body.append(f'<tr><td>{esc(r["name"])} <span class="cd-rf__type">({esc(r["class_name"])})</span></td>'
                    f'<td><code>{esc(_shape(r["output_shape"]) if r["output_shape"] else "")}</code></td>'
                    f'<td class="cd-num">{esc(win)}</td><td class="cd-num">{esc(jump)}</td>'
                    f'<td class="cd-num"><strong>{esc(field)}</strong></td></tr>')
    last = next((r["receptive_field"] for r in reversed(rows) if r["receptive_field"]), None)
    summary = ("" if last is None else
               f'<p class="cd-result__shape">The last spatial layer sees <strong data-result="rf">'
               f'{esc("×".join(str(a[0]) for a in last))}</strong> input pixels per output value '
               f"(input {esc(_shape(input_shape))}).</p>")
    html = (f'<div class="cd-result">{summary}'
            + math_block(r"R_l = R_{l-1} + (F_{eff} - 1)\, J_{l-1} \qquad J_l = J_{l-1}\, S_l")
            + _chart(rows, size)
            + '<details class="cd-rf__table" open><summary>Layer by layer</summary><table><thead><tr>'
              '<th>layer (type)</th><th>output shape</th><th>F_eff, S</th><th>jump J</th>'
              f'<th>receptive field R</th></tr></thead><tbody>{"".join(body)}</tbody></table></details></div>')
    return result(True, html)
