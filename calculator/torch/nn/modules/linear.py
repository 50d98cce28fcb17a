"""``torch.nn.modules.linear``."""
from ..layers import Bilinear, Identity, LazyLinear, Linear  # noqa: F401
from ..transformer import NonDynamicallyQuantizableLinear  # noqa: F401,E402
