"""``keras.initializers``: accepted as layer arguments (they do not change shapes)."""
from ._stubs import make

make(["Initializer", "Zeros", "Ones", "Constant", "GlorotUniform", "GlorotNormal", "HeUniform",
      "HeNormal", "LecunUniform", "LecunNormal", "RandomNormal", "RandomUniform",
      "TruncatedNormal", "Orthogonal", "Identity", "VarianceScaling"], globals())
