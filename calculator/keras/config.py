"""``keras.config``."""
from .backend import backend, floatx, image_data_format, set_image_data_format  # noqa: F401


def enable_unsafe_deserialization():
    pass
from .backend import epsilon, set_epsilon  # noqa: F401,E402
