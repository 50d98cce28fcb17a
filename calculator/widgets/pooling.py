"""The pooling calculator: MaxPooling2D, AveragePooling2D and the global poolings.

The layer is built with the Keras mirror; shape, parameter count (always 0) and derivation
come from it. ``strides`` left empty means Keras's default: the pool size.
"""

from __future__ import annotations

from . import Field, error_note, field_errors, result, MAX_SIDE, MAX_WINDOW
from ._torch_view import torch_view_html
from .conv2d import layer_html

LIVE = True
TITLE = "Pooling calculator"

LAYERS = ["MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D"]

FIELDS = [
    Field("layer", "layer", "select", "MaxPooling2D", options=LAYERS),
    Field("pool_size", "pool_size", "text", "2", help="2 or 2, 2 (ignored by global pooling)"),
    Field("strides", "strides", "text", "", help="empty: the pool size (Keras's default)"),
    Field("padding", "padding", "select", "valid", options=["valid", "same"]),
    Field("input_shape", "input_shape", "text", "32, 32, 16", help="height, width, channels"),
]

LIMITS = {"pool_size": MAX_WINDOW, "strides": MAX_WINDOW, "input_shape": MAX_SIDE}


def _note(field: str, message: str) -> str:
    """The result area's note: the message as the field shows it, without repeating its name."""
    text = message if message.startswith(field) else f"{field}: {message}"
    return error_note(text, "Keras would not accept this — fix the value marked above")


def render(values: dict) -> dict:
    from .. import api, parse

    errors, kwargs = {}, {}
    try:
        layer = parse.parse_choice(values.get("layer", "MaxPooling2D"), "layer", LAYERS)
    except ValueError as e:
        return result(False, error_note(str(e)), field_errors(e, "layer"))
    if not layer.startswith("Global"):
        for key in ("pool_size", "strides"):
            raw = str(values.get(key, "")).strip()
            if not raw:
                continue
            try:
                kwargs[key] = parse.parse_size(raw, key, n=2)
            except ValueError as e:
                errors.update(field_errors(e, key))
        try:
            kwargs["padding"] = parse.parse_choice(values.get("padding", "valid"), "padding", ("valid", "same"))
        except ValueError as e:
            errors.update(field_errors(e, "padding"))
    try:
        shape = parse.parse_shape(values.get("input_shape", ""), "input_shape", layer=layer)
    except ValueError as e:
        errors.update(field_errors(e, "input_shape"))
    if errors:
        f, m = next(iter(errors.items()))
        return result(False, _note(f, m), errors)
    try:
        lyr, kwargs, shape = api.build_layer(layer, kwargs, shape)
        info = api.describe_layer(lyr, kwargs, shape)
    except Exception as e:  # noqa: BLE001 - Keras says no: show it at the field
        errors = field_errors(e, "input_shape")
        f, m = next(iter(errors.items()))
        return result(False, _note(f, m), errors)
    return result(True, layer_html(info) + torch_view_html(lyr))
