"""``torch.nn.modules`` (``from torch.nn.modules.module import Module`` ...): the same classes."""

from . import module, conv, pooling, rnn  # noqa: F401
from . import norm as batchnorm  # noqa: F401
from . import layers as linear  # noqa: F401
from .module import Module  # noqa: F401
