"""Dropout family: shape-preserving, no weights (built at construction, as in Keras 3)."""

from .. import errors
from ..core import REQUIRED, Layer
from ._utils import check_ndim, normalize_data_format


def _check_rate(rate):
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
        raise errors.keras_error(
            "Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
            f"Received: rate={rate!r} (the fraction of units dropped during training).", "rate")


class Dropout(Layer):
    """Randomly zeroes a fraction ``rate`` of the inputs during training; shape unchanged."""
    _CALL_ARGS = ("inputs", ("training", False))
    supports_masking = True
    _ARGS = (("rate", REQUIRED), ("noise_shape", None), ("seed", None))
    _CONFIG_ORDER = ("rate", "seed")
    _BUILT_AT_INIT = True

    def _standardize(self):
        _check_rate(self.rate)


class _SpatialDropout(Layer):
    _CALL_ARGS = ("inputs", ("training", False))
    supports_masking = True
    _VAR_KWARGS = False
    _BUILT_AT_INIT = True
    rank = 2

    def get_config(self):
        """Keras builds this config itself: no ``trainable``, ``rate`` and ``seed`` first,
        ``dtype`` the variable dtype's name (not the serialized policy)."""
        config = dict(super().get_config(), dtype=self.dtype)
        return {k: config[k] for k in ("rate", "seed", "name", "dtype", "data_format")
                if k in config}

    def _standardize(self):
        _check_rate(self.rate)
        if hasattr(self, "data_format"):
            self.data_format = normalize_data_format(self.data_format)

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=self.rank + 2)


class SpatialDropout1D(_SpatialDropout):
    """Drops whole channels of (batch, steps, channels) inputs."""
    rank = 1
    _ARGS = (("rate", REQUIRED), ("seed", None), ("name", None), ("dtype", None))


class SpatialDropout2D(_SpatialDropout):
    """Drops whole feature maps of 4D inputs."""
    rank = 2
    _ARGS = (("rate", REQUIRED), ("data_format", None), ("seed", None), ("name", None), ("dtype", None))


class SpatialDropout3D(_SpatialDropout):
    """Drops whole feature volumes of 5D inputs."""
    rank = 3
    _ARGS = (("rate", REQUIRED), ("data_format", None), ("seed", None), ("name", None), ("dtype", None))


class GaussianNoise(Layer):
    """Adds Gaussian noise during training; shape unchanged."""
    _CALL_ARGS = ("inputs", ("training", False))
    supports_masking = True
    _ARGS = (("stddev", REQUIRED), ("seed", None))
    _BUILT_AT_INIT = True


class GaussianDropout(Layer):
    """Multiplicative Gaussian noise during training; shape unchanged."""
    _CALL_ARGS = ("inputs", ("training", False))
    supports_masking = True
    _ARGS = (("rate", REQUIRED), ("seed", None))
    _BUILT_AT_INIT = True


class AlphaDropout(Layer):
    """Dropout that keeps mean and variance (for SELU); shape unchanged."""
    _CALL_ARGS = ("inputs", ("training", False))
    supports_masking = True
    _ARGS = (("rate", REQUIRED), ("noise_shape", None), ("seed", None))
    _CONFIG_ORDER = ("rate", "seed")
    _BUILT_AT_INIT = True


class ActivityRegularization(Layer):
    """Adds an activity penalty; shape unchanged."""
    supports_masking = True
    _ARGS = (("l1", 0.0), ("l2", 0.0))
    _BUILT_AT_INIT = True
