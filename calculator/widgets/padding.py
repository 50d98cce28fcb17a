"""Stride and padding explorer: one axis of a convolution, drawn.

Shows where every window lands on the (padded) input, how ``same`` splits its padding
(top/left gets ``P // 2``, bottom/right the extra pixel), which pixels ``valid`` drops, and
the derivation. The output length is the real layer's (a ``Conv1D`` over the ``n`` pixels:
the rule is the same per axis for Conv2D, and Keras's own errors apply, e.g. strides > 1
with dilation_rate > 1).
"""

from __future__ import annotations

from ..derive import plural
from . import (MAX_SIDE, MAX_WINDOW, Field, derivation_html, error_note, esc, field_errors,
               math_inline, result, scrolling_figure)

LIVE = True

FIELDS = [
    Field("input_size", "input size (pixels)", "number", "7",
          help="n: the input's width along this axis"),
    Field("kernel_size", "kernel_size", "number", "3", help="F"),
    Field("strides", "strides", "number", "2", help="S"),
    Field("padding", "padding", "select", "same", options=["valid", "same"]),
    Field("dilation_rate", "dilation_rate", "number", "1", help="D"),
]

LIMITS = {"input_size": MAX_SIDE, "kernel_size": MAX_WINDOW, "strides": MAX_WINDOW,
          "dilation_rate": MAX_WINDOW}

MAX_DRAWN = 40      # pixels drawn (padding included); larger inputs get the numbers only
MAX_WINDOWS = 12    # window rows drawn
MAX_TAPS = 16       # pixels listed per window in the table


def _values(values):
    from .. import parse
    out, errors = {}, {}
    for key, minimum in (("input_size", 1), ("kernel_size", 1), ("strides", 1),
                         ("dilation_rate", 1)):
        try:
            raw = values.get(key, "")
            if key == "dilation_rate" and not str(raw).strip():
                out[key] = 1
                continue
            out[key] = parse.parse_int(raw, key, minimum=minimum)
        except ValueError as e:
            errors.update(field_errors(e, key))
    try:
        out["padding"] = parse.parse_choice(values.get("padding", "same"), "padding",
                                            ("valid", "same"))
    except ValueError as e:
        errors.update(field_errors(e, "padding"))
    return out, errors


def render(values: dict) -> dict:
    from .. import api, derive, shapes
    v, errors = _values(values)
    if errors:
        f, m = next(iter(errors.items()))
        return result(False, error_note(f"{f}: {m}"), errors)
    n, k, s, p, d = (v["input_size"], v["kernel_size"], v["strides"], v["padding"],
                     v["dilation_rate"])
    try:
        lyr, _, _ = api.build_layer("Conv1D", {"filters": 1, "kernel_size": k,
                                               "strides": s, "padding": p,
                                               "dilation_rate": d}, (n, 1))
        out = lyr.output.shape[1]
    except Exception as e:  # noqa: BLE001
        errs = {f: m.replace(" along axis 1 (length)", "")
                for f, m in field_errors(e, "kernel_size").items()}
        if "input_shape" in errs:
            errs = {"input_size": errs.pop("input_shape")}
        f, m = next(iter(errs.items()))
        return result(False, error_note(m.replace(" along axis 1 (length)", "")), errs)
    length, steps = derive.conv_axis(n, k, s, p, d, "W")
    keff = shapes.effective_kernel_size(k, d)
    if p == "same":
        total, before, after = shapes.same_padding(n, k, s, d)
    else:
        total = before = after = 0
    first = -before
    covered_to = first + (out - 1) * s + keff if out > 0 else 0
    dropped = max(n - covered_to, 0) if p == "valid" else 0
    # the window starts, for drawing only (never a list the size of a huge input)
    starts = [first + i * s for i in range(min(out, 200))]
    summary = _summary(n, k, s, p, d, out, keff, total, before, after, dropped)
    svg = _svg(n, keff, d, s, starts, before, after, dropped, out)
    table = _windows_table(starts, k, d, n) if out <= 64 else ""
    deriv = derivation_html({"steps": steps})
    html = (f'<div class="cd-result cd-padding">'
            f'<p class="cd-result__shape">Output length '
            f'<strong data-result="output_length">{out}</strong> '
            f'{math_inline(f"W_{{{chr(92)}text{{out}}}} = {out}")}</p>'
            f'<p class="cd-padding__summary">{esc(summary)}</p>'
            f'{svg}{deriv}{table}</div>')
    if length != out:  # cannot happen while derive follows the layer; say so if it does
        html += error_note(f"derivation gives {length}, the layer {out}", "Mismatch")
    return result(True, html)


def _summary(n, k, s, p, d, out, keff, total, before, after, dropped):
    span = (f"spans {plural(keff, 'pixel')} (kernel {k}, dilation {d})" if d > 1
            else f"spans {plural(k, 'pixel')}")
    if p == "same":
        if total == 0:
            pad = "same needs no padding here"
        elif before == after:
            pad = f"same pads {total} pixels: {before} left and {after} right"
        else:
            pad = (f"same pads {total} pixel{'s' if total != 1 else ''}: {before} left and "
                   f"{after} right — the total is odd, so the extra pixel goes to the right "
                   f"(bottom for rows)")
        return (f"The window {span} and moves {s} at a time; {pad}. {out} windows fit: "
                f"ceil({n} / {s}) = {out}.")
    drop = (f" The last {dropped} pixel{'s are' if dropped != 1 else ' is'} never read: "
            f"the floor drops {'them' if dropped != 1 else 'it'}." if dropped else
            " Every pixel is read: nothing is dropped.")
    return (f"valid adds no padding. The window {span} and moves {s} at a time, so {out} "
            f"windows fit: floor(({n} - {keff}) / {s}) + 1 = {out}.{drop}")


_LABEL_UNITS = 12  # every label's font-size in the viewBox: the figure never renders smaller


def _svg(n, keff, d, s, starts, before, after, dropped, out):
    cells = before + n + after
    if cells > MAX_DRAWN:
        return (f'<p class="cd-padding__nodraw">The drawing shows up to {MAX_DRAWN} pixels; '
                f'this axis has {cells} with padding.</p>')
    c = 26 if cells <= 20 else 16
    x0, y0 = 40, 18
    rows = min(out, MAX_WINDOWS)
    width = x0 + cells * c + 10
    height = y0 + c + 12 + rows * (c * 0.6 + 6) + 18
    parts = [f'<svg class="cd-padding__svg" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
             f'aria-label="{esc(_title(n, before, after, out, dropped))}">'
             f'<title>{esc(_title(n, before, after, out, dropped))}</title>']
    parts.append(f'<text x="2" y="{y0 + c * 0.68:.1f}" class="cd-svg__label" '
                 f'font-size="{_LABEL_UNITS}">input</text>')
    for i in range(cells):
        idx = i - before
        x = x0 + i * c
        if idx < 0 or idx >= n:
            cls, label = "cd-svg__pad", "0"
        elif idx >= n - dropped:
            cls, label = "cd-svg__dropped", str(idx)
        else:
            cls, label = "cd-svg__pixel", str(idx)
        parts.append(f'<rect class="{cls}" x="{x}" y="{y0}" width="{c}" height="{c}" '
                     f'fill="{_FILL[cls]}" stroke="currentColor" stroke-width="1"'
                     f'{_DASH.get(cls, "")}/>')
        parts.append(f'<text x="{x + c / 2:.1f}" y="{y0 + c * 0.68:.1f}" '
                     f'text-anchor="middle" font-size="{_LABEL_UNITS}">{esc(label)}</text>')
    y = y0 + c + 12
    h = c * 0.6
    for r, st in enumerate(starts[:rows]):
        xs = x0 + (st + before) * c
        parts.append(f'<text x="2" y="{y + h * 0.8:.1f}" class="cd-svg__label" '
                     f'font-size="{_LABEL_UNITS}">out {r}</text>')
        parts.append(f'<rect class="cd-svg__window" x="{xs + 1}" y="{y:.1f}" '
                     f'width="{keff * c - 2}" height="{h:.1f}" rx="3" fill="none" '
                     f'stroke="currentColor" stroke-width="1.5"/>')
        for t in range(0, keff, d):
            parts.append(f'<rect class="cd-svg__tap" x="{xs + t * c + c * 0.25:.1f}" '
                         f'y="{y + h * 0.2:.1f}" width="{c * 0.5:.1f}" height="{h * 0.6:.1f}" '
                         f'fill="currentColor" opacity="0.55"/>')
        y += h + 6
    if out > rows:
        parts.append(f'<text x="{x0}" y="{y + 10:.1f}" font-size="{_LABEL_UNITS}">… and '
                     f'{out - rows} more windows</text>')
    parts.append("</svg>")
    legend = ('<p class="cd-padding__legend">Dashed cells: zero padding; grey cells: pixels '
              'no window reads; each bar below is one window (one output pixel), its dark '
              'marks the taps the kernel multiplies.</p>')
    return scrolling_figure("".join(parts), width, _LABEL_UNITS, grow=1.6) + legend


_FILL = {"cd-svg__pad": "none", "cd-svg__pixel": "none", "cd-svg__dropped": "#9e9e9e"}
_DASH = {"cd-svg__pad": ' stroke-dasharray="3 2"'}


def _title(n, before, after, windows, dropped):
    t = f"Input of {n} pixels"
    if before or after:
        t += f" with {before} padding on the left and {after} on the right"
    t += f"; {windows} window positions"
    if dropped:
        t += f"; {dropped} pixels dropped at the end"
    return t


def _windows_table(starts, k, d, n):
    if not starts or len(starts) > 64:
        return ""
    rows = []
    # A window of more than MAX_TAPS pixels is listed by its ends (the table stays small).
    ends = MAX_TAPS // 2
    picked = range(k) if k <= MAX_TAPS else [*range(ends), None, *range(k - ends, k)]
    for i, st in enumerate(starts):
        shown = ", ".join(f"… {k - 2 * ends} more …" if t is None else
                          str(st + t * d) if 0 <= st + t * d < n else "pad" for t in picked)
        rows.append(f"<tr><td>{i}</td><td>{esc(shown)}</td></tr>")
    return ('<details class="cd-padding__table"><summary>Which input pixels each output '
            'reads</summary><table><thead><tr><th>output</th><th>input pixels</th></tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></details>')


__all__ = ["FIELDS", "LIVE", "render"]
