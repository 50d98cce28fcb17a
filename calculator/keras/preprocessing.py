"""``keras.preprocessing``: what Keras 3.15 still exports there (``image``, ``sequence`` and the
dataset helpers). Keras 3 has no ``ImageDataGenerator`` and no ``text`` module: those fail
as in Keras (the runner adds the fix)."""

import sys as _sys
import types as _types

from ._functions import define
from .utils import (image_dataset_from_directory, text_dataset_from_directory,  # noqa: F401
                    timeseries_dataset_from_array)

image = _types.ModuleType(__name__ + ".image")
define(["array_to_img", "img_to_array", "load_img", "save_img", "smart_resize"], image.__dict__,
       "keras.preprocessing.image")
sequence = _types.ModuleType(__name__ + ".sequence")
define(["pad_sequences"], sequence.__dict__, "keras.preprocessing.sequence")
for _m in (image, sequence):
    _sys.modules.setdefault(_m.__name__, _m)
