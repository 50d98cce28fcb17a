"""The Conv2D calculator: output shape, parameter count, derivation, the Keras line to copy.

The layer is built with the Keras mirror exactly as the user's values say; every number shown
comes from that layer, and the derivation explains it (``calculator.derive``).
"""

from __future__ import annotations

from . import (MAX_CHANNELS, MAX_SIDE, MAX_WINDOW, Field, code_html, derivation_html,
               error_note, esc, field_errors, fmt_int,
               human_bytes, result)
from ._torch_view import torch_view_html

LIVE = True

FIELDS = [
    Field("filters", "filters", "number", "32",
          help="K, the number of kernels = output channels"),
    Field("kernel_size", "kernel_size", "text", "3",
          help="F: 3 or 3, 3 (height, width)"),
    Field("strides", "strides", "text", "2", help="S: 1, 2 or 2, 2"),
    Field("padding", "padding", "select", "same", options=["valid", "same"]),
    Field("dilation_rate", "dilation_rate", "text", "1",
          help="D: gaps between kernel taps; must be 1 when strides > 1"),
    Field("input_shape", "input_shape", "text", "128, 128, 3",
          help="height, width, channels (channels first with data_format channels_first)"),
    Field("data_format", "data_format", "select", "channels_last",
          options=["channels_last", "channels_first"]),
    Field("use_bias", "use_bias", "checkbox", "true"),
]

LIMITS = {"filters": MAX_CHANNELS, "kernel_size": MAX_WINDOW, "strides": MAX_WINDOW,
          "dilation_rate": MAX_WINDOW, "input_shape": MAX_SIDE}

_ORDER = ("filters", "kernel_size", "strides", "padding", "dilation_rate", "data_format",
          "use_bias")


def parse_values(values: dict, layer: str = "Conv2D"):
    """``(kwargs, input_shape, errors)`` from the raw strings, one message per bad field."""
    from .. import parse
    kwargs, errors = {}, {}
    n = parse.expected_rank(layer) - 1 if parse.expected_rank(layer) else None
    readers = {
        "filters": lambda v: parse.parse_int(v, "filters"),
        "kernel_size": lambda v: parse.parse_size(v, "kernel_size", n=n),
        "strides": lambda v: parse.parse_size(v, "strides", n=n),
        "padding": lambda v: parse.parse_choice(v, "padding", ("valid", "same")),
        "dilation_rate": lambda v: parse.parse_size(v, "dilation_rate", n=n),
        "data_format": lambda v: parse.parse_choice(v, "data_format",
                                                    ("channels_last", "channels_first"),
                                                    default="channels_last"),
        "use_bias": lambda v: parse.parse_bool(v, "use_bias"),
    }
    for key in _ORDER:
        if key not in values:
            continue
        raw = values.get(key)
        if key in ("dilation_rate", "strides") and not str(raw).strip():
            continue  # empty: Keras's default
        try:
            kwargs[key] = readers[key](raw)
        except ValueError as e:
            errors.update(field_errors(e, key))
    shape = None
    try:
        shape = parse.parse_shape(values.get("input_shape", ""), "input_shape", layer=layer)
    except ValueError as e:
        errors.update(field_errors(e, "input_shape"))
    return kwargs, shape, errors


def render(values: dict) -> dict:
    from .. import api
    kwargs, shape, errors = parse_values(values)
    if errors:
        return result(False, _calm(errors), errors)
    try:
        lyr, kwargs, shape = api.build_layer("Conv2D", kwargs, shape)
        info = api.describe_layer(lyr, kwargs, shape)
    except Exception as e:  # noqa: BLE001 - Keras says no: show it at the field
        errors = field_errors(e, "input_shape")
        return result(False, _calm(errors), errors)
    return result(True, layer_html(info) + torch_view_html(lyr))


def _calm(errors: dict) -> str:
    field, msg = next(iter(errors.items()))
    more = len(errors) - 1
    tail = f" ({more} more field{'s' if more > 1 else ''} to fix.)" if more else ""
    return error_note(f"{field}: {msg}{tail}",
                      "Keras would not accept this — fix the value marked above")


def layer_html(info: dict) -> str:
    """The result area for a built layer (``api.describe_layer``'s dict)."""
    st = info["stats"]
    nt = info["non_trainable"]
    split = (f' <span class="cd-result__split">({fmt_int(info["trainable"])} trainable, '
             f'{fmt_int(nt)} non-trainable)</span>' if nt else "")
    head = (
        '<div class="cd-result__head">'
        f'<p class="cd-result__shape">Output shape <code data-result="output_shape">'
        f'{esc(info["output_shape_text"])}</code></p>'
        f'<p class="cd-result__params">Parameters <strong data-result="params">'
        f'{fmt_int(info["params"])}</strong>{split}</p>'
        '</div>')
    why = (" (the output size depends on an axis given as None)"
           if st["macs"] is None or st["activation_bytes"] is None else "")
    facts = (
        '<ul class="cd-result__facts">'
        f'<li>Multiply–accumulates per image: {fmt_int(st["macs"])}{esc(why)}</li>'
        f'<li>Output memory (float32): {esc(human_bytes(st["activation_bytes"]))}{esc(why)}</li>'
        f'<li>Weight memory (float32): {esc(human_bytes(st["param_bytes"]))}</li>'
        '</ul>')
    weights = ""
    if info.get("weights"):
        rows = "".join(
            f'<tr><td>{esc(w["name"].split("/")[-1])}</td><td><code>{esc(tuple(w["shape"]))}'
            f'</code></td><td>{fmt_int(w["size"])}</td></tr>' for w in info["weights"])
        weights = ('<table class="cd-result__weights"><thead><tr><th>weight</th><th>shape</th>'
                   f'<th>size</th></tr></thead><tbody>{rows}</tbody></table>')
    deriv = ('<details class="cd-result__derivation" open><summary>How Keras gets there'
             f'</summary>{derivation_html(info["derivation"])}</details>')
    code = ('<p class="cd-result__code-label">The Keras line:</p>'
            + code_html(info["keras_code"]))
    return f'<div class="cd-result">{head}{facts}{deriv}{weights}{code}</div>'


__all__ = ["FIELDS", "LIVE", "render", "parse_values", "layer_html"]
