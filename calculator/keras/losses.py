"""``keras.losses``: accepted by ``compile()``, never run."""
from ._stubs import make

make(["Loss", "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy",
      "MeanSquaredError", "MeanAbsoluteError", "Hinge", "Huber", "KLDivergence"], globals())
