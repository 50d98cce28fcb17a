"""Argument standardization shared by the layers (Keras's ``argument_validation``).

Each helper returns the canonical value or raises ``ValueError`` with ``.field``
set to the argument's name, in the situations where Keras 3 raises.
"""

from .. import errors
from ..core import is_shape

_ARG_SUFFIX = {
    "kernel_size": "the kernel covers kernel_size pixels along each spatial axis",
    "strides": "the window moves strides pixels at a time",
    "dilation_rate": "the kernel taps are dilation_rate pixels apart",
    "pool_size": "the pooling window covers pool_size pixels along each spatial axis",
}


def normalize_tuple(value, n, name, allow_zero=False, keep_floats=False):
    """An int or an iterable of ``n`` ints -> a tuple of ``n`` ints (Keras's ``standardize_tuple``).

    Values must be > 0 (>= 0 with ``allow_zero``). With ``keep_floats`` a number such as
    ``1.5`` is kept as given, as Keras keeps it (the layer then refuses the fractional
    length it makes, see ``check_output_dims``); otherwise it is refused here.

    >>> normalize_tuple(3, 2, "kernel_size")
    (3, 3)
    >>> normalize_tuple([1, 2], 2, "strides")
    (1, 2)
    """
    msg = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}"
    if isinstance(value, bool):
        raise errors.keras_error(msg, name)
    if isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise errors.keras_error(msg + " (one integer, or one per spatial axis).", name) from None
        if len(values) != n:
            raise errors.keras_error(
                msg + f": it has {len(values)} values but this layer has {n} spatial "
                f"ax{'is' if n == 1 else 'es'}.", name)
        for v in values:
            if isinstance(v, bool) or not isinstance(v, int):
                try:
                    if int(v) != v and not keep_floats:
                        raise ValueError
                except (TypeError, ValueError):
                    raise errors.keras_error(
                        msg + f", including element {v!r} of type {type(v)}", name) from None
        if not keep_floats:
            values = tuple(int(v) for v in values)
    bad = sorted({v for v in values if (v < 0 if allow_zero else v <= 0)})
    if bad:
        need = ">= 0" if allow_zero else "> 0"
        why = _ARG_SUFFIX.get(name, "")
        raise errors.keras_error(
            msg + f", including values {set(bad)} that do not satisfy `value {need}`"
            + (f" ({why}, so it must be at least {0 if allow_zero else 1})." if why else "."),
            name,
        )
    return values


def normalize_padding(value, allow_causal=False):
    """``'valid'``/``'same'`` (and ``'causal'`` for Conv1D), case-insensitive."""
    if isinstance(value, (list, tuple)):
        return value
    if not isinstance(value, str):
        raise errors.keras_error(
            f"The `padding` argument must be a list/tuple or one of 'valid', 'same'. Received: {value!r}",
            "padding")
    padding = value.lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if padding not in allowed:
        extra = ""
        if padding == "causal":
            extra = " 'causal' padding exists only for Conv1D (it pads the start of a sequence)."
        raise errors.keras_error(
            f"The `padding` argument must be a list/tuple or one of {{{', '.join(repr(a) for a in allowed)}}}. "
            f"Received: {padding}.{extra}",
            "padding")
    return padding


def normalize_data_format(value):
    """``None`` -> ``'channels_last'`` (Keras's default image_data_format)."""
    if value is None:
        return "channels_last"
    fmt = str(value).lower()
    if fmt not in ("channels_first", "channels_last"):
        raise errors.keras_error(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={fmt}",
            "data_format")
    return fmt


def check_positive_int(value, name, what=None):
    """Keras's "Expected a strictly positive value" check."""
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise errors.keras_error(
            f"Invalid value for argument `{name}`. Expected a strictly positive value. "
            f"Received {name}={value!r}." + (f" {what}" if what else ""),
            name)
    return value


def check_ndim(layer, shape, ndim=None, min_ndim=None, max_ndim=None, meaning=""):
    """Keras's InputSpec rank check on one input shape (batch axis included)."""
    if not is_shape(shape):
        raise errors.keras_error(
            f'Layer "{layer.name}" expects 1 input(s), but it received {len(shape)} input tensors. '
            f"Inputs received: shapes {list(shape)} (a layer that returns several tensors, such as "
            "return_state=True or merge_mode=None, feeds a layer that takes one).", "input_shape")
    n = len(shape)
    if (ndim is not None and n != ndim) or (min_ndim is not None and n < min_ndim) or (
            max_ndim is not None and n > max_ndim):
        raise errors.wrong_rank(layer, shape, ndim, min_ndim, max_ndim, meaning)


def check_output_dims(shape, field, why=""):
    """Keras makes a tensor only from whole, non-negative dimensions (zero is allowed):
    ``Cannot convert '(None, 8.5, 2)' to a shape. Found invalid dimension '8.5' of type
    '<class 'float'>'.`` and ``Cannot convert '(None, -2, 4)' to a shape. Negative
    dimensions are not allowed.``"""
    for d in shape:
        if d is not None and (isinstance(d, bool) or not isinstance(d, int)):
            raise errors.keras_error(
                f"Cannot convert '{tuple(shape)}' to a shape. Found invalid dimension '{d}' of type "
                f"'{type(d)}'. Lengths, padding and cropping must be whole numbers.", field)
    if any(d is not None and d < 0 for d in shape):
        raise errors.keras_error(
            f"Cannot convert '{tuple(shape)}' to a shape. Negative dimensions are not allowed."
            + (f" {why}" if why else ""), field)
    return shape


def channel_axis(data_format):
    return -1 if data_format == "channels_last" else 1


def spatial_axes(ndim, data_format):
    """Indices (in the full shape) of the spatial axes."""
    return list(range(1, ndim - 1)) if data_format == "channels_last" else list(range(2, ndim))


def with_spatial(shape, new_spatial, channels, data_format):
    """Rebuild a full shape from batch, spatial lengths and channels."""
    if data_format == "channels_last":
        return (shape[0],) + tuple(new_spatial) + (channels,)
    return (shape[0], channels) + tuple(new_spatial)


ACTIVATIONS = frozenset([
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu",
    "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink",
    "threshold"])


def normalize_activation(value, field="activation"):
    """``None`` -> ``'linear'``; a known name or a callable is kept; anything else is Keras's
    "Could not interpret activation function identifier" ValueError (names are lower-case)."""
    if value is None:
        return "linear"
    if callable(value) or isinstance(value, dict):
        return value
    if isinstance(value, str) and value in ACTIVATIONS:
        return value
    hint = ""
    if isinstance(value, str) and value.lower() in ACTIVATIONS:
        hint = f" Activation names are lower-case: use '{value.lower()}'."
    elif isinstance(value, str) and value.lower().replace("_", "") == "leakyrelu":
        hint = " Use 'leaky_relu'."
    raise errors.keras_error(
        f"Could not interpret activation function identifier: {value}.{hint} Known names: "
        "'relu', 'sigmoid', 'softmax', 'tanh', 'elu', 'selu', 'gelu', 'swish', 'linear', ...", field)
