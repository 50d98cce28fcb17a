"""Normalization layers.

- BatchNormalization: gamma, beta (trainable), moving_mean, moving_variance (non-trainable),
  each of shape ``(C,)`` with ``C = input_shape[axis]``: ``4·C`` params, ``2·C`` non-trainable.
- LayerNormalization: gamma and beta over the normalized ``axis`` (or axes).
- Normalization (preprocessing): mean and variance over the kept ``axis`` plus a scalar
  ``count``, all non-trainable: ``2·C + 1`` on ``C`` channels; none when ``mean`` and
  ``variance`` are given.
"""

from .. import errors
from ..core import Layer, is_array


def _axis_error(axis, input_shape):
    err = IndexError(
        f"tuple index out of range: axis {axis} does not exist in an input of rank "
        f"{len(input_shape)} (shape {tuple(input_shape)}; valid axes are "
        f"{-len(input_shape)}..{len(input_shape) - 1})")
    err.field = "axis"
    return err


class BatchNormalization(Layer):
    """Normalizes each feature (channel) on ``axis`` with batch statistics."""
    supports_masking = True
    _CALL_ARGS = ("inputs", ("training", None), ("mask", None))
    _ARGS = (("axis", -1), ("momentum", 0.99), ("epsilon", 0.001), ("center", True), ("scale", True),
             ("beta_initializer", "zeros"), ("gamma_initializer", "ones"),
             ("moving_mean_initializer", "zeros"), ("moving_variance_initializer", "ones"),
             ("beta_regularizer", None), ("gamma_regularizer", None), ("beta_constraint", None),
             ("gamma_constraint", None), ("renorm", False), ("renorm_clipping", None),
             ("renorm_momentum", 0.99), ("synchronized", False))
    _CONFIG_ORDER = ("axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
                     "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
                     "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
                     "synchronized")

    def _standardize(self):
        self.axis = int(self.axis)

    def _build(self, input_shape):
        if not -len(input_shape) <= self.axis < len(input_shape):
            raise _axis_error(self.axis, input_shape)
        c = input_shape[self.axis]
        shape = (c,)
        self._input_axes = {self.axis: c}
        self._ndim = len(input_shape)
        if self.scale:
            self.gamma = self._add_weight("gamma", shape)
        if self.center:
            self.beta = self._add_weight("beta", shape)
        self.moving_mean = self._add_weight("moving_mean", shape, trainable=False)
        self.moving_variance = self._add_weight("moving_variance", shape, trainable=False)
        if self.renorm:
            self.moving_stddev = self._add_weight("moving_stddev", shape, trainable=False)
            self.renorm_mean = self._add_weight("renorm_mean", shape, trainable=False)
            self.renorm_stddev = self._add_weight("renorm_stddev", shape, trainable=False)

    def _check_input(self, input_shape):
        if self.built and len(input_shape) != self._ndim:
            raise errors.wrong_rank(self, input_shape, expected_ndim=self._ndim)


class LayerNormalization(Layer):
    """Normalizes each sample over ``axis``; gamma/beta span the normalized axes."""
    supports_masking = True
    _ARGS = (("axis", -1), ("epsilon", 0.001), ("center", True), ("scale", True),
             ("beta_initializer", "zeros"), ("gamma_initializer", "ones"), ("beta_regularizer", None),
             ("gamma_regularizer", None), ("beta_constraint", None), ("gamma_constraint", None),
             ("rms_scaling", False))
    _CONFIG_ORDER = ("axis", "epsilon", "center", "scale", "rms_scaling")

    def _standardize(self):
        if isinstance(self.axis, (list, tuple)):
            self.axis = list(self.axis)
        elif not isinstance(self.axis, int):
            raise errors.keras_error(
                "Expected an int or a list/tuple of ints for the argument 'axis', "
                f"but received: {self.axis!r}", "axis", TypeError)

    def _build(self, input_shape):
        axes = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -len(input_shape) <= a < len(input_shape):
                raise _axis_error(a, input_shape)
        shape = tuple(input_shape[a] for a in axes)
        self.axis = axes
        if self.scale or self.rms_scaling:
            self.gamma = self._add_weight("gamma", shape)
        if self.center and not self.rms_scaling:
            self.beta = self._add_weight("beta", shape)


class Normalization(Layer):
    """Feature-wise ``(x - mean) / sqrt(variance)``; statistics are non-trainable weights."""
    supports_masking = True
    _ARGS = (("axis", -1), ("mean", None), ("variance", None), ("invert", False))
    _CONFIG_ORDER = ("axis", "invert")

    def _standardize(self):
        if self.axis is None:
            self.axis = ()
        elif isinstance(self.axis, int):
            self.axis = (self.axis,)
        else:
            self.axis = tuple(self.axis)
        if (self.mean is None) != (self.variance is None):
            raise errors.keras_error(
                "When setting values directly, both `mean` and `variance` must be set. "
                f"Received: mean={self.mean} and variance={self.variance}", "mean")

    def _build(self, input_shape):
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise errors.keras_error(
                "All `axis` values must be in the range [-ndim, ndim). "
                f"Received inputs with ndim={ndim}, while axis={self.axis}", "axis")
        keep = tuple(sorted(a if a >= 0 else a + ndim for a in self.axis))
        shape = tuple(input_shape[d] for d in keep)
        if self.mean is None:
            self.adapt_mean = self._add_weight("mean", shape, trainable=False)
            self.adapt_variance = self._add_weight("variance", shape, trainable=False)
            self.count = self._add_weight("count", (), trainable=False)

    def adapt(self, data, batch_size=None, steps=None):
        """Keras on an array: the layer is built for the array's shape and ``mean`` /
        ``variance`` become tensors of Keras's broadcast shape (``(1, 8)`` for ``(100, 8)``
        data), shape-only here. Other data (a ``tf.data`` dataset...) is refused."""
        if not is_array(data):
            raise NotImplementedError(
                "ConvDims computes shapes and parameter counts; Normalization.adapt() reads "
                f"the data, and ConvDims has only the shape of arrays (received "
                f"{type(data).__name__}).")
        from .. import torch
        shape = tuple(data.shape)
        if not self.built:
            self.build(shape)
        keep = {a % len(shape) for a in self.axis}
        broadcast = tuple(n if d in keep else 1 for d, n in enumerate(shape))
        self.mean = torch.empty(broadcast)
        self.variance = torch.empty(broadcast)


class UnitNormalization(Layer):
    """Scales each sample to unit L2 norm along ``axis``; shape unchanged."""
    supports_masking = True
    _ARGS = (("axis", -1),)
    _BUILT_AT_INIT = True


class GroupNormalization(Layer):
    """Group normalization: gamma and beta of shape ``(C,)`` on ``axis``."""
    supports_masking = True
    _ARGS = (("groups", 32), ("axis", -1), ("epsilon", 0.001), ("center", True), ("scale", True),
             ("beta_initializer", "zeros"), ("gamma_initializer", "ones"), ("beta_regularizer", None),
             ("gamma_regularizer", None), ("beta_constraint", None), ("gamma_constraint", None))

    def _build(self, input_shape):
        c = input_shape[self.axis]
        if c % self.groups:
            raise errors.keras_error(
                f"Number of groups ({self.groups}) must be a multiple of the number of channels ({c}).",
                "groups")
        if self.scale:
            self.gamma = self._add_weight("gamma", (c,))
        if self.center:
            self.beta = self._add_weight("beta", (c,))
