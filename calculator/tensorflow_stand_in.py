"""The ``tensorflow`` module an unchanged script sees: ``tf.keras`` is the calculator's Keras
mirror, and the TensorFlow names Keras tutorials use where they change no shape are there:
``tf.data.AUTOTUNE``, ``tf.nn.relu`` (as an activation, and inside a layer's ``call()``), ``tf.metrics`` / ``tf.losses`` /
``tf.optimizers`` (the mirror's), ``tf.random.set_seed``, ``tf.config.list_physical_devices``,
the dtype names, ``tf.newaxis``. Anything that computes on tensors (``tf.cast``,
``tf.data.Dataset``...) raises ``NotImplementedError`` naming itself, at the script line that
uses it; called on a ``keras.Input`` tensor (``tf.concat``, ``tf.reshape`` in a functional
model) it raises the ``ValueError`` TensorFlow raises for a Keras 3 symbolic tensor.
"""

import types

from .keras._functions import data_function

VERSION = "2.20.0"
_DTYPES = ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "uint16", "bool", "string", "complex64")
_NN = ("relu", "relu6", "elu", "selu", "gelu", "silu", "swish", "sigmoid", "tanh", "softmax",
       "log_softmax", "softplus", "softsign", "leaky_relu")


#: Keras 3's ``KerasTensor.__tf_tensor__``: what TensorFlow raises when a TensorFlow function
#: gets a symbolic Keras tensor (``tf.concat([x, y], -1)`` on ``keras.Input`` tensors)
KERAS_TENSOR_IN_TF = (
    "A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor is a "
    "symbolic placeholder for a shape and dtype, used when constructing Keras Functional models "
    "or Keras Functions. You can only use it as input to a Keras layer or a Keras operation "
    "(from the namespaces `keras.layers` and `keras.ops`). You are likely doing something "
    "like:\n\n```\nx = Input(...)\n...\ntf_fn(x)  # Invalid.\n```\n\nWhat you should do "
    "instead is wrap `tf_fn` in a layer:\n\n```\nclass MyLayer(Layer):\n    def call(self, x):"
    "\n        return tf_fn(x)\n\nx = MyLayer()(x)\n```\n")


class TensorFlowName:
    """A TensorFlow name ConvDims does not run (``tf.concat``, ``tf.image.resize``...).

    Called with a symbolic Keras tensor (from ``keras.Input``) among its arguments it raises
    TensorFlow's ``ValueError`` (``KERAS_TENSOR_IN_TF``), as real TensorFlow with Keras 3 does;
    any other call, and any use as a value (truth, type check, base class, iteration), raises
    ``NotImplementedError`` naming it. Its attributes are TensorFlow names too."""

    def __init__(self, path):
        self._path = path

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return TensorFlowName(f"{self._path}.{name}")

    def __call__(self, *args, **kwargs):
        if _has_keras_tensor(args, kwargs):
            raise ValueError(KERAS_TENSOR_IN_TF)
        self._refuse()

    def _refuse(self, *args):
        raise NotImplementedError(
            f"{self._path} needs TensorFlow, which ConvDims does not run: it stands in for "
            "tf.keras and for the TensorFlow names that change no shape.")

    __bool__ = __instancecheck__ = __subclasscheck__ = __mro_entries__ = __iter__ = _refuse
    __len__ = __index__ = __int__ = __float__ = __getitem__ = _refuse


def _has_keras_tensor(args, kwargs):
    from .core import KerasTensor, flatten
    return any(type(x) is KerasTensor for x in flatten([list(args), kwargs]))


def _has_tracing_tensor(args, kwargs):
    from .core import TracingTensor, flatten
    return any(type(x) is TracingTensor for x in flatten([list(args), kwargs]))


def _nn_function(name):
    """``tf.nn.<name>``: an ``activation=`` by name; called, TensorFlow's ValueError on a
    ``keras.Input`` tensor; inside a layer's traced ``call()`` (where TensorFlow gets real
    tensors) the activation's result, same shape; else it needs data."""
    needs_data = data_function(name, "tf.nn")

    def fn(*args, **kwargs):
        if _has_keras_tensor(args, kwargs):
            raise ValueError(KERAS_TENSOR_IN_TF)
        if _has_tracing_tensor(args, kwargs):
            from .symbolic_ops import apply, unary_float
            return apply(name, unary_float, *args, **kwargs)
        needs_data(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    return fn


def _no_tensorflow(prefix):
    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        return TensorFlowName(f"{prefix}.{name}")
    return __getattr__


def _module(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    module.__getattr__ = _no_tensorflow(name.replace("tensorflow", "tf", 1))
    return module


class _DatasetType(type):
    """``tf.data.Dataset``: every constructor needs data."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise NotImplementedError(f"tf.data.Dataset.{name} needs data; ConvDims computes shapes "
                                  "and parameter counts from the model definition alone.")


Dataset = _DatasetType("Dataset", (), {"__module__": "tensorflow.data"})


def make_tensorflow():
    """A fresh ``tensorflow`` module whose ``keras`` is ``calculator.keras``."""
    import calculator.keras as mirror

    data = _module("tensorflow.data", AUTOTUNE=-1, Dataset=Dataset,
                   experimental=types.SimpleNamespace(AUTOTUNE=-1))
    nn = _module("tensorflow.nn", **{n: _nn_function(n) for n in _NN})
    config = _module(
        "tensorflow.config", list_physical_devices=lambda device_type=None: [],
        set_visible_devices=lambda *a, **k: None,
        experimental=types.SimpleNamespace(set_memory_growth=lambda *a, **k: None,
                                           list_physical_devices=lambda device_type=None: []))
    random = _module("tensorflow.random", set_seed=lambda seed: None)
    tf = _module("tensorflow", __version__=VERSION, keras=mirror, data=data, nn=nn,
                 config=config, random=random, metrics=mirror.metrics, losses=mirror.losses,
                 optimizers=mirror.optimizers, newaxis=None, **{d: d for d in _DTYPES})
    tf.__path__ = []
    return tf
