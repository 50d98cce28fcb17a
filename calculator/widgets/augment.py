"""An augmentation layer on a real photo: four random draws of the same layer.

Each draw transforms the photo the way the Keras layer does in training (the same kind of
transform, the same range for ``factor``, reflect filling, bilinear resampling); the random
values are drawn by :mod:`calculator.imageops` from ``seed`` (Keras's generator would pick
other values in the same range). The output shape is the Keras layer's, computed by the
calculator and checked against the pictures.
"""

from __future__ import annotations

import random

from . import Field, error_note, esc, result
from ._pictures import IMAGE_FIELD, checked_shape, figure, read_choices, shape_text

LIVE = False
BUTTON = "Draw again"
TITLE = "Augmentation on a photo"

_LAYERS = ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
           "RandomCrop"]

FIELDS = [
    IMAGE_FIELD,
    Field("layer", "layer", "select", "RandomRotation", options=_LAYERS),
    Field("factor", "factor", "text", "0.1",
          help="0 to 0.5; RandomCrop takes the crop size (height = width) instead, 8 to 96"),
    Field("seed", "seed", "number", "1", help="another seed, other draws"),
]


def _keras_layer(name, factor):
    from ..keras import layers

    if name == "RandomFlip":
        return layers.RandomFlip()
    if name == "RandomCrop":
        return layers.RandomCrop(int(factor), int(factor))
    if name == "RandomTranslation":
        return layers.RandomTranslation(factor, factor)
    return getattr(layers, name)(factor)


def render(values: dict) -> dict:
    from .. import images, imageops
    from ..keras import Input

    errors = {}
    chosen = read_choices(values, {"image": ("cat", list(images.CATALOG)),
                                   "layer": ("RandomRotation", _LAYERS)}, errors)
    name, layer_name = chosen["image"], chosen["layer"]
    raw = str(values.get("factor", "")).strip()
    factor = None
    try:
        factor = float(raw)
        if layer_name == "RandomCrop":
            if factor != int(factor) or not 8 <= factor <= 96:
                raise ValueError
        elif not 0 <= factor <= 0.5:
            raise ValueError
    except ValueError:
        errors["factor"] = ("For RandomCrop, factor is the crop size: a whole number from 8 to 96."
                            if layer_name == "RandomCrop" else
                            f"factor must be a number from 0 to 0.5 here, not {raw!r}.")
    try:
        seed = int(str(values.get("seed", "1")).strip())
        if not 0 <= seed <= 10 ** 9:
            raise ValueError
    except ValueError:
        errors["seed"] = "seed must be a whole number from 0 to 1,000,000,000."
    if errors:
        return result(False, error_note(next(iter(errors.values()))), errors)
    img = images.load(name)
    layer = _keras_layer(layer_name, factor)
    layer(Input(shape=img.shape))
    rng = random.Random(seed)
    pics = []
    for i in range(4):
        out, drawn = imageops.augment(img, layer_name, factor, rng, size=int(factor) if layer_name == "RandomCrop" else None)
        shape = checked_shape(layer, out, layer_name)
        pics.append(figure(out, f"draw {i + 1}: {esc(drawn)}", f"{layer_name}, draw {i + 1}: {drawn}"))
    meta = images.CATALOG[name]
    html = ('<div class="cd-result"><div class="cd-pics">'
            + figure(img, f"input {esc(shape_text(img.shape))}", f"{meta['title']} ({meta['credit']})")
            + "".join(pics) + "</div>"
            f'<p class="cd-result__facts"><code>{esc(layer_name)}</code> on '
            f"{esc(shape_text(img.shape))} outputs <strong>{esc(shape_text(shape))}</strong> in "
            "training. The draws are the calculator's own; Keras would draw other values in the "
            "same range.</p></div>")
    return result(True, html)


__all__ = ["FIELDS", "LIVE", "BUTTON", "render"]
