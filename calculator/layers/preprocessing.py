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
    supports_masking = True
    _ARGS = (("scale", REQUIRED), ("offset", 0.0))


def keras_factor(factor, bounds):
    """Keras's ``_set_factor`` (RandomRotation, RandomBrightness: bounds ``(-1, 1)``;
    RandomContrast: ``(0, 1)``): a number ``f`` -> ``(max(-|f|, low), |f|)``, a pair -> sorted;
    out of bounds, or anything else, raises Keras's ``ValueError``.

    >>> keras_factor(0.2, (-1, 1)), keras_factor(0.2, (0, 1)), keras_factor([0.3, -0.1], (-1, 1))
    ((-0.2, 0.2), (0, 0.2), (-0.1, 0.3))
    """
    low, high = bounds
    if isinstance(factor, (tuple, list)) and len(factor) == 2 and not (
            factor[0] > high or factor[1] < low):
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)) and low <= factor <= high:
        return max(-abs(factor), low), abs(factor)
    raise errors.keras_error(
        "The `factor` argument should be a number (or a list of two numbers) in the range "
        f"[{low}, {high}]. Received: factor={factor}", "factor")


class _Augment(Layer):
    _CALL_ARGS = ("data", ("training", True))
    _CONFIG_ORDER = ("data_format",)
    _FACTOR_BOUNDS = None  # Keras's bounds of ``factor`` where it normalizes it (keras_factor)

    def _standardize(self):
        if hasattr(self, "data_format"):
            self.data_format = normalize_data_format(self.data_format)
        if self._FACTOR_BOUNDS:
            self.factor = keras_factor(self.factor, self._FACTOR_BOUNDS)


class RandomFlip(_Augment):
    """Random horizontal and/or vertical flips."""
    _CONVERT_INPUT_ARGS = False
    _ARGS = (("mode", "horizontal_and_vertical"), ("seed", None), ("data_format", None))
    _CONFIG_ORDER = ("data_format", "seed")
    # Keras 3 does not check ``mode`` when the layer is built on symbolic inputs.


class RandomRotation(_Augment):
    """Random rotations by up to ``factor`` · 2π."""
    _ARGS = (("factor", REQUIRED), ("fill_mode", "reflect"), ("interpolation", "bilinear"),
             ("seed", None), ("fill_value", 0.0), ("data_format", None))
    _CONFIG_ORDER = ("data_format", "factor", "fill_mode", "fill_value")
    _FACTOR_BOUNDS = (-1, 1)


class RandomZoom(_Augment):
    """Random zoom in/out."""
    _ARGS = (("height_factor", REQUIRED), ("width_factor", None), ("fill_mode", "reflect"),
             ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0), ("data_format", None))


class RandomTranslation(_Augment):
    """Random shifts."""
    _ARGS = (("height_factor", REQUIRED), ("width_factor", REQUIRED), ("fill_mode", "reflect"),
             ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0), ("data_format", None))


class _ValueAugment(_Augment):
    """RandomContrast / RandomBrightness: ``data_format`` only as a keyword (as in Keras)."""
    _CONFIG_ADD = (("data_format", "channels_last"),)

    def __init__(self, *args, data_format=None, **kwargs):
        self.data_format = data_format
        super().__init__(*args, **kwargs)


class RandomContrast(_ValueAugment):
    """Random contrast changes."""
    _ARGS = (("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None))
    _FACTOR_BOUNDS = (0, 1)


class RandomBrightness(_ValueAugment):
    """Random brightness changes (Keras keeps ``value_range`` sorted, as a list)."""
    _ARGS = (("factor", REQUIRED), ("value_range", (0, 255)), ("seed", None))
    _FACTOR_BOUNDS = (-1, 1)

    def _standardize(self):
        super()._standardize()
        self.value_range = sorted(self.value_range)


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
    _CONVERT_INPUT_ARGS = False
    _ARGS = (("height", REQUIRED), ("width", REQUIRED), ("seed", None), ("data_format", None), ("name", None))


class Resizing(_Resize):
    """Resizes images to ``height`` × ``width``."""
    _ARGS = (("height", REQUIRED), ("width", REQUIRED), ("interpolation", "bilinear"),
             ("crop_to_aspect_ratio", False), ("pad_to_aspect_ratio", False), ("fill_mode", "constant"),
             ("fill_value", 0.0), ("antialias", False), ("data_format", None))


class CenterCrop(_Resize):
    """Crops the central ``height`` × ``width`` window (resizes if the image is smaller)."""
    _ARGS = (("height", REQUIRED), ("width", REQUIRED), ("data_format", None))
