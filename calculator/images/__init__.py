"""Sample photos, small enough to convolve in the page, and pictures as PNG data URLs.

Each photo is a square of 96 x 96 pixels, 8 bits per channel, made by
``tools/make_sample_images.py`` from scikit-image's bundled data (scikit-image 0.26.0):

- ``camera`` (grayscale): "No copyright restrictions. CC0 by the photographer (Lav Varshney)."
- ``cat`` (RGB, scikit-image's ``chelsea``): "No copyright restrictions. CC0 by the
  photographer (Stefan van der Walt)."
- ``astronaut`` (RGB, Eileen Collins): "No known copyright restrictions, released into the
  public domain." (NASA)

An :class:`Image` holds rows of pixels as floats in [0, 255]: ``pixels[y][x]`` is a tuple of
``channels`` values.
"""

from __future__ import annotations

import base64
import functools
import pkgutil
import struct
import zlib

__all__ = ["CATALOG", "Image", "load", "png_data_url"]

CATALOG = {
    "camera": {"title": "Cameraman (grayscale)", "credit": "Lav Varshney, CC0"},
    "cat": {"title": "Chelsea the cat", "credit": "Stefan van der Walt, CC0"},
    "astronaut": {"title": "Astronaut Eileen Collins", "credit": "NASA, public domain"},
}


class Image:
    """``height`` x ``width`` pixels of ``channels`` floats each (``pixels[y][x]``)."""

    __slots__ = ("pixels", "height", "width", "channels")

    def __init__(self, pixels):
        self.pixels = pixels
        self.height = len(pixels)
        self.width = len(pixels[0]) if pixels else 0
        self.channels = len(pixels[0][0]) if self.width else 0

    @property
    def shape(self):
        """``(height, width, channels)``, as a Keras image tensor without the batch axis."""
        return (self.height, self.width, self.channels)


@functools.lru_cache(maxsize=8)
def load(name: str) -> Image:
    """The sample photo ``name`` (a key of :data:`CATALOG`)."""
    if name not in CATALOG:
        raise ValueError(f"There is no sample image called {name!r}: choose one of "
                         f"{', '.join(CATALOG)}.")
    # pkgutil reads through the module's loader: a file here, a zip member in the page.
    raw = zlib.decompress(pkgutil.get_data(__name__, f"{name}.u8z"))
    header, data = raw.split(b"\n", 1)
    kind, w, h = header.decode().split()
    c, w, h = int(kind[1:]), int(w), int(h)
    row = w * c
    pixels = [[tuple(float(v) for v in data[y * row + x * c:y * row + x * c + c]) for x in range(w)]
              for y in range(h)]
    return Image(pixels)


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def png_data_url(image: Image, low: float = 0.0, high: float = 255.0) -> str:
    """The image as a ``data:image/png`` URL, values mapped linearly from [low, high] to
    [0, 255] and clipped (a feature map of any range is shown by passing its min and max)."""
    span = (high - low) or 1.0
    c = image.channels
    color = {1: 0, 3: 2}[c]
    rows = []
    for row in image.pixels:
        line = bytearray(b"\x00")  # filter type 0 (None) for every row
        for px in row:
            for v in px:
                v = (v - low) * 255.0 / span
                line.append(0 if v <= 0 else 255 if v >= 255 else int(v + 0.5))
        rows.append(bytes(line))
    body = (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", image.width, image.height, 8, color, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + _chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(body).decode("ascii")
