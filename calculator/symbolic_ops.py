"""Operations on symbolic tensors (``keras.ops``, tensor operators, activations on tensors).

One mechanism, as in Keras (``keras/src/ops/operation.py``): an op called on symbolic
tensors creates an ``Operation`` named after its class (``Add`` -> ``add``, ``add_1`` ...,
sharing the layers' name counters), computes its output shape and dtype, and records a
``Node``, so a functional model built through it shows the op as a summary row
(``true_divide (TrueDivide)``, ``get_item (GetItem)`` ...).

Inside a subclassed layer's ``call()`` being traced (see ``calculator.core``), Keras runs
ops on backend tensors: no ``Operation`` is created and no name is used. Here the same
holds: on tracing tensors an op only computes its result's shape.

Each shape rule is one small function below; it raises Keras's exception type with the
rule and the shapes when the inputs do not fit. Ops on plain data (no symbolic tensor
among the inputs) would need values, so they are refused.
"""

import math

from . import errors
from .core import (_STATE, KerasTensor, Node, TracingTensor, Weight, auto_name, flatten,
                   normalize_axis, to_snake_case)

__all__ = ["Operation", "broadcast_shapes", "apply"]


# ------------------------------------------------------------------ the operation
class Operation:
    """One call of a tensor op: ``name``, ``_inbound_nodes`` / ``_outbound_nodes`` like a
    layer, no weights and no ``built`` (so a summary prints ``0`` params)."""

    def __init__(self, kind, spec_fn):
        self.kind = kind
        self._spec_fn = spec_fn
        self.name = auto_name(kind)
        self._inbound_nodes = []
        self._outbound_nodes = []

    def compute_output_spec(self, *args, **kwargs):
        """``(shape, dtype)`` structure for these (shape-carrying) arguments."""
        return self._spec_fn(*args, **kwargs)

    def __repr__(self):
        return f"<Operation name={self.name}>"


_OP_CLASSES = {}


def _op_class(kind):
    """The ``Operation`` subclass named as Keras's op class (a summary prints "add (Add)")."""
    cls = _OP_CLASSES.get(kind)
    if cls is None:
        cls = _OP_CLASSES[kind] = type(kind, (Operation,), {"__module__": "keras.ops"})
    return cls


#: Ops whose Keras function (torch backend) checks its arguments in Python and raises
#: ValueError; inside a traced ``call()`` every other op fails in a torch kernel, with
#: torch's RuntimeError (``calculator.tracing`` wraps it in Keras's message of that type).
KERAS_CHECKED_OPS = frozenset({"Split", "ExtractPatches", "Resize"})


def apply(kind, spec_fn, *args, **kwargs):
    """Run op ``kind`` on ``args``: symbolic tensors among them -> a node and new symbolic
    tensors; tracing tensors (inside a traced ``call()``) -> tracing tensors, no node. Plain
    values inside a traced ``call()`` (``ops.cast(self.scale, q.dtype)``) become tracing
    tensors too: Keras computes them there, and only their shape goes on."""
    leaves = flatten([args, kwargs])
    symbolic = [x for x in leaves if isinstance(x, KerasTensor)]
    if not symbolic and kind in _SCALAR_COMPARISONS and all(_is_number(x) for x in leaves):
        return Constant.of_comparison(kind, *args, **kwargs)
    if not symbolic and not any(isinstance(x, Weight) for x in leaves) and not _STATE.get(
            "tracing"):
        raise NotImplementedError(
            f"keras.ops {to_snake_case(kind)}() was called on plain values ({_describe(leaves)}): "
            "ConvDims follows shapes, not values, so ops run only on symbolic tensors "
            "(from keras.Input, or inside a layer's call()).")
    tracing = not symbolic or any(isinstance(x, TracingTensor) for x in symbolic)
    try:
        spec = spec_fn(*args, **kwargs)
    except Exception as exc:
        if tracing and kind not in KERAS_CHECKED_OPS:
            exc.traced_type = RuntimeError
        raise
    if tracing:
        outputs = _map_spec(spec, TracingTensor)
        log = _STATE.get("trace_log")
        if log is not None:  # noted (as no layer) for the receptive field through call()
            log.append((None, None, None, [x for x in leaves if isinstance(x, KerasTensor)],
                        flatten(outputs)))
        return outputs
    op = _op_class(kind)(kind, spec_fn)
    outputs = _map_spec(spec, lambda shape, dtype: KerasTensor(shape, dtype=dtype))
    Node(op, call_args=args, call_kwargs=kwargs, outputs=outputs)
    return outputs


_SCALAR_COMPARISONS = {"Equal": lambda a, b: a == b, "NotEqual": lambda a, b: a != b,
                       "Greater": lambda a, b: a > b, "GreaterEqual": lambda a, b: a >= b,
                       "Less": lambda a, b: a < b, "LessEqual": lambda a, b: a <= b}


def _is_number(x):
    return isinstance(x, (bool, int, float))


class Constant:
    """A backend tensor made from plain data (``keras.ops.convert_to_tensor(1e-9)``): its
    shape and dtype (Keras's: Python floats float32, ints int32, arrays their own), no
    values. It joins ops with symbolic tensors; anything needing its values is refused.
    A comparison of two Python numbers (``ops.equal(x.shape[-1], 64)``, a branch in model
    code) keeps its truth value, so ``if`` and ``bool()`` read it."""

    def __init__(self, value, dtype=None):
        self.shape = shape_of(value)
        self.dtype = str(dtype) if dtype is not None else _constant_dtype(value)
        self.truth = None

    @classmethod
    def of_comparison(cls, kind, x1, x2):
        result = cls(True)
        result.truth = bool(_SCALAR_COMPARISONS[kind](x1, x2))
        return result

    def __bool__(self):
        if self.truth is None:
            self._refuse()
        return self.truth

    def _refuse(self, *args):
        raise NotImplementedError(
            "ConvDims follows shapes, not values: a tensor made by keras.ops.convert_to_tensor "
            "from plain data can only be combined with symbolic tensors (from keras.Input, or "
            "inside a layer's call()).")


def _reflect_or_refuse(self, other):
    return NotImplemented if isinstance(other, KerasTensor) else self._refuse()


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul"):
    setattr(Constant, f"__{_name}__", _reflect_or_refuse)
    setattr(Constant, f"__r{_name}__", _reflect_or_refuse)
for _name in ("repr", "str", "float", "int", "array", "getitem", "iter", "neg"):
    setattr(Constant, f"__{_name}__", Constant._refuse)


def _constant_dtype(value):
    leaves = flatten(value) if isinstance(value, (list, tuple)) else [value]
    if not all(isinstance(v, (bool, int, float)) for v in leaves):
        return dtype_of_tensor(value)
    if all(isinstance(v, bool) for v in leaves):
        return "bool"
    return "float32" if any(isinstance(v, float) for v in leaves) else "int32"


def _describe(leaves):
    kinds = sorted({type(x).__name__ for x in leaves}) or ["nothing"]
    return ", ".join(kinds)


def _map_spec(spec, make):
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], str):
        return make(spec[0], spec[1])
    return [_map_spec(s, make) for s in spec]


# ------------------------------------------------------------------ operands
def shape_of(x):
    """Shape of an operand: a tensor's ``.shape``, ``()`` for a number, nested-list shape."""
    if isinstance(x, (KerasTensor, Weight)):
        return tuple(x.shape)
    if isinstance(x, (bool, int, float)):
        return ()
    if isinstance(x, (list, tuple)):
        inner = {shape_of(v) for v in x}
        if len(inner) > 1:
            raise errors.keras_error(f"A nested list of numbers must be rectangular; got {x!r}.")
        return (len(x),) + (inner.pop() if inner else ())
    shape = getattr(x, "shape", None)
    if shape is not None:
        return tuple(shape)
    raise TypeError(f"Cannot use {type(x).__name__} {x!r} as a tensor operand.")


_FLOATS = ("float16", "bfloat16", "float32", "float64")
_INTS = ("bool", "uint8", "int8", "uint16", "int16", "uint32", "int32", "int64")


def dtype_of(x):
    if isinstance(x, (KerasTensor, Weight)):
        return str(x.dtype)
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int"   # a weak Python int: takes the tensor's dtype
    if isinstance(x, float):
        return "float"  # a weak Python float
    dtype = getattr(x, "dtype", None)
    return str(dtype) if dtype is not None else "float"


def result_dtype(*operands):
    """Keras's result type for tensors and Python numbers (a Python float with an integer
    tensor gives float32; Python numbers never widen a tensor's dtype)."""
    dtypes = [dtype_of(x) for x in operands]
    strong = [d for d in dtypes if d not in ("int", "float")]
    floats = [d for d in strong if d in _FLOATS]
    if floats:
        return max(floats, key=_FLOATS.index)
    if "float" in dtypes:
        return "float32"
    if strong:
        return max(strong, key=lambda d: _INTS.index(d) if d in _INTS else 0)
    return "int32"


def _float_dtype(x):
    d = dtype_of(x)
    return d if d in _FLOATS else "float32"


# ------------------------------------------------------------------ shape rules
def broadcast_shapes(shape1, shape2):
    """NumPy broadcasting, ``None`` for unknown sizes (Keras's ``broadcast_shapes``): sizes
    fit when equal or when one is 1 (an unknown size fits anything).

    >>> broadcast_shapes((None, 8, 3), (3,))
    (None, 8, 3)
    """
    origin1, origin2 = list(shape1), list(shape2)
    shape1, shape2 = list(shape1), list(shape2)
    if len(shape1) > len(shape2):
        shape2 = [1] * (len(shape1) - len(shape2)) + shape2
    if len(shape1) < len(shape2):
        shape1 = [1] * (len(shape2) - len(shape1)) + shape1
    out = []
    for a, b in zip(shape1, shape2):
        if a == 1:
            out.append(b)
        elif a is None:
            out.append(None if b == 1 else b)
        elif b == 1 or b is None or b == a:
            out.append(a)
        else:
            raise errors.keras_error(
                f"Cannot broadcast shape, the failure dim has value {a}, which cannot be "
                f"broadcasted to {b}. Input shapes are: {origin1} and {origin2}.", "input_shape")
    return tuple(out)


def elementwise(x1, x2):
    return broadcast_shapes(shape_of(x1), shape_of(x2)), result_dtype(x1, x2)


def divide(x1, x2):
    shape, dtype = elementwise(x1, x2)
    return shape, dtype if dtype in _FLOATS else "float32"


def comparison(x1, x2):
    return elementwise(x1, x2)[0], "bool"


def logical(x1, x2):
    """``logical_or`` / ``logical_and``: broadcast shapes, a bool result."""
    return comparison(x1, x2)


def boolean_reduction(x, axis=None, keepdims=False):
    """``any`` / ``all``: the reduced shape, a bool result."""
    return reduction(x, axis, keepdims)[0], "bool"


def like(x, dtype=None):
    """``zeros_like`` / ``ones_like``: ``x``'s shape, ``dtype`` or else ``x``'s."""
    return shape_of(x), dtype or dtype_of_tensor(x)


def unary(x, *args, **kwargs):
    return shape_of(x), dtype_of_tensor(x)


def unary_float(x, *args, **kwargs):
    return shape_of(x), _float_dtype(x)


def dtype_of_tensor(x):
    d = dtype_of(x)
    return {"int": "int32", "float": "float32"}.get(d, d)


def _axes(axis, ndim):
    if axis is None:
        return list(range(ndim))
    axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    return sorted(normalize_axis(a, ndim) for a in axis)


def reduction(x, axis=None, keepdims=False, **kwargs):
    shape = shape_of(x)
    axes = _axes(axis, len(shape))
    if keepdims:
        out = tuple(1 if i in axes else d for i, d in enumerate(shape))
    else:
        out = tuple(d for i, d in enumerate(shape) if i not in axes)
    return out, dtype_of_tensor(x)


def arg_reduction(x, axis=None, keepdims=False):
    shape = reduction(x, axis, keepdims)[0]
    return shape, "int32"


def reshape(x, newshape):
    """``-1`` takes the remaining size; unknown when an input size is unknown."""
    shape = shape_of(x)
    newshape = tuple(newshape) if isinstance(newshape, (list, tuple)) else (newshape,)
    if sum(1 for d in newshape if d == -1) > 1:
        raise errors.keras_error(
            f"There must be at most one unknown dimension (-1) in newshape. Received: "
            f"newshape={newshape}.", "newshape")
    known = [d for d in newshape if d != -1]
    if None in shape:
        return tuple(None if d == -1 else d for d in newshape), dtype_of_tensor(x)
    size = math.prod(shape)
    if -1 in newshape:
        rest = math.prod(known)
        if rest == 0 or size % rest:
            raise errors.keras_error(
                f"The total size of the tensor must be unchanged. Received: input_shape={shape}, "
                f"newshape={newshape}: {size} values cannot fill the known sizes {rest} a whole "
                "number of times.", "newshape")
        newshape = tuple(size // rest if d == -1 else d for d in newshape)
    elif math.prod(newshape) != size:
        raise errors.keras_error(
            f"The total size of the tensor must be unchanged. Received: input_shape={shape}, "
            f"newshape={newshape} ({size} values vs {math.prod(newshape)}).", "newshape")
    return newshape, dtype_of_tensor(x)


def transpose(x, axes=None):
    shape = shape_of(x)
    if axes is None:
        return tuple(reversed(shape)), dtype_of_tensor(x)
    if sorted(normalize_axis(a, len(shape)) for a in axes) != list(range(len(shape))):
        raise errors.keras_error(
            f"axes don't match array: axes={tuple(axes)} must list each of the {len(shape)} axes of "
            f"shape {shape} once.", "axes")
    return tuple(shape[a] for a in axes), dtype_of_tensor(x)


def expand_dims(x, axis):
    shape = list(shape_of(x))
    for a in sorted(_as_list(axis)):
        shape.insert(normalize_axis(a, len(shape) + 1), 1)
    return tuple(shape), dtype_of_tensor(x)


def _as_list(axis):
    return list(axis) if isinstance(axis, (list, tuple)) else [axis]


def squeeze(x, axis=None):
    shape = shape_of(x)
    if axis is None:
        return tuple(d for d in shape if d != 1), dtype_of_tensor(x)
    axes = {normalize_axis(a, len(shape)) for a in _as_list(axis)}
    for a in axes:
        if shape[a] not in (1, None):
            raise errors.keras_error(
                f"Cannot squeeze axis {a} of shape {shape}: its size is {shape[a]}, not 1.", "axis")
    return tuple(d for i, d in enumerate(shape) if i not in axes), dtype_of_tensor(x)


def concatenate(xs, axis=0):
    shapes = [shape_of(x) for x in xs]
    rank = len(shapes[0])
    axis = normalize_axis(axis, rank)
    out = list(shapes[0])
    for s in shapes[1:]:
        if len(s) != rank:
            raise errors.keras_error(
                f"`concatenate` expects inputs of the same rank; got shapes {shapes}.", "axis")
        for i, (a, b) in enumerate(zip(out, s)):
            if i == axis:
                out[i] = None if a is None or b is None else a + b
            elif a is not None and b is not None and a != b:
                raise errors.keras_error(
                    "Every value in `xs` must have the same shape except on the `axis` dim. But "
                    f"found element of shape {s}, which is different from the first element's "
                    f"shape {shapes[0]}.", "axis")
            elif a is None:
                out[i] = b
    return tuple(out), result_dtype(*xs)


def stack(xs, axis=0):
    shapes = [shape_of(x) for x in xs]
    first = shapes[0]
    for s in shapes[1:]:
        if len(s) != len(first) or any(a is not None and b is not None and a != b
                                       for a, b in zip(first, s)):
            raise errors.keras_error(
                f"`stack` expects inputs of one shape; got shapes {shapes}.", "axis")
    out = list(first)
    out.insert(normalize_axis(axis, len(first) + 1), len(xs))
    return tuple(out), result_dtype(*xs)


def split(x, indices_or_sections, axis=0):
    shape = shape_of(x)
    axis = normalize_axis(axis, len(shape))
    size = shape[axis]
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        if size is not None and size % n:
            raise errors.keras_error(
                "`x` size on given `axis` must be divisible by `indices_or_sections` when "
                f"`indices_or_sections` is an int. But received {size} and {n}.",
                "indices_or_sections")
        sizes = [None if size is None else size // n] * n
    else:
        cuts = [0] + list(indices_or_sections) + [size]
        sizes = [None if size is None and (b is None) else (b if b is not None else size) - a
                 for a, b in zip(cuts, cuts[1:])]
    dtype = dtype_of_tensor(x)
    return [(shape[:axis] + (s,) + shape[axis + 1:], dtype) for s in sizes]


def cast(x, dtype):
    return shape_of(x), str(getattr(dtype, "name", dtype))


def matmul(x1, x2):
    a, b = shape_of(x1), shape_of(x2)
    if not a or not b:
        raise errors.keras_error("matmul needs tensors of rank 1 or more; a number has rank 0.")
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    k1, k2 = a2[-1], b2[-2]
    if k1 is not None and k2 is not None and k1 != k2:
        raise errors.keras_error(
            f"Inner dimensions of matmul must match: the last axis of {a} ({k1}) must equal the "
            f"second-to-last axis of {b} ({k2}).", "input_shape")
    batch = broadcast_shapes(a2[:-2], b2[:-2])
    out = batch + (a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out, result_dtype(x1, x2)


def dot(x1, x2):
    """NumPy's ``dot``: the last axis of ``x1`` meets the second-to-last of ``x2`` (its only
    axis when it has one); the other axes are kept, ``x1``'s first."""
    a, b = shape_of(x1), shape_of(x2)
    if not a or not b:
        return broadcast_shapes(a, b), result_dtype(x1, x2)
    k2 = b[-2] if len(b) > 1 else b[0]
    if a[-1] is not None and k2 is not None and a[-1] != k2:
        raise errors.keras_error(
            f"Shapes {a} and {b} are incompatible for dot: the last axis of the first ({a[-1]}) "
            f"must equal the {'second-to-last' if len(b) > 1 else 'only'} axis of the second ({k2}).",
            "input_shape")
    rest = b[:-2] + b[-1:] if len(b) > 1 else ()
    return a[:-1] + rest, result_dtype(x1, x2)


def _pairs(pad_width, ndim):
    if isinstance(pad_width, int):
        return [(pad_width, pad_width)] * ndim
    pairs = [tuple(p) if isinstance(p, (list, tuple)) else (p, p) for p in pad_width]
    if len(pairs) == 1:
        return pairs * ndim
    if len(pairs) == 2 and all(isinstance(p, int) for p in pad_width):
        return [tuple(pad_width)] * ndim
    if len(pairs) != ndim:
        raise errors.keras_error(
            f"pad_width must give one (before, after) pair per axis: {ndim} axes, "
            f"{len(pairs)} pairs given ({pad_width}).", "pad_width")
    return pairs


def pad(x, pad_width, mode="constant", constant_values=None):
    shape = shape_of(x)
    return tuple(None if d is None else d + a + b
                 for d, (a, b) in zip(shape, _pairs(pad_width, len(shape)))), dtype_of_tensor(x)


def tile(x, repeats):
    shape = shape_of(x)
    repeats = list(repeats) if isinstance(repeats, (list, tuple)) else [repeats]
    n = max(len(shape), len(repeats))
    shape = (1,) * (n - len(shape)) + shape
    repeats = [1] * (n - len(repeats)) + repeats
    return tuple(None if d is None else d * r for d, r in zip(shape, repeats)), dtype_of_tensor(x)


def repeat(x, repeats, axis=None):
    shape = shape_of(x)
    total = repeats if isinstance(repeats, int) else None
    if axis is None:
        size = None if None in shape else math.prod(shape)
        if isinstance(repeats, int):
            return (None if size is None else size * repeats,), dtype_of_tensor(x)
        return (sum(repeats),), dtype_of_tensor(x)
    axis = normalize_axis(axis, len(shape))
    d = shape[axis]
    new = sum(repeats) if total is None else (None if d is None else d * total)
    return shape[:axis] + (new,) + shape[axis + 1:], dtype_of_tensor(x)


def broadcast_to(x, shape):
    target = tuple(shape)
    broadcast_shapes(shape_of(x), target)  # raises when they do not fit
    return target, dtype_of_tensor(x)


def reduction_float(x, axis=None, keepdims=False):
    return reduction(x, axis, keepdims)[0], _float_dtype(x)


def get_item(x, key):
    """Indexing with ints, slices, ``None`` (new axis) and ``...`` (Keras's ``GetItem``)."""
    shape = shape_of(x)
    remaining_shape = list(shape)
    new_shape = []
    if isinstance(key, int):
        remaining_key = [key]
    elif isinstance(key, (tuple, list)):
        remaining_key = list(key)
    else:
        remaining_key = None
    if remaining_key is None or any(
            isinstance(k, (KerasTensor, Weight)) or not (
                k is None or k is Ellipsis or isinstance(k, (int, slice))) for k in remaining_key):
        raise errors.keras_error(
            f"Unsupported key type for array slice. Received: `{key}` (index with integers, "
            "slices a:b:c, None and ...)")
    ellipses = sum(1 for k in remaining_key if k is Ellipsis)
    if ellipses > 1:
        raise errors.keras_error(f"Slice should only have one ellipsis. Received: `{key}`")
    if ellipses == 0:
        remaining_key.append(Ellipsis)
    while remaining_key:
        subkey = remaining_key.pop(0)
        if subkey is Ellipsis:
            needed = len(remaining_key) - sum(1 for k in remaining_key if k is None)
            consumed = len(remaining_shape) - needed
            new_shape += remaining_shape[:consumed]
            remaining_shape = remaining_shape[consumed:]
            continue
        if subkey is None:
            new_shape.append(1)
            continue
        if not remaining_shape:
            raise errors.keras_error(
                f"Array has shape {shape} but slice has to many indices. Received: `{key}`")
        length = remaining_shape.pop(0)
        if isinstance(subkey, int):
            if length is not None:
                index = subkey if subkey >= 0 else subkey + length
                if index < 0 or index >= length:
                    raise errors.keras_error(
                        f"Array has shape {shape} but out-of-bounds index {key} was requested.")
        else:
            new_shape.append(None if length is None else len(range(*subkey.indices(length))))
    return tuple(new_shape), dtype_of_tensor(x)


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    shape = shape_of(images)
    size = tuple(size)
    if len(size) != 2:
        raise errors.keras_error(
            f"Expected `size` to be a tuple of 2 integers. Received: size={size}", "size")
    if len(shape) not in (3, 4):
        raise errors.keras_error(
            "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received input with shape: images.shape={shape}", "input_shape")
    channels_first = data_format == "channels_first"  # the default is channels_last
    if channels_first:
        out = shape[:-2] + size
    else:
        out = shape[:-3] + size + shape[-1:]
    return out, _float_dtype(images)


def _per_axis(value, n):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * n


def _windowed(inputs, data_format, lengths_of, channels_of, what):
    """Shape after a sliding window over the spatial axes (``lengths_of(spatial)`` gives the
    new lengths, ``channels_of(c)`` the new channel count)."""
    shape = shape_of(inputs)
    channels_first = data_format == "channels_first"
    spatial = shape[2:] if channels_first else shape[1:-1]
    lengths = lengths_of(spatial)
    if any(d is not None and d <= 0 for d in lengths):
        raise errors.keras_error(
            f"Computed output size would be negative. Received: `inputs.shape={shape}` and "
            f"{what}: the window does not fit the input (the output lengths would be "
            f"{tuple(lengths)}).", "input_shape")
    channels = channels_of(shape[1] if channels_first else shape[-1])
    if channels_first:
        return (shape[0], channels) + tuple(lengths)
    return (shape[0],) + tuple(lengths) + (channels,)


def pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    from .shapes import pooling_output_length
    n = len(shape_of(inputs)) - 2
    sizes, steps = _per_axis(pool_size, n), _per_axis(strides if strides is not None else pool_size, n)
    shape = _windowed(
        inputs, data_format,
        lambda spatial: [pooling_output_length(d, p, s, padding.lower())
                         for d, p, s in zip(spatial, sizes, steps)],
        lambda c: c, f"`pool_size={pool_size}`")
    return shape, dtype_of_tensor(inputs)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1,
         depthwise=False):
    from .shapes import conv_output_length
    kernel_shape = shape_of(kernel)
    n = len(kernel_shape) - 2
    steps, rates = _per_axis(strides, n), _per_axis(dilation_rate, n)
    shape = _windowed(
        inputs, data_format,
        lambda spatial: [conv_output_length(d, k, s, padding.lower(), r)
                         for d, k, s, r in zip(spatial, kernel_shape[:n], steps, rates)],
        lambda c: (None if c is None else c * kernel_shape[-1]) if depthwise else kernel_shape[-1],
        f"`kernel shape={kernel_shape}`")
    return shape, result_dtype(inputs, kernel)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    return conv(inputs, kernel, strides, padding, data_format, dilation_rate, depthwise=True)


def check_block_size(block_size):
    """Keras checks ``block_size`` before looking at the tensor."""
    if block_size < 2:
        raise errors.keras_error(f"`block_size` must be at least 2. Received: block_size={block_size}")


def _image_axes(x, data_format, what):
    shape = shape_of(x)
    if len(shape) != 4:
        raise errors.keras_error(f"`{what}` requires a 4D input tensor. Received: x.shape={shape}",
                                 "input_shape")
    if data_format == "channels_first":
        b, c, h, w = shape
    else:
        b, h, w, c = shape
    return b, h, w, c


def _image_shape(b, h, w, c, data_format):
    return (b, c, h, w) if data_format == "channels_first" else (b, h, w, c)


def depth_to_space(x, block_size, data_format="channels_last"):
    """Keras's ``DepthToSpace`` (pixel shuffle): ``(B, H, W, C)`` -> ``(B, H·r, W·r, C / r²)``
    for ``block_size`` r; the channels must divide by r²."""
    b, h, w, c = _image_axes(x, data_format, "depth_to_space")
    if c is not None and c % (block_size ** 2):
        raise errors.keras_error(f"The number of channels ({c}) must be divisible by "
                                 f"block_size**2 ({block_size ** 2}).", "block_size")
    scale = lambda d: None if d is None else d * block_size  # noqa: E731
    return _image_shape(b, scale(h), scale(w), None if c is None else c // block_size ** 2,
                        data_format), dtype_of_tensor(x)


def space_to_depth(x, block_size, data_format="channels_last"):
    """Keras's ``SpaceToDepth``: ``(B, H, W, C)`` -> ``(B, H / r, W / r, C·r²)``; the height
    and width must divide by ``block_size`` r."""
    b, h, w, c = _image_axes(x, data_format, "space_to_depth")
    for label, d in (("Height", h), ("Width", w)):
        if d is not None and d % block_size:
            raise errors.keras_error(f"{label} ({d}) must be divisible by block_size "
                                     f"({block_size}).", "block_size")
    shrink = lambda d: None if d is None else d // block_size  # noqa: E731
    return _image_shape(b, shrink(h), shrink(w), None if c is None else c * block_size ** 2,
                        data_format), dtype_of_tensor(x)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Keras's ``ConvertToTensor`` on a symbolic tensor: the same shape, ``dtype`` if given."""
    return shape_of(x), str(dtype) if dtype is not None else dtype_of_tensor(x)


def tensordot(x1, x2, axes=2):
    """Keras's ``Tensordot``: ``axes`` n joins the last n axes of ``x1`` with the first n of
    ``x2`` (``x1[:-n] + x2[n:]``; n <= 0 an outer product); a pair of axis lists drops those
    axes (their sizes must agree). Keras checks an integer ``axes`` only when it runs the op
    (inside a traced ``call()``, where torch's tensordot fails on different sizes)."""
    shape1, shape2 = list(shape_of(x1)), list(shape_of(x2))
    dtype = result_dtype(x1, x2)
    if not isinstance(axes, int):
        picked1 = [shape1[a] for a in axes[0]]
        picked2 = [shape2[a] for a in axes[1]]
        if any(a is not None and b is not None and a != b for a, b in zip(picked1, picked2)) \
                or len(picked1) != len(picked2):
            raise errors.keras_error(f"Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`, "
                                     f"received {picked1} and {picked2}.")
        for a in axes[0]:
            shape1[a] = -1
        for a in axes[1]:
            shape2[a] = -1
        return tuple(d for d in shape1 + shape2 if d != -1), dtype
    if axes <= 0:
        return tuple(shape1 + shape2), dtype
    if any(isinstance(x, TracingTensor) for x in (x1, x2)):
        joined1, joined2 = shape1[len(shape1) - axes:], shape2[:axes]
        if len(shape1) < axes or len(shape2) < axes or joined1 != joined2:
            raise errors.keras_error(
                f"tensordot joins the last {axes} axes of x1 {tuple(shape1)} with the first "
                f"{axes} of x2 {tuple(shape2)}: their sizes {tuple(joined1)} and "
                f"{tuple(joined2)} must be equal.")
    return tuple(shape1[:-axes] + shape2[axes:]), dtype


def take(x, indices, axis=None):
    """Keras's ``Take``: the indices' shape replaces ``axis`` (the whole shape when ``axis``
    is None: the flattened tensor is indexed). Index values are not checked: they are
    unknown on symbolic tensors, as in Keras."""
    index_shape = shape_of(indices)
    if axis is None:
        return index_shape, dtype_of_tensor(x)
    shape = shape_of(x)
    axis = normalize_axis(axis, len(shape))
    return shape[:axis] + index_shape + shape[axis + 1:], dtype_of_tensor(x)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """Keras's ``OneHot``: a new axis of ``num_classes`` values, last for ``axis=-1``, else
    inserted before existing axis ``axis`` (``0 <= axis < ndim``; any other value, another
    negative one included, is Keras's ValueError). float32 unless ``dtype`` says otherwise.
    Sparse results are not modelled."""
    if sparse:
        raise NotImplementedError("keras.ops.one_hot(sparse=True) is not supported by ConvDims.")
    shape = list(shape_of(x))
    if axis == -1:
        shape.append(num_classes)
    elif 0 <= axis < len(shape):
        shape.insert(axis, num_classes)
    else:
        raise errors.keras_error(
            f"axis must be -1 or between [0, {len(shape)}), but received {axis}.", "axis")
    return tuple(shape), "float32" if dtype is None else str(getattr(dtype, "name", dtype))


def roll(x, shift, axis=None):
    """Keras's ``Roll``: the same shape (the axes must exist)."""
    shape = shape_of(x)
    if axis is not None:
        _axes(axis, len(shape))
    return shape, dtype_of_tensor(x)


def where(condition, x1=None, x2=None):
    if x1 is None and x2 is None:
        raise NotImplementedError("ops.where(condition) returns indices whose number depends on "
                                  "values; ConvDims cannot follow it.")
    shape = broadcast_shapes(broadcast_shapes(shape_of(condition), shape_of(x1)), shape_of(x2))
    return shape, result_dtype(x1, x2)


def arange(start, stop=None, step=1, dtype=None):
    """``keras.ops.arange``: ``ceil((stop - start) / step)`` values (none when negative);
    int32 from whole numbers, float32 otherwise. It reads no tensor, so Keras computes it
    for real: here only inside a traced ``call()``, where its result joins the trace."""
    if stop is None:
        start, stop = 0, start
    if not _STATE.get("tracing"):
        raise NotImplementedError(
            "keras.ops arange() outside a layer's call() makes a tensor of values; ConvDims "
            "follows shapes, so it runs only inside a subclassed layer's call().")
    length = max(0, math.ceil((stop - start) / step))
    if dtype is None:
        dtype = "int32" if all(isinstance(v, int) for v in (start, stop, step)) else "float32"
    return TracingTensor((length,), str(dtype))


def _created(what, shape, dtype):
    if not _STATE.get("tracing"):
        raise NotImplementedError(
            f"keras.ops {what}() outside a layer's call() makes a tensor of values; ConvDims "
            "follows shapes, so it runs only inside a subclassed layer's call().")
    if any(not isinstance(d, int) or isinstance(d, bool) or d < 0 for d in shape):
        raise NotImplementedError(f"keras.ops {what}() with the shape {shape!r}: ConvDims "
                                  "follows sizes given as whole numbers.")
    return TracingTensor(tuple(shape), str(dtype or "float32"))


def zeros(shape, dtype=None):
    """``keras.ops.zeros`` / ``ones``: a tensor of that shape (float32 unless ``dtype``),
    made inside a traced ``call()`` as ``arange`` is."""
    return _created("zeros", tuple(shape) if isinstance(shape, (list, tuple)) else (shape,), dtype)


def ones(shape, dtype=None):
    return _created("ones", tuple(shape) if isinstance(shape, (list, tuple)) else (shape,), dtype)


def eye(N, M=None, k=0, dtype=None):
    """``keras.ops.eye``: an ``N x M`` (``M`` defaults to ``N``) identity-like matrix."""
    return _created("eye", (N, N if M is None else M), dtype)


def clip(x, x_min, x_max):
    return shape_of(x), dtype_of_tensor(x)



def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """Keras's ``ExtractPatches``: a convolution with an identity kernel, so a
    ``(B, H, W, C)`` batch becomes ``(B, H', W', size_h·size_w·C)`` with the conv length
    rule (``strides`` default to ``size``); a 3-tuple ``size`` works on volumes; an
    unbatched input keeps no batch axis."""
    from .shapes import conv_output_length
    size = (size, size) if isinstance(size, int) else tuple(size)
    n = len(size)
    shape = shape_of(images)
    unbatched = len(shape) == n + 1
    if unbatched:
        shape = (1,) + shape
    steps = _per_axis(strides if strides else size, n)
    rates = _per_axis(dilation_rate, n)
    channels_first = data_format == "channels_first"
    spatial = shape[2:] if channels_first else shape[1:-1]
    if len(spatial) != n:
        raise errors.keras_error(
            f"Invalid images rank: a patch `size` of {n} values needs {n} spatial axes plus channels "
            f"(and an optional batch axis). Received input with shape: images.shape={shape_of(images)}",
            "input_shape")
    lengths = [conv_output_length(d, k, s, padding.lower(), r)
               for d, k, s, r in zip(spatial, size, steps, rates)]
    if any(d is not None and d <= 0 for d in lengths):
        raise errors.keras_error(
            f"Computed output size would be negative. Received `inputs shape={shape}`, "
            f"`kernel shape={size}`, `dilation_rate={dilation_rate}`: the patch does not fit "
            f"the image (the output lengths would be {tuple(lengths)}).", "input_shape")
    c = shape[1] if channels_first else shape[-1]
    filters = None if c is None else math.prod(size) * c
    out = ((shape[0], filters) + tuple(lengths)) if channels_first else (
        (shape[0],) + tuple(lengths) + (filters,))
    return (out[1:] if unbatched else out), dtype_of_tensor(images)
