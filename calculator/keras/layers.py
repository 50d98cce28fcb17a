"""``keras.layers``: every layer class ConvDims knows, by its Keras name.

``keras.layers.experimental.preprocessing`` (TF 2.3–2.5 lessons) resolves to this module too.
"""

import sys as _sys
import types as _types

from ..core import Layer  # noqa: F401
from ..input_spec import InputSpec  # noqa: F401
from ..layers import LAYER_CLASSES as _CLASSES
from ..layers.merging import (add, average, concatenate, dot, maximum, minimum,  # noqa: F401
                              multiply, subtract)
from ..models import Input, InputLayer  # noqa: F401

globals().update(_CLASSES)
preprocessing = _sys.modules[__name__]
experimental = _types.SimpleNamespace(preprocessing=preprocessing)
__all__ = sorted(set(_CLASSES) | {"Input", "InputLayer", "InputSpec", "Layer", "add", "average", "concatenate",
                                  "dot", "maximum", "minimum", "multiply", "subtract"})
