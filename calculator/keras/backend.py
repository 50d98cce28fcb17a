"""``keras.backend``: what Keras 3.15 keeps there (session, dtype and image-format settings)."""

from ..core import clear_session, get_uid  # noqa: F401

_EPSILON = [1e-07]


def image_data_format():
    return "channels_last"


def set_image_data_format(data_format):
    if data_format != "channels_last":
        raise NotImplementedError("ConvDims uses data_format='channels_last' by default; "
                                  "pass data_format= to each layer instead.")


def backend():
    return "convdims"


def floatx():
    return "float32"


def epsilon():
    return _EPSILON[0]


def set_epsilon(value):
    _EPSILON[0] = float(value)


def is_keras_tensor(x):
    from ..core import KerasTensor
    return isinstance(x, KerasTensor)


def standardize_dtype(dtype):
    return str(getattr(dtype, "name", dtype) or "float32")
