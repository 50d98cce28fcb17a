"""The few Keras names the application builders use, bound to the calculator.

The builders in this package are plain Keras-API code ported from Keras's own
`keras/src/applications/*.py`; this module is the only place that says *which* Keras
they run against. (A checking script can put a module with the same names, bound to real
Keras, into `sys.modules["calculator.applications._keras"]` and build both side by side.)
"""

from calculator.keras import layers  # noqa: F401  (re-exported)

try:  # the functional model class
    from calculator.models import Model as Functional  # noqa: F401
except ImportError:  # pragma: no cover - layout fallback
    from calculator.keras import Model as Functional  # noqa: F401

try:
    from calculator.core import KerasTensor as _KerasTensor
except ImportError:  # pragma: no cover
    _KerasTensor = None


def image_data_format():
    """`keras.backend.image_data_format()`: the calculator's setting, else channels_last."""
    try:
        from calculator.keras import backend
    except ImportError:  # pragma: no cover
        return "channels_last"
    fn = getattr(backend, "image_data_format", None)
    return fn() if fn is not None else "channels_last"


def is_keras_tensor(x):
    """`keras.backend.is_keras_tensor`: a symbolic tensor of the calculator."""
    if _KerasTensor is not None:
        return isinstance(x, _KerasTensor)
    return hasattr(x, "_keras_history") and hasattr(x, "shape")


def Input(shape=None, tensor=None, **kwargs):
    """`keras.layers.Input`; a non-symbolic `tensor` is refused as Keras's InputLayer does."""
    if tensor is not None and not is_keras_tensor(tensor):
        err = ValueError(
            "Argument `input_tensor` must be a KerasTensor. "
            f"Received invalid type: input_tensor={tensor} "
            f"(of type {type(tensor)})"
        )
        err.field = "input_tensor"
        raise err
    make = getattr(layers, "Input", None)
    if make is None:  # pragma: no cover
        from calculator.keras import Input as make
    if tensor is not None:
        return make(shape=shape, tensor=tensor, **kwargs)
    return make(shape=shape, **kwargs)


def get_source_inputs(tensor):
    """`keras.src.ops.operation_utils.get_source_inputs`: the Input tensors behind `tensor`."""
    if not hasattr(tensor, "_keras_history"):
        return tensor
    operation, node_index, _ = tensor._keras_history
    nodes = getattr(operation, "_inbound_nodes", None) if operation else None
    if not nodes:
        return [tensor]
    node = nodes[node_index]
    is_input = getattr(node, "is_input", None)
    if is_input is None:
        is_input = not node.input_tensors
    if is_input:
        return list(node.output_tensors)
    sources = []
    for t in node.input_tensors:
        for x in get_source_inputs(t):
            if all(x is not s for s in sources):
                sources.append(x)
    return sources


def _merge(cls_name):
    def merge(inputs, **kwargs):
        return getattr(layers, cls_name)(**kwargs)(inputs)

    merge.__name__ = cls_name.lower()
    return merge


add = getattr(layers, "add", None) or _merge("Add")
concatenate = getattr(layers, "concatenate", None) or _merge("Concatenate")
multiply = getattr(layers, "multiply", None) or _merge("Multiply")
