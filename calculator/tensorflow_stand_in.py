"""The ``tensorflow`` module an unchanged script sees: ``tf.keras`` is the calculator's Keras
mirror, and the TensorFlow names Keras tutorials use where they change no shape are there:
``tf.data.AUTOTUNE``, ``tf.nn.relu`` (as an activation), ``tf.metrics`` / ``tf.losses`` /
``tf.optimizers`` (the mirror's), ``tf.random.set_seed``, ``tf.config.list_physical_devices``,
the dtype names. Anything that computes on tensors (``tf.cast``, ``tf.data.Dataset``...) raises
``NotImplementedError`` naming itself, at the script line that uses it.
"""

import types

from .keras._functions import data_function

VERSION = "2.20.0"
_DTYPES = ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "uint16", "bool", "string", "complex64")
_NN = ("relu", "relu6", "elu", "selu", "gelu", "silu", "swish", "sigmoid", "tanh", "softmax",
       "log_softmax", "softplus", "softsign", "leaky_relu")


def _no_tensorflow(prefix):
    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise NotImplementedError(
            f"{prefix}.{name} needs TensorFlow, which ConvDims does not run: it stands in for "
            "tf.keras and for the TensorFlow names that change no shape.")
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
    nn = _module("tensorflow.nn", **{n: data_function(n, "tf.nn") for n in _NN})
    config = _module(
        "tensorflow.config", list_physical_devices=lambda device_type=None: [],
        set_visible_devices=lambda *a, **k: None,
        experimental=types.SimpleNamespace(set_memory_growth=lambda *a, **k: None,
                                           list_physical_devices=lambda device_type=None: []))
    random = _module("tensorflow.random", set_seed=lambda seed: None)
    tf = _module("tensorflow", __version__=VERSION, keras=mirror, data=data, nn=nn,
                 config=config, random=random, metrics=mirror.metrics, losses=mirror.losses,
                 optimizers=mirror.optimizers, **{d: d for d in _DTYPES})
    tf.__path__ = []
    return tf
