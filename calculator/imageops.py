"""What layers do to the pixels of a real image: convolution with hand-designed filters, ReLU,
max pooling, and the geometric and colour transforms of Keras's augmentation layers.

Convolution is what Keras's ``Conv2D`` computes (a cross-correlation: the kernel is not
flipped), one output channel per filter, each filter of shape ``F x F x C`` summed over all
``C`` input channels, plus its bias. Window positions and the zero padding come from
:func:`calculator.shapes.window_starts`, the same rule that gives the layer's output shape, so
the picture and the shape cannot disagree.

    >>> from calculator.images import Image
    >>> img = Image([[(1.0,), (2.0,), (3.0,)], [(4.0,), (5.0,), (6.0,)], [(7.0,), (8.0,), (9.0,)]])
    >>> convolve(img, [[[1.0], [0.0]], [[0.0], [-1.0]]]).pixels   # 2 x 2 kernel, valid
    [[(-4.0,), (-4.0,)], [(-4.0,), (-4.0,)]]
    >>> convolve(img, [[[1.0]]], strides=2).shape
    (2, 2, 1)
    >>> max_pool(img, 2).pixels
    [[(5.0,)]]
"""

from __future__ import annotations

import math
import random

from . import shapes
from .images import Image

__all__ = ["FILTERS", "AUGMENTATIONS", "kernel_for", "convolve", "relu", "max_pool",
           "channel", "value_range", "percentile", "augment"]

# Hand-designed 3 x 3 filters (one channel; :func:`kernel_for` spreads them over C channels).
FILTERS = {
    "vertical edges": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "horizontal edges": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "blur": [[1 / 9] * 3, [1 / 9] * 3, [1 / 9] * 3],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}

AUGMENTATIONS = ("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
                 "RandomContrast", "RandomCrop")


def kernel_for(kernel2d, channels: int):
    """An ``F x F x C`` kernel applying ``kernel2d`` to the mean of the ``C`` channels: each
    channel gets ``kernel2d / C``, and the layer sums the channels (so a colour image is
    filtered as its brightness)."""
    return [[[w / channels] * channels for w in row] for row in kernel2d]


def convolve(image: Image, kernel, strides: int = 1, padding: str = "valid", bias: float = 0.0) -> Image:
    """One filter (``kernel[dy][dx][c]``, shape ``F_h x F_w x C``) over ``image``: a
    one-channel image of the layer's output size. Raises ValueError when no window fits
    (as the layer does)."""
    fh, fw = len(kernel), len(kernel[0])
    if len(kernel[0][0]) != image.channels:
        raise ValueError(f"the kernel has {len(kernel[0][0])} channels but the image has "
                         f"{image.channels}: a filter spans every input channel")
    ys = shapes.window_starts(image.height, fh, strides, padding)
    xs = shapes.window_starts(image.width, fw, strides, padding)
    if not ys or not xs:
        raise ValueError(f"a {fh} x {fw} kernel does not fit in a {image.height} x {image.width} "
                         "image with valid padding")
    # planes padded with zeros wide enough for every window
    top, left = max(0, -ys[0]), max(0, -xs[0])
    bottom = max(0, ys[-1] + fh - image.height)
    right = max(0, xs[-1] + fw - image.width)
    width = left + image.width + right
    planes = []
    for c in range(image.channels):
        rows = [[0.0] * width for _ in range(top)]
        rows += [[0.0] * left + [px[c] for px in row] + [0.0] * right for row in image.pixels]
        rows += [[0.0] * width for _ in range(bottom)]
        planes.append(rows)
    out = []
    for sy in ys:
        acc = [bias] * len(xs)
        for dy in range(fh):
            for dx in range(fw):
                idx = [sx + dx + left for sx in xs]
                for c in range(image.channels):
                    w = kernel[dy][dx][c]
                    if w:
                        row = planes[c][sy + dy + top]
                        acc = [a + w * row[i] for a, i in zip(acc, idx)]
        out.append([(v,) for v in acc])
    return Image(out)


def relu(image: Image) -> Image:
    """``max(x, 0)`` for every value."""
    return Image([[tuple(v if v > 0 else 0.0 for v in px) for px in row] for row in image.pixels])


def max_pool(image: Image, pool: int = 2, strides: int | None = None) -> Image:
    """``MaxPooling2D(pool, strides)`` with valid padding: the largest value of each window,
    channel by channel."""
    strides = strides or pool
    ys = shapes.window_starts(image.height, pool, strides)
    xs = shapes.window_starts(image.width, pool, strides)
    px = image.pixels
    return Image([[tuple(max(px[y + i][x + j][c] for i in range(pool) for j in range(pool))
                         for c in range(image.channels)) for x in xs] for y in ys])


def channel(image: Image, c: int) -> Image:
    """Channel ``c`` alone, as a one-channel image."""
    return Image([[(px[c],) for px in row] for row in image.pixels])


def value_range(image: Image) -> tuple[float, float]:
    """``(min, max)`` over every value."""
    vals = [v for row in image.pixels for px in row for v in px]
    return min(vals), max(vals)


def percentile(image: Image, q: float) -> float:
    """The value below which a fraction ``q`` of all values lie (nearest rank)."""
    vals = sorted(v for row in image.pixels for px in row for v in px)
    return vals[min(len(vals) - 1, max(0, math.ceil(q * len(vals)) - 1))]


# ------------------------------------------------------------------ augmentation

def _reflect(i: float, n: int) -> float:
    """Keras's default ``fill_mode="reflect"``: ``d c b a | a b c d | d c b a``."""
    if n == 1:
        return 0.0
    period = 2 * n
    i = i % period
    return i if i < n else period - 1 - i


def _sample(image: Image, y: float, x: float):
    """Bilinear sample at ``(y, x)``, reflecting outside the image."""
    h, w = image.height, image.width
    y0, x0 = math.floor(y), math.floor(x)
    fy, fx = y - y0, x - x0
    px = image.pixels
    ya, yb = int(_reflect(y0, h)), int(_reflect(y0 + 1, h))
    xa, xb = int(_reflect(x0, w)), int(_reflect(x0 + 1, w))
    return tuple((px[ya][xa][c] * (1 - fx) + px[ya][xb][c] * fx) * (1 - fy)
                 + (px[yb][xa][c] * (1 - fx) + px[yb][xb][c] * fx) * fy
                 for c in range(image.channels))


def _warp(image: Image, fn) -> Image:
    """Each output pixel ``(y, x)`` takes the input at ``fn(y, x)`` (inverse mapping)."""
    return Image([[_sample(image, *fn(y, x)) for x in range(image.width)]
                  for y in range(image.height)])


def augment(image: Image, layer: str, factor: float, rng: random.Random, size: int | None = None):
    """One random draw of augmentation ``layer`` with Keras's meaning of ``factor``; returns
    ``(image, what was drawn)``. The draws are this function's own (Keras's generator would
    pick other values in the same ranges); the kind of transform, its range, the reflect fill
    and the output size are Keras's."""
    h, w = image.height, image.width
    cy, cx = (h - 1) / 2, (w - 1) / 2
    if layer == "RandomFlip":  # mode "horizontal_and_vertical"
        fh, fv = rng.random() < 0.5, rng.random() < 0.5
        out = _warp(image, lambda y, x: (h - 1 - y if fv else y, w - 1 - x if fh else x))
        return out, ("flipped left–right" if fh else "") + (" and " if fh and fv else "") + (
            "flipped top–bottom" if fv else "") or "not flipped"
    if layer == "RandomRotation":  # factor: a fraction of a full turn, drawn in [-f, f]
        turn = rng.uniform(-factor, factor)
        a = turn * 2 * math.pi
        cos, sin = math.cos(a), math.sin(a)
        out = _warp(image, lambda y, x: (cy + (y - cy) * cos - (x - cx) * sin,
                                         cx + (y - cy) * sin + (x - cx) * cos))
        return out, f"rotated by {turn * 360:+.1f}°"
    if layer == "RandomZoom":  # height_factor in [-f, f]: negative zooms in
        z = rng.uniform(-factor, factor)
        s = 1 + z
        out = _warp(image, lambda y, x: (cy + (y - cy) * s, cx + (x - cx) * s))
        return out, f"zoom factor {z:+.2f} ({'in' if z < 0 else 'out'})"
    if layer == "RandomTranslation":  # fractions of the height and width, in [-f, f]
        ty, tx = rng.uniform(-factor, factor), rng.uniform(-factor, factor)
        out = _warp(image, lambda y, x: (y - ty * h, x - tx * w))
        return out, f"moved {tx * w:+.0f} px across, {ty * h:+.0f} px down"
    if layer == "RandomContrast":  # contrast factor in [1 - f, 1 + f] around each channel's mean
        k = rng.uniform(max(0.0, 1 - factor), 1 + factor)
        means = [sum(px[c] for row in image.pixels for px in row) / (h * w)
                 for c in range(image.channels)]
        out = Image([[tuple(min(255.0, max(0.0, (v - m) * k + m)) for v, m in zip(px, means))
                      for px in row] for row in image.pixels])
        return out, f"contrast × {k:.2f}"
    if layer == "RandomCrop":  # training: a random size x size window
        size = size or h
        top, left = rng.randint(0, h - size), rng.randint(0, w - size)
        out = Image([row[left:left + size] for row in image.pixels[top:top + size]])
        return out, f"window at row {top}, column {left}"
    raise ValueError(f"unknown augmentation layer {layer!r}: choose one of {', '.join(AUGMENTATIONS)}")
