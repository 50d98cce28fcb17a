"""Learner-readable errors: each message names the rule and the numbers.

Every helper returns (does not raise) an exception of the type Keras raises in
the same situation — mostly ``ValueError`` — with a ``.field`` attribute set to
the Keras argument at fault (``"kernel_size"``, ``"strides"`` ...) or
``"input_shape"`` when the input is what does not fit. The page shows the
message next to that field.

    >>> e = kernel_too_large("kernel_size", 7, 1, 5, axis=1, spatial_rank=2)
    >>> str(e)
    'kernel_size 7 with dilation_rate 1 covers 7 pixels, but the input has only 5 along axis 1 (height), so no window fits: output size (5 - 7) // 1 + 1 = -1 would be zero or negative.'
    >>> e.field
    'kernel_size'
"""

__all__ = [
    "keras_error",
    "axis_name",
    "kernel_too_large",
    "pool_too_large",
    "wrong_rank",
    "wrong_axis_value",
    "unrecognized_kwargs",
    "not_positive",
    "bad_choice",
    "bad_tuple",
]


def keras_error(message, field=None, cls=ValueError):
    """An exception of type ``cls`` with ``.field`` set (the argument at fault)."""
    error = cls(message)
    error.field = field
    return error


def axis_name(axis, spatial_rank, data_format="channels_last"):
    """Human name of a full-shape axis index: ``height``, ``width``, ``depth``, ``length``.

    >>> axis_name(1, 2)
    'height'
    >>> axis_name(3, 2, "channels_first")
    'width'
    """
    names = {1: ["length"], 2: ["height", "width"], 3: ["depth", "height", "width"]}.get(
        spatial_rank, [f"spatial axis {i + 1}" for i in range(spatial_rank)]
    )
    first = 1 if data_format == "channels_last" else 2
    i = axis - first
    if 0 <= i < len(names):
        return names[i]
    return "channels" if spatial_rank else f"axis {axis}"


def _numpy_list(values):
    """A tuple as Keras prints a NumPy array in its messages: ``[1 1]``, ``[None 3 3 1]``."""
    return "[" + " ".join(str(v) for v in values) + "]"


def conv_output_nonpositive(input_shape, kernel_shape, dilation_rate, strides, padding):
    """Keras 3's own sentence for a convolution whose output would be empty (the start of
    ``kernel_too_large``'s message when the layer passes it)."""
    return ("Computed output size would be zero or negative. Received "
            f"`inputs shape={tuple(input_shape)}`, `kernel shape={tuple(kernel_shape)}`, "
            f"`dilation_rate={_numpy_list(dilation_rate)}`, `strides={tuple(strides)}`, `padding={padding}`.")


def pool_output_nonpositive(input_shape, pool_size, strides, padding):
    """Keras 3's own sentence for a pooling layer whose output would be empty."""
    return ("Computed output size would be zero or negative. Received: "
            f"`inputs.shape={_numpy_list(input_shape)}`, `pool_size={_numpy_list(pool_size)}`, "
            f"`strides={tuple(strides)}`, `padding={padding}`.")


def kernel_too_large(field, kernel_size, dilation_rate, length, axis, spatial_rank,
                     strides=1, data_format="channels_last", keras_text=""):
    """A ``valid`` convolution whose (dilated) kernel is longer than the input (after
    ``keras_text``, Keras's own sentence, when given)."""
    k_eff = (kernel_size - 1) * dilation_rate + 1
    out = (length - k_eff) // strides + 1
    name = axis_name(axis, spatial_rank, data_format)
    return keras_error(
        (f"{keras_text} " if keras_text else "")
        + f"{field} {kernel_size} with dilation_rate {dilation_rate} covers {k_eff} pixels, "
        f"but the input has only {length} along axis {axis} ({name}), so no window fits: "
        f"output size ({length} - {k_eff}) // {strides} + 1 = {out} would be zero or negative.",
        field,
    )


def pool_too_large(pool_size, strides, length, axis, spatial_rank, data_format="channels_last",
                   keras_text=""):
    """A ``valid`` pooling window longer than the input (after ``keras_text`` when given)."""
    out = (length - pool_size) // strides + 1
    name = axis_name(axis, spatial_rank, data_format)
    return keras_error(
        (f"{keras_text} " if keras_text else "")
        + f"pool_size {pool_size} is larger than the input's {length} pixels along axis {axis} "
        f"({name}): with padding='valid' the output size ({length} - {pool_size}) // {strides} + 1 "
        f"= {out} would be zero or negative. Use a smaller pool_size or padding='same'.",
        "pool_size",
    )


def wrong_rank(layer, shape, expected_ndim=None, min_ndim=None, max_ndim=None, meaning=""):
    """The input has the wrong number of axes (batch axis included) for the layer.

    The message begins with Keras 3's InputSpec text (``Input 0 with name 'None' of layer
    'conv2d' is incompatible with the layer: expected ndim=4, found ndim=5. Full shape
    received: (None, None, 28, 28, 1)``), then says why in plain words."""
    ndim = len(shape)
    shown = "(" + ", ".join(str(d) for d in shape) + ("," if ndim == 1 else "") + ")"
    head = f"Input 0 with name 'None' of layer '{layer.name}' is incompatible with the layer: "
    if expected_ndim is not None:
        text, want = f"expected ndim={expected_ndim}, found ndim={ndim}. Full shape received: {shown}", expected_ndim
    elif max_ndim is not None and ndim > max_ndim:
        text, want = f"expected max_ndim={max_ndim}, found ndim={ndim}", max_ndim
    else:
        text, want = f"expected min_ndim={min_ndim}, found ndim={ndim}. Full shape received: {shown}", min_ndim
    hint = f" {type(layer).__name__} counts the batch axis too."
    if ndim == want + 1:
        hint += BATCH_AXIS_HINT
    if meaning:
        hint += f" {meaning}"
    return keras_error(head + text + hint, "input_shape")


#: Said when an input has one axis too many: the usual cause is a batch axis written
#: into ``input_shape`` / ``shape`` (both describe one sample).
BATCH_AXIS_HINT = (" The input has one axis more than the layer expects: `input_shape` and "
                   "`Input(shape=...)` describe one sample, without the batch axis, e.g. "
                   "(28, 28, 1) rather than (None, 28, 28, 1).")


def wrong_axis_value(layer, shape, axis, expected):
    """A built layer is called on an input whose size on ``axis`` changed."""
    return keras_error(
        f"Input 0 with name 'None' of layer '{layer.name}' is incompatible with the layer: expected "
        f"axis {axis} of input shape to have value {expected}, but received input with shape "
        f"{tuple(shape)}. A layer's weights are created for the first input it sees; reuse it "
        f"only on inputs of the same size.",
        "input_shape",
    )


def unrecognized_kwargs(class_name, kwargs):
    """Keras rejects keyword arguments a layer does not know."""
    field = next(iter(kwargs), None)
    return keras_error(
        f"Unrecognized keyword arguments passed to {class_name}: {kwargs}", field
    )


def not_positive(field, value, what="must be a positive integer"):
    """An argument that must be > 0 (or >= 0) is not."""
    return keras_error(f"`{field}` {what}. Received: {field}={value!r}", field)


def bad_choice(field, value, choices):
    """An argument that must be one of a few strings."""
    options = ", ".join(repr(c) for c in choices)
    return keras_error(
        f"`{field}` must be one of {options}. Received: {field}={value!r}", field
    )


def bad_tuple(field, value, n):
    """An int-or-tuple argument of the wrong form."""
    return keras_error(
        f"The `{field}` argument must be a tuple of {n} integers (or a single integer). "
        f"Received: {field}={value!r}",
        field,
    )
