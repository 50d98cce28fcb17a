"""``torch.nn.modules``: the same classes under PyTorch's module paths
(``from torch.nn.modules.batchnorm import _BatchNorm``, ``torch.nn.modules.utils._pair``)."""

from ..module import Module  # noqa: F401
from . import (activation, batchnorm, conv, linear, module, pooling, transformer,  # noqa: F401
               utils)
