"""``keras.random``: seeding is accepted (ConvDims has no randomness). Inside a traced
``call()`` the draws are tensors of the asked shape (all a shape computation needs); outside,
a draw would be data, which ConvDims does not make."""

from ..core import _STATE, TracingTensor


class SeedGenerator:
    def __init__(self, seed=None, **kwargs):
        self.seed = seed


def _draw(name, dtype="float32"):
    def draw(shape, *args, dtype=dtype, **kwargs):
        if not _STATE.get("tracing"):
            raise NotImplementedError(
                f"keras.random.{name}() outside a layer's call() makes data; ConvDims follows "
                "shapes only (inside call() it gives a tensor of the shape asked for).")
        return TracingTensor(tuple(shape), dtype or "float32")
    draw.__name__ = name
    return draw


normal = _draw("normal")
uniform = _draw("uniform")
truncated_normal = _draw("truncated_normal")
randint = _draw("randint", "int32")
