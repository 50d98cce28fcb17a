"""The volumes of a model, drawn: each layer's output as a box, shrinking and deepening.

A box's height follows the output's height, its slant the width, and its breadth the depth
(channels), on a logarithmic scale so that 3 and 512 channels both fit; a flat output (Flatten,
Dense) is a bar whose length follows its size. Every number comes from the model the
calculator builds from the Keras code (option ``model_code``, or the ``code`` field).
Layers that do not change the shape (Dropout, Activation…) are folded into the box before.
"""

from __future__ import annotations

import math

from . import error_note, esc, fmt_int, result, scrolling_figure

LIVE = True
TITLE = "Volumes through the network"

FIELDS: list = []  # the picture follows the page's model (option model_code); nothing to set

_PAD, _GAP, _H = 14, 26, 150
_LABEL_UNITS = 10  # font-size of .cd-vol__label / .cd-vol__shape in the viewBox


def _stages(model):
    """``[(names, class names, output shape, params)]`` with shape-keeping layers folded in."""
    stages = []
    inputs = getattr(model, "inputs", None) or []
    if inputs:
        stages.append([["input"], ["Input"], tuple(inputs[0].shape), 0])
    for layer in model.layers:
        cls = type(layer).__name__
        if cls == "InputLayer":
            continue
        shape = tuple(layer.output.shape)
        params = layer.count_params()
        if stages and stages[-1][2] == shape and cls not in ("Conv2D", "Dense"):
            stages[-1][0].append(layer.name)
            stages[-1][1].append(cls)
            stages[-1][3] += params
            continue
        stages.append([[layer.name], [cls], shape, params])
    return stages


def _svg(stages) -> str:
    dims = [s[2][1:] for s in stages]
    max_hw = max((max(d[0], d[1]) for d in dims if len(d) == 3), default=1)
    max_c = max((d[-1] for d in dims), default=1)
    max_flat = max((d[0] for d in dims if len(d) == 1), default=1)

    def scale(v, top, lo, hi):
        return lo + (hi - lo) * (math.log2(v + 1) / math.log2(top + 1))

    x, shapes_svg, labels = _PAD, [], []
    base = _H + 40
    for names, classes, shape, params in stages:
        d = shape[1:]
        if len(d) == 3:
            h = scale(d[0], max_hw, 14, _H - 30)
            slant = scale(d[1], max_hw, 6, 34)
            w = scale(d[2], max_c, 4, 46)
        else:
            n = math.prod(v for v in d if v)
            h = scale(n, max(max_flat, n), 14, _H - 10)
            slant, w = 4, 6
        y = base - h
        front = f'<rect class="cd-vol__front" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/>'
        top = (f'<polygon class="cd-vol__top" points="{x:.1f},{y:.1f} {x + slant:.1f},{y - slant:.1f} '
               f'{x + w + slant:.1f},{y - slant:.1f} {x + w:.1f},{y:.1f}"/>')
        side = (f'<polygon class="cd-vol__side" points="{x + w:.1f},{y:.1f} {x + w + slant:.1f},{y - slant:.1f} '
                f'{x + w + slant:.1f},{base - slant:.1f} {x + w:.1f},{base:.1f}"/>')
        title = f"<title>{esc(', '.join(classes))}: {esc(_shape(shape))}, {fmt_int(params)} parameters</title>"
        shapes_svg.append(f'<g class="cd-vol__box">{title}{side}{top}{front}</g>')
        cx = x + (w + slant) / 2
        labels.append(f'<text class="cd-vol__label" x="{cx:.1f}" y="{base + 16}" text-anchor="middle">'
                      f"{esc(classes[0])}</text>"
                      f'<text class="cd-vol__shape" x="{cx:.1f}" y="{base + 30}" text-anchor="middle">'
                      f"{esc('×'.join(str(v) for v in d))}</text>")
        x += w + slant + max(_GAP, 8 * max(len(classes[0]), len('×'.join(map(str, d)))) * 0.75 - w - slant)
    width = x + _PAD
    described = "; ".join(f"{c[0]} {_shape(s)}" for _, c, s, _ in stages)
    svg = (f'<svg class="cd-volumes" viewBox="0 0 {width:.0f} {base + 40}" role="img" '
           f'aria-label="{esc("Output volumes: " + described)}" xmlns="http://www.w3.org/2000/svg">'
           f"{''.join(shapes_svg)}{''.join(labels)}</svg>")
    return scrolling_figure(svg, round(width), _LABEL_UNITS)


def _shape(shape) -> str:
    return "(" + ", ".join(str(v) for v in shape) + ")"


def render(values: dict) -> dict:
    from ._models import model_from_code

    code = (values.get("code") or "").strip() or (values.get("model_code") or "").strip()
    if not code:
        return result(False, error_note("There is no model to draw: give Keras code."), {"code": "no code"})
    try:
        model = model_from_code(code)
        stages = _stages(model)
    except Exception as e:  # noqa: BLE001 - shown as Keras would say it
        msg = f"{type(e).__name__}: {e}"
        return result(False, error_note(msg, "This code does not build a model"), {"code": msg})
    rows = "".join(f"<tr><td>{esc(', '.join(c))}</td><td><code>{esc(_shape(s))}</code></td>"
                   f"<td>{fmt_int(p)}</td></tr>" for _, c, s, p in stages)
    table = ('<details class="cd-volumes__table"><summary>The numbers behind the picture</summary>'
             '<table><thead><tr><th>layer</th><th>output shape</th><th>params</th></tr></thead>'
             f"<tbody>{rows}</tbody></table></details>")
    return result(True, f'<div class="cd-result">{_svg(stages)}{table}</div>')


__all__ = ["FIELDS", "LIVE", "render"]
