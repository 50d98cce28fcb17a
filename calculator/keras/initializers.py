"""``keras.initializers``: accepted as layer arguments (they do not change shapes)."""
from ._stubs import make

make(["Initializer", "Zeros", "Ones", "Constant", "GlorotUniform", "GlorotNormal", "HeUniform",
      "HeNormal", "LecunUniform", "LecunNormal", "RandomNormal", "RandomUniform",
      "TruncatedNormal", "Orthogonal", "Identity", "VarianceScaling"], globals())


def get(identifier):
    """Keras's ``get``: a name or an object, returned as given (no initializer changes a shape)."""
    return identifier


def serialize(initializer):
    """Keras gives the initializer's config dict; ConvDims keeps no initializer configs."""
    raise NotImplementedError(
        "keras.initializers.serialize is not followed by ConvDims: it records initializers "
        "as given, not their configs (they change no shape and no parameter count).")
