"""``torch.backends.cudnn``: settable flags; cuDNN is not available here."""

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available():
    return False


def version():
    return None
