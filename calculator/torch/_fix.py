"""PyTorch's shape errors, each followed by the fix.

Every error keeps PyTorch's exception type and message exactly: ``str(exc)`` is what PyTorch
says, so a script that catches it and prints it prints what it would under PyTorch. The fix
rides along as ``exc.fix`` (``exc.torch_message`` repeats the message): it names the layer at
fault (its attribute path in the model, found from the module call stack) and the value that
would fit, with the arithmetic that gives it. Whoever reports an uncaught error adds it on a
line of its own, ``Fix: ...`` (:func:`calculator.api.error_data`).
"""

import math

__all__ = ["error", "CALL_STACK", "current_layer", "view_mismatch", "times", "groups_mismatch"]

CALL_STACK = []  # modules being called, outermost first (kept by nn.Module.__call__)


def error(cls, message, fix):
    """``cls(message)`` with ``.torch_message`` and ``.fix`` set."""
    exc = cls(message)
    exc.torch_message = message
    exc.fix = fix
    return exc


def times(factors):
    """``64 × 12 × 12``."""
    return " × ".join(str(f) for f in factors)


def current_layer():
    """``"'features.3' (Conv2d(...))"`` for the innermost module being called, or ``""``."""
    if not CALL_STACK:
        return ""
    module = CALL_STACK[-1]
    name = ""
    for path, m in CALL_STACK[0].named_modules():
        if m is module:
            name = path
            break
    label = repr(module).split("\n", 1)[0]
    return f"layer '{name}' ({label})" if name else f"{label}"


def _where(default):
    layer = current_layer()
    return layer if layer else default


def groups_mismatch(kind, in_channels, out_channels, groups):
    """``nn.Conv*`` built with ``in_channels`` or ``out_channels`` (``kind``) that ``groups``
    does not divide: PyTorch's ValueError, and the group counts nearest to ``groups`` that
    divide both (a group width that does not divide a RegNet width, ShuffleNet's 3 groups
    on 44 channels), or the nearest channel counts that ``groups`` divides."""
    channels = in_channels if kind == "in_channels" else out_channels
    fix = f"{kind}={channels} cannot be split into groups={groups} equal groups " \
          f"({channels} / {groups} is not whole)."
    if all(isinstance(v, int) for v in (in_channels, out_channels, groups)):
        fits = [g for g in range(1, math.gcd(in_channels, out_channels) + 1)
                if in_channels % g == 0 and out_channels % g == 0]
        near = [g for g in (max((g for g in fits if g < groups), default=None),
                            min((g for g in fits if g > groups), default=None)) if g is not None]
        low = channels // groups * groups
        multiples = [m for m in (low, low + groups) if m > 0]
        fix += (f" {' or '.join(f'groups={g}' for g in near)} fits both "
                f"in_channels={in_channels} and out_channels={out_channels}; or make {kind} a "
                f"multiple of {groups} ({' or '.join(map(str, multiples))}).")
    return error(ValueError, f"{kind} must be divisible by groups", fix)


def mat_mismatch(x, in_features, out_features):
    """``F.linear`` / ``nn.Linear`` got a last dimension other than ``in_features``."""
    shape = x.shape
    rows = math.prod(shape[:-1]) if len(shape) > 1 else 1
    got = shape[-1] if shape else 1
    message = (f"mat1 and mat2 shapes cannot be multiplied ({rows}x{got} and "
               f"{in_features}x{out_features})")
    where = _where(f"nn.Linear({in_features}, {out_features})")
    if len(shape) > 1 and shape[0] > 1 and math.prod(shape) == in_features:
        # an unbatched input (C, H, W) flattened from dimension 1, or reshaped to
        # (x.shape[0], -1), holds one sample's values with its first dimension as the batch
        fix = (f"{where}: its input {list(shape)} holds {times(shape)} = {in_features} values, "
               f"exactly in_features, so it looks like ONE sample whose first dimension "
               f"({shape[0]}) is taken as the batch: an input without its batch dimension "
               f"(an unbatched (C, H, W) image, or torchinfo's input_size without the batch). "
               f"Add the batch dimension to the model's input (image.unsqueeze(0); in torchinfo "
               f"input_size=(1, ...)) to "
               f"get [1, {in_features}]. Only if [{shape[0]}, ...] really is a batch of "
               f"{shape[0]} should in_features be {got} (nn.Linear({got}, {out_features})).")
        return error(RuntimeError, message, fix)
    src = x._src
    if src is not None and src[2] == len(src[0]) - 1 and len(shape) == src[1] + 1:
        before, start, _ = src
        merged = before[start:]
        if start == 0 and len(before) > 1 and math.prod(before[1:]) == in_features:
            fix = (f"the flatten before {where} started at dimension 0 and merged the batch "
                   f"({before[0]}) into the features: {times(merged)} = {got}. Flatten from "
                   f"dimension 1 (nn.Flatten(), torch.flatten(x, 1) or x.view(x.size(0), -1)) "
                   f"to get [{before[0]}, {in_features}], which fits in_features={in_features}.")
            return error(RuntimeError, message, fix)
        origin = (f", the flattened output of a {list(before)} tensor "
                  f"({times(merged)} from dimension {start} on)")
        value = f"{got} = {times(merged)}"
    elif len(shape) > 2:
        per_sample = math.prod(shape[1:])
        if per_sample == in_features:
            fix = (f"the input of {where} is {list(shape)}, not flattened: Linear works on the "
                   f"last dimension only. Add nn.Flatten() (or torch.flatten(x, 1)) before it; "
                   f"each sample then has {times(shape[1:])} = {per_sample} values, which fits "
                   f"in_features={in_features}.")
            return error(RuntimeError, message, fix)
        fix = (f"{where}: Linear works on the last dimension of its input {list(shape)}, here "
               f"{got}. If each sample should be one vector, flatten first (nn.Flatten()): it "
               f"has {times(shape[1:])} = {per_sample} values, so in_features should be "
               f"{per_sample} (nn.Linear({per_sample}, {out_features})); otherwise in_features "
               f"should be {got}.")
        return error(RuntimeError, message, fix)
    else:
        origin = f", the size of the last dimension of its input {list(shape)}"
        value = str(got)
    fix = (f"{where}: in_features should be {value}{origin}; "
           f"use nn.Linear({got}, {out_features}) (or nn.LazyLinear({out_features})).")
    return error(RuntimeError, message, fix)


def _last_axis_split(shape, source, op):
    """The fix when ``shape`` keeps every dim of ``source`` but the last and splits that one
    (attention's ``reshape(N, L, heads, head_dim)``), else ``""``."""
    keep = len(source) - 1
    parts = list(shape[keep:])
    if keep < 1 or len(parts) < 2 or -1 in parts or list(shape[:keep]) != list(source[:keep]):
        return ""
    n = source[-1]
    kept = "The first dim is kept as it is" if keep == 1 else \
        f"The first {keep} dims are kept as they are"
    text = (f" {kept}; the last, {n}, is split into {times(parts)} = {math.prod(parts)}, which "
            f"must be {n}.")
    if len(parts) != 2:
        return text
    a = parts[0]
    if n % a == 0:
        return text + (f" {n} = {a} × {n // a}: the second part should be {n // a} (or -1 in its "
                       f"place, {op}(..., {a}, -1)).")
    divisors = [d for d in range(2, n) if n % d == 0]
    fits = (f"{', '.join(map(str, divisors[:8]))}{', …' if len(divisors) > 8 else ''} "
            f"divide{'s' if len(divisors) == 1 else ''} {n}"
            if divisors else f"{n} is prime")
    if len(source) >= 3:  # (N, L, E) into (N, L, heads, head_dim)
        return text + (f" {n} is not a multiple of {a}, so no second part fits. When {a} is a "
                       f"number of attention heads, the embedding size must be divisible by it "
                       f"({fits}), or make the size a multiple of {a} (e.g. {(n // a + 1) * a}).")
    return text + f" {n} is not a multiple of {a}, so no second part fits ({fits})."


def _inner_split(shape, source, op):
    """The fix when ``shape`` keeps the dims of ``source`` before and after one inner dim and
    splits that one into parts that do not multiply to it (a detection head's
    ``view(N, anchors, classes + 5, H, W)`` on a map whose channels were set for another
    number of classes), else ``""``: the maps around it fit, so a flatten is not the fix."""
    if -1 in shape or len(shape) <= len(source):
        return ""
    before = next((i for i, (a, b) in enumerate(zip(source, shape)) if a != b), len(source))
    after = next((i for i, (a, b) in enumerate(zip(reversed(source), reversed(shape))) if a != b),
                 len(source))
    if before + after != len(source) - 1 or before < 1 or after < 1:
        return ""
    n, parts = source[before], list(shape[before:len(shape) - after])
    if len(parts) < 2:
        return ""
    product = math.prod(parts)
    example = f" (e.g. out_channels={product})" if before == 1 else ""
    text = (f" The dims before and after dim {before} are kept as they are; dim {before}, {n}, "
            f"is split into {times(parts)} = {product}, which must be {n}. Either the layer "
            f"that makes this tensor should give {product} there{example}, or the split should "
            f"multiply to {n}")
    if len(parts) == 2 and n % parts[0] == 0:
        a = parts[0]
        return text + (f": {n} = {a} × {n // a}, so {op}(..., {a}, {n // a}, ...) (or -1 in "
                       f"place of {n // a}).")
    return text + "."


def _batch_written_in(shape, source, op):
    """The fix when ``shape`` (no -1) holds one sample's values after a batch size written as
    a number (VAE's ``recon.view(args.batch_size, 1, 28, 28)`` on a smaller last batch), or
    holds exactly one sample (a gram matrix's ``view(d, h * w)`` on a batch of 2); else ``""``."""
    if len(source) < 2 or -1 in shape or not shape:
        return ""
    n, per_sample = source[0], math.prod(source[1:])
    if len(shape) > 1 and math.prod(shape[1:]) == per_sample:
        rest = ", ".join(str(s) for s in shape[1:])
        held = f"{times(shape[1:])} = {per_sample}" if len(shape) > 2 else str(per_sample)
        return (f" The sizes after the first, {held}, are one sample's values, but the first "
                f"is {shape[0]} while this input holds {n} samples (a last batch is often "
                f"smaller): write x.{op}(x.size(0), {rest}) (or -1 first) to get [{n}, {rest}].")
    if math.prod(shape) == per_sample and n > 1:
        sizes = ", ".join(str(s) for s in shape)
        held = f"{times(shape)} = {per_sample}" if len(shape) > 1 else str(per_sample)
        return (f" {held} is one sample's values, but this input holds {n} "
                f"samples: keep the batch, x.{op}(x.size(0), {sizes}) gives [{n}, {sizes}] (or "
                f"take one sample, x[0], if one was meant).")
    return ""


def view_mismatch(shape, source, op):
    """``x.view(...)`` / ``x.reshape(...)`` asks for a different number of elements."""
    numel = math.prod(source)
    message = f"shape '{list(shape)}' is invalid for input of size {numel}"
    known = [s for s in shape if s != -1]
    per_sample = math.prod(source[1:]) if len(source) > 1 else numel
    if -1 in shape:
        product = f"{times(known)} = {math.prod(known)}" if len(known) > 1 else \
            str(math.prod(known))
        why = f"the other sizes multiply to {product}, which does not divide {numel}"
    else:
        why = f"{times(shape)} = {math.prod(shape)} elements, not {numel}"
    fix = (f"{op}() must keep the number of elements: the input {list(source)} has "
           f"{times(source)} = {numel}; {why}.")
    held = f"{times(source[1:])} = {per_sample}" if len(source) > 2 else str(per_sample)
    if len(source) == 2 and len(shape) > 2 and shape[0] == -1 and -1 not in shape[1:]:
        # unflattening a feature vector into maps: keep the channels, solve the map size
        fix += (f" Each of the {source[0]} samples holds {held} values, but "
                f"{times(shape[1:])} = {math.prod(shape[1:])} were asked per sample.")
        channels, rest = shape[1], len(shape) - 2
        side = round((per_sample / channels) ** (1 / rest)) if per_sample % channels == 0 else 0
        if side and channels * side ** rest == per_sample:
            target = ", ".join(["-1", str(channels)] + [str(side)] * rest)
            fix += (f" With {channels} channels that is {per_sample // channels} = "
                    f"{times([side] * rest)} per map: {op}({target}).")
        return error(RuntimeError, message, fix)
    split = _last_axis_split(shape, source, op)
    if split:
        return error(RuntimeError, message, fix + split)
    inner = _inner_split(shape, source, op)
    if inner:
        return error(RuntimeError, message, fix + inner)
    batch = _batch_written_in(shape, source, op)
    if batch:
        return error(RuntimeError, message, fix + batch)
    if len(source) > 1:
        fix += (f" Each of the {source[0]} samples holds {held} "
                f"values: write x.{op}(x.size(0), -1) (or torch.flatten(x, 1)) to get "
                f"[{source[0]}, {per_sample}], and make the next layer expect {per_sample} "
                f"(e.g. nn.Linear({per_sample}, ...)).")
    return error(RuntimeError, message, fix)
