"""Input checks shared by the lesson models (LeNet-5, AlexNet), in Keras's words.

These models are not Keras applications: there are no pretrained weights to load, so
`weights` must be `None`, and the channel count is free.
"""

from calculator.applications.imagenet_utils import app_error, weights_ok


def check_weights(weights, title):
    if weights is None:
        return
    if weights == "imagenet" or not weights_ok(weights):
        raise app_error(
            f"{title} has no pretrained weights: the `weights` argument should be "
            f"`None` (random initialization). Received: weights={weights}",
            "weights",
        )


def lesson_input_shape(input_shape, default_shape, min_size, require_flatten, data_format):
    """Like Keras's `obtain_input_shape` without ImageNet rules; default channels vary."""
    channels_first = data_format == "channels_first"
    if not input_shape:
        if require_flatten:
            return tuple(default_shape)
        channels = default_shape[0] if channels_first else default_shape[-1]
        return (channels, None, None) if channels_first else (None, None, channels)
    if len(input_shape) != 3:
        raise app_error("`input_shape` must be a tuple of three integers.", "input_shape")
    rows, cols = (input_shape[1], input_shape[2]) if channels_first else input_shape[:2]
    if (rows is not None and rows < min_size) or (cols is not None and cols < min_size):
        raise app_error(
            f"Input size must be at least {min_size}x{min_size}; Received: "
            f"input_shape={input_shape}",
            "input_shape",
        )
    if require_flatten and None in input_shape:
        raise app_error(
            "If `include_top` is True, you should specify a static `input_shape`. "
            f"Received: input_shape={input_shape}",
            "input_shape",
        )
    return input_shape
