"""``keras.losses``: every Keras 3.15 loss, accepted by ``compile()``, never run."""
from ._functions import define, get  # noqa: F401
from ._stubs import make

make(["BinaryCrossentropy", "BinaryFocalCrossentropy", "CTC", "CategoricalCrossentropy",
      "CategoricalFocalCrossentropy", "CategoricalGeneralizedCrossEntropy", "CategoricalHinge",
      "Circle", "CosineSimilarity", "Dice", "Hinge", "Huber", "KLDivergence", "LogCosh", "Loss",
      "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredError",
      "MeanSquaredLogarithmicError", "Poisson", "SparseCategoricalCrossentropy", "SquaredHinge",
      "Tversky"], globals())
define(["binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
        "categorical_focal_crossentropy", "categorical_generalized_cross_entropy",
        "categorical_hinge", "circle", "cosine_similarity", "ctc", "dice", "hinge", "huber",
        "kl_divergence", "log_cosh", "mean_absolute_error", "mean_absolute_percentage_error",
        "mean_squared_error", "mean_squared_logarithmic_error", "poisson",
        "sparse_categorical_crossentropy", "squared_hinge", "tversky"], globals(), "keras.losses")
