"""``torch.einsum`` as ATen computes it, on shape-only tensors.

The equation is parsed and checked with ATen's messages; every operand is permuted to the
output's labels followed by the contracted ones (implicit output: the ellipsis, then labels
seen once, upper case before lower case), a size 1 broadcasting. Operands are then
contracted left to right (the result goes first) as ATen's ``sumproduct_pair`` does: a
batched matrix product laid out as [dims in both, dims only left, dims only right] (the
last two swapped when every right-only dim comes before the left-only ones), permuted back,
so the result's strides, and whether a ``.view`` of it works, are PyTorch's
(``"bhqk,bhkd->bqhd"`` is not contiguous).
"""

from . import _dtypes
from ._tensor import Tensor, contiguous_strides

_LETTERS = 26
_ELLIPSIS = 2 * _LETTERS


def _subscript(label):
    return ord(label) - ord("A") if label.isupper() else ord(label) - ord("a") + _LETTERS


def _label(subscript):
    return chr(subscript + ord("A")) if subscript < _LETTERS else chr(subscript - _LETTERS + ord("a"))


def _is_label(ch):
    return ch.isascii() and ch.isalpha()


def _parse_lhs(lhs, num_ops):
    op_labels = [[] for _ in range(num_ops)]
    current, ellipsis, i = 0, False, 0
    while i < len(lhs):
        ch = lhs[i]
        if ch == ".":
            if ellipsis:
                raise RuntimeError(f"einsum(): found '.' for operand {current} for which an "
                                   "ellipsis was already found")
            if not (i + 2 < len(lhs) and lhs[i + 1] == "." and lhs[i + 2] == "."):
                raise RuntimeError(f"einsum(): found '.' for operand {current} that is not "
                                   "part of any ellipsis")
            i += 2
            op_labels[current].append(_ELLIPSIS)
            ellipsis = True
        elif ch == ",":
            current += 1
            if current >= num_ops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in "
                                   "the equation")
            ellipsis = False
        elif ch != " ":
            if not _is_label(ch):
                raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the "
                                   "equation string, subscripts must be in [a-zA-Z]")
            op_labels[current].append(_subscript(ch))
        i += 1
    if current != num_ops - 1:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    return op_labels


def _diagonal(op, d1, d2):
    """``op.diagonal(0, d1, d2).movedim(-1, d1)``: one dim of stride s1 + s2."""
    shape, strides = list(op.shape), list(op.stride())
    size, stride = min(shape[d1], shape[d2]), strides[d1] + strides[d2]
    del shape[d2], strides[d2]
    shape[d1], strides[d1] = size, stride
    return op._strided(tuple(shape), tuple(strides))


def _sumproduct_pair(left, right, sum_dims):
    """ATen's ``sumproduct_pair`` (keepdim): an elementwise product when nothing is summed,
    else a bmm laid out as [lro, lo, summed, ro] and permuted back to the dims' order."""
    if not sum_dims:
        return left * right
    if left.dtype is not right.dtype:
        raise RuntimeError(f"expected scalar type {_dtypes.scalar_name(left.dtype)} but found "
                           f"{_dtypes.scalar_name(right.dtype)}")
    lro, lo, ro = [], [], []
    for i, (sl, sr) in enumerate(zip(left.shape, right.shape)):
        if i in sum_dims:
            continue
        if sl != 1 and sr != 1:
            lro.append(i)
        elif sl != 1:
            lo.append(i)
        else:
            ro.append(i)
    if lo and ro and ro[-1] < lo[0]:  # every right-only dim first: bmm writes them first
        lo, ro = ro, lo
    order = lro + lo + sorted(sum_dims) + ro
    out_size = tuple(1 if d in sum_dims else max(left.shape[d], right.shape[d]) for d in order)
    flat = left._new(out_size, None, right)
    flat._strides = contiguous_strides(out_size)
    return flat.permute([order.index(d) for d in range(len(order))])


def einsum(equation, *operands):
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    for op in operands:
        if not isinstance(op, Tensor):
            raise TypeError(f"einsum(): argument 'operands' (position 2) must be tuple of Tensors, "
                            f"not {type(op).__name__}")
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    op_labels = _parse_lhs(lhs, len(operands))

    counts = [0] * _ELLIPSIS
    ell_num_dim = 0
    for i, (op, labels) in enumerate(zip(operands, op_labels)):
        ndim, nlabels = op.dim(), len(labels)
        has_ellipsis = _ELLIPSIS in labels
        if has_ellipsis:
            nlabels -= 1
            ell_num_dim = max(ell_num_dim, ndim - nlabels)
        for s in labels:
            if s != _ELLIPSIS:
                counts[s] += 1
        if (nlabels > ndim) if has_ellipsis else (nlabels != ndim):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({nlabels}) "
                + ("is more than" if has_ellipsis else "does not match")
                + f" the number of dimensions ({ndim}) for operand {i}"
                + ("" if has_ellipsis else " and no ellipsis was given"))

    perm_index = [-1] * _ELLIPSIS
    index = ell_index = 0
    ell_in_output = False
    if arrow < 0:
        index, ell_in_output = ell_num_dim, True
        for s in range(_ELLIPSIS):
            if counts[s] == 1:
                perm_index[s] = index
                index += 1
    else:
        rhs, i = equation[arrow + 2:], 0
        while i < len(rhs):
            ch = rhs[i]
            if ch == ".":
                if ell_in_output:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) "
                                       "was already found")
                if not (i + 2 < len(rhs) and rhs[i + 1] == "." and rhs[i + 2] == "."):
                    raise RuntimeError("einsum(): found '.' for output that is not part of any "
                                       "ellipsis (...)")
                i += 2
                ell_index, ell_in_output = index, True
                index += ell_num_dim
            elif ch != " ":
                if not _is_label(ch):
                    raise RuntimeError(f"einsum(): invalid subscript given at index "
                                       f"{len(lhs) + 2 + i} in the equation string, subscripts "
                                       "must be in [a-zA-Z]")
                s = _subscript(ch)
                if counts[s] == 0 or perm_index[s] != -1:
                    raise RuntimeError(
                        f"einsum(): output subscript {ch}" + (
                            " appears more than once in the output" if perm_index[s] != -1
                            else " does not appear in the equation for any input operand"))
                perm_index[s] = index
                index += 1
            i += 1
    out_num_dim = index
    if not ell_in_output:
        ell_index = index
        index += ell_num_dim
    for s in range(_ELLIPSIS):
        if counts[s] > 0 and perm_index[s] == -1:
            perm_index[s] = index
            index += 1
    total = index

    label_size = [1] * _ELLIPSIS
    ell_sizes = [1] * ell_num_dim
    dim_counts = [0] * total
    ops = []
    for i, (operand, labels) in enumerate(zip(operands, op_labels)):
        op = operand
        permutation = [-1] * total
        dim = 0
        for s in labels:
            if s == _ELLIPSIS:
                ndim = operand.dim() - (len(labels) - 1)
                for j in range(ell_num_dim - ndim, ell_num_dim):
                    size = op.shape[dim]
                    if size != 1:
                        if ell_sizes[j] not in (1, size):
                            raise RuntimeError(
                                f"einsum(): dimension {dim} covered by ellipsis in operand {i}has "
                                f"size {size} which does not broadcast with previously seen "
                                f"ellipsis with size {ell_sizes[j]} for the respective dimension")
                        ell_sizes[j] = size
                        dim_counts[ell_index + j] += 1
                    permutation[ell_index + j] = dim
                    dim += 1
            elif permutation[perm_index[s]] == -1:
                size = op.shape[dim]
                if size != 1:
                    if label_size[s] not in (1, size):
                        raise RuntimeError(
                            f"einsum(): subscript {_label(s)} has size {size} for operand {i} "
                            f"which does not broadcast with previously seen size {label_size[s]}")
                    label_size[s] = size
                    dim_counts[perm_index[s]] += 1
                permutation[perm_index[s]] = dim
                dim += 1
            else:
                prev = permutation[perm_index[s]]
                if op.shape[dim] != op.shape[prev]:
                    raise RuntimeError(
                        f"einsum(): subscript {_label(s)} is repeated for operand {i} but the "
                        f"sizes don't match, {op.shape[dim]} != {op.shape[prev]}")
                op = _diagonal(op, prev, dim)
        for k, val in enumerate(permutation):
            if val == -1:
                op = op.unsqueeze(dim)
                permutation[k] = dim
                dim += 1
        ops.append(op.permute(permutation))

    while len(ops) > 1:
        a, b = ops.pop(0), ops.pop(0)
        sum_dims = set()
        for dim in range(out_num_dim, a.dim()):
            if a.shape[dim] != 1 and b.shape[dim] != 1:
                dim_counts[dim] -= 1
                if dim_counts[dim] == 1:
                    sum_dims.add(dim)
                    dim_counts[dim] = 0
            elif dim_counts[dim] == 1:
                if a.shape[dim] != 1:
                    a = a.sum(dim, True)
                    dim_counts[dim] = 0
                elif b.shape[dim] != 1:
                    b = b.sum(dim, True)
                    dim_counts[dim] = 0
        ops.insert(0, _sumproduct_pair(a, b, sum_dims))
    result = ops[0]
    if total > out_num_dim:
        if len(operands) > 1:
            return result.view(tuple(result.shape[:out_num_dim]))
        return result.sum(tuple(range(out_num_dim, total)))
    return result
