"""Normalization layers: ``BatchNorm1d/2d/3d`` (and lazy), ``InstanceNorm1d/2d/3d``,
``LayerNorm``, ``GroupNorm``, ``LocalResponseNorm``.

BatchNorm holds ``weight``/``bias`` ``[C]`` (when ``affine``) and the buffers
``running_mean``/``running_var`` ``[C]`` and ``num_batches_tracked`` ``[]`` (when
``track_running_stats``). In training mode a batch with one value per channel raises, as
PyTorch does; ``model.eval()`` lifts that.
"""

from .. import _tensor
from . import functional as F
from ._lazy import LazyMixin
from .module import Module
from .parameter import empty


def _param(shape, dtype=None):
    return empty(*shape, dtype=dtype)


class _NormBase(Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True,
                 track_running_stats=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        d = self.__dict__
        d.update(num_features=num_features, eps=eps, momentum=momentum, affine=affine,
                 track_running_stats=track_running_stats)
        self._make(bias, dtype)

    def _make(self, bias, dtype=None):
        n = self.num_features
        if self.affine:
            self.weight = _param((n,), dtype)
            if bias:
                self.bias = _param((n,), dtype)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if self.track_running_stats:
            self.register_buffer("running_mean", _tensor.make(
                _tensor.checked_size(_tensor.parse_size((n,), "zeros"), "zeros"), dtype))
            self.register_buffer("running_var", _tensor.make((n,), dtype))
            self.register_buffer("num_batches_tracked", _tensor.make((), _tensor.DTYPES["int64"]))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_parameters(self):
        return None

    def reset_running_stats(self):
        return None

    def extra_repr(self):
        return ("{num_features}, eps={eps}, momentum={momentum}, affine={affine}, "
                "bias={use_bias}, track_running_stats={track_running_stats}".format(
                    **self.__dict__, use_bias=self.bias is not None))


class _BatchNorm(_NormBase):
    """Base of ``BatchNorm1d/2d/3d`` (``isinstance(m, nn.modules.batchnorm._BatchNorm)``)."""


def _batch_norm_class(ranks, label):
    class BatchNormNd(_BatchNorm):
        def _check_input_dim(self, input):
            if input.dim() not in ranks:
                raise ValueError(f"expected {label} input (got {input.dim()}D input)")

        def forward(self, input):
            self._check_input_dim(input)
            running_mean, running_var = self.running_mean, self.running_var
            training = self.training or (running_mean is None and running_var is None)
            return F.batch_norm(input, running_mean, running_var, self.weight, self.bias,
                                training, self.momentum or 0.0, self.eps)

    return BatchNormNd


class BatchNorm1d(_batch_norm_class((2, 3), "2D or 3D")):
    pass


class BatchNorm2d(_batch_norm_class((4,), "4D")):
    pass


class BatchNorm3d(_batch_norm_class((5,), "5D")):
    pass


class SyncBatchNorm(_batch_norm_class((2, 3, 4, 5), "at least 2D")):
    pass


def _lazy_bn(base):
    class LazyBatchNorm(LazyMixin, base):
        cls_to_become = base

        def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                     device=None, dtype=None):
            Module.__init__(self)
            self.__dict__.update(num_features=0, eps=eps, momentum=momentum, affine=affine,
                                 track_running_stats=track_running_stats)
            if affine:
                self.weight = self._uninitialized()
                self.bias = self._uninitialized()
            else:
                self.register_parameter("weight", None)
                self.register_parameter("bias", None)
            self._lazy_setup()

        def initialize_parameters(self, input):
            self.num_features = input.shape[1]
            self._make(True)

    LazyBatchNorm.__name__ = LazyBatchNorm.__qualname__ = "Lazy" + base.__name__
    return LazyBatchNorm


LazyBatchNorm1d = _lazy_bn(BatchNorm1d)
LazyBatchNorm2d = _lazy_bn(BatchNorm2d)
LazyBatchNorm3d = _lazy_bn(BatchNorm3d)


def _instance_norm_class(n):
    ranks = (n + 1, n + 2)

    class InstanceNormNd(_NormBase):
        def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False,
                     track_running_stats=False, device=None, dtype=None, *, bias=None):
            super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                             dtype, bias=affine if bias is None else bias)

        def forward(self, input):
            if input.dim() not in ranks:
                raise ValueError(f"expected {ranks[0]}D or {ranks[1]}D input "
                                 f"(got {input.dim()}D input)")
            feature_dim = input.dim() - (n + 1)
            if input.shape[feature_dim] != self.num_features and self.affine:
                raise ValueError(
                    f"expected input's size at dim={feature_dim} to match num_features "
                    f"({self.num_features}), but got: {input.shape[feature_dim]}.")
            use_input_stats = self.training or not self.track_running_stats
            if input.dim() == n + 1:  # unbatched: as a batch of one
                return F.instance_norm(input.unsqueeze(0), use_input_stats=use_input_stats).squeeze(0)
            return F.instance_norm(input, use_input_stats=use_input_stats)

    InstanceNormNd.__name__ = InstanceNormNd.__qualname__ = f"InstanceNorm{n}d"
    return InstanceNormNd


InstanceNorm1d = _instance_norm_class(1)
InstanceNorm2d = _instance_norm_class(2)
InstanceNorm3d = _instance_norm_class(3)


def _affine_params(module, affine, bias, shape, dtype):
    """``weight`` and ``bias`` of ``shape`` when affine (``bias=False`` drops the bias);
    registered as ``None`` otherwise, as PyTorch does."""
    if affine:
        module.weight = _param(shape, dtype)
        if bias:
            module.bias = _param(shape, dtype)
        else:
            module.register_parameter("bias", None)
    else:
        module.register_parameter("weight", None)
        module.register_parameter("bias", None)


class LayerNorm(Module):
    """Normalizes over the last ``len(normalized_shape)`` dimensions."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True,
                 device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.__dict__.update(normalized_shape=tuple(normalized_shape), eps=eps,
                             elementwise_affine=elementwise_affine)
        _affine_params(self, elementwise_affine, bias, self.normalized_shape, dtype)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return ("{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}, "
                "bias={use_bias}".format(**self.__dict__, use_bias=self.bias is not None))


class GroupNorm(Module):
    """``num_channels`` split into ``num_groups`` groups; weight/bias ``[num_channels]``."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        self.__dict__.update(num_groups=num_groups, num_channels=num_channels, eps=eps,
                             affine=affine)
        _affine_params(self, affine, bias, (num_channels,), dtype)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return ("{num_groups}, {num_channels}, eps={eps}, affine={affine}, "
                "bias={use_bias}".format(**self.__dict__, use_bias=self.bias is not None))


class LocalResponseNorm(Module):
    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.__dict__.update(size=size, alpha=alpha, beta=beta, k=k)

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)


class RMSNorm(Module):
    """Root-mean-square normalization over the last ``len(normalized_shape)`` dims; a weight of
    that shape when ``elementwise_affine`` (no bias)."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None,
                 dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.__dict__.update(normalized_shape=tuple(normalized_shape), eps=eps,
                             elementwise_affine=elementwise_affine)
        if elementwise_affine:
            self.weight = _param(self.normalized_shape, dtype)
        else:
            self.register_parameter("weight", None)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return "{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}".format(
            **self.__dict__)
