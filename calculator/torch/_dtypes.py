"""PyTorch's dtype rules: type promotion and the names its dtype errors print.

``promote_types(a, b)``: the smaller type holding both (``bool`` < integers < floats; within
floats and within integers the wider; ``uint8`` with ``int8`` gives ``int16``, ``float16``
with ``bfloat16`` gives ``float32``).

``result_type(*operands)`` (PyTorch's ``torch.result_type``): operands are ranked
tensors with dimensions, then 0-dim tensors, then Python numbers; a lower rank changes the
result only when its category (bool < integer < float) is higher, and a Python float counts
as the default dtype (``float32``), a Python int as ``int64``. So ``int_tensor * 1.5`` is
``float32``, ``uint8_tensor + 1000`` stays ``uint8`` and ``bool_tensor + 1`` is ``int64``.
"""

from . import _tensor

__all__ = ["promote_types", "result_type", "scalar_name", "c_name", "floating_result"]

# The short names in "... but got Long and Float", and the C++ names in
# "Input type (long int) and bias type (float) ...".
SCALAR_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half",
                "bfloat16": "BFloat16", "int64": "Long", "int32": "Int", "int16": "Short",
                "int8": "Char", "uint8": "Byte", "bool": "Bool"}
C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
           "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int",
           "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def scalar_name(dtype):
    return SCALAR_NAMES[dtype.name]


def c_name(dtype):
    return C_NAMES[dtype.name]


def _category(dtype):
    return 2 if dtype.is_floating_point else 0 if dtype.name == "bool" else 1


def promote_types(a, b):
    if a is b or b.name == "bool":
        return a
    if a.name == "bool":
        return b
    fa, fb = a.is_floating_point, b.is_floating_point
    if fa and fb:
        if {a.name, b.name} == {"float16", "bfloat16"}:
            return _tensor.DTYPES["float32"]
        return a if a.itemsize >= b.itemsize else b
    if fa or fb:
        return a if fa else b
    if "uint8" in (a.name, b.name):
        other = b if a.name == "uint8" else a
        return _tensor.DTYPES["int16"] if other.name == "int8" else other
    return a if a.itemsize >= b.itemsize else b


def _number_dtype(value):
    if isinstance(value, bool):
        return _tensor.DTYPES["bool"]
    if isinstance(value, int):
        return _tensor.DTYPES["int64"]
    return _tensor.DEFAULT["dtype"]


def _combine(higher, lower):
    """PyTorch's ``combine_categories``: ``lower`` matters only for a higher category."""
    if higher is None:
        return lower
    if lower is None or higher.is_floating_point:
        return higher
    if higher.name == "bool" or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """The dtype of an elementwise op on ``operands`` (tensors and Python numbers)."""
    ranked = [None, None, None]  # dimensioned tensors, 0-dim tensors, Python numbers
    for x in operands:
        if isinstance(x, _tensor.Tensor):
            rank, dtype = (0 if x._shape else 1), x.dtype
        elif isinstance(x, (bool, int, float)):
            rank, dtype = 2, _number_dtype(x)
        else:
            continue
        ranked[rank] = dtype if ranked[rank] is None else promote_types(ranked[rank], dtype)
    return _combine(ranked[0], _combine(ranked[1], ranked[2]))


def floating_result(dtype):
    """The dtype of a floating-point op (``/``, ``sqrt``, ``sigmoid``...): integers and
    bool give the default dtype."""
    return dtype if dtype.is_floating_point else _tensor.DEFAULT["dtype"]
