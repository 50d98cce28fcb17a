"""The inverse problem: which settings turn an input size into a wanted output size?

Given an input length ``n`` (one spatial axis, e.g. 128 for a 128×128 image) and a wanted
output length ``m``, :func:`solve` lists every ``(kernel_size, strides, padding,
dilation_rate)`` within the bounds that gives ``m`` — each one checked by building the real
layer (``calculator.keras.layers``) and asking it for its output shape, so Keras's own
errors are respected (``strides > 1`` together with ``dilation_rate > 1`` is an error for
``Conv2D``) — with the derivation that explains it. When nothing fits, the answer says why:
``same`` can only give ``ceil(n / S)``; ``valid`` with stride ``S`` needs an effective kernel
``F_eff`` with ``n - m·S < F_eff <= n - (m - 1)·S``; a convolution never makes a map larger.

    >>> r = solve(128, 64)
    >>> (r["solutions"][0]["kernel_size"], r["solutions"][0]["strides"])
    (1, 2)
    >>> any(s["padding"] == "same" and s["kernel_size"] == 3 for s in r["solutions"])
    True
"""

from __future__ import annotations

from . import shapes

__all__ = ["solve", "DEFAULT_BOUNDS", "SUPPORTED_LAYERS"]

DEFAULT_BOUNDS = {"kernel": (1, 11), "stride": (1, 4), "dilation": (1, 3),
                  "padding": ("valid", "same")}

SUPPORTED_LAYERS = ("Conv1D", "Conv2D", "Conv3D", "MaxPooling1D", "MaxPooling2D",
                    "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
                    "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")

MAX_SOLUTIONS = 200
# Upper bounds of the search, so one request stays well under a second: each range ends at
# most at MAX_RANGE, and all ranges together give at most MAX_COMBINATIONS settings to try.
MAX_RANGE = 1000
MAX_COMBINATIONS = 100_000


def _bounds(value, default, name):
    """``None`` -> ``default``; ``5`` -> ``(5, 5)``; ``(lo, hi)`` checked: 1 <= lo <= hi <= 1000."""
    from .parse import parse_int
    if value is None:
        return default
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, tuple):
        value = (value, value)
    if len(value) == 1:
        value = value * 2
    if len(value) != 2:
        raise _err(f"{name} range is two numbers, low and high, like 1-11; got {len(value)}",
                   name)
    lo, hi = (parse_int(v, name, maximum=MAX_RANGE) for v in value)
    if hi < lo:
        raise _err(f"{name} range must be 1 <= low <= high, got {lo}..{hi}", name)
    return lo, hi


def _err(message, field):
    e = ValueError(message)
    e.field = field
    return e


def _rank(layer: str) -> int:
    return {"1D": 1, "2D": 2, "3D": 3}[layer[-2:]] if "Transpose" not in layer else \
        {"1DTranspose": 1, "2DTranspose": 2, "3DTranspose": 3}[layer[-11:]]


def _layer_class(layer: str):
    try:
        from .keras import layers as klayers  # lazy: the Keras mirror
    except Exception:  # noqa: BLE001
        return None
    return getattr(klayers, layer, None)


def _verify(cls, layer, n, k, s, p, d):
    """The real layer's output length, or (None, error message) when Keras refuses."""
    if cls is None:  # the mirror is not importable: apply Keras's rules here
        if s > 1 and d > 1 and layer.startswith("Conv"):
            return None, (f"strides > 1 together with dilation_rate > 1 is not supported "
                          f"by {layer} (strides={s}, dilation_rate={d})")
        return _rule(layer, n, k, s, p, d), None
    rank = _rank(layer)
    kwargs = {"padding": p, "strides": s}
    if layer.startswith(("MaxPooling", "AveragePooling")):
        kwargs["pool_size"] = k
    else:
        kwargs.update(filters=1, kernel_size=k, dilation_rate=d)
    try:
        lyr = cls(**kwargs)
        shape = lyr.compute_output_shape((None, *([n] * rank), 1))
    except Exception as e:  # noqa: BLE001 - Keras says no: not a solution
        return None, str(e)
    return tuple(shape)[1], None


def _rule(layer, n, k, s, p, d):
    if layer.startswith(("MaxPooling", "AveragePooling")):
        return shapes.pooling_output_length(n, k, s, p)
    if "Transpose" in layer:
        return shapes.conv_transpose_output_length(n, k, s, p, None, d)
    return shapes.conv_output_length(n, k, s, p, d)


def solve(input_size, output_size, *, kernel=None, stride=None, dilation=None, padding=None,
          layer: str = "Conv2D", derivations: bool = True) -> dict:
    """List the settings of ``layer`` that turn ``input_size`` into ``output_size``.

    Bounds are ``(low, high)`` inclusive (or one int): ``kernel`` 1..11, ``stride`` 1..4,
    ``dilation`` 1..3; ``padding`` a list of ``"valid"`` / ``"same"``. Pooling layers ignore
    dilation (``pool_size`` plays the kernel). Returns
    ``{"input_size", "output_size", "layer", "solutions": [...], "explanation": str | None}``;
    every solution has ``kernel_size``, ``strides``, ``padding``, ``dilation_rate``,
    ``output_size`` (the layer's own answer), ``keras_code`` and ``derivation``.
    Raises ``ValueError`` (with ``.field``) for bad arguments.
    """
    n, m = _posint(input_size, "input_size"), _posint(output_size, "output_size")
    if layer not in SUPPORTED_LAYERS:
        raise _err(f"layer must be one of {', '.join(SUPPORTED_LAYERS)}, not {layer!r}",
                   "layer")
    pool = layer.startswith(("MaxPooling", "AveragePooling"))
    transpose = "Transpose" in layer
    klo, khi = _bounds(kernel, DEFAULT_BOUNDS["kernel"], "kernel")
    slo, shi = _bounds(stride, DEFAULT_BOUNDS["stride"], "stride")
    dlo, dhi = (1, 1) if pool else _bounds(dilation, DEFAULT_BOUNDS["dilation"], "dilation")
    pads = padding or DEFAULT_BOUNDS["padding"]
    if isinstance(pads, str):
        pads = [p.strip() for p in pads.split(",") if p.strip()]
    if not isinstance(pads, (list, tuple)) or not all(isinstance(p, str) for p in pads):
        raise _err("padding must be a list of 'valid' and/or 'same'", "padding")
    pads = list(dict.fromkeys(p.lower() for p in pads))
    for p in pads:
        if p not in ("valid", "same"):
            raise _err(f"padding must be 'valid' or 'same', not {p[:40]!r}", "padding")
    combos = (khi - klo + 1) * (shi - slo + 1) * (dhi - dlo + 1) * len(pads)
    if combos > MAX_COMBINATIONS:
        raise _err(f"these ranges give {combos:,} settings to try; at most "
                   f"{MAX_COMBINATIONS:,} are searched here: narrow the kernel, stride or "
                   f"dilation range", "kernel")

    cls = _layer_class(layer)
    solutions, refused = [], []
    for p in pads:
        for s in range(slo, shi + 1):
            for d in range(dlo, dhi + 1):
                for k in range(klo, khi + 1):
                    if _rule(layer, n, k, s, p, d) != m:
                        continue
                    got, why = _verify(cls, layer, n, k, s, p, d)
                    if got != m:
                        if why:
                            refused.append((k, s, p, d, why))
                        continue
                    solutions.append(_solution(layer, n, m, k, s, p, d, pool, transpose,
                                               derivations))
                    if len(solutions) >= MAX_SOLUTIONS:
                        break
    solutions.sort(key=lambda x: (x["strides"], x["dilation_rate"], x["padding"] != "same",
                                  x["kernel_size"]))
    explanation = None
    if not solutions:
        explanation = _explain_none(layer, n, m, (klo, khi), (slo, shi), (dlo, dhi), pads,
                                    refused)
    return {"input_size": n, "output_size": m, "layer": layer,
            "bounds": {"kernel": [klo, khi], "stride": [slo, shi], "dilation": [dlo, dhi],
                       "padding": list(pads)},
            "solutions": solutions, "count": len(solutions), "explanation": explanation,
            "summary": _summary(solutions, n, m, layer, (klo, khi))}


def _posint(v, field):
    from .parse import parse_int
    if isinstance(v, (str, int, float)) or v is None:
        return parse_int(v, field)
    raise _err(f"{field} must be a positive integer, not {type(v).__name__}", field)


def _solution(layer, n, m, k, s, p, d, pool, transpose, derivations):
    from . import derive  # lazy
    if pool:
        code = f"{layer}(pool_size={k}, strides={s}, padding='{p}')"
    else:
        code = (f"{layer}(filters=..., kernel_size={k}, strides={s}, padding='{p}'"
                + (f", dilation_rate={d}" if d != 1 else "") + ")")
    sol = {"kernel_size": k, "strides": s, "padding": p, "dilation_rate": d,
           "output_size": m, "keras_code": code}
    if derivations:
        if transpose:
            out, steps = derive.transpose_axis(n, k, s, p, d, None, "N")
        else:
            out, steps = derive.conv_axis(n, k, s, p, d, "N", "pool" if pool else "conv")
        sol["derivation"] = {"steps": steps, "result": f"{n} -> {out}"}
    return sol


def _summary(solutions, n, m, layer, kernel_bounds):
    """One sentence per padding: how many settings, at which strides, with which kernels.

    >>> sols = [{"kernel_size": k, "strides": 2, "padding": "same", "dilation_rate": 1}
    ...         for k in range(1, 12)]
    >>> sols += [{"kernel_size": k, "strides": 2, "padding": "valid", "dilation_rate": 1}
    ...          for k in (1, 2)]
    >>> _summary(sols, 128, 64, "Conv2D", (1, 11))
    "13 settings turn 128 into 64: 11 with padding='same' (strides=2 with any kernel_size from 1 to 11); 2 with padding='valid' (strides=2 with kernel_size 1 or 2)."
    """
    if not solutions:
        return f"No setting in range turns {n} into {m}."
    kname = "pool_size" if layer.startswith(("MaxPooling", "AveragePooling")) else "kernel_size"
    count = len(solutions)
    head = (f"{'At least ' if count >= MAX_SOLUTIONS else ''}"
            f"{count} setting{'s turn' if count != 1 else ' turns'} {n} into {m}")
    parts = []
    for pad in ("same", "valid"):
        mine = [x for x in solutions if x["padding"] == pad]
        if not mine:
            continue
        groups: dict[tuple, list] = {}
        for x in mine:
            groups.setdefault((x["strides"], x["dilation_rate"]), []).append(x["kernel_size"])
        how = "; ".join(
            f"strides={st}" + (f", dilation_rate={d}" if d != 1 else "")
            + f" with {_kernels(sorted(ks), kname, kernel_bounds)}"
            for (st, d), ks in sorted(groups.items()))
        parts.append(f"{len(mine)} with padding='{pad}' ({how})")
    return f"{head}: {'; '.join(parts)}."


def _kernels(ks, kname, bounds):
    """``any kernel_size from 1 to 11``, ``kernel_size 3``, ``kernel_size 1 or 2``,
    ``kernel_size 3, 5 or 7``."""
    lo, hi = bounds
    if len(ks) > 2 and ks == list(range(lo, hi + 1)):
        return f"any {kname} from {lo} to {hi}"
    if len(ks) == 1:
        return f"{kname} {ks[0]}"
    return f"{kname} {', '.join(map(str, ks[:-1]))} or {ks[-1]}"


def _explain_none(layer, n, m, kb, sb, db, pads, refused):
    pool = layer.startswith(("MaxPooling", "AveragePooling"))
    transpose = "Transpose" in layer
    lines = []
    kname = "pool_size" if pool else "kernel_size"
    if not transpose and m > n:
        base = layer.replace("MaxPooling", "").replace("AveragePooling", "").replace("Conv", "")
        return (f"{layer} never makes a map larger: valid gives floor((n - F_eff) / S) + 1 <= n "
                f"and same gives ceil(n / S) <= n, so {n} cannot become {m}. To grow a map use "
                f"Conv{base}Transpose (strides 2 with padding 'same' doubles it: {n} -> "
                f"{2 * n}) or UpSampling{base}.")
    if transpose:
        lines.append(f"{layer} with valid gives (n - 1)·S + max(F_eff, S) and with same n·S "
                     f"(output_padding left out); none of the settings in range gives {m} "
                     f"from {n}.")
        if m < n:
            lines.append(f"A transposed convolution never makes a map smaller than its input "
                         f"({n}); use {layer.replace('Transpose', '')} to shrink it.")
        return " ".join(lines)
    if "same" in pads:
        vals = [f"S={s}: {-(-n // s)}" for s in range(sb[0], sb[1] + 1)]
        lines.append(f"same can only give ceil({n} / S), whatever the {kname}: "
                     + ", ".join(vals) + f" — never {m}.")
    if "valid" in pads:
        parts = []
        for s in range(sb[0], sb[1] + 1):
            lo, hi = n - m * s + 1, n - (m - 1) * s
            if hi < 1:
                parts.append(f"S={s} would need F_eff <= {hi}, impossible (stride too large: "
                             f"even F=1 gives {(n - 1) // s + 1})")
                continue
            lo = max(lo, 1)
            dmax = db[1] if (s == 1 and not pool) or layer.startswith(
                ("Separable", "Depthwise")) else 1
            reach = (kb[1] - 1) * dmax + 1
            rng = f"F_eff = {lo}" if lo == hi else f"F_eff between {lo} and {hi}"
            if lo > reach:
                parts.append(f"S={s} needs {rng}, beyond the largest reachable "
                             f"{reach} ({kname} <= {kb[1]}"
                             + (f", dilation_rate <= {dmax}" if dmax > 1 else "")
                             + (")" if s == 1 or pool else "; dilation needs stride 1)"))
            else:
                parts.append(f"S={s} needs {rng}, which no allowed {kname}"
                             + ("" if pool else "/dilation_rate") + " gives")
        lines.append(f"valid gives floor(({n} - F_eff) / S) + 1, so {m} needs "
                     f"{n} - {m}·S < F_eff <= {n} - {m - 1}·S: " + "; ".join(parts) + ".")
    if refused:
        k, s, p, d, why = refused[0]
        lines.append(f"(The arithmetic alone would allow {kname}={k}, strides={s}, "
                     f"padding='{p}', dilation_rate={d}, but Keras refuses it: {why})")
    return " ".join(lines)
