"""``torch.nn.functional`` on shape-only tensors: the one place where layer shapes are decided.

Every ``nn`` layer's ``forward`` calls these, as PyTorch's do, so a layer and its ``F.*``
counterpart share the rule, the checks and the errors. Lengths come from
``calculator.shapes_torch``; errors keep PyTorch's type and first line and add the fix.
"""

import math

from ... import shapes_torch as rules
from .. import _dtypes, _fix, _tensor, _values
from .. import _memory_format as _mf
from .._tensor import Tensor, make, wrap_dim, broadcast_shapes, DTYPES

_times = _fix.times


def _tuple(value, n):
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


def _batched(input, n, op, extra=""):
    """``(full_shape, batched)`` for an op on ``n`` spatial dims, or PyTorch's RuntimeError."""
    shape = input.shape
    if len(shape) == n + 2:
        return shape, True
    if len(shape) == n + 1:
        return (1,) + tuple(shape), False
    raise _fix.error(
        RuntimeError,
        f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {op}, but got input of "
        f"size: {list(shape)}",
        f"{_fix.current_layer() or op} reads [N, C, {_spatial_names(n)}] (or [C, "
        f"{_spatial_names(n)}] unbatched); its input {list(shape)} has {len(shape)} dimensions."
        + _rank_hint(shape, n))


def _spatial_names(n):
    return {1: "L", 2: "H, W", 3: "D, H, W"}[n]


def _rank_hint(shape, n):
    if len(shape) < n + 1:
        return f" Add the missing dimensions, e.g. x.unsqueeze(0) (a channel or batch of 1)."
    return (f" Flatten or squeeze the extra dimensions, or use the {len(shape) - 2}-d layer "
            f"for {len(shape) - 2} spatial dimensions.")


def _out(shape, batched):
    return tuple(shape) if batched else tuple(shape[1:])


# -- convolutions ------------------------------------------------------------------------------
_NUMBER = {1: "one", 2: "two", 3: "three"}


def _conv_arg(value, k, name):
    """stride/padding/dilation of a convolution: one int (or a list of one) or ``k`` of them."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if len(values) == 1:
        return values * k
    if len(values) != k:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {k} values "
                           f"to match the convolution dimensions, but got {name}={list(values)}")
    return values


def _check_weight(input, weight, n, transposed):
    """PyTorch's checks on the weight's rank, kernel size and dilation (before the shapes)."""
    w, shape = weight.shape, input.shape
    if len(w) != len(shape) + (len(shape) == n + 1):
        raise RuntimeError(f"Expected {len(w)}-dimensional input for {len(w)}-dimensional weight "
                           f"{list(w)}, but got {len(shape)}-dimensional input of size "
                           f"{list(shape)} instead")
    kernel = w[2:]
    if min(kernel) <= 0:
        if transposed and n == 3:
            raise RuntimeError(
                "non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x "
                f"kernel_width) tensor expected for weight, but got: {list(w)}")
        if n == 3:
            raise RuntimeError(f"kernel size should be greater than zero, but got: "
                               f"{' x '.join(map(str, kernel))} (TxHxW)")
        h, wd = ((1,) + tuple(kernel))[-2:]
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: {h} "
                           f"kernel_width: {wd}")


def _check_dilation(dilation, n, transposed):
    if min(dilation) > 0:
        return
    shown = ((1,) + tuple(dilation)) if n == 1 else tuple(dilation)
    if transposed:
        names = ("depth", "height", "width")[-len(shown):]
        raise RuntimeError("dilation should be greater than zero, but got " + ", ".join(
            f"dilation_{a}: {v}" for a, v in zip(names, shown)))
    raise RuntimeError(f"dilation should be greater than zero, but got {list(shown)}")


def _conv(n, input, weight, bias, stride, padding, dilation, groups, op):
    if bias is not None and input.dtype is not bias.dtype:  # checked before any shape
        raise RuntimeError(f"Input type ({_dtypes.c_name(input.dtype)}) and bias type "
                           f"({_dtypes.c_name(bias.dtype)}) should be the same")
    shape = input.shape
    if len(shape) == n + 2:
        full, batched = shape, True
    else:
        full, batched = _batched(input, n, op)
    w = weight.shape
    k = len(w) - 2
    # Arguments already in their final form (the layers' tuples) skip _conv_arg.
    if type(stride) is not tuple or len(stride) != k:
        stride = _conv_arg(stride, k, "stride")
    if (type(padding) is not tuple or len(padding) != k) and not isinstance(padding, str):
        padding = _conv_arg(padding, k, "padding")
    if type(dilation) is not tuple or len(dilation) != k:
        dilation = _conv_arg(dilation, k, "dilation")
    if len(w) == len(shape) + (len(shape) == n + 1):
        out_channels, group_channels, *kernel = w
        if min(kernel) <= 0:
            _check_weight(input, weight, n, False)  # raises
    else:
        _check_weight(input, weight, n, False)  # raises
    if min(stride) <= 0:
        raise RuntimeError("non-positive stride is not supported")
    if min(dilation) <= 0:
        _check_dilation(dilation, n, False)  # raises
    if isinstance(padding, str):
        if padding == "valid":
            pads = [(0, 0)] * n
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            pads = [rules.same_padding_split(k, d) for k, d in zip(kernel, dilation)]
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    elif min(padding) < 0:
        raise RuntimeError("negative padding is not supported")
    else:
        pads = None  # (p, p) for each p in padding
    batch, channels, *spatial = full
    if group_channels * groups != channels:
        raise _channel_error(f"Given groups={groups}, weight of size {list(w)}", full,
                             group_channels * groups, channels, groups, batched=batched)
    if bias is not None and bias.shape != (out_channels,):
        raise RuntimeError(f"Given weight of size {list(w)}, expected bias to be 1-dimensional "
                           f"with {out_channels} elements, but got bias of size "
                           f"{list(bias.shape)} instead")
    lengths = [batch, out_channels] if batched else [out_channels]
    for i, size in enumerate(spatial):
        if pads is None:
            padded = size + 2 * padding[i]
        else:
            padded = size + pads[i][0] + pads[i][1]
        span = dilation[i] * (kernel[i] - 1) + 1
        if padded < span:
            pads = pads or [(p, p) for p in padding]
            spans = [rules.effective_kernel_size(k, d) for k, d in zip(kernel, dilation)]
            raise _kernel_error([full[2 + j] + sum(pads[j]) for j in range(n)], spans, full,
                                kernel, stride, pads, dilation)
        lengths.append((padded - span) // stride[i] + 1)
    _same_scalar_type(input, weight)
    out = input._new(tuple(lengths), None, weight, bias)
    return _conv_layout(n, out, input, weight, full, groups)


def _conv_layout(n, out, input, weight, full, groups):
    """A convolution's result channels last when its input or weight is (a 3-d one only on
    oneDNN's float32 path)."""
    if n == 3 and (input.dtype is not DTYPES["float32"] or not _uses_onednn(full, weight.shape, groups)):
        return out
    return _mf.follow(out, input, weight)


def _same_scalar_type(input, other):
    """The kernels' own check (after the shape checks): one dtype for input and weight."""
    if input.dtype is not other.dtype:
        raise RuntimeError(f"expected scalar type {_dtypes.scalar_name(input.dtype)} but found "
                           f"{_dtypes.scalar_name(other.dtype)}")


def _channel_error(head, full, expected, got, groups, transposed=False, batched=True):
    message = (f"{head}, expected input{list(full)} to have {expected} channels, but got "
               f"{got} channels instead")
    where = _fix.current_layer() or "the convolution"
    fix = f"{where}: "
    if not batched and expected == 1:
        # a batch of single-channel images without its channel dimension: PyTorch reads
        # (N, H, W) as one unbatched image of N channels
        given = list(full[1:])
        return _fix.error(RuntimeError, message, (
            f"{fix}its input {given} has no channel dimension, so PyTorch reads it as ONE "
            f"image of {got} channels (hence input{list(full)}). For a batch of {got} "
            f"single-channel images add the channel dimension: x.unsqueeze(1) gives "
            f"{[given[0], 1] + given[1:]}."))
    if full[-1] == expected and len(full) > 2:
        order = ", ".join(["0", str(len(full) - 1)] + [str(i) for i in range(1, len(full) - 1)])
        fix += (f"the input {list(full)} looks channels-last (its last dimension is {expected}) "
                f"but PyTorch reads channels at dimension 1: x.permute({order}) puts them "
                f"first. Otherwise ")
    fix += (f"in_channels should be {got}, the size of dimension 1 of its input {list(full)} "
            f"([N, C, ...], channels first)")
    if groups != 1:
        fix += f" and divisible by groups={groups}"
    fix += f", or give it an input with {expected} channels"
    return _fix.error(RuntimeError, message, fix + ".")


def _kernel_error(padded, spans, full, kernel, stride, pads, dilation):
    message = (f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
               f"Kernel size: ({' x '.join(map(str, spans))}). Kernel size can't be greater "
               f"than actual input size")
    where = _fix.current_layer() or "the convolution"
    parts = []
    for i, (p, s) in enumerate(zip(padded, spans)):
        if p < s:
            n, (a, b), k, d, st = full[2 + i], pads[i], kernel[i], dilation[i], stride[i]
            out = (n + a + b - d * (k - 1) - 1) // st + 1
            need = -(-(s - n) // 2)
            parts.append(
                f"along spatial dimension {i} the input has {n} (+{a + b} padding = {p}) but the "
                f"kernel spans {s}: floor(({n} + {a + b} − {d}·({k}−1) − 1)/{st}) + 1 = {out}; "
                f"padding={need} or a kernel_size ≤ {max(1, (p - 1) // d + 1)} fits")
    fix = (f"{where}: " + "; ".join(parts) + ". Or feed a larger input / downsample less "
           f"before this layer.")
    return _fix.error(RuntimeError, message, fix)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(1, input, weight, bias, stride, padding, dilation, groups, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(2, input, weight, bias, stride, padding, dilation, groups, "conv2d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(3, input, weight, bias, stride, padding, dilation, groups, "conv3d")


def _conv_transpose(n, input, weight, bias, stride, padding, output_padding, groups, dilation, op):
    full, batched = _batched(input, n, op)
    k = len(weight.shape) - 2
    stride, padding = _conv_arg(stride, k, "stride"), _conv_arg(padding, k, "padding")
    dilation = _conv_arg(dilation, k, "dilation")
    output_padding = _conv_arg(output_padding, k, "output_padding")
    _check_weight(input, weight, n, True)
    if min(stride) <= 0:
        raise RuntimeError("non-positive stride is not supported")
    _check_dilation(dilation, n, True)
    w = weight.shape
    if w[0] != full[1]:
        raise _channel_error(f"Given transposed=1, weight of size {list(w)}", full, w[0], full[1],
                             groups, transposed=True)
    for i in range(n):
        if output_padding[i] >= stride[i] and output_padding[i] >= dilation[i]:
            names = ("depth", "height", "width")[-max(n, 2):]
            lead = (0,) if n == 1 else ()  # conv_transpose1d runs as a 2-d one of height 1
            ones = (1,) * len(lead)
            shown = [(lead + output_padding, "output_padding"), (ones + stride, "stride"),
                     (ones + dilation, "dilation")]
            raise RuntimeError(
                "output padding must be smaller than either stride or dilation, but got "
                + " ".join(f"{label}_{a}: {v}" for values, label in shown
                           for a, v in zip(names, values)))
    lengths = tuple(rules.conv_transpose_output_length(full[2 + i], w[2 + i], stride[i], padding[i],
                                                       output_padding[i], dilation[i])
                    for i in range(n))
    fix = (f"{_fix.current_layer() or op}: the output size per channel would be "
           f"{' x '.join(map(str, lengths))} for an input of "
           f"{' x '.join(str(full[2 + i]) for i in range(n))}: (n − 1)·s − 2p + d(k−1) + "
           f"output_padding + 1 must be at least 1; reduce padding.")
    if _uses_onednn(full, w, groups):
        # oneDNN makes an empty output of a zero size, and fails on a negative one
        if min(lengths) < 0:
            raise _fix.error(RuntimeError, "could not construct a memory descriptor using a format tag", fix)
    elif min(lengths) <= 0:
        ins, outs = [full[2 + i] for i in range(n)], list(lengths)
        if n == 1:  # conv_transpose1d runs as a 2-d one of height 1
            ins, outs = [1] + ins, [1] + outs
        raise _fix.error(
            RuntimeError, f"Given input size per channel: ({' x '.join(map(str, ins))}). Calculated output "
            f"size per channel: ({' x '.join(map(str, outs))}). Output size is too small", fix)
    _same_scalar_type(input, weight)
    out = input._new(_out((full[0], w[1] * groups) + lengths, batched), None, weight, bias)
    return _conv_layout(n, out, input, weight, full, groups)


def _uses_onednn(full, w, groups):
    """Whether PyTorch's CPU convolution takes oneDNN (mkldnn) for this float32 convolution
    (ATen's ConvParams::use_mkldnn, with more than one thread, as on any multi-core machine),
    which decides how a transposed one's output size below 1 fails and whether a 3-d one
    keeps a channels_last_3d layout (the native 3-d kernels write row-major). A 1-d one runs
    as a 2-d one of height 1."""
    size = (full[0], full[1], 1, full[2]) if len(full) == 3 else tuple(full[:4])
    kernel = tuple(w[2:]) if len(w) > 3 else (1,) + tuple(w[2:])
    return (groups > 1 or (kernel[-1] > 3 and kernel[-2] > 3) or size[0] > 1
            or size[0] * size[1] * size[2] * size[3] > 20480)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose(1, input, weight, bias, stride, padding, output_padding, groups,
                           dilation, "conv_transpose1d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose(2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation, "conv_transpose2d")


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose(3, input, weight, bias, stride, padding, output_padding, groups,
                           dilation, "conv_transpose3d")


def _tensor_input(op, input):
    """PyTorch's argument parser: an op bound in C takes a Tensor as ``input`` (an LSTM's
    ``(output, (h, c))`` tuple passed on whole fails here)."""
    if not isinstance(input, Tensor):
        raise _fix.error(
            TypeError, f"{op}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}",
            f"{_fix.current_layer() or op + '()'} was given a {type(input).__name__}, not a "
            f"tensor: an nn.LSTM/GRU/RNN returns (output, hidden), so unpack it first "
            f"(out, _ = self.lstm(x)) and pass out (or out[:, -1] for the last step)."
            if isinstance(input, tuple) else
            f"{_fix.current_layer() or op + '()'} was given a {type(input).__name__}, not a "
            f"tensor.")
    return input


# -- linear ------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    """``x @ W.T + b``: the last dimension of ``x`` must be ``in_features``, and ``x`` of the
    weight's dtype (checked before the shape when there is a bias, after it when not)."""
    _tensor_input("linear", input)
    out_features, in_features = weight.shape
    shape = input.shape
    if bias is not None and input.dtype is not weight.dtype:  # addmm checks it first
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{_dtypes.scalar_name(input.dtype)} and "
                           f"{_dtypes.scalar_name(weight.dtype)}")
    if not shape or shape[-1] != in_features:
        raise _fix.mat_mismatch(input, in_features, out_features)
    if input.dtype is not weight.dtype:  # without a bias: a matmul
        _mm_dtypes(input, weight)
    out = tuple(shape[:-1]) + (out_features,)
    if bias is not None and bias.shape[-1:] != (out_features,) and bias.shape[-1:] != (1,):
        raise RuntimeError(
            f"The expanded size of the tensor ({out_features}) must match the existing size "
            f"({bias.shape[-1]}) at non-singleton dimension {len(out) - 1}.  Target sizes: "
            f"{list(out)}.  Tensor sizes: {list(bias.shape)}")
    return input._new(out, None, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    return input1._new(tuple(input1.shape[:-1]) + (weight.shape[0],), None, input2, weight, bias)


def matmul(a, b):
    """``a @ b`` with PyTorch's rules for 1-D, 2-D and batched operands."""
    sa, sb = tuple(a.shape), tuple(b.shape)
    if not sa or not sb:
        raise RuntimeError("both arguments to matmul need to be at least 1D, but they are "
                           f"{len(sa)}D and {len(sb)}D")
    if len(sa) == 1 and len(sb) == 1:
        if sa != sb:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have "
                f"the same number of elements, but got {sa[0]} and {sb[0]} elements respectively")
        if a.dtype is not b.dtype:
            _matmul_dtypes(a, b)
        return a._new((), None, b)
    left = (1,) + sa if len(sa) == 1 else sa
    right = sb + (1,) if len(sb) == 1 else sb
    if len(sb) >= 3:  # a batched product: the batch dimensions broadcast first, then bmm
        batch = math.prod(broadcast_shapes(left[:-2], right[:-2]))
        if left[-1] != right[-2]:
            raise RuntimeError(
                f"Expected size for first two dimensions of batch2 tensor to be: "
                f"[{batch}, {left[-1]}] but got: [{batch}, {right[-2]}].")
    elif left[-1] != right[-2] and len(sa) >= 3 and len(sb) == 2 and not _folds(a, b):
        batch = math.prod(sa[:-2])  # not folded: b is expanded to a batch, then bmm
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch}, {sa[-1]}] but got: [{batch}, {sb[0]}].")
    elif left[-1] != right[-2]:
        rows = math.prod(left[:-1])  # the leading dimensions folded into rows
        if len(sb) == 1:
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{left[-1]}), "
                               f"vec ({sb[0]})")
        raise _fix.error(
            RuntimeError,
            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{left[-1]} and "
            f"{right[-2]}x{right[-1]})",
            f"a @ b needs the last dimension of a ({left[-1]}) to equal the second-to-last of b "
            f"({right[-2]}).")
    if a.dtype is not b.dtype:
        _matmul_dtypes(a, b)
    batch = broadcast_shapes(left[:-2], right[:-2])
    out = tuple(batch) + (left[-2], right[-1])
    if len(sa) == 1:
        out = out[:-2] + out[-1:]
    if len(sb) == 1:
        out = out[:-1]
    return a._new(out, None, b)


def mm(a, b):
    """``torch.mm``: two matrices only (``matmul`` also takes vectors and batches)."""
    if a.dim() != 2:
        raise RuntimeError("self must be a matrix")
    if b.dim() != 2:
        raise RuntimeError("mat2 must be a matrix")
    return matmul(a, b)


def bmm(a, b):
    """``torch.bmm``: two 3-d tensors of one batch size, (B, n, m) @ (B, m, p): no broadcasting."""
    if a.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.dim() != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    (n, _, m), (bn, bm, _) = a.shape, b.shape
    if (bn, bm) != (n, m):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{n}, {m}] but got: [{bn}, {bm}].")
    return matmul(a, b)


def mv(a, v):
    """``torch.mv``: a matrix times a vector."""
    if a.dim() != 2 or v.dim() != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a.dim()}, {v.dim()}")
    return matmul(a, v)


def _folds(a, b):
    """ATen's should_fold for an N-d (N >= 3) @ 2-d product: ``a``'s leading dims fold into
    the rows of one mm when that needs no copy (or the matrix ``b`` wants a gradient); else
    it is a bmm, and a size mismatch is worded as bmm's."""
    if b._requires_grad is True or not a.numel():
        return True
    shape, strides = a.shape, a.stride()
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))


def _mm_dtypes(a, b):
    raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                       f"{_dtypes.c_name(a.dtype)} != {_dtypes.c_name(b.dtype)}")


def _matmul_dtypes(a, b):
    """``a @ b`` of two dtypes: the error of the kernel matmul runs (dot, addmv, mm, bmm)."""
    name = _dtypes.scalar_name
    if a.dim() == 1 and b.dim() == 1:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{name(a.dtype)} and {name(b.dtype)}")
    if b.dim() == 1:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                           f"{name(b.dtype)}, {name(a.dtype)}, and {name(b.dtype)}")
    if b.dim() == 2:
        _mm_dtypes(a, b)
    raise RuntimeError(f"expected scalar type {name(a.dtype)} but found {name(b.dtype)}")


# -- pooling -------------------------------------------------------------------------------------
def _pool_arg(value, n, name, op, kind):
    """A pooling argument: one int (or a list of one) or ``n`` of them, else PyTorch's error."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if len(values) == 1:
        return values * n
    if len(values) == n:
        return values
    got = len(values)
    if (kind, n) == ("avg", 1):
        raise RuntimeError(f"avg_pool1d() argument '{name}' should contain one int (got {got})")
    if (kind, n) == ("max", 1):
        extra = {"stride": "None, an int, list of ints, or", "padding": "an int, list of ints, or"}
        raise RuntimeError(f"max_pool1d() {name} must be "
                           f"{extra.get(name, 'an int, list of ints or')} tuple of ints of size 1 "
                           f"but got size {got}")
    either = "" if (kind, n) == ("avg", 3) else "either "
    if name == "stride":
        allowed = f"{either}be omitted, a single int"
    elif name == "dilation":
        allowed = "be either a single int"
    else:
        allowed = f"{either}be a single int"
    raise RuntimeError(f"{op}: {name} must {allowed}, or a tuple of {_NUMBER[n]} ints")


def _pool_types(op, given, named=frozenset()):
    """Each ``(name, value)`` of ``given`` read as PyTorch's parser reads a tuple of ints
    (``_tensor.parse_size``), before any shape check: ``max_pool2d(x, 2.0)`` -> ``argument
    'kernel_size' (position 2) must be tuple of ints, not float``. The positions follow
    ``kernel_size, stride, padding, dilation`` from 2; an argument in ``named`` (given by
    keyword to a function PyTorch binds directly, the avg pools) has none."""
    for position, (name, value) in enumerate(given, 2):
        if value is not None:
            _tensor.parse_size((value,), op, name in named, position, name, fixed=True)


def _pool(n, input, kernel_size, stride, padding, dilation, ceil_mode, op, kind):
    shape = input.shape
    if len(shape) not in (n + 1, n + 2) or 0 in shape[-(n + 1):]:
        raise _pool_rank_error(n, shape, op, kind)
    batched = len(shape) == n + 2
    full = shape if batched else (1,) + tuple(shape)
    kernel = _pool_arg(kernel_size, n, "kernel_size", op, kind)
    stride = kernel if stride is None or stride == [] or stride == () else \
        _pool_arg(stride, n, "stride", op, kind)
    padding = _pool_arg(padding, n, "padding", op, kind)
    dilation = _pool_arg(dilation, n, "dilation", op, kind)
    if (kind, n) == ("max", 1):
        for name, values in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
            if values[0] <= 0:
                raise RuntimeError(f"max_pool1d() {name} must be greater than zero, but got "
                                   f"{values[0]}")
    elif min(stride) == 0:
        raise RuntimeError("stride should not be zero")
    elif min(dilation) <= 0:
        labels = ("T", "H", "W")[-n:]
        raise RuntimeError("dilation should be greater than zero, but got " + " ".join(
            f"dilation{a}: {v}" for a, v in zip(labels, dilation)))
    for p, k, d in zip(padding, kernel, dilation):
        if kind == "max" and n == 1 and p > k // 2:
            raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, "
                               f"but got padding={p} and kernel_size={k}")
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(
                f"pad should be at most half of effective kernel size, but got pad={p}, "
                f"kernel_size={k} and dilation={d}")
    lengths = tuple(rules.pool_output_length(full[2 + i], kernel[i], stride[i], padding[i],
                                             dilation[i], ceil_mode) for i in range(n))
    if kind == "max" and n > 1 and any(p > k // 2 for p, k in zip(padding, kernel)):
        # ATen's pool2d/pool3d_shape_check, after the output size (so dilation does not widen
        # what padding may be), and before the output-too-small check
        raise RuntimeError(_half_kernel_message(kernel, padding))
    if (kind, n) == ("avg", 3) and any(m < k for m, k in zip(full[2:], kernel)):
        # ATen's avg_pool3d (alone) wants the input itself, before padding, at least as large
        # as the kernel, whatever the padding and ceil_mode would give
        raise _avg3d_small_error(full, kernel)
    if any(v <= 0 for v in lengths):
        raise _pool_small_error(n, full, lengths, kernel, stride, padding, dilation, ceil_mode, op,
                                kind)
    return _mf.follow(input._new(_out(tuple(full[:2]) + lengths, batched)), input)


def _avg3d_small_error(full, kernel):
    message = (f"input image (T: {full[2]} H: {full[3]} W: {full[4]}) smaller than kernel "
               f"size (kT: {kernel[0]} kH: {kernel[1]} kW: {kernel[2]})")
    parts = [f"along spatial dimension {i}: the input's {m} is smaller than the kernel's {k}"
             for i, (m, k) in enumerate(zip(full[2:], kernel)) if m < k]
    fix = (f"{_fix.current_layer() or 'avg_pool3d'}: " + "; ".join(parts) + " (avg_pool3d "
           "checks the input before padding). Use a kernel_size of at most the input size, or "
           "downsample less before this layer.")
    return _fix.error(RuntimeError, message, fix)


def _half_kernel_message(kernel, padding):
    head = "pad should be smaller than or equal to half of kernel size, but got "
    if len(kernel) == 2:
        (kh, kw), (ph, pw) = kernel, padding
        return head + f"padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}"
    (kt, kh, kw), (pt, ph, pw) = kernel, padding
    return head + f"kT: {kt} kW: {kw} kH: {kh} padT: {pt} padW: {pw} padH: {ph}"


def _checked_dims(n, shape, op):
    return (f"Expected {n + 1} to {n + 2} dimensions, but got {len(shape)}-dimensional tensor "
            f"for argument #1 'self' (while checking arguments for {op})")


def _pool_rank_error(n, shape, op, kind):
    """The error for an input of the wrong rank, or of the right rank with an empty non-batch
    dimension (a batch of 0 is allowed), as each of ATen's pooling kernels words it."""
    empty = len(shape) in (n + 1, n + 2)
    optional_batch = "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
    if empty and (kind, n) == ("avg", 1):  # avg_pool1d runs as a 2-d pool of height 1
        message = optional_batch + str(list(shape[:-1]) + [1] + list(shape[-1:]))
    elif empty and n == 2:
        message = optional_batch + str(list(shape))
    elif empty and n == 3:
        # ATen prints the empty dimension's size (0) where it means its index
        name = "max_pool3d_with_indices_out_cpu_template" if kind == "max" else "avg_pool3d"
        message = (f"{name}(): Expected input's non-batch dimensions to have positive length, but input "
                   f"has a shape of {list(shape)} and non-batch dimension 0 has length zero!")
    elif (kind, n) == ("max", 1):
        message = (f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch "
                   f"size for input, but got:{list(shape)}")
    elif (kind, n) == ("avg", 1):
        message = _checked_dims(1, shape, op)
    elif (kind, n) == ("avg", 2) and len(shape) < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-len(shape)}, {len(shape) - 1}], but got -3)")
    elif (kind, n) == ("avg", 2):
        message = (f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for "
                   f"input, but got:{list(shape)}")
    else:
        message = f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input"
    return _fix.error(
        RuntimeError, message,
        f"{_fix.current_layer() or op} reads [N, C, {_spatial_names(n)}] (or [C, "
        f"{_spatial_names(n)}]) with no empty dimension; its input is {list(shape)}."
        + (_rank_hint(shape, n) if len(shape) not in (n + 1, n + 2) else ""))


def _pool_small_error(n, full, lengths, kernel, stride, padding, dilation, ceil_mode, op, kind):
    if (kind, n) == ("max", 1):
        message = f"max_pool1d() Invalid computed output size: {lengths[0]}"
    else:
        ins, outs = list(full[2:]), list(lengths)
        if n == 1:  # avg_pool1d runs as a 2-d pool of height 1
            ins, outs = [1] + ins, [1] + outs
        size_in = "x".join(str(v) for v in [full[1]] + ins)
        size_out = "x".join(str(v) for v in [full[1]] + outs)
        message = (f"Given input size: ({size_in}). Calculated output size: ({size_out}). "
                   f"Output size is too small")
    parts = []
    for i, v in enumerate(lengths):
        if v <= 0:
            m, k, s, p, d = full[2 + i], kernel[i], stride[i], padding[i], dilation[i]
            rule = "ceil" if ceil_mode else "floor"
            parts.append(f"along spatial dimension {i}: {rule}(({m} + 2·{p} − {d}·({k}−1) − 1)/{s})"
                         f" + 1 = {v}, the {k}-wide window does not fit in {m}")
    fix = (f"{_fix.current_layer() or op}: " + "; ".join(parts) + ". Use a smaller kernel_size "
           f"(at most the input size), or downsample less before this layer.")
    return _fix.error(RuntimeError, message, fix)


def _max_pool(n, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    op = f"max_pool{n}d"
    _pool_types(op + ("_with_indices" if return_indices else ""),
                (("kernel_size", kernel_size), ("stride", stride), ("padding", padding),
                 ("dilation", dilation)))
    out = _pool(n, input, kernel_size, stride, padding, dilation, ceil_mode, op, "max")
    if not return_indices:
        return out
    kernel = _pool_arg(kernel_size, n, "kernel_size", op, "max")
    stride = kernel if stride is None or stride == [] or stride == () else \
        _pool_arg(stride, n, "stride", op, "max")
    padding, dilation = (_pool_arg(v, n, name, op, "max")
                         for v, name in ((padding, "padding"), (dilation, "dilation")))
    sizes = tuple(input.shape[-n:])
    last = []
    for m, k, st, p, d, length in zip(sizes, kernel, stride, padding, dilation, out.shape[-n:]):
        start = (length - 1) * st - p  # the last window's first position, maybe in the padding
        first = start if start >= 0 else start + -(start // -d) * d
        last.append((first, start + min(k - 1, (m - 1 - start) // d) * d))
    return out, _values.pooled(_indices(out), sizes, last, op)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _max_pool(1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _max_pool(2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _max_pool(3, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                           return_indices=True):
    return _max_pool(1, input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                           return_indices=True):
    return _max_pool(2, input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                           return_indices=True):
    return _max_pool(3, input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _indices(out):
    """A pool's indices, laid out as its values."""
    indices = make(out.shape, DTYPES["int64"], out.device)
    indices._strides = out._strides
    return indices


def _adaptive_indices(n, input, out, op):
    """Adaptive max pool indices: the last window along each dim runs from
    ``floor((L − 1)·m / L)`` to the input's end."""
    sizes = tuple(input.shape[-n:])
    last = [((length - 1) * m // length, m - 1) for m, length in zip(sizes, out.shape[-n:])]
    return _values.pooled(_indices(out), sizes, last, op)


# -- unpooling -----------------------------------------------------------------------------------
def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    """PyTorch's own rule (torch/nn/functional.py): ``(n − 1)·s + k − 2p`` per spatial dim, or
    ``output_size`` (its last dims) when within a stride of that."""
    input_size = input.size()
    default_size = [(input_size[-len(kernel_size) + d] - 1) * stride[d] + kernel_size[d]
                    - 2 * padding[d] for d in range(len(kernel_size))]
    if output_size is None:
        ret = default_size
    else:
        if len(output_size) == len(kernel_size) + 2:
            output_size = output_size[2:]
        if len(output_size) != len(kernel_size):
            raise ValueError(
                f"output_size should be a sequence containing {len(kernel_size)} or "
                f"{len(kernel_size) + 2} elements, but it has a length of '{len(output_size)}'")
        for d in range(len(kernel_size)):
            min_size = default_size[d] - stride[d]
            max_size = default_size[d] + stride[d]
            if not (min_size < output_size[d] < max_size):
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between '
                                 f'{min_size} and {max_size})')
        ret = output_size
    for d in range(len(kernel_size)):
        if ret[d] < 0:
            raise ValueError("max_unpooling: output_size must contain non-negative spatial "
                             f"dimensions, but got output_size[{d}]={ret[d]}")
    return ret


def _max_unpool(n, input, indices, output_size, stride, padding, op):
    """ATen's max_unpooling{2,3}d checks in its order: the indices' dtype, the input's rank,
    equal shapes, no empty non-batch dim, (3-d) positive strides, then the input's dtype. A 1-d
    unpool runs as a 2-d one on a trailing dim of 1 (its messages say so)."""
    kernel = "max_unpooling3d" if n == 3 else "max_unpooling2d"
    if indices.dtype.name != "int64":
        raise RuntimeError("elements in indices should be type int64" + (
            "" if n == 3 else f" but got: {_dtypes.scalar_name(indices.dtype)}"))
    ranks = (4, 5) if n == 3 else (3, 4)
    if input.dim() not in ranks:
        raise _fix.error(RuntimeError, f"Input to {kernel} should be a {ranks[0]}d or {ranks[1]}d "
                         f"Tensor, but got a tensor with {input.dim()} dimensions.",
                         f"{_fix.current_layer() or op} reads what the max pool gave: [N, C, "
                         f"{_spatial_names(3 if n == 3 else 2)}] or without N.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    for i in range(input.dim() - n - 1, input.dim()):
        if input.shape[i] == 0:
            raise RuntimeError(f"{kernel}_forward_out_cpu(): Expected input to have non-zero size "
                               f"for non-batch dimensions, but got {list(input.shape)} with "
                               f"dimension {i} being empty.")
    if n == 3 and min(stride) <= 0:
        raise RuntimeError(f"strides should be greater than zero, but got stride: {list(stride)}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"max_unpool{3 if n == 3 else 2}d" not implemented for '
                                  f"'{_dtypes.scalar_name(input.dtype)}'")
    _values.check_unpool(indices, tuple(output_size), f"{op}")
    out = input._new(tuple(input.shape[:-len(output_size)]) + tuple(output_size), None, indices)
    return _mf.follow(out, input) if n == 2 else out


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    kernel_size = _tuple(kernel_size, 1)
    stride = kernel_size if stride is None else _tuple(stride, 1)
    padding = _tuple(padding, 1)
    size = list(_unpool_output_size(input, kernel_size, stride, padding, output_size)) + [1]
    return _max_unpool(2, input.unsqueeze(-1), indices.unsqueeze(-1), size, stride, padding,
                       "max_unpool1d").squeeze(-1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    kernel_size = _tuple(kernel_size, 2)
    stride = kernel_size if stride is None else _tuple(stride, 2)
    padding = _tuple(padding, 2)
    size = _unpool_output_size(input, kernel_size, stride, padding, output_size)
    return _max_unpool(2, input, indices, size, stride, padding, "max_unpool2d")


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    kernel_size = _tuple(kernel_size, 3)
    stride = kernel_size if stride is None else _tuple(stride, 3)
    padding = _tuple(padding, 3)
    size = _unpool_output_size(input, kernel_size, stride, padding, output_size)
    return _max_unpool(3, input, indices, size, stride, padding, "max_unpool3d")


def _avg_pool(n):
    """``avg_pool{n}d``, bound directly by PyTorch: a wrong-typed argument given by keyword is
    named without its position."""
    def avg_pool(input, *args, **kwargs):
        names = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                 "divisor_override")[:5 if n == 1 else 6]
        given = {**dict(zip(names, args)), **kwargs}
        _pool_types(f"avg_pool{n}d", [(k, given.get(k)) for k in names[:3]], frozenset(kwargs))
        return _pool(n, input, given["kernel_size"], given.get("stride"), given.get("padding", 0),
                     1, given.get("ceil_mode", False), f"avg_pool{n}d", "avg")
    avg_pool.__name__ = avg_pool.__qualname__ = f"avg_pool{n}d"
    return avg_pool


avg_pool1d, avg_pool2d, avg_pool3d = (_avg_pool(n) for n in (1, 2, 3))


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling, computed as PyTorch writes it: an average pool (no padding) of
    ``input ** p``, scaled by the window size, to the power ``1/p``: its shape, errors and
    dtype are the average pool's, then floating point."""
    out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return out.mul(kernel_size).pow(1.0 / norm_type)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    kw, kh = _tuple(kernel_size, 2)
    out = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return out.mul(kw * kh).pow(1.0 / norm_type)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    kd, kw, kh = _tuple(kernel_size, 3)
    out = avg_pool3d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return out.mul(kd * kw * kh).pow(1.0 / norm_type)


def _list_with_default(output_size, shape):
    """torch.nn.functional's own step before the 2-d and 3-d adaptive pools: a list or tuple
    output size needs more axes than it has entries; None keeps that axis's size. Anything
    else but an int fails on ``len()`` there (``AdaptiveAvgPool2d(2.0)``)."""
    if isinstance(output_size, int):
        return output_size
    if not isinstance(output_size, (tuple, list)):
        raise TypeError(f"object of type '{type(output_size).__name__}' has no len()")
    if len(shape) <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    return tuple(d if v is None else v for v, d in zip(output_size, shape[len(shape) - len(output_size):]))


def _output_size_types(output_size, op):
    """The output size read as PyTorch's parser reads a tuple of ints (after
    ``_list_with_default`` for 2-d and 3-d): ``(2.0, 2)`` fails at position 2."""
    _tensor.parse_size((output_size,), op, position=2, arg="output_size", fixed=True)


def _adaptive(n, input, output_size, op):
    shape = input.shape
    if n > 1 and "max" in op:
        output_size = _list_with_default(output_size, tuple(shape))
    _output_size_types(output_size, op)
    if len(shape) not in (n + 1, n + 2):
        if n == 1:
            message = _checked_dims(1, shape, op)
        else:
            colon = ":" if "max" in op else ""
            message = f"{op}(): Expected {n + 1}D or {n + 2}D tensor, but got{colon} {list(shape)}"
        raise _fix.error(RuntimeError, message,
                         f"{_fix.current_layer() or op} reads [N, C, {_spatial_names(n)}] (or "
                         f"[C, {_spatial_names(n)}]); its input is {list(shape)}."
                         + _rank_hint(shape, n))
    shown = list(shape)
    for i in range(len(shown) - n, len(shown)):
        if shown[i] == 0:
            raise RuntimeError(
                f"{op}(): Expected input to have non-zero size for non-batch dimensions, but "
                f"input has sizes {shown} with dimension {i} being empty")
    sizes = tuple(output_size) if isinstance(output_size, (tuple, list)) else (output_size,) * n
    if len(sizes) != n:
        if n == 1:
            raise RuntimeError(f"{op}() argument 'output_size' should contain one int (got "
                               f"{len(sizes)})")
        if "max" in op:
            raise RuntimeError(f"{op}(): internal error: output_size.size() must be {n}")
        raise RuntimeError(f"{op}: output_size must be {n}")
    spatial = tuple(shape[len(shape) - n + i] if s is None else s for i, s in enumerate(sizes))
    full = tuple(shape[:len(shape) - n]) + spatial
    if min(spatial) < 0:
        shown = full[:-1] + (1,) + full[-1:] if n == 1 else full  # a 1-d pool runs as a 2-d one
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(spatial)}: {list(shown)}")
    if "avg" in op and not input.dtype.is_floating_point:
        kernel = "adaptive_avg_pool3d_cpu" if n == 3 else "adaptive_avg_pool2d"
        raise NotImplementedError(
            f'"{kernel}" not implemented for \'{_dtypes.scalar_name(input.dtype)}\'')
    return _mf.follow(input._new(full), input)


def _adaptive_avg(n, input, output_size, op):
    """ATen's adaptive_avg_pool2d/3d: the output size is checked first, and an output of all
    ones is the mean over the last n axes, whatever the rank and even of an empty axis (the
    kernel's own checks are skipped). adaptive_avg_pool1d checks its rank, then runs as a
    2-d pool of height 1."""
    shape = tuple(input.shape)
    if n == 1:
        _output_size_types(output_size, op)
        if len(shape) not in (2, 3):
            return _adaptive(1, input, output_size, op)  # its rank error
        sizes = tuple(output_size) if isinstance(output_size, (tuple, list)) else (output_size,)
        if len(sizes) != 1:
            raise RuntimeError(f"{op}() argument 'output_size' should contain one int (got {len(sizes)})")
        out = _adaptive_avg(2, input._new(shape[:-1] + (1,) + shape[-1:]), (1, sizes[0]), "adaptive_avg_pool2d")
        return input._new(tuple(out.shape[:-2]) + tuple(out.shape[-1:]))
    output_size = _list_with_default(output_size, shape)
    _output_size_types(output_size, op)
    sizes = tuple(output_size) if isinstance(output_size, (tuple, list)) else (output_size,) * n
    if len(sizes) != n:
        raise RuntimeError(f"{op}: output_size must be {n}")
    if min(sizes) < 0:
        shown = ", ".join(map(str, sizes)) if n == 2 else f"{sizes[0]}, {sizes[1]},{sizes[2]}"
        raise RuntimeError(f"{op}: elements of output_size must be greater than or equal to 0 but "
                           f"received {{{shown}}}")
    if all(v == 1 for v in sizes):
        if len(shape) < n:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-len(shape)}, "
                             f"{len(shape) - 1}], but got {-n})")
        if not input.dtype.is_floating_point:
            input.mean()  # raises PyTorch's error
        # ATen's mean over the window; a 2-d pool then restrides a channels-last result
        out = input._new(shape[:len(shape) - n] + (1,) * n)
        return _mf.follow(out, input) if n == 2 else out
    return _adaptive(n, input, sizes, op)


def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg(1, input, output_size, "adaptive_avg_pool1d")


def adaptive_avg_pool2d(input, output_size):
    return _adaptive_avg(2, input, output_size, "adaptive_avg_pool2d")


def adaptive_avg_pool3d(input, output_size):
    return _adaptive_avg(3, input, output_size, "adaptive_avg_pool3d")


def adaptive_max_pool1d(input, output_size, return_indices=False):
    out = _adaptive(1, input, output_size, "adaptive_max_pool1d")
    return (out, _adaptive_indices(1, input, out, "adaptive_max_pool1d")) if return_indices else out


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool3d(input, output_size, True)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    out = _adaptive(2, input, output_size, "adaptive_max_pool2d")
    return (out, _adaptive_indices(2, input, out, "adaptive_max_pool2d")) if return_indices else out


def adaptive_max_pool3d(input, output_size, return_indices=False):
    out = _adaptive(3, input, output_size, "adaptive_max_pool3d")
    return (out, _adaptive_indices(3, input, out, "adaptive_max_pool3d")) if return_indices else out


# -- normalization ------------------------------------------------------------------------------
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    shape = input.shape
    dims = tuple(shape)  # plain tuple: Size's own indexing is a Python call
    if training:
        size = math.prod(dims[2:]) * dims[0] if len(dims) > 1 else 0
        if size == 1:
            raise _fix.error(
                ValueError,
                f"Expected more than 1 value per channel when training, got input size {shape}",
                f"{_fix.current_layer() or 'batch_norm'} in training mode needs more than one "
                f"value per channel (batch × spatial = 1 here): call model.eval() before a "
                f"forward pass with a batch of 1, or use a batch of at least 2.")
    channels = dims[1] if len(dims) > 1 else dims[0]
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != channels:
            raise _fix.error(
                RuntimeError, f"{name} should contain {channels} elements not {t.numel()}",
                f"{_fix.current_layer() or 'batch_norm'}: num_features should be {channels}, "
                f"the channels (dimension 1) of its input {list(shape)}.")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"batch_norm\" not implemented for '{_dtypes.scalar_name(input.dtype)}'")
    _norm_dtypes(input, running_mean, running_var, weight, bias)
    return _mf.follow(input._new(shape, None, weight, bias), input)


def _norm_dtypes(input, *params):
    """Normalization on the CPU: the input in the dtype of its weights and statistics, or
    a half / bfloat16 input with float32 ones."""
    for p in params:
        if p is not None and p.dtype is not input.dtype and not (
                input.dtype.name in ("float16", "bfloat16") and p.dtype.name == "float32"):
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    shape = tuple(_tensor_input("layer_norm", input).shape)
    norm = tuple(normalized_shape) if isinstance(normalized_shape, (tuple, list)) else \
        (normalized_shape,)
    if shape[len(shape) - len(norm):] != norm or len(norm) > len(shape):
        star = ", ".join(["*"] + [str(v) for v in norm])
        raise _fix.error(
            RuntimeError,
            f"Given normalized_shape={list(norm)}, expected input with shape [{star}], but got "
            f"input of size{list(shape)}",
            f"{_fix.current_layer() or 'layer_norm'}: normalized_shape should be the last "
            f"dimensions of its input, e.g. {list(shape[-len(norm):])}.")
    if input.dtype.is_floating_point:
        _norm_dtypes(input, weight, bias)
    return input._new(shape, None, weight, bias)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Root-mean-square normalization over the last dims: ATen checks the weight's shape, then
    the input's (layer_norm's message), then the dtype."""
    norm = tuple(normalized_shape) if isinstance(normalized_shape, (tuple, list)) else \
        (normalized_shape,)
    if weight is not None and tuple(weight.shape) != norm:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = {list(norm)}")
    shape = tuple(_tensor_input("rms_norm", input).shape)
    if not shape:
        raise ValueError("Input tensor must have at least 1 dimensions, but got 0")
    if shape[len(shape) - len(norm):] != norm or len(norm) > len(shape):
        star = "*" + ", ".join(str(v) for v in norm)  # rms_norm's own wording: no comma after *
        raise _fix.error(
            RuntimeError,
            f"Given normalized_shape={list(norm)}, expected input with shape [{star}], but got "
            f"input of size{list(shape)}",
            f"{_fix.current_layer() or 'rms_norm'}: normalized_shape should be the last "
            f"dimensions of its input, e.g. {list(shape[-len(norm):])}.")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"rms_norm" not implemented for \'{_dtypes.scalar_name(input.dtype)}\'')
    return input._new(shape, None, weight)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    shape = input.shape
    channels = shape[1] if len(shape) > 1 else 0
    if len(shape) < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{len(shape)}")
    # torch.nn.functional's own check first: one value per group and sample has no variance
    size = [shape[0] * channels // num_groups, num_groups] + list(shape[2:])
    if math.prod([size[0]] + size[2:]) == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")
    if channels % num_groups:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {list(shape)} and num_groups={num_groups}")
    if weight is not None and weight.numel() != channels:
        raise _fix.error(
            RuntimeError,
            f"Expected weight to be a vector of size equal to the number of channels in input, "
            f"but got weight of shape [{weight.numel()}] and input of shape {list(shape)}",
            f"{_fix.current_layer() or 'group_norm'}: num_channels should be {channels}, the "
            f"channels (dimension 1) of its input.")
    if input.dtype.is_floating_point:
        _norm_dtypes(input, weight, bias)
    return _mf.follow(input._new(shape, None, weight, bias), input)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Statistics from the input itself need more than one value per channel and sample."""
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size "
                         f"{input.size()}")
    return input._new(input.shape, None, weight, bias)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    return _mf.follow(input._new(input.shape), input)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    return input._new(input.shape)


# -- elementwise, dropout ---------------------------------------------------------------------
def _same(input, *args, **kwargs):
    return input._pointwise(input.shape, input._src)  # elementwise: a flatten's record stays valid


def relu(input, inplace=False):
    return _same(_tensor_input("relu", input))


relu_ = relu6 = elu = selu = celu = gelu = silu = mish = hardswish = hardsigmoid = _same
leaky_relu = leaky_relu_ = hardtanh = softplus = softsign = tanhshrink = logsigmoid = _same
threshold = hardshrink = softshrink = prelu = rrelu = _same
elu_ = selu_ = celu_ = hardtanh_ = threshold_ = rrelu_ = _same


def one_hot(tensor, num_classes=-1):
    """``tensor.shape + (num_classes,)``, int64, from int64 class indices. Without
    ``num_classes`` PyTorch reads the largest index: known only when the script states the
    values (``torch.tensor([...])``, ``arange``), not for drawn or computed ones."""
    if tensor.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1 and not tensor.numel():
        raise RuntimeError("Can not infer total number of classes from empty tensor.")
    _values.check_classes(tensor, num_classes)
    if num_classes == -1:
        largest = _values.largest(tensor)
        if largest is None:
            raise NotImplementedError(
                "F.one_hot without num_classes: PyTorch counts the classes from the labels' "
                "values (the largest + 1), which ConvDims does not know here; give num_classes=")
        num_classes = largest + 1
    if num_classes < 1 and tensor.numel():  # every index (>= 0) is then too large
        raise RuntimeError("Class values must be smaller than num_classes.")
    return _tensor.make(tuple(tensor.shape) + (num_classes,), tensor.dtype, tensor.device, False)


def sigmoid(input):
    """Same shape; integer and bool inputs give the default float dtype."""
    return _tensor_input("sigmoid", input).sigmoid()


def tanh(input):
    return _tensor_input("tanh", input).tanh()


def _softmax(kernel):
    def softmax(input, dim=None, _stacklevel=3, dtype=None):
        """Same shape; a floating-point input (or ``dtype``): integer kernels do not exist."""
        if dim is not None and not isinstance(input, Tensor):  # F.softmax calls input.softmax
            raise AttributeError(f"'{type(input).__name__}' object has no attribute '{kernel}'")
        if dim is not None:
            d = wrap_dim(dim, input.dim())
        else:
            d = 0 if input.dim() in (0, 1, 3) else 1  # PyTorch's implicit-dim choice
        out = input._new(input.shape)
        if dtype is not None:
            out.dtype = dtype
        elif not input.dtype.is_floating_point:
            lastdim = "lastdim_" if d == input.dim() - 1 or input.dim() == 0 else ""
            raise NotImplementedError(
                f'"{kernel}_{lastdim}kernel_impl" not implemented for '
                f"'{_dtypes.scalar_name(input.dtype)}'")
        return out
    return softmax


softmax = softmin = _softmax("softmax")
log_softmax = _softmax("log_softmax")


def glu(input, dim=-1):
    d = wrap_dim(dim, input.dim())
    shape = list(input.shape)
    if shape[d] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {shape[d]}")
    shape[d] //= 2
    return input._new(tuple(shape))


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout(input, p=0.5, training=True, inplace=False):
    """Same shape; training with ``p > 0`` scales by a float, which an integer input cannot
    hold."""
    _check_p(p)
    if training and p > 0:
        _tensor._cast_to(_dtypes.floating_result(input.dtype), input.dtype)
        return input._pointwise(input.shape, input._src)
    return input._strided(input.shape, input._strides, input._src)  # PyTorch hands back the input


def dropout(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    return _dropout(_tensor_input("dropout", input), p, training, inplace)


alpha_dropout = feature_alpha_dropout = dropout1d = dropout2d = dropout3d = _dropout


# -- shape layers ----------------------------------------------------------------------------
def pad(input, pad, mode="constant", value=None):
    """``F.pad``: ``pad`` lists (before, after) pairs from the last dimension backwards."""
    shape = list(input.shape)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > len(shape):
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           "dimension but got padding length {} and input of dimension {}"
                           .format(len(pad), len(shape)))
    if mode != "constant" and not len(shape) - 1 <= len(pad) // 2 + 1 <= len(shape):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {len(shape)}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    for i in range(len(pad) // 2):
        d = len(shape) - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        if mode == "reflect" and (before >= shape[d] or after >= shape[d]):
            raise RuntimeError(
                f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({before}, {after}) at dimension {d} of input "
                f"{list(input.shape)}")
        if mode == "circular" and (before > shape[d] or after > shape[d]):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        shape[d] += before + after
    return _mf.follow(input._new(tuple(shape)), input)


def _is_integer(value):
    """torch.nn.functional's test for an output size: an int, or an integer tensor."""
    return isinstance(value, int) or (isinstance(value, Tensor) and not value.dtype.is_floating_point)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated in PyTorch: ``interpolate(mode='nearest')``."""
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated in PyTorch: ``interpolate(mode='bilinear', align_corners=True)``."""
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def pdist(input, p=2):
    """The ``N·(N − 1)/2`` distances between the rows of an ``(N, M)`` input."""
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    n = input.shape[0]
    return input._new((n * (n - 1) // 2,))


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    return softmax(logits, dim)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """torch.nn.functional.interpolate: its argument checks in PyTorch's order (align_corners,
    size or scale_factor and their lengths, recompute_scale_factor, antialias), then the
    kernel each rank and mode dispatch to; a rank and mode with no kernel fail last."""
    if mode in ("nearest", "area", "nearest-exact") and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    n = input.dim() - 2
    spatial_in = list(input.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (tuple, list)):
            if len(size) != n:
                raise ValueError(
                    f"Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {spatial_in} and output size of {size}. "
                    f"Please provide input tensor in (N, C, d1, d2, ...,dK) format and output "
                    f"size in (o1, o2, ...,oK) format.")
            if not all(_is_integer(v) for v in size):
                raise TypeError(
                    "expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                    f"Tuple[int, int, int], but got size with types {[type(v) for v in size]}")
            sizes = tuple(size)
        else:
            sizes = (size,) * max(n, 0)
        scales = (None,) * max(n, 0)
    elif scale_factor is not None:
        if isinstance(scale_factor, (tuple, list)):
            if len(scale_factor) != n:
                raise ValueError(
                    f"Input and scale_factor must have the same number of spatial dimensions, "
                    f"but got input with spatial dimensions of {spatial_in} and scale_factor of "
                    f"shape {scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                    f"format and scale_factor in (s1, s2, ...,sK) format.")
            scales = tuple(scale_factor)
        else:
            scales = (scale_factor,) * max(n, 0)
        sizes = (None,) * max(n, 0)
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes "
                         "and requires a 4-D tensor as input")
    kernels = {3: ("nearest", "nearest-exact", "area", "linear"),
               4: ("nearest", "nearest-exact", "area", "bilinear", "bicubic", "lanczos"),
               5: ("nearest", "nearest-exact", "area", "trilinear")}
    if mode not in kernels.get(input.dim(), ()):
        need = {"linear": 3, "bilinear": 4, "trilinear": 5}.get(mode)
        if need is not None and input.dim() in (3, 4, 5):
            raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {need}D input")
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
            f"the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})")
    if mode == "lanczos":
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    spatial = tuple(rules.upsample_output_length(input.shape[2 + i], sizes[i], scales[i])
                    for i in range(n))
    if mode == "area":  # PyTorch runs it as adaptive average pooling to the output size
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[n - 1](input, spatial)
    if min(spatial) <= 0 or min(spatial_in) <= 0:
        labels = ("D", "H", "W")[-n:]
        ins = ", ".join(f"{a}: {v}" for a, v in zip(labels, spatial_in))
        outs = ", ".join(f"{a}: {v}" for a, v in zip(labels, spatial))
        joint = " and" if n == 1 else ""
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({ins}){joint} output ({outs})")
    return _mf.follow(input._new(tuple(input.shape[:2]) + spatial), input)


upsample = interpolate


def _pixel_check(op, input, factor, name):
    if input.dim() < 3:
        raise RuntimeError(f"{op} expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    if factor <= 0:
        raise RuntimeError(f"{op} expects a positive {name}, but got {factor}")


def pixel_shuffle(input, upscale_factor):
    """(…, C·r², H, W) -> (…, C, H·r, W·r); C·r² must divide by r² (ATen's checks, in order)."""
    r = upscale_factor
    _pixel_check("pixel_shuffle", input, r, "upscale_factor")
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by "
                           f"the square of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}")
    return _mf.follow(input._new(tuple(lead) + (c // (r * r), h * r, w * r)), input)


def pixel_unshuffle(input, downscale_factor):
    """(…, C, H·r, W·r) -> (…, C·r², H, W); H and W must divide by r."""
    r = downscale_factor
    _pixel_check("pixel_unshuffle", input, r, "downscale_factor")
    *lead, c, h, w = input.shape
    for axis, size, index in (("height", h, -2), ("width", w, -1)):
        if size % r:
            raise RuntimeError(f"pixel_unshuffle expects {axis} to be divisible by downscale_factor, "
                               f"but input.size({index})={size} is not divisible by {r}")
    return _mf.follow(input._new(tuple(lead) + (c * r * r, h // r, w // r)), input)


def _block_args(op, positions, **args):
    """im2col / col2im's int pairs (``_pair`` then ATen's argument parser and size checks)."""
    pairs = {}
    for (name, value), position in zip(args.items(), positions):
        pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
        for i, v in enumerate(pair):
            if type(v) is not int:
                raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                                f"ints, but found element of type {type(v).__name__} at pos {i}")
        pairs[name] = pair
    for name, pair in pairs.items():
        if len(pair) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(pair)}")
    return pairs


def _block_checks(order, kernel_size, dilation, padding, stride):
    labels = {"kernel": ("kernel size should be greater than zero", "kernel", kernel_size, 1),
              "dilation": ("dilation should be greater than zero", "dilation", dilation, 1),
              "padding": ("padding should be non-negative", "pad", padding, 0),
              "stride": ("stride should be greater than zero", "stride", stride, 1)}
    for key in order:
        text, label, (h, w), low = labels[key]
        if h < low or w < low:
            raise RuntimeError(f"{text}, but got {label}_height: {h} {label}_width: {w}")


def _blocks(size, kernel, dilation, padding, stride):
    return (size + 2 * padding - (dilation * (kernel - 1) + 1)) // stride + 1


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col: (N, C, H, W) -> (N, C·kh·kw, L), L the number of sliding blocks (ATen's checks)."""
    a = _block_args("im2col", (2, 3, 4, 5), kernel_size=kernel_size, dilation=dilation,
                    padding=padding, stride=stride)
    _block_checks(("kernel", "dilation", "padding", "stride"), a["kernel_size"], a["dilation"],
                  a["padding"], a["stride"])
    shape = tuple(input.shape)
    if not shape:
        raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    for d in (1, 2):  # ATen reads input.size(1) and input.size(2) first
        wrap_dim(d, len(shape))
    if not ((len(shape) == 3 and 0 not in shape) or (len(shape) == 4 and 0 not in shape[1:])):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and "
                           f"other non-zero dimensions for input, but got: {list(shape)}")
    height, width = shape[-2:]
    blocks = [_blocks(n, *args) for n, args in zip((height, width), zip(
        a["kernel_size"], a["dilation"], a["padding"], a["stride"]))]
    if min(blocks) < 1:
        raise RuntimeError(
            f"Given input with spatial size ({height}, {width}), kernel_size={a['kernel_size']}, "
            f"dilation={a['dilation']}, padding={a['padding']}, calculated shape of the array of "
            f"sliding blocks as ({blocks[0]}, {blocks[1]}), but its components must be at least one.")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"im2col_out_cpu" not implemented for '
                                  f"'{_dtypes.scalar_name(input.dtype)}'")
    columns = shape[-3] * a["kernel_size"][0] * a["kernel_size"][1]
    return input._new(shape[:-3] + (columns, blocks[0] * blocks[1]))


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im: (N, C·kh·kw, L) -> (N, C, H, W); L must be the number of sliding blocks of
    ``output_size`` (ATen's checks)."""
    a = _block_args("col2im", (2, 3, 4, 5, 6), output_size=output_size, kernel_size=kernel_size,
                    dilation=dilation, padding=padding, stride=stride)
    kernel, dilation, padding, stride = a["kernel_size"], a["dilation"], a["padding"], a["stride"]
    _block_checks(("kernel", "stride", "dilation", "padding"), kernel, dilation, padding, stride)
    shape = tuple(input.shape)
    if not ((len(shape) == 2 and 0 not in shape) or (len(shape) == 3 and 0 not in shape[1:])):
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch "
                           f"size and non-zero dimensions for input, but got: {list(shape)}")
    planes, length = shape[-2:]  # messages count dims of the input made batched
    if planes % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={planes} and kernel_size="
                           f"({kernel[0]}, {kernel[1]}).")
    out = a["output_size"]
    blocks = [_blocks(*args) for args in zip(out, kernel, dilation, padding, stride)]
    described = (f"Given output_size={out}, kernel_size={kernel}, dilation={dilation}, "
                 f"padding={padding}, stride={stride}, ")
    if length != blocks[0] * blocks[1]:
        raise RuntimeError(
            described + f"expected size of input's dimension 2 to match the calculated number of "
            f"sliding blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but got "
            f"input.size(2)={length}.")
    if min(blocks) < 1:
        raise RuntimeError(described + f"calculated shape of the array of sliding blocks as "
                           f"({blocks[0]}, {blocks[1]}), which is too small (non-positive)")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"col2im_out_cpu" not implemented for '
                                  f"'{_dtypes.scalar_name(input.dtype)}'")
    return input._new(shape[:-2] + (planes // (kernel[0] * kernel[1]),) + out)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of ``x1 - x2 + eps`` over the last dim of the two broadcast together."""
    diff = x1 - x2 + eps
    if not diff.dim():
        return diff
    return diff.sum(-1, keepdim)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """A floating common dtype, the two broadcast together, then reduced over ``dim``."""
    common = _dtypes.promote_types(x1.dtype, x2.dtype)
    if not common.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{_dtypes.scalar_name(common)}")
    both = x1 * x2
    return both.sum(wrap_dim(dim, both.dim()))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    ranks = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(ranks)) > 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number of "
            f"dimensions, but got: anchor {ranks[0]}D, positive {ranks[1]}D, and negative "
            f"{ranks[2]}D inputs")
    losses = pairwise_distance(anchor, positive, p, eps) - pairwise_distance(anchor, negative, p, eps)
    return _reduced(losses, losses.shape, reduction)


def affine_grid(theta, size, align_corners=None):
    """Sampling grids (N, H, W, 2) for Nx2x3 affine matrices (N, D, H, W, 3 for Nx3x4)."""
    if not theta.dtype.is_floating_point:
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    dims = {4: (2, 3, "2D"), 5: (3, 4, "3D")}.get(len(size))
    if dims is None:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine "
                                  f"transforms, respectively. Got size {size}.")
    rows, cols, kind = dims
    if theta.dim() != 3 or tuple(theta.shape[-2:]) != (rows, cols):
        raise ValueError(f"Expected a batch of {kind} affine matrices of shape Nx{rows}x{cols} for "
                         f"size {size}. Got {theta.shape}.")
    if not (align_corners and min(size[2:]) == 1) and min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if theta.shape[0] != size[0]:  # the base grid's bmm with theta transposed
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, {cols}] but got: [{theta.shape[0]}, {cols}].")
    return theta._new((size[0],) + tuple(size[2:]) + (rows,))


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """(N, C, H, W) sampled at grid (N, H', W', 2) -> (N, C, H', W') (5-d alike)."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' "
                         f"or 'bicubic', but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    sizes = f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but "
                           f"got {sizes}")
    if grid.shape[-1] != input.dim() - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.dim() - 2} in last "
                           f"dimension, but got grid with sizes {list(grid.shape)}")
    if input.dim() not in (4, 5):
        raise NotImplementedError(f"grid_sample on a {input.dim()}-d input: ConvDims models the 4-d "
                                  "and 5-d ones only")
    if input.dim() != grid.dim():
        raise RuntimeError(f"grid_sampler(): expected {input.dim()}D input and grid with same number "
                           f"of dimensions, but got {sizes}")
    if mode == "bicubic" and input.dim() == 5:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    _same_scalar_type(input, grid)
    return input._new(tuple(input.shape[:2]) + tuple(grid.shape[1:-1]), None, grid)


def channel_shuffle(input, groups):
    """(N, g·k, *) -> same shape, channels regrouped; C must divide by ``groups`` > 0."""
    if type(groups) is not int:
        raise TypeError(f"channel_shuffle(): argument 'groups' (position 2) must be int, not "
                        f"{type(groups).__name__}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    if input.dim() <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(input.shape)}")
    if input.shape[1] % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got "
                           f"{input.shape[1]} channels and {groups} groups.")
    return _mf.follow(input._new(input.shape), input)


native_channel_shuffle = channel_shuffle


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    if input.dtype.name not in ("int64", "int32"):
        got = "CPUBoolType" if input.dtype.name == "bool" else input.type()
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got {got} instead (while checking arguments for embedding)")
    _values.check_index(input, weight.shape[0], f"the embedding has {weight.shape[0]} rows "
                        f"(num_embeddings={weight.shape[0]}: indices 0 to {weight.shape[0] - 1})")
    return weight._new(tuple(input.shape) + (weight.shape[1],))


_TENSOR_TYPE = "<class 'torch.Tensor'>"


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
                  mode="mean", sparse=False, per_sample_weights=None, include_last_offset=False,
                  padding_idx=None):
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a mini-batch "
                "of fixed length sequences. However, found offsets of type "
                f"{_TENSOR_TYPE if isinstance(offsets, Tensor) else type(offsets)}")
        bags = input.shape[0]
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        bags = offsets.shape[0] - (1 if include_last_offset else 0)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}")
    if input.dtype.is_floating_point:
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            "types: Long, Int; but got torch.FloatTensor instead (while checking arguments for "
            "embedding_bag)")
    return weight._new((bags, weight.shape[1]))


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


# -- losses: a scalar (or per-element with reduction='none') ------------------------------------
def _scalar_name(t):
    return _dtypes.scalar_name(t.dtype)


def _reduced(input, shape, reduction, dtype=None):
    """The loss: one value, or ``shape`` (one per element) with ``reduction="none"``, in
    ``dtype`` (the input's unless given)."""
    out = input._new(shape if reduction == "none" else ())
    if dtype is not None and dtype is not out.dtype:
        out = out.to(dtype)
    return out


_BOOL_SUBTRACTION = ("Subtraction, the `-` operator, with two bool tensors is not supported. "
                     "Use the `^` or `logical_xor()` operator instead.")


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Class-index targets: input (C), (N, C) or (N, C, d1, ...) takes target (), (N) or
    (N, d1, ...) of int64/uint8; the per-element loss has the target's shape."""
    dims = input.dim()
    if dims < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {dims})")
    if dims >= 2 and target.dim() >= 1 and input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target "
                         f"batch_size ({target.shape[0]}).")
    want = tuple(input.shape[:1]) + tuple(input.shape[2:]) if dims >= 2 else ()
    if dims <= 2 and target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if dims == 4 and target.dim() != 3:
        raise RuntimeError("only batches of spatial targets supported (3D tensors) but got "
                           f"targets of dimension: {target.dim()}")
    if dims == 4 and tuple(target.shape) != want:
        raise RuntimeError(f"size mismatch (got input: {list(input.shape)} , target: "
                           f"{list(target.shape)}")
    if dims == 3 or dims >= 5:
        if tuple(target.shape) != want:
            raise RuntimeError(f"Expected target size {list(want)}, got {list(target.shape)}")
    if _scalar_name(target) not in ("Long", "Byte"):
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{_scalar_name(target)}")
    classes = input.shape[1] if dims >= 2 else input.shape[0]
    if weight is not None and (weight.dim() != 1 or weight.numel() != classes):
        raise RuntimeError(f"weight tensor should be defined either for all {classes} classes or no "
                           f"classes but got weight tensor of shape: {list(weight.shape)}")
    bad = _values.outside(target, classes, skip=ignore_index)
    if bad is not None:
        message = (f"Target {bad.first} is out of bounds." if bad.first is not None else
                   f"Target out of bounds: PyTorch names the first class index it meets outside "
                   f"0 to {classes - 1}.")
        raise _fix.error(IndexError, message, (
            f"the input scores {classes} classes (0 to {classes - 1}), but {bad.said}. Class "
            f"indices start at 0: labels numbered from 1 need `target - 1`, or the last layer "
            f"needs as many outputs as there are classes."))
    return _reduced(input, target.shape, reduction)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """A target of the input's shape holds class probabilities (floating point); any other
    target holds class indices (``nll_loss``'s rule). Per element: the input without dim 1."""
    if tuple(target.shape) != tuple(input.shape):
        return nll_loss(input, target, weight, ignore_index=ignore_index, reduction=reduction)
    if not target.dtype.is_floating_point:
        raise RuntimeError("Expected floating point type for target with class probabilities, "
                           f"got {_scalar_name(target)}")
    shape = tuple(input.shape[:1]) + tuple(input.shape[2:]) if input.dim() >= 2 else ()
    return _reduced(input, shape, reduction)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """Target and input have one size (no broadcasting) and one dtype."""
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         "size.")
    if target.dtype != input.dtype:
        raise RuntimeError(f"Found dtype {_scalar_name(target)} but expected "
                           f"{_scalar_name(input)}")
    return _reduced(input, input.shape, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Target and input have one size (no broadcasting). ATen computes ``(1 - target)`` and
    multiplies the input into it in place, so the loss takes the target's dtype, and an
    integer target (class labels not yet ``.float()``) cannot hold the floating result."""
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                         f"({input.shape})")
    if target.dtype.name == "bool":
        raise RuntimeError(_BOOL_SUBTRACTION)
    if not target.dtype.is_floating_point:
        result = _dtypes.promote_types(target.dtype, input.dtype)
        raise _fix.error(
            RuntimeError, f"result type {_dtypes.scalar_name(result)} can't be cast to the "
            f"desired output type {_scalar_name(target)}",
            f"BCEWithLogitsLoss (F.binary_cross_entropy_with_logits) needs a floating-point "
            f"target of 0/1 values: pass "
            f"target.float() (the target is {target.dtype}).")
    return _reduced(input, input.shape, reduction, target.dtype)


def _pointwise_loss(input, target, reduction, dtype):
    """Regression losses broadcast input and target (PyTorch warns when they differ)."""
    return _reduced(input, broadcast_shapes(tuple(input.shape), tuple(target.shape)), reduction,
                    dtype)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """In the promoted dtype of input and target (a bool or integer target is promoted)."""
    return _pointwise_loss(input, target, reduction, _dtypes.result_type(input, target))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    return _pointwise_loss(input, target, reduction, _dtypes.result_type(input, target))


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """As ``mse_loss``, but it subtracts first: a bool target fails there."""
    if target.dtype.name == "bool":
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    return _pointwise_loss(input, target, reduction, _dtypes.result_type(input, target))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """In the input's dtype (ATen allocates the result like the input)."""
    return _pointwise_loss(input, target, reduction, input.dtype)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """Floating inputs only; the loss in their promoted dtype."""
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    return _reduced(input, input.shape, reduction, _dtypes.result_type(input, target))


def __getattr__(name):
    raise AttributeError(f"module 'torch.nn.functional' has no attribute '{name}' "
                         "(not supported by ConvDims)")


# -- attention -------------------------------------------------------------------------------
def _canonical_mask(mask, mask_name):
    """PyTorch accepts bool and floating masks only (``F._canonical_mask``)."""
    if mask is not None and mask.dtype.name != "bool" and not mask.dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    return mask


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether the call is batched (3-D query) or not (2-D); PyTorch's AssertionErrors."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                f"found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                f"found {attn_mask.dim()}-D tensor instead")
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but "
                f"found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                    f"but found {attn_mask.dim()}-D tensor instead")
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                     f"{attn_mask.shape}")
        return False
    raise AssertionError("query should be unbatched 2D or batched 3D tensor but received "
                         f"{query.dim()}-D query tensor")


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight,
                                 in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p,
                                 out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """``(attn_output, attn_weights)`` for ``query`` ``[L, N, E]`` and ``key``/``value``
    ``[S, N, E_k/E_v]`` (or unbatched ``[L, E]``, ``[S, E_k/E_v]``): the output is
    ``[L, N, E]``, the weights ``[N, heads, L, S']`` (``average_attn_weights``: ``[N, L, S']``;
    ``None`` unless ``need_weights``), ``S'`` = ``S`` + 1 with ``bias_k``/``bias_v`` + 1 with
    ``add_zero_attn``. PyTorch's checks, in its order: ranks, ``E`` = ``embed_dim``, ``E``
    divisible by the heads, key against value, the input projections (a key or value whose
    last dimension is not ``kdim``/``vdim`` fails there: a matmul error with one packed
    ``in_proj_weight``, a weight-shape assertion with separate ones), the masks' shapes, the
    key's batch size."""
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward with static_k/static_v is not "
                                  "supported by ConvDims")
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    q_shape = tuple(query.shape) if batched else (query.shape[0], 1, query.shape[1])
    k_shape = tuple(key.shape) if batched else (key.shape[0], 1, key.shape[1])
    tgt_len, bsz, embed_dim = q_shape
    src_len = k_shape[0]
    _canonical_mask(key_padding_mask, "key_padding_mask")
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer "
            "module method `generate_square_subsequent_mask` to create this mask.")
    _canonical_mask(attn_mask, "attn_mask")
    if embed_dim != embed_dim_to_check:
        raise _fix.error(
            AssertionError,
            f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}",
            f"{_fix.current_layer() or 'multi_head_attention_forward'}: embed_dim is "
            f"{embed_dim_to_check}, so the query's last dimension must be {embed_dim_to_check}; "
            f"it is {embed_dim}.")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
        sizes = (embed_dim, key.shape[-1], value.shape[-1])
        for which, w, size in zip(("query", "key", "value"),
                                  (q_proj_weight, k_proj_weight, v_proj_weight), sizes):
            if tuple(w.shape) != (embed_dim, size):
                raise AssertionError(f"expecting {which} weights shape of {(embed_dim, size)}, "
                                     f"but got {w.shape}")
    else:
        if key.shape != value.shape:
            raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
        if key is value and query is not key:
            linear(key, make((2 * embed_dim, embed_dim)))
        elif key is not value:
            linear(query, make((embed_dim, embed_dim)))
            linear(key, make((embed_dim, embed_dim)))
            linear(value, make((embed_dim, embed_dim)))
    if attn_mask is not None:
        if attn_mask.dim() == 2 and tuple(attn_mask.shape) != (tgt_len, src_len):
            raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should "
                               f"be {(tgt_len, src_len)}.")
        if attn_mask.dim() == 3 and tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should "
                               f"be {(bsz * num_heads, tgt_len, src_len)}.")
    key_batch = k_shape[1]
    if bias_k is not None and bias_v is not None:
        if key_batch != bsz:
            raise RuntimeError(
                "Sizes of tensors must match except in dimension 0. Expected size "
                f"{key_batch} but got size {bsz} for tensor number 1 in the list.")
        src_len += 1
    if key_batch != bsz:
        raise RuntimeError(f"shape '[{src_len}, {bsz * num_heads}, {head_dim}]' is invalid for "
                           f"input of size {src_len * key_batch * embed_dim}")
    if add_zero_attn:
        src_len += 1
    if key_padding_mask is not None:
        kpm = tuple(key_padding_mask.shape) if batched else (1,) + tuple(key_padding_mask.shape)
        kpm = kpm[:-1] + (kpm[-1] + src_len - k_shape[0],)  # padded as the keys were
        if kpm[0] != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got {kpm[0]}")
        if kpm[1] != src_len:
            raise AssertionError(
                f"Expected key_padded_mask.shape[1] to be {src_len}, but got {kpm[1]}")
    weights = (in_proj_weight, q_proj_weight, k_proj_weight, v_proj_weight, out_proj_weight)
    out = query._new((tgt_len, bsz, embed_dim) if batched else (tgt_len, embed_dim), None,
                     *weights)
    if not need_weights:
        return out, None
    scores = (bsz, tgt_len, src_len) if average_attn_weights else (bsz, num_heads, tgt_len, src_len)
    return out, query._new(scores[1:] if not batched else scores, None, *weights)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False,
                                 scale=None, enable_gqa=False):
    """``softmax(Q Kᵀ · scale + mask) V``: ``[..., L, E]``, ``[..., S, E]``, ``[..., S, Ev]`` ->
    ``[..., L, Ev]``, the leading dimensions broadcast (``enable_gqa``: the key/value heads,
    dimension -3, repeated to the query's). Checked as PyTorch's math kernel does, with its
    messages: the two matrix products and the mask's broadcast."""
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set "
                           "when is_causal=True")
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError(
            "Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
            f"{query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} instead.")
    if enable_gqa and query.dim() >= 3 and key.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        if query.shape[-3] % key.shape[-3] or query.shape[-3] % value.shape[-3]:
            raise RuntimeError("Number of heads in key and value must divide the number of "
                               "heads in ")  # PyTorch's message ends there
        heads = query.shape[-3]
        key = key._new(tuple(key.shape[:-3]) + (heads,) + tuple(key.shape[-2:]))
        value = value._new(tuple(value.shape[:-3]) + (heads,) + tuple(value.shape[-2:]))
    scores = query @ key.transpose(-2, -1)
    if attn_mask is not None:
        scores = scores + attn_mask
    return scores @ value
