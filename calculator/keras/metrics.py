"""``keras.metrics``: every Keras 3.15 metric, accepted by ``compile()``, never run.

A metric object has Keras's ``name``: the ``name=`` given, else its class's default, which
is the snake-case class name (``MeanAbsoluteError`` -> ``mean_absolute_error``; two differ:
``fbeta_score``, ``logcosh``), or for the classes whose default is None (``AUC``,
``Precision``, the IoU and threshold metrics...) a name drawn from the shared object-name
counters as Keras's ``auto_name`` does (``precision``, ``precision_1``)."""
from ..core import auto_name, to_snake_case
from ._functions import define, get  # noqa: F401
from ._stubs import Stub, make

_DEFAULT_NAMES = {"FBetaScore": "fbeta_score", "LogCoshError": "logcosh"}
_AUTO_NAMED = {"AUC", "BinaryIoU", "FalseNegatives", "FalsePositives", "IoU", "MeanIoU",
               "MeanMetricWrapper", "Metric", "OneHotIoU", "OneHotMeanIoU", "Precision",
               "PrecisionAtRecall", "Recall", "RecallAtPrecision", "SensitivityAtSpecificity",
               "SpecificityAtSensitivity", "TrueNegatives", "TruePositives"}
#: Metrics whose first positional argument is ``name``.
_NAME_FIRST = {"Mean", "Sum", "Metric"}


class _Metric(Stub):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cls = type(self).__name__
        name = kwargs.get("name")
        if name is None and args and cls in _NAME_FIRST:
            name = args[0]
        if name is None and len(args) > (0 if cls in _NAME_FIRST else 1):
            name = _UNKNOWN  # name may be among the positional arguments
        if name is None:
            name = auto_name(cls) if cls in _AUTO_NAMED else _DEFAULT_NAMES.get(
                cls, to_snake_case(cls))
        self._name = name

    @property
    def name(self):
        if self._name is _UNKNOWN:
            raise NotImplementedError(
                f"ConvDims does not follow which positional argument of {type(self).__name__}"
                "() is its name: pass name= as a keyword.")
        return self._name


_UNKNOWN = object()

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
      "TopKCategoricalAccuracy", "TrueNegatives", "TruePositives"], globals(), _Metric)
define(["binary_accuracy", "binary_crossentropy", "binary_focal_crossentropy",
        "categorical_accuracy", "categorical_crossentropy", "categorical_focal_crossentropy",
        "categorical_hinge", "concordance_correlation", "hinge", "huber", "kl_divergence",
        "log_cosh", "mean_absolute_error", "mean_absolute_percentage_error", "mean_squared_error",
        "mean_squared_logarithmic_error", "pearson_correlation", "poisson",
        "sparse_categorical_accuracy", "sparse_categorical_crossentropy",
        "sparse_top_k_categorical_accuracy", "squared_hinge", "top_k_categorical_accuracy"],
       globals(), "keras.metrics")
