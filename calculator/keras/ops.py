"""``keras.ops``: not supported (ConvDims works with layers, not tensor operations)."""


def __getattr__(name):
    raise NotImplementedError(f"keras.ops.{name} is not supported by ConvDims; use layers.")
