"""Pure shape rules of PyTorch, one small function per rule (one spatial axis each).

These sit next to ``calculator.shapes`` (the Keras rules) and share its
``effective_kernel_size``: together they are the one symbolic core both front ends use.
Lengths are plain integers; nothing here raises, the caller decides what is an error.
The formulas are those of ``torch.nn`` (2.13) documentation and of ATen's
``pooling_output_shape`` / ``conv_output_size``.

    >>> conv_output_length(28, 3, padding=1)
    28
    >>> pool_output_length(5, 2, 2, ceil_mode=True)
    3
"""

from .shapes import effective_kernel_size

__all__ = [
    "effective_kernel_size",
    "conv_output_length",
    "same_padding_split",
    "pool_output_length",
    "conv_transpose_output_length",
    "adaptive_windows",
    "upsample_output_length",
]


def conv_output_length(length, kernel_size, stride=1, padding=0, dilation=1):
    """``nn.Conv*d`` output length: ``floor((n + 2p − d(k−1) − 1)/s) + 1``.

    ``padding`` is the per-side amount (a pair ``(before, after)`` is accepted for the
    asymmetric ``padding='same'`` split). A result ``<= 0`` means no window fits.

    >>> conv_output_length(32, 5)
    28
    >>> conv_output_length(7, 3, stride=2, padding=1)
    4
    >>> conv_output_length(10, 3, dilation=2)
    6
    >>> conv_output_length(8, 4, padding=(1, 2))
    8
    """
    total = 2 * padding if isinstance(padding, int) else padding[0] + padding[1]
    return (length + total - dilation * (kernel_size - 1) - 1) // stride + 1


def same_padding_split(kernel_size, dilation=1):
    """``padding='same'`` in PyTorch: ``total = d(k−1)``, ``left = total // 2``, the rest right.

    An odd total puts the extra pixel on the right/bottom, as Keras ``same`` does at stride 1.

    >>> same_padding_split(3)
    (1, 1)
    >>> same_padding_split(4)
    (1, 2)
    """
    total = dilation * (kernel_size - 1)
    return total // 2, total - total // 2


def pool_output_length(length, kernel_size, stride, padding=0, dilation=1, ceil_mode=False):
    """``nn.MaxPool*d`` / ``nn.AvgPool*d`` output length.

    ``floor((n + 2p − d(k−1) − 1)/s) + 1``; with ``ceil_mode`` the division rounds up, but
    the last window must start inside the input or the left padding: if
    ``(out − 1)·s ≥ n + p`` one window is dropped.

    >>> pool_output_length(5, 2, 2)
    2
    >>> pool_output_length(5, 2, 2, ceil_mode=True)
    3
    >>> pool_output_length(4, 2, 2, ceil_mode=True)
    2
    >>> pool_output_length(5, 3, 2, padding=1, ceil_mode=True)
    3
    """
    span = length + 2 * padding - dilation * (kernel_size - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= length + padding:
        out -= 1
    return out


def conv_transpose_output_length(length, kernel_size, stride=1, padding=0, output_padding=0,
                                 dilation=1):
    """``nn.ConvTranspose*d`` output length: ``(n − 1)·s − 2p + d(k−1) + output_padding + 1``.

    >>> conv_transpose_output_length(4, 3, stride=2)
    9
    >>> conv_transpose_output_length(4, 3, stride=2, padding=1, output_padding=1)
    8
    """
    return (length - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1


def adaptive_windows(length, output_size):
    """Adaptive pooling: window ``i`` spans ``[floor(i·n/o), ceil((i+1)·n/o))``.

    The output length is ``o`` whatever ``n`` is; windows may overlap or differ in size.

    >>> adaptive_windows(5, 3)
    [(0, 2), (1, 4), (3, 5)]
    >>> adaptive_windows(7, 7)[:2]
    [(0, 1), (1, 2)]
    """
    return [((i * length) // output_size, -(-((i + 1) * length) // output_size))
            for i in range(output_size)]


def upsample_output_length(length, size=None, scale_factor=None):
    """``nn.Upsample`` / ``F.interpolate``: ``size`` if given, else ``floor(n · scale_factor)``.

    >>> upsample_output_length(7, scale_factor=2)
    14
    >>> upsample_output_length(7, scale_factor=1.5)
    10
    >>> upsample_output_length(7, size=16)
    16
    """
    if size is not None:
        return size
    return int(length * scale_factor // 1)
