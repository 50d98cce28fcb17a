"""What Keras's torch backend raises when a layer runs eagerly on arrays too small for it.

Called on arrays, a built convolution (a conv's ``build`` checks the output size, so only
one built earlier gets this far) and any pooling layer hand the arrays, moved to channels
first, to ``torch.nn.functional``: with ``padding='valid'`` a window larger than the input
fails there with PyTorch's ``RuntimeError`` ("Kernel size can't be greater than actual input
size", "Output size is too small"), not with the ``ValueError`` a symbolic call raises.
``same`` and ``causal`` pad first, so they never fail here.
"""


def _channels_first(shape, data_format):
    shape = tuple(shape)
    if data_format == "channels_last":
        return (shape[0], shape[-1]) + shape[1:-1]
    return shape


def _as_torch_error(call):
    """Run ``call`` on the torch mirror; its RuntimeError is raised with PyTorch's message
    alone (the mirror's fix names PyTorch modules, not the Keras layer at fault)."""
    try:
        call()
    except RuntimeError as exc:
        raise RuntimeError(getattr(exc, "torch_message", str(exc))) from None


def check_conv(input_shape, kernel_size, strides, dilation_rate, data_format):
    """A 'valid' convolution of arrays of ``input_shape`` (depthwise and separable ones too:
    torch sees one kernel window per channel group)."""
    from .. import torch
    from ..torch.nn import functional as F
    x = torch.empty(_channels_first(input_shape, data_format))
    weight = torch.empty((1, x.shape[1]) + tuple(kernel_size))
    conv = getattr(F, f"conv{len(kernel_size)}d")
    _as_torch_error(lambda: conv(x, weight, stride=tuple(strides), dilation=tuple(dilation_rate)))


def check_pool(input_shape, pool_size, strides, data_format, average):
    """A 'valid' max or average pooling of arrays of ``input_shape``."""
    from .. import torch
    from ..torch.nn import functional as F
    x = torch.empty(_channels_first(input_shape, data_format))
    pool = getattr(F, f"{'avg' if average else 'max'}_pool{len(pool_size)}d")
    extra = {"count_include_pad": False} if average else {}
    _as_torch_error(lambda: pool(x, kernel_size=tuple(pool_size), stride=tuple(strides),
                                 padding=0, **extra))
