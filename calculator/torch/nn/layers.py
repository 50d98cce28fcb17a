"""``Linear`` (and lazy), ``Bilinear``, ``Identity``, ``Flatten``/``Unflatten``, ``Embedding``,
dropout, activations, padding layers, ``Upsample``, ``PixelShuffle`` and losses.

Weights: ``Linear`` ``[out_features, in_features]`` + bias ``[out_features]``;
``Embedding`` ``[num_embeddings, embedding_dim]``; ``PReLU`` ``[num_parameters]``.
"""

from . import functional as F
from ._lazy import LazyMixin
from .module import Module
from .parameter import empty


_param = empty


class Identity(Module):
    """Returns its input; accepts (and ignores) any arguments."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """``y = x Wᵀ + b`` on the last dimension: it must equal ``in_features``."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.__dict__.update(in_features=in_features, out_features=out_features)
        self.weight = _param(out_features, in_features, dtype=dtype)
        if bias:
            self.bias = _param(out_features, dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def reset_parameters(self):
        return None

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class LazyLinear(LazyMixin, Linear):
    """``Linear`` whose ``in_features`` is the last dimension of its first input."""

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        Module.__init__(self)
        self.__dict__.update(in_features=0, out_features=out_features)
        self.weight = self._uninitialized()
        if bias:
            self.bias = self._uninitialized()
        else:
            self.register_parameter("bias", None)
        self._lazy_setup()

    def initialize_parameters(self, input):
        self.in_features = input.shape[-1]
        self.weight = _param(self.out_features, self.in_features)
        if self.bias is not None:
            self.bias = _param(self.out_features)


class Bilinear(Module):
    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None,
                 dtype=None):
        super().__init__()
        self.__dict__.update(in1_features=in1_features, in2_features=in2_features,
                             out_features=out_features)
        self.weight = _param(out_features, in1_features, in2_features, dtype=dtype)
        if bias:
            self.bias = _param(out_features, dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.__dict__.update(start_dim=start_dim, end_dim=end_dim)

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    def __init__(self, dim, unflattened_size):
        super().__init__()
        self.__dict__.update(dim=dim, unflattened_size=unflattened_size)

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


def _padding_index(padding_idx, num_embeddings, word):
    """``padding_idx`` counted from 0 (a negative one from the end), or PyTorch's
    AssertionError (``Embedding`` spells it ``Padding_idx``, ``EmbeddingBag`` ``padding_idx``)."""
    if padding_idx is None:
        return None
    if (padding_idx > 0 and padding_idx >= num_embeddings) or padding_idx < -num_embeddings:
        raise AssertionError(f"{word} must be within num_embeddings")
    return num_embeddings + padding_idx if padding_idx < 0 else padding_idx


class Embedding(Module):
    """A lookup table: integer input ``[*]`` -> ``[*, embedding_dim]``."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
                 norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None,
                 _freeze=False, device=None, dtype=None):
        super().__init__()
        padding_idx = _padding_index(padding_idx, num_embeddings, "Padding_idx")
        self.__dict__.update(num_embeddings=num_embeddings, embedding_dim=embedding_dim,
                             padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                             scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)
        self.weight = empty(num_embeddings, embedding_dim, dtype=dtype)
        self.weight.requires_grad = not _freeze

    def forward(self, input):
        return F.embedding(input, self.weight)

    def extra_repr(self):
        s = "{num_embeddings}, {embedding_dim}"
        if self.padding_idx is not None:
            s += ", padding_idx={padding_idx}"
        if self.max_norm is not None:
            s += ", max_norm={max_norm}"
        if self.norm_type != 2:
            s += ", norm_type={norm_type}"
        if self.scale_grad_by_freq is not False:
            s += ", scale_grad_by_freq={scale_grad_by_freq}"
        if self.sparse is not False:
            s += ", sparse=True"
        return s.format(**self.__dict__)


class EmbeddingBag(Module):
    """Sums, means or maxima of bags of embeddings: ``[B, N]`` (B bags of N) or a flat
    ``[n]`` with ``offsets`` (one bag per offset; the last offset only closes the last bag
    with ``include_last_offset=True``) -> ``[bags, embedding_dim]``."""

    def __init__(self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, mode="mean", sparse=False, _weight=None,
                 include_last_offset=False, padding_idx=None, device=None, dtype=None):
        super().__init__()
        padding_idx = _padding_index(padding_idx, num_embeddings, "padding_idx")
        self.__dict__.update(num_embeddings=num_embeddings, embedding_dim=embedding_dim,
                             max_norm=max_norm, norm_type=norm_type,
                             scale_grad_by_freq=scale_grad_by_freq, mode=mode, sparse=sparse,
                             include_last_offset=include_last_offset, padding_idx=padding_idx)
        self.weight = empty(num_embeddings, embedding_dim, dtype=dtype)

    def forward(self, input, offsets=None, per_sample_weights=None):
        return F.embedding_bag(input, self.weight, offsets, include_last_offset=self.include_last_offset)

    def extra_repr(self):
        s = "{num_embeddings}, {embedding_dim}"
        if self.max_norm is not None:
            s += ", max_norm={max_norm}"
        if self.norm_type != 2:
            s += ", norm_type={norm_type}"
        if self.scale_grad_by_freq is not False:
            s += ", scale_grad_by_freq={scale_grad_by_freq}"
        s += ", mode={mode!r}"
        if self.padding_idx is not None:
            s += ", padding_idx={padding_idx}"
        return s.format(**self.__dict__)


# -- dropout ---------------------------------------------------------------------------------
class _DropoutNd(Module):
    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.__dict__.update(p=p, inplace=inplace)

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    pass


class Dropout1d(_DropoutNd):
    pass


class Dropout2d(_DropoutNd):
    pass


class Dropout3d(_DropoutNd):
    pass


class AlphaDropout(_DropoutNd):
    pass


class FeatureAlphaDropout(_DropoutNd):
    pass


# -- activations -----------------------------------------------------------------------------
class _Activation(Module):
    """An elementwise activation: output shape = input shape."""

    _fields = ()       # constructor arguments after ``self``, with defaults
    _repr = ""         # extra_repr template (``str.format`` over the instance's fields)

    def __init__(self, *args, **kwargs):
        super().__init__()
        names = [name for name, _ in self._fields]
        values = dict(self._fields)
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}.__init__() takes {len(names) + 1} "
                            f"positional arguments but {len(args) + 1} were given")
        values.update(zip(names, args))
        for key in kwargs:
            if key not in values:
                raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword "
                                f"argument '{key}'")
        values.update(kwargs)
        self.__dict__.update(values)
        self._validate()

    def _validate(self):
        return None

    def forward(self, input):
        return F._same(input)

    def extra_repr(self):
        d = self.__dict__
        inplace = ", inplace=True" if d.get("inplace") else ""
        return self._repr.format(**d, inplace_str=inplace,
                                 inplace_only="inplace=True" if d.get("inplace") else "")


def _activation(name, fields=(), template=""):
    return type(name, (_Activation,), {"_fields": fields, "_repr": template,
                                       "__module__": __name__})


_INPLACE = (("inplace", False),)


class ReLU(_activation("ReLU", _INPLACE, "{inplace_only}")):
    def forward(self, input):
        return F.relu(input)
SELU = _activation("SELU", _INPLACE, "{inplace_only}")
SiLU = _activation("SiLU", _INPLACE, "{inplace_only}")
Mish = _activation("Mish", _INPLACE, "{inplace_only}")
Hardswish = _activation("Hardswish", _INPLACE)
Hardsigmoid = _activation("Hardsigmoid", _INPLACE)


class Sigmoid(_Activation):
    def forward(self, input):
        return F.sigmoid(input)  # integer inputs give floats


class Tanh(_Activation):
    def forward(self, input):
        return F.tanh(input)


Softsign = _activation("Softsign")
Tanhshrink = _activation("Tanhshrink")
LogSigmoid = _activation("LogSigmoid")
Softmax2d = _activation("Softmax2d")
CELU = _activation("CELU", (("alpha", 1.0),) + _INPLACE, "alpha={alpha}{inplace_str}")
ELU = _activation("ELU", (("alpha", 1.0),) + _INPLACE, "alpha={alpha}{inplace_str}")
LeakyReLU = _activation("LeakyReLU", (("negative_slope", 0.01),) + _INPLACE,
                        "negative_slope={negative_slope}{inplace_str}")
GELU = _activation("GELU", (("approximate", "none"),), "approximate={approximate!r}")
Softplus = _activation("Softplus", (("beta", 1.0), ("threshold", 20.0)),
                       "beta={beta}, threshold={threshold}")
Threshold = _activation("Threshold", (("threshold", None), ("value", None)) + _INPLACE,
                        "threshold={threshold}, value={value}{inplace_str}")
Hardtanh = _activation("Hardtanh", (("min_val", -1.0), ("max_val", 1.0)) + _INPLACE,
                       "min_val={min_val}, max_val={max_val}{inplace_str}")
Hardshrink = _activation("Hardshrink", (("lambd", 0.5),), "{lambd}")
RReLU = _activation("RReLU", (("lower", 1.0 / 8), ("upper", 1.0 / 3)) + _INPLACE,
                    "lower={lower}, upper={upper}{inplace_str}")
Softshrink = _activation("Softshrink", (("lambd", 0.5),), "{lambd}")


class ReLU6(Hardtanh):
    _fields = _INPLACE
    _repr = "{inplace_only}"

    def _validate(self):
        self.__dict__.update(min_val=0.0, max_val=6.0)


class _SoftmaxLike(_Activation):
    _fields = (("dim", None),)
    _repr = "dim={dim}"

    def forward(self, input):
        return F.softmax(input, self.dim)


class Softmax(_SoftmaxLike):
    pass


class LogSoftmax(_SoftmaxLike):
    pass


class Softmin(_SoftmaxLike):
    pass


class GLU(_Activation):
    _fields = (("dim", -1),)
    _repr = "dim={dim}"

    def forward(self, input):
        return F.glu(input, self.dim)


class PReLU(Module):
    """``weight [num_parameters]``: 1, or one per channel (dimension 1 of the input)."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.__dict__.update(num_parameters=num_parameters, init=init)
        self.weight = _param(num_parameters, dtype=dtype)

    def forward(self, input):
        channels = input.shape[1] if input.dim() >= 2 else 1
        if self.num_parameters != 1 and self.num_parameters != channels:
            raise RuntimeError(
                f"Mismatch of parameter numbers and input channel size. Found parameter numbers "
                f"= {self.num_parameters} and channel size = {channels}.")
        return F._same(input)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


# -- padding, resizing -----------------------------------------------------------------------
def _pad_class(name, n, mode, with_value=False):
    def __init__(self, padding, value=0.0):
        Module.__init__(self)
        padding = tuple(padding) if isinstance(padding, (tuple, list)) else (padding,) * (2 * n)
        self.__dict__["padding"] = padding
        if with_value or mode == "constant":
            self.__dict__["value"] = value

    def forward(self, input):
        if input.dim() not in (n + 1, n + 2):
            raise ValueError(f"{type(self).__name__}: expected {n + 1}D or {n + 2}D input "
                             f"(got {input.dim()}D input)")
        return F.pad(input, self.padding, mode, self.__dict__.get("value"))

    def extra_repr(self):
        if with_value:
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"

    return type(name, (Module,), {"__init__": __init__, "forward": forward,
                                  "extra_repr": extra_repr, "__module__": __name__})


ZeroPad1d = _pad_class("ZeroPad1d", 1, "constant")
ZeroPad2d = _pad_class("ZeroPad2d", 2, "constant")
ZeroPad3d = _pad_class("ZeroPad3d", 3, "constant")
ConstantPad1d = _pad_class("ConstantPad1d", 1, "constant", True)
ConstantPad2d = _pad_class("ConstantPad2d", 2, "constant", True)
ConstantPad3d = _pad_class("ConstantPad3d", 3, "constant", True)
ReflectionPad1d = _pad_class("ReflectionPad1d", 1, "reflect")
ReflectionPad2d = _pad_class("ReflectionPad2d", 2, "reflect")
ReflectionPad3d = _pad_class("ReflectionPad3d", 3, "reflect")
ReplicationPad1d = _pad_class("ReplicationPad1d", 1, "replicate")
ReplicationPad2d = _pad_class("ReplicationPad2d", 2, "replicate")
ReplicationPad3d = _pad_class("ReplicationPad3d", 3, "replicate")
CircularPad1d = _pad_class("CircularPad1d", 1, "circular")
CircularPad2d = _pad_class("CircularPad2d", 2, "circular")
CircularPad3d = _pad_class("CircularPad3d", 3, "circular")


class Upsample(Module):
    """Output ``size``, or ``floor(n · scale_factor)`` per spatial dimension."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        if isinstance(scale_factor, tuple):
            scale_factor = tuple(float(f) for f in scale_factor)
        elif scale_factor:
            scale_factor = float(scale_factor)
        self.__dict__.update(name=type(self).__name__, size=size, scale_factor=scale_factor,
                             mode=mode, align_corners=align_corners,
                             recompute_scale_factor=recompute_scale_factor)

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        if self.scale_factor is not None:
            info = "scale_factor=" + repr(self.scale_factor)
        else:
            info = "size=" + repr(self.size)
        return info + ", mode=" + repr(self.mode)


class UpsamplingNearest2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class PixelShuffle(Module):
    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class Unfold(Module):
    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)

    def extra_repr(self):
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")


class PairwiseDistance(Module):
    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class ChannelShuffle(Module):
    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, input):
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self):
        return f"groups={self.groups}"


class PixelUnshuffle(Module):
    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"


# -- losses ------------------------------------------------------------------------------------
class _Loss(Module):
    """A loss module: its ``functional`` rule with the module's ``reduction``."""

    functional = None

    def __init__(self, *args, reduction="mean", **kwargs):
        super().__init__()
        self.reduction = reduction

    def forward(self, input, target, *args):
        return type(self).functional(input, target, reduction=self.reduction)


def _loss_module(name, functional):
    return type(name, (_Loss,), {"__module__": __name__, "functional": staticmethod(functional)})


class _WeightedLoss(_Loss):
    """A loss with a per-class (or per-element) ``weight``, kept as a buffer as PyTorch keeps it."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(reduction=reduction)
        self.register_buffer("weight", weight)


class NLLLoss(_WeightedLoss):
    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                 reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                 reduction="mean", label_smoothing=0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index, self.label_smoothing = ignore_index, label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class BCELoss(_WeightedLoss):
    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean",
                 pos_weight=None):
        super().__init__(reduction=reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight,
                                                  pos_weight=self.pos_weight,
                                                  reduction=self.reduction)


MSELoss = _loss_module("MSELoss", F.mse_loss)
L1Loss = _loss_module("L1Loss", F.l1_loss)
SmoothL1Loss = _loss_module("SmoothL1Loss", F.smooth_l1_loss)
HuberLoss = _loss_module("HuberLoss", F.huber_loss)
KLDivLoss = _loss_module("KLDivLoss", F.kl_div)


class TripletMarginLoss(_Loss):
    def __init__(self, margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None, reduce=None,
                 reduction="mean"):
        super().__init__(reduction=reduction)
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_loss(anchor, positive, negative, self.margin, self.p, self.eps,
                                     self.swap, reduction=self.reduction)
