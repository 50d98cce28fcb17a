"""Step-by-step derivations in PyTorch's notation (the Keras ones live in ``derive``).

Same notation as the lessons — ``F`` kernel size, ``S`` stride, ``P`` padding (per side, as
PyTorch's ``padding=``), ``D`` dilation, ``H_in``/``H_out`` — and the same step dicts
(``{"title", "latex", "text"}``), so pages and the CLI show them the same way. The lengths
come from ``calculator.shapes_torch`` (the rules the ``torch`` mirror runs); the arithmetic
here is re-done to be displayed and the tests check it lands on the mirror's numbers.

- :func:`conv_axis`: ``floor((H_in + 2P − D(F−1) − 1)/S) + 1``
- :func:`pool_axis`: the same with ``ceil_mode`` (and its last-window rule)
- :func:`transpose_axis`: ``(H_in − 1)S − 2P + D(F−1) + output_padding + 1``
- :func:`adaptive_axis`: window ``i`` spans ``[floor(i·H_in/O), ceil((i+1)·H_in/O))``
- :func:`keras_same_in_torch`: Keras ``same`` next to the PyTorch ``padding=`` / ``F.pad``
  that reproduces it
- :func:`derive_module`: a built ``calculator.torch`` module (conv, transposed conv, pooling,
  adaptive pooling, Linear, BatchNorm, RNN/LSTM/GRU) on an input: the steps, the output shape
  and the parameter count, each also re-derived (``formula_shape``, ``formula_params``)
"""

from __future__ import annotations

import math

from . import shapes, shapes_torch as rules
from .derive import _frac_value, _step, _sub, plural as _pl

__all__ = ["conv_axis", "pool_axis", "transpose_axis", "adaptive_axis", "keras_same_in_torch",
           "derive_module"]


def _span_terms(k, d):
    """LaTeX and text for ``D(F−1)`` (just ``F−1`` when D = 1)."""
    if d == 1:
        return "(F - 1)", "(F − 1)", f"({k} - 1)", f"({k} − 1)"
    return "D(F - 1)", "D(F − 1)", f"{d}\\cdot({k} - 1)", f"{d}·({k} − 1)"


def conv_axis(n, k, s=1, p=0, d=1, name="H"):
    """One spatial axis of ``nn.Conv*d``: ``(length, steps)``; ``p`` an int, ``'same'``/``'valid'``.

    >>> conv_axis(28, 3)[0], conv_axis(28, 3, p=1)[0], conv_axis(7, 3, 2, 1)[0]
    (26, 28, 4)
    """
    if p == "valid":
        p = 0
    if p == "same":
        before, after = rules.same_padding_split(k, d)
        steps = [_step(f"{name}: padding='same'",
                       f"P_{{\\text{{total}}}} = D(F - 1) = {d * (k - 1)},\\quad "
                       f"P_{{\\text{{left}}}} = {before},\\ P_{{\\text{{right}}}} = {after}",
                       f"padding='same' (stride 1 only) pads D(F − 1) = {d * (k - 1)} in total: "
                       f"{before} before and {after} after (an odd total puts the extra pixel "
                       f"after, as Keras does), so {name}_out = {name}_in = {n}.")]
        return n, steps
    Hin, Hout = _sub(name, "in"), _sub(name, "out")
    lspan, tspan, lspan_n, tspan_n = _span_terms(k, d)
    num = n + 2 * p - d * (k - 1) - 1
    steps = []
    if n + 2 * p < d * (k - 1) + 1:
        steps.append(_step(
            f"{name}: the kernel does not fit",
            f"{Hin} + 2P = {n} + 2\\cdot {p} = {n + 2 * p} < {lspan} + 1 = {d * (k - 1) + 1}",
            f"the padded input is {n} + 2·{p} = {n + 2 * p} pixels but the kernel spans "
            f"{tspan} + 1 = {d * (k - 1) + 1}: PyTorch raises \"Kernel size can't be greater "
            f"than actual input size\"."))
        return num // s + 1, steps
    q, r = divmod(num, s)
    out = q + 1
    steps.append(_step(
        f"{name}_out",
        f"{Hout} = \\left\\lfloor \\frac{{{Hin} + 2P - {lspan} - 1}}{{S}} \\right\\rfloor + 1"
        f" = \\left\\lfloor \\frac{{{n} + 2\\cdot {p} - {lspan_n} - 1}}{{{s}}} \\right\\rfloor + 1"
        + (f" = \\left\\lfloor {_frac_value(num, s)} \\right\\rfloor + 1" if r else "")
        + f" = {q} + 1 = {out}",
        f"{name}_out = floor(({name}_in + 2P − {tspan} − 1) / S) + 1 = floor(({n} + 2·{p} − "
        f"{tspan_n} − 1) / {s}) + 1 = {q} + 1 = {out}"))
    if s > 1:
        if r:
            why = (f"the floor drops {_pl(r, 'pixel')} of the padded input at the end: the last "
                   f"window starts at padded pixel {(out - 1) * s} and no further window fits.")
        else:
            why = f"{num} is a multiple of {s}: the windows end exactly at the last padded pixel."
        steps.append(_step(f"{name}: what the floor drops",
                           f"({n} + 2\\cdot {p} - {lspan_n} - 1) \\bmod {s} = {r}", why))
    return out, steps


def pool_axis(n, k, s=None, p=0, d=1, ceil_mode=False, name="H"):
    """One spatial axis of ``nn.MaxPool*d``/``nn.AvgPool*d`` (``s`` defaults to ``k``).

    >>> pool_axis(5, 2)[0], pool_axis(5, 2, ceil_mode=True)[0], pool_axis(4, 2, ceil_mode=True)[0]
    (2, 3, 2)
    """
    s = k if s is None else s
    if not ceil_mode:
        return conv_axis(n, k, s, p, d, name)
    Hin, Hout = _sub(name, "in"), _sub(name, "out")
    lspan, tspan, lspan_n, tspan_n = _span_terms(k, d)
    num = n + 2 * p - d * (k - 1) - 1
    up = -(-num // s)
    out = rules.pool_output_length(n, k, s, p, d, True)
    steps = [_step(
        f"{name}_out with ceil_mode=True",
        f"{Hout} = \\left\\lceil \\frac{{{Hin} + 2P - {lspan} - 1}}{{S}} \\right\\rceil + 1"
        f" = \\left\\lceil \\frac{{{num}}}{{{s}}} \\right\\rceil + 1 = {up + 1}",
        f"{name}_out = ceil(({n} + 2·{p} − {tspan_n} − 1) / {s}) + 1 = ceil({num} / {s}) + 1 = "
        f"{up + 1}: ceil keeps a last, partial window.")]
    last = up * s
    if out != up + 1:
        steps.append(_step(
            f"{name}: the last window must start inside the input",
            f"({up + 1} - 1)\\cdot {s} = {last} \\ge {Hin} + P = {n + p} \\Rightarrow "
            f"{Hout} = {out}",
            f"the last window would start at padded pixel {last}, past the input and its left "
            f"padding ({n} + {p} = {n + p}): PyTorch drops it, so {name}_out = {out}."))
    else:
        steps.append(_step(
            f"{name}: the last window starts inside the input",
            f"({out} - 1)\\cdot {s} = {last} < {Hin} + P = {n + p}",
            f"the last window starts at padded pixel {last} < {n + p}, so it is kept."))
    return out, steps


def transpose_axis(n, k, s=1, p=0, op=0, d=1, name="H"):
    """One spatial axis of ``nn.ConvTranspose*d``.

    >>> transpose_axis(4, 3, 2)[0], transpose_axis(4, 3, 2, 1, 1)[0], transpose_axis(4, 4, 2, 1)[0]
    (9, 8, 8)
    """
    Hin, Hout = _sub(name, "in"), _sub(name, "out")
    lspan, tspan, lspan_n, tspan_n = _span_terms(k, d)
    out = rules.conv_transpose_output_length(n, k, s, p, op, d)
    steps = [_step(
        f"{name}_out, transposed",
        f"{Hout} = ({Hin} - 1)\\cdot S - 2P + {lspan} + P_{{\\text{{out}}}} + 1 = "
        f"({n} - 1)\\cdot {s} - 2\\cdot {p} + {lspan_n} + {op} + 1 = {out}",
        f"{name}_out = ({name}_in − 1)·S − 2P + {tspan} + output_padding + 1 = ({n} − 1)·{s} − "
        f"2·{p} + {tspan_n} + {op} + 1 = {out}: each input pixel stamps the kernel {s} apart; "
        f"padding crops {p} from each side; output_padding (< S) adds rows on one side only.")]
    if op:
        steps.append(_step(
            f"{name}: why output_padding",
            f"\\left\\lfloor \\frac{{{out} + 2\\cdot {p} - {lspan_n} - 1}}{{{s}}} \\right\\rfloor "
            f"+ 1 = {n}",
            f"a strided conv maps several sizes to the same {n}; output_padding={op} picks "
            f"{out} among them (the conv with the same settings maps {out} back to {n})."))
    return out, steps


def adaptive_axis(n, o, name="H"):
    """One spatial axis of ``nn.AdaptiveAvgPool*d``/``AdaptiveMaxPool*d``: always ``o`` long.

    >>> adaptive_axis(5, 3)[0], adaptive_axis(14, 7)[0]
    (3, 7)
    """
    if o is None:
        return n, [_step(f"{name}: None keeps the size", f"{_sub(name, 'out')} = {n}",
                         f"output_size None keeps {name}_in = {n}.")]
    windows = rules.adaptive_windows(n, o)
    shown = ", ".join(f"[{a}, {b})" for a, b in windows[:6]) + (", …" if o > 6 else "")
    steps = [_step(
        f"{name}: adaptive windows",
        f"\\text{{window }} i = \\left[\\left\\lfloor \\frac{{i\\cdot {n}}}{{{o}}} \\right\\rfloor,"
        f" \\left\\lceil \\frac{{(i+1)\\cdot {n}}}{{{o}}} \\right\\rceil\\right),\\quad "
        f"{_sub(name, 'out')} = {o}",
        f"window i covers [floor(i·{n}/{o}), ceil((i+1)·{n}/{o})): {shown}; {name}_out = "
        f"output_size = {o} whatever {name}_in is.")]
    if n % o == 0:
        steps.append(_step(f"{name}: a regular pool here",
                           f"F = S = {n} / {o} = {n // o}",
                           f"{n} is a multiple of {o}, so this is a plain pool with kernel_size "
                           f"= stride = {n // o}."))
    else:
        sizes = sorted({b - a for a, b in windows})
        steps.append(_step(f"{name}: uneven windows", "\\text{window sizes } " + ", ".join(
            map(str, sizes)), f"{n} is not a multiple of {o}: windows of "
            f"{' or '.join(map(str, sizes))} pixels, some overlapping."))
    return o, steps


def keras_same_in_torch(n, k, s=1, d=1, name="H"):
    """Keras ``padding='same'`` next to the PyTorch code that gives the same windows.

    Returns ``{"keras_out", "before", "after", "torch_padding", "torch_pad", "steps"}``:
    ``torch_padding`` is the symmetric ``padding=`` that reproduces it (``None`` when the split
    is uneven), ``torch_pad`` the ``(before, after)`` pair for ``F.pad`` (always works).

    >>> r = keras_same_in_torch(224, 3, 2)
    >>> r["keras_out"], r["before"], r["after"], r["torch_padding"]
    (112, 0, 1, None)
    """
    total, before, after = shapes.same_padding(n, k, s, d)
    keras_out = shapes.conv_output_length(n, k, s, "same", d)
    symmetric = before if before == after else None
    torch_out = rules.conv_output_length(n, k, s, (before, after), d)
    steps = [_step(
        f"{name}: Keras same",
        f"{_sub(name, 'out')} = \\lceil {n}/{s} \\rceil = {keras_out},\\quad P = {total}:\\ "
        f"{before}\\text{{ before}},\\ {after}\\text{{ after}}",
        f"Keras same gives ceil({n} / {s}) = {keras_out} and pads {total} in total: {before} "
        f"before (top/left) and {after} after (bottom/right, the extra pixel).")]
    if symmetric is not None:
        code = f"nn.Conv2d(..., kernel_size={k}, stride={s}, padding={symmetric})"
        text = (f"the split is even, so PyTorch's padding={symmetric} (the same on both sides) "
                f"reproduces it: floor(({n} + 2·{symmetric} − {d * (k - 1)} − 1) / {s}) + 1 = "
                f"{torch_out}.")
    else:
        code = f"F.pad(x, ({before}, {after})) then padding=0"
        text = (f"the split is uneven ({before} ≠ {after}); PyTorch's padding= pads both sides "
                f"alike (padding={before} gives {rules.conv_output_length(n, k, s, before, d)},"
                f" padding={after} gives {rules.conv_output_length(n, k, s, after, d)} with the "
                f"windows shifted), so pad explicitly: F.pad(x, ({before}, {after})) for this "
                f"axis (for 2-D: (left, right, top, bottom)) and padding=0, giving {torch_out}."
                + (" With stride 1, padding='same' also does it." if s == 1 else ""))
    steps.append(_step(f"{name}: the same in PyTorch", f"\\texttt{{{code}}}", text))
    return {"keras_out": keras_out, "before": before, "after": after,
            "torch_padding": symmetric, "torch_pad": (before, after), "torch_out": torch_out,
            "steps": steps}


def derive_module(module, input_shape):
    """Derivation dict (as ``derive.derive_layer``) for a ``calculator.torch`` conv, pool or
    linear module on ``input_shape`` (batch included, channels first)."""
    from .torch import randn
    output = module(randn(*input_shape))
    output_shape = tuple((output[0] if isinstance(output, tuple) else output).shape)
    cls = type(module).__name__
    names = {1: ["L"], 2: ["H", "W"], 3: ["D", "H", "W"]}
    steps, spatial = [], []
    params = sum(p.numel() for p in module.parameters())
    if cls.startswith(("Conv", "MaxPool", "AvgPool", "AdaptiveAvgPool", "AdaptiveMaxPool")):
        n = int(cls[-2])
        dims = input_shape[-n:]
        for i, (length, axis) in enumerate(zip(dims, names[n])):
            pick = lambda v: v[i] if isinstance(v, tuple) else v  # noqa: E731
            if cls.startswith("ConvTranspose"):
                out, st = transpose_axis(length, module.kernel_size[i], module.stride[i],
                                         module.padding[i], module.output_padding[i],
                                         module.dilation[i], axis)
            elif cls.startswith("Conv"):
                pad = module.padding if isinstance(module.padding, str) else module.padding[i]
                out, st = conv_axis(length, module.kernel_size[i], module.stride[i], pad,
                                    module.dilation[i], axis)
            elif cls.startswith("Adaptive"):
                out, st = adaptive_axis(length, pick(module.output_size), axis)
            else:
                out, st = pool_axis(length, pick(module.kernel_size), pick(module.stride),
                                    pick(module.padding), pick(getattr(module, "dilation", 1)),
                                    module.ceil_mode, axis)
            spatial.append(out)
            steps += st
        channels = module.out_channels if cls.startswith("Conv") else input_shape[-n - 1]
        formula_shape = tuple(input_shape[:-n - 1]) + (channels,) + tuple(spatial)
    elif cls == "Linear":
        formula_shape = tuple(input_shape[:-1]) + (module.out_features,)
        steps.append(_step("Linear output", f"[\\ldots, {module.in_features}] \\to [\\ldots, "
                                            f"{module.out_features}]",
                           f"Linear maps the last dimension {module.in_features} to "
                           f"{module.out_features}; the other dimensions pass through."))
    elif cls.startswith("BatchNorm"):
        formula_shape = tuple(input_shape)
        step, formula_params = _batch_norm_step(module)
        steps.append(step)
    elif cls in ("RNN", "LSTM", "GRU"):
        formula_shape = None
        step, formula_params = _rnn_step(module)
        steps.append(step)
    else:
        raise ValueError(f"No PyTorch derivation for {cls}: conv, pooling, Linear, BatchNorm "
                         f"and RNN/LSTM/GRU are derived step by step.")
    if cls.startswith(("Conv", "Linear")):
        step, formula_params = _params_step(module, cls)
        steps.append(step)
    elif not cls.startswith(("BatchNorm", "RNN", "LSTM", "GRU")):
        formula_params = 0
    if formula_shape is None:  # recurrent layers: the output shape is read from the module
        formula_shape = output_shape
    return {"steps": steps, "output_shape": output_shape, "formula_shape": formula_shape,
            "params": params, "formula_params": formula_params,
            "result": f"{list(output_shape)}, {params:,} parameters"}


def _params_step(module, cls):
    """``(step, count)``: Linear ``in·out + out``; conv ``(in/groups)·∏k·out + out``."""
    if cls == "Linear":
        i, o = module.in_features, module.out_features
        bias = o if module.bias is not None else 0
        total = i * o + bias
        return _step("Parameters", f"{i}\\cdot {o} + {bias} = {total:,}".replace(",", "{,}"),
                     f"weight in_features × out_features = {i} × {o}, plus {bias} biases: "
                     f"{total:,}"), total
    k = math.prod(module.kernel_size)
    cin, cout, g = module.in_channels, module.out_channels, module.groups
    bias = cout if module.bias is not None else 0
    total = cin // g * k * cout + bias
    return _step("Parameters",
                 f"\\frac{{{cin}}}{{{g}}}\\cdot {k}\\cdot {cout} + {bias} = {total}",
                 f"weight (in_channels / groups) × ∏kernel_size × out_channels = {cin}/{g} × {k} × "
                 f"{cout}, plus {bias} biases: {total:,}"), total


def _batch_norm_step(module):
    """PyTorch counts only weight and bias as parameters; the running statistics are buffers."""
    c = module.num_features
    params = (c if module.weight is not None else 0) + (c if module.bias is not None else 0)
    if params:
        latex = f"\\text{{params}} = {params // c}\\cdot {c} = {params}"
        text = (f"weight (γ){' and bias (β)' if params == 2 * c else ''}: {c} values each, "
                f"{params} parameters (all trainable).")
    else:
        latex, text = "\\text{params} = 0", "affine=False: no weight or bias, 0 parameters."
    if module.track_running_stats:
        latex += f",\\quad \\text{{buffers}} = 2\\cdot {c} + 1 = {2 * c + 1}"
        text += (f" running_mean and running_var ({c} each) and num_batches_tracked (1) are "
                 f"buffers, not parameters: {2 * c + 1} values that sum(p.numel() for p in "
                 f"model.parameters()) does not count. Keras counts its moving mean/variance as "
                 f"{2 * c} non-trainable parameters instead.")
    else:
        text += " track_running_stats=False: no running statistics are kept."
    return _step("Parameters and buffers", latex, text), params


def _rnn_step(module):
    """Per layer and direction: ``G·H·(in + H) + 2·G·H`` with ``G`` gates (RNN 1, GRU 3, LSTM 4)."""
    gates = {"RNN_TANH": 1, "RNN_RELU": 1, "GRU": 3, "LSTM": 4}[module.mode]
    h, directions = module.hidden_size, 2 if module.bidirectional else 1
    real = module.proj_size or h
    parts, texts, params = [], [], 0
    for layer in range(module.num_layers):
        inp = module.input_size if layer == 0 else real * directions
        each = gates * h * (inp + real) + (2 * gates * h if module.bias else 0) + \
            (module.proj_size * h if module.proj_size else 0)
        params += directions * each
        parts.append(f"{directions}\\cdot {each}")
        texts.append(f"layer {layer}: {directions} × ({gates}·{h}·({inp} + {real})"
                     + (f" + 2·{gates}·{h}" if module.bias else "")
                     + (f" + {module.proj_size}·{h}" if module.proj_size else "")
                     + f") = {directions * each}")
    return _step(
        "Parameters",
        " + ".join(parts) + f" = {params}",
        f"{gates} gate(s) of hidden_size {h}; each layer and direction has weight_ih "
        f"[{gates}·{h}, in], weight_hh [{gates}·{h}, {real}]"
        + (", bias_ih and bias_hh (PyTorch keeps two biases, Keras one)" if module.bias else "")
        + ". " + "; ".join(texts) + f". Total {params:,}."), params
