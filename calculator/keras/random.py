"""``keras.random``: seeding is accepted (ConvDims has no randomness). Inside a traced
``call()`` the draws are tensors of the asked shape (all a shape computation needs); outside,
they are what Keras's torch backend returns, torch tensors, here shape-only
(``calculator.torch``): enough to call a layer on them, never values."""

from ..core import _STATE, TracingTensor


class SeedGenerator:
    def __init__(self, seed=None, **kwargs):
        self.seed = seed


def _draw(name, dtype="float32"):
    def draw(shape, *args, dtype=dtype, **kwargs):
        if not _STATE.get("tracing"):
            from .. import torch  # only when drawn: a script that draws nothing never loads it
            return torch.empty(tuple(shape), dtype=getattr(torch, dtype or "float32"))
        return TracingTensor(tuple(shape), dtype or "float32")
    draw.__name__ = name
    return draw


normal = _draw("normal")
uniform = _draw("uniform")
truncated_normal = _draw("truncated_normal")
randint = _draw("randint", "int32")
