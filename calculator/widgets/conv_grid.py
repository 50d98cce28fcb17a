"""The stepping convolution figure: an image, a kernel, and the feature map, cell by cell.

Pick a window position; the figure highlights the input cells that window reads (padding
drawn dashed), the kernel, and the output cell it produces, and writes out the sum of
products. Every value and the output size come from :mod:`calculator.conv_grid`.
"""

from __future__ import annotations

from . import Field, error_note, esc, field_errors, math_block, math_inline, result, MAX_SIDE, MAX_WINDOW

LIVE = True
TITLE = "Convolution, step by step"

FIELDS = [
    Field("image", "image (rows separated by / or by new lines)", "textarea",
          "1 1 1 0 0 / 0 1 1 1 0 / 0 0 1 1 1 / 0 0 1 1 0 / 0 1 1 0 0"),
    Field("kernel", "kernel (rows separated by /)", "text", "1 0 1 / 0 1 0 / 1 0 1"),
    Field("strides", "strides", "number", "1", help="S: how far the window moves"),
    Field("padding", "padding", "select", "valid", options=["valid", "same"]),
    Field("position", "window position", "number", "1",
          help="which output cell to show, counted row by row from 1 (↑/↓ steps the window)"),
]

LIMITS = {"strides": MAX_WINDOW, "position": MAX_SIDE}



def _note(field: str, message: str) -> str:
    """The result area's note: the message as the field shows it, without repeating its name."""
    text = message if message.startswith(field) else f"{field}: {message}"
    return error_note(text, "Not a valid setting — fix the value marked above")


def _num(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _table(rows, caption, cls, mark=(), pad=(0, 0, 0, 0), current=None, attrs=None):
    """An HTML table of numbers; ``mark`` cells highlighted, padding cells dashed;
    ``attrs(i, j)`` adds attributes to a cell (`` data-cell="…"``)."""
    top, bottom, left, right = pad
    h, w = len(rows), len(rows[0])
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, v in enumerate(row):
            classes = []
            if i < top or i >= h - bottom or j < left or j >= w - right:
                classes.append("cd-grid__pad")
            if (i, j) in mark:
                classes.append("cd-grid__on")
            if current == (i, j):
                classes.append("cd-grid__current")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            if attrs is not None:
                attr += attrs(i, j)
            cells.append(f"<td{attr}>{esc(_num(v))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="cd-grid {cls}"><caption>{esc(caption)}</caption>'
            f"<tbody>{''.join(body)}</tbody></table>")


def render(values: dict) -> dict:
    from .. import conv_grid, parse

    errors = {}
    grids = {}
    for name in ("image", "kernel"):
        try:
            grids[name] = conv_grid.parse_grid(
                values.get(name, ""), name,
                max_side=conv_grid.MAX_KERNEL if name == "kernel" else None)
        except ValueError as e:
            errors.update(field_errors(e, name))
    try:
        strides = parse.parse_int(values.get("strides", "1"), "strides")
    except ValueError as e:
        errors.update(field_errors(e, "strides"))
    try:
        padding = parse.parse_choice(values.get("padding", "valid"), "padding", ("valid", "same"))
    except ValueError as e:
        errors.update(field_errors(e, "padding"))
    try:
        position = parse.parse_int(values.get("position", "1") or "1", "position")
    except ValueError as e:
        errors.update(field_errors(e, "position"))
    if errors:
        f, m = next(iter(errors.items()))
        return result(False, _note(f, m), errors)
    image, kernel = grids["image"], grids["kernel"]
    try:
        out = conv_grid.convolve(image, kernel, strides, padding)
    except ValueError as e:
        errors = field_errors(e, "kernel")
        if "kernel_size" in errors:
            errors = {"kernel": errors.pop("kernel_size")}
        f, m = next(iter(errors.items()))
        return result(False, _note(f, m), errors)
    out_h, out_w = len(out["output"]), len(out["output"][0])
    count = out_h * out_w
    position = min(position, count)
    i, j = divmod(position - 1, out_w)
    cells = out["windows"][i][j]
    kh, kw = len(kernel), len(kernel[0])
    padded = out["padded"]
    terms = [f"{_num(kernel[a][b])}\\cdot{_num(padded[r][c])}"
             for (a, b), (r, c) in zip([(a, b) for a in range(kh) for b in range(kw)], cells)]
    value = out["output"][i][j]
    top, bottom, left, right = out["pad"]
    pad_note = (f"<p>'same' pads {top} row(s) on top and {bottom} below, {left} column(s) on the "
                f"left and {right} on the right (zeros, dashed).</p>" if padding == "same" else "")
    figure = (
        '<div class="cd-grids">'
        + _table(padded, "input" + (" (padded)" if padding == "same" else ""), "cd-grid--input",
                 mark=set(cells), pad=out["pad"])
        + '<span class="cd-grids__op" aria-hidden="true">∗</span>'
        + _table(kernel, "kernel", "cd-grid--kernel", mark={(a, b) for a in range(kh) for b in range(kw)})
        + '<span class="cd-grids__op" aria-hidden="true">=</span>'
        + _table(out["output"], "feature map", "cd-grid--output", current=(i, j))
        + "</div>")
    html = (
        f'<div class="cd-result">{figure}'
        f'<p class="cd-result__shape">Window {position} of {count} (row {i + 1}, column {j + 1} '
        f'of the feature map) gives {math_inline(f"y_{{{i},{j}}}")} = '
        f'<strong data-result="value">{esc(_num(value))}</strong>.</p>'
        + math_block(f"y_{{{i},{j}}} = " + " + ".join(terms) + f" = {_num(value)}")
        + pad_note
        + f'<p>The feature map is {out_h}×{out_w}: the output shape of Conv2D(filters=1, '
          f"kernel_size=({kh}, {kw}), strides={strides}, padding='{padding}') on this "
          f"{len(image)}×{len(image[0])} input is <code>{esc(tuple(out['output_shape']))}</code>.</p>"
        "</div>")
    return result(True, html)
