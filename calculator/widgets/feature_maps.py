"""Feature maps through a small stack of hand-designed filters, on a real photo.

The stack is a Keras model the calculator builds::

    Input((96, 96, C)) -> Conv2D(4, 3, padding="same", activation="relu")   # edge filters
                       -> MaxPooling2D(2)
                       -> Conv2D(2, 3, padding="same", activation="relu")   # combines them
                       -> MaxPooling2D(2)

with weights chosen by hand instead of learnt: the first convolution finds vertical,
horizontal and the two diagonal edges; the second adds the four edge maps ("edges of any
direction") and subtracts horizontal from vertical ("upright edges"). Every picture is
computed by :mod:`calculator.imageops` and its size checked against the model's output shapes.
"""

from __future__ import annotations

from . import error_note, esc, result
from ._pictures import IMAGE_FIELD, checked_shape, figure, shape_text

LIVE = True
TITLE = "Feature maps of a small stack"

FIELDS = [IMAGE_FIELD]

_EDGES = {  # first convolution: one 3 x 3 filter per map, applied to brightness
    "vertical edges": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "horizontal edges": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "diagonal ↘ edges": [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
    "diagonal ↗ edges": [[2, 1, 0], [1, 0, -1], [0, -1, -2]],
}
# second convolution: weight of each input map at the centre tap (other taps 0 except the
# box sum for "any direction")
_COMBINE = {"edges of any direction": (1, 1, 1, 1), "upright edges": (1, -1, 0, 0)}


def _model(channels):
    from ..keras import Input, Sequential, layers

    return Sequential([Input(shape=(96, 96, channels)),
                       layers.Conv2D(4, 3, padding="same", activation="relu", name="edges"),
                       layers.MaxPooling2D(2, name="pool_1"),
                       layers.Conv2D(2, 3, padding="same", activation="relu", name="combine"),
                       layers.MaxPooling2D(2, name="pool_2")], name="edge_stack")


def _stack(image):
    from .. import imageops
    from ..images import Image

    conv1 = [imageops.relu(imageops.convolve(image, imageops.kernel_for(k, image.channels),
                                             padding="same")) for k in _EDGES.values()]
    stacked = Image([[tuple(m.pixels[y][x][0] for m in conv1) for x in range(image.width)]
                     for y in range(image.height)])
    pool1 = imageops.max_pool(stacked, 2)
    conv2 = []
    for name, weights in _COMBINE.items():
        if name == "edges of any direction":  # a 3 x 3 box over all four maps
            kernel = [[[w / 9 for w in weights]] * 3] * 3
        else:
            zero = (0.0,) * 4
            kernel = [[zero, zero, zero], [zero, weights, zero], [zero, zero, zero]]
        conv2.append(imageops.relu(imageops.convolve(pool1, kernel, padding="same")))
    stacked2 = Image([[tuple(m.pixels[y][x][0] for m in conv2) for x in range(pool1.width)]
                      for y in range(pool1.height)])
    return stacked, pool1, stacked2, imageops.max_pool(stacked2, 2)


def render(values: dict) -> dict:
    from .. import images, imageops, parse

    try:
        name = parse.parse_choice(values.get("image", "cat"), "image", list(images.CATALOG))
    except ValueError as e:
        return result(False, error_note(str(e)), {"image": str(e)})
    img = images.load(name)
    model = _model(img.channels)
    outs = _stack(img)
    stages = []
    titles = [list(_EDGES), list(_EDGES), list(_COMBINE), list(_COMBINE)]
    for layer, out, names in zip(model.layers, outs, titles):
        shape = checked_shape(layer, out, layer.name)
        pics = "".join(figure(imageops.channel(out, c), esc(n), f"{layer.name} map {c}: {n}",
                              0.0, imageops.percentile(imageops.channel(out, c), 0.98) or 1.0,
                              size=max(48, out.width))
                       for c, n in enumerate(names))
        stages.append(f'<section class="cd-maps__stage"><h4><code>{esc(layer.name)}</code> '
                      f'({esc(type(layer).__name__)}) → <code>{esc(shape_text(shape))}</code></h4>'
                      f'<div class="cd-pics">{pics}</div></section>')
    meta = images.CATALOG[name]
    html = ('<div class="cd-result cd-maps">'
            + figure(img, f"input {esc(shape_text(img.shape))}", f"{meta['title']} ({meta['credit']})")
            + "".join(stages)
            + '<p class="cd-result__facts">Each map is scaled from 0 (black, no response: ReLU '
              "silenced it) to white at the value that 98% of its pixels stay below. Pooling halves the height and width "
              "and keeps the strongest response of each 2 × 2 window.</p></div>")
    return result(True, html)


__all__ = ["FIELDS", "LIVE", "render"]
