"""``torch.nn.modules.batchnorm``."""
from ..norm import BatchNorm1d, BatchNorm2d, BatchNorm3d, _BatchNorm, _NormBase  # noqa: F401
