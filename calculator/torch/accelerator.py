"""``torch.accelerator``: the device-agnostic accelerator API (PyTorch's quickstart reads it to
pick a device); as on the CPU build of torch, there is none."""


def is_available():
    return False


def current_accelerator(check_available=False):
    """PyTorch's CPU build answers ``None``, so ``.type`` on it raises AttributeError."""
    return None


def device_count():
    return 0


def __getattr__(name):
    raise AttributeError(
        f"module 'torch.accelerator' has no attribute '{name}' (not supported by ConvDims)")
