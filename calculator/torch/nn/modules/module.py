"""``torch.nn.modules.module``."""
from ..module import Module, RemovableHandle  # noqa: F401
