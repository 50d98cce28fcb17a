"""Index ops whose shapes come from an index tensor: ``gather``, ``scatter(_)``,
``scatter_add(_)``, ``index_select``, ``repeat_interleave`` and ``multinomial``.

Shapes and ATen's checks (index rank, index sizes against the tensor's, dtypes), in ATen's
order. An index out of range is detected when the script states the index's values
(``_values``); otherwise they are unknown. Repeats given as a tensor (whose values decide the
size) are refused.
"""

from . import _dtypes, _values
from ._tensor import DTYPES, Tensor, make, wrap_dim


def _rank(t):
    return max(t.dim(), 1)  # ATen's ensure_nonempty_dim: a 0-d tensor counts as 1-d


def _size(t, d):
    """ATen's ensure_nonempty_size: a 0-d tensor has size 1; a missing dim raises IndexError."""
    return 1 if t.dim() == 0 and d == 0 else t.shape[wrap_dim(d, t.dim())]


def _check_index_dtype(op, index, allowed="int32/int64"):
    if index.dtype.name not in ("int64", "int32"):
        raise RuntimeError(f"{op}(): Expected dtype {allowed} for index")


def gather(input, dim, index, *, sparse_grad=False):
    """The result has the index's shape; along every other dim the index fits the input."""
    d = wrap_dim(dim, input.dim())
    _check_index_dtype("gather", index)
    if index.numel():
        if _rank(input) != _rank(index):
            raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
        for i in range(_rank(input)):
            if i != d and _size(index, i) > _size(input, i):
                raise RuntimeError(
                    f"Size does not match at dimension {i} expected index {list(index.shape)} to be "
                    f"no larger than self {list(input.shape)} apart from dimension {d}")
        _values.check_gathered(index, _size(input, d), d)
    return make(index.shape, input.dtype, input.device, None)


def _scatter(self, dim, index, src=None, value=None, op="scatter"):
    d = wrap_dim(dim, self.dim())
    _check_index_dtype(op, index)
    if isinstance(src, Tensor) and src.dtype is not self.dtype:
        raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype")
    if index.numel():
        if _rank(self) != _rank(index):
            raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
        wrong = any(i != d and _size(index, i) > _size(self, i) for i in range(_rank(self)))
        if not wrong and isinstance(src, Tensor):
            wrong = any(_size(index, i) > _size(src, i) for i in range(_rank(self)))
        if wrong:
            raise RuntimeError(
                f"Expected index {list(index.shape)} to be no larger than self {list(self.shape)} "
                f"apart from dimension {d}"
                + (f" and to be no larger size than src {list(src.shape)}"
                   if isinstance(src, Tensor) else ""))
        _values.check_gathered(index, _size(self, d), d)
    return self


def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
    return _scatter(self, dim, index, src if src is not None else value)


def scatter(self, dim, index, src=None, value=None, *, reduce=None):
    return _scatter(self, dim, index, src if src is not None else value).clone()


def scatter_add_(self, dim, index, src):
    return _scatter(self, dim, index, src, op="scatter_add")


def scatter_add(self, dim, index, src):
    return scatter_add_(self, dim, index, src).clone()


def index_select(input, dim, index):
    """``dim`` takes the index's length; the index is a vector (or a scalar) of integers."""
    d = wrap_dim(dim, input.dim())
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    _check_index_dtype("index_select", index, "int32 or int64")
    size = input.shape[d] if input.shape else 1
    _values.check_index(index, size, f"dim {d} of the input has size {size} (indices 0 to {size - 1})")
    shape = list(input.shape)
    if shape:
        shape[d] = index.numel()
    return input._new(tuple(shape))


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (each slice along ``dim``) ``repeats`` times; flattened when ``dim`` is
    None. Repeats given as a tensor are refused (their values decide the size)."""
    if isinstance(repeats, Tensor):
        raise NotImplementedError(
            "repeat_interleave with a tensor of repeats: the result's size depends on their "
            "values, which ConvDims does not know (pass an int)")
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    if dim is None:
        return input._new((input.numel() * repeats,))
    d = wrap_dim(dim, input.dim())
    shape = list(input.shape)
    shape[d] *= repeats
    return input._new(tuple(shape))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """``num_samples`` int64 indices per row of a 1-d or 2-d floating-point input."""
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{_dtypes.scalar_name(input.dtype)}")
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not replacement and num_samples > input.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    return make(tuple(input.shape[:-1]) + (num_samples,), DTYPES["int64"], input.device, False)
