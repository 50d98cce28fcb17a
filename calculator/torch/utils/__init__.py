"""``torch.utils``: ``data`` (datasets and loaders, see :mod:`calculator.torch.utils.data`) and
``checkpoint`` (activation checkpointing: the plain forward)."""

from . import data  # noqa: F401


def __getattr__(name):
    if name == "checkpoint":
        import importlib
        return importlib.import_module(f"{__name__}.checkpoint")
    raise AttributeError(f"module 'torch.utils' has no attribute '{name}' (not supported by ConvDims)")
