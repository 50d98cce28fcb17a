"""``torch.utils``: ``data`` (datasets and loaders, see :mod:`calculator.torch.utils.data`)."""

from . import data  # noqa: F401


def __getattr__(name):
    raise AttributeError(f"module 'torch.utils' has no attribute '{name}' (not supported by ConvDims)")
