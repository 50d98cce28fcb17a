"""``torch.cuda``: no GPU here (shapes do not need one)."""


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    return None


manual_seed_all = manual_seed


def __getattr__(name):
    if name == "amp":
        import importlib
        return importlib.import_module(f"{__name__}.amp")
    raise AttributeError(f"module 'torch.cuda' has no attribute '{name}' (not supported by ConvDims)")
