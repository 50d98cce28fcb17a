"""Pooling layers: ``MaxPool``/``AvgPool`` 1/2/3d, ``AdaptiveMaxPool``/``AdaptiveAvgPool`` 1/2/3d,
``MaxUnpool`` 1/2/3d, ``LPPool`` 1/2/3d.

``stride`` defaults to ``kernel_size``. Output length
``floor((n + 2p − d(k−1) − 1)/s) + 1`` (``ceil`` with ``ceil_mode``, minus one if the last
window would start in the right padding); adaptive pooling returns ``output_size``
(``None`` keeps that input length); unpooling returns ``(n − 1)·s + k − 2p`` (or the
``output_size`` it is given, within a stride of that).
"""

from . import functional as F
from .module import Module


class _MaxPoolNd(Module):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__()
        self.__dict__.update(kernel_size=kernel_size,
                             stride=stride if stride is not None else kernel_size,
                             padding=padding, dilation=dilation, return_indices=return_indices,
                             ceil_mode=ceil_mode)

    def forward(self, input):
        return self._functional(input, self.kernel_size, self.stride, self.padding,
                                self.dilation, ceil_mode=self.ceil_mode,
                                return_indices=self.return_indices)

    def extra_repr(self):
        return ("kernel_size={kernel_size}, stride={stride}, padding={padding}"
                ", dilation={dilation}, ceil_mode={ceil_mode}".format(**self.__dict__))


class MaxPool1d(_MaxPoolNd):
    _functional = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    _functional = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    _functional = staticmethod(F.max_pool3d)


class _AvgPoolNd(Module):
    _tuple = False

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__()
        if stride is None or stride == []:
            stride = kernel_size
        if self._tuple:  # AvgPool1d stores one-element tuples, as PyTorch's _single does
            kernel_size, stride, padding = (F._tuple(v, 1) for v in (kernel_size, stride, padding))
        self.__dict__.update(kernel_size=kernel_size, stride=stride, padding=padding,
                             ceil_mode=ceil_mode, count_include_pad=count_include_pad,
                             divisor_override=divisor_override)

    def forward(self, input):
        return self._functional(input, self.kernel_size, self.stride, self.padding,
                                self.ceil_mode, self.count_include_pad)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    _tuple = True
    _functional = staticmethod(F.avg_pool1d)


class AvgPool2d(_AvgPoolNd):
    _functional = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPoolNd):
    _functional = staticmethod(F.avg_pool3d)


class _AdaptivePoolNd(Module):
    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.__dict__.update(output_size=output_size, return_indices=return_indices)

    def forward(self, input):
        if self._max:
            return self._functional(input, self.output_size, self.return_indices)
        return self._functional(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


def _adaptive(name, functional, is_max):
    cls = type(name, (_AdaptivePoolNd,), {"_functional": staticmethod(functional),
                                          "_max": is_max, "__module__": __name__})
    if not is_max:
        def __init__(self, output_size):
            _AdaptivePoolNd.__init__(self, output_size)
            del self.__dict__["return_indices"]
        cls.__init__ = __init__
    return cls


AdaptiveMaxPool1d = _adaptive("AdaptiveMaxPool1d", F.adaptive_max_pool1d, True)
AdaptiveMaxPool2d = _adaptive("AdaptiveMaxPool2d", F.adaptive_max_pool2d, True)
AdaptiveMaxPool3d = _adaptive("AdaptiveMaxPool3d", F.adaptive_max_pool3d, True)
AdaptiveAvgPool1d = _adaptive("AdaptiveAvgPool1d", F.adaptive_avg_pool1d, False)
AdaptiveAvgPool2d = _adaptive("AdaptiveAvgPool2d", F.adaptive_avg_pool2d, False)
AdaptiveAvgPool3d = _adaptive("AdaptiveAvgPool3d", F.adaptive_avg_pool3d, False)


class _MaxUnpoolNd(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        n = self._n
        self.__dict__.update(kernel_size=F._tuple(kernel_size, n),
                             stride=F._tuple(stride if stride is not None else kernel_size, n),
                             padding=F._tuple(padding, n))

    def __init_subclass__(cls):
        def forward(self, input, indices, output_size=None):
            return cls._functional(input, indices, self.kernel_size, self.stride, self.padding,
                                   output_size)
        forward.__qualname__ = f"{cls.__name__}.forward"  # PyTorch's TypeError names the class
        cls.forward = forward

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    _n = 1
    _functional = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    _n = 2
    _functional = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    _n = 3
    _functional = staticmethod(F.max_unpool3d)


class _LPPoolNd(Module):
    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.__dict__.update(norm_type=norm_type, kernel_size=kernel_size, stride=stride,
                             ceil_mode=ceil_mode)

    def forward(self, input):
        return self._functional(input, float(self.norm_type), self.kernel_size, self.stride,
                                self.ceil_mode)

    def extra_repr(self):
        return ("norm_type={norm_type}, kernel_size={kernel_size}, stride={stride}, "
                "ceil_mode={ceil_mode}".format(**self.__dict__))


class LPPool1d(_LPPoolNd):
    _functional = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPoolNd):
    _functional = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPoolNd):
    _functional = staticmethod(F.lp_pool3d)
