"""The ``keras`` mirror: unchanged Keras 3 code runs against it.

``calculator.keras.layers``, ``.models``, ``.backend``, ``.applications``, ``.utils``,
``.optimizers`` ... and ``Input``, ``Sequential``, ``Model``, ``Layer``, ``InputLayer`` at the
top level. Submodules load on first access, so ``import calculator.keras`` is cheap.
"""

import importlib

__version__ = "3.15.1"

_SUBMODULES = ("layers", "models", "backend", "applications", "utils", "optimizers", "losses",
               "metrics", "callbacks", "activations", "initializers", "regularizers", "constraints",
               "datasets", "ops", "random", "config", "preprocessing", "wrappers", "saving")
_FROM_MODELS = ("Input", "InputLayer", "Sequential", "Model", "Functional")


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _FROM_MODELS:
        from .. import models
        return getattr(models, name)
    if name == "Layer":
        from ..core import Layer
        return Layer
    if name == "clear_session":
        from ..core import clear_session
        return clear_session
    raise AttributeError(f"module 'keras' has no attribute '{name}' (not supported by ConvDims)")


def __dir__():
    return sorted(list(_SUBMODULES) + list(_FROM_MODELS) + ["Layer", "__version__"])
