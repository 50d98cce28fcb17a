"""Shared checks of the Keras applications, ported from `keras/src/applications/imagenet_utils.py`.

Same rules, same order, same messages and exception types as Keras 3.15. Every error
raised here also carries `.field`: the constructor argument at fault (`"input_shape"`,
`"classes"`, `"weights"`, `"classifier_activation"`, ...), so a page can show it next to
that field.
"""

import os
import warnings


def app_error(message, field=None, exc=ValueError):
    """An exception of Keras's type carrying `.field` (the argument at fault)."""
    err = exc(message)
    err.field = field
    return err


def weights_ok(weights):
    """`weights in {"imagenet", None} or file_utils.exists(weights)`.

    A path to an existing file is accepted (Keras would load it; the calculator never
    loads weights: they never change a shape or a parameter count).
    """
    if weights is None or weights == "imagenet":
        return True
    try:
        return isinstance(weights, (str, os.PathLike)) and os.path.exists(weights)
    except (TypeError, ValueError, OSError):  # pragma: no cover
        return False


def obtain_input_shape(
    input_shape,
    default_size,
    min_size,
    data_format,
    require_flatten,
    weights=None,
    stacklevel=2,
):
    """Compute or validate a model's input shape (Keras's `obtain_input_shape`).

    - No `input_shape`: the default `(default_size, default_size, 3)` when the top (a
      flatten / classifier) is included, else `(None, None, 3)`.
    - `weights="imagenet"` with the top: the shape must equal the default tuple (a list
      never does, exactly as in Keras).
    - Otherwise: three entries; 3 channels with ImageNet weights; each spatial side at
      least `min_size`. A channel count other than 1 or 3 only warns (`stacklevel` as in
      `warnings.warn`: 2 names the caller, as Keras's does).
    - With the top, no dimension may be `None`.

    >>> obtain_input_shape(None, 224, 32, "channels_last", True)
    (224, 224, 3)
    >>> obtain_input_shape(None, 224, 32, "channels_last", False)
    (None, None, 3)
    """
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        if data_format == "channels_first":
            correct_channel_axis = 1 if len(input_shape) == 4 else 0
            if input_shape[correct_channel_axis] not in {1, 3}:
                warnings.warn(
                    "This model usually expects 1 or 3 input channels. "
                    "However, it was passed an input_shape "
                    f"with {input_shape[0]} input channels.",
                    stacklevel=stacklevel,
                )
            default_shape = (input_shape[0], default_size, default_size)
        else:
            if input_shape[-1] not in {1, 3}:
                warnings.warn(
                    "This model usually expects 1 or 3 input channels. "
                    "However, it was passed an input_shape "
                    f"with {input_shape[-1]} input channels.",
                    stacklevel=stacklevel,
                )
            default_shape = (default_size, default_size, input_shape[-1])
    else:
        if data_format == "channels_first":
            default_shape = (3, default_size, default_size)
        else:
            default_shape = (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None:
            if input_shape != default_shape:
                raise app_error(
                    "When setting `include_top=True` "
                    "and loading `imagenet` weights, "
                    f"`input_shape` should be {default_shape}.  "
                    f"Received: input_shape={input_shape}",
                    "input_shape",
                )
        return default_shape
    if input_shape:
        # Keras checks both layouts alike: the channel axis first or last, rows after it
        # or first; the columns are read only when the rows pass, as in Keras.
        channels_first = data_format == "channels_first"
        if len(input_shape) != 3:
            raise app_error(
                "`input_shape` must be a tuple of three integers.", "input_shape"
            )
        channels = input_shape[0] if channels_first else input_shape[-1]
        if channels != 3 and weights == "imagenet":
            raise app_error(
                "The input must have 3 channels; Received "
                f"`input_shape={input_shape}`",
                "input_shape",
            )
        row_axis = 1 if channels_first else 0

        def too_small(side):
            return side is not None and side < min_size

        if too_small(input_shape[row_axis]) or too_small(input_shape[row_axis + 1]):
            raise app_error(
                f"Input size must be at least {min_size}x{min_size}; Received: "
                f"input_shape={input_shape}",
                "input_shape",
            )
    else:
        if require_flatten:
            input_shape = default_shape
        else:
            if data_format == "channels_first":
                input_shape = (3, None, None)
            else:
                input_shape = (None, None, 3)
    if require_flatten:
        if None in input_shape:
            raise app_error(
                "If `include_top` is True, "
                "you should specify a static `input_shape`. "
                f"Received: input_shape={input_shape}",
                "input_shape",
            )
    return input_shape


def correct_pad(inputs, kernel_size, data_format="channels_last"):
    """Zero padding that makes a stride-2 `valid` convolution centre like TF's `same`.

    `((k//2 - adjust, k//2), ...)` with `adjust = 1 - n % 2` (1 when the size is unknown):
    an even side is padded one pixel less on top/left.

    >>> class T: shape = (None, 224, 224, 3)
    >>> correct_pad(T, 3)
    ((0, 1), (0, 1))
    """
    img_dim = 2 if data_format == "channels_first" else 1
    input_size = inputs.shape[img_dim : (img_dim + 2)]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if input_size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - input_size[0] % 2, 1 - input_size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return (
        (correct[0] - adjust[0], correct[0]),
        (correct[1] - adjust[1], correct[1]),
    )


_ALLOWED_WITH_WEIGHTS = ("softmax", "linear")


def _activation_name(activation):
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        return activation
    return getattr(activation, "__name__", None) or getattr(activation, "name", None) or str(
        activation
    )


def validate_activation(classifier_activation, weights):
    """With pretrained weights the classifier's activation must be `None` or `"softmax"`."""
    if weights is None:
        return
    if _activation_name(classifier_activation) not in _ALLOWED_WITH_WEIGHTS:
        raise app_error(
            "Only `None` and `softmax` activations are allowed "
            "for the `classifier_activation` argument when using "
            "pretrained weights, with `include_top=True`; Received: "
            f"classifier_activation={classifier_activation}",
            "classifier_activation",
        )


def preprocess_input(x, data_format=None, mode="caffe"):
    """Keras's `preprocess_input`. Values change, shapes never do: data comes back as is; a
    symbolic input goes through the ops Keras applies (`_preprocess_symbolic_input`), so a
    model built on it shows their rows."""
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError(
            "Expected mode to be one of `caffe`, `tf` or `torch`. "
            f"Received: mode={mode}"
        )
    if data_format is not None and data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            "Expected data_format to be one of `channels_first` or "
            f"`channels_last`. Received: data_format={data_format}"
        )
    from calculator.core import KerasTensor
    if isinstance(x, KerasTensor):
        return _preprocess_symbolic_input(x, data_format, mode)
    return x


#: Per-channel (RGB) mean and standard deviation of each mode (Keras's constants).
_TORCH_MEAN, _TORCH_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
_CAFFE_MEAN = [103.939, 116.779, 123.68]


def _preprocess_symbolic_input(x, data_format, mode):
    """The ops Keras runs on a symbolic input (channels last): "tf" divides by 127.5 and
    subtracts 1; "torch" divides by 255, adds the negated mean, divides by the std; "caffe"
    reorders RGB to BGR (three slices and a stack) and adds the negated mean. Constants are
    not tensors, so only these ops make summary rows."""
    from calculator.keras import ops
    if (data_format or "channels_last") != "channels_last":
        raise NotImplementedError(
            "preprocess_input on a symbolic input with data_format='channels_first' is not "
            "supported by ConvDims; use channels_last (the default).")
    if mode == "tf":
        x = x / 127.5
        return x - 1.0
    if mode == "torch":
        x = x / 255.0
        x = x + [-m for m in _TORCH_MEAN]
        return x / _TORCH_STD
    x = ops.stack([x[..., 2], x[..., 1], x[..., 0]], axis=-1)
    return x + [-m for m in _CAFFE_MEAN]


def decode_predictions(preds, top=5):
    """Needs real predictions (and ImageNet's class index): not available in the calculator."""
    raise NotImplementedError(
        "decode_predictions needs real predictions from trained weights; the calculator "
        "computes shapes and parameter counts only."
    )
