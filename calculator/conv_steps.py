"""Every step of a convolution over a multi-channel image, for the watchable figure.

Output cell ``(i, j)`` of a one-filter ``Conv2D`` is

    y[i][j] = sum over c, a, b of  kernel[c][a][b] · x[c][i·S + a·D][j·S + b·D]

on the input ``x`` after padding (``same``: ``total // 2`` zeros top/left, the rest
bottom/right; :func:`calculator.shapes.same_padding`), with stride ``S`` and dilation ``D``.
The output size is not computed here: it is the output shape of the real ``Conv2D`` the
calculator builds with the same settings, so the figure obeys the calculator's rules and
raises its errors (a kernel that does not fit, strides > 1 together with dilation > 1).

    >>> r = steps([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [[[1, 0], [0, 1]]])
    >>> r["output"], r["steps"][0]["cells"], r["output_shape"]
    ([[6, 8], [12, 14]], [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1)], [None, 2, 2, 1])
"""

from __future__ import annotations

__all__ = ["steps"]


def steps(image, kernel, strides=1, padding: str = "valid", dilation=1) -> dict:
    """``image[c][row][col]`` and ``kernel[c][a][b]`` (same channel count) ->
    ``{"padded", "pad": (top, bottom, left, right), "output", "output_shape", "steps"}``;
    ``strides`` and ``dilation`` are an int or a ``(height, width)`` pair. ``steps`` lists
    output cells row by row, each ``{"row", "col", "value", "cells":
    [(c, r, q) read in the padded input, zero weights included], "partials": [sum per channel]}``.
    """
    from . import api, shapes

    channels, h, w = len(image), len(image[0]), len(image[0][0])
    kh, kw = len(kernel[0]), len(kernel[0][0])
    layer, _, _ = api.build_layer("Conv2D", {"filters": 1, "kernel_size": (kh, kw),
                                             "strides": strides, "padding": padding,
                                             "dilation_rate": dilation}, (h, w, channels))
    out_h, out_w = layer.output.shape[1], layer.output.shape[2]
    sh, sw = (strides, strides) if isinstance(strides, int) else strides
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    if padding == "same":
        _, top, bottom = shapes.same_padding(h, kh, sh, dh)
        _, left, right = shapes.same_padding(w, kw, sw, dw)
    else:
        top = bottom = left = right = 0
    padded = [[[0] * (w + left + right) for _ in range(top)]
              + [[0] * left + list(row) + [0] * right for row in plane]
              + [[0] * (w + left + right) for _ in range(bottom)] for plane in image]
    output, all_steps = [], []
    for i in range(out_h):
        row = []
        for j in range(out_w):
            cells, partials = [], []
            for c in range(channels):
                part = 0
                for a in range(kh):
                    for b in range(kw):
                        r, q = i * sh + a * dh, j * sw + b * dw
                        cells.append((c, r, q))
                        part += kernel[c][a][b] * padded[c][r][q]
                partials.append(part)
            value = sum(partials)
            row.append(value)
            all_steps.append({"row": i, "col": j, "value": value, "cells": cells,
                              "partials": partials})
        output.append(row)
    return {"padded": padded, "pad": (top, bottom, left, right), "output": output,
            "output_shape": list(layer.output.shape), "steps": all_steps}
