"""The values of a layer's ``get_config()`` as Keras 3 serializes them.

Keras 3.15 gives ``dtype`` as its policy, ``{'module': 'keras', 'class_name': 'DTypePolicy',
'config': {'name': 'float32'}, 'registered_name': None}``, and every ``*_initializer``,
``*_regularizer`` and ``*_constraint`` as ``{'module': 'keras.initializers', 'class_name':
'GlorotUniform', 'config': {...}, 'registered_name': None}``, the config holding every
argument with its default, in the order of the class's ``get_config``. A value is a name
Keras's ``get`` resolves (``'glorot_uniform'``, ``'GlorotUniform'``, ``'he_normal'``,
``'l2'``, ``'max_norm'`` and the aliases ``'normal'``, ``'uniform'``, ``'one'``, ``'zero'``),
one of Keras's classes, or a dict already serialized (kept). ``L1`` and
``OrthogonalRegularizer`` store their factor as a float32 tensor, so their config holds the
float32 value (``0.01`` -> ``0.009999999776482582``). Anything else (a custom initializer, a
plain function) is refused by name: ConvDims does not know its config.
"""

import struct

from . import core  # core imports this module: its names are read at call time

# class -> (constructor arguments in order, with defaults; config keys in get_config's order)
_INITIALIZERS = {
    "Zeros": ((), ()), "Ones": ((), ()), "Identity": ((("gain", 1.0),), ()),
    "Constant": ((("value", 0.0),), ("value",)),
    "RandomNormal": ((("mean", 0.0), ("stddev", 0.05), ("seed", None)),
                     ("seed", "mean", "stddev")),
    "TruncatedNormal": ((("mean", 0.0), ("stddev", 0.05), ("seed", None)),
                        ("seed", "mean", "stddev")),
    "RandomUniform": ((("minval", -0.05), ("maxval", 0.05), ("seed", None)),
                      ("seed", "minval", "maxval")),
    "Orthogonal": ((("gain", 1.0), ("seed", None)), ("seed", "gain")),
    "VarianceScaling": ((("scale", 1.0), ("mode", "fan_in"), ("distribution", "truncated_normal"),
                         ("seed", None), ("input_axes", None), ("output_axes", None)),
                        ("seed", "scale", "mode", "distribution", "input_axes", "output_axes")),
}
_FAN = ((("seed", None), ("input_axes", None), ("output_axes", None)),
        ("seed", "input_axes", "output_axes"))
_INITIALIZERS.update({n: _FAN for n in ("GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal",
                                         "LecunUniform", "LecunNormal")})
_REGULARIZERS = {
    "L1": ((("l1", 0.01),), ("l1",)), "L2": ((("l2", 0.01),), ("l2",)),
    "L1L2": ((("l1", 0.0), ("l2", 0.0)), ("l1", "l2")),
    "OrthogonalRegularizer": ((("factor", 0.01), ("mode", "rows")), ("factor", "mode")),
}
_CONSTRAINTS = {
    "MaxNorm": ((("max_value", 2), ("axis", 0)), ("max_value", "axis")),
    "MinMaxNorm": ((("min_value", 0.0), ("max_value", 1.0), ("rate", 1.0), ("axis", 0)),
                   ("min_value", "max_value", "rate", "axis")),
    "NonNeg": ((), ()), "UnitNorm": ((("axis", 0),), ("axis",)),
}
_KINDS = {
    "_initializer": ("keras.initializers", _INITIALIZERS,
                     {"normal": "RandomNormal", "uniform": "RandomUniform", "one": "Ones",
                      "zero": "Zeros"}),
    "_regularizer": ("keras.regularizers", _REGULARIZERS, {}),
    "_constraint": ("keras.constraints", _CONSTRAINTS, {}),
}


def _float32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def _same(x):
    return x


# L2 and L1L2 keep float(x); L1 and OrthogonalRegularizer a float32 tensor's value
_CAST = {("L2", "l2"): float, ("L1L2", "l1"): float, ("L1L2", "l2"): float,
         ("L1", "l1"): _float32, ("OrthogonalRegularizer", "factor"): _float32}


def dtype_policy(name):
    """``'float32'`` -> Keras's serialized ``DTypePolicy``."""
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": name},
            "registered_name": None}


def policy_name(dtype):
    """The policy name in a ``dtype`` argument: a name, a policy object or its serialized dict."""
    if isinstance(dtype, dict):
        return dtype["config"]["name"]
    return dtype if isinstance(dtype, str) else getattr(dtype, "name", None) or "float32"


def _serialize(key, value):
    suffix = next(s for s in _KINDS if key.endswith(s))
    module, classes, aliases = _KINDS[suffix]
    if isinstance(value, str):
        by_name = {n: n for n in classes} | {core.to_snake_case(n): n for n in classes} | aliases
        cls = by_name.get(value)
    else:
        ours = type(value).__module__ == f"calculator.{module}"
        cls = type(value).__name__ if ours else None
    if cls not in classes:
        raise NotImplementedError(
            f"get_config() of this layer is not supported by ConvDims: its {key} "
            f"({value!r}) is not one of Keras's built-in {module} (ConvDims does not know "
            "its config).")
    arguments, keys = classes[cls]
    values = dict(arguments)
    if not isinstance(value, str):
        values.update(zip((name for name, _ in arguments), value.args), **value.kwargs)
    config = {k: _CAST.get((cls, k), _same)(values[k]) for k in keys}
    return {"module": module, "class_name": cls, "config": config, "registered_name": None}


def serialize_config(config):
    """``config`` with ``dtype``, each initializer/regularizer/constraint and an activation
    given as a function as Keras gives them (``None`` and already serialized dicts kept; an
    activation set to ``None`` after construction fails as in Keras's ``serialize``)."""
    out = {}
    for key, value in config.items():
        if key == "dtype" and isinstance(value, str):
            value = dtype_policy(value)
        elif (value is not None and not isinstance(value, dict)
              and key.endswith(tuple(_KINDS))):
            value = _serialize(key, value)
        elif key in ("activation", "recurrent_activation") and (
                value is None or callable(value) or isinstance(value, str)):
            from .keras.activations import serialize
            value = serialize(value)
        out[key] = value
    return out


def serialize_layer(layer):
    """A layer as Keras lists it in a model's config (``serialize_keras_object``): module
    (``keras.layers``; ``keras`` for a nested ``Sequential``, ``keras.src.models.functional``
    for a nested ``Functional``), class name,
    config, ``registered_name`` (None; ``"Functional"`` for a nested Functional), then
    ``build_config`` when ``build()`` ran on a shape (not for layers built at construction
    nor an ``InputLayer``; ``None`` for a nested Functional) and, for a nested model, ``compile_config`` (``{}`` until compiled). A
    class written outside ConvDims (a learner's subclass) and a compiled nested model are
    refused: their serialized form holds what ConvDims does not model."""
    from . import models
    cls = type(layer)
    if not isinstance(layer, core.Layer):
        raise NotImplementedError(
            f"get_config() of a model holding the operation {layer.name!r} (keras.ops or an "
            "operator on tensors) is not supported by ConvDims.")
    if cls.__module__.split(".")[0] != "calculator":
        raise NotImplementedError(
            f"get_config() of a model holding {cls.__name__} (a class written in the script) "
            "is not supported by ConvDims: Keras serializes it by its registered name.")
    nested = isinstance(layer, models.Model)
    if nested and layer.compiled:
        raise NotImplementedError(
            f"get_config() of a model holding the compiled model {layer.name!r} is not "
            "supported by ConvDims: Keras adds its serialized compile() arguments.")
    sequential = isinstance(layer, models.Sequential)
    out = {"module": "keras" if sequential else "keras.src.models.functional" if nested
           else "keras.layers",
           "class_name": "Sequential" if sequential else "Functional" if nested else cls.__name__,
           "config": layer.get_config(),
           "registered_name": "Functional" if nested and not sequential else None}
    shapes = layer._build_shapes_dict
    if shapes is not None and not isinstance(layer, models.InputLayer):
        # Keras's get_build_config: one shape as input_shape, several (MultiHeadAttention's
        # query/value/key) as shapes_dict
        out["build_config"] = {"input_shape": next(iter(shapes.values()))} if len(shapes) == 1 \
            else {"shapes_dict": dict(shapes)}
    if nested:
        out["compile_config"] = {}
    return out


def functional_config(model):
    """Keras's ``Functional.get_config``: name, trainable, each operation serialized with its
    ``name`` and the ``inbound_nodes`` that belong to the model (their args and kwargs, each
    tensor as ``__keras_tensor__`` with its ``keras_history`` counted among the model's own
    nodes), then ``input_layers`` and ``output_layers`` (``[name, node, tensor]`` in the
    structure of the inputs and outputs)."""
    from . import models
    own = model._nodes
    reindex = {}
    for op in model._operations:
        kept = 1 if isinstance(op, models.Functional) else 0  # its own input-to-output node
        for i in range(len(op._inbound_nodes)):
            key = models._node_key(op, i)
            if key in own:
                reindex[key] = kept
                kept += 1

    def tensor(x):
        if not isinstance(x, core.KerasTensor):
            return x
        op, index, tensor_index = x._keras_history
        skipped = sum(models._node_key(op, i) not in own for i in range(index))
        return {"class_name": "__keras_tensor__",
                "config": {"shape": x.shape, "dtype": x.dtype,
                           "keras_history": [op.name, index - skipped, tensor_index]}}

    layers = []
    for op in model._operations:
        entry = serialize_layer(op)
        entry["name"] = op.name
        entry["inbound_nodes"] = [
            {"args": _map(tensor, node.call_args), "kwargs": _map(tensor, node.call_kwargs)}
            for i, node in enumerate(op._inbound_nodes)
            if models._node_key(op, i) in own and node.input_tensors]
        layers.append(entry)

    def history(x):
        op, index, tensor_index = x._keras_history
        return [op.name, reindex[models._node_key(op, index)], tensor_index]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": _map(history, model._inputs_struct),
            "output_layers": _map(history, model._outputs_struct)}


def _map(fn, structure):
    """``fn`` on each tensor of nested tuples, lists and dicts (their types kept)."""
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map(fn, x) for x in structure)
    if isinstance(structure, dict):
        return {k: _map(fn, v) for k, v in structure.items()}
    return fn(structure)
