"""Convolutions: Conv1D/2D/3D, their transposes, separable and depthwise convolutions.

Shape rules live in ``calculator.shapes``; parameter rules (Keras 3):

- Conv: kernel ``kernel_size + (C_in / groups, filters)`` + bias ``(filters,)``.
- ConvTranspose: kernel ``kernel_size + (filters, C_in)`` + bias ``(filters,)``.
- Depthwise: kernel ``kernel_size + (C_in, depth_multiplier)`` + bias ``(C_in·depth_multiplier,)``.
- Separable: depthwise_kernel ``kernel_size + (C_in, depth_multiplier)``, pointwise_kernel
  ``(1,)*rank + (C_in·depth_multiplier, filters)`` + bias ``(filters,)``.

Errors (as Keras 3): ``strides > 1`` with ``dilation_rate > 1`` is rejected at construction for
Conv and ConvTranspose (Depthwise and Separable allow it); ``causal`` padding exists only for
Conv1D; ``filters`` must be divisible by ``groups`` (construction) and so must the input's
channels (call); a ``valid`` kernel longer than the input fails at call.
"""

from .. import errors, shapes
from . import _torch_backend
from ..core import REQUIRED, Layer, is_shape
from ._utils import (channel_axis, check_ndim, check_output_dims, check_positive_int,
                     normalize_activation, normalize_data_format, normalize_padding, normalize_tuple,
                     spatial_axes, with_spatial)



def _conv_args(rank, kind):
    one = 1 if rank == 1 else (1,) * rank
    if kind == "conv":
        head = [("filters", REQUIRED), ("kernel_size", REQUIRED), ("strides", one),
                ("padding", "valid"), ("data_format", None), ("dilation_rate", one), ("groups", 1)]
    elif kind == "transpose":
        head = [("filters", REQUIRED), ("kernel_size", REQUIRED), ("strides", one),
                ("padding", "valid"), ("output_padding", None), ("data_format", None),
                ("dilation_rate", one)]
        if rank == 3:  # Keras puts data_format before output_padding in Conv3DTranspose
            head[4], head[5] = head[5], head[4]
    elif kind == "separable":
        head = [("filters", REQUIRED), ("kernel_size", REQUIRED), ("strides", one),
                ("padding", "valid"), ("data_format", None), ("dilation_rate", one),
                ("depth_multiplier", 1)]
    else:  # depthwise
        head = [("kernel_size", REQUIRED), ("strides", one), ("padding", "valid"),
                ("depth_multiplier", 1), ("data_format", None), ("dilation_rate", one)]
    head += [("activation", None), ("use_bias", True)]
    if kind in ("conv", "transpose"):
        tail = [("kernel_initializer", "glorot_uniform"), ("bias_initializer", "zeros"),
                ("kernel_regularizer", None), ("bias_regularizer", None),
                ("activity_regularizer", None), ("kernel_constraint", None), ("bias_constraint", None)]
    elif kind == "separable":
        tail = [("depthwise_initializer", "glorot_uniform"), ("pointwise_initializer", "glorot_uniform"),
                ("bias_initializer", "zeros"), ("depthwise_regularizer", None),
                ("pointwise_regularizer", None), ("bias_regularizer", None),
                ("activity_regularizer", None), ("depthwise_constraint", None),
                ("pointwise_constraint", None), ("bias_constraint", None)]
    else:
        tail = [("depthwise_initializer", "glorot_uniform"), ("bias_initializer", "zeros"),
                ("depthwise_regularizer", None), ("bias_regularizer", None),
                ("activity_regularizer", None), ("depthwise_constraint", None), ("bias_constraint", None)]
    return tuple(head + tail)


class _BaseConv(Layer):
    """Shared logic: argument checks, input checks, output shape, kernel-too-large error."""

    rank = 2
    _KIND = "conv"
    _ALLOW_STRIDE_AND_DILATION = False

    def _standardize(self):
        r = self.rank
        for arg in ("filters", "depth_multiplier"):
            value = getattr(self, arg, None)
            if value is not None and value <= 0:  # non-integers fail later, at call (as Keras)
                raise errors.keras_error(
                    f"Invalid value for argument `{arg}`. Expected a strictly positive value. "
                    f"Received {arg}={value}." + (" filters is the number of kernels, i.e. the "
                                                  "number of output channels." if arg == "filters" else ""),
                    arg)
        self.kernel_size = normalize_tuple(self.kernel_size, r, "kernel_size")
        self.strides = normalize_tuple(self.strides, r, "strides")
        self.dilation_rate = normalize_tuple(self.dilation_rate, r, "dilation_rate")
        allow_causal = self._KIND == "conv" and r == 1
        self.padding = normalize_padding(self.padding, allow_causal=allow_causal)
        self.data_format = normalize_data_format(self.data_format)
        if self._KIND == "conv":
            check_positive_int(self.groups, "groups")
            if self.filters % self.groups != 0:
                raise errors.keras_error(
                    "The number of filters must be evenly divisible by the number of groups. "
                    f"Received: groups={self.groups}, filters={self.filters}.", "groups")
        if not self._ALLOW_STRIDE_AND_DILATION and max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise errors.keras_error(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}. "
                "Use strides=1 with a dilated kernel, or dilation_rate=1 with a stride.", "strides")
        self.activation = normalize_activation(self.activation)

    def _check_input(self, input_shape):
        if not (type(input_shape) is tuple and len(input_shape) == self.rank + 2 and is_shape(input_shape)):
            # Keras's InputSpec is min_ndim=rank+2: an input with more axes passes here and
            # fails when the output shape is computed (see _too_many_axes).
            check_ndim(self, input_shape, min_ndim=self.rank + 2,
                       meaning=f"{type(self).__name__} expects (batch, "
                       + ", ".join(["steps"] if self.rank == 1 else (["height", "width"] if self.rank == 2 else ["depth", "height", "width"]))
                       + ", channels) with data_format='channels_last'.")
        for arg in ("filters", "depth_multiplier"):
            value = getattr(self, arg, 1)
            if isinstance(value, bool) or not isinstance(value, int):
                raise errors.keras_error(
                    f"Cannot convert the kernel shape to a shape: found invalid dimension '{value}' "
                    f"of type '{type(value)}'. `{arg}` must be a whole number, e.g. {arg}=8.", arg)
        c = input_shape[channel_axis(self.data_format)]
        if c is None:
            raise errors.keras_error(
                f"The channel dimension of the inputs to {type(self).__name__} should be defined. "
                f"Found None in input shape {input_shape}.", "input_shape")

    def _in_channels(self, input_shape):
        return input_shape[channel_axis(self.data_format)]

    def _out_channels(self, input_shape):
        return self.filters

    def _spatial_length(self, n, i):
        return shapes.conv_output_length(n, self.kernel_size[i], self.strides[i], self.padding,
                                         self.dilation_rate[i])

    def _too_many_axes(self, input_shape):
        """Keras's error for an input with more axes than ``rank + 2`` (raised by the
        convolution op once the layer is built): the kernel has one axis per input axis."""
        kernel_shape = self.kernel_size + (self._in_channels(input_shape), self._out_channels(input_shape))
        return errors.keras_error(
            "Kernel shape must have the same length as input, but received kernel of shape "
            f"{kernel_shape} and input of shape {tuple(input_shape)}. {type(self).__name__} "
            f"expects {self.rank + 2} axes (batch, {self.rank} spatial, channels) but the input "
            f"has {len(input_shape)}." + errors.BATCH_AXIS_HINT * (len(input_shape) == self.rank + 3),
            "input_shape")

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise self._too_many_axes(input_shape)
        axes = spatial_axes(len(input_shape), self.data_format)
        out = []
        for i, axis in enumerate(axes):
            n = input_shape[axis]
            length = self._spatial_length(n, i)
            if n is not None and length <= 0:
                kernel_shape = self.kernel_size + (self._in_channels(input_shape),
                                                   self._out_channels(input_shape))
                raise errors.kernel_too_large(
                    "kernel_size", self.kernel_size[i], self.dilation_rate[i], n, axis, self.rank,
                    self.strides[i], self.data_format,
                    errors.conv_output_nonpositive(input_shape, kernel_shape, self.dilation_rate,
                                                   self.strides, self.padding))
            out.append(length)
        return with_spatial(input_shape, out, self._out_channels(input_shape), self.data_format)


    def _eager_output_shape(self, input_shape):
        if self.padding == "valid" and self._KIND != "transpose":
            _torch_backend.check_conv(input_shape, self.kernel_size, self.strides,
                                      self.dilation_rate, self.data_format)
        return self.compute_output_shape(input_shape)


class _Conv(_BaseConv):
    def _check_input(self, input_shape):
        super()._check_input(input_shape)
        c = self._in_channels(input_shape)
        if c % self.groups != 0:
            raise errors.keras_error(
                "The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {c} channels (full input shape "
                f"is {tuple(input_shape)}).", "groups")

    def _build(self, input_shape):
        self.compute_output_shape(input_shape)  # as Keras's build: the output size is checked
        c = self._in_channels(input_shape)
        self._input_axes = {channel_axis(self.data_format): c}
        self.kernel = self._add_weight("kernel", self.kernel_size + (c // self.groups, self.filters))
        self.bias = self._add_weight("bias", (self.filters,)) if self.use_bias else None


class Conv1D(_Conv):
    """1D convolution (``padding='causal'`` allowed: length as ``same``)."""
    rank = 1
    _ARGS = _conv_args(1, "conv")


class Conv2D(_Conv):
    """2D convolution over (height, width)."""
    rank = 2
    _ARGS = _conv_args(2, "conv")


class Conv3D(_Conv):
    """3D convolution over (depth, height, width)."""
    rank = 3
    _ARGS = _conv_args(3, "conv")


class _ConvTranspose(_BaseConv):
    _KIND = "transpose"

    def _standardize(self):
        super()._standardize()
        if self.output_padding is not None:
            self.output_padding = normalize_tuple(self.output_padding, self.rank, "output_padding",
                                                  allow_zero=True)
            for i, (op, s) in enumerate(zip(self.output_padding, self.strides)):
                if op >= s:
                    raise errors.keras_error(
                        "Strides must be greater than output padding. "
                        f"At index {i}, `output_padding` is {op} and `strides` is {s}. "
                        f"Received: output_padding={self.output_padding}, strides={self.strides}.",
                        "output_padding")

    def _build(self, input_shape):
        c = self._in_channels(input_shape)
        self._input_axes = {channel_axis(self.data_format): c}
        self.kernel = self._add_weight("kernel", self.kernel_size + (self.filters, c))
        self.bias = self._add_weight("bias", (self.filters,)) if self.use_bias else None

    def _spatial_length(self, n, i):
        op = None if self.output_padding is None else self.output_padding[i]
        return shapes.conv_transpose_output_length(n, self.kernel_size[i], self.strides[i],
                                                   self.padding, op, self.dilation_rate[i])

    def _too_many_axes(self, input_shape):
        """Keras 3.15 fails with a bare IndexError here (its output-shape helper indexes
        past the kernel's axes); same type, Keras's text first, then the reason."""
        error = IndexError(
            f"tuple index out of range ({type(self).__name__} expects {self.rank + 2} axes (batch, "
            f"{self.rank} spatial, channels) but the input {tuple(input_shape)} has "
            f"{len(input_shape)}." + errors.BATCH_AXIS_HINT * (len(input_shape) == self.rank + 3) + ")")
        error.field = "input_shape"
        return error

    def compute_output_shape(self, input_shape):
        """A transposed convolution may output a length of 0 (e.g. ``same`` with
        ``output_padding=0``, an even kernel and one input pixel: ``0·s + 0 + 0``), as
        Keras does; a negative length is Keras's "Negative dimensions" error."""
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise self._too_many_axes(input_shape)
        out = [self._spatial_length(input_shape[axis], i)
               for i, axis in enumerate(spatial_axes(len(input_shape), self.data_format))]
        output_shape = with_spatial(input_shape, out, self.filters, self.data_format)
        return check_output_dims(
            output_shape, "kernel_size",
            "A transposed convolution's output length is (n - 1)·strides + k_eff + output_padding "
            "with padding='valid' and (n - 1)·strides + k_eff % 2 + output_padding with "
            "padding='same' and an output_padding; here it falls below zero.")


class Conv1DTranspose(_ConvTranspose):
    """1D transposed convolution."""
    rank = 1
    _ARGS = _conv_args(1, "transpose")


class Conv2DTranspose(_ConvTranspose):
    """2D transposed convolution."""
    rank = 2
    _ARGS = _conv_args(2, "transpose")


class Conv3DTranspose(_ConvTranspose):
    """3D transposed convolution."""
    rank = 3
    _ARGS = _conv_args(3, "transpose")
    _CONFIG_ORDER = ("filters", "kernel_size", "strides", "padding", "output_padding")


class _Depthwise(_BaseConv):
    _KIND = "depthwise"
    _CONFIG_ORDER = ("depth_multiplier",)
    _ALLOW_STRIDE_AND_DILATION = True

    def _out_channels(self, input_shape):
        return self._in_channels(input_shape) * self.depth_multiplier

    def _build(self, input_shape):
        self.compute_output_shape(input_shape)  # as Keras's build: the output size is checked
        c = self._in_channels(input_shape)
        self._input_axes = {channel_axis(self.data_format): c}
        self.kernel = self._add_weight("kernel", self.kernel_size + (c, self.depth_multiplier))
        self.bias = self._add_weight("bias", (c * self.depth_multiplier,)) if self.use_bias else None


class DepthwiseConv1D(_Depthwise):
    """1D depthwise convolution: one kernel (times depth_multiplier) per input channel."""
    rank = 1
    _ARGS = _conv_args(1, "depthwise")


class DepthwiseConv2D(_Depthwise):
    """2D depthwise convolution: one kernel (times depth_multiplier) per input channel."""
    rank = 2
    _ARGS = _conv_args(2, "depthwise")


class _Separable(_BaseConv):
    _KIND = "separable"
    _CONFIG_ORDER = ("depth_multiplier",)
    _ALLOW_STRIDE_AND_DILATION = True

    def _build(self, input_shape):
        self.compute_output_shape(input_shape)  # as Keras's build: the output size is checked
        c = self._in_channels(input_shape)
        self._input_axes = {channel_axis(self.data_format): c}
        m = self.depth_multiplier
        self.depthwise_kernel = self._add_weight("depthwise_kernel", self.kernel_size + (c, m))
        self.pointwise_kernel = self._add_weight("pointwise_kernel", (1,) * self.rank + (c * m, self.filters))
        self.bias = self._add_weight("bias", (self.filters,)) if self.use_bias else None


class SeparableConv1D(_Separable):
    """1D depthwise-separable convolution (depthwise, then 1-wide pointwise)."""
    rank = 1
    _ARGS = _conv_args(1, "separable")


class SeparableConv2D(_Separable):
    """2D depthwise-separable convolution (depthwise, then 1×1 pointwise)."""
    rank = 2
    _ARGS = _conv_args(2, "separable")


# Keras aliases
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution1DTranspose, Convolution2DTranspose, Convolution3DTranspose = (
    Conv1DTranspose, Conv2DTranspose, Conv3DTranspose)
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
