"""``keras.layers``: every layer class ConvDims knows, by its Keras name."""

from ..layers import *  # noqa: F401,F403
from ..layers import LAYER_CLASSES as _CLASSES
from ..core import Layer  # noqa: F401
from ..models import Input, InputLayer  # noqa: F401
from ..layers.merging import (add, average, concatenate, maximum, minimum, multiply,  # noqa: F401
                              subtract)

globals().update(_CLASSES)
__all__ = sorted(set(_CLASSES) | {"Input", "InputLayer", "Layer", "add", "average", "concatenate",
                                  "maximum", "minimum", "multiply", "subtract"})
