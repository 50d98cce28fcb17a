"""Step-by-step derivations of a layer's output shape and parameter count.

A derivation *explains* the numbers a layer computes: the general formula, the formula with
the numbers substituted, the result, and the why (how many pixels a floor drops, how ``same``
splits its padding with the extra pixel going bottom/right, dilation's effective kernel,
the bias term, the depthwise and pointwise parts, BatchNormalization's non-trainable half).
The shapes and counts themselves come from the layer (``compute_output_shape``,
``count_params``, its weights); the arithmetic shown here is re-done only to be displayed, and
the tests check that it lands on the layer's numbers (``formula_shape == output_shape``).

Notation (the same as the lessons): ``K`` filters, ``F`` kernel size, ``S`` stride,
``P`` padding, ``D`` dilation, ``D_in`` input depth (channels), ``H_in``/``W_in`` input
height/width, ``H_out``/``W_out`` output height/width (``L`` for the length of 1-D layers,
``T`` for the first axis of 3-D layers).

A derivation is a dict (contract 2)::

    {"steps": [{"title": str, "latex": str, "text": str}, ...],
     "result": "(None, 64, 64, 32), 896 parameters",
     "output_shape": (None, 64, 64, 32),   # from the layer
     "formula_shape": (None, 64, 64, 32),  # from the arithmetic shown in the steps
     "params": 896, "trainable": 896, "non_trainable": 0}

Entry points: :func:`derive_layer` (alias :func:`layer`) for a built layer,
:func:`conv_axis` for one spatial axis of a convolution or pooling (used by the solver and the
padding explorer), :func:`same_padding` for how ``same`` splits its padding.
"""

from __future__ import annotations

from . import shapes

__all__ = ["plural", "derive_layer", "layer", "conv_axis", "transpose_axis", "same_padding",
           "effective_kernel", "shape_text", "steps_text"]


# ---------------------------------------------------------------- small helpers

def shape_text(shape) -> str:
    """A shape as Keras prints it: ``(None, 64, 64, 32)``."""
    if shape is None:
        return "?"
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (tuple, list)):
        return "[" + ", ".join(shape_text(s) for s in shape) + "]"  # several outputs
    return str(tuple(shape))


def _n(x) -> str:
    """An int with thousands separators (``138,357,544``)."""
    return f"{x:,}" if isinstance(x, int) else str(x)


def _ln(x) -> str:
    """An int for LaTeX: thousands separated by ``{,}`` so KaTeX spaces them right."""
    return f"{x:,}".replace(",", "{,}") if isinstance(x, int) else str(x)


def _tt(text) -> str:
    """Escape a string for ``\\text{...}`` (``moving_mean`` -> ``moving\\_mean``)."""
    out = str(text)
    for ch in "\\{}":
        out = out.replace(ch, "")
    for ch in "_%#&$":
        out = out.replace(ch, "\\" + ch)
    return out


def _step(title: str, latex: str, text: str) -> dict:
    return {"title": title, "latex": latex, "text": text}


def _sub(name: str, sub: str) -> str:
    """LaTeX for a symbol with a word subscript: H_{\\text{in}}."""
    return f"{name}_{{\\text{{{sub}}}}}"


def plural(n: int, word: str) -> str:
    """``1 pixel``, ``2 pixels``: the count and the word, plural unless the count is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _tuple(v, n: int):
    if v is None:
        return None
    if isinstance(v, int):
        return (v,) * n
    v = tuple(v)
    if len(v) == 1 and n > 1:
        return v * n
    return v


def steps_text(derivation: dict) -> str:
    """A derivation as plain text, one numbered step per block (for the CLI)."""
    lines = []
    for i, st in enumerate(derivation.get("steps", []), 1):
        lines.append(f"{i}. {st['title']}")
        for t in st["text"].split("\n"):
            lines.append(f"   {t}")
    steps = derivation.get("steps") or []
    if derivation.get("result") and not (steps and steps[-1].get("title") == "Result"):
        lines.append(f"Result: {derivation['result']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- one spatial axis

def effective_kernel(k: int, d: int = 1) -> int:
    """``F_eff = (F - 1)·D + 1``: the span a dilated kernel covers."""
    return shapes.effective_kernel_size(k, d)


def same_padding(n: int, k: int, s: int = 1, d: int = 1) -> tuple[int, int, int]:
    """How ``same`` pads one axis: ``(total, before, after)`` (see :func:`shapes.same_padding`).

    ``before = total // 2`` is the top/left; the bottom/right gets the extra pixel.

    >>> same_padding(128, 3, 2)
    (1, 0, 1)
    """
    return shapes.same_padding(n, k, s, d)


def conv_axis(n, k: int, s: int = 1, padding: str = "valid", d: int = 1, name: str = "H",
              kind: str = "conv") -> tuple[int | None, list[dict]]:
    """Derive one spatial axis of a convolution or pooling window.

    Returns ``(length, steps)``. ``kind`` is ``"conv"`` (symbols F, S, D) or ``"pool"``
    (pool size F, stride S, no dilation). A length ``<= 0`` is returned as is (the layer
    raises for it); ``n = None`` (a variable length) returns ``None``.

    >>> conv_axis(128, 3, 2, "same")[0], conv_axis(128, 3, 2, "valid")[0]
    (64, 63)
    """
    Hin, Hout = _sub(name, "in"), _sub(name, "out")
    tin, tout = f"{name}_in", f"{name}_out"
    steps: list[dict] = []
    if n is None:
        steps.append(_step(f"{name}: variable length",
                           f"{Hin} = \\text{{None}} \\Rightarrow {Hout} = \\text{{None}}",
                           f"{tin} is None (any length), so {tout} is None too."))
        return None, steps
    what = "pool window" if kind == "pool" else "kernel"
    keff = effective_kernel(k, d)
    if d > 1:
        steps.append(_step(
            f"{name}: effective kernel (dilation {d})",
            f"F_{{\\text{{eff}}}} = (F - 1)\\cdot D + 1 = ({k} - 1)\\cdot {d} + 1 = {keff}",
            f"F_eff = (F - 1) × D + 1 = ({k} - 1) × {d} + 1 = {keff}: the {k} taps are spread "
            f"{d} pixels apart, so one window spans {keff} pixels."))
    F = "F_{\\text{eff}}" if d > 1 else "F"
    tF = "F_eff" if d > 1 else "F"
    if padding == "valid":
        num = n - keff
        if num < 0:
            steps.append(_step(
                f"{name}: the window does not fit",
                f"{Hin} - {F} = {n} - {keff} = {num} < 0",
                f"valid adds no padding, and the {what} spans {keff} pixels but {tin} is only "
                f"{n}: there is no position where the window fits, so Keras raises an error."))
            return num // s + 1, steps
        q, r = divmod(num, s)
        out = q + 1
        frac = f"\\frac{{{n} - {keff}}}{{{s}}}"
        steps.append(_step(
            f"{name}_out with valid padding",
            f"{Hout} = \\left\\lfloor \\frac{{{Hin} - {F}}}{{S}} \\right\\rfloor + 1"
            f" = \\left\\lfloor {frac} \\right\\rfloor + 1"
            + (f" = \\left\\lfloor {_frac_value(num, s)} \\right\\rfloor + 1" if r else "")
            + f" = {q} + 1 = {out}",
            f"{tout} = floor(({tin} - {tF}) / S) + 1 = floor(({n} - {keff}) / {s}) + 1"
            + (f" = floor({_frac_value(num, s)}) + 1" if r else "") + f" = {q} + 1 = {out}"))
        if s == 1:
            return out, steps
        last = (out - 1) * s
        if r:
            why = (f"valid adds no padding, so every window lies inside the input. The last "
                   f"window starts at pixel {last} (counting from 0) and covers pixels "
                   f"{last}–{last + keff - 1}; the floor drops the remaining "
                   + (f"pixel ({n - 1})" if r == 1 else f"{plural(r, 'pixel')} ({n - r}–{n - 1})")
                   + ", which no window reaches.")
            lwhy = (f"\\text{{dropped}} = ({Hin} - {F}) \\bmod S = {num} \\bmod {s} = {r}"
                    f"\\ \\text{{{'pixel' if r == 1 else 'pixels'}}}")
        else:
            why = (f"valid adds no padding. {num} is a multiple of {s}, so the windows end "
                   f"exactly at the last pixel: the floor drops nothing.")
            lwhy = f"({Hin} - {F}) \\bmod S = {num} \\bmod {s} = 0\\ \\text{{(nothing dropped)}}"
        steps.append(_step(f"{name}: what the floor drops", lwhy, why))
        return out, steps
    if padding in ("same", "causal"):
        out = -(-n // s)
        steps.append(_step(
            f"{name}_out with {padding} padding",
            f"{Hout} = \\left\\lceil \\frac{{{Hin}}}{{S}} \\right\\rceil"
            f" = \\left\\lceil \\frac{{{n}}}{{{s}}} \\right\\rceil = {out}",
            f"{tout} = ceil({tin} / S) = ceil({n} / {s}) = {out}"
            + ("" if s > 1 else f" ({padding} with stride 1 keeps the size)")))
        if padding == "causal":
            total = keff - 1
            steps.append(_step(
                f"{name}: causal padding",
                f"P_{{\\text{{left}}}} = {F} - 1 = {total},\\quad P_{{\\text{{right}}}} = 0",
                f"causal pads {tF} - 1 = {plural(total, 'pixel')} on the left only, so output "
                f"step t never sees inputs after t; the length then follows the valid rule: "
                f"floor(({n} + {total} - {keff}) / {s}) + 1 = {out}."))
            return out, steps
        total, before, after = same_padding(n, k, s, d)
        top, bottom = ("top", "bottom") if name in ("H",) else (
            ("left", "right") if name in ("W", "L") else ("front", "back"))
        pre = f"({Hout} - 1)\\cdot S + {F} - {Hin}"
        if total % 2:
            split = (f"the total is odd, so {top} gets {total} // 2 = {before} and the extra "
                     f"pixel goes to the {bottom}: {bottom} = {after}")
        elif total:
            split = f"it splits evenly: {before} at the {top}, {after} at the {bottom}"
        else:
            split = "no padding is needed"
        steps.append(_step(
            f"{name}: how same pads",
            f"\\begin{{gathered}}P = \\max({pre}, 0) = \\max(({out} - 1)\\cdot {s} + {keff} - "
            f"{n}, 0) = {total} \\\\ P_{{\\text{{{top}}}}} = \\lfloor P/2 \\rfloor = {before}"
            f",\\quad P_{{\\text{{{bottom}}}}} = P - P_{{\\text{{{top}}}}} = {after}"
            f"\\end{{gathered}}",
            f"P = max(({tout} - 1) × S + {tF} - {tin}, 0) = max(({out} - 1) × {s} + {keff} - "
            f"{n}, 0) = {plural(total, 'pixel')} in total; {split}. Keras does not take P from the "
            f"{what} to fix the size: same always gives ceil({tin} / S), the padding is "
            f"whatever makes the windows reach."))
        if total:
            chk = (n + total - keff) // s + 1
            steps.append(_step(
                f"{name}: check with the valid formula on the padded input",
                f"\\left\\lfloor \\frac{{{n} + {total} - {keff}}}{{{s}}} \\right\\rfloor + 1"
                f" = {(n + total - keff) // s} + 1 = {chk}",
                f"floor(({n} + {total} - {keff}) / {s}) + 1 = {(n + total - keff) // s} + 1 "
                f"= {chk}"))
        return out, steps
    steps.append(_step(f"{name}: padding '{padding}'", "\\text{unknown padding}",
                       f"padding '{padding}' is not one Keras knows for this layer."))
    return None, steps


def _frac_value(num: int, den: int) -> str:
    if num % den == 0:
        return str(num // den)
    v = num / den
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text if abs(float(text) - v) < 1e-12 else text + "\\ldots"


def transpose_axis(n, k: int, s: int, padding: str, d: int = 1, op=None,
                   name: str = "H") -> tuple[int | None, list[dict]]:
    """Derive one spatial axis of a transposed convolution (Keras 3 rules, DESIGN §3).

    >>> transpose_axis(32, 3, 2, "same")[0], transpose_axis(32, 3, 2, "valid")[0]
    (64, 65)
    """
    Hin, Hout = _sub(name, "in"), _sub(name, "out")
    tin, tout = f"{name}_in", f"{name}_out"
    steps: list[dict] = []
    if n is None:
        return None, [_step(f"{name}: variable length", f"{Hout} = \\text{{None}}",
                            f"{tin} is None, so {tout} is None too.")]
    keff = effective_kernel(k, d)
    F, tF = ("F_{\\text{eff}}", "F_eff") if d > 1 else ("F", "F")
    if d > 1:
        steps.append(_step(f"{name}: effective kernel (dilation {d})",
                           f"F_{{\\text{{eff}}}} = (F - 1)\\cdot D + 1 = ({k} - 1)\\cdot {d} + 1"
                           f" = {keff}",
                           f"F_eff = (F - 1) × D + 1 = ({k} - 1) × {d} + 1 = {keff}"))
    if padding == "valid" and op is None:
        out = (n - 1) * s + max(keff, s)
        steps.append(_step(
            f"{name}_out, transposed, valid",
            f"{Hout} = ({Hin} - 1)\\cdot S + \\max({F}, S) = ({n} - 1)\\cdot {s} + "
            f"\\max({keff}, {s}) = {(n - 1) * s} + {max(keff, s)} = {out}",
            f"{tout} = ({tin} - 1) × S + max({tF}, S) = ({n} - 1) × {s} + max({keff}, {s}) = "
            f"{out}: each input pixel stamps the {keff}-pixel kernel, the stamps start {s} "
            f"apart; the last one ends at ({n} - 1) × {s} + {keff}."))
    elif padding == "valid":
        out = (n - 1) * s + keff + op
        steps.append(_step(
            f"{name}_out, transposed, valid, output_padding {op}",
            f"{Hout} = ({Hin} - 1)\\cdot S + {F} + P_{{\\text{{out}}}} = ({n} - 1)\\cdot {s}"
            f" + {keff} + {op} = {out}",
            f"{tout} = ({tin} - 1) × S + {tF} + output_padding = ({n} - 1) × {s} + {keff} + "
            f"{op} = {out}"))
    elif op is None:
        out = n * s
        steps.append(_step(
            f"{name}_out, transposed, same",
            f"{Hout} = {Hin}\\cdot S = {n}\\cdot {s} = {out}",
            f"{tout} = {tin} × S = {n} × {s} = {out}: same makes a transposed conv the exact "
            f"inverse in size of a strided same conv (ceil({out} / {s}) = {n})."))
    else:
        out = (n - 1) * s + keff % 2 + op
        steps.append(_step(
            f"{name}_out, transposed, same, output_padding {op}",
            f"{Hout} = ({Hin} - 1)\\cdot S + ({F} \\bmod 2) + P_{{\\text{{out}}}} = "
            f"({n} - 1)\\cdot {s} + {keff % 2} + {op} = {out}",
            f"{tout} = ({tin} - 1) × S + ({tF} mod 2) + output_padding = ({n} - 1) × {s} + "
            f"{keff % 2} + {op} = {out} (same crops {keff // 2} pixels from each side of "
            f"the valid result)."))
    return out, steps


# ---------------------------------------------------------------- reading a layer

def _class_name(lyr) -> str:
    return getattr(lyr, "class_name", None) if isinstance(getattr(lyr, "class_name", None),
                                                           str) else type(lyr).__name__


def _config(lyr) -> dict:
    try:
        return dict(lyr.get_config())
    except Exception:  # noqa: BLE001 - a config we cannot read: derive from attributes
        return {}


def _tensor_shape(t):
    if isinstance(t, (list, tuple)) and t and not isinstance(t[0], (int, type(None))):
        return [_tensor_shape(x) for x in t]
    return tuple(t.shape)


def _io_shapes(lyr, input_shape=None):
    """(input shape or list of shapes, output shape) with the batch dimension."""
    if input_shape is None:
        inp = _tensor_shape(lyr.input)
        try:
            out = _tensor_shape(lyr.output)
        except Exception:  # noqa: BLE001
            out = tuple(lyr.compute_output_shape(inp))
        return inp, out
    if isinstance(input_shape, list) and input_shape and isinstance(input_shape[0],
                                                                     (list, tuple)):
        inp = [tuple(s) for s in input_shape]
    else:
        inp = tuple(input_shape)
    out = lyr.compute_output_shape(inp)
    if isinstance(out, list):
        out = [tuple(o) for o in out]
    else:
        out = tuple(out)
    return inp, out


def _weights(lyr):
    rows = []
    for w in getattr(lyr, "weights", []) or []:
        shape = tuple(getattr(w, "shape", ()))
        size = getattr(w, "size", None)
        if not isinstance(size, int):
            size = 1
            for d in shape:
                size *= d
        rows.append({"name": getattr(w, "name", "w"), "path": getattr(w, "path", None) or "",
                     "shape": shape, "size": size,
                     "trainable": bool(getattr(w, "trainable", True))})
    return rows


def _axis_names(nsp: int) -> list[str]:
    return {1: ["L"], 2: ["H", "W"], 3: ["T", "H", "W"]}.get(nsp, [f"N{i+1}" for i in range(nsp)])


def _split(shape, data_format):
    """(spatial dims, channels) of a batched shape."""
    if data_format == "channels_first":
        return list(shape[2:]), shape[1]
    return list(shape[1:-1]), shape[-1]


def _join(spatial, channels, data_format):
    if data_format == "channels_first":
        return (None, channels, *spatial)
    return (None, *spatial, channels)


def _prod(values) -> int:
    p = 1
    for v in values:
        p *= v
    return p


def _axes_steps(kind, n_list, k, s, pad, d, op=None):
    """Derive every spatial axis; identical axes are derived once (``H_out = W_out``)."""
    names = _axis_names(len(n_list))
    outs, steps = [], []
    done = {}
    for i, n in enumerate(n_list):
        key = (n, k[i], s[i], d[i], None if op is None else op[i])
        if key in done:
            first = done[key]
            outs.append(outs[first])
            steps.append(_step(
                f"{names[i]}_out",
                f"{_sub(names[i], 'out')} = {_sub(names[first], 'out')} = {outs[first]}",
                f"{names[i]} has the same size and settings as {names[first]}, so "
                f"{names[i]}_out = {names[first]}_out = {outs[first]}."))
            continue
        done[key] = i
        if kind == "transpose":
            o, st = transpose_axis(n, k[i], s[i], pad, d[i], None if op is None else op[i],
                                   names[i])
        else:
            o, st = conv_axis(n, k[i], s[i], pad, d[i], names[i], kind)
        outs.append(o)
        steps.extend(st)
    return outs, steps


def _params_steps(cls, cfg, lyr, din, weights):
    """The parameter-count steps for the kinds with a closed formula."""
    use_bias = cfg.get("use_bias", True)
    nsp = _nsp(cls)
    steps = []
    total = sum(w["size"] for w in weights)
    if cls.startswith(("Conv", "Convolution")) and "Transpose" not in cls:
        kk = _tuple(cfg.get("kernel_size"), nsp)
        K, g = cfg.get("filters"), cfg.get("groups", 1) or 1
        kprod = _prod(kk)
        kl = "\\cdot ".join(str(x) for x in kk)
        kt = " × ".join(str(x) for x in kk)
        fsym = {1: "F", 2: "F_h\\cdot F_w", 3: "F_t\\cdot F_h\\cdot F_w"}[nsp]
        fsymt = {1: "F", 2: "F_h × F_w", 3: "F_t × F_h × F_w"}[nsp]
        cin = f"\\frac{{{_sub('D', 'in')}}}{{\\text{{groups}}}}" if g > 1 else _sub("D", "in")
        cin_t = "(D_in / groups)" if g > 1 else "D_in"
        cval = f"\\frac{{{din}}}{{{g}}}" if g > 1 else str(din)
        kern = kprod * (din // g) * K
        b = K if use_bias else 0
        steps.append(_step(
            "Parameters",
            f"\\text{{params}} = {fsym}\\cdot {cin}\\cdot K" + (" + K" if use_bias else "")
            + f" = {kl}\\cdot {cval}\\cdot {K}" + (f" + {K}" if use_bias else "")
            + f" = {_ln(kern)}" + (f" + {K}" if use_bias else "") + f" = {_ln(kern + b)}",
            f"params = {fsymt} × {cin_t} × K" + (" + K" if use_bias else "")
            + f" = {kt} × {din // g if g > 1 else din} × {K}" + (f" + {K}" if use_bias else "")
            + f" = {_n(kern)}" + (f" + {K}" if use_bias else "") + f" = {_n(kern + b)}"))
        steps.append(_step(
            "Why",
            "\\text{one } " + " \\times ".join(str(x) for x in kk)
            + f" \\times {din // g} \\text{{ kernel per filter}}"
            + (", \\text{ plus one bias per filter}" if use_bias else ""),
            f"each of the K = {K} filters has one {kt} kernel through "
            + (f"all {din // g} input channels" if din // g > 1 else "the 1 input channel")
            + (f" of its group ({g} groups)" if g > 1 else "")
            + (f", plus one bias: K = {K} biases." if use_bias else
               "; use_bias=False, so there are no biases.")))
        return kern + b, steps
    if "Transpose" in cls:
        kk = _tuple(cfg.get("kernel_size"), nsp)
        K = cfg.get("filters")
        kern = _prod(kk) * din * K
        b = K if use_bias else 0
        kl = "\\cdot ".join(str(x) for x in kk)
        kt = " × ".join(str(x) for x in kk)
        steps.append(_step(
            "Parameters",
            f"\\text{{params}} = F^{{{nsp}}}\\cdot K\\cdot {_sub('D', 'in')}"
            + (" + K" if use_bias else "") + f" = {kl}\\cdot {K}\\cdot {din}"
            + (f" + {K}" if use_bias else "") + f" = {_ln(kern + b)}",
            f"params = kernel ({kt} × K × D_in) " + ("+ K " if use_bias else "")
            + f"= {kt} × {K} × {din}" + (f" + {K}" if use_bias else "")
            + f" = {_n(kern + b)} (the kernel is stored as ({', '.join(map(str, kk))}, "
              f"{K}, {din}): filters before input channels)"))
        return kern + b, steps
    if cls.startswith("DepthwiseConv"):
        kk = _tuple(cfg.get("kernel_size"), nsp)
        M = cfg.get("depth_multiplier", 1)
        kern = _prod(kk) * din * M
        b = din * M if use_bias else 0
        kl = "\\cdot ".join(str(x) for x in kk)
        kt = " × ".join(str(x) for x in kk)
        steps.append(_step(
            "Parameters (depthwise)",
            f"\\text{{params}} = F^{{{nsp}}}\\cdot {_sub('D', 'in')}\\cdot M"
            + (f" + {_sub('D', 'in')}\\cdot M" if use_bias else "")
            + f" = {kl}\\cdot {din}\\cdot {M}" + (f" + {din}\\cdot {M}" if use_bias else "")
            + f" = {_ln(kern + b)}",
            f"params = {kt} × D_in × depth_multiplier" + (" + D_in × depth_multiplier"
                                                          if use_bias else "")
            + f" = {kt} × {din} × {M}" + (f" + {din} × {M}" if use_bias else "")
            + f" = {_n(kern + b)}: each input channel gets its own {M} kernel(s); there is no "
              f"mixing across channels"))
        return kern + b, steps
    if cls.startswith("SeparableConv"):
        kk = _tuple(cfg.get("kernel_size"), nsp)
        M = cfg.get("depth_multiplier", 1)
        K = cfg.get("filters")
        dw = _prod(kk) * din * M
        pw = din * M * K
        b = K if use_bias else 0
        kl = "\\cdot ".join(str(x) for x in kk)
        kt = " × ".join(str(x) for x in kk)
        steps.append(_step(
            "Depthwise part",
            f"F^{{{nsp}}}\\cdot {_sub('D', 'in')}\\cdot M = {kl}\\cdot {din}\\cdot {M} = "
            f"{_ln(dw)}",
            f"depthwise: {kt} × D_in × depth_multiplier = {kt} × {din} × {M} = {_n(dw)} "
            f"(one spatial kernel per input channel)"))
        steps.append(_step(
            "Pointwise part",
            f"{_sub('D', 'in')}\\cdot M\\cdot K = {din}\\cdot {M}\\cdot {K} = {_ln(pw)}",
            f"pointwise: a 1 × 1 conv mixing the {din * M} depthwise outputs into K = {K} "
            f"filters: {din} × {M} × {K} = {_n(pw)}"))
        steps.append(_step(
            "Parameters",
            f"\\text{{params}} = {_ln(dw)} + {_ln(pw)}" + (f" + {K}" if use_bias else "")
            + f" = {_ln(dw + pw + b)}",
            f"params = depthwise + pointwise" + (" + bias (K)" if use_bias else "")
            + f" = {_n(dw)} + {_n(pw)}" + (f" + {K}" if use_bias else "")
            + f" = {_n(dw + pw + b)}"))
        return dw + pw + b, steps
    if cls == "Dense":
        U = cfg.get("units")
        kern = din * U
        b = U if use_bias else 0
        steps.append(_step(
            "Parameters",
            f"\\text{{params}} = {_sub('D', 'in')}\\cdot \\text{{units}}"
            + (" + \\text{units}" if use_bias else "")
            + f" = {din}\\cdot {U}" + (f" + {U}" if use_bias else "") + f" = {_ln(kern + b)}",
            f"params = D_in × units" + (" + units" if use_bias else "")
            + f" = {_n(din)} × {U}" + (f" + {U}" if use_bias else "") + f" = {_n(kern + b)}: "
            f"every one of the {U} units has a weight for each of the {_n(din)} inputs"
            + (", plus one bias." if use_bias else "; use_bias=False.")))
        return kern + b, steps
    if cls == "BatchNormalization":
        tr = sum(w["size"] for w in weights if w["trainable"])
        nt = total - tr
        steps.append(_step(
            "Parameters",
            f"\\text{{params}} = 4\\cdot C = 4\\cdot {din} = {_ln(4 * din)}"
            if (cfg.get("center", True) and cfg.get("scale", True)) else
            f"\\text{{params}} = {_ln(total)}",
            f"params = 4 × C = 4 × {din} = {_n(4 * din)}: per channel a scale γ and a shift β "
            f"(learned: {_n(2 * din)} trainable) and a moving mean and a moving variance "
            f"(updated by averaging, not by gradients: {_n(2 * din)} non-trainable)."
            if (cfg.get("center", True) and cfg.get("scale", True)) else
            f"params = {_n(total)} ({_n(tr)} trainable, {_n(nt)} non-trainable: the moving "
            f"mean and variance)."))
        steps.append(_step(
            "Trainable and non-trainable",
            f"\\text{{trainable}} = {_ln(tr)},\\quad \\text{{non-trainable}} = {_ln(nt)}",
            f"trainable {_n(tr)} (γ, β); non-trainable {_n(nt)} (moving mean, moving variance)"
            + (" — all frozen: layer.trainable is False" if not
               getattr(lyr, "trainable", True) else "")))
        return total, steps
    return None, steps


def _weights_step(weights, lyr, by_path=False):
    """Every weight's size and the total; ``by_path`` names a sublayer's weight by its path
    inside the layer (``query/kernel``)."""
    if not weights:
        return _step("Parameters", "\\text{params} = 0",
                     "This layer has no weights: 0 parameters.")
    parts_l, parts_t = [], []
    for w in weights:
        dims = " × ".join(str(d) for d in w["shape"]) or "1"
        short = w["name"].split("/")[-1]
        if by_path and f"{lyr.name}/" in w["path"]:
            short = w["path"].split(f"{lyr.name}/", 1)[1]
        parts_t.append(f"{short} {dims} = {_n(w['size'])}"
                       + ("" if w["trainable"] else " (non-trainable)"))
        parts_l.append(f"\\underbrace{{{_ln(w['size'])}}}_{{\\text{{{_tt(short)}}}}}")
    total = sum(w["size"] for w in weights)
    return _step("Weights", " + ".join(parts_l) + f" = {_ln(total)}",
                 "; ".join(parts_t) + f"; total {_n(total)}")


# ---------------------------------------------------------------- per layer kind

_CONV_PREFIX = ("Conv1D", "Conv2D", "Conv3D", "Convolution", "SeparableConv", "DepthwiseConv")
_POOL_PREFIX = ("MaxPooling", "AveragePooling", "MaxPool", "AvgPool")
_GLOBAL_PREFIX = ("GlobalMaxPooling", "GlobalAveragePooling", "GlobalMaxPool", "GlobalAvgPool")


def _nsp(cls: str) -> int | None:
    base = cls[:-len("Transpose")] if cls.endswith("Transpose") else cls
    for suf, v in (("1D", 1), ("2D", 2), ("3D", 3)):
        if base.endswith(suf):
            return v
    return None


def _conv_like(cls, cfg, lyr, inp, weights):
    nsp = _nsp(cls)
    df = cfg.get("data_format") or "channels_last"
    spatial, din = _split(inp, df)
    transpose = "Transpose" in cls
    pool = cls.startswith(_POOL_PREFIX)
    if pool:
        k = _tuple(cfg.get("pool_size"), nsp)
        s = _tuple(cfg.get("strides") or k, nsp)
        d = (1,) * nsp
    else:
        k = _tuple(cfg.get("kernel_size"), nsp)
        s = _tuple(cfg.get("strides", 1), nsp)
        d = _tuple(cfg.get("dilation_rate", 1), nsp)
    pad = cfg.get("padding", "valid")
    op = _tuple(cfg.get("output_padding"), nsp) if transpose else None
    steps = []
    names = _axis_names(nsp)
    hin = ", ".join(f"{a}_in = {v}" for a, v in zip(names, spatial))
    sym = "; ".join(
        [f"F = {_fmt(k)}", f"S = {_fmt(s)}"] + ([] if pool else [f"D = {_fmt(d)}"])
        + [f"padding = '{pad}'"] + ([f"output_padding = {_fmt(op)}"] if transpose and op
                                    else []))
    kind_word = ("pool window" if pool else "kernel")
    intro_t = (f"Input {shape_text(inp)}: {hin}, D_in = {din}. "
               f"{kind_word.capitalize()} settings: {sym}.")
    if pool and tuple(s) == tuple(k):
        intro_t += (" strides equals pool_size (the default when strides is left out), so "
                    "the windows do not overlap.")
    intro_l = ",\\ ".join(f"{_sub(a, 'in')} = {v}" for a, v in zip(names, spatial)) + \
        f",\\ {_sub('D', 'in')} = {din}"
    steps.append(_step("What goes in", intro_l, intro_t))
    outs, ax = _axes_steps("transpose" if transpose else ("pool" if pool else "conv"),
                           spatial, k, s, pad, d, op)
    steps.extend(ax)
    # depth
    if pool:
        dout = din
        steps.append(_step("Depth", f"{_sub('D', 'out')} = {_sub('D', 'in')} = {din}",
                           f"pooling works on each channel separately: D_out = D_in = {din}"))
    elif cls.startswith("DepthwiseConv"):
        M = cfg.get("depth_multiplier", 1)
        dout = din * M
        steps.append(_step("Depth",
                           f"{_sub('D', 'out')} = {_sub('D', 'in')}\\cdot M = {din}\\cdot {M}"
                           f" = {dout}",
                           f"D_out = D_in × depth_multiplier = {din} × {M} = {dout}"))
    else:
        dout = cfg.get("filters")
        steps.append(_step("Depth", f"{_sub('D', 'out')} = K = {dout}",
                           f"one output channel per filter: D_out = K = {dout}"))
    formula = _join(outs, dout, df) if None not in (dout,) else None
    ps, psteps = _params_steps(cls, cfg, lyr, din, weights)
    steps.extend(psteps)
    return formula, steps, ps


def _fmt(v):
    if isinstance(v, tuple) and len(set(v)) == 1:
        return str(v[0])
    return str(v)


_WHY_SAME_SHAPE = {
    "Dropout": "it only zeroes a random fraction of the values while training",
    "SpatialDropout1D": "it only zeroes whole channels at random while training",
    "SpatialDropout2D": "it only zeroes whole channels at random while training",
    "SpatialDropout3D": "it only zeroes whole channels at random while training",
    "Activation": "an activation is applied to every value on its own",
    "ReLU": "max(0, x) is applied to every value on its own",
    "LeakyReLU": "it is applied to every value on its own",
    "Softmax": "it rescales the values along the last axis to sum to 1",
    "Rescaling": "every value is multiplied by scale and shifted by offset",
    "Normalization": "every value is shifted and scaled by its channel's mean and variance",
    "BatchNormalization": "every value is normalized with its channel's statistics",
    "LayerNormalization": "each sample is normalized over the normalized axes",
}


def _generic_in_out(cls, inp, out):
    why = _WHY_SAME_SHAPE.get(cls)
    return _step("Output shape",
                 f"\\text{{{shape_text(inp)}}} \\to \\text{{{shape_text(out)}}}",
                 (f"{cls} keeps the shape: {shape_text(inp)} -> {shape_text(out)}"
                  + (f" ({why})." if why else ""))
                 if inp == out else f"{cls}: {shape_text(inp)} -> {shape_text(out)}")


def derive_layer(lyr, input_shape=None) -> dict:
    """Explain ``lyr``'s output shape and parameter count.

    ``lyr`` is a layer from :mod:`calculator.keras.layers` that has been called on a tensor
    (or pass ``input_shape`` *with* the batch dimension, as for ``compute_output_shape``).
    Never derives a number the layer does not agree with: ``output_shape``/``params`` are the
    layer's, ``formula_shape`` is where the displayed arithmetic lands (equal in the tests).
    """
    cls = _class_name(lyr)
    cfg = _config(lyr)
    inp, out = _io_shapes(lyr, input_shape)
    weights = _weights(lyr)
    try:
        params = int(lyr.count_params())
    except Exception:  # noqa: BLE001 - unbuilt layer
        params = sum(w["size"] for w in weights)
    trainable = sum(w["size"] for w in weights if w["trainable"])
    steps: list[dict] = []
    formula = None
    closed = None
    single = not isinstance(inp, list)

    if single and (cls.startswith(_CONV_PREFIX) or cls.startswith(_POOL_PREFIX)
                   or "Transpose" in cls) and _nsp(cls):
        formula, st, closed = _conv_like(cls, cfg, lyr, inp, weights)
        steps.extend(st)
    elif single and cls.startswith(_GLOBAL_PREFIX):
        df = cfg.get("data_format") or "channels_last"
        spatial, c = _split(inp, df)
        keep = cfg.get("keepdims", False)
        op = "maximum" if "Max" in cls else "average"
        formula = _join([1] * len(spatial), c, df) if keep else (None, c)
        area = " × ".join(str(x) for x in spatial)
        steps.append(_step(
            "Output shape",
            f"\\text{{{shape_text(inp)}}} \\to \\text{{{shape_text(formula)}}}",
            f"takes the {op} of each of the {c} channels over the whole {area} "
            f"{'map' if len(spatial) > 1 else 'sequence'}: one number per channel"
            + (", kept as a 1 × 1 map (keepdims=True)." if keep else
               f" -> {shape_text(formula)}.")))
    elif single and cls == "Flatten":
        rest = list(inp[1:])
        if None in rest:
            formula = (None, None)
            steps.append(_step("Output shape", "\\text{(None, None)}",
                               "a variable dimension makes the flat length unknown."))
        else:
            total = _prod(rest)
            formula = (None, total)
            steps.append(_step(
                "Flatten",
                " \\cdot ".join(str(x) for x in rest) + f" = {_ln(total)}",
                " × ".join(str(x) for x in rest) + f" = {_n(total)}: every value of each "
                f"sample is laid out in one row -> {shape_text(formula)}"))
    elif single and cls == "Dense":
        din = inp[-1]
        U = cfg.get("units")
        formula = (*inp[:-1], U)
        steps.append(_step(
            "Output shape",
            f"(\\ldots, {_sub('D', 'in')} = {din}) \\to (\\ldots, \\text{{units}} = {U})",
            f"Dense replaces the last axis ({din}) by units = {U}"
            + (f"; the other axes ({', '.join(map(str, inp[1:-1]))}) are kept: the same "
               f"weights apply at every position" if len(inp) > 2 else "")
            + f" -> {shape_text(formula)}"))
        closed, st = _params_steps(cls, cfg, lyr, din, weights)
        steps.extend(st)
    elif single and cls == "BatchNormalization":
        axis = cfg.get("axis", -1)
        if isinstance(axis, (list, tuple)):
            axis = axis[0]
        c = inp[axis]
        formula = inp
        steps.append(_generic_in_out(cls, inp, out))
        closed, st = _params_steps(cls, cfg, lyr, c, weights)
        steps.extend(st)
    elif single and cls.startswith(("ZeroPadding", "Cropping", "UpSampling")) and _nsp(cls):
        formula, st = _resize(cls, cfg, inp)
        steps.extend(st)
    elif single and cls == "Reshape":
        target = tuple(cfg.get("target_shape", ()))
        rest = list(inp[1:])
        if None not in rest:
            total = _prod(rest)
            if -1 in target:
                known = _prod(t for t in target if t != -1)
                fill = total // known if known else 0
                formula = (None, *[fill if t == -1 else t for t in target])
                steps.append(_step(
                    "Reshape",
                    f"-1 = \\frac{{{_ln(total)}}}{{{_ln(known)}}} = {_ln(fill)}",
                    f"the input holds "
                    + (f"{' × '.join(map(str, rest))} = " if len(rest) > 1 else "")
                    + f"{_n(total)} values per "
                    f"sample; -1 takes what is left: {_n(total)} / {_n(known)} = {_n(fill)} "
                    f"-> {shape_text(formula)}"))
            else:
                formula = (None, *target)
                steps.append(_step(
                    "Reshape",
                    " \\cdot ".join(map(str, rest)) + " = " + " \\cdot ".join(map(str, target))
                    + f" = {_ln(total)}",
                    f"{' × '.join(map(str, rest))} = {' × '.join(map(str, target))} = "
                    f"{_n(total)}: the same values, rearranged -> {shape_text(formula)}"))
        else:
            steps.append(_generic_in_out(cls, inp, out))
            formula = out
    elif single and cls == "Permute":
        dims = tuple(cfg.get("dims", ()))
        formula = (None, *[inp[d] for d in dims])
        steps.append(_step(
            "Permute",
            f"\\text{{dims}} = {dims}",
            f"axis i of the output is axis dims[i] of the input (batch not counted): "
            f"{shape_text(inp)} -> {shape_text(formula)}"))
    elif single and cls in _RECURRENT:
        formula, st, closed = _recurrent(lyr, inp)
        steps.extend(st)
    elif single and cls == "Embedding":
        formula = (*inp, lyr.output_dim)
        closed = lyr.input_dim * lyr.output_dim
        steps.append(_step(
            "Output shape", f"\\text{{{shape_text(inp)}}} \\to \\text{{{shape_text(formula)}}}",
            f"each integer id becomes a vector of output_dim = {lyr.output_dim} values: a new last axis "
            f"-> {shape_text(formula)}"))
        steps.append(_step(
            "Parameters", f"\\text{{input\\_dim}} \\cdot \\text{{output\\_dim}} = {lyr.input_dim} "
            f"\\cdot {lyr.output_dim} = {_ln(closed)}",
            f"one row of output_dim values per id: input_dim × output_dim = {lyr.input_dim} × "
            f"{lyr.output_dim} = {_n(closed)}"))
    elif single and cls == "TimeDistributed":
        step_in = (inp[0], *inp[2:])
        inner = derive_layer(lyr.layer, step_in)
        formula = (inner["output_shape"][0], inp[1], *inner["output_shape"][1:])
        closed = inner["formula_params"]
        steps.append(_step(
            "One step", f"\\text{{{shape_text(step_in)}}} \\to \\text{{{shape_text(inner['output_shape'])}}}",
            f"{type(lyr.layer).__name__} is applied to each of the {inp[1]} steps on its own, with the same "
            f"weights: it sees {shape_text(step_in)} (the time axis removed)"))
        steps.extend(st for st in inner["steps"] if st["title"] not in ("Weights", "Result"))
        steps.append(_step(
            "Output shape", f"\\text{{{shape_text(formula)}}}",
            f"the time axis ({inp[1]}) goes back after the batch -> {shape_text(formula)}; the weights are "
            f"the wrapped layer's, shared by every step"))
    elif cls == "MultiHeadAttention":
        formula, st, closed = _attention(lyr)
        steps.extend(st)
    elif not single:
        formula, st = _merge(cls, cfg, inp)
        steps.extend(st)
    else:
        formula = inp
        steps.append(_generic_in_out(cls, inp, out))
        if inp != out:
            formula = out  # a layer without a closed formula here: the layer's own shape
            steps[-1]["text"] += " (the shape the layer computes)"

    steps.append(_weights_step(weights, lyr, by_path=cls == "MultiHeadAttention"))
    if closed is not None and closed != params:
        # use_bias / freezing etc. make the closed formula differ: the weights decide.
        steps.append(_step("Note", "", f"the layer holds {params} parameters"))
    nt = params - trainable
    split = f" ({_n(trainable)} trainable, {_n(nt)} non-trainable)" if nt else ""
    result = f"{shape_text(out)}, {_n(params)} parameters{split}"
    steps.append(_step("Result",
                       f"\\text{{output shape }} {_latex_shape(out)},\\quad "
                       f"\\text{{params}} = {_ln(params)}",
                       result))
    return {"layer": cls, "name": getattr(lyr, "name", cls), "steps": steps, "result": result,
            "input_shape": inp, "output_shape": out, "formula_shape": formula,
            "params": params, "trainable": trainable, "non_trainable": nt,
            "formula_params": closed}


layer = derive_layer


_RECURRENT = ("SimpleRNN", "LSTM", "GRU", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
_GATE_NAMES = {"SimpleRNN": (1, "one recurrence"), "GRU": (3, "3 gates: update, reset, candidate"),
               "LSTM": (4, "4 gates: input, forget, cell, output")}


def _recurrent_output(lyr, inp, step_out):
    """The output structure of a recurrent layer from one step's output shape."""
    out = (step_out[0], inp[1], *step_out[1:]) if lyr.return_sequences else step_out
    if not lyr.return_state:
        return out, shape_text(out)
    n = 2 if type(lyr).__name__ in ("LSTM",) or type(lyr).__name__.startswith("ConvLSTM") else 1
    return [out] + [step_out] * n, shape_text([out] + [step_out] * n)


def _recurrent(lyr, inp):
    """Shape and parameter steps for SimpleRNN / LSTM / GRU / ConvLSTM / Bidirectional."""
    cls = type(lyr).__name__
    if cls == "Bidirectional":
        fwd = _recurrent(lyr.forward_layer, inp)
        bwd = _recurrent(lyr.backward_layer, inp)
        out = lyr.compute_output_shape(inp)
        closed = None if None in (fwd[2], bwd[2]) else fwd[2] + bwd[2]
        merge = {"concat": "concatenated on the last axis (twice as long)", "sum": "added", "mul": "multiplied",
                 "ave": "averaged", None: "returned separately (merge_mode=None)"}[lyr.merge_mode]
        steps = [st for st in fwd[1] if st["title"] != "Output shape"]
        steps.insert(0, _step("Two directions", f"\\text{{{shape_text(out)}}}",
                              f"{type(lyr.forward_layer).__name__} reads the sequence forwards and a copy reads it "
                              f"backwards; their outputs are {merge} -> {shape_text(out)}"))
        steps.append(_step("Both directions", f"{_ln(fwd[2] or 0)} + {_ln(bwd[2] or 0)} = {_ln(closed or 0)}",
                           f"forward {_n(fwd[2])} + backward {_n(bwd[2])} = {_n(closed)} parameters"))
        return out, steps, closed
    d = inp[-1]
    if cls not in _GATE_NAMES and not cls.startswith("ConvLSTM"):  # RNN(cell): the cell decides
        out = lyr.compute_output_shape(inp)
        return out, [_step("Output shape", f"\\text{{{shape_text(out)}}}",
                           f"{cls} runs its cell over the {inp[1]} steps -> {shape_text(out)} (the shape the "
                           "layer computes; the parameters are its cell's weights below)")], None
    if cls.startswith("ConvLSTM"):
        cell = lyr.cell
        step_in = (inp[0], *inp[2:])
        step_out = cell.output_shape_for(step_in)
        c, f, k = cell._channels(step_in), cell.filters, cell.kernel_size
        kk = _prod(k)
        out, text = _recurrent_output(lyr, inp, step_out)
        steps = [_step("Output shape", f"\\text{{{text}}}",
                       f"each step's {' × '.join(map(str, step_in[1:-1] if cell.data_format == 'channels_last' else step_in[2:]))} map "
                       f"goes through a convolution with kernel_size={k}, strides={cell.strides}, "
                       f"padding='{cell.padding}' (the Conv output-length rule) into {f} channels"
                       + ("; every step is returned" if lyr.return_sequences else "; the last step is returned")
                       + f" -> {text}")]
        closed = 4 * f * kk * (c + f) + (4 * f if cell.use_bias else 0)
        k_txt = " \\cdot ".join(map(str, k))
        steps.append(_step(
            "Parameters", f"4K \\cdot ({k_txt}) \\cdot ({_sub('D', 'in')} + K)"
            + (" + 4K" if cell.use_bias else "") + f" = 4 \\cdot {f} \\cdot {kk} \\cdot ({c} + {f})"
            + (f" + 4 \\cdot {f}" if cell.use_bias else "") + f" = {_ln(closed)}",
            f"4 gates, each a convolution of the input ({c} channels) and of the previous output ({f} "
            f"channels) with a {' × '.join(map(str, k))} kernel into K = {f} channels"
            + (", plus one bias per gate and channel" if cell.use_bias else "")
            + f": 4 × {f} × {kk} × ({c} + {f})" + (f" + 4 × {f}" if cell.use_bias else "") + f" = {_n(closed)}"))
        return out, steps, closed
    u = lyr.units
    g, gates = _GATE_NAMES[cls]
    out, text = _recurrent_output(lyr, inp, (inp[0], u))
    steps = [_step("Output shape", f"\\text{{{text}}}",
                   f"{cls} reads {inp[1]} steps of {d} features and keeps units = {u} numbers"
                   + (", returned at every step" if lyr.return_sequences else ", returned after the last step")
                   + (" followed by its final state(s)" if lyr.return_state else "") + f" -> {text}")]
    biases = 0
    if lyr.use_bias:
        biases = 2 if cls == "GRU" and lyr.reset_after else 1
    closed = g * (u * (d + u) + biases * u)
    bias_l = {0: "", 1: " + U", 2: " + 2U"}[biases]
    bias_t = {0: "", 1: f" + {u}", 2: f" + 2 × {u}"}[biases]
    bias_tl = {0: "", 1: f" + {u}", 2: f" + 2 \\cdot {u}"}[biases]
    why = {0: " (use_bias=False: no bias)", 1: "", 2: " (reset_after=True keeps an input and a recurrent bias)"}[biases]
    steps.append(_step(
        "Parameters", f"{g} \\cdot (U \\cdot ({_sub('D', 'in')} + U){bias_l}) = {g} \\cdot ({u} \\cdot ({d} + {u})"
        f"{bias_tl}) = {_ln(closed)}",
        f"{gates}; each reads the input ({d}) and the previous output ({u}) into U = {u} values{why}: "
        f"{g} × ({u} × ({d} + {u}){bias_t}) = {_n(closed)}"))
    return out, steps, closed


def _latex_shape(shape) -> str:
    return "\\text{" + shape_text(shape) + "}"


def _resize(cls, cfg, inp):
    nsp = _nsp(cls)
    df = cfg.get("data_format") or "channels_last"
    spatial, c = _split(inp, df)
    names = _axis_names(nsp)
    steps, outs = [], []
    if cls.startswith("UpSampling"):
        size = _tuple(cfg.get("size", 2), nsp)
        for a, n, f in zip(names, spatial, size):
            o = None if n is None else n * f
            outs.append(o)
            steps.append(_step(f"{a}_out",
                               f"{_sub(a, 'out')} = {_sub(a, 'in')}\\cdot \\text{{size}} = "
                               f"{n}\\cdot {f} = {o}",
                               f"{a}_out = {a}_in × size = {n} × {f} = {o} (each pixel is "
                               f"repeated {f} times)"))
    else:
        key = "padding" if cls.startswith("ZeroPadding") else "cropping"
        raw = cfg.get(key, 1)
        if isinstance(raw, int):
            pairs = [(raw, raw)] * nsp
        else:
            raw = tuple(raw)
            pairs = [tuple(p) if isinstance(p, (list, tuple)) else (p, p) for p in raw]
            if len(pairs) == 1 and nsp > 1:
                pairs = pairs * nsp
        sign = "+" if key == "padding" else "-"
        verb = "adds" if key == "padding" else "removes"
        for i, (a, n, (p0, p1)) in enumerate(zip(names, spatial, pairs)):
            o = None if n is None else (n + p0 + p1 if sign == "+" else n - p0 - p1)
            outs.append(o)
            lo, hi = ("top", "bottom") if a == "H" else (
                ("left", "right") if a in ("W", "L") else ("front", "back"))
            steps.append(_step(
                f"{a}_out",
                f"{_sub(a, 'out')} = {_sub(a, 'in')} {sign} P_{{\\text{{{lo}}}}} {sign} "
                f"P_{{\\text{{{hi}}}}} = {n} {sign} {p0} {sign} {p1} = {o}",
                f"{a}_out = {a}_in {sign} {lo} {sign} {hi} = {n} {sign} {p0} {sign} {p1} = {o} "
                f"({cls} {verb} {p0} at the {lo} and {p1} at the {hi})"))
    steps.append(_step("Depth", f"{_sub('D', 'out')} = {_sub('D', 'in')} = {c}",
                       f"the channels are untouched: D_out = D_in = {c}"))
    return _join(outs, c, df), steps


def _attention(lyr):
    """MultiHeadAttention: the projections, the attention over the value positions, the
    output projection, and the parameters (``E`` the inputs' last axes, ``H`` heads)."""
    q, v, k = lyr._first_shapes
    H, dk, dv = lyr.num_heads, lyr.key_dim, lyr.value_dim
    out_dims = tuple(lyr._output_shape or (q[-1],))
    formula = tuple(q[:-1]) + out_dims
    axes = lyr.attention_axes
    t_len = " × ".join(str(q[i]) for i in axes) or "1"
    s_len = " × ".join(str(v[i]) for i in axes) or "1"
    steps = [
        _step("Projections",
              f"{_sub('E', 'q')} = {q[-1]} \\to H \\times \\text{{key\\_dim}} = {H} \\times {dk},\\quad "
              f"{_sub('E', 'k')} = {k[-1]} \\to {H} \\times {dk},\\quad "
              f"{_sub('E', 'v')} = {v[-1]} \\to {H} \\times {dv}",
              f"at every position the query's {q[-1]} features become num_heads × key_dim = "
              f"{H} × {dk}, the key's {k[-1]} become {H} × {dk} and the value's {v[-1]} become "
              f"{H} × value_dim = {H} × {dv} (one EinsumDense each, weights shared by all "
              "positions)"),
        _step("Attention",
              f"\\text{{scores}}: {H} \\times ({t_len}) \\times ({s_len})",
              f"each head compares every query position ({t_len}) with every key position "
              f"({s_len}) and averages the values with those weights: {H} heads of {dv} values "
              "at every query position"),
        _step("Output shape",
              f"{H} \\times {dv} \\to " + " \\times ".join(map(str, out_dims)),
              f"attention_output maps the {H} × {dv} head values back to "
              + (f"output_shape = {out_dims}" if lyr._output_shape else
                 f"the query's last axis ({q[-1]})")
              + f" -> {shape_text(formula)}"),
    ]
    out_size = _prod(out_dims)
    bias = lyr.use_bias
    parts = [q[-1] * H * dk + bias * H * dk, k[-1] * H * dk + bias * H * dk,
             v[-1] * H * dv + bias * H * dv, H * dv * out_size + bias * out_size]
    if lyr.use_gate:
        parts.append(q[-1] * H * dv + bias * H * dv)
    closed = sum(parts)
    steps.append(_step(
        "Parameters",
        f"({_sub('E', 'q')} + {_sub('E', 'k')}) H\\,\\text{{key\\_dim}} + {_sub('E', 'v')} H\\,"
        f"\\text{{value\\_dim}} + H\\,\\text{{value\\_dim}}\\,{_sub('E', 'out')}"
        + (" + \\text{biases}" if bias else "") + f" = {_ln(closed)}",
        f"query {q[-1]} × {H} × {dk}, key {k[-1]} × {H} × {dk}, value {v[-1]} × {H} × {dv}, "
        f"output {H} × {dv} × {out_size}" + ("" if not lyr.use_gate else
                                             f", gate {q[-1]} × {H} × {dv}")
        + (", each with a bias over its outputs" if bias else "") + f": {_n(closed)}"))
    return formula, steps, closed


def _merge(cls, cfg, shapes):
    steps = []
    if cls == "Concatenate":
        axis = cfg.get("axis", -1)
        rank = len(shapes[0])
        ax = axis % rank
        sizes = [s[ax] for s in shapes]
        total = None if None in sizes else sum(sizes)
        formula = tuple(total if i == ax else shapes[0][i] for i in range(rank))
        steps.append(_step(
            "Concatenate",
            " + ".join(map(str, sizes)) + f" = {total}",
            f"the inputs are stacked along axis {axis}: " + " + ".join(map(str, sizes))
            + f" = {total}; every other axis must match -> {shape_text(formula)}"))
        return formula, steps
    formula = shapes[0]
    for s in shapes[1:]:  # broadcasting of 1s (Keras 3 merges broadcast)
        formula = tuple(a if b == 1 else b if a == 1 else a for a, b in zip(formula, s))
    steps.append(_step(
        cls,
        " , ".join(f"\\text{{{shape_text(s)}}}" for s in shapes) + f" \\to \\text{{"
        f"{shape_text(formula)}}}",
        f"{cls} combines its {len(shapes)} inputs element by element, so they share one "
        f"shape: {shape_text(formula)}"))
    return formula, steps
