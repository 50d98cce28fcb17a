"""Pure shape rules of Keras 3, one small function per rule.

Every function works on one spatial axis, takes plain integers (``None`` for an
unknown length, which is passed through) and never raises: a result of zero or
less is returned as is, and the caller (a layer) decides that it is an error.
The formulas are the ones in ``keras/src/ops/operation_utils.py`` and
``keras/src/backend/common/backend_utils.py`` (Keras 3.15).

    >>> conv_output_length(200, 2, strides=2)
    100
    >>> conv_output_length(128, 3, strides=2, padding="same")
    64
    >>> same_padding(5, 3, strides=2)
    (2, 1, 1)
"""

__all__ = [
    "effective_kernel_size",
    "conv_output_length",
    "conv_transpose_output_length",
    "pooling_output_length",
    "same_padding",
    "causal_padding",
    "window_starts",
]


def effective_kernel_size(kernel_size, dilation_rate=1):
    """Pixels a dilated kernel spans: ``k_eff = (k - 1)·d + 1``.

    >>> effective_kernel_size(3, 1)
    3
    >>> effective_kernel_size(3, 2)
    5
    """
    return (kernel_size - 1) * dilation_rate + 1


def conv_output_length(length, kernel_size, strides=1, padding="valid", dilation_rate=1):
    """Output length of a convolution along one axis.

    - ``valid``: ``floor((n - k_eff) / s) + 1`` — only windows that fit entirely.
    - ``same`` and ``causal``: ``ceil(n / s)`` (= ``floor((n - 1) / s) + 1``),
      whatever the kernel size and dilation.

    A result ``<= 0`` means the kernel does not fit (Keras raises ValueError).

    >>> conv_output_length(5, 3)
    3
    >>> conv_output_length(7, 3, strides=2)
    3
    >>> conv_output_length(6, 3, strides=2)
    2
    >>> conv_output_length(7, 3, strides=2, padding="same")
    4
    >>> conv_output_length(10, 3, dilation_rate=2)
    6
    >>> conv_output_length(5, 7)
    -1
    """
    if length is None:
        return None
    if padding == "valid":
        return (length - effective_kernel_size(kernel_size, dilation_rate)) // strides + 1
    if padding in ("same", "causal"):
        return (length - 1) // strides + 1
    raise ValueError(f"Unknown padding {padding!r}: expected 'valid', 'same' or 'causal'.")


def conv_transpose_output_length(
    length, kernel_size, strides=1, padding="valid", output_padding=None, dilation_rate=1
):
    """Output length of a transposed convolution along one axis.

    With ``k_eff = (k - 1)·d + 1``:

    - ``valid``, no output_padding: ``(n - 1)·s + max(k_eff, s)``
    - ``valid``, output_padding ``p``: ``(n - 1)·s + k_eff + p``
    - ``same``, no output_padding: ``n·s``
    - ``same``, output_padding ``p``: ``(n - 1)·s + k_eff % 2 + p``

    ``output_padding=0`` is not the same as leaving it out (``None``).

    >>> conv_transpose_output_length(4, 3, strides=2)
    9
    >>> conv_transpose_output_length(4, 1, strides=2)
    8
    >>> conv_transpose_output_length(4, 3, strides=2, output_padding=1)
    10
    >>> conv_transpose_output_length(4, 3, strides=2, padding="same")
    8
    >>> conv_transpose_output_length(4, 3, strides=2, padding="same", output_padding=0)
    7
    """
    if length is None:
        return None
    k_eff = effective_kernel_size(kernel_size, dilation_rate)
    if padding == "valid":
        extra = max(k_eff, strides) - k_eff if output_padding is None else output_padding
        return (length - 1) * strides + k_eff + extra
    if padding == "same":
        if output_padding is None:
            return length * strides
        return (length - 1) * strides + k_eff % 2 + output_padding
    raise ValueError(f"Unknown padding {padding!r}: expected 'valid' or 'same'.")


def pooling_output_length(length, pool_size, strides=None, padding="valid"):
    """Output length of a pooling layer along one axis.

    ``strides`` defaults to ``pool_size``.

    - ``valid``: ``floor((n - p) / s) + 1``
    - ``same``: ``ceil(n / s)``

    >>> pooling_output_length(8, 2)
    4
    >>> pooling_output_length(7, 2)
    3
    >>> pooling_output_length(7, 2, padding="same")
    4
    >>> pooling_output_length(7, 3, strides=1)
    5
    """
    if strides is None:
        strides = pool_size
    return conv_output_length(length, pool_size, strides, padding)


def same_padding(length, kernel_size, strides=1, dilation_rate=1):
    """How ``same`` padding is split along one axis: ``(total, before, after)``.

    ``total = max((out - 1)·s + k_eff - n, 0)`` with ``out = ceil(n / s)``;
    ``before = total // 2`` (top / left) and ``after = total - before``
    (bottom / right): when the total is odd, the extra pixel goes bottom/right.

    >>> same_padding(5, 3)
    (2, 1, 1)
    >>> same_padding(6, 3, strides=2)
    (1, 0, 1)
    >>> same_padding(6, 2, strides=2)
    (0, 0, 0)
    >>> same_padding(7, 4)
    (3, 1, 2)
    """
    out = conv_output_length(length, kernel_size, strides, "same", dilation_rate)
    total = max((out - 1) * strides + effective_kernel_size(kernel_size, dilation_rate) - length, 0)
    return total, total // 2, total - total // 2


def causal_padding(kernel_size, dilation_rate=1):
    """``causal`` padding (Conv1D only): all ``k_eff - 1`` zeros go on the left.

    >>> causal_padding(3)
    (2, 0)
    >>> causal_padding(3, 2)
    (4, 0)
    """
    return effective_kernel_size(kernel_size, dilation_rate) - 1, 0


def window_starts(length, kernel_size, strides=1, padding="valid", dilation_rate=1):
    """First input index of every window, in padded coordinates (0 = first real pixel).

    The number of windows is the output length; a negative start reads padding.

    >>> window_starts(5, 3)
    [0, 1, 2]
    >>> window_starts(5, 3, strides=2, padding="same")
    [-1, 1, 3]
    """
    out = conv_output_length(length, kernel_size, strides, padding, dilation_rate)
    if padding == "same":
        offset = -same_padding(length, kernel_size, strides, dilation_rate)[1]
    elif padding == "causal":
        offset = -causal_padding(kernel_size, dilation_rate)[0]
    else:
        offset = 0
    return [offset + i * strides for i in range(max(out, 0))]
