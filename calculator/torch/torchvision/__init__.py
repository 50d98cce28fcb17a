"""The ``torchvision`` mirror: ``torchvision.models`` builders, shapes and counts only.

The model definitions are written with ``torch.nn`` as torchvision 0.28 defines them (same
module classes, attribute names and forward order), so ``print(model)``, parameter counts
and ``torchinfo.summary`` rows match torchvision's. ``torch`` is whatever ``import torch``
gives: the calculator's mirror inside ``run_script``, real PyTorch in the fixture generator.
"""

__version__ = "0.28.0"

from . import datasets, models, transforms  # noqa: E402,F401
