"""``keras.activations``: the activation functions, usable as ``activation=`` (by name or as
the function) and applied to a symbolic tensor, where each creates the op Keras creates
(``relu`` -> ``ReLU``, ``sigmoid`` -> ``Sigmoid``, ``softmax`` -> ``Softmax`` ...)."""

from .. import symbolic_ops as _s

# function name -> the Keras op class it creates on a symbolic tensor
_OPS = {
    "relu": "ReLU", "sigmoid": "Sigmoid", "softmax": "Softmax", "tanh": "Tanh", "elu": "Elu",
    "selu": "Selu", "gelu": "Gelu", "silu": "Silu", "leaky_relu": "LeakyRelu",
    "relu6": "Relu6", "softplus": "Softplus", "softsign": "Softsign", "exponential": "Exp",
    "hard_sigmoid": "HardSigmoid", "mish": "Mish", "log_softmax": "LogSoftmax",
}


def _named(name, kind):
    def fn(x, *args, **kwargs):
        return _s.apply(kind, _s.unary_float, x, *args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    return fn


globals().update({name: _named(name, kind) for name, kind in _OPS.items()})


def linear(x):
    return x


# the other Keras 3.15 activations: accepted as ``activation=`` (shape-neutral), not traced
from ._functions import define as _define  # noqa: E402

_define([n for n in ("celu", "glu", "hard_shrink", "hard_silu", "hard_swish", "hard_tanh",
                     "log_sigmoid", "soft_shrink", "sparse_plus", "sparse_sigmoid", "sparsemax",
                     "squareplus", "tanh_shrink", "threshold") if n not in globals()],
        globals(), "keras.activations")


#: Keras's other names for two activations (the function, and its config, use the first)
_ALIASES = {"swish": "silu", "hard_swish": "hard_silu"}
swish, hard_swish = silu, hard_silu  # noqa: F821 - defined above through globals()


def get(identifier):
    """Keras's ``activations.get``: ``None`` is ``linear``, a name is that function (an
    unknown name raises Keras's ``ValueError``), a callable is returned as given; a config
    dict is refused by name (ConvDims does not deserialize activations)."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        raise NotImplementedError(
            "keras.activations.get(config dict) is not modelled by ConvDims: pass the "
            "activation's name or function instead.")
    if isinstance(identifier, str):
        fn = globals().get(_ALIASES.get(identifier, identifier))
        if callable(fn) and not identifier.startswith("_") and identifier != "get":
            return fn
    elif callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")


#: where the activation functions a script can pass are defined: the mirror and ``tf.nn``
_OWN_MODULES = ("calculator.keras.activations", "calculator.keras._functions",
                "calculator.tensorflow_stand_in")


def serialize(activation):
    """Keras's ``activations.serialize``: a Keras activation function, or its name, gives its
    name (what ``get_config()`` shows for ``activation=keras.activations.relu``; ``swish`` is
    ``silu``, ``hard_swish`` ``hard_silu``); a function the script defines is refused by name
    (Keras records where it was defined). ``None`` (``layer.activation = None``, Grad-CAM
    code) is Keras's TypeError: its serialized form has no "config" to look into."""
    if activation is None:
        raise TypeError("argument of type 'NoneType' is not iterable")
    if isinstance(activation, str):
        return _ALIASES.get(activation, activation)
    if getattr(activation, "__module__", None) in _OWN_MODULES:
        return activation.__name__
    raise NotImplementedError(
        f"serializing the activation {getattr(activation, '__name__', activation)!r} is not "
        "modelled by ConvDims: only Keras's own activations serialize here (by name).")
