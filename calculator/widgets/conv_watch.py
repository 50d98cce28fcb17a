"""A convolution you can watch: the window slides over the image (Play / Pause, or drag the
step slider), hovering or focusing an output cell shows the window and the kernel that made it,
and stride, padding and dilation change the whole figure.

With several channels (blocks separated by a line holding ``|``) the kernel has one slice per
channel and each output value is the sum of the per-channel sums: an RGB kernel adds across
colours. Every number, every window and the output size come from
:func:`calculator.conv_steps.steps` (the output shape of the real ``Conv2D``); the page script
only moves the highlight between the windows listed here.
"""

from __future__ import annotations

import json

from . import Field, error_note, esc, field_errors, result
from .conv_grid import _num, _table

LIVE = True
TITLE = "Watch a convolution"

MAX_SIDE = 10
MAX_KERNEL = 5
MAX_CHANNELS = 3
_CHANNEL_NAMES = {1: [""], 2: ["channel 1", "channel 2"], 3: ["R", "G", "B"]}

FIELDS = [
    Field("image", "image (rows on lines or separated by /; channels separated by |)", "textarea",
          "3 1 0 2 5 6\n4 2 1 4 5 1\n2 4 5 4 5 2\n5 2 3 1 1 4\n1 0 6 4 2 3\n0 1 5 3 2 1"),
    Field("kernel", "kernel (one block per channel, like the image)", "textarea",
          "1 0 -1\n1 0 -1\n1 0 -1"),
    Field("strides", "strides", "range", "1", min=1, max=3, help="S, 1 to 3"),
    Field("padding", "padding", "select", "valid", options=["valid", "same"]),
    Field("dilation_rate", "dilation_rate", "range", "1", min=1, max=3,
          help="D, 1 to 3 (Keras refuses strides > 1 together with dilation_rate > 1)"),
]


def _blocks(text: str, field: str, max_side: int):
    """``"1 2\\n3 4\\n|\\n5 6\\n7 8"`` -> ``[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]``."""
    from .. import conv_grid

    blocks = [b for b in str(text).replace("\r", "").split("|") if b.strip()]
    if not blocks:
        e = ValueError(f"{field} is empty: type rows of numbers, one row per line")
        e.field = field
        raise e
    if len(blocks) > MAX_CHANNELS:
        e = ValueError(f"{field} has {len(blocks)} channels; this figure draws at most {MAX_CHANNELS}")
        e.field = field
        raise e
    grids = [conv_grid.parse_grid(b, field) for b in blocks]
    if any(len(g) != len(grids[0]) or len(g[0]) != len(grids[0][0]) for g in grids):
        e = ValueError(f"every channel of {field} must have the same rows and columns")
        e.field = field
        raise e
    if len(grids[0]) > max_side or len(grids[0][0]) > max_side:
        e = ValueError(f"{field} is {len(grids[0])} × {len(grids[0][0])}; this figure draws at most "
                       f"{max_side} × {max_side}")
        e.field = field
        raise e
    return grids


def _sum_text(step, kernel, padded, names) -> str:
    kh, kw = len(kernel[0]), len(kernel[0][0])
    per = kh * kw
    parts = []
    for c, name in enumerate(names):
        terms = " + ".join(f"{_num(kernel[c][a][b])}·{_num(padded[c][r][q])}"
                           for (a, b), (_, r, q) in zip([(a, b) for a in range(kh) for b in range(kw)],
                                                        step["cells"][c * per:(c + 1) * per]))
        label = f"{name}: " if name else ""
        parts.append(f"{label}{terms} = {_num(step['partials'][c])}")
    head = f"y[{step['row']}, {step['col']}]"
    if len(names) == 1:
        return f"{head} = {parts[0]}"
    total = " + ".join(_num(p) for p in step["partials"])
    return f"{head}: " + "; ".join(parts) + f"; summed over the channels: {total} = {_num(step['value'])}"


def render(values: dict) -> dict:
    from .. import conv_steps, parse

    errors, grids = {}, {}
    for name, side in (("image", MAX_SIDE), ("kernel", MAX_KERNEL)):
        try:
            grids[name] = _blocks(values.get(name, ""), name, side)
        except ValueError as e:
            errors.update(field_errors(e, name))
    ints = {}
    for name in ("strides", "dilation_rate"):
        try:
            ints[name] = parse.parse_int(values.get(name, "1") or "1", name)
            if ints[name] > 3:
                raise ValueError(f"{name} must be from 1 to 3 here, not {ints[name]}")
        except ValueError as e:
            errors[name] = str(e)
    try:
        padding = parse.parse_choice(values.get("padding", "valid"), "padding", ("valid", "same"))
    except ValueError as e:
        errors.update(field_errors(e, "padding"))
    if not errors and len(grids["image"]) != len(grids["kernel"]):
        errors["kernel"] = (f"the kernel has {len(grids['kernel'])} channel(s) but the image has "
                            f"{len(grids['image'])}: a filter spans every input channel")
    if errors:
        f, m = next(iter(errors.items()))
        return result(False, error_note(m, "Not a valid setting — fix the value marked above"), errors)
    image, kernel = grids["image"], grids["kernel"]
    try:
        run = conv_steps.steps(image, kernel, ints["strides"], padding, ints["dilation_rate"])
    except ValueError as e:
        errs = field_errors(e, "kernel")
        if "kernel_size" in errs:
            errs = {"kernel": errs.pop("kernel_size")}
        f, m = next(iter(errs.items()))
        return result(False, error_note(m, "Keras refuses this setting"), errs)
    names = _CHANNEL_NAMES[len(image)]
    padded, steps = run["padded"], run["steps"]
    first = steps[0]
    on = set(first["cells"])
    inputs = "".join(
        _table(padded[c], f"input {name}".strip() + (" (padded)" if padding == "same" else ""),
               "cd-grid--input", mark={(i, j) for (cc, i, j) in on if cc == c}, pad=run["pad"],
               attrs=lambda i, j, c=c: f' data-cell="x{c}-{i}-{j}"')
        for c, name in enumerate(names))
    kh, kw = len(kernel[0]), len(kernel[0][0])
    kernels = "".join(_table(kernel[c], f"kernel {name}".strip(), "cd-grid--kernel",
                             mark={(a, b) for a in range(kh) for b in range(kw)})
                      for c, name in enumerate(names))
    out_w = len(run["output"][0])
    output = _table(run["output"], "feature map", "cd-grid--output",
                    attrs=lambda i, j: f' data-cell="y-{i}-{j}" tabindex="0" data-step="{i * out_w + j}"')
    payload = [{"cells": [f"x{c}-{r}-{q}" for c, r, q in s["cells"]], "out": f"y-{s['row']}-{s['col']}",
                "text": _sum_text(s, kernel, padded, names)} for s in steps]
    count = len(steps)
    controls = (
        '<div class="cd-watch__controls">'
        '<button type="button" class="md-button" data-watch="play" aria-pressed="false">Play</button>'
        f'<label>step <input type="range" data-watch="scrub" min="1" max="{count}" value="1" '
        f'aria-valuetext="window 1 of {count}"></label>'
        f'<output data-watch="where">window 1 of {count}</output></div>')
    shape = tuple(run["output_shape"])
    html = (
        f'<div class="cd-result cd-watch" data-watch-steps="{esc(json.dumps(payload, separators=(",", ":")))}">'
        + controls
        + f'<div class="cd-grids"><div class="cd-watch__stack">{inputs}</div>'
        + '<span class="cd-grids__op" aria-hidden="true">∗</span>'
        + f'<div class="cd-watch__stack">{kernels}</div>'
        + '<span class="cd-grids__op" aria-hidden="true">=</span>' + output + "</div>"
        + f'<p class="cd-watch__sum" data-watch="text" aria-live="polite">{esc(payload[0]["text"])}</p>'
        + f'<p>The feature map is {shape[1]} × {shape[2]}: the output shape of '
          f"<code>Conv2D(filters=1, kernel_size=({kh}, {kw}), strides={ints['strides']}, "
          f"padding='{padding}', dilation_rate={ints['dilation_rate']})</code> on this "
          f"{len(image[0])} × {len(image[0][0])} × {len(image)} input is "
          f"<code>{esc(str(shape))}</code>. Hover or focus an output cell to see its window.</p>"
        + "</div>")
    return result(True, html)


__all__ = ["FIELDS", "LIVE", "render"]
