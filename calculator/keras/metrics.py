"""``keras.metrics``: every Keras 3.15 metric, accepted by ``compile()``, never run."""
from ._functions import define, get  # noqa: F401
from ._stubs import make

make(["AUC", "Accuracy", "BinaryAccuracy", "BinaryCrossentropy", "BinaryIoU",
      "CategoricalAccuracy", "CategoricalCrossentropy", "CategoricalHinge",
      "ConcordanceCorrelation", "CosineSimilarity", "F1Score", "FBetaScore", "FalseNegatives",
      "FalsePositives", "Hinge", "IoU", "KLDivergence", "LogCoshError", "Mean",
      "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanIoU", "MeanMetricWrapper",
      "MeanSquaredError", "MeanSquaredLogarithmicError", "Metric", "OneHotIoU", "OneHotMeanIoU",
      "PearsonCorrelation", "Poisson", "Precision", "PrecisionAtRecall", "R2Score", "Recall",
      "RecallAtPrecision", "RootMeanSquaredError", "SensitivityAtSpecificity",
      "SparseCategoricalAccuracy", "SparseCategoricalCrossentropy",
      "SparseTopKCategoricalAccuracy", "SpecificityAtSensitivity", "SquaredHinge", "Sum",
      "TopKCategoricalAccuracy", "TrueNegatives", "TruePositives"], globals())
define(["binary_accuracy", "binary_crossentropy", "binary_focal_crossentropy",
        "categorical_accuracy", "categorical_crossentropy", "categorical_focal_crossentropy",
        "categorical_hinge", "concordance_correlation", "hinge", "huber", "kl_divergence",
        "log_cosh", "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
        "mean_squared_logarithmic_error", "pearson_correlation", "poisson",
        "sparse_categorical_accuracy", "sparse_categorical_crossentropy",
        "sparse_top_k_categorical_accuracy", "squared_hinge", "top_k_categorical_accuracy"],
       globals(), "keras.metrics")
