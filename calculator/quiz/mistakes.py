"""Known mistakes learners make about a layer's shape and parameters, each as a wrong rule.

Each function takes the facts of a question and returns the ``Mistake``s that apply: the
value a learner gets by following the wrong rule, and a message that names the mistake and
states the right rule with the layer's numbers. A quiz uses them twice: to generate
distractors, and to explain a wrong answer that matches one.

The catalogue: forgot the bias; forgot the input depth; counted one filter; used the number
of filters as the input depth; no weight sharing; ``valid`` instead of ``same`` and back; floor
instead of ceil and back; ignored the stride; forgot the ``+ 1``; ignored the dilation; gave
the filters, the kernel or the input depth for a spatial size; confused the output depth with
the input channels or with the width; thought pooling changes the depth or has weights;
forgot the batch axis; forgot the biases or the non-trainable weights of a whole model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .facts import LayerFacts, shape_text


@dataclass(frozen=True)
class Mistake:
    id: str
    value: object
    message: str


def _channels(depth: int) -> str:
    """``all 3 input channels``; ``its 1 input channel`` when there is one."""
    return f"all {depth} input channels" if depth != 1 else "its 1 input channel"


def kernel_symbol(f: LayerFacts) -> tuple[str, str]:
    """The kernel's symbol and its numbers as the Notation page writes them: ``("F·F", "3·3")``
    for a square kernel, ``("F_h·F_w", "3·5")`` otherwise."""
    sizes = [f.window(i)[0] for i in range(f.rank)]
    numbers = "·".join(str(v) for v in sizes)
    if len(set(sizes)) == 1:
        return "·".join(["F"] * f.rank), numbers
    return {2: "F_h·F_w", 1: "F"}.get(f.rank, "F_d·F_h·F_w"), numbers


def axis_symbols(f: LayerFacts, i: int) -> tuple[str, str]:
    """``(input size, window)`` symbols along spatial axis ``i``: ``H_in``/``W_in``/``L_in``
    and ``F`` (``F_h``/``F_w`` for a non-square kernel, ``F_eff`` with dilation)."""
    letter = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}[f.rank][i]
    d = f.window(i)[2]
    square = len({f.window(j)[0] for j in range(f.rank)}) == 1
    window = "F_eff" if d > 1 else ("F" if square else f"F_{letter.lower()}")
    return f"{letter}_in", window


def _ceil_div(a, b):
    return -(-a // b)


# ----------------------------------------------------------------- parameters
def _conv_params(f: LayerFacts):
    cfg = f.config
    k_filters = cfg["filters"]
    area = f.kernel_area
    d_in = f.in_depth
    groups = cfg.get("groups", 1) or 1
    bias = k_filters if cfg.get("use_bias", True) else 0
    per_filter = area * (d_in // groups)
    ksym, knum = kernel_symbol(f)
    out = []
    if bias:
        out.append(Mistake("forgot_bias", per_filter * k_filters,
            f"You left out the biases: each of the {k_filters} filters also has one bias, "
            f"so add K = {k_filters} to the {per_filter * k_filters:,} weights."))
    if d_in > 1:
        out.append(Mistake("forgot_input_depth", area * k_filters + bias,
            f"You forgot the input depth: each filter spans {_channels(d_in)}, so it "
            f"holds {ksym}·D_in = {knum}·{d_in} = {area * d_in} weights, not {area}."))
    if k_filters > 1:
        out.append(Mistake("one_filter", per_filter + (1 if bias else 0),
            f"That is the count for one filter; the layer has K = {k_filters} filters, "
            f"each with its own weights" + (" and bias." if bias else ".")))
    if k_filters != d_in:
        out.append(Mistake("filters_as_input_depth", area * k_filters * k_filters + bias,
            f"You used the number of filters ({k_filters}) as the input depth. The weights of a "
            f"filter cover the input's depth D_in = {d_in}, not the output's."))
    positions = math.prod(f.out_shape[:-1] if f.channels_last else f.out_shape[1:])
    if positions > 1:
        out.append(Mistake("no_weight_sharing", (per_filter + (1 if bias else 0)) * k_filters * positions,
            f"A convolution shares its weights: the same {k_filters} filters slide over all "
            f"{positions:,} output positions, so the count does not grow with the output size."))
    if f.rank == 2:
        kh, kw = f.window(0)[0], f.window(1)[0]
        if kh == kw and kh > 1:
            out.append(Mistake("kernel_not_squared", kh * (d_in // groups) * k_filters + bias,
                f"A 2-D kernel of size {kh} has {kh}×{kw} = {kh * kw} positions per channel, "
                f"not {kh}."))
    return out


def _separable_params(f: LayerFacts):
    cfg = f.config
    d_in, dm, k_filters = f.in_depth, cfg.get("depth_multiplier", 1), cfg["filters"]
    bias = k_filters if cfg.get("use_bias", True) else 0
    regular = f.kernel_area * d_in * k_filters + bias
    return [Mistake("separable_as_regular", regular,
        f"That is a regular convolution's count. A separable convolution first filters each of "
        f"the {d_in} channels on its own ({kernel_symbol(f)[0]}·D_in·M weights, M = {dm}), "
        f"then mixes channels with 1×1 filters (D_in·M·K weights)"
        + (", plus K biases." if bias else "."))]


def _pool_params(f: LayerFacts):
    d_in = f.in_depth or 1
    area = math.prod(f.window(i)[0] for i in range(f.rank)) if f.family == "pool" else 1
    why = ("Pooling has no weights: it takes the maximum or the average of each window, so its "
           "parameter count is 0.")
    return [Mistake("pooling_has_weights", area * d_in, why),
            Mistake("pooling_has_weights_per_channel", d_in, why),
            Mistake("pooling_has_window_weights", area, why)]


def _dense_params(f: LayerFacts):
    n_in, units = f.in_shape[-1], f.config["units"]
    bias = units if f.config.get("use_bias", True) else 0
    out = []
    if bias:
        out.append(Mistake("forgot_bias", n_in * units,
            f"You left out the biases: each of the {units} units has one, so add {units}."))
        out.append(Mistake("bias_per_input", n_in * units + n_in,
            f"The biases belong to the units (one each, {units} in all), not to the {n_in} inputs."))
    if len(f.in_shape) > 1:
        flat = math.prod(f.in_shape)
        out.append(Mistake("dense_on_all_axes", flat * units + bias,
            f"Dense acts on the last axis only ({n_in} features); the other axes "
            f"{shape_text(f.in_shape[:-1])} just carry along. Flatten first to connect every value."))
    return out


def params_mistakes(f: LayerFacts):
    family = f.family
    if family in ("conv", "transpose"):
        return _conv_params(f)
    if family == "separable":
        return _separable_params(f)
    if family in ("pool", "global_pool", "flatten"):
        return _pool_params(f)
    if family == "dense":
        return _dense_params(f)
    return []


# ---------------------------------------------------------------- spatial size
def size_mistakes(f: LayerFacts, axis: int, right: int):
    """Wrong output sizes along spatial axis ``axis`` of a conv or pooling layer."""
    if f.family not in ("conv", "pool", "depthwise", "separable"):
        return []
    names = ("height", "width") if f.rank == 2 else ("length",) if f.rank == 1 else ("depth", "height", "width")
    i = names.index(axis) if isinstance(axis, str) else axis
    n = f.in_shape[i if f.channels_last else i + 1]
    k, s, d, padding = f.window(i)
    k_eff = (k - 1) * d + 1
    n_sym, f_sym = axis_symbols(f, i)
    out = []
    word = "pool window" if f.family == "pool" else "kernel"
    if padding == "same":
        if n >= k_eff:
            out.append(Mistake("valid_instead_of_same", (n - k_eff) // s + 1,
                f"You used the valid formula, but this layer pads with 'same': the output size "
                f"is ceil({n_sym} / S) = ceil({n} / {s}) = {right}, whatever the {word} size."))
        if s > 1 and n % s:
            out.append(Mistake("floor_instead_of_ceil", n // s,
                f"'same' rounds up: ceil({n} / {s}) = {right}, not floor({n} / {s}) = {n // s}. "
                f"The last, partial window still produces an output (it reads padding)."))
        if s > 1:
            out.append(Mistake("ignored_stride", n,
                f"You ignored the stride: with 'same' padding a stride of {s} divides the size, "
                f"ceil({n} / {s}) = {right}. Only a stride of 1 keeps it at {n}."))
    else:
        out.append(Mistake("same_instead_of_valid", _ceil_div(n, s),
            f"You used the 'same' formula, but this layer uses 'valid' (no padding): the {word} "
            f"must fit inside the input, floor(({n_sym} − {f_sym}) / S) + 1 = floor(({n} − {k_eff}) / {s}) + 1 = {right}."))
        if s > 1 and (n - k_eff) % s:
            out.append(Mistake("ceil_instead_of_floor", _ceil_div(n - k_eff, s) + 1,
                f"'valid' rounds down: a window that would hang past the edge is dropped, so "
                f"floor(({n} − {k_eff}) / {s}) + 1 = {right}."))
        out.append(Mistake("forgot_plus_one", (n - k_eff) // s,
            f"You forgot the + 1: the first window position counts too, "
            f"floor(({n} − {k_eff}) / {s}) + 1 = {right}."))
        if s > 1:
            out.append(Mistake("ignored_stride", n - k_eff + 1,
                f"You ignored the stride: the window jumps {s} pixels at a time, "
                f"floor(({n} − {k_eff}) / {s}) + 1 = {right}."))
        if d > 1:
            out.append(Mistake("ignored_dilation", (n - k) // s + 1,
                f"You ignored the dilation: a kernel of {k} with dilation {d} spans "
                f"F_eff = (F − 1)·D + 1 = {k_eff} pixels, so use F_eff = {k_eff} in place of F."))
        if s == 1:
            out.append(Mistake("kept_input_size", n,
                f"A 'valid' {word} of {k_eff} shrinks the input: only {n} − {k_eff} + 1 = {right} "
                f"positions fit."))
    if f.family == "pool" and s == k and padding == "valid":
        out.append(Mistake("pool_stride_one", n - k + 1,
            f"Pooling's stride defaults to its pool size (F = {k}), not 1: windows do not overlap, "
            f"so the size is floor(({n} − {k}) / {s}) + 1 = {right}."))
    if f.family == "conv":
        out.append(Mistake("gave_filters", f.config["filters"],
            f"{f.config['filters']} is the number of filters: it sets the depth, not the width or height."))
    out.append(Mistake("gave_kernel", k, f"{k} is the {word} size {f_sym}, not the output size."))
    if f.in_depth:
        out.append(Mistake("gave_input_depth", f.in_depth,
            f"{f.in_depth} is the input's depth (channels); the spatial size comes from "
            f"{n_sym} = {n}, the {word}, the stride and the padding."))
    return out


# ----------------------------------------------------------------------- depth
def depth_mistakes(f: LayerFacts, right: int):
    out = []
    spatial = f.out_shape[:-1] if f.channels_last else f.out_shape[1:]
    if f.family in ("conv", "transpose", "separable"):
        k_filters = f.config["filters"]
        out.append(Mistake("depth_is_input_channels", f.in_depth,
            f"{f.in_depth} is the input's depth. A convolution's output depth is its number of "
            f"filters, K = {k_filters}: each filter makes one feature map."))
        out.append(Mistake("depth_times_input", k_filters * f.in_depth,
            f"Each filter sums over {_channels(f.in_depth)} and gives one map, so the "
            f"depth is K = {k_filters}, not K·D_in."))
    if f.family == "pool":
        p = f.window(0)[0]
        out.append(Mistake("pooling_changes_depth", max(f.in_depth // p, 1),
            f"Pooling works on each channel separately: the depth stays {f.in_depth}."))
    if spatial:
        out.append(Mistake("depth_is_width", spatial[-1],
            f"{spatial[-1]} is the width of the output. The depth is the last number of the "
            f"shape (channels_last): {right}."))
    if f.family in ("conv", "transpose", "pool", "separable", "depthwise"):
        what = "pool size" if f.family == "pool" else "kernel size"
        out.append(Mistake("gave_kernel", f.window(0)[0], f"{f.window(0)[0]} is the {what}, not the depth."))
    return out


# ---------------------------------------------------------------- output shape
def output_shape_mistakes(f: LayerFacts, right: str):
    out = [Mistake("forgot_batch", shape_text(f.out_shape),
        "Keras prints the batch axis first, as None (any number of examples): "
        f"{right}.")]
    if len(f.out_shape) >= 2:
        moved = (f.out_shape[-1],) + f.out_shape[:-1] if f.channels_last else f.out_shape[1:] + (f.out_shape[0],)
        out.append(Mistake("channels_wrong_end", shape_text((None,) + moved),
            "Keras puts the channels last by default (data_format='channels_last'): "
            f"{right}."))
    if f.family == "global_pool" and not f.config.get("keepdims"):
        out.append(Mistake("kept_spatial_axes", shape_text((None,) + (1,) * f.rank + (f.in_depth,)),
            "Global pooling reduces each whole feature map to one number and, with "
            f"keepdims=False (the default), drops the spatial axes: {right}."))
        out.append(Mistake("global_kept_size", shape_text((None,) + f.in_shape),
            f"Global pooling takes one value per channel from the whole map: {right}."))
    if f.family == "flatten":
        out.append(Mistake("flatten_kept_volume", shape_text((None,) + f.in_shape),
            f"Flatten unrolls the whole volume into one vector of {f.out_shape[0]} values: {right}."))
        out.append(Mistake("flatten_only_depth", shape_text((None, f.in_shape[-1])),
            f"Flatten keeps every value, not one per channel: "
            f"{' × '.join(str(v) for v in f.in_shape)} = {f.out_shape[0]}."))
    if f.rank and f.family in ("conv", "pool"):
        for i, name in enumerate(("height", "width") if f.rank == 2 else ("length",) if f.rank == 1 else ()):
            axis = i if f.channels_last else i + 1
            for m in size_mistakes(f, name, f.out_shape[axis]):
                if m.id in ("gave_filters", "gave_kernel", "gave_input_depth"):
                    continue
                wrong = list(f.out_shape)
                for j in range(f.rank):  # square inputs: learners apply the same slip to every axis
                    if f.in_shape[(j if f.channels_last else j + 1)] == f.in_shape[axis] and f.window(j) == f.window(i):
                        wrong[j if f.channels_last else j + 1] = m.value
                out.append(Mistake(m.id, shape_text((None,) + tuple(wrong)), m.message))
            break
    return out


# ------------------------------------------------------------------ whole model
def model_mistakes(model, kind: str, right: int):
    weights = [(w, layer) for layer in model.layers for w in layer.weights]
    out = []
    if kind == "total_params":
        biases = sum(w.size for w, _ in weights if w.name == "bias")
        if biases:
            out.append(Mistake("forgot_biases", right - biases,
                f"You left out the biases ({biases:,} in all): every Conv and Dense layer adds one "
                "per filter or unit."))
        non_trainable = sum(w.size for w in model.non_trainable_weights)
        if non_trainable:
            out.append(Mistake("forgot_non_trainable", right - non_trainable,
                f"The total counts non-trainable weights too ({non_trainable:,}, e.g. "
                "BatchNormalization's moving mean and variance, or a frozen base)."))
        dense = sum(layer.count_params() for layer in model.layers if type(layer).__name__ == "Dense")
        if dense and dense != right:
            out.append(Mistake("only_dense", dense,
                "That counts only the Dense layers; the convolutional layers have weights too."))
        if dense and right - dense:
            out.append(Mistake("only_conv", right - dense,
                "That leaves out the Dense layers, which often hold most of the parameters."))
    total = model.count_params()
    trainable = sum(w.size for w in model.trainable_weights)
    if kind == "trainable_total":
        out.append(Mistake("gave_non_trainable", total - trainable,
            f"That is the non-trainable count ({total - trainable:,}): the frozen weights. The "
            "question asks for the weights that still train."))
    if kind == "non_trainable_total":
        out.append(Mistake("gave_trainable", trainable,
            f"That is the trainable count ({trainable:,}): the weights that still train. The "
            "question asks for the frozen ones (and BatchNormalization's moving statistics)."))
    if kind == "trainable_total" and total != right:
        out.append(Mistake("counted_frozen_as_trainable", total,
            f"That is the total ({total:,}). Frozen layers (trainable = False) and BatchNormalization's "
            "moving statistics do not train: they count as non-trainable."))
        last = model.layers[-1].count_params()
        if last and last != right:
            out.append(Mistake("only_last_layer", last,
                "That is only the last layer. Every layer that is not frozen trains, the whole new head included."))
    if kind == "non_trainable_total":
        if right:
            out.append(Mistake("freezing_ignored", 0,
                "Freezing a layer (trainable = False) moves its weights to non-trainable; they still count."))
        if total != right:
            out.append(Mistake("counted_everything", total,
                f"That is the total ({total:,}). The non-trainable part is what is frozen, plus "
                "BatchNormalization's moving mean and variance."))
    return out


def mistakes_for(kind: str, facts: LayerFacts | None, right, model=None):
    """Every known mistake for a question; values equal to the right answer are dropped."""
    if facts is None:
        found = model_mistakes(model, kind, right)
    elif kind in ("params", "trainable_params"):
        found = params_mistakes(facts)
    elif kind in ("height", "width", "length"):
        found = size_mistakes(facts, kind, right)
    elif kind == "depth":
        found = depth_mistakes(facts, right)
    elif kind == "output_shape":
        found = output_shape_mistakes(facts, right)
    else:
        found = []
    seen, out = set(), []
    for m in found:
        if m.value is None or m.value == right or m.value in seen:
            continue
        if isinstance(m.value, int) and m.value < 0:
            continue
        seen.add(m.value)
        out.append(m)
    return out
