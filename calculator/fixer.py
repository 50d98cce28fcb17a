"""The shape-error fixer: read a PyTorch or Keras shape error, say which layer failed, the rule
it broke, and the value that would fit.

:func:`explain` takes the error message alone (as a learner pastes it from a notebook). Each
recognised message is one small reader below: a pattern with the numbers the library prints,
and the sentence that turns them into a fix. A message no reader knows returns ``None``:
the fixer never guesses.

    >>> explain("mat1 and mat2 shapes cannot be multiplied (64x9216 and 4096x128)")["fix"]
    'Make the Linear layer take 9216 features: nn.Linear(9216, 128) (or nn.LazyLinear(128), which reads it from the first batch).'
"""

from __future__ import annotations

import math
import re

__all__ = ["explain"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_READERS = []


def _reader(pattern: str):
    rx = re.compile(pattern, re.S)

    def wrap(fn):
        _READERS.append((rx, fn))
        return fn
    return wrap


def _ints(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"-?\d+", text)]


def _dims(text: str) -> list:
    """``"None, 5, 5, 3"`` -> ``[None, 5, 5, 3]`` (a shape as the libraries print it)."""
    return [None if v.strip() == "None" else int(v) for v in text.split(",") if v.strip()]


def _shape(dims) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in dims) + ")"


def _result(framework, layer, rule, fix, **values):
    return {"framework": framework, "layer": layer, "rule": rule, "fix": fix, "values": values}


# ---------------------------------------------------------------------- PyTorch
@_reader(r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")
def _linear(m):
    rows, got, want, out = (int(v) for v in m.groups())
    return _result(
        "pytorch", "nn.Linear",
        f"A Linear layer multiplies its input ({rows} × {got}: {rows} row{'s' if rows != 1 else ''} of {got} features) by "
        f"its weight transposed ({want} × {out}): the inner sizes must agree, so in_features must "
        f"equal the size of the input's last axis. Here in_features is {want}, the input has {got}.",
        f"Make the Linear layer take {got} features: nn.Linear({got}, {out}) (or "
        f"nn.LazyLinear({out}), which reads it from the first batch).",
        in_features=got, out_features=out)


@_reader(r"Given groups=(\d+), weight of size \[([\d, ]+)\], expected input\[([\d, ]+)\] to have (\d+) "
         r"channels, but got (\d+) channels instead")
def _conv_channels(m):
    groups = int(m.group(1))
    weight, given = _ints(m.group(2)), _ints(m.group(3))
    want, got = int(m.group(4)), int(m.group(5))
    out_ch, kernel = weight[0], weight[2:]
    kind = {1: "nn.Conv1d", 2: "nn.Conv2d", 3: "nn.Conv3d"}.get(len(kernel), "nn.Conv2d")
    ks = kernel[0] if len(set(kernel)) == 1 else tuple(kernel)
    rule = (f"{kind} reads axis 1 of its input as the channels (N, C, H, W): its weight "
            f"{list(weight)} expects in_channels = {weight[1]} × groups {groups} = {want}, but the "
            f"input {list(given)} has {got} there.")
    if given and given[-1] == want and len(given) == len(kernel) + 2:
        fix = (f"The input is channels-last (its last axis is {want}): move the channels to axis 1 "
               f"with x.permute({', '.join(['0', str(len(given) - 1)] + [str(i) for i in range(1, len(given) - 1)])}) "
               f"before the layer, or build the tensor as {list([given[0], want] + given[1:-1])}.")
    elif groups > 1 and got % groups:
        fix = (f"in_channels must be divisible by groups = {groups}: give the layer {got} input "
               f"channels only if {got} is a multiple of {groups}, or change groups.")
    else:
        fix = (f"Give the layer the {got} channel{'s' if got != 1 else ''} it receives: {kind}({got}, {out_ch}, "
               f"kernel_size={ks}" + (f", groups={groups}" if groups > 1 else "") +
               f") — or make the layer before it output {want} channels.")
    return _result("pytorch", kind, rule, fix, received=got, expected=want)


@_reader(r"Calculated padded input size per channel: \(([\d x]+)\)\. Kernel size: \(([\d x]+)\)\. "
         r"Kernel size can't be greater than actual input size")
def _kernel_too_big(m):
    size, kernel = _ints(m.group(1)), _ints(m.group(2))
    pads = [max(0, math.ceil((k - n) / 2)) for n, k in zip(size, kernel)]
    return _result(
        "pytorch", "nn.Conv",
        f"The input reaching this convolution is {' × '.join(map(str, size))} per channel (after its "
        f"padding), smaller than its {' × '.join(map(str, kernel))} kernel: no window fits, since "
        "floor((n + 2p − d(k − 1) − 1)/s) + 1 would be 0 or less.",
        f"Use a kernel of at most {' × '.join(map(str, size))}, or pad by at least "
        f"{pads[0] if len(set(pads)) == 1 else tuple(pads)} on each side, or downsample less in "
        "the layers before (fewer poolings or smaller strides).",
        input_size=size, kernel_size=kernel, padding=pads)


@_reader(r"Given input size: \(([\dx]+)\)\. Calculated output size: \(([\dx-]+)\)\. Output size is too small")
def _pool_too_small(m):
    size, out = _ints(m.group(1)), _ints(m.group(2))
    return _result(
        "pytorch", "pooling layer",
        f"The pooling window is larger than the {' × '.join(map(str, size[1:]))} input it receives, "
        f"so the output would be {' × '.join(map(str, out[1:]))}.",
        "Use a pool size no larger than the input's height and width, or remove a pooling "
        "(or a stride) before this layer; nn.AdaptiveAvgPool2d((1, 1)) pools whatever the size.",
        input_size=size[1:])


@_reader(r"shape '\[([-\d, ]+)\]' is invalid for input of size (\d+)")
def _view(m):
    target, size = _ints(m.group(1)), int(m.group(2))
    known = math.prod(d for d in target if d != -1)
    lead = target[0] if target else 1
    fits = size // lead if lead and size % lead == 0 else None
    fix = (f"Keep the batch axis and let PyTorch compute the rest: .view({lead}, -1) gives "
           f"({lead}, {fits}); the layer after it then needs {fits} input features."
           if fits else f"Choose sizes whose product is {size:,}.")
    return _result(
        "pytorch", "view / reshape",
        f"view and reshape keep every value: the new shape {target} holds {known:,} values but the "
        f"tensor has {size:,}.", fix, size=size, features=fits)


@_reader(r"Sizes of tensors must match except in dimension (\d+)\. Expected size (\d+) but got size (\d+) "
         r"for tensor number (\d+) in the list")
def _cat(m):
    dim, want, got, index = (int(v) for v in m.groups())
    return _result(
        "pytorch", "torch.cat",
        f"torch.cat joins tensors along dimension {dim}; every other dimension must be equal. "
        f"Tensor {index} has size {got} where the first has {want}.",
        f"Make tensor {index} match: resize or crop it to {want} on the differing axis (for a skip "
        "connection, pad or crop the encoder map, or use padding so both paths keep the size).",
        dim=dim, expected=want, got=got)


@_reader(r"running_mean should contain (\d+) elements not (\d+)")
def _batchnorm(m):
    got, want = int(m.group(1)), int(m.group(2))
    return _result(
        "pytorch", "nn.BatchNorm",
        f"BatchNorm keeps one mean and one variance per channel: it was built for num_features = "
        f"{want}, but its input has {got} channels.",
        f"Use nn.BatchNorm2d({got}) (num_features = the out_channels of the layer before it).",
        num_features=got)


@_reader(r"Expected (\d)D \(unbatched\) or (\d)D \(batched\) input to (\w+), but got input of size: \[([\d, ]+)\]")
def _unbatched(m):
    unb, bat, op = int(m.group(1)), int(m.group(2)), m.group(3)
    given = _ints(m.group(4))
    return _result(
        "pytorch", op,
        f"{op} takes a {bat}-D batch (N, C, …) or a single {unb}-D sample (C, …); this tensor has "
        f"{len(given)} axes {given}.",
        ("Add the missing axes with unsqueeze: " +
         ("x.unsqueeze(0).unsqueeze(0) makes one sample with one channel"
          if len(given) == unb - 1 else "x.unsqueeze(0) adds a batch axis")
         + f", giving {len(given) + (2 if len(given) == unb - 1 else 1)} axes." if len(given) < unb
         else f"Reshape the tensor to {bat} axes (N, C, spatial…) before {op}."),
        axes=len(given))


# ------------------------------------------------------------------------ Keras
@_reader(r"of layer '([^']+)' is incompatible with the layer: expected axis (-?\d+) of input shape to have "
         r"value (\d+), but received input with shape \(([^)]*)\)")
def _keras_axis(m):
    name, axis, want = m.group(1), int(m.group(2)), int(m.group(3))
    got_shape = _dims(m.group(4))
    got = got_shape[axis]
    return _result(
        "keras", name,
        f"Layer '{name}' was built for inputs whose axis {axis} has {want} values (its weights "
        f"have that size), and now receives {_shape(got_shape)}.",
        f"A built layer keeps its input size: create a new layer for inputs with {got} values, "
        f"or make the tensor reaching '{name}' have {want} on axis {axis}.",
        expected=want, got=got)


@_reader(r"Computed output size would be zero or negative\. Received `inputs shape=\(([^)]*)\)`, "
         r"`kernel shape=\(([^)]*)\)`, `dilation_rate=\[([\d ]+)\]`, `strides=\(([^)]*)\)`, `padding=(\w+)`")
def _keras_conv(m):
    shape = _dims(m.group(1))
    kernel = _ints(m.group(2))
    spatial = shape[1:-1]
    k = kernel[:len(spatial)]
    known = [n for n in spatial if n is not None]
    return _result(
        "keras", "Conv",
        f"With padding='{m.group(5)}', a window must fit inside the input: the {' × '.join(map(str, k))} "
        f"kernel does not fit in {' × '.join(map(str, spatial))} (floor((n − k_eff)/s) + 1 ≤ 0).",
        f"Use padding='same', or a kernel_size of at most {min(known) if known else 'the input size'}, or downsample less "
        "before this layer.",
        input_shape=shape, kernel_size=k)


@_reader(r"Inputs have incompatible shapes\. Received shapes \(([^)]*)\) and \(([^)]*)\)")
def _keras_merge(m):
    a, b = _ints(m.group(1)), _ints(m.group(2))
    return _result(
        "keras", "Add / Subtract / Multiply",
        f"Element-wise merges need equal shapes (broadcasting aside): {tuple(a)} and {tuple(b)} differ.",
        f"Make the two branches end in the same shape, e.g. a 1 × 1 Conv2D({a[-1]}) on the branch with "
        f"{b[-1]} channels (ResNet's projection shortcut), and matching strides.",
        shapes=[a, b])


@_reader(r"A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis\. "
         r"Received: input_shape=\[(.*)\]")
def _keras_concat(m):
    shapes = [_dims(s)
              for s in re.findall(r"\(([^)]*)\)", m.group(1))]
    return _result(
        "keras", "Concatenate",
        "Concatenate joins along one axis (the last by default); all other axes must match: "
        + ", ".join(_shape(s) for s in shapes) + ".",
        "Give the branches the same height and width (same padding and strides, or crop/pad one) "
        "before concatenating their channels.",
        shapes=shapes)


@_reader(r"The total size of the tensor must be unchanged\. Received: input_shape=\(([^)]*)\), "
         r"target_shape=\(([^)]*)\)")
def _keras_reshape(m):
    given, target = _ints(m.group(1)), _ints(m.group(2))
    size = math.prod(given)
    return _result(
        "keras", "Reshape",
        f"Reshape keeps every value: {tuple(given)} holds {size:,} values per sample, "
        f"{tuple(target)} holds {math.prod(target):,}.",
        f"Choose a target_shape whose sizes multiply to {size:,}, or put -1 on one axis to let "
        "Keras compute it.", size=size)


def explain(message: str):
    """The diagnosis of an error message: ``{"framework", "layer", "rule", "fix", "values"}``,
    or ``None`` when the message is not a shape error the fixer knows."""
    text = _ANSI.sub("", str(message))
    for rx, fn in _READERS:
        m = rx.search(text)
        if m:
            return fn(m)
    return None
