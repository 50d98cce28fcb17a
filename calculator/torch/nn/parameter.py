"""``nn.Parameter`` (a tensor a module owns) and the lazy modules' ``UninitializedParameter``."""

from .._tensor import _INTS, Size, Tensor, _fill, checked_size, make, parse_size

__all__ = ["Parameter", "UninitializedParameter", "UninitializedBuffer", "Buffer", "empty"]


def empty(*shape, dtype=None):
    """``Parameter(torch.empty(...))`` as modules create their weights: several sizes are the
    one tuple PyTorch's modules pass (``torch.empty((out, in))``), one is passed alone
    (``torch.empty(out)``); a float among them fails as ``torch.empty`` says."""
    if shape and type(shape[0]) is int and _INTS.issuperset(map(type, shape)):  # the common case
        size = tuple(map(int, shape))
    else:
        size = parse_size((shape if len(shape) > 1 else shape[0],), "empty")
    return make(checked_size(size), dtype, None, True, None, Parameter)


class Parameter(Tensor):
    """A shape-only tensor registered by ``Module.__setattr__``; trainable by default."""

    __slots__ = ()

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            _fill(self, Size((0,)), None, None, requires_grad, None)
        else:
            _fill(self, data.shape, data.dtype, data.device, requires_grad, None)

    def __repr__(self):
        return "Parameter containing:\n" + Tensor.__repr__(self)


class UninitializedParameter(Parameter):
    """A lazy module's parameter before its first call: it has no shape yet."""

    __slots__ = ()

    def _no_shape(self, *args, **kwargs):
        raise ValueError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
            "initialized one. Call `forward` to initialize the parameters before accessing their "
            "attributes.")

    numel = size = dim = _no_shape
    shape = property(_no_shape)

    def materialize(self, shape):
        self.__class__ = Parameter
        self._shape = type(self._shape)(shape)

    def __repr__(self):
        return "<UninitializedParameter>"


class Buffer(Tensor):
    """``nn.Buffer(t)``: a tensor registered as a buffer."""

    __slots__ = ("persistent",)

    def __init__(self, data, persistent=True):
        _fill(self, data.shape, data.dtype, data.device, False, None)
        self.persistent = persistent


class UninitializedBuffer(Tensor):
    __slots__ = ()
