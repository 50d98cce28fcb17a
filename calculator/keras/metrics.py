"""``keras.metrics``: accepted by ``compile()``, never run."""
from ._stubs import make

make(["Metric", "Accuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy", "BinaryAccuracy",
      "TopKCategoricalAccuracy", "AUC", "Precision", "Recall", "MeanSquaredError", "Mean"], globals())
