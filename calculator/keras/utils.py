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


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot encode integer labels: a numpy array when numpy is available (as Keras returns),
    else nested lists; a value from numpy that the page cannot compute stays unavailable."""
    from .. import numpy_stand_in
    if isinstance(y, numpy_stand_in.Unavailable):
        return y._derive("to_categorical(...)")
    try:
        import numpy as np
    except ImportError:
        np = None
    if np is not None and not isinstance(np, numpy_stand_in.StandIn):
        y = np.array(y, dtype="int64")
        shape = y.shape
        if shape and shape[-1] == 1 and len(shape) > 1:
            shape = shape[:-1]
        y = y.reshape(-1)
        n = int(np.max(y)) + 1 if num_classes is None else num_classes
        out = np.zeros((y.shape[0], n), dtype=dtype)
        out[np.arange(y.shape[0]), y] = 1
        return out.reshape(tuple(shape) + (n,))
    y = [int(v) for v in y]
    n = num_classes if num_classes is not None else (max(y) + 1 if y else 0)
    return [[1.0 if i == v else 0.0 for i in range(n)] for v in y]


def plot_model(*args, **kwargs):
    raise NotImplementedError("ConvDims does not draw model graphs; use model.summary().")


def count_params(weights):
    return sum(w.size for w in weights)


def register_keras_serializable(package="Custom", name=None):
    """A decorator that returns the class or function unchanged (serialisation is not modelled)."""
    def decorator(obj):
        return obj
    return decorator


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
