"""A hand-designed filter on a real photo: what one ``Conv2D`` filter computes, pixel by pixel.

The filter is ``kernel_size`` x ``kernel_size`` x ``C`` (``C`` the photo's channels), applied as
Keras applies it (:func:`calculator.imageops.convolve`); the output picture maps the filter's
smallest response to black and its largest to white, and its size is checked against the
output shape of the ``Conv2D(filters=1, ...)`` layer the calculator builds for the same
settings.
"""

from __future__ import annotations

from . import Field, error_note, esc, result
from ._pictures import IMAGE_FIELD, checked_shape, figure, read_choices, shape_text

LIVE = True
TITLE = "A filter on a photo"

_FILTERS = ["vertical edges", "horizontal edges", "blur", "sharpen", "outline", "identity", "custom"]

FIELDS = [
    IMAGE_FIELD,
    Field("filter", "filter", "select", "vertical edges", options=_FILTERS),
    Field("kernel", "custom kernel (rows of numbers)", "textarea", "1 0 -1\n1 0 -1\n1 0 -1",
          help="used when filter is custom: F rows of F numbers, at most 7 × 7"),
    Field("strides", "strides", "number", "1", help="1 to 4"),
    Field("padding", "padding", "select", "valid", options=["valid", "same"]),
]


def _custom_kernel(text: str):
    rows = [r.replace(",", " ").split() for r in text.strip().splitlines() if r.strip()]
    size = len(rows)
    if not 1 <= size <= 7 or any(len(r) != size for r in rows):
        raise ValueError("custom kernel: write F rows of F numbers (F from 1 to 7), e.g. three "
                         "rows of three numbers for a 3 × 3 filter")
    try:
        return [[float(v) for v in r] for r in rows]
    except ValueError:
        raise ValueError("custom kernel: every entry must be a number, such as -1, 0.5 or 2") from None


def _kernel_table(k2d) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{v:g}</td>" if v == int(v) else f"<td>{v:.3g}</td>"
                                     for v in row) + "</tr>" for row in k2d)
    return f'<table class="cd-kernel" aria-label="the filter\'s weights"><tbody>{cells}</tbody></table>'


def render(values: dict) -> dict:
    from .. import images, imageops
    from ..keras import layers, Input

    errors = {}
    chosen = read_choices(values, {"image": ("cat", list(images.CATALOG)),
                                   "filter": ("vertical edges", _FILTERS)}, errors)
    name, filt = chosen["image"], chosen["filter"]
    k2d = None
    if filt == "custom":
        try:
            k2d = _custom_kernel(values.get("kernel", ""))
        except ValueError as e:
            errors["kernel"] = str(e)
    elif filt:
        k2d = imageops.FILTERS[filt]
    try:
        strides = int(str(values.get("strides", "1")).strip())
        if not 1 <= strides <= 4:
            raise ValueError
    except ValueError:
        errors["strides"] = "strides must be a whole number from 1 to 4 here."
    padding = values.get("padding", "valid")
    if padding not in ("valid", "same"):
        errors["padding"] = "padding must be 'valid' or 'same'."
    if errors:
        return result(False, error_note(next(iter(errors.values()))), errors)
    img = images.load(name)
    f = len(k2d)
    conv = layers.Conv2D(filters=1, kernel_size=f, strides=strides, padding=padding)
    conv(Input(shape=img.shape))
    out = imageops.convolve(img, imageops.kernel_for(k2d, img.channels), strides, padding)
    shape = checked_shape(conv, out, "Conv2D")
    lo, hi = imageops.value_range(out)
    meta = images.CATALOG[name]
    html = (
        '<div class="cd-result cd-pics">'
        + figure(img, f"input {esc(shape_text(img.shape))}", f"{meta['title']} ({meta['credit']})")
        + f'<div class="cd-pics__kernel">{_kernel_table(k2d)}<p>× {img.channels} channel'
        + ("s, each weight ÷ 3: the filter sums the channels, so it sees brightness" if img.channels > 1 else "")
        + "</p></div>"
        + figure(out, f"output {esc(shape_text(shape))}",
                 f"The filter's response: bright where it is high, dark where it is low",
                 lo, hi)
        + "</div>"
        f'<p class="cd-result__facts"><code>Conv2D(filters=1, kernel_size={f}, strides={strides}, '
        f"padding='{padding}')</code> on {esc(shape_text(img.shape))} gives "
        f"<strong>{esc(shape_text(shape))}</strong>. The responses run from {lo:,.0f} (black) to "
        f"{hi:,.0f} (white); {conv.count_params():,} parameters "
        f"({f} × {f} × {img.channels} weights + 1 bias).</p>")
    return result(True, html)


__all__ = ["FIELDS", "LIVE", "render"]
