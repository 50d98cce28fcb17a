"""Shared pieces of the image widgets: the sample-image field, a picture as ``<figure>``, and
the Keras layer whose output shape a picture must have (checked, never assumed)."""

from __future__ import annotations

from . import Field, esc

IMAGE_FIELD = Field("image", "image", "select", "cat", options=["cat", "astronaut", "camera"],
                    help="96 × 96 sample photos (cat, camera: CC0; astronaut: NASA, public domain)")


def figure(image, caption: str, alt: str, low: float | None = None, high: float | None = None,
           size: int = 144) -> str:
    """``<figure>`` with the image as a PNG data URL, values mapped from [low, high]
    (default: 0–255) to black–white, drawn ``size`` CSS pixels wide with crisp pixels."""
    from .. import images

    lo = 0.0 if low is None else low
    hi = 255.0 if high is None else high
    url = images.png_data_url(image, lo, hi)
    return (f'<figure class="cd-pic"><img src="{url}" width="{size}" height="{size * image.height // image.width}" '
            f'alt="{esc(alt)}"><figcaption>{caption}</figcaption></figure>')


def read_choices(values: dict, choices: dict, errors: dict) -> dict:
    """``{field: option}`` for select fields ``choices = {field: (default, options)}``;
    a value that is not an option goes to ``errors[field]`` (and reads as ``None``)."""
    from .. import parse

    out = {}
    for field, (default, options) in choices.items():
        try:
            out[field] = parse.parse_choice(values.get(field, default), field, options)
        except ValueError as e:
            errors[field] = str(e)
            out[field] = None
    return out


def checked_shape(layer_or_model, picture, what: str) -> tuple:
    """The Keras output shape of ``layer_or_model`` (batch axis dropped), after checking that
    ``picture`` has it: the drawing and the calculator must agree, or nothing is shown."""
    shape = tuple(layer_or_model.output.shape[1:]) if hasattr(layer_or_model, "output") else \
        tuple(layer_or_model)
    if tuple(picture.shape) != shape:
        raise AssertionError(f"{what}: the picture is {picture.shape} but the layer's output is "
                             f"{shape}; refusing to draw a picture that disagrees with the shape")
    return shape


def shape_text(shape) -> str:
    return "(None, " + ", ".join(str(d) for d in shape) + ")"
