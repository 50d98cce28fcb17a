"""``keras.utils``: the helpers scripts call. Those that need data explain so when called."""

from ..core import clear_session  # noqa: F401
from ._functions import define

define(["get_file", "image_dataset_from_directory", "text_dataset_from_directory",
        "audio_dataset_from_directory", "timeseries_dataset_from_array", "split_dataset",
        "img_to_array", "load_img", "array_to_img", "save_img", "pad_sequences", "normalize",
        "pack_x_y_sample_weight", "unpack_x_y_sample_weight", "model_to_dot"],
       globals(), "keras.utils")


def set_random_seed(seed):
    """Accepted; ConvDims has no randomness."""


def to_categorical(x, num_classes=None):
    """One-hot encode integer labels as Keras 3.15 does: a float64 numpy array of shape
    ``x.shape + (num_classes,)`` (a trailing axis of 1 dropped). Without numpy (the page), a
    list of labels gives nested lists and a value computed with numpy stays unavailable."""
    from .. import numpy_stand_in
    if isinstance(x, numpy_stand_in.Unavailable):
        return x
    try:
        import numpy as np
    except ImportError:
        np = None
    if np is not None and not isinstance(np, numpy_stand_in.StandIn):
        x = np.array(x, dtype="int64")
        shape = x.shape
        if shape and shape[-1] == 1 and len(shape) > 1:
            shape = tuple(shape[:-1])
        x = x.reshape(-1)
        if not num_classes:
            num_classes = np.max(x) + 1
        categorical = np.zeros((x.shape[0], num_classes))
        categorical[np.arange(x.shape[0]), x] = 1
        return np.reshape(categorical, tuple(shape) + (num_classes,))
    labels = [int(v) for v in x]
    n = num_classes or (max(labels) + 1 if labels else 0)
    return [[1.0 if i == v else 0.0 for i in range(n)] for v in labels]


def plot_model(model, *args, **kwargs):
    """Keras checks the model is built, then needs pydot to draw it: ConvDims has no pydot,
    so it fails there as Keras without pydot does (``ImportError``), naming the way out."""
    if not model.built:
        raise ValueError("This model has not yet been built. Build the model first by calling "
                         "`build()` or by calling the model on a batch of data.")
    raise ImportError("You must install pydot (`pip install pydot`) for `plot_model` to work.\n"
                      "ConvDims draws no model graphs: model.summary() lists the same layers "
                      "and shapes.")


def get_custom_objects():
    return {}


class PyDataset:
    """Base class of data generators (subclassable; ConvDims never iterates them)."""

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self.workers = workers


Sequence = PyDataset


def disable_interactive_logging():
    """Accepted (ConvDims prints no progress bars)."""


enable_interactive_logging = disable_interactive_logging


def register_keras_serializable(package="Custom", name=None):
    """Accepted (as ``keras.saving.register_keras_serializable``)."""
    from .saving import register_keras_serializable as register
    return register(package, name)

