"""Integer values the calculator knows from how a tensor was made, for the index checks
PyTorch makes on values: ``Target 10 is out of bounds.`` (``nll_loss``/``cross_entropy``),
``index out of range in self`` (``Embedding``, ``index_select``).

Tensors are shape-only; a few integer tensors still have values the script states:
``torch.tensor([1, 5, 10])`` (exactly those), ``torch.full(..., 3)`` / ``zeros`` / ``ones``
with an integer dtype (a constant), ``torch.arange(a, b)`` (every integer from ``a`` to
``b − 1``), and ``torch.randint(low, high, size)`` (each element drawn from ``low`` to
``high − 1``). Reshaping ops that keep every element (``view``, ``reshape``, ``flatten``,
``squeeze``, ``unsqueeze``, ``contiguous``, ``clone``, ``detach``, device moves, ``long()``,
``permute``, ``expand``, ``repeat``...) carry them on; arithmetic with a Python int (``y - 1``,
``y * 2``, ``3 - y``, ``y // 2``, ``y % 5``, ``clamp``) carries them through; a slice keeps
drawn values drawn and of others only their bounds. Any other op's result has unknown values
and is not checked, as before. An in-place change to an integer tensor forgets every known
value, since a view may share the changed memory (``t -= 1`` then sets the new values of
``t`` itself; after ``t[t == 10] = 0`` or ``t.clamp_(...)`` nothing is known).
"""

import weakref

from . import _fix

_KNOWN = {}  # id(tensor) -> (weak reference, Known): by identity (Tensor.__eq__ is elementwise)


def _get(t):
    entry = _KNOWN.get(id(t))
    return entry[1] if entry is not None and entry[0]() is t else None


def _set(t, known):
    key = id(t)

    def gone(ref):
        if _KNOWN.get(key, (None,))[0] is ref:
            del _KNOWN[key]
    _KNOWN[key] = (weakref.ref(t, gone), known)


class Known:
    """What is known of an integer tensor's values, ``kind`` one of:

    ``"values"``: exactly ``values`` (row-major order when ``ordered``, else as a multiset);
    ``"range"``: every integer from ``lo`` to ``hi``, ascending (a constant when equal);
    ``"drawn"``: ``count`` elements, each drawn uniformly from ``lo`` to ``hi``, or, when
    ``values`` is set, uniformly from that tuple (what the script's arithmetic made of each
    integer of the drawn range, repeats kept: ``randint(0, 10, ...) * 2`` or ``% 3``);
    ``"bounded"``: every value lies from ``lo`` to ``hi``, nothing more (the values of a slice
    of stated or computed ones);
    ``"pooled"``: a max pool's indices into its input's planes (``pool``: see ``pooled``), each
    somewhere in its window, where the data puts the maximum.
    ``made`` says how, in the script's words, for the fix text.
    """

    __slots__ = ("kind", "lo", "hi", "count", "made", "values", "ordered", "pool")

    def __init__(self, kind, lo, hi, count, made, values=None, ordered=True, pool=None):
        self.kind, self.lo, self.hi, self.count, self.made = kind, lo, hi, count, made
        self.values, self.ordered, self.pool = values, ordered, pool


def _exact_values(data):
    """The flat values of nested lists/tuples of Python ints, else None."""
    flat, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, int):  # bool is an int: True/False count as 1/0, as in torch
            flat.append(int(item))
        else:
            return None
    return tuple(flat)


def _integral(t):
    return not t.dtype.is_floating_point and t.dtype.name != "bool"


def from_data(t, data):
    """``torch.tensor(data)`` of an integer dtype: its exact values (small literals only)."""
    if _integral(t) and 0 < t.numel() <= 100_000:
        values = _exact_values(data)
        if values is not None and len(values) == t.numel():
            _set(t, Known("values", min(values), max(values), len(values),
                          "the values written in the script", values))
    return t


def constant(t, value, made):
    if _integral(t) and isinstance(value, int) and t.numel():
        _set(t, Known("range", int(value), int(value), t.numel(), made))
    return t


def arange(t, start, end, step):
    if _integral(t) and t.numel() and step == 1 and isinstance(start, int):
        _set(t, Known("range", start, start + t.numel() - 1, t.numel(),
                      f"torch.arange({start}, {end})"))
    return t


def permuted(t, n):
    """``torch.randperm(n)``: every value from 0 to n - 1 once, in an unknown order."""
    if _integral(t) and t.numel():
        _set(t, Known("range", 0, n - 1, n, f"torch.randperm({n})", ordered=False))
    return t


def drawn(t, low, high, made):
    if _integral(t) and t.numel() and isinstance(low, int) and isinstance(high, int) and low < high:
        _set(t, Known("drawn", low, high - 1, t.numel(), made))
    return t


def carry(old, new, ordered=True):
    """``new`` holds ``old``'s elements (in ``old``'s row-major order when ``ordered``; an
    ``expand``/``repeat`` holds them repeated, not in order)."""
    k = _get(old) if _KNOWN else None
    if k is not None and _integral(new) and new.numel():
        _set(new, Known(k.kind, k.lo, k.hi, k.count, k.made, k.values, k.ordered and ordered,
                        k.pool))
    return new


_MATERIAL = 100_000  # at most this many values are written out after arithmetic


def has(t):
    return bool(_KNOWN) and _get(t) is not None


def mapped(old, new, fn, shift=None, known=None):
    """``new = fn(old)`` elementwise with a Python int (``y - 1``, ``y * 2``, ``y.clamp(0, 9)``):
    what is known of ``old`` (or ``known``, taken before an in-place change), carried through
    ``fn``. ``shift`` is the constant ``fn`` adds (a drawn range stays uniform only then)."""
    k = known or (_get(old) if _KNOWN else None)
    if k is None or not _integral(new) or not new.numel():
        return new
    made = k.made if k.made.endswith("as the script changes them") else f"{k.made}, as the script changes them"
    if k.kind != "values" and k.hi - k.lo + 1 <= _MATERIAL and all(
            fn(v) == v for v in range(k.lo, k.hi + 1)):  # clamp(min=0) on ids from 0: unchanged
        result = k
    elif k.kind == "values":
        values = tuple(fn(v) for v in k.values)
        result = Known("values", min(values), max(values), k.count, made, values, k.ordered)
    elif k.kind in ("range", "drawn") and shift is not None and k.values is None:
        result = Known(k.kind, k.lo + shift, k.hi + shift, k.count, made, ordered=k.ordered)
    elif k.kind == "drawn" and k.values is not None:  # each draw is one of these, as likely
        images = tuple(fn(v) for v in k.values)
        result = Known("drawn", min(images), max(images), k.count, made, images)
    elif k.hi - k.lo + 1 > _MATERIAL or k.kind == "pooled":
        return new
    elif k.kind in ("range", "drawn"):
        images = tuple(fn(v) for v in range(k.lo, k.hi + 1))
        result = Known("values", min(images), max(images), k.count, made, images, k.ordered) \
            if k.kind == "range" else Known("drawn", min(images), max(images), k.count, made, images)
    else:  # bounded: the bounds of what fn makes of the whole range
        images = [fn(v) for v in range(k.lo, k.hi + 1)]
        result = Known("bounded", min(images), max(images), k.count, made)
    _set(new, result)
    return new


def carry_part(old, new):
    """``new`` holds some of ``old``'s elements (a slice, ``narrow``): drawn values stay drawn
    (fewer of them); of the others only the bounds stay known."""
    k = _get(old) if _KNOWN else None
    if k is None or not _integral(new) or not new.numel() or k.kind == "pooled":
        return new
    if k.kind == "drawn":
        _set(new, Known("drawn", k.lo, k.hi, new.numel(), k.made, k.values))
    else:
        _set(new, Known("bounded", k.lo, k.hi, new.numel(), k.made))
    return new


def forget():
    """An integer tensor changed in place: no value is known any more."""
    _KNOWN.clear()


reset = forget


class Outside:
    """Values of an index tensor outside ``[0, size)``: ``first`` is the first such value
    PyTorch meets when that is known (else None), ``chance`` the probability that at least one
    element is outside (1 unless the values are drawn), ``said`` a plain account for the fix."""

    def __init__(self, first, chance, said):
        self.first, self.chance, self.said = first, chance, said


def outside(t, size, skip=None, low=0):
    """``None`` when no element of ``t`` can lie outside ``[low, size)`` (``size`` None: no
    upper bound; the value ``skip``, a loss's ``ignore_index``, is let through) or nothing is
    known of ``t``; else an ``Outside``."""
    k = _get(t) if _KNOWN else None
    top = float("inf") if size is None else size
    if k is None or k.kind == "pooled" or (k.lo >= low and k.hi < top):
        return None
    where = f"below {low}" if size is None else f"outside {low} to {size - 1}"
    if k.kind == "bounded":  # only when every value is outside is one certainly outside
        if k.hi < low or k.lo >= top:
            return Outside(k.lo if k.lo == k.hi else None, 1.0,
                           f"{k.made} lie from {k.lo} to {k.hi}, all {where}")
        return None
    if k.kind == "values":
        bad = [v for v in k.values if (v < low or v >= top) and v != skip]
        if not bad:
            return None
        distinct = sorted(set(bad))
        first = bad[0] if k.ordered or len(distinct) == 1 else None
        return Outside(first, 1.0, f"{k.made} include {_listed(distinct, len(distinct))}, "
                                   f"{where}")
    if k.values is not None:  # drawn from the images of a range: count the outside ones
        bad = [v for v in k.values if (v < low or v >= top) and v != skip]
        if not bad:
            return None
        shown, n_bad, span = sorted(set(bad)), len(bad), len(k.values)
        chance = 1.0 - ((span - n_bad) / span) ** k.count
        odds = "" if chance >= 1.0 else (
            f"; the {k.count} values drawn include one with probability {_percent(chance)}, and "
            "PyTorch fails on every draw that does")
        return Outside(shown[0] if len(shown) == 1 else None, chance,
                       f"{k.made} gives {k.count} value{'s' if k.count != 1 else ''}, each drawn "
                       f"from {k.lo} to {k.hi}, and {_listed(shown, len(shown))} "
                       f"{_lie(len(shown))} {where}{odds}")
    below = range(k.lo, min(low - 1, k.hi) + 1)
    above = range(0) if size is None else range(max(size, k.lo), k.hi + 1)
    n_bad = len(below) + len(above) - (skip in below or skip in above)
    if n_bad <= 0:
        return None
    shown = [v for v in list(below[:4]) + list(above[:4]) if v != skip]
    if k.kind == "range":  # ascending: the first outside is the first of these
        first = shown[0] if k.ordered or n_bad == 1 else None
        return Outside(first, 1.0, f"{k.made} gives {k.lo} to {k.hi}, and "
                                   f"{_listed(shown, n_bad)} {_lie(n_bad)} {where}")
    span = k.hi - k.lo + 1
    chance = 1.0 - ((span - n_bad) / span) ** k.count
    odds = "" if chance >= 1.0 else (
        f"; the {k.count} values drawn include one with probability {_percent(chance)}, and "
        "PyTorch fails on every draw that does")
    return Outside(shown[0] if n_bad == 1 else None, chance,
                   f"{k.made} draws {k.count} value{'s' if k.count != 1 else ''} from {k.lo} "
                   f"to {k.hi}, and {_listed(shown, n_bad)} {_lie(n_bad)} {where}{odds}")


def _lie(n):
    return "lies" if n == 1 else "lie"


def _listed(values, n):
    text = ", ".join(str(v) for v in values[:6])
    return text + (", …" if n > len(values[:6]) else "")


def _percent(p):
    if p > 0.9999:
        return "above 99.99%"
    if p < 0.0001:
        return "below 0.01%"
    return f"{p * 100:.{1 if p >= 0.99 else 0 if p >= 0.1 else 2}f}%"


def check_index(index, size, what):
    """``Embedding`` / ``index_select``: PyTorch's IndexError when an index is outside
    ``[0, size)`` (its message names no value)."""
    bad = outside(index, size)
    if bad is not None:
        raise _fix.error(IndexError, "index out of range in self",
                         f"{what}, but {bad.said}. Make the table larger than the largest index "
                         "(e.g. num_embeddings = vocabulary size), or map the indices into range.")


def check_subscript(index, size):
    """``x[index_tensor]``: PyTorch's IndexError for an index outside ``[-size, size)``."""
    bad = outside(index, size, low=-size)
    if bad is not None:
        value = bad.first if bad.first is not None else "N"
        raise _fix.error(IndexError, f"index {value} is out of bounds for dimension 0 with size {size}",
                         f"the indexed dimension has size {size} (indices {-size} to {size - 1}), "
                         f"but {bad.said}.")


def check_gathered(index, size, dim):
    """``gather`` / ``scatter``: PyTorch's RuntimeError naming the first index outside
    ``[0, size)`` along ``dim``."""
    bad = outside(index, size)
    if bad is not None:
        value = f"index {bad.first}" if bad.first is not None else "an index"
        raise _fix.error(RuntimeError, f"{value} is out of bounds for dimension {dim} with size {size}",
                         f"dim {dim} has size {size} (indices 0 to {size - 1}), but {bad.said}.")


def exact(t):
    """Every value of ``t`` in row-major order, when the script states them all (a literal,
    ``arange``, a constant, and what shape ops and int arithmetic make of them), else None."""
    k = _get(t) if _KNOWN else None
    if k is None or not k.ordered or k.kind not in ("values", "range"):
        return None
    if k.kind == "values":
        return k.values
    return (k.lo,) * k.count if k.lo == k.hi else tuple(range(k.lo, k.hi + 1))


def largest(t):
    """The largest value of ``t`` when every value is known (not drawn), else None."""
    k = _get(t) if _KNOWN else None
    return None if k is None or k.kind == "drawn" else k.hi


def check_classes(t, num_classes):
    """``F.one_hot``: class values must be non-negative, then smaller than ``num_classes``."""
    bad, message = outside(t, None), "Class values must be non-negative."
    if bad is None and num_classes != -1:
        bad, message = outside(t, num_classes), "Class values must be smaller than num_classes."
    if bad is not None:
        wanted = "0 or more" if num_classes == -1 else f"0 to {num_classes - 1}"
        raise _fix.error(RuntimeError, message, f"one_hot takes class indices {wanted}, but {bad.said}.")


def pooled(indices, in_sizes, last_window, made):
    """A max pool's ``indices``: flat positions in planes of ``in_sizes``. ``last_window[d]``
    is the first and last valid input position (padding excluded) of the last window along
    spatial dim ``d``: windows only move forward, so along each dim the last one holds both the
    largest index any window can hold and the largest smallest candidate (and a flat index grows
    with each coordinate)."""
    strides, step = [], 1
    for n in reversed(in_sizes):
        strides.insert(0, step)
        step *= n
    if indices.numel():
        top = sum(last * st for (_, last), st in zip(last_window, strides))
        least = sum(first * st for (first, _), st in zip(last_window, strides))
        _set(indices, Known("pooled", 0, top, indices.numel(), made,
                            pool=(least, tuple(in_sizes))))
    return indices


def check_unpool(indices, out_sizes, op):
    """``max_unpool``: PyTorch's RuntimeError when a max index lies outside the output planes.
    For a pool's indices into planes larger than the unpooled size, whether one does (and which
    PyTorch names) depends on where the data's maxima fall: every window reaching past the end
    makes it certain; the message then cannot name the index."""
    k = _get(indices) if _KNOWN else None
    limit = 1
    for n in out_sizes:
        limit *= n
    if k is None or k.hi < limit or not indices.numel() or not limit:  # nothing to place into
        return
    volumes = "x".join(map(str, out_sizes))
    if k.kind == "pooled":
        least, in_sizes = k.pool
        when = ("every window of the pool reaches past it, so some maximum always does"
                if least >= limit else "any maximum that falls past it does (which depends on the data)")
        raise _fix.error(
            RuntimeError, f"Found an invalid max index (output volumes are of size {volumes})",
            f"PyTorch's message names the first index it meets at {limit} or beyond. The indices "
            f"come from a max pool over {'x'.join(map(str, in_sizes))} planes (up to {k.hi}), but "
            f"{op} unpools to {volumes} ({limit} positions): {when}. Pass the pooled input's size: "
            f"output_size=x.size() (x the tensor that was pooled).")
    bad = outside(indices, limit)
    if bad is not None:
        value = f": {bad.first}" if bad.first is not None else ""
        raise _fix.error(RuntimeError, f"Found an invalid max index{value} (output volumes are of "
                         f"size {volumes})", f"{op} unpools to {volumes} ({limit} positions), but "
                         f"{bad.said}.")
