"""``torch.nn.modules.linear``."""
from ..layers import Bilinear, Identity, LazyLinear, Linear  # noqa: F401
