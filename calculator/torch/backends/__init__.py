"""``torch.backends``: the switches scripts set for speed or determinism; no shape depends on
them. Like ``torch.cuda``, they report no accelerator: the calculator runs on the CPU."""

from . import cuda, cudnn, mps  # noqa: F401
