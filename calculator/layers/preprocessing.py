"""Preprocessing and augmentation layers (no weights; Normalization is in ``normalization``).

Augmentation layers (RandomFlip, RandomRotation, RandomZoom, RandomTranslation,
RandomContrast, RandomBrightness) keep the shape. RandomCrop, Resizing and CenterCrop
set (height, width) to ``(height, width)``; a rank-3 input is one unbatched image
``(height, width, channels)``, as in Keras.
"""

from .. import errors
from ..core import REQUIRED, Layer
from ._utils import normalize_data_format


class Rescaling(Layer):
    """``x · scale + offset``; shape unchanged."""
    _ARGS = (("scale", REQUIRED), ("offset", 0.0))


class _Augment(Layer):
    def _standardize(self):
        if hasattr(self, "data_format"):
            self.data_format = normalize_data_format(self.data_format)


class RandomFlip(_Augment):
    """Random horizontal and/or vertical flips."""
    _ARGS = (("mode", "horizontal_and_vertical"), ("seed", None), ("data_format", None))
    # Keras 3 does not check ``mode`` when the layer is built on symbolic inputs.


class RandomRotation(_Augment):
    """Random rotations by up to ``factor`` · 2π."""
    _ARGS = (("factor", REQUIRED), ("fill_mode", "reflect"), ("interpolation", "bilinear"),
             ("seed", None), ("fill_value", 0.0), ("data_format", None))


class RandomZoom(_Augment):
    """Random zoom in/out."""
    _ARGS = (("height_factor", REQUIRED), ("width_factor", None), ("fill_mode", "reflect"),
             ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0), ("data_format", None))


class RandomTranslation(_Augment):
    """Random shifts."""
    _ARGS = (("height_factor", REQUIRED), ("width_factor", REQUIRED), ("fill_mode", "reflect"),
             ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0), ("data_format", None))


class RandomContrast(_Augment):
    """Random contrast changes."""
    _ARGS = (("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None))
    _CONFIG_ADD = (("data_format", "channels_last"),)


class RandomBrightness(_Augment):
    """Random brightness changes."""
    _ARGS = (("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None))
    _CONFIG_ADD = (("data_format", "channels_last"),)


class _Resize(_Augment):
    def compute_output_shape(self, input_shape):
        s = list(input_shape)
        if len(s) == 3:  # one unbatched image
            h, w = (0, 1) if self.data_format == "channels_last" else (1, 2)
        elif len(s) == 4:
            h, w = (1, 2) if self.data_format == "channels_last" else (2, 3)
        else:
            raise errors.wrong_rank(self, input_shape, min_ndim=3, max_ndim=4,
                                    meaning="Images are (batch, height, width, channels).")
        s[h], s[w] = self.height, self.width
        return tuple(s)


class RandomCrop(_Resize):
    """Crops a random ``height`` × ``width`` window (at inference: resize to it)."""
    _ARGS = (("height", REQUIRED), ("width", REQUIRED), ("seed", None), ("data_format", None), ("name", None))


class Resizing(_Resize):
    """Resizes images to ``height`` × ``width``."""
    _ARGS = (("height", REQUIRED), ("width", REQUIRED), ("interpolation", "bilinear"),
             ("crop_to_aspect_ratio", False), ("pad_to_aspect_ratio", False), ("fill_mode", "constant"),
             ("fill_value", 0.0), ("antialias", False), ("data_format", None))


class CenterCrop(_Resize):
    """Crops the central ``height`` × ``width`` window (resizes if the image is smaller)."""
    _ARGS = (("height", REQUIRED), ("width", REQUIRED), ("data_format", None))
