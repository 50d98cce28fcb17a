"""The watchable convolution: calculator.conv_steps against real Keras, dilation and
channels against a direct sum, and the conv-watch widget's data for the page script."""

import html
import json
import pathlib
import random
import re

import pytest

from calculator import conv_steps, shapes
from calculator.widgets import render

CASES = [c for c in json.loads((pathlib.Path(__file__).parent.parent / "fixtures" / "images" /
                                "keras_conv.json").read_text())["cases"] if c["op"] == "conv"]


def channels_first(rows):
    """[h][w][c] -> [c][h][w]"""
    return [[[px[c] for px in row] for row in rows] for c in range(len(rows[0][0]))]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f'{len(c["image"])}x{len(c["image"][0])}-{c["padding"]}')
def test_steps_match_real_keras(case):
    kernel = [[[case["kernel"][a][b][c] for b in range(len(case["kernel"][0]))]
               for a in range(len(case["kernel"]))] for c in range(len(case["kernel"][0][0]))]
    run = conv_steps.steps(channels_first(case["image"]), kernel, case["strides"], case["padding"])
    assert [[v + case["bias"] for v in row] for row in run["output"]] == case["output"]


@pytest.mark.parametrize("seed", range(10))
def test_dilated_multichannel_steps_are_the_windowed_sum(seed):
    rng = random.Random(seed)
    c, h, w, k, d = rng.randint(1, 3), rng.randint(5, 8), rng.randint(5, 8), rng.randint(1, 3), rng.randint(1, 2)
    padding = rng.choice(["valid", "same"])
    image = [[[rng.randint(0, 4) for _ in range(w)] for _ in range(h)] for _ in range(c)]
    kernel = [[[rng.randint(-1, 2) for _ in range(k)] for _ in range(k)] for _ in range(c)]
    run = conv_steps.steps(image, kernel, 1, padding, d)
    keff = (k - 1) * d + 1
    top = shapes.same_padding(h, k, 1, d)[1] if padding == "same" else 0
    left = shapes.same_padding(w, k, 1, d)[1] if padding == "same" else 0

    def x(cc, r, q):
        r, q = r - top, q - left
        return image[cc][r][q] if 0 <= r < h and 0 <= q < w else 0

    out_h = shapes.conv_output_length(h, keff, 1, padding)
    out_w = shapes.conv_output_length(w, keff, 1, padding)
    want = [[sum(kernel[cc][a][b] * x(cc, i + a * d, j + b * d) for cc in range(c) for a in range(k)
                 for b in range(k)) for j in range(out_w)] for i in range(out_h)]
    assert run["output"] == want
    assert all(len(s["cells"]) == c * k * k and sum(s["partials"]) == s["value"] for s in run["steps"])


def payload(out):
    m = re.search(r'data-watch-steps="([^"]*)"', out["html"])
    return json.loads(html.unescape(m.group(1)))


def test_widget_lists_every_window_for_the_page_script():
    out = render("conv-watch", {})
    assert out["ok"]
    steps = payload(out)
    assert len(steps) == 16  # 6 x 6 image, 3 x 3 kernel, valid: 4 x 4 windows
    assert all(len(s["cells"]) == 9 for s in steps)
    assert steps[0]["text"].startswith("y[0, 0] = ") and steps[-1]["out"] == "y-3-3"
    # every listed cell exists in the drawn input, every output cell is focusable
    for s in steps:
        for cell in s["cells"]:
            assert f'data-cell="{cell}"' in out["html"]
    assert out["html"].count('tabindex="0" data-step=') == 16


def test_widget_rgb_sums_across_channels():
    out = render("conv-watch", {"image": "1 2 / 3 4 | 1 1 / 1 1 | 0 0 / 0 2",
                                "kernel": "1 0 / 0 1 | 1 1 / 1 1 | 0 0 / 0 1"})
    assert out["ok"]
    # R: 1 + 4 = 5, G: 4, B: 2 -> 11
    assert payload(out)[0]["text"].endswith("summed over the channels: 5 + 4 + 2 = 11")


@pytest.mark.parametrize("values,field,words", [
    ({"strides": "2", "dilation_rate": "2"}, "strides", "dilation_rate"),
    ({"kernel": "1 0 / 0 1 | 1 1 / 1 1"}, "kernel", "channel"),
    ({"image": " / ".join(["1 " * 11] * 11)}, "image", "at most 10"),
    ({"strides": "4"}, "strides", "1 to 3"),
    ({"kernel": "1 1 1 1 1 1 1 / " * 6 + "1 1 1 1 1 1 1"}, "kernel", "at most 5"),
    ({"image": "1 2 / 3"}, "image", "rectangle"),
])
def test_widget_bad_settings_name_the_field(values, field, words):
    out = render("conv-watch", values)
    assert not out["ok"] and words in out["errors"][field]
