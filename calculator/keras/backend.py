"""``keras.backend``: session helpers."""

from ..core import clear_session, get_uid  # noqa: F401


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
