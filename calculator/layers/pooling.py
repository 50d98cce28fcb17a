"""Pooling: Max/AveragePooling1D/2D/3D and the global poolings (no weights).

Rules (Keras 3): ``strides`` defaults to ``pool_size``; MaxPooling's ``pool_size`` defaults
to 2 per axis, AveragePooling has no default; ``valid``: ``floor((n - p) / s) + 1`` and a
result <= 0 fails at call; ``same``: ``ceil(n / s)``. ``padding`` is checked at call and is
case-sensitive. Global pooling drops the spatial axes (``keepdims=True`` keeps them as 1).
"""

from .. import errors, shapes
from . import _torch_backend
from ..core import REQUIRED, Layer
from ._utils import check_ndim, normalize_data_format, normalize_tuple, spatial_axes, with_spatial


def _pool_args(rank, default):
    return (("pool_size", default), ("strides", None), ("padding", "valid"),
            ("data_format", None), ("name", None))


class _Pooling(Layer):
    rank = 2
    _BUILT_AT_INIT = True
    _CONFIG_ORDER = ("pool_size", "padding", "strides")
    _TRACED_SHAPE_ERROR = RuntimeError  # Keras's call goes straight to torch's pooling

    def _standardize(self):
        self.pool_size = normalize_tuple(self.pool_size, self.rank, "pool_size")
        strides = self.pool_size if self.strides is None else self.strides
        self.strides = normalize_tuple(strides, self.rank, "strides", allow_zero=True)
        self.data_format = normalize_data_format(self.data_format)

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=self.rank + 2)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.padding not in ("valid", "same"):
            raise errors.keras_error(
                f"Argument `padding` must be either 'valid' or 'same'. Received: padding={self.padding}",
                "padding")
        if 0 in self.strides:
            raise errors.keras_error(
                f"`strides` must be positive: the pooling window must move. Received strides={self.strides}.",
                "strides")
        axes = spatial_axes(len(input_shape), self.data_format)
        out = []
        for i, axis in enumerate(axes):
            n = input_shape[axis]
            length = shapes.pooling_output_length(n, self.pool_size[i], self.strides[i], self.padding)
            if n is not None and length <= 0:
                raise errors.pool_too_large(
                    self.pool_size[i], self.strides[i], n, axis, self.rank, self.data_format,
                    errors.pool_output_nonpositive(input_shape, self.pool_size, self.strides, self.padding))
            out.append(length)
        c = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        return with_spatial(input_shape, out, c, self.data_format)

    def _eager_output_shape(self, input_shape):
        if self.padding == "valid":
            _torch_backend.check_pool(input_shape, self.pool_size, self.strides, self.data_format,
                                      average=type(self).__name__.startswith("Average"))
        return self.compute_output_shape(input_shape)


class MaxPooling1D(_Pooling):
    """Max over windows of ``pool_size`` steps (default 2)."""
    rank = 1
    _ARGS = _pool_args(1, 2)


class MaxPooling2D(_Pooling):
    """Max over ``pool_size`` windows (default (2, 2))."""
    rank = 2
    _ARGS = _pool_args(2, (2, 2))


class MaxPooling3D(_Pooling):
    """Max over ``pool_size`` windows (default (2, 2, 2))."""
    rank = 3
    _ARGS = _pool_args(3, (2, 2, 2))


class AveragePooling1D(_Pooling):
    """Mean over windows of ``pool_size`` steps (required)."""
    rank = 1
    _ARGS = _pool_args(1, REQUIRED)


class AveragePooling2D(_Pooling):
    """Mean over ``pool_size`` windows (required)."""
    rank = 2
    _ARGS = _pool_args(2, REQUIRED)


class AveragePooling3D(_Pooling):
    """Mean over ``pool_size`` windows (required)."""
    rank = 3
    _ARGS = _pool_args(3, REQUIRED)


class _GlobalPooling(Layer):
    rank = 2
    _BUILT_AT_INIT = True
    _ARGS = (("data_format", None), ("keepdims", False))

    def _standardize(self):
        self.data_format = normalize_data_format(self.data_format)

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=self.rank + 2)

    def compute_output_shape(self, input_shape):
        """(batch, channels), or with keepdims (batch, 1, ..., 1, channels)."""
        s = tuple(input_shape)
        if self.data_format == "channels_last":
            return (s[0],) + (1,) * self.rank + (s[-1],) if self.keepdims else (s[0], s[-1])
        return (s[0], s[1]) + (1,) * self.rank if self.keepdims else (s[0], s[1])


class GlobalMaxPooling1D(_GlobalPooling):
    rank = 1


class GlobalMaxPooling2D(_GlobalPooling):
    rank = 2


class GlobalMaxPooling3D(_GlobalPooling):
    rank = 3


class GlobalAveragePooling1D(_GlobalPooling):
    supports_masking = True
    _CALL_ARGS = ("inputs", ("mask", None))

    def compute_mask(self, inputs, mask=None):
        return None

    rank = 1


class GlobalAveragePooling2D(_GlobalPooling):
    rank = 2


class GlobalAveragePooling3D(_GlobalPooling):
    rank = 3


MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D)
