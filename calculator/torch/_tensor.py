"""Shape-only tensors: ``Size``, ``dtype``, ``device`` and ``Tensor``.

A ``Tensor`` holds a shape, a dtype, a device and ``requires_grad`` — no values. Every
shape operation follows PyTorch's rule and raises PyTorch's exception (type and first line
of the message), followed on a new line by the fix (see ``_fix``). Anything that needs
values (``item()``, ``bool(t)``, comparisons) is refused: a shape-only tensor has none.
"""

import math
import numbers

from . import _dtypes, _fix, _memory_format, _values

__all__ = ["Size", "dtype", "device", "Tensor", "make", "broadcast_shapes", "wrap_dim",
           "checked_size", "parse_size"]


class Size(tuple):
    """``torch.Size``: a tuple of ints printing as ``torch.Size([1, 3])``."""

    __slots__ = ()

    def __repr__(self):
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self):
        return math.prod(self)

    def __getitem__(self, item):
        got = tuple.__getitem__(self, item)
        return Size(got) if isinstance(item, slice) else got

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))


class dtype:
    """``torch.float32`` and friends: a name, a byte size and whether it is floating point."""

    __slots__ = ("name", "itemsize", "is_floating_point", "is_complex", "is_signed")

    def __init__(self, name, itemsize, floating, signed=True):
        self.name = name
        self.itemsize = itemsize
        self.is_floating_point = floating
        self.is_complex = False
        self.is_signed = signed

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name


class device:
    """``torch.device('cpu')`` / ``torch.device('cuda', 0)``; compared by type and index."""

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif ":" in type:
            type, idx = type.split(":", 1)
            index = int(idx)
        self.type = type
        self.index = index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


DTYPES = {}


def _dtype(name, itemsize, floating, *aliases, signed=True):
    made = dtype(name, itemsize, floating, signed)
    for alias in (name,) + aliases:
        DTYPES[alias] = made
    return made


FLOAT32 = _dtype("float32", 4, True, "float")
for _args in (("float64", 8, True, "double"), ("float16", 2, True, "half"), ("bfloat16", 2, True),
              ("int64", 8, False, "long"), ("int32", 4, False, "int"),
              ("int16", 2, False, "short"), ("int8", 1, False)):
    _dtype(*_args)
_dtype("uint8", 1, False, signed=False)
_dtype("bool", 1, False, signed=False)
# Tensor.type(): the legacy tensor class of each dtype ("torch.FloatTensor" for float32)
TYPE_NAMES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
              "bfloat16": "BFloat16Tensor", "int64": "LongTensor", "int32": "IntTensor",
              "int16": "ShortTensor", "int8": "CharTensor", "uint8": "ByteTensor",
              "bool": "BoolTensor"}
CPU = device("cpu")
DEFAULT = {"dtype": FLOAT32}
# "enabled": torch.is_grad_enabled() (no_grad()/set_grad_enabled() switch it); "backward":
# whether a backward() ran, after which a leaf's .grad is unknown
GRAD = {"enabled": True, "backward": False, "any": False}  # "any": a tensor has required grad
# ids of the tensors whose .grad was set to None since the last backward() (zero_grad()): a
# tensor made later with a reused id has not met a backward() either, so its .grad is None too
GRAD_NONE = set()


def set_grads_to_none(tensors):
    """``zero_grad()``'s default (``set_to_none=True``): these tensors' ``.grad`` is None."""
    GRAD_NONE.update(map(id, tensors))


def check_differentiable(outputs, gradients, what):
    """``torch.autograd``'s checks before its engine runs (``backward()``,
    ``torch.autograd.grad``), in its order: a given gradient must have its output's shape;
    without one, an output that requires grad must hold one element; then every output must
    require grad. ``what`` names the call in the fixes.

    Whether a computed tensor requires grad is not always followed (``Tensor._result``); when
    no tensor of the script has ever required grad, none does."""
    requires = [out._requires_grad if GRAD["any"] else False for out in outputs]
    for i, (out, gradient, requires_grad) in enumerate(zip(outputs, gradients, requires)):
        shape = out._shape
        if isinstance(gradient, Tensor):
            if gradient._shape != shape:
                raise _fix.error(
                    RuntimeError,
                    f"Mismatch in shape: grad_output[{i}] has a shape of {gradient.shape} and "
                    f"output[{i}] has a shape of {out.shape}.",
                    f"the gradient passed to {what} must have the shape of the tensor it "
                    f"differentiates, {list(shape)}: torch.ones_like(...) of that tensor")
        elif gradient is None and math.prod(shape) != 1:
            if requires_grad is None:
                raise NotImplementedError(
                    f"{what} on a tensor of shape {list(shape)} without a gradient: PyTorch "
                    "raises \"grad can be implicitly created only for scalar outputs\" if it "
                    "requires grad, else \"element 0 of tensors does not require grad and does "
                    "not have a grad_fn\"; ConvDims does not follow which inputs of the "
                    "operations that made it require grad (reduce it first: .sum() or .mean())")
            if requires_grad:
                raise _fix.error(
                    RuntimeError, "grad can be implicitly created only for scalar outputs",
                    f"{what} without a gradient needs a single number, and this tensor has "
                    f"shape {list(shape)} ("
                    + (f"{_fix.times(shape)} = " if len(shape) > 1 else "")
                    + f"{math.prod(shape)} numbers): "
                    f"reduce it first (.mean() or .sum()), or make the loss do it "
                    f"(reduction='mean', its default, not 'none')")
    for i, requires_grad in enumerate(requires):
        if requires_grad is False:
            raise _fix.error(
                RuntimeError, f"element {i} of tensors does not require grad and does not have "
                "a grad_fn",
                "this tensor was computed under torch.no_grad() (or detached, or from tensors "
                "none of which require grad), so there is nothing to differentiate: compute the "
                "loss outside no_grad(), from the model's output as it is")


def wrap_dim(dim, ndim):
    """A possibly negative dimension index as a non-negative one, or PyTorch's IndexError.

    A dimension that is no int (``x.sum(1.0)``, ``F.softmax(x, dim=1.0)``) is refused:
    PyTorch raises a TypeError worded per function and per overload, which ConvDims does not
    reproduce, and answering would let the script go on where PyTorch's stops."""
    if not _int_size(dim, False):
        raise NotImplementedError(
            f"a dimension given as {dim!r} ({type(dim).__name__}): PyTorch stops here with a "
            f"TypeError (dimensions must be ints) whose wording ConvDims does not reproduce")
    rank = max(ndim, 1)
    if not -rank <= dim < rank:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], "
            f"but got {dim})")
    return dim + rank if dim < 0 else dim


def broadcast_shapes(a, b):
    """Broadcast two shapes (right-aligned; sizes equal or one of them 1), or RuntimeError
    naming the last dimension that differs (ATen's ``infer_size`` walks from the right)."""
    if a == b:
        return a
    n = max(len(a), len(b))
    pa = (1,) * (n - len(a)) + tuple(a)
    pb = (1,) * (n - len(b)) + tuple(b)
    out = [0] * n
    for i in range(n - 1, -1, -1):
        x, y = pa[i], pb[i]
        if x == y or y == 1:
            out[i] = x
        elif x == 1:
            out[i] = y
        else:
            raise _fix.error(
                RuntimeError,
                f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                f"non-singleton dimension {i}",
                f"Elementwise operations line shapes up from the right; {list(a)} and {list(b)} "
                f"differ at dimension {i} ({x} vs {y}) and neither is 1. Make both {x} or "
                f"both {y} (e.g. the layer producing one of them), or reshape one to size 1 "
                f"there.")
    return tuple(out)


_INTS = frozenset((int, bool))


def _int_size(value, first):
    """Whether PyTorch's argument parser takes ``value`` as one size: an int (anything with
    ``__index__``, an integer tensor); a bool too, except as the first element (the parser
    checks that one before unpacking the rest)."""
    if isinstance(value, Tensor):
        return not value.dtype.is_floating_point
    return hasattr(type(value), "__index__") and not (first and isinstance(value, bool))


def _size_error(message, value):
    """PyTorch's TypeError for a size that is no int; when it is a float, the fix says where
    floats come from (Python 3's ``/``)."""
    if not isinstance(value, float):
        return TypeError(message)
    whole = (f"{value!r} is whole, so `//` (or int(...)) gives {int(value)}" if value.is_integer()
             else f"{value!r} is not even whole: check the arithmetic that made it")
    return _fix.error(TypeError, message,
                      f"a size is {value!r}, a float, and sizes must be ints: in Python 3 `/` "
                      f"gives a float even when the division is exact; {whole}.")


def parse_size(args, op="empty", keyword=False, position=1, arg="size", fixed=False):
    """The ``size`` of ``op`` from its positional ``args`` (or ``(value,)`` given as
    ``size=`` when ``keyword``), read as PyTorch's argument parser reads a tuple-of-ints
    parameter (``arg``: ``shape`` for ``reshape``, ``dims`` for ``permute``...) at
    ``position``, with its TypeErrors:

    - several values (``empty(2, 3)``) are the size only when the first is an int:
      ``empty(2.0, 3)`` -> ``empty() takes 1 positional argument but 2 were given``;
    - a tuple or list must start with an int: ``empty((44.0, 24))`` -> ``argument 'size'
      (position 1) must be tuple of ints, but found element of type float at pos 0``
      (``size=(44.0, 24)``: ``must be tuple of ints, not tuple``);
    - its other elements are unpacked afterwards, a bool counting as an int:
      ``empty((2, 3.0))`` -> ``failed to unpack the object at pos 2 with error "type must be
      tuple of ints,but got float"`` (the position counted from 1);
    - one value that is no sequence must be an int: ``empty(4.0)`` -> ``must be tuple of
      ints, not float`` (given as ``size=``, even an int fails: ``not int``, unless the
      parameter has a ``fixed`` length, as a pool's ``kernel_size`` (``int[2]``) has).

    A factory then refuses negative sizes (``checked_size``); ``view(-1)`` takes them.
    """
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        plain = args[0]
    else:
        plain = None if keyword and not fixed else args
    if plain is not None and (not plain or type(plain[0]) is int and _INTS.issuperset(map(type, plain))):
        return tuple(map(int, plain))  # ints (a later bool counts as 1): the common case
    where = "" if keyword else f" (position {position})"
    if len(args) > 1:
        if not _int_size(args[0], True):
            raise _size_error(f"{op}() takes 1 positional argument but {len(args)} were given",
                              args[0])
        size = args
    elif isinstance(args[0], (tuple, list)):
        size = args[0]
        if size and not _int_size(size[0], True):
            found = (f"not {type(size).__name__}" if keyword else
                     f"but found element of type {type(size[0]).__name__} at pos 0")
            raise _size_error(f"{op}(): argument '{arg}'{where} must be tuple of ints, {found}",
                              size[0])
    elif _int_size(args[0], True) and (fixed or not keyword):
        size = args
    else:
        raise _size_error(f"{op}(): argument '{arg}'{where} must be tuple of ints, "
                          f"not {type(args[0]).__name__}", args[0])
    for i, value in enumerate(size):
        if not _int_size(value, False):
            raise _size_error(f"{op}(): argument '{arg}' failed to unpack the object at pos "
                              f"{i + 1} with error \"type must be tuple of ints,but got "
                              f"{type(value).__name__}\"", value)
    return tuple(int(v) for v in size)


def _view_overloads(args):
    """PyTorch's TypeError when ``view(*args)`` fits neither ``view(dtype)`` nor
    ``view(size)`` before any size is unpacked: several values not starting with an int
    (``view(2.0, -1)``), or one value that is no int and no sequence starting with one
    (``view([2.0, -1])``, whose element types the message lists)."""
    one = args[0] if len(args) == 1 else None
    if len(args) > 1:
        if _int_size(args[0], True):
            return
        note = ""
    elif isinstance(one, dtype) or _int_size(one, True) or (
            isinstance(one, (tuple, list)) and (not one or _int_size(one[0], True))):
        return
    else:
        kind = type(one).__name__
        if isinstance(one, (tuple, list)):
            names = [type(v).__name__ for v in one]
            inner = f"({names[0]},)" if isinstance(one, tuple) and len(one) == 1 else (
                f"({', '.join(names)})" if isinstance(one, tuple) else f"[{', '.join(names)}]")
            kind = f"{kind} of {inner}"
        note = f"      didn't match because some of the arguments have invalid types: (!{kind}!)\n"
    got = ", ".join(type(a).__name__ for a in args)
    raise TypeError(f"view() received an invalid combination of arguments - got ({got}), but "
                    f"expected one of:\n * (torch.dtype dtype)\n{note} * (tuple of ints size)\n"
                    f"{note}")


def checked_size(shape, op="empty"):
    """A tensor size of ints (as ``parse_size`` reads one), none negative."""
    for size in shape:
        if size < 0 and op == "zeros":  # torch.zeros checks its size before allocating
            raise RuntimeError("zeros: Dimension size must be non-negative.")
        if size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {size}: "
                               f"{list(shape)}")
    return tuple(shape)


def _shape_args(args):
    """``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` and ``f(torch.Size(...))`` all mean (2, 3)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    return tuple(int(a) for a in args)


def _infer_view(shape, source, op):
    """Resolve one ``-1`` in a view/reshape target, or PyTorch's RuntimeError."""
    shape = list(shape)
    numel = math.prod(source)
    holes = [i for i, s in enumerate(shape) if s == -1]
    if len(holes) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for s in shape:
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s}")
    known = math.prod(s for s in shape if s != -1)
    if holes and known != 0 and numel % known == 0:
        shape[holes[0]] = numel // known
        return tuple(shape)
    if not holes and known == numel:
        return tuple(shape)
    raise _fix.view_mismatch(shape, source, op)


def pointwise_strides(shape, operands):
    """The strides of an elementwise op's output (ATen's TensorIterator): dense, with its dims
    in the order the inputs' strides put them (``x.permute(0, 2, 3, 1) * 2`` keeps the
    permuted layout, so a later ``.view`` fails as in PyTorch). Each input's strides are taken
    broadcast to ``shape`` (a broadcast dim has stride 0 and does not vote); the first input
    that orders two dims decides; equal strides put the smaller dim first. ``None`` when the
    result is row-major (contiguous)."""
    n = len(shape)
    if n < 2 or all(t._strides is None for t in operands):
        return None
    strided = []
    for t in operands:
        own, pad = t._layout(), n - len(t._shape)
        strided.append([0] * pad + [0 if size == 1 and shape[pad + i] != 1 else st
                                    for i, (size, st) in enumerate(zip(t._shape, own))])

    def should_swap(d0, d1):
        for st in strided:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    perm = list(range(n - 1, -1, -1))  # innermost first
    for i in range(1, n):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    strides, acc = [0] * n, 1
    for d in perm:
        strides[d] = acc
        acc *= max(shape[d], 1)
    strides = tuple(strides)
    return None if strides == contiguous_strides(shape) else strides


def contiguous_strides(shape):
    """Row-major strides of ``shape`` (``(2, 3, 4)`` -> ``(12, 4, 1)``)."""
    strides, acc = [], 1
    for size in reversed(shape):
        strides.append(acc)
        acc *= max(size, 1)
    return tuple(reversed(strides))


def view_strides(old_shape, old_strides, new_shape):
    """Strides of ``view(new_shape)`` on a strided tensor, or ``None`` when no view exists.

    ATen's ``computeStride``: the new dimensions must split or merge runs of old dimensions
    that are contiguous with each other (what ``permute``/``transpose``/``expand`` break).
    """
    if not old_shape:
        return (1,) * len(new_shape)
    numel = math.prod(old_shape)
    if numel == 0:
        return contiguous_strides(new_shape)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base = old_strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[tensor_d]
        if tensor_d == 0 or (old_shape[tensor_d - 1] != 1 and
                             old_strides[tensor_d - 1] != tensor_numel * chunk_base):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base = old_strides[tensor_d - 1]
                tensor_numel = view_numel = 1
    return tuple(new_strides) if view_d == -1 else None


def _index_strides(shape, strides, item):
    """Strides after basic indexing (ints, slices, None, ...); ``None`` for a copy."""
    if not isinstance(item, tuple):
        item = (item,)
    if any(isinstance(i, (Tensor, bool)) or _int_list(i) for i in item):
        return None  # advanced indexing (a Python bool or int list is an index tensor too) copies
    consumed = sum(1 for i in item if i is not None and i is not Ellipsis)
    out, dim = [], 0
    for i in item:
        if i is None:
            # ATen unsqueezes here, before the dims still to index: the stride spans the next
            # of them as it was (its size times its stride), or 1 past the last
            out.append(shape[dim] * strides[dim] if dim < len(shape) else 1)
        elif i is Ellipsis:
            keep = len(shape) - consumed
            out.extend(strides[dim:dim + keep])
            dim += keep
        elif isinstance(i, int):
            dim += 1
        else:
            out.append(strides[dim] * i.indices(shape[dim])[2])
            dim += 1
    out.extend(strides[dim:])
    return tuple(out)


def _int_list(i):
    """A flat list or range of ints (``x[:, [0, 2]]``, ``x[range(n), y]``): an index tensor
    whose values are known."""
    return isinstance(i, (list, range)) and bool(i) and all(type(v) is int for v in i)


def _index_shape(shape, item):
    """Shape after ``t[item]``: ints drop a dimension, slices keep it, None adds one, and a
    Python bool adds one of size 1 (True) or 0 (False); a float (``x[:, n / 2]``) or a float
    tensor is PyTorch's IndexError."""
    if not shape and not isinstance(item, tuple):
        # ATen's own words for one int or slice on a 0-d tensor (0 alone gets the item() hint)
        if isinstance(item, slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        if isinstance(item, int) and not isinstance(item, bool):
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number" if item == 0
                else f"index {item} is out of bounds for dimension 0 with size 0")
    if not isinstance(item, tuple):
        item = (item,)
    consumed = sum(1 for i in item if i is not None and i is not Ellipsis and not isinstance(i, bool))
    if consumed > len(shape):
        raise IndexError(
            f"too many indices for tensor of dimension {len(shape)}")
    out = []
    picks = []  # each index tensor: its place in ``out``, its shape, its values' check
    dim = 0
    for i in item:
        if i is None or isinstance(i, bool):
            out.append(0 if i is False else 1)
        elif i is Ellipsis:
            keep = len(shape) - consumed
            out.extend(shape[dim:dim + keep])
            dim += keep
        elif isinstance(i, Tensor) and not i.dtype.is_floating_point and i.dtype.name != "bool":
            picks.append((len(out), tuple(i.shape), (_values.check_subscript, i, shape[dim])))
            out.append(None)
            dim += 1
        elif _int_list(i):
            picks.append((len(out), (len(i),), (_check_int_list, i, shape[dim])))
            out.append(None)
            dim += 1
        elif isinstance(i, float):
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             "byte Variables are valid indices (got float)")
        elif isinstance(i, Tensor) and i.dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        elif not isinstance(i, (int, slice)):
            raise TypeError(
                f"Indexing with a {getattr(i, 'dtype', type(i).__name__)} mask needs its values "
                f"(how many are True); the calculator supports ints, slices, None, ... and "
                f"integer index tensors.")
        elif isinstance(i, int):
            size = shape[dim]
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")
            dim += 1
        else:
            out.append(len(range(*i.indices(shape[dim]))))
            dim += 1
    out.extend(shape[dim:])
    return _place_picks(out, picks) if picks else tuple(out)


def _check_int_list(values, size):
    for v in values:
        if not -size <= v < size:  # PyTorch names dimension 0 here
            raise IndexError(f"index {v} is out of bounds for dimension 0 with size {size}")


def _place_picks(out, picks):
    """Advanced indexing, after ints, slices and None have been applied (so an int between
    two index tensors does not separate them): the index tensors broadcast together (checked
    before their values); their shape takes the place of the dimensions they index when
    those are adjacent, else it comes first (``x[[0, 1], :, [1, 2]]`` is (2, x.shape[1]))."""
    shapes = [s for _, s, _ in picks]
    joined = shapes[0]
    for s in shapes[1:]:
        try:
            joined = broadcast_shapes(joined, s)
        except RuntimeError:
            raise IndexError("shape mismatch: indexing tensors could not be broadcast together "
                             "with shapes " + ", ".join(str(list(s)) for s in shapes)) from None
    for _, _, (check, index, size) in picks:
        check(index, size)
    positions = [p for p, _, _ in picks]
    rest = [s for s in out if s is not None]
    at = positions[0] if positions[-1] - positions[0] == len(positions) - 1 else 0
    return tuple(rest[:at]) + tuple(joined) + tuple(rest[at:])


def _mask_assignment(shape, item, value):
    """``t[mask] = value`` / ``t[:, mask] = value`` (one bool mask after full slices): the
    mask's shape checked as PyTorch checks it; the value must broadcast whatever the number of
    True elements (a scalar, or size 1 along the masked dim). ``None`` for other items."""
    items = item if isinstance(item, tuple) else (item,)
    if not items or not isinstance(items[-1], Tensor) or items[-1].dtype.name != "bool" or any(
            i != slice(None) for i in items[:-1] if not isinstance(i, Tensor)) or any(
            isinstance(i, Tensor) for i in items[:-1]):
        return None
    mask, dim = items[-1], len(items) - 1
    if dim + mask.dim() > len(shape):
        return None
    for i, (m, s) in enumerate(zip(mask.shape, shape[dim:])):
        if m != s:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {i} does not match "
                             f"the shape of the indexed tensor {list(shape)} at index {dim + i}")
    rest = tuple(shape[dim + mask.dim():])
    if isinstance(value, Tensor) and value.numel() != 1:
        vshape = tuple(value.shape)
        at = len(vshape) - len(rest) - 1  # the value's dim facing the masked elements
        if (at >= 0 and vshape[at] != 1) or len(vshape) > len(rest) + 1 + dim or any(
                v not in (1, r) for v, r in zip(vshape[::-1], rest[::-1])):
            raise NotImplementedError(
                f"assigning a {list(vshape)} tensor through a bool mask: whether it fits depends on "
                "how many elements the mask selects (its values), which ConvDims does not know")
    return True


def _method(op, name):
    """``op`` as the named Tensor method (``x.add(other)``): an operand it does not take raises
    PyTorch's TypeError instead of handing back NotImplemented."""
    def method(self, other, *args, **kwargs):
        out = op(self, other, *args, **kwargs)
        if out is NotImplemented:
            raise TypeError(f"{name}(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
        return out
    method.__name__ = name
    return method


class Tensor:
    """A shape-only ``torch.Tensor``; ``_src`` remembers a flatten for error fixes."""

    __slots__ = ("_shape", "dtype", "device", "_requires_grad", "_leaf", "_src", "_strides",
                 "_viewed", "__weakref__")
    __array_priority__ = 1000  # numpy_array + tensor: numpy defers to Tensor.__radd__, as for torch's

    def __init__(self, *data, dtype=None, device=None, requires_grad=False):
        """``torch.Tensor(2, 3)`` (sizes), ``torch.Tensor([[1, 2]])`` (data), ``torch.Tensor()``."""
        if len(data) == 1 and (isinstance(data[0], (list, tuple)) and not isinstance(data[0], Size)
                               or is_numpy(data[0])):
            shape = data_info(data[0])[0]
            _fill(self, Size(shape), dtype, device, requires_grad, None)
            _values.from_data(self, data[0])
        elif len(data) == 1 and isinstance(data[0], Tensor):
            _alias_other(self, data[0], dtype)
        else:
            shape = checked_size(_shape_args(data) if data else (0,), "Tensor")
            _fill(self, Size(shape), dtype, device, requires_grad, None)

    def _new(self, shape, src=None, *others):
        """An op's result of ``shape`` on this tensor and ``others`` (its other inputs: a
        weight, a bias, the other operand; ``None`` allowed)."""
        return self._result(make(shape, self.dtype, self.device, None, src), *others)

    def _result(self, new, *others):
        """``new``, an op's result on this tensor and ``others``: with grad mode on it requires
        grad when any of them does (``make`` set the other cases: False under ``no_grad``,
        else unknown, since an input the op did not name may decide).
        """
        if GRAD["enabled"] and (self._requires_grad is True or any(
                isinstance(t, Tensor) and t._requires_grad is True for t in others)):
            new._requires_grad = True
        return new

    @property
    def requires_grad(self):
        if self._requires_grad is None:
            raise NotImplementedError(
                "requires_grad of a computed tensor: ConvDims does not follow which inputs "
                "of the operations that made it require grad (read it on leaf tensors and "
                "parameters, or under torch.no_grad())")
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if value and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point and complex dtype can require "
                               "gradients")
        if value and self._requires_grad is not True:
            self._leaf = True  # a tensor that did not require grad is a leaf
        self._requires_grad = bool(value)
        if value:
            GRAD["any"] = True

    @property
    def is_leaf(self):
        """PyTorch: tensors not requiring grad, and those the user created, are leaves."""
        return not self.requires_grad or self._leaf

    @property
    def grad(self):
        """``None`` until a ``backward()`` runs. After one, a leaf that requires grad holds a
        gradient of its shape if the backward reached it, else still ``None``; ConvDims does
        not record which leaves it reached, so reading it then stops the script."""
        if (GRAD["backward"] and self._requires_grad is True and self._leaf
                and id(self) not in GRAD_NONE):
            raise NotImplementedError(
                ".grad after backward(): ConvDims does not build the autograd graph, so it does "
                "not know whether the backward reached this tensor (if it did, its .grad has "
                f"the tensor's own shape, {list(self._shape)}; if not, .grad is None)")
        return None

    @grad.setter
    def grad(self, value):
        if value is not None:
            raise NotImplementedError(
                "assigning a tensor to .grad: ConvDims does not keep gradients (assigning None, "
                "as zero_grad() does, is followed)")
        GRAD_NONE.add(id(self))

    @property
    def grad_fn(self):
        """``None`` for a leaf; a computed tensor's backward node is not modelled."""
        if self.is_leaf:
            return None
        raise NotImplementedError(
            "grad_fn of a computed tensor: ConvDims does not build the autograd graph "
            "(requires_grad and is_leaf can be read)")

    def _strided(self, shape, strides, src=None):
        """A view of this tensor with the given strides (``None``: contiguous); it views the
        memory this tensor views (``_viewed``, unset on a tensor that owns its memory)."""
        new = self._result(make(shape, self.dtype, self.device, None, src))
        new._strides = strides
        new._viewed = getattr(self, "_viewed", self)
        return new

    def untyped_storage(self):
        """The memory under this tensor: for a view (a slice, ``view``, ``t()``...) its base's."""
        return _Storage(getattr(self, "_viewed", self))

    def _layout(self):
        return self._strides or contiguous_strides(self._shape)

    def _kept_layout(self, new):
        """Copies that preserve the layout (``to``, ``float()``...) are laid out as an
        elementwise op's result (a dense input keeps its strides)."""
        new._strides = pointwise_strides(new._shape, (self,))
        return new

    def is_contiguous(self, memory_format=None):
        """Row-major order (or ``memory_format``'s order), ignoring dimensions of size 1
        (as PyTorch does); a format for another rank is never contiguous."""
        if memory_format in (None, _memory_format.contiguous_format):
            if self._strides is None or 0 in self._shape:  # an empty tensor is contiguous
                return True
            expected = contiguous_strides(self._shape)
        elif memory_format.rank != len(self._shape):
            return False
        else:
            expected = _memory_format.strides_for(self._shape, memory_format) or \
                contiguous_strides(self._shape)
        return all(st == want for st, want, size in zip(self._layout(), expected, self._shape)
                   if size != 1)

    def stride(self, dim=None):
        strides = self._layout()
        return strides if dim is None else strides[wrap_dim(dim, len(self._shape))]

    # -- what a tensor is -------------------------------------------------------------
    @property
    def shape(self):
        return self._shape

    @property
    def data(self):
        """This tensor detached, as PyTorch's (``p.data.requires_grad`` is False); in-place
        initialisers on it (``p.data.normal_(0, 0.02)``) change no shape."""
        return self.detach()

    @data.setter
    def data(self, other):
        self._shape, self.dtype, self.device = other.shape, other.dtype, other.device
        _values.forget()

    def size(self, dim=None):
        if dim is None:
            return self._shape
        if not self._shape:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return self._shape[wrap_dim(dim, len(self._shape))]

    def dim(self):
        return len(self._shape)

    ndimension = dim

    @property
    def ndim(self):
        return len(self._shape)

    def numel(self):
        return math.prod(self._shape)

    nelement = numel

    def element_size(self):
        return self.dtype.itemsize

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    def is_floating_point(self):
        return self.dtype.is_floating_point

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._shape[0]))

    def __repr__(self):
        values = _values.exact(self) if type(self) is Tensor and _values.has(self) else None
        if values is not None and self.device.type == "cpu":
            from ._tensor_str import int_tensor_repr
            return int_tensor_repr(self._shape, values, self.dtype.name)
        return f"tensor(<shape-only>, size={list(self._shape)}, dtype={self.dtype!r})"

    def __getattr__(self, name):
        """A public name the mirror lacks: PyTorch's AttributeError, saying the mirror does
        not model it (``x.round()`` exists in PyTorch; a typo reads the same)."""
        note = "" if name.startswith("_") else " (not supported by ConvDims)"
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'{note}")

    def _needs_values(self, what):
        raise TypeError(
            f"{what} needs the tensor's values; the calculator's tensors carry shapes only "
            f"(this one has shape {list(self._shape)}).")

    def _stated(self, what):
        """This tensor's values, row-major, when the script states them (``_values.exact``);
        otherwise ``what`` is refused: it needs values the calculator does not have."""
        values = _values.exact(self) if _values.has(self) else None
        if values is None:
            self._needs_values(what)
        return values

    def _one_element(self, what):
        """PyTorch's conversions of one element to a Python number (the count is checked
        first, by each caller, with its own error)."""
        return self._stated(what)[0]

    def item(self):
        n = math.prod(self._shape)
        if n != 1:
            raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
        return self._one_element("Tensor.item()")

    def tolist(self):
        values = iter(self._stated("Tensor.tolist()"))

        def nest(shape):
            return [nest(shape[1:]) for _ in range(shape[0])] if shape else next(values)
        return nest(tuple(self._shape))

    def numpy(self, *, force=False):
        if self._requires_grad is True and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        self._needs_values("Tensor.numpy()")

    def __format__(self, spec):
        """PyTorch formats a 0-d tensor as its value (``f"{loss:.4f}"``), any other as its text
        (a format spec there is Python's TypeError)."""
        if not self._shape:
            values = _values.exact(self) if _values.has(self) else None
            if values is not None:
                return format(values[0], spec)
            if spec:
                self._needs_values(f"Formatting a tensor (a format spec, ':{spec}')")
        return object.__format__(self, spec)

    def __bool__(self):
        n = math.prod(self._shape)
        if n != 1:
            raise RuntimeError("Boolean value of Tensor with "
                               f"{'no values' if n == 0 else 'more than one value'} is ambiguous")
        return bool(self._one_element("Using a tensor as a truth value"))

    def _python_number(self, kind, what):
        if math.prod(self._shape) != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return kind(self._one_element(what))

    def __int__(self):
        return self._python_number(int, "int(tensor)")

    def __float__(self):
        return self._python_number(float, "float(tensor)")

    def __complex__(self):
        return self._python_number(complex, "complex(tensor)")

    def __index__(self):
        if (self.dtype.is_floating_point or self.dtype.name == "bool"
                or math.prod(self._shape) != 1):
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return self._one_element("Using a tensor as an index")

    # -- no-ops: devices, dtypes, autograd ------------------------------------------------
    def to(self, *args, memory_format=None, **kwargs):
        new = self._new(self._shape, self._src)
        for a in list(args) + list(kwargs.values()):
            if isinstance(a, dtype):
                new.dtype = a
            elif isinstance(a, (str, device)):
                new.device = device(a)
            elif isinstance(a, Tensor):
                new.dtype, new.device = a.dtype, a.device
        if new.dtype is self.dtype:
            _values.carry(self, new)
        if memory_format is None:
            return self._kept_layout(new)
        new._strides = _memory_format.requested(self, memory_format)
        return new

    def cuda(self, device_=None, non_blocking=False):
        new = self._new(self._shape, self._src)
        new.device = device("cuda", 0 if device_ is None else int(str(device_).split(":")[-1]))
        return self._kept_layout(_values.carry(self, new))

    def cpu(self):
        return self.to("cpu")

    def _as(self, name):
        new = self._new(self._shape, self._src)
        new.dtype = DTYPES[name]
        if not self.dtype.is_floating_point and self.dtype.name != "bool":
            _values.carry(self, new)  # int to int keeps the values (those the checks read)
        return self._kept_layout(new)

    def float(self):
        return self._as("float32")

    def double(self):
        return self._as("float64")

    def half(self):
        return self._as("float16")

    def long(self):
        return self._as("int64")

    def int(self):
        return self._as("int32")

    def bool(self):
        return self._as("bool")

    def type(self, dtype=None, non_blocking=False):
        """No argument: the legacy class name (``torch.FloatTensor``, ``torch.cuda.LongTensor``
        on a GPU); a dtype or such a name: this tensor converted to it."""
        if dtype is None:
            where = "torch.cuda." if self.device.type == "cuda" else "torch."
            return where + TYPE_NAMES[self.dtype.name]
        if dtype is Tensor:  # torch.FloatTensor is the mirror's Tensor class
            dtype = "torch.FloatTensor"
        elif getattr(dtype, "__name__", None) in TYPE_NAMES.values():  # torch.LongTensor
            dtype = f"torch.{dtype.__name__}"
        if isinstance(dtype, str):
            names = {f"torch.{v}": k for k, v in TYPE_NAMES.items()}
            names.update({f"torch.cuda.{v}": k for k, v in TYPE_NAMES.items()})
            if dtype not in names:
                raise ValueError(f"invalid type: '{dtype}'")
            return self._as(names[dtype]).to("cuda" if ".cuda." in dtype else "cpu")
        return self.to(dtype)

    def type_as(self, other):
        return self.to(other.dtype)

    def contiguous(self, memory_format=None):
        if memory_format not in (None, _memory_format.contiguous_format):
            if self.is_contiguous(memory_format):
                return self
            return _values.carry(self, self._strided(
                self._shape, _memory_format.strides_for(self._shape, memory_format), self._src))
        return self if self._strides is None else _values.carry(self, self._new(self._shape, self._src))

    def detach(self):
        new = self._strided(self._shape, self._strides, self._src)
        new.requires_grad = False
        return _values.carry(self, new)

    def clone(self, memory_format=None):
        new = self._pointwise(self._shape, self._src)
        if memory_format not in (None, _memory_format.preserve_format):
            new._strides = _memory_format.requested(self, memory_format)
        return _values.carry(self, new)

    def cumsum(self, dim, *, dtype=None):
        """Same shape; integers and bool add up as int64 unless ``dtype`` says otherwise."""
        wrap_dim(dim, len(self._shape))
        out = self._new(self._shape, self._src)
        out.dtype = dtype or (self.dtype if self.dtype.is_floating_point else DTYPES["int64"])
        return out

    def round(self, decimals=0):
        return self._new(self._shape, self._src)

    def requires_grad_(self, requires_grad=True):
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """PyTorch's checks (``check_differentiable``); after it, every leaf's ``.grad`` is
        unknown (see ``grad``)."""
        check_differentiable((self,), (gradient,), "backward()")
        GRAD["backward"] = True
        GRAD_NONE.clear()

    def zero_(self, *args, **kwargs):
        """In-place initializers change values only: the tensor is returned as it is (an
        integer one's known values are forgotten, or set: ``zero_``, ``fill_``, ``random_``)."""
        if not self.dtype.is_floating_point:
            _values.forget()
            _values.constant(self, 0, "zero_()")
        return self

    def fill_(self, value):
        if not self.dtype.is_floating_point:
            _values.forget()
            _values.constant(self, value, f"fill_({value!r})")
        return self

    def random_(self, *args, **kwargs):
        """``random_(to)`` / ``random_(from, to)`` draw integers from ``from`` (0) to ``to − 1``."""
        if not self.dtype.is_floating_point:
            _values.forget()
            low = kwargs.get("from", args[0] if len(args) == 2 else 0)
            high = kwargs.get("to", args[-1] if args else None)
            if high is not None:
                _values.drawn(self, low, high, f"random_({', '.join(map(str, args))})")
        return self

    def normal_(self, *args, **kwargs):
        return self

    uniform_ = bernoulli_ = exponential_ = normal_

    def copy_(self, src, non_blocking=False):
        shape = tuple(broadcast_shapes(self._shape, src.shape))
        if shape != tuple(self._shape):
            raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the broadcast "
                               f"shape {list(shape)}")
        return self  # (known values are forgotten by the in-place wrapper, _forgetting)

    # -- reshaping ------------------------------------------------------------------------
    def resize_(self, *sizes, memory_format=None):
        """In place: this tensor takes the new sizes (any element count), laid out row-major
        (its own sizes again: left as it is)."""
        if self._requires_grad:
            raise RuntimeError("cannot resize variables that require grad")
        shape = tuple(_shape_args(sizes))
        if any(v < 0 for v in shape):
            raise RuntimeError("numel: integer multiplication overflow")
        if shape != self._shape or memory_format is not None:
            self._shape = Size(shape)
            self._strides = _memory_format.strides_for(shape, memory_format)
        return self

    def view(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], dtype):
            return self.to(shape[0])
        _view_overloads(shape)
        new_shape = _infer_view(parse_size(shape, "view"), self._shape, "view")
        if self._strides is None:
            return _values.carry(self, self._new(new_shape))
        strides = view_strides(self._shape, self._strides, new_shape)
        if strides is None:
            raise _fix.error(
                RuntimeError,
                "view size is not compatible with input tensor's size and stride (at least one "
                "dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
                f"this {list(self._shape)} tensor comes from a permute, transpose, expand or "
                f"slice, so its elements are not laid out in order in memory (strides "
                f"{list(self._strides)}) "
                f"and view({', '.join(map(str, new_shape))}) cannot merge them without a copy: "
                f"call .contiguous() first (x.contiguous().view(...)) or use .reshape(...); the "
                f"shape is the same {list(new_shape)} either way.")
        return _values.carry(self, self._strided(new_shape, strides))

    def reshape(self, *shape):
        return self._reshape_to(parse_size(shape, "reshape", arg="shape"))

    def _reshape_to(self, shape):
        """``reshape`` to a parsed ``shape`` (one size may be -1)."""
        return self._reshaped(_infer_view(shape, self._shape, "reshape"))

    def _reshaped(self, new_shape, src=None):
        """``reshape``: a view when the strides allow it, else a contiguous copy."""
        strides = None if self._strides is None else \
            view_strides(self._shape, self._strides, new_shape)
        return _values.carry(self, self._strided(new_shape, strides, src))

    def view_as(self, other):
        return self.view(other.shape)

    def reshape_as(self, other):
        return self.reshape(other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        shape = self._shape
        if not shape:  # a 0-d tensor counts as 1-d for its dims
            wrap_dim(start_dim, 0), wrap_dim(end_dim, 0)
            return self._new((1,))
        start = wrap_dim(start_dim, len(shape))
        end = wrap_dim(end_dim, len(shape))
        if start > end:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        if start == end:
            return self
        merged = shape[start:end + 1]
        return self._reshaped(shape[:start] + (math.prod(merged),) + shape[end + 1:],
                              (shape, start, end))

    def unflatten(self, dim, sizes):
        shape = self._shape
        if not shape:
            raise RuntimeError("unflatten got an unexpected error:\nDimension specified as 0 but tensor "
                               "has no dimensions")
        d = wrap_dim(dim, len(shape))
        sizes = parse_size((sizes,), "unflatten", position=2, arg="sizes")
        new = _infer_unflatten(shape[d], sizes, d)
        return self._reshaped(shape[:d] + new + shape[d + 1:])

    def permute(self, *dims):
        dims = parse_size(dims, "permute", arg="dims")
        n = len(self._shape)
        if len(dims) != n:
            raise RuntimeError(
                "permute(sparse_coo): number of dimensions in the tensor input does not match "
                "the length of the desired ordering of dimensions i.e. input.dim() = "
                f"{n} is not equal to len(dims) = {len(dims)}")
        wrapped = [wrap_dim(d, n) for d in dims]
        if len(set(wrapped)) != n:
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        strides = self._layout()
        return _values.carry(self, self._strided(tuple(self._shape[d] for d in wrapped),
                                                 tuple(strides[d] for d in wrapped)), ordered=False)

    def transpose(self, dim0, dim1):
        n = len(self._shape)
        a, b = wrap_dim(dim0, n), wrap_dim(dim1, n)
        if n == 0:  # a 0-d tensor takes dims 0 and -1 and stays itself
            return self._strided((), self._strides)
        shape, strides = list(self._shape), list(self._layout())
        shape[a], shape[b] = shape[b], shape[a]
        strides[a], strides[b] = strides[b], strides[a]
        return _values.carry(self, self._strided(tuple(shape), tuple(strides)), ordered=False)

    swapaxes = transpose

    def t(self):
        if len(self._shape) > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                               f"{len(self._shape)}D")
        return self.T

    @property
    def T(self):
        return _values.carry(self, self._strided(self._shape[::-1], self._layout()[::-1]),
                             ordered=False)

    @property
    def mT(self):
        """The last two dimensions swapped (a 0-d tensor is itself)."""
        if len(self._shape) == 1:
            raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. "
                               "Got 1-D tensor.")
        return self.transpose(-2, -1) if self._shape else self

    def narrow(self, dim, start, length):
        """``length`` entries of ``dim`` from ``start`` (a view), with ATen's checks in order."""
        if not self._shape:
            raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
        if length < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
        d = wrap_dim(dim, len(self._shape))
        size = self._shape[d]
        if not -size <= start <= size:
            raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                             f"but got {start})")
        start = start + size if start < 0 else start
        if start > size - length:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
        return self[(slice(None),) * d + (slice(start, start + length),)]

    def squeeze(self, dim=None):
        shape, strides = self._shape, self._layout()
        if dim is None:
            keep = [i for i, s in enumerate(shape) if s != 1]
        else:
            dims = dim if isinstance(dim, (tuple, list)) else (dim,)
            drop = {wrap_dim(d, len(shape)) for d in dims}
            keep = [i for i, s in enumerate(shape) if not (i in drop and s == 1)]
        return _values.carry(self, self._strided(
            tuple(shape[i] for i in keep),
            None if self._strides is None else tuple(strides[i] for i in keep)))

    def unsqueeze(self, dim):
        shape, strides = self._shape, self._layout()
        d = wrap_dim(dim, len(shape) + 1)
        stride = shape[d] * strides[d] if d < len(shape) else 1
        return _values.carry(self, self._strided(
            shape[:d] + (1,) + shape[d:],
            None if self._strides is None else strides[:d] + (stride,) + strides[d:]))

    def expand(self, *sizes):
        sizes = parse_size(sizes, "expand")
        shape = self._shape
        if len(sizes) < len(shape):
            raise RuntimeError(
                f"expand({self.type()}{{{list(shape)}}}, size={list(sizes)}): the number of "
                f"sizes provided ({len(sizes)}) must be greater or equal to the number of "
                f"dimensions in the tensor ({len(shape)})")
        if not shape and -1 in sizes:  # ATen's 0-d path multiplies the sizes as given
            raise RuntimeError("numel: integer multiplication overflow")
        lead = len(sizes) - len(shape)
        padded = (1,) * lead + shape
        old_strides = (0,) * lead + self._layout()
        out, strides = list(sizes), [0] * len(sizes)
        for i in range(len(sizes) - 1, -1, -1):  # ATen's inferExpandGeometry: from the last dim
            have, want = padded[i], sizes[i]
            if want == -1:
                if i < lead:
                    raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                                       f"non-existing dimension {i}")
                want = have
            if have != want and have != 1:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) must match the existing size "
                    f"({have}) at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  "
                    f"Tensor sizes: {list(shape)}")
            out[i] = want
            strides[i] = old_strides[i] if have == want else 0
        return _values.carry(self, self._strided(tuple(out), tuple(strides)), ordered=False)

    def expand_as(self, other):
        return self.expand(other.shape)

    def repeat(self, *sizes):
        if not sizes:
            raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
        sizes = parse_size(sizes, "repeat", arg="repeats")
        if len(sizes) < len(self._shape):
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of "
                               "dimensions of tensor")
        shape = (1,) * (len(sizes) - len(self._shape)) + self._shape
        out = tuple(a * b for a, b in zip(shape, sizes))
        if min(out, default=0) < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: {list(out)}")
        return _values.carry(self, self._new(out), ordered=False)

    def unfold(self, dimension, size, step):
        """Windows of ``size`` every ``step`` along ``dimension``: a view whose new last
        dimension runs along the window (ATen's checks, in order)."""
        shape, strides = list(self._shape), list(self._layout())
        d = wrap_dim(dimension, len(shape))
        length = shape[d] if shape else 1
        if size < 0:
            raise RuntimeError(f"size is {size} but must be >= 0")
        if size > length:
            raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is {size}")
        if step <= 0:
            raise RuntimeError(f"step is {step} but must be > 0")
        if not shape:
            return self._strided((size,), (1,))
        shape[d], stride = (length - size) // step + 1, strides[d]
        strides[d] *= step
        return self._strided(tuple(shape) + (size,), tuple(strides) + (stride,))

    def movedim(self, source, destination):
        """Moves the dims ``source`` to the places ``destination``; the others keep their order."""
        n = len(self._shape)
        src = [source] if isinstance(source, int) else list(source)
        dst = [destination] if isinstance(destination, int) else list(destination)
        if len(src) != len(dst):
            raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should "
                               f"contain the same number of dims as destination ({dst} dims)")
        src = [wrap_dim(d, n) for d in src]
        dst = [wrap_dim(d, n) for d in dst]
        if n == 0:  # a 0-d tensor counts as 1-d for its dims: nothing moves
            return self.view(())
        for name, dims in (("source", src), ("destination", dst)):
            if len(set(dims)) != len(dims):
                raise RuntimeError(f"movedim: repeated dim in `{name}` ({dims})")
        order = [-1] * n
        for s_, d_ in zip(src, dst):
            order[d_] = s_
        rest = iter(i for i in range(n) if i not in src)
        for d_ in range(n):
            if order[d_] == -1:
                order[d_] = next(rest)
        return self.permute(*order)

    moveaxis = movedim

    def isnan(self):
        """Bool, the same shape (NaN is the one value not equal to itself)."""
        return self != self

    def isfinite(self):
        """Bool, the same shape. Integers are always finite (``x == x``, all True); a float
        tensor's values are never known here, so its result's are not either."""
        return self == self

    def logical_not(self):
        """Bool, the same shape: True where the value is 0."""
        return self == 0

    def unbind(self, dim=0):
        """One view per index along ``dim``, each without that dim (timm's ``q, k, v =
        qkv.unbind(0)``): ``x.select(dim, i)`` for every ``i``."""
        if not self._shape:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        d = wrap_dim(dim, len(self._shape))
        return tuple(self[(slice(None),) * d + (i,)] for i in range(self._shape[d]))

    def flip(self, *dims):
        """The same shape, reversed along ``dims`` (a copy). ATen allocates it as
        ``empty_like(self)``: a dense input, permuted or not, keeps its strides, so a later
        ``view`` fails where PyTorch's does (any other input is approximated by the
        elementwise layout)."""
        if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
            dims = tuple(dims[0])
        seen = set()
        for dim in dims:
            d = wrap_dim(dim, len(self._shape))
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
        return self._pointwise(self._shape, self._src)

    def chunk(self, chunks, dim=0):
        if not self._shape:
            raise RuntimeError("chunk expects at least a 1-dimensional tensor")
        if chunks <= 0:
            raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
        d = wrap_dim(dim, len(self._shape))
        size = self._shape[d]
        step = -(-size // chunks)
        if size == 0:  # ATen keeps the number of chunks: each of size 0
            return self.split([0] * chunks, d)
        return self.split(step, d)

    def split(self, split_size, dim=0):
        if not self._shape:
            raise RuntimeError("split expects at least a 1-dimensional tensor")
        d = wrap_dim(dim, len(self._shape))
        size = self._shape[d]
        if isinstance(split_size, int):
            if split_size < 0:
                raise RuntimeError(f"split expects split_size be non-negative, but got split_size={split_size}")
            if split_size == 0 and size != 0:
                raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                                   f"size of {size}")
            # ATen: at least one part, so a dim of size 0 gives one empty part
            parts = [min(split_size, size - i) for i in range(0, size, split_size)] if size else [0]
        else:
            parts = list(split_size)
            if sum(parts) != size:
                raise RuntimeError(
                    f"split_with_sizes expects split_sizes to sum exactly to {size} (input "
                    f"tensor's size at dimension {d}), but got split_sizes={parts}")
        shape = self._shape
        strides = self._layout() if d else self._strides  # a split along dim 0 stays in order
        return tuple(self._strided(shape[:d] + (p,) + shape[d + 1:], strides) for p in parts)

    def _new_like(self, size, op, dtype, device, requires_grad):
        return make(checked_size(parse_size(size, op), op), dtype or self.dtype, device or self.device,
                    requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        return self._new_like(size, "new_zeros", dtype, device, requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        return self._new_like(size, "new_ones", dtype, device, requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        return self._new_like(size, "new_empty", dtype, device, requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        return self._new_like((size,), "new_full", dtype, device, requires_grad)

    def new(self, *args, device=None):
        """The legacy ``tensor.new(...)``: a tensor of this one's dtype, its arguments read as
        the ``torch.Tensor`` constructor reads them (sizes, a ``torch.Size``, or data)."""
        return Tensor(*args, dtype=self.dtype, device=device or self.device)

    def diag(self, diagonal=0):
        """A 1-D tensor of n values makes an (n + |k|)-square matrix; a 2-D one gives its
        diagonal ``k`` (above the main one for k > 0), empty when it lies outside."""
        if len(self._shape) == 1:
            n = self._shape[0] + abs(diagonal)
            return self._new((n, n))
        if len(self._shape) == 2:
            rows, cols = self._shape
            n = min(rows, cols - diagonal) if diagonal >= 0 else min(rows + diagonal, cols)
            return self._new((max(n, 0),))
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {len(self._shape)}D")

    def masked_fill(self, mask, value):
        """The shape the tensor and the mask broadcast to (a mask with more dims makes the
        result larger, as in PyTorch)."""
        return self._new(tuple(broadcast_shapes(mask.shape, self._shape)))  # ATen names the mask "a"

    def masked_fill_(self, mask, value):
        """In place: the same tensor, its values no longer known; the mask must broadcast to it."""
        shape = tuple(broadcast_shapes(self._shape, mask.shape))
        if shape != tuple(self._shape):
            raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the broadcast "
                               f"shape {list(shape)}")
        if not self.dtype.is_floating_point:
            _values.forget()
        return self

    def tril(self, diagonal=0):
        if len(self._shape) < 2:
            raise RuntimeError("tril: input tensor must have at least 2 dimensions")
        return self._new(self._shape)

    def triu(self, diagonal=0):
        if len(self._shape) < 2:
            raise RuntimeError("triu: input tensor must have at least 2 dimensions")
        return self._new(self._shape)

    def __getitem__(self, item):
        shape = _index_shape(self._shape, item)
        strides = _index_strides(self._shape, self._layout(), item)
        new = self._new(shape) if strides is None else self._strided(shape, strides)
        return _values.carry_part(self, new) if _values._KNOWN else new

    def __setitem__(self, item, value):
        if _mask_assignment(self._shape, item, value) is None:
            _index_shape(self._shape, item)
        if not self.dtype.is_floating_point:
            _values.forget()

    # -- reductions and elementwise -------------------------------------------------------
    def _reduce(self, dim=None, keepdim=False, dtype=None):
        shape = self._shape
        if dim is None:
            return self._new(())
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        drop = {wrap_dim(d, len(shape)) for d in dims}
        if keepdim:
            return self._new(tuple(1 if i in drop else s for i, s in enumerate(shape)))
        return self._new(tuple(s for i, s in enumerate(shape) if i not in drop))

    def _nonempty(self, name, dim, index_error=False, raw_dim=False):
        """ATen's check before a max/min-like reduction: the reduced dims must not be empty
        (without ``dim``, the tensor must not be). amax/amin name the dim as given."""
        shape = self._shape
        if dim is None:
            if 0 in shape:
                message = f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
                if index_error:
                    raise IndexError(message)
                raise RuntimeError(message + " Specify the reduction dim with the 'dim' argument.")
            return
        for d in dim if isinstance(dim, (tuple, list)) else (dim,):
            at = wrap_dim(d, len(shape))
            if shape and shape[at] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {d if raw_dim else at} to have "
                                 "non-zero size.")

    def amax(self, dim=None, keepdim=False):
        self._nonempty("amax", dim, raw_dim=True)
        return self._reduce(dim, keepdim)

    def amin(self, dim=None, keepdim=False):
        self._nonempty("amin", dim, raw_dim=True)
        return self._reduce(dim, keepdim)

    def sum(self, dim=None, keepdim=False, dtype=None):
        """Integers and bool add up as int64 unless ``dtype`` says otherwise."""
        out = self._reduce(dim, keepdim)
        out.dtype = dtype or (self.dtype if self.dtype.is_floating_point else DTYPES["int64"])
        return out

    prod = sum

    def mean(self, dim=None, keepdim=False, dtype=None):
        """Defined for floating-point tensors (or with a floating ``dtype``) only."""
        if dtype is None and not self.dtype.is_floating_point:
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {_dtypes.scalar_name(self.dtype)}")
        out = self._reduce(dim, keepdim)
        out.dtype = dtype or self.dtype
        return out

    def std(self, dim=None, unbiased=True, keepdim=False, *, correction=None):
        """Also PyTorch's ``std(unbiased)`` overload: a bool first argument reduces everything."""
        if isinstance(dim, bool):
            dim = None
        if not self.dtype.is_floating_point:
            raise RuntimeError("std and var only support floating point and complex dtypes")
        return self._reduce(dim, keepdim)

    var = std

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """A vector norm over ``dim`` (every element without it): a reduction, floating point
        only. The nuclear norm (a matrix norm) is not modelled."""
        if p == "nuc":
            raise NotImplementedError("norm(p='nuc') (the nuclear norm) is not modelled by "
                                      "ConvDims")
        if not self.dtype.is_floating_point:
            raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor "
                               f"as input. Got {_dtypes.scalar_name(self.dtype)}")
        out = self._reduce(dim, keepdim)
        if dtype is not None:
            out.dtype = dtype
        return out

    def _max_or_min(self, name, dim, keepdim):
        if isinstance(dim, Tensor):
            return self._binary(dim)
        self._nonempty(name, dim)
        if dim is None:
            return self._new(())
        out = self._reduce(dim, keepdim)
        return _RETURN_TYPES[name](out, make(out.shape, DTYPES["int64"], self.device))

    def max(self, dim=None, keepdim=False):
        return self._max_or_min("max", dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return self._max_or_min("min", dim, keepdim)

    def _arg(self, name, dim, keepdim):
        self._nonempty(name, dim, index_error=True)
        out = self._reduce(dim, keepdim)
        out.dtype = DTYPES["int64"]
        return out

    def argmax(self, dim=None, keepdim=False):
        return self._arg("argmax", dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return self._arg("argmin", dim, keepdim)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        """``(values, indices)``: dimension ``dim`` keeps ``k`` of its entries (0 to its size)."""
        d = wrap_dim(dim, self.dim())
        shape = list(self._shape)
        if not 0 <= k <= (shape[d] if shape else 1):
            raise RuntimeError("selected index k out of range")
        if shape:
            shape[d] = k
        return _RETURN_TYPES["topk"](self._new(tuple(shape)),
                                     make(tuple(shape), DTYPES["int64"], self.device))

    def _pointwise(self, shape, src=None, *others):
        """An elementwise op's result on this tensor and ``others`` (tensors): laid out as
        PyTorch lays it out (:func:`pointwise_strides`)."""
        new = self._new(shape, src, *others)
        new._strides = pointwise_strides(shape, (self,) + tuple(o for o in others if isinstance(o, Tensor)))
        return new

    def _same(self, *args, **kwargs):
        return self._pointwise(self._shape, self._src)

    relu = abs = sign = _same
    relu_ = sigmoid_ = tanh_ = abs_ = _same

    def _floating(self, *args, **kwargs):
        """A floating-point function: integer and bool tensors give the default dtype."""
        new = self._pointwise(self._shape, self._src)
        new.dtype = _dtypes.floating_result(self.dtype)
        return new

    sigmoid = tanh = exp = log = sqrt = sin = cos = _floating

    def softmax(self, dim=None, dtype=None):
        from .nn import functional as F
        return F.softmax(self, dim, dtype=dtype)

    def log_softmax(self, dim=None, dtype=None):
        from .nn import functional as F
        return F.log_softmax(self, dim, dtype=dtype)

    def _binary(self, other):
        if not isinstance(other, Tensor) and type(other) not in (int, float, bool):
            other = _operand(other)
            if other is NotImplemented:
                return NotImplemented
        if isinstance(other, Tensor):
            new = self._pointwise(broadcast_shapes(self._shape, other._shape), None, other)
            if other.dtype is not self.dtype:
                new.dtype = _dtypes.result_type(self, other)
            return new
        new = self._pointwise(self._shape, self._src)
        if not (self.dtype.is_floating_point or type(other) is int and self.dtype.name != "bool"):
            new.dtype = _dtypes.result_type(self, other)
        return new

    def _divide(self, other, rounding_mode=None):
        """``/`` is true division (integers give the default float dtype); ``//`` and a
        ``rounding_mode`` keep the promoted dtype."""
        new = self._binary(other)
        if new is NotImplemented:
            return new
        if rounding_mode is None:
            new.dtype = _dtypes.floating_result(new.dtype)
        return new

    def _inplace(self, other):
        if not isinstance(other, Tensor) and type(other) not in (int, float, bool) \
                and _operand(other) is NotImplemented:
            return NotImplemented
        if not self.dtype.is_floating_point:
            _values.forget()
        if isinstance(other, Tensor):
            out = broadcast_shapes(self._shape, other._shape)
            if out != tuple(self._shape):
                raise RuntimeError(
                    f"output with shape {list(self._shape)} doesn't match the broadcast shape "
                    f"{list(out)}")
        _cast_to(_dtypes.result_type(self, other), self.dtype)
        return self

    def _inplace_divide(self, other):
        _cast_to(_dtypes.floating_result(_dtypes.result_type(self, other)), self.dtype)
        return self._inplace(other)

    def _compare(self, other):
        out = self._binary(other)
        if out is not NotImplemented:
            out.dtype = DTYPES["bool"]
        return out

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __and__ = __or__ = __xor__ = _compare
    eq, ne, lt, le = _method(_compare, "eq"), _method(_compare, "ne"), _method(_compare, "lt"), _method(_compare, "le")
    gt, ge = _method(_compare, "gt"), _method(_compare, "ge")
    logical_and, logical_or = _method(_compare, "logical_and"), _method(_compare, "logical_or")
    __hash__ = object.__hash__

    def __invert__(self):
        return self._pointwise(self._shape)

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _binary
    __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _binary
    __truediv__ = __rtruediv__ = _divide
    __mod__ = _binary
    __iadd__ = __isub__ = __imul__ = _inplace
    __itruediv__ = _inplace_divide
    # As methods, an operand PyTorch does not take is a TypeError, not NotImplemented
    add, sub, mul = _method(_binary, "add"), _method(_binary, "sub"), _method(_binary, "mul")
    maximum, minimum, pow = _method(_binary, "maximum"), _method(_binary, "minimum"), _method(_binary, "pow")
    div, divide = _method(_divide, "div"), _method(_divide, "divide")
    true_divide = _method(_divide, "true_divide")
    add_, sub_, mul_ = _method(_inplace, "add_"), _method(_inplace, "sub_"), _method(_inplace, "mul_")
    div_ = _method(_inplace_divide, "div_")

    def __pos__(self):
        return self._pointwise(self._shape)

    __abs__ = __pos__

    def __neg__(self):
        if self.dtype.name == "bool":
            raise RuntimeError(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
                "to invert a mask, use the `~` or `logical_not()` operator instead.")
        return self._pointwise(self._shape)

    def neg(self):
        return -self

    negative = neg

    def __matmul__(self, other):
        from .nn import functional as F
        return F.matmul(self, other)

    matmul = __matmul__

    def mm(self, mat2):
        from .nn import functional as F
        return F.mm(self, mat2)

    def bmm(self, mat2):
        from .nn import functional as F
        return F.bmm(self, mat2)

    def mv(self, vec):
        from .nn import functional as F
        return F.mv(self, vec)

    def __rmatmul__(self, other):
        from .nn import functional as F
        return F.matmul(other, self)


class _Storage:
    """``tensor.untyped_storage()``: its size in bytes (what torchinfo's input size adds)."""

    __slots__ = ("_base",)

    def __init__(self, base):
        self._base = base

    def nbytes(self):
        return self._base.numel() * self._base.element_size()

    def size(self):
        return self.nbytes()


def _cast_to(result, out):
    """An in-place op stores its result in its own tensor: a higher category cannot go there."""
    if (result.is_floating_point and not out.is_floating_point
            or result.name != "bool" and out.name == "bool"):
        raise RuntimeError(f"result type {_dtypes.scalar_name(result)} can't be cast to the "
                           f"desired output type {_dtypes.scalar_name(out)}")


_object_new = object.__new__


def _options(dtype):
    return (f"TensorOptions(dtype={_dtypes.c_name(dtype)}, device=cpu, layout=Strided, "
            "requires_grad=false (default), pinned_memory=false (default), "
            "memory_format=(nullopt))")


def _alias_other(t, other, dtype):
    """``torch.FloatTensor(x)``: the legacy constructor's ``(Tensor other)`` form, a view of
    ``x`` (its shape, strides and autograd: not a leaf when ``x`` requires grad), allowed
    only when ``x`` already has the class's dtype."""
    want = DEFAULT["dtype"] if dtype is None else dtype
    if other.dtype != want:
        raise TypeError(f"expected {_options(want)} (got {_options(other.dtype)})")
    _fill(t, other._shape, want, other.device, False, other._src)
    t._strides = other._strides
    if other._requires_grad is not False:
        t._requires_grad, t._leaf = other._requires_grad, False


def _fill(t, shape, dtype, device, requires_grad, src):
    """Set every slot; ``requires_grad`` ``None`` marks an op's result (see ``make``)."""
    t._strides = None
    t._shape = shape
    t.dtype = DEFAULT["dtype"] if dtype is None else dtype
    t.device = CPU if device is None else device
    if requires_grad is None:  # an op's result: see Tensor._result
        t._requires_grad, t._leaf = (False if not GRAD["enabled"] else None), False
    else:
        if requires_grad and not t.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t._requires_grad, t._leaf = bool(requires_grad), True
        if requires_grad:
            GRAD["any"] = True
    t._src = src
    return t


def make(shape, dtype=None, device=None, requires_grad=None, src=None, cls=Tensor):
    """The internal constructor: a shape-only tensor of ``shape`` (no checks).

    Factories pass ``requires_grad`` (a leaf); operations leave it ``None``: False under
    ``no_grad()``, else not known (``Tensor._result``). A float among the sizes (a layer
    argument written with Python 3's ``/`` that no parse caught: a conv's stride, a pad) is
    refused: PyTorch stops at that call with a TypeError, never makes such a shape.
    """
    if type(shape) is not Size and not _INTS.issuperset(map(type, shape)) and any(
            isinstance(v, float) for v in shape):
        raise NotImplementedError(
            f"a shape of {list(shape)}: a float argument (Python 3's `/` gives floats) reached "
            f"this call, where PyTorch stops with a TypeError whose wording ConvDims does not "
            f"reproduce; sizes, strides, paddings and kernel sizes must be ints")
    return _fill(_object_new(cls), shape if type(shape) is Size else Size(shape), dtype, device,
                 requires_grad, src)


NUMPY_TYPES = ("float64", "float32", "float16", "complex64", "complex128", "int64", "int32", "int16",
               "int8", "uint64", "uint32", "uint16", "uint8", "bool")


def is_numpy(x):
    """A numpy array or numpy scalar (checked without importing numpy)."""
    return type(x).__module__ == "numpy" and hasattr(x, "shape") and hasattr(x, "dtype")


def numpy_info(a):
    """``(shape, dtype)`` of a numpy array or scalar as PyTorch converts it."""
    name = str(a.dtype)
    if name not in NUMPY_TYPES:
        raise TypeError(f"can't convert np.ndarray of type numpy.{a.dtype.type.__name__}. The only "
                        "supported types are: float64, float32, float16, complex64, complex128, int64, "
                        "int32, int16, int8, uint64, uint32, uint16, uint8, and bool.")
    if name not in DTYPES:
        raise NotImplementedError(f"a torch.{name} tensor (from a numpy {name} array): ConvDims does "
                                  "not model this dtype")
    return tuple(int(d) for d in a.shape), DTYPES[name]


def _operand(x):
    """The other operand of an elementwise op: a numpy scalar is a Python number, as PyTorch
    takes it. A numpy array is refused: PyTorch hands that operation to numpy (numpy's
    broadcasting, dtypes and errors, the result wrapped back into a tensor), which ConvDims does
    not follow. A value a missing library computed raises (it has no shape to broadcast)."""
    if is_numpy(x):
        if x.shape:
            raise NotImplementedError(
                "arithmetic between a tensor and a numpy array: PyTorch hands it to numpy, which "
                "ConvDims does not follow; convert the array first (torch.from_numpy(a) or "
                "torch.tensor(a))")
        return x.item()
    if isinstance(x, complex):
        raise NotImplementedError("a complex operand: ConvDims does not model complex tensors")
    if isinstance(x, numbers.Real):
        return float(x)
    if hasattr(x, "__len__") and not isinstance(x, (list, tuple, str, dict, Size)):
        len(x)  # a value a missing library computed raises here, naming its line
    return NotImplemented  # a list, None, a string...: Python raises its TypeError, as with torch


def _scalar_dtype(item):
    """The dtype one element of torch.tensor's data stands for (PyTorch's infer_scalar_type)."""
    if isinstance(item, Tensor):
        if item.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return item.dtype
    if is_numpy(item):  # before Python numbers: numpy.float64 is a float
        return numpy_info(item)[1]
    if isinstance(item, (bool, int, float)):
        return _dtypes.result_type(item)
    if isinstance(item, str):
        raise TypeError("new(): invalid data type 'str'")
    if item is None or not hasattr(item, "__len__"):
        raise RuntimeError(f"Could not infer dtype of {type(item).__name__}")
    len(item)  # a value a missing library computed raises here, naming its line
    raise RuntimeError(f"Could not infer dtype of {type(item).__name__}")


def data_info(data):
    """``(shape, dtype)`` of ``torch.tensor(data)``, read as PyTorch reads it
    (torch/csrc/utils/tensor_new.cpp): the sizes follow the first element at each depth (a numpy
    array adds its whole shape); every sequence must then have that length ("expected sequence
    of length 2 at dim 1 (got 1)"); tensors inside a list are single values; the dtype is the
    promotion of every element's (Python float: the default dtype; int: int64; empty: float)."""
    if isinstance(data, Tensor):
        return data._shape, data.dtype
    if is_numpy(data):
        return numpy_info(data)
    sizes, probe = [], data
    while True:
        if is_numpy(probe):
            sizes.extend(int(d) for d in probe.shape)
            break
        if not isinstance(probe, (list, tuple, range)):
            break
        sizes.append(len(probe))
        if not probe:
            break
        probe = probe[0]
    found = None

    def walk(obj, dim):
        nonlocal found
        if dim < len(sizes):
            if is_numpy(obj):
                shape, dtype = numpy_info(obj)
                for i, n in enumerate(shape):
                    if n != sizes[dim + i]:
                        raise ValueError(f"expected sequence of length {sizes[dim + i]} at dim {dim + i} (got {n})")
                found = dtype if found is None else _dtypes.promote_types(found, dtype)
                return
            if not isinstance(obj, (list, tuple, range)):
                if hasattr(obj, "__len__") and not isinstance(obj, (str, Tensor)):
                    len(obj)  # a missing library's value raises here
                raise TypeError("not a sequence")
            if len(obj) != sizes[dim]:
                raise ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} (got {len(obj)})")
            for item in obj:
                walk(item, dim + 1)
            return
        if isinstance(obj, (list, tuple, range)):
            integral = found is not None and not found.is_floating_point
            raise TypeError(f"'{type(obj).__name__}' object cannot be interpreted as an integer" if integral
                            else f"must be real number, not {type(obj).__name__}")
        dtype = _scalar_dtype(obj)
        found = dtype if found is None else _dtypes.promote_types(found, dtype)

    walk(data, 0)
    return tuple(sizes), found


class _ReturnType(tuple):
    """``(values, indices)`` from ``max(dim)``, ``min(dim)``, ``topk``: a
    ``torch.return_types.<op>``, also readable as ``.values`` / ``.indices``."""

    __slots__ = ()

    def __new__(cls, values, indices):
        return tuple.__new__(cls, (values, indices))

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return (f"torch.return_types.{type(self).__name__}(\nvalues={self[0]!r},\n"
                f"indices={self[1]!r})")

    def __getattr__(self, name):
        # PyTorch's structseq type is named "torch.return_types.max" in its errors
        raise AttributeError(f"'torch.return_types.{type(self).__name__}' object has no "
                             f"attribute '{name}'")


_RETURN_TYPES = {name: type(name, (_ReturnType,), {"__slots__": (),
                                                   "__module__": "torch.return_types"})
                 for name in ("max", "min", "topk")}


def _infer_unflatten(size, sizes, dim):
    holes = [i for i, s in enumerate(sizes) if s == -1]
    known = math.prod(s for s in sizes if s != -1)
    if len(holes) == 1 and known and size % known == 0:
        sizes = tuple(size // known if s == -1 else s for s in sizes)
    if math.prod(sizes) != size:
        raise RuntimeError(
            f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim "
            f"{dim} ({size}) in the input tensor")
    return sizes


from . import _index_ops  # noqa: E402 (its ops read this module's names)

for _name in ("gather", "scatter", "scatter_", "scatter_add", "scatter_add_", "index_select",
              "repeat_interleave", "multinomial"):
    setattr(Tensor, _name, getattr(_index_ops, _name))


def _forgetting(method):
    """An in-place method: on an integer tensor, every known value is forgotten first (a view
    may share the memory it changes; see ``_values``)."""
    def inplace(self, *args, **kwargs):
        if not self.dtype.is_floating_point:
            _values.forget()
        return method(self, *args, **kwargs)
    inplace.__name__ = method.__name__
    inplace.__doc__ = method.__doc__
    return inplace


def _mapping(op, fn, shift=None):
    """``op`` (elementwise, with a Python int) carrying an integer tensor's known values
    through ``fn`` (``shift``: the constant it adds, if that is all it does)."""
    def method(self, other, *args, **kwargs):
        new = op(self, other, *args, **kwargs)
        if type(other) is int and not args and not kwargs and isinstance(new, Tensor) \
                and _values.has(self):
            _values.mapped(self, new, lambda v: fn(v, other), shift and shift(other))
        return new
    method.__name__ = getattr(op, "__name__", "op")
    return method


def _mapping_inplace(op, fn, shift=None):
    """The in-place form: every known value is forgotten (a view may share the memory), then
    this tensor's own are set from what they were."""
    def method(self, other, *args, **kwargs):
        known = _values._get(self) if _values.has(self) else None
        out = op(self, other, *args, **kwargs)
        if known is not None and out is self and type(other) is int and not args and not kwargs:
            _values.mapped(self, self, lambda v: fn(v, other), shift and shift(other), known)
        return out
    method.__name__ = getattr(op, "__name__", "op")
    return method


def _clamped(v, low, high):
    return v if (low is None or v >= low) and (high is None or v <= high) else (
        low if low is not None and v < low else high)


def _clamp(self, min=None, max=None):
    """The tensor and any tensor bounds broadcast together; the dtype is theirs and the
    bounds' promoted, as for ``+`` (an int tensor clamped at 0.5 is float, a bool one int64)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if isinstance(b, Tensor)]
    shape = self._shape
    for b in bounds:
        shape = broadcast_shapes(shape, b.shape)
    new = self._pointwise(tuple(shape), self._src, *bounds)
    new.dtype = _dtypes.result_type(self, *(b for b in (min, max) if b is not None))
    if new.dtype == self.dtype and isinstance(min, (int, type(None))) and isinstance(max, (int, type(None))) \
            and not isinstance(min, bool) and not isinstance(max, bool) and _values.has(self):
        _values.mapped(self, new, lambda v: _clamped(v, min, max))
    return new


def _clamp_(self, min=None, max=None):
    """In place: the bounds must broadcast to the tensor, and its dtype must hold the result."""
    out = _clamp(self, min, max)
    if tuple(out.shape) != tuple(self._shape):
        raise RuntimeError(f"output with shape {list(self._shape)} doesn't match the broadcast "
                           f"shape {list(out.shape)}")
    if _dtypes._category(out.dtype) > _dtypes._category(self.dtype):  # float into int, int into bool
        raise RuntimeError(f"result type {_dtypes.scalar_name(out.dtype)} can't be cast to the "
                           f"desired output type {_dtypes.c_name(self.dtype)}")
    if not self.dtype.is_floating_point:
        _values.forget()
    return self


Tensor.clamp = Tensor.clip = _clamp
Tensor.clamp_ = Tensor.clip_ = _clamp_
Tensor.clamp_min = lambda self, min: _clamp(self, min=min)
Tensor.clamp_max = lambda self, max: _clamp(self, max=max)
for _names, _fn, _shift in (
        (("__add__", "__radd__", "add"), lambda v, c: v + c, lambda c: c),
        (("__sub__", "sub"), lambda v, c: v - c, lambda c: -c),
        (("__rsub__",), lambda v, c: c - v, None),
        (("__mul__", "__rmul__", "mul"), lambda v, c: v * c, None),
        (("__floordiv__",), lambda v, c: v // c if c else v, None),
        (("__mod__",), lambda v, c: v % c if c else v, None)):
    for _name in _names:
        setattr(Tensor, _name, _mapping(getattr(Tensor, _name), _fn, _shift))
for _names, _fn, _shift in (
        (("__iadd__", "add_"), lambda v, c: v + c, lambda c: c),
        (("__isub__", "sub_"), lambda v, c: v - c, lambda c: -c),
        (("__imul__", "mul_"), lambda v, c: v * c, None)):
    for _name in _names:
        setattr(Tensor, _name, _mapping_inplace(getattr(Tensor, _name), _fn, _shift))

for _name in [n for n in vars(Tensor) if n.endswith("_") and not n.startswith("_")
              and n not in ("zero_", "fill_", "random_", "requires_grad_", "add_", "sub_", "mul_")]:
    setattr(Tensor, _name, _forgetting(getattr(Tensor, _name)))
