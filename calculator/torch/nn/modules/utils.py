"""``torch.nn.modules.utils``: ``_single``, ``_pair``, ``_triple``, ``_ntuple``."""

from itertools import repeat


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        return tuple(repeat(x, n))
    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")
