"""A convolution computed value by value, for the stepping figure (op ``conv_grid``).

Keras's convolution is a cross-correlation: output cell ``(i, j)`` is the sum over the
kernel of ``kernel[a][b] · x[i·S + a][j·S + b]``, where ``x`` is the input after padding
(``same`` pads ``total // 2`` on the top/left and the rest on the bottom/right). The output
size is not computed here: it is the output shape of a real ``Conv2D`` with the same kernel,
strides and padding, so the figure obeys the same rules (and errors) as the calculator.
"""

from __future__ import annotations

# Stated bounds: the figure draws every cell, so the image has at most MAX_CELLS of them and
# the kernel at most MAX_KERNEL rows and columns; every value is within ±MAX_VALUE (sums of
# products stay exact-looking and finite).
MAX_CELLS = 400
MAX_KERNEL = 11
MAX_VALUE = 10**6


def _error(message, field):
    e = ValueError(message)
    e.field = field
    return e


def parse_grid(text, field: str, max_cells: int = MAX_CELLS, max_side: int | None = None):
    """Rows separated by ``/`` or new lines, numbers by spaces or commas: ``"1 0 1 / 0 1 0"``.

    At most ``max_cells`` values (and ``max_side`` rows and columns), each within ±MAX_VALUE.
    """
    numbers = f"{field} must hold numbers only, rows separated by '/', like 1 0 1 / 0 1 0"
    if isinstance(text, list):
        cells = [row if isinstance(row, list) else [row] for row in text]
    else:
        lines = [r for r in str(text).replace("\n", "/").split("/") if r.strip()]
        cells = [r.replace(",", " ").split() for r in lines]
    count = sum(len(r) for r in cells)
    if count > max_cells:
        raise _error(f"{field} may have at most {max_cells:,} values here (the figure draws "
                     f"each one); this one has {count:,}", field)
    if max_side is not None and (len(cells) > max_side or any(len(r) > max_side for r in cells)):
        raise _error(f"{field} may be at most {max_side} × {max_side} here", field)
    try:
        rows = [[float(v) for v in r] for r in cells]
    except (TypeError, ValueError):
        raise _error(numbers, field) from None
    if any(not abs(v) <= MAX_VALUE for r in rows for v in r):  # also refuses nan and inf
        raise _error(f"{field} values must be between -{MAX_VALUE:,} and {MAX_VALUE:,} here",
                     field)
    if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
        e = ValueError(f"{field} must be a rectangle: every row needs the same number of values "
                       f"(row lengths here: {', '.join(str(len(r)) for r in rows) or 'none'})")
        e.field = field
        raise e
    return [[int(v) if float(v).is_integer() else v for v in r] for r in rows]


def convolve(image, kernel, strides=1, padding="valid"):
    """``{"output", "windows", "padded", "pad": (top, bottom, left, right), "output_shape"}``.

    ``windows[i][j]`` lists the ``(row, col)`` cells of the padded input that output
    ``(i, j)`` reads. One channel of :func:`calculator.conv_steps.steps`.
    """
    from .conv_steps import steps

    run = steps([image], [kernel], strides, padding)
    out_w = len(run["output"][0]) if run["output"] else 0
    cells = [[(r, q) for _, r, q in st["cells"]] for st in run["steps"]]
    windows = [cells[i * out_w:(i + 1) * out_w] for i in range(len(run["output"]))]
    return {"output": run["output"], "windows": windows, "padded": run["padded"][0],
            "pad": run["pad"], "output_shape": run["output_shape"]}


def handle(request: dict) -> dict:
    """Op ``conv_grid``: ``image``, ``kernel`` (2-D lists or text), ``strides``, ``padding``."""
    from .parse import parse_choice, parse_int
    image = parse_grid(request.get("image", ""), "image")
    kernel = parse_grid(request.get("kernel", ""), "kernel", max_side=MAX_KERNEL)
    strides = parse_int(request.get("strides", 1), "strides", maximum=MAX_KERNEL * MAX_CELLS)
    padding = parse_choice(request.get("padding", "valid"), "padding", ("valid", "same"))
    result = convolve(image, kernel, strides, padding)
    result["windows"] = [[[list(c) for c in cells] for cells in row] for row in result["windows"]]
    return {"ok": True, **result}
