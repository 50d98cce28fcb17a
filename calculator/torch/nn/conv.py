"""``nn.Conv1d/2d/3d``, ``nn.ConvTranspose1d/2d/3d`` and their lazy versions.

Weights are ``[out_channels, in_channels / groups, *kernel_size]`` (transposed:
``[in_channels, out_channels / groups, *kernel_size]``), bias ``[out_channels]``. Arguments,
defaults, validation messages and ``extra_repr`` are PyTorch's; shapes come from
``functional`` (``floor((n + 2p − d(k−1) − 1)/s) + 1``).
"""

from .. import _fix
from . import functional as F
from ._lazy import LazyMixin
from .module import Module
from .parameter import empty

_PADDING_STRINGS = ("valid", "same")
_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


_param = empty


def _ntuple(value, n):
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    _n = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 transposed, output_padding, groups, bias, padding_mode, device=None, dtype=None):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise _fix.groups_mismatch("in_channels", in_channels, out_channels, groups)
        if out_channels % groups != 0:
            raise _fix.groups_mismatch("out_channels", in_channels, out_channels, groups)
        if isinstance(padding, str):
            if padding not in _PADDING_STRINGS:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 "{'valid', 'same'}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError("padding_mode must be one of {'circular', 'reflect', 'replicate', "
                             f"'zeros'}}, but got padding_mode='{padding_mode}'")
        d = self.__dict__
        d.update(in_channels=in_channels, out_channels=out_channels, kernel_size=kernel_size,
                 stride=stride, padding=padding, dilation=dilation, transposed=transposed,
                 output_padding=output_padding, groups=groups, padding_mode=padding_mode)
        if isinstance(padding, str):
            pairs = [(0, 0)] * len(kernel_size) if padding == "valid" else [
                F.rules.same_padding_split(k, dl) for k, dl in zip(kernel_size, dilation)]
            d["_reversed_padding_repeated_twice"] = [v for pair in reversed(pairs) for v in pair]
        else:
            d["_reversed_padding_repeated_twice"] = [v for p in reversed(padding) for v in (p, p)]
        self._make_weights(bias, dtype)

    def _make_weights(self, bias, dtype):
        if self.transposed:
            self.weight = _param(self.in_channels, self.out_channels // self.groups,
                                 *self.kernel_size, dtype=dtype)
        else:
            self.weight = _param(self.out_channels, self.in_channels // self.groups,
                                 *self.kernel_size, dtype=dtype)
        if bias:
            self.bias = _param(self.out_channels, dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def reset_parameters(self):
        return None

    def extra_repr(self):
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)


def _conv_class(n, functional):
    class ConvNd(_ConvNd):
        def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                     dilation=1, groups=1, bias=True, padding_mode="zeros", device=None,
                     dtype=None):
            padding = padding if isinstance(padding, str) else _ntuple(padding, n)
            super().__init__(in_channels, out_channels, _ntuple(kernel_size, n),
                             _ntuple(stride, n), padding, _ntuple(dilation, n), False,
                             (0,) * n, groups, bias, padding_mode, device, dtype)

        def _conv_forward(self, input, weight, bias):
            if self.padding_mode != "zeros":
                padded = F.pad(input, self._reversed_padding_repeated_twice,
                               mode=self.padding_mode)
                return functional(padded, weight, bias, self.stride, (0,) * n, self.dilation,
                                  self.groups)
            return functional(input, weight, bias, self.stride, self.padding, self.dilation,
                              self.groups)

        def forward(self, input):
            return self._conv_forward(input, self.weight, self.bias)

    ConvNd.__name__ = ConvNd.__qualname__ = f"Conv{n}d"
    return ConvNd


Conv1d = _conv_class(1, F.conv1d)
Conv2d = _conv_class(2, F.conv2d)
Conv3d = _conv_class(3, F.conv3d)


def _conv_transpose_class(n, functional):
    class ConvTransposeNd(_ConvNd):
        def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                     output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros",
                     device=None, dtype=None):
            if padding_mode != "zeros":
                raise ValueError(
                    f'Only "zeros" padding mode is supported for {type(self).__name__}')
            padding = tuple(padding) if isinstance(padding, (str, list, tuple)) else \
                (padding,) * n  # PyTorch's _ntuple spreads a string into its letters
            super().__init__(in_channels, out_channels, _ntuple(kernel_size, n),
                             _ntuple(stride, n), padding, _ntuple(dilation, n),
                             True, _ntuple(output_padding, n), groups, bias, padding_mode,
                             device, dtype)

        def forward(self, input, output_size=None):
            if any(isinstance(p, str) for p in self.padding):
                raise TypeError(f"conv_transpose{n}d(): argument 'padding' (position 5) must be "
                                "tuple of ints, but found element of type str at pos 0")
            output_padding = self._output_padding(input, output_size)
            return functional(input, self.weight, self.bias, self.stride, self.padding,
                              output_padding, self.groups, self.dilation)

        def _output_padding(self, input, output_size):
            """``output_size=`` picks ``output_padding``: the size must lie in
            ``[(n − 1)s − 2p + d(k−1) + 1, that + s − 1]`` (PyTorch's rule and message)."""
            if output_size is None:
                return self.output_padding
            non_spatial = 2 if input.dim() == n + 2 else 1
            if len(output_size) == non_spatial + n:
                output_size = output_size[non_spatial:]
            if len(output_size) != n:
                raise ValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size must "
                                 f"have {n} or {non_spatial + n} elements (got "
                                 f"{len(output_size)})")
            lows = [F.rules.conv_transpose_output_length(
                input.shape[d + non_spatial], self.kernel_size[d], self.stride[d],
                self.padding[d], 0, self.dilation[d]) for d in range(n)]
            highs = [low + self.stride[d] - 1 for d, low in enumerate(lows)]
            for size, low, high in zip(output_size, lows, highs):
                if not low <= size <= high:
                    raise ValueError(f"requested an output size of {output_size}, but valid "
                                     f"sizes range from {lows} to {highs} (for an input of "
                                     f"{input.shape[2:]})")
            return tuple(size - low for size, low in zip(output_size, lows))

    ConvTransposeNd.__name__ = ConvTransposeNd.__qualname__ = f"ConvTranspose{n}d"
    return ConvTransposeNd


ConvTranspose1d = _conv_transpose_class(1, F.conv_transpose1d)
ConvTranspose2d = _conv_transpose_class(2, F.conv_transpose2d)
ConvTranspose3d = _conv_transpose_class(3, F.conv_transpose3d)


def _lazy_class(base, n):
    class LazyConv(LazyMixin, base):
        cls_to_become = base

        def __init__(self, out_channels, kernel_size, stride=1, padding=0, *args, **kwargs):
            bias = kwargs.get("bias", True)
            kwargs["bias"] = False
            base.__init__(self, 0, 0, kernel_size, stride, padding, *args, **kwargs)
            self.out_channels = out_channels
            self.weight = self._uninitialized()
            if bias:
                self.bias = self._uninitialized()
            self._lazy_setup()

        def initialize_parameters(self, input, *args, **kwargs):
            channels = input.shape[1] if input.dim() == n + 2 else input.shape[0]
            self.in_channels = channels
            if channels % self.groups != 0:
                raise ValueError("in_channels must be divisible by groups")
            has_bias = self.bias is not None
            self._make_weights(has_bias, None)

    LazyConv.__name__ = LazyConv.__qualname__ = "Lazy" + base.__name__
    return LazyConv


LazyConv1d = _lazy_class(Conv1d, 1)
LazyConv2d = _lazy_class(Conv2d, 2)
LazyConv3d = _lazy_class(Conv3d, 3)
LazyConvTranspose1d = _lazy_class(ConvTranspose1d, 1)
LazyConvTranspose2d = _lazy_class(ConvTranspose2d, 2)
LazyConvTranspose3d = _lazy_class(ConvTranspose3d, 3)
