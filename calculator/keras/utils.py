"""``keras.utils``: the few helpers lessons call."""


def set_random_seed(seed):
    """Accepted; ConvDims has no randomness."""


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot encode a list of integer labels (plain Python lists)."""
    y = [int(v) for v in y]
    n = num_classes if num_classes is not None else (max(y) + 1 if y else 0)
    return [[1.0 if i == v else 0.0 for i in range(n)] for v in y]


def plot_model(*args, **kwargs):
    raise NotImplementedError("ConvDims does not draw model graphs; use model.summary().")


def count_params(weights):
    return sum(w.size for w in weights)


def image_dataset_from_directory(*args, **kwargs):
    raise NotImplementedError(
        "ConvDims has no data: it computes shapes and parameter counts from the model alone.")


def register_keras_serializable(package="Custom", name=None):
    """Accepted (as ``keras.saving.register_keras_serializable``)."""
    from .saving import register_keras_serializable as register
    return register(package, name)
