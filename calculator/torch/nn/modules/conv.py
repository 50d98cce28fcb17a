"""``torch.nn.modules.conv``."""
from ..conv import *  # noqa: F401,F403
from ..conv import _ConvNd  # noqa: F401
