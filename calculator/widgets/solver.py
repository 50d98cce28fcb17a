"""Inverse solver widget: input size + wanted output size -> the settings that give it."""

from __future__ import annotations

from . import Field, code_html, derivation_html, error_note, esc, field_errors, result, MAX_SIDE

LIVE = True

FIELDS = [
    Field("input_size", "input size", "number", "128", help="n, e.g. 128 for 128 × 128"),
    Field("output_size", "output size", "number", "64", help="the size you want"),
    Field("layer", "layer", "select", "Conv2D",
          options=["Conv2D", "MaxPooling2D", "AveragePooling2D", "Conv2DTranspose"]),
    Field("padding", "padding", "select", "valid or same",
          options=["valid or same", "valid", "same"]),
    Field("kernel_size", "kernel_size range", "text", "1-11", help="F from-to"),
    Field("strides", "strides range", "text", "1-4", help="S from-to"),
    Field("dilation_rate", "dilation_rate range", "text", "1-3", help="D from-to"),
]

LIMITS = {"input_size": MAX_SIDE, "output_size": MAX_SIDE}

MAX_SHOWN = 30


def parse_range(text, field, hard_max):
    """``"1-11"``, ``"1..11"``, ``"1 to 11"``, ``"3"`` -> ``(lo, hi)``."""
    from .. import parse
    t = str(text).strip().lower().replace("..", "-").replace(" to ", "-").replace("–", "-")
    if not t:
        raise parse.ParseError(f"{field} is empty: type a range like 1-{hard_max}", field)
    parts = [x for x in t.replace(",", "-").split("-") if x.strip()]
    try:
        nums = [parse.parse_int(x, field) for x in parts]
    except ValueError:
        raise parse.ParseError(f"{field} must be a range like 1-{hard_max} or one number",
                               field) from None
    if len(nums) == 1:
        nums = nums * 2
    if len(nums) != 2 or nums[0] > nums[1]:
        raise parse.ParseError(f"{field} must be a range low-high like 1-{hard_max}", field)
    if nums[1] > hard_max:
        raise parse.ParseError(f"{field} goes up to {hard_max} here (got {nums[1]})", field)
    return tuple(nums)


def render(values: dict) -> dict:
    from .. import parse, solver
    errors, kw = {}, {}
    for key in ("input_size", "output_size"):
        try:
            kw[key] = parse.parse_int(values.get(key, ""), key)
        except ValueError as e:
            errors.update(field_errors(e, key))
    for key, arg, hard in (("kernel_size", "kernel", 31), ("strides", "stride", 16),
                           ("dilation_rate", "dilation", 8)):
        try:
            kw[arg] = parse_range(values.get(key, ""), key, hard)
        except ValueError as e:
            errors.update(field_errors(e, key))
    layer = values.get("layer") or "Conv2D"
    if layer not in solver.SUPPORTED_LAYERS:
        errors["layer"] = f"layer must be one of {', '.join(FIELDS[2].options)}"
    pad = (values.get("padding") or "valid or same").lower()
    pads = ["valid", "same"] if "or" in pad else [pad]
    if any(p not in ("valid", "same") for p in pads):
        errors["padding"] = "padding must be valid or same"
    if errors:
        f, m = next(iter(errors.items()))
        return result(False, error_note(f"{f}: {m}"), errors)
    try:
        res = solver.solve(kw["input_size"], kw["output_size"], kernel=kw["kernel"],
                           stride=kw["stride"], dilation=kw["dilation"], padding=pads,
                           layer=layer)
    except Exception as e:  # noqa: BLE001
        errs = field_errors(e, "input_size")
        return result(False, error_note(next(iter(errs.values()))), errs)
    return result(True, solutions_html(res))


def solutions_html(res: dict) -> str:
    sols = res["solutions"]
    head = f'<p class="cd-solver__summary">{esc(res["summary"])}</p>'
    if not sols:
        return (f'<div class="cd-result cd-solver">{head}<p class="cd-solver__why">'
                f'{esc(res["explanation"])}</p></div>')
    pool = res["layer"].startswith(("MaxPooling", "AveragePooling"))
    kname = "pool_size" if pool else "kernel_size"
    rows = []
    for sol in sols[:MAX_SHOWN]:
        rows.append(
            f'<tr><td>{sol["kernel_size"]}</td><td>{sol["strides"]}</td>'
            f'<td>{esc(sol["padding"])}</td>'
            + ("" if pool else f'<td>{sol["dilation_rate"]}</td>')
            + f'<td><code>{esc(sol["keras_code"])}</code></td></tr>')
    more = (f'<p>… and {len(sols) - MAX_SHOWN} more.</p>' if len(sols) > MAX_SHOWN else "")
    table = ('<table class="cd-solver__table"><thead><tr>'
             f'<th>{kname}</th><th>strides</th><th>padding</th>'
             + ("" if pool else "<th>dilation_rate</th>")
             + f'<th>Keras</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{more}')
    typical = 2 if pool else 3
    first = next((x for x in sols if x["kernel_size"] == typical and x["dilation_rate"] == 1),
                 sols[0])
    why = ""
    if first.get("derivation"):
        why = (f'<details class="cd-solver__derivation"><summary>Why {esc(kname)}='
               f'{first["kernel_size"]}, strides={first["strides"]}, padding='
               f'{esc(first["padding"])} works</summary>'
               f'{derivation_html(first["derivation"])}</details>')
    return (f'<div class="cd-result cd-solver">{head}{table}{why}'
            + code_html(first["keras_code"]) + '</div>')


__all__ = ["FIELDS", "LIVE", "render", "parse_range", "solutions_html"]
