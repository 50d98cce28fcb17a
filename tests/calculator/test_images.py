"""Sample photos, PNG pictures, and what layers do to pixels (calculator.images,
calculator.imageops, the image widgets). Convolution and pooling are checked against real
Keras (tests/fixtures/images/keras_conv.json) and against a direct sum written here."""

import base64
import json
import pathlib
import random
import struct
import zlib

import pytest

from calculator import images, imageops, shapes
from calculator.images import Image
from calculator.widgets import render
from calculator.widgets._pictures import checked_shape

FIXTURE = pathlib.Path(__file__).parent.parent / "fixtures" / "images" / "keras_conv.json"
CASES = json.loads(FIXTURE.read_text())["cases"]


def as_image(rows):
    return Image([[tuple(float(v) for v in px) for px in row] for row in rows])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f'{c["op"]}-{len(c["image"])}x{len(c["image"][0])}')
def test_convolution_and_pooling_match_real_keras(case):
    img = as_image(case["image"])
    if case["op"] == "conv":
        out = imageops.convolve(img, case["kernel"], case["strides"], case["padding"], case["bias"])
        assert [[px[0] for px in row] for row in out.pixels] == case["output"]
    else:
        out = imageops.max_pool(img, case["pool"])
        assert [[list(px) for px in row] for row in out.pixels] == case["output"]


def direct_convolution(img, kernel, s, padding):
    """Sum over the window, reading zeros outside the image; `same` pads top/left by
    total // 2 with total = max((ceil(n/s) - 1)·s + F - n, 0)."""
    fh, fw = len(kernel), len(kernel[0])

    def starts(n, f):
        if padding == "valid":
            return list(range(0, n - f + 1, s))
        out = -(-n // s)
        total = max((out - 1) * s + f - n, 0)
        return [i * s - total // 2 for i in range(out)]

    def at(y, x, c):
        return img.pixels[y][x][c] if 0 <= y < img.height and 0 <= x < img.width else 0.0

    return [[sum(kernel[dy][dx][c] * at(y + dy, x + dx, c) for dy in range(fh) for dx in range(fw)
                 for c in range(img.channels)) for x in starts(img.width, fw)] for y in starts(img.height, fh)]


@pytest.mark.parametrize("seed", range(12))
def test_convolution_is_the_windowed_sum(seed):
    rng = random.Random(seed)
    h, w, c, f, s = rng.randint(3, 9), rng.randint(3, 9), rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
    padding = rng.choice(["valid", "same"])
    img = as_image([[[rng.randint(0, 5) for _ in range(c)] for _ in range(w)] for _ in range(h)])
    kernel = [[[rng.randint(-2, 2) for _ in range(c)] for _ in range(f)] for _ in range(f)]
    out = imageops.convolve(img, kernel, s, padding)
    assert [[px[0] for px in row] for row in out.pixels] == direct_convolution(img, kernel, s, padding)
    assert out.shape == (shapes.conv_output_length(h, f, s, padding),
                         shapes.conv_output_length(w, f, s, padding), 1)


def test_a_kernel_too_large_for_the_image_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        imageops.convolve(as_image([[[1]] * 2] * 2), [[[1.0]] * 3] * 3)


def test_sample_photos_load_and_round_trip_through_png():
    for name in images.CATALOG:
        img = images.load(name)
        assert img.shape[:2] == (96, 96) and img.channels in (1, 3)
        assert all(0 <= v <= 255 for row in img.pixels for px in row for v in px)
    img = images.load("camera")
    png = base64.b64decode(images.png_data_url(img).split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, color = struct.unpack(">IIBB", png[16:26])
    assert (width, height, depth, color) == (96, 96, 8, 0)
    idat_len = struct.unpack(">I", png[33:37])[0]
    raw = zlib.decompress(png[41:41 + idat_len])
    rows = [raw[y * 97 + 1:(y + 1) * 97] for y in range(96)]
    assert [list(r) for r in rows] == [[int(px[0]) for px in row] for row in img.pixels]


def test_augmentations_keep_or_crop_the_shape_and_zero_factor_is_identity():
    img = images.load("cat")
    for layer in imageops.AUGMENTATIONS:
        out, drawn = imageops.augment(img, layer, 0.2, random.Random(3), size=40)
        assert out.shape == ((40, 40, 3) if layer == "RandomCrop" else img.shape) and drawn
    for layer in ("RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast"):
        out, _ = imageops.augment(img, layer, 0.0, random.Random(3))
        assert all(abs(a - b) < 1e-9 for ra, rb in zip(out.pixels, img.pixels)
                   for pa, pb in zip(ra, rb) for a, b in zip(pa, pb)), layer


@pytest.mark.parametrize("widget,values", [
    ("image-filter", {}), ("image-filter", {"image": "camera", "strides": "2", "padding": "same"}),
    ("image-filter", {"filter": "custom", "kernel": "0 1\n1 0"}),
    ("feature-maps", {"image": "camera"}), ("augment", {}),
    ("augment", {"layer": "RandomCrop", "factor": "48"})])
def test_image_widgets_render(widget, values):
    out = render(widget, values)
    assert out["ok"], out["errors"]
    assert out["html"].count("data:image/png;base64,") >= 2 and 'alt="' in out["html"]


def test_image_filter_states_the_keras_shape():
    html = render("image-filter", {"image": "camera", "strides": "2", "padding": "same"})["html"]
    assert "<strong>(None, 48, 48, 1)</strong>" in html and "10 parameters" in html


@pytest.mark.parametrize("widget,values,field", [
    ("image-filter", {"strides": "0"}, "strides"), ("image-filter", {"strides": "1e9"}, "strides"),
    ("image-filter", {"filter": "custom", "kernel": "1 2\n3"}, "kernel"),
    ("image-filter", {"filter": "custom", "kernel": "\n".join(["1 " * 9] * 9)}, "kernel"),
    ("image-filter", {"filter": "custom", "kernel": "a b\nc d"}, "kernel"),
    ("image-filter", {"image": "dog"}, "image"),
    ("augment", {"factor": "7"}, "factor"), ("augment", {"layer": "RandomCrop", "factor": "200"}, "factor"),
    ("augment", {"seed": "-1"}, "seed")])
def test_image_widgets_bad_input_names_the_field(widget, values, field):
    out = render(widget, values)
    assert not out["ok"] and field in out["errors"] and out["errors"][field]


def test_a_picture_that_disagrees_with_the_layer_is_never_drawn():
    class Layer:
        class output:
            shape = (None, 4, 4, 1)
    with pytest.raises(AssertionError, match="refusing"):
        checked_shape(Layer, as_image([[[0]] * 3] * 3), "conv")
