"""``torch.memory_format``: ``contiguous_format``, ``channels_last``, ``channels_last_3d``,
``preserve_format``, and which layout an op's result takes.

A shape-only tensor keeps its strides (``Tensor._strides``, ``None`` = row-major), so the
layout decides whether a later ``.view`` works. PyTorch's layers keep a channels-last input
channels last: convolutions (also when only the weight is channels last), pooling, batch and
group norm, interpolation, padding and pixel shuffles lay their result out in the input's
*suggested* format (``Tensor.suggest_memory_format``: strides that order the dims as N, H, W,
C), so ``conv(x).view(n, -1)`` fails on a channels-last ``x`` as it does in PyTorch.
"""

from . import _tensor


class memory_format:
    """One of PyTorch's memory formats; prints as ``torch.channels_last``."""

    __slots__ = ("name", "rank")

    def __init__(self, name, rank=None):
        self.name = name
        self.rank = rank  # the tensor rank it needs (channels_last: 4), None: any

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name


contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last", 4)
channels_last_3d = memory_format("channels_last_3d", 5)
preserve_format = memory_format("preserve_format")
_BY_RANK = {4: channels_last, 5: channels_last_3d}


def strides_for(shape, fmt):
    """The strides of a dense ``shape`` in ``fmt`` (``None``: row-major), or PyTorch's
    RuntimeError when ``fmt`` needs another rank."""
    if fmt is None or fmt is contiguous_format:
        return None
    if len(shape) != fmt.rank:
        raise RuntimeError(f"required rank {fmt.rank} tensor to use {fmt.name} format")
    strides, acc = [0] * len(shape), 1
    for d in (1,) + tuple(range(len(shape) - 1, 1, -1)) + (0,):
        strides[d] = acc
        acc *= max(shape[d], 1)
    strides = tuple(strides)
    return None if strides == _tensor.contiguous_strides(shape) else strides


def _strides_like_channels_last(shape, strides):
    """c10's ``is_channels_last_strides_{2,3}d``: C innermost, then W, H (D), N; ambiguous
    strides (a size-1 channel dim) fall back to row-major."""
    if strides[1] == 0:
        return False
    low = 0
    for d in (1,) + tuple(range(len(shape) - 1, 1, -1)) + (0,):
        if shape[d] == 0 or strides[d] < low or (d == 0 and low == strides[1]):
            return False
        low = strides[d] * (shape[d] if shape[d] > 1 else 1)
    return True


def suggest(t):
    """``t.suggest_memory_format()``: ``channels_last`` (``channels_last_3d``) when a rank-4
    (rank-5) tensor's strides are laid out channels last, else ``None`` (contiguous)."""
    fmt = _BY_RANK.get(len(t._shape))
    if fmt is None or t._strides is None:
        return None
    return fmt if _strides_like_channels_last(t._shape, t._strides) else None


def follow(out, *inputs):
    """``out`` laid out in the first suggested channels-last format among ``inputs`` (a layer's
    input, then its weight): what PyTorch's CPU kernels allocate for their result."""
    for t in inputs:
        if t is None or t._strides is None:  # contiguous (the common case): nothing to follow
            continue
        fmt = suggest(t)
        if fmt and fmt.rank == len(out._shape):
            out._strides = strides_for(out._shape, fmt)
            break
    return out


def requested(t, fmt):
    """The strides of ``t`` converted to ``fmt`` (``.to``/``.contiguous``/``.clone`` with
    ``memory_format=``); ``preserve_format`` keeps a dense layout (elementwise rule)."""
    if fmt is preserve_format:
        return _tensor.pointwise_strides(t._shape, (t,))
    return strides_for(t._shape, fmt)
