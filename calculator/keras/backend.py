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


def is_float_dtype(dtype):
    return standardize_dtype(dtype).startswith(("float", "bfloat"))


def is_int_dtype(dtype):
    return standardize_dtype(dtype).startswith(("int", "uint"))


def set_floatx(value):
    """Only float32, ConvDims's one float type: another changes every layer's dtype."""
    if str(value) != "float32":
        raise NotImplementedError(
            f"keras.backend.set_floatx({value!r}): ConvDims builds float32 layers only "
            "(pass dtype= to each layer instead).")


def result_type(*dtypes):
    raise NotImplementedError("keras.backend.result_type is not modelled by ConvDims "
                              "(Keras 3 has it).")
