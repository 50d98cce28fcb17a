"""``torchvision.transforms.v2``: as :mod:`calculator.torch.torchvision.transforms`."""

from . import V2_NAMES, Transform, _classes

_classes(V2_NAMES, __name__, globals())
__all__ = V2_NAMES + ["Transform"]


def __getattr__(name):
    raise AttributeError(f"module 'torchvision.transforms.v2' has no attribute '{name}' "
                         "(not supported by ConvDims)")
