"""The ``torch`` mirror: unchanged PyTorch model code runs against shape-only tensors.

``calculator.torch`` stands for ``torch`` (``torch.nn``, ``torch.nn.functional``,
``torch.nn.init``, ``torch.optim`` ...). Tensors carry a shape, a dtype and a device, never
values; modules build parameters as shapes, so ``print(model)``, parameter counts and
forward traces match PyTorch, and shape errors are PyTorch's, each followed by its fix.
"""

import builtins as _b
import functools
import importlib
import math

from ._tensor import Size, Tensor, device, dtype, broadcast_shapes, make, wrap_dim
from . import _dtypes, _fix, _tensor, _values
from ._memory_format import (memory_format, contiguous_format, channels_last, channels_last_3d,
                             preserve_format)
from . import _memory_format
from ._einsum import einsum
from ._index_ops import gather, index_select, multinomial, repeat_interleave, scatter, scatter_add

__version__ = "2.13.0"

_DTYPES = _tensor.DTYPES
float32 = float = _DTYPES["float32"]
float64 = double = _DTYPES["float64"]
float16 = half = _DTYPES["float16"]
bfloat16 = _DTYPES["bfloat16"]
int64 = long = _DTYPES["int64"]
int32 = int = _DTYPES["int32"]
int16 = short = _DTYPES["int16"]
int8 = _DTYPES["int8"]
uint8 = _DTYPES["uint8"]
bool = _DTYPES["bool"]
_CPU = _tensor.CPU
_DEFAULT = _tensor.DEFAULT

_device = device
_SUBMODULES = ("nn", "optim", "cuda", "utils", "backends", "amp", "autograd", "accelerator")


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name == "compile":
        from ._compile import compile
        return compile
    if name == "autocast":
        from .amp import autocast
        return autocast
    raise AttributeError(f"module 'torch' has no attribute '{name}' (not supported by ConvDims)")


def _shape(args, op="empty", keyword=False, position=1):
    """The size a factory was given (``_tensor.parse_size``) as a ``torch.Size``."""
    return Size(_tensor.checked_size(_tensor.parse_size(args, op, keyword, position), op))


_FACTORY_OPTIONS = {"dtype": None, "device": None, "requires_grad": False,
                    "layout": None, "generator": None, "pin_memory": False,
                    "memory_format": None}
_LAID_OUT = ("empty",)  # the factories that take memory_format=
_RANDOM = ("rand", "randn")  # two overloads (with and without generator=)
_RANDOM_SIGNATURES = "".join(
    f" * (tuple of ints size, *, {generator}Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)\n"
    for generator in ("torch.Generator generator, ", ""))


def _type_name(value):
    """How PyTorch's argument parser names a value's type in its messages."""
    if isinstance(value, (Size, dtype, device, memory_format)):
        return f"torch.{type(value).__name__}"
    return type(value).__name__


def _factory_size(name, args, options):
    """The size of ``torch.<name>(2, 3)``, ``(2, 3)`` or ``size=(2, 3)``, or PyTorch's TypeError.

    The size comes either positionally or as the ``size`` keyword, never both and never
    neither; ``rand``/``randn`` (two overloads) word both mistakes, and several sizes that do
    not start with an int, as an invalid combination. The size itself is read as
    ``_tensor.parse_size`` says.
    """
    size = options.pop("size", None)
    unknown = sorted(set(options) - set(_FACTORY_OPTIONS)
                     | ({"memory_format"} & set(options) if name not in _LAID_OUT else set()))
    loose = len(args) > 1 and not _tensor._int_size(args[0], True)  # empty(2.0, 3)
    if not unknown and (size is None) == _b.bool(args) and not (loose and name in _RANDOM):
        return _shape(args or (size,), name, keyword=size is not None)
    if name in _RANDOM and (args or size is not None or not options):
        given = [_type_name(a) for a in args] + [
            f"{k}={_type_name(v)}" for k, v in sorted({**options, "size": size}.items())
            if v is not None]
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({', '.join(given)}), but expected one of:\n{_RANDOM_SIGNATURES}")
    if unknown and name not in _RANDOM:
        raise TypeError(f"{name}() got an unexpected keyword argument '{unknown[0]}'")
    if args:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    raise TypeError(f'{name}() missing 1 required positional arguments: "size"')


def _leaf(shape, options):
    """A new tensor of ``shape`` made by a factory called with ``options`` (its keywords)."""
    given = {**_FACTORY_OPTIONS, **options}
    t = make(shape, given["dtype"] or _DEFAULT["dtype"],
             _CPU if given["device"] is None else _device(given["device"]),
             given["requires_grad"])
    t._strides = _memory_format.strides_for(shape, given["memory_format"])
    return t


def _factory(name):
    def factory(*args, **options):
        t = _leaf(_factory_size(name, args, options), options)
        if name in ("zeros", "ones"):
            _values.constant(t, 1 if name == "ones" else 0, f"torch.{name}(...)")
        return t
    factory.__name__ = name
    return factory


randn, rand, zeros, ones, empty = (_factory(n) for n in ("randn", "rand", "zeros", "ones", "empty"))


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    """The fill value's type gives the dtype: bool, int64, or the default float dtype."""
    t = make(_shape((size,), "full"), dtype or _dtypes.result_type(fill_value), None,
             requires_grad)
    return _values.constant(t, fill_value, f"torch.full(..., {fill_value!r})")


_RANDINT_SIGNATURES = "".join(
    f" * ({bounds}, tuple of ints size, *, {generator}Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
    "bool pin_memory = False, bool requires_grad = False)\n"
    for bounds in ("int high", "int low, int high")
    for generator in ("torch.Generator generator, ", ""))


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, **options):
    """``torch.randperm(n)``: the integers 0 to n - 1, each once, in a random order."""
    t = make(_shape((n,), "randperm"), dtype or int64, device, requires_grad)
    return _values.permuted(t, n)


def randint(low, high=None, size=None, *, dtype=None, device=None, generator=None,
            requires_grad=False):
    """``randint(high, size)`` or ``randint(low, high, size)``. A size whose first element is
    no int is, as PyTorch words it, a wrong ``size`` at position 2 in the first form
    (``randint(5, (2.0, 3))``) and an invalid combination of arguments in the second."""
    position = 3
    if size is None:
        low, high, size, position = 0, low, high, 2
    elif high is None:
        low, high = 0, low
    if (position == 3 and isinstance(size, (tuple, list)) and size
            and not _tensor._int_size(size[0], True)):
        got = ", ".join(_type_name(a) for a in (low, high, size))
        raise TypeError(f"randint() received an invalid combination of arguments - got ({got}), "
                        f"but expected one of:\n{_RANDINT_SIGNATURES}")
    t = make(_shape((size,), "randint", position=position), dtype or int64, None, requires_grad)
    return _values.drawn(t, low, high, f"torch.randint({low}, {high}, ...)")


_NORMAL_SIGNATURES = (
    " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")


def normal(*args, **options):
    """``torch.normal``: the broadcast shape of tensor ``mean``/``std``, or ``size`` when both
    are numbers (d2l.ai's ``torch.normal(0, 1, (3, 3, 3))``); else PyTorch's TypeError."""
    given = dict(zip(("mean", "std", "size"), args))
    keywords = dict(options)
    for name in ("mean", "std", "size"):
        if name in options and name not in given:
            given[name] = options.pop(name)
    tensors = [t for t in (given.get("mean"), given.get("std")) if isinstance(t, Tensor)]
    if set(options) <= {"generator"} and tensors and "size" not in given and (
            "std" in given or isinstance(given.get("mean"), Tensor)):
        shapes = [t.shape for t in tensors]
        shape = shapes[0] if len(shapes) == 1 else broadcast_shapes(*shapes)
        new = make(shape, tensors[0].dtype, tensors[0].device)
        if _tensor.GRAD["enabled"]:  # mean and std are its only inputs
            new._requires_grad = _b.any(t.requires_grad for t in tensors)
        return new
    if len(args) == 1 and not keywords and not tensors:
        raise TypeError(f"normal(): argument 'mean' (position 1) must be Tensor, "
                        f"not {_type_name(args[0])}")
    if (set(options) <= set(_FACTORY_OPTIONS) and not tensors and len(given) == 3
            and isinstance(given["size"], (tuple, list))):
        return _leaf(_shape((given["size"],), "normal"), options)
    got = [_type_name(a) for a in args] + [f"{k}={_type_name(v)}"
                                           for k, v in sorted(keywords.items())]
    raise TypeError(f"normal() received an invalid combination of arguments - got "
                    f"({', '.join(got)}), but expected one of:\n{_NORMAL_SIGNATURES}")


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    n = _b.max(0, math.ceil((end - start) / step))
    floating = _b.any(isinstance(v, _b.float) for v in (start, end, step))
    t = make((n,), dtype or (_DEFAULT["dtype"] if floating else int64), None, requires_grad)
    return _values.arange(t, start, end, step)


def movedim(input, source, destination):
    return input.movedim(source, destination)


moveaxis = movedim


def narrow(input, dim, start, length):
    return input.narrow(dim, start, length)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    """``steps`` points from ``start`` to ``end``: floating point (the default dtype) unless
    ``dtype`` says otherwise."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return make((steps,), dtype or _DEFAULT["dtype"], None, requires_grad)


def cumsum(input, dim, *, dtype=None):
    return input.cumsum(dim, dtype=dtype)


def round(input, *, decimals=0):
    return input.round(decimals)


def tensor(data, *, dtype=None, device=None, requires_grad=False):
    shape, found = _tensor.data_info(data)
    t = make(shape, dtype or found or _DEFAULT["dtype"], None, requires_grad)
    return _values.from_data(t, data)


def as_tensor(data, dtype=None, device=None):
    """``torch.as_tensor``: a tensor is returned as it is (converted when ``dtype`` differs)."""
    if isinstance(data, Tensor) and (dtype is None or dtype is data.dtype):
        return data
    return tensor(data, dtype=dtype)


def from_numpy(ndarray):
    """``torch.from_numpy``: the array's shape and dtype (numpy arrays only)."""
    if not _tensor.is_numpy(ndarray):
        if hasattr(ndarray, "__len__") and not isinstance(ndarray, (list, tuple, str)):
            len(ndarray)  # a missing library's value raises here, naming its line
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    shape, dtype = _tensor.numpy_info(ndarray)
    return make(shape, dtype, None, False)


def _like(t, dtype=None, device=None, requires_grad=False, memory_format=preserve_format):
    """``torch.zeros_like`` and friends: by default laid out as ``t`` (if dense)."""
    new = make(t.shape, dtype or t.dtype, t.device, requires_grad)
    new._strides = _memory_format.requested(t, memory_format)
    return new


randn_like = rand_like = empty_like = _like


def zeros_like(input, **options):
    return _values.constant(_like(input, **options), 0, "torch.zeros_like(...)")


def ones_like(input, **options):
    return _values.constant(_like(input, **options), 1, "torch.ones_like(...)")


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False,
              memory_format=preserve_format):
    """The fill value changes no dtype: it is ``input``'s unless ``dtype=`` says otherwise."""
    return _values.constant(_like(input, dtype, device, requires_grad, memory_format), fill_value,
                            f"torch.full_like(..., {fill_value!r})")


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(t):
    return t.numel()


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


def reshape(input, shape):
    return input._reshape_to(_tensor.parse_size((shape,), "reshape", position=2, arg="shape"))


def permute(input, dims):
    return input.permute(dims)


def transpose(input, dim0, dim1):
    return input.transpose(dim0, dim1)


def squeeze(input, dim=None):
    return input.squeeze(dim)


def unsqueeze(input, dim):
    return input.unsqueeze(dim)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    return input.mean(dim, keepdim, dtype=dtype)


def sum(input, dim=None, keepdim=False, *, dtype=None):
    return input.sum(dim, keepdim, dtype=dtype)


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    if out is not None:  # given by position (by keyword, _refusing_out stops it first)
        raise NotImplementedError(_OUT_REFUSED.format(name="norm"))
    return input.norm(p, dim, keepdim, dtype)


def std(input, *args, **kwargs):
    return input.std(*args, **kwargs)


def var(input, *args, **kwargs):
    return input.var(*args, **kwargs)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    return input.prod(dim, keepdim, dtype=dtype)


def amax(input, dim=None, keepdim=False):
    return input.amax(dim, keepdim)


def amin(input, dim=None, keepdim=False):
    return input.amin(dim, keepdim)


def max(input, dim=None, keepdim=False):
    return input.max(dim, keepdim)


def min(input, dim=None, keepdim=False):
    return input.min(dim, keepdim)


def topk(input, k, dim=-1, largest=True, sorted=True):
    return input.topk(k, dim, largest, sorted)


def argmax(input, dim=None, keepdim=False):
    return input.argmax(dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return input.argmin(dim, keepdim)


def add(input, other, *, alpha=1):
    return input + other if isinstance(input, Tensor) else other + input


def _elementwise(input, *args, **kwargs):
    return input._pointwise(input.shape)


relu = abs = sign = _elementwise


def clamp(input, min=None, max=None):
    return input.clamp(min, max)


clip = clamp


def clamp_min(input, min):
    return input.clamp(min=min)


def clamp_max(input, max):
    return input.clamp(max=max)


def _floating(name):
    def function(input, *args, **kwargs):
        return getattr(input, name)()
    function.__name__ = name
    return function


sigmoid, tanh, exp, log, sqrt, sin, cos = (
    _floating(n) for n in ("sigmoid", "tanh", "exp", "log", "sqrt", "sin", "cos"))


def softmax(input, dim=None, dtype=None):
    return input.softmax(dim, dtype)


def log_softmax(input, dim=None, dtype=None):
    return input.log_softmax(dim, dtype)


def mul(input, other):
    """``torch.mul`` / ``sub`` / ``maximum`` ...: the two shapes broadcast."""
    return input * other if isinstance(input, Tensor) else other * input


sub = subtract = multiply = maximum = minimum = mul


def pow(input, exponent):
    """``torch.pow``: ``input ** exponent`` (either may be a number), broadcast."""
    return input ** exponent if isinstance(input, Tensor) else exponent.__rpow__(input)


def div(input, other, *, rounding_mode=None):
    """True division (integers give the default float dtype) unless ``rounding_mode``."""
    if isinstance(input, Tensor):
        return input.div(other, rounding_mode=rounding_mode)
    return other.__rtruediv__(input) if rounding_mode is None else other.__rfloordiv__(input)


divide = true_divide = div


def matmul(input, other):
    return input @ other


def mm(input, mat2):
    return input.mm(mat2)


spmm = mm


def bmm(input, mat2):
    return input.bmm(mat2)


def mv(input, vec):
    return input.mv(vec)


def _comparison(name):
    def function(input, other):
        return getattr(input, name)(other)
    function.__name__ = name
    return function


eq, ne, lt, le, gt, ge = (_comparison(n) for n in ("eq", "ne", "lt", "le", "gt", "ge"))
less, less_equal, greater, greater_equal = lt, le, gt, ge
logical_and, logical_or = _comparison("logical_and"), _comparison("logical_or")


def diag(input, diagonal=0):
    return input.diag(diagonal)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, **options):
    """``torch.eye(n, m=n)``: an n × m matrix."""
    return make(_shape((n, n if m is None else m), "eye"), dtype, device, requires_grad)


def where(condition, input=None, other=None):
    """``torch.where(cond, a, b)``: the three shapes broadcast together; the dtype is
    ``a`` and ``b`` promoted as for ``a + b`` (``torch.where(cond, 1, 0)`` is int64).
    ``torch.where(cond)`` alone is ``nonzero``: how many indices it gives depends on the values."""
    if input is None and other is None:
        return condition._needs_values("torch.where(condition) (the indices where it holds)")
    shape = condition.shape
    for t in (input, other):
        if isinstance(t, Tensor):
            shape = broadcast_shapes(shape, t.shape)
    like = input if isinstance(input, Tensor) else other if isinstance(other, Tensor) else condition
    out = make(shape, _dtypes.result_type(input, other), like.device)
    out._strides = _tensor.pointwise_strides(shape, [t for t in (condition, input, other) if isinstance(t, Tensor)])
    return out


def tril(input, diagonal=0):
    return input.tril(diagonal)


def triu(input, diagonal=0):
    return input.triu(diagonal)


def chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def t(input):
    return input.t()


def neg(input):
    return -input


negative = neg


def unflatten(input, dim, sizes):
    return input.unflatten(dim, sizes)


def swapaxes(input, axis0, axis1):
    return input.transpose(axis0, axis1)


swapdims = swapaxes


def remainder(input, other):
    return input % other


def floor_divide(input, other):
    return input // other


def _predicate(name):
    def function(input):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        return getattr(input, name)()
    function.__name__ = name
    return function


isnan, isfinite, logical_not = (_predicate(n) for n in ("isnan", "isfinite", "logical_not"))


def unbind(input, dim=0):
    return input.unbind(dim)


def flip(input, dims):
    return input.flip(dims)


def split(tensor, split_size_or_sections, dim=0):
    return tensor.split(split_size_or_sections, dim)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """Distances between the rows of ``x1`` and ``x2``: batch dims broadcast, then (r1, r2)."""
    for name, t in (("X1", x1), ("X2", x2)):
        if t.dim() < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {t.dim()}D")
    for name, t in (("X1", x1), ("X2", x2)):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{_dtypes.scalar_name(t.dtype)}")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} "
                           f"X2: {x2.shape[-1]}")
    batch = broadcast_shapes(tuple(x1.shape[:-2]), tuple(x2.shape[:-2]))
    return x1._new(tuple(batch) + (x1.shape[-2], x2.shape[-2]), None, x2)


def _cat_fix(tensors, dim, d, i):
    """Where tensor ``i`` differs from tensor 0 outside ``d``. Concatenating along another
    dimension k is offered only when every tensor matches tensor 0 in all dimensions but k."""
    first, t = tensors[0].shape, tensors[i].shape
    axes = [a for a in range(len(first)) if a != d and t[a] != first[a]]
    where = (f"dimension {axes[0]}" if len(axes) == 1 else
             "dimensions " + ", ".join(map(str, axes[:-1])) + f" and {axes[-1]}")
    sizes = " × ".join(str(first[a]) for a in axes)
    if axes == [0]:  # joined along features: the batch sizes differ
        return (f"torch.cat(..., dim={dim}) joins along dimension {d}; tensor 0 is {list(first)} "
                f"and tensor {i} is {list(t)}: {first[0]} and {t[0]} samples. A tensor made "
                f"with the batch size written as a number (a class token or a hidden state "
                f"expanded to a fixed batch) must follow the input's: build it from x.size(0), "
                f"e.g. token.expand(x.size(0), -1, -1); a DataLoader's last batch may also be "
                f"smaller (drop_last=True).")
    text = (f"torch.cat(..., dim={dim}) joins along dimension {d} only; tensor 0 is "
            f"{list(first)} and tensor {i} is {list(t)}, which differ in {where}. Make them "
            f"equal there (e.g. crop, pad or resize one branch to {sizes})")
    k = axes[0]
    if len(axes) == 1 and _b.all(u.shape[a] == first[a] for u in tensors
                                 for a in range(len(first)) if a != k):
        return text + f", or concatenate along dimension {k}."
    return text + "."


def cat(tensors, dim=0):
    """``torch.cat``: sizes must match except along ``dim``, which adds up."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if isinstance(t, Tensor) and not t.shape:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    first = tensors[0]
    nd = len(first.shape)
    for i, t in enumerate(tensors[1:], 1):
        if len(t.shape) != nd:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {nd} and {len(t.shape)}")
    d = wrap_dim(dim, nd)
    for i, t in enumerate(tensors[1:], 1):
        for axis in range(nd):
            if axis != d and t.shape[axis] != first.shape[axis]:
                raise _fix.error(
                    RuntimeError,
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{first.shape[axis]} but got size {t.shape[axis]} for tensor number {i} in "
                    f"the list.",
                    _cat_fix(tensors, dim, d, i))
    shape = list(first.shape)
    shape[d] = _b.sum(t.shape[d] for t in tensors)
    out = _promoted(first._new(tuple(shape), None, *tensors[1:]), tensors)
    formats = {_memory_format.suggest(t) for t in tensors}
    if len(formats) == 1:  # channels last only when every input suggests it
        out._strides = _memory_format.strides_for(out.shape, formats.pop())
    return out


def _promoted(out, tensors):
    """``out`` in the dtype all ``tensors`` promote to (``cat`` / ``stack``)."""
    for t in tensors:
        out.dtype = _dtypes.promote_types(out.dtype, t.dtype)
    return out


concat = concatenate = cat


def meshgrid(*tensors, indexing=None):
    """``torch.meshgrid``: grid ``i`` is tensor ``i`` (0-d counts as one element) viewed along
    dimension ``i`` and expanded to all the lengths, ATen's checks in ATen's order. With
    ``indexing="xy"`` the first two tensors swap places before and their grids after, so
    the first two dimensions are (second length, first length)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{_type_name(t)}")
    if indexing is not None and not isinstance(indexing, str):
        raise TypeError(f"meshgrid(): argument 'indexing' must be str, not {_type_name(indexing)}")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if any(t.dtype != tensors[0].dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    indexing = "ij" if indexing is None else indexing
    if indexing not in ("xy", "ij"):
        raise RuntimeError('torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f"received: {indexing}")
    tensors = list(tensors)
    if indexing == "xy" and len(tensors) >= 2:
        tensors[0], tensors[1] = tensors[1], tensors[0]
    for t in tensors:
        if t.dim() > 1:
            raise NotImplementedError(
                f"torch.meshgrid of a {t.dim()}-d tensor: PyTorch's error prints the tensor's "
                "values, which ConvDims does not know (meshgrid takes 0-d or 1-d tensors)")
    shape = [t.numel() for t in tensors]
    grids = []
    for i, t in enumerate(tensors):
        view_shape = [1] * len(tensors)
        view_shape[i] = -1
        grids.append(t.view(view_shape).expand(shape))
    if indexing == "xy" and len(grids) >= 2:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def stack(tensors, dim=0):
    """``torch.stack``: equal shapes, a new dimension of size ``len(tensors)``. As ATen does
    it: a new dimension before the last is ``cat`` along it and a view (so the result keeps
    the layout ``cat`` chooses), a new last dimension is ``cat`` of the unsqueezed tensors."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    first = tensors[0]
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != first.shape:
            raise _fix.error(
                RuntimeError,
                f"stack expects each tensor to be equal size, but got {list(first.shape)} at "
                f"entry 0 and {list(t.shape)} at entry {i}",
                f"torch.stack needs identical shapes (it adds a new dimension); use torch.cat "
                f"to join along an existing dimension, or make entry {i} "
                f"{list(first.shape)}.")
    d = wrap_dim(dim, len(first.shape) + 1)
    shape = first.shape
    if d < len(shape):
        return cat(tensors, d).view(shape[:d] + (len(tensors),) + shape[d:])
    return cat([t.unsqueeze(d) for t in tensors], d)


class Generator:
    """A random-number generator: seeds change values, never shapes."""

    def __init__(self, device="cpu"):
        self.device = device

    def manual_seed(self, seed):
        return self

    def seed(self):
        return 0


def manual_seed(seed):
    return Generator()


def set_default_dtype(d):
    _DEFAULT["dtype"] = d


def get_default_dtype():
    return _DEFAULT["dtype"]


class _GradMode:
    """Grad mode for a ``with`` block or a decorated function, restored after it.

    Under grad mode off, results of operations do not require grad (``Tensor._result``).
    """

    _args = ()

    def _target(self):
        return False

    def __enter__(self):
        self._saved = _tensor.GRAD["enabled"]
        _tensor.GRAD["enabled"] = self._target()
        return self

    def __exit__(self, *exc):
        _tensor.GRAD["enabled"] = self._saved
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def with_mode(*args, **kwargs):
            with type(self)(*self._args):
                return fn(*args, **kwargs)
        return with_mode


class no_grad(_GradMode):
    """``torch.no_grad()``: a context manager and decorator."""


class enable_grad(_GradMode):
    """``torch.enable_grad()``: a context manager and decorator."""

    def _target(self):
        return True


class set_grad_enabled(_GradMode):
    """``torch.set_grad_enabled(mode)``: switches at once; a ``with`` block restores the mode
    it found, and as a decorator it switches only while the function runs."""

    def __init__(self, mode):
        self._args = (mode,)
        self._before = _tensor.GRAD["enabled"]
        _tensor.GRAD["enabled"] = _b.bool(mode)

    def _target(self):
        return self._args[0]

    def __enter__(self):
        super().__enter__()
        self._saved = self._before
        return self

    def __call__(self, fn):
        _tensor.GRAD["enabled"] = self._before
        return super().__call__(fn)


class inference_mode(_GradMode):
    """``torch.inference_mode(mode=True)``: grad mode off while in it (on when not ``mode``)."""

    def __init__(self, mode=True):
        self._args = (mode,)

    def _target(self):
        return not self._args[0]  # PyTorch: inference_mode(False) turns grad mode on

    def __enter__(self):
        self._saved_inference = _INFERENCE["enabled"]
        _INFERENCE["enabled"] = _b.bool(self._args[0])
        return super().__enter__()

    def __exit__(self, *exc):
        _INFERENCE["enabled"] = self._saved_inference
        return super().__exit__(*exc)


_INFERENCE = {"enabled": False}


def reset_state():
    """Process-wide settings back to PyTorch's start (``runner.run_script`` runs each script
    as a fresh process would): float32 by default, grad mode on, no backward run yet, not in
    inference mode."""
    _DEFAULT["dtype"] = float32
    _tensor.GRAD.update(enabled=True, backward=False, any=False)
    _tensor.GRAD_NONE.clear()
    _INFERENCE["enabled"] = False
    _values.reset()


def is_grad_enabled():
    return _tensor.GRAD["enabled"]


def is_autocast_enabled(device_type=None):
    return False  # CUDA autocast is off without a GPU; CPU autocast is refused (torch.amp)


def is_inference_mode_enabled():
    return _INFERENCE["enabled"]

FloatTensor = Tensor


def LongTensor(*data):
    """``torch.LongTensor(...)``: as ``torch.Tensor(...)`` with dtype int64."""
    return Tensor(*data, dtype=int64)


_OUT_REFUSED = ("torch.{name}(..., out=...) writes its result into a tensor the script already has, "
                 "which ConvDims does not follow: assign the result instead (y = torch.{name}(...)).")


def _refusing_out(name, fn):
    """PyTorch's ``out=`` writes a result into a tensor the script already has, resizing it:
    the mirror does not follow writes into existing tensors, so a call given ``out=`` stops by
    name (ignoring it would leave that tensor with its old shape and values); ``out=None``,
    PyTorch's default, is dropped."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if kwargs and "out" in kwargs:
            if kwargs["out"] is not None:
                raise NotImplementedError(_OUT_REFUSED.format(name=name))
            kwargs = {k: v for k, v in kwargs.items() if k != "out"}
        return fn(*args, **kwargs)
    return call


for _name, _fn in list(globals().items()):
    if (not _name.startswith("_") and callable(_fn) and not isinstance(_fn, type)
            and getattr(_fn, "__module__", "").startswith(__name__)
            and _name not in ("reset_state",)):
        globals()[_name] = _refusing_out(_name, _fn)
del _name, _fn
