"""``repr(tensor)`` as PyTorch prints it, for an integer tensor whose values the script states.

PyTorch's rules (``torch/_tensor_str.py``, default print options): every value is right-aligned
to the widest one; a row holds as many as fit in 80 columns after the indent; a tensor of more
than 1000 values shows 3 at each end of every dim, with ``...`` between, and takes its width
from those only; slices of a tensor of rank ``d`` are separated by ``d - 1`` newlines; a dtype
other than int64 is added as ``dtype=...``, on a new line when the last line would pass 80.
Only the values ``_values.exact`` knows are printed; every other tensor prints its shape.
"""

import math

LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3
PREFIX = "tensor("


def _rows(shape):
    """How many flat values one index along the first dim spans."""
    return math.prod(shape[1:])


def _kept(size, summarize):
    """The indices printed along a dim of ``size`` (None marks the ``...``)."""
    if summarize and size > 2 * EDGEITEMS:
        return list(range(EDGEITEMS)) + [None] + list(range(size - EDGEITEMS, size))
    return list(range(size))


def _summarized(shape, values, summarize):
    """The values PyTorch sizes the columns from (``get_summarized_data``)."""
    if not shape:
        return list(values)
    step = _rows(shape)
    out = []
    for i in _kept(shape[0], summarize):
        if i is not None:
            out.extend(_summarized(shape[1:], values[i * step:(i + 1) * step], summarize))
    return out


def _body(shape, values, indent, summarize, width):
    fmt = lambda v: str(v).rjust(width)  # noqa: E731
    if not shape:
        return fmt(values[0])
    if len(shape) == 1:
        data = [" ..." if i is None else fmt(values[i]) for i in _kept(shape[0], summarize)]
        per_line = max(1, (LINEWIDTH - indent) // (width + 2))
        lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    step = _rows(shape)
    slices = ["..." if i is None else
              _body(shape[1:], values[i * step:(i + 1) * step], indent + 1, summarize, width)
              for i in _kept(shape[0], summarize)]
    return "[" + ("," + "\n" * (len(shape) - 1) + " " * (indent + 1)).join(slices) + "]"


def _with_suffixes(text, suffixes, indent):
    last = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if last + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last += len(suffix) + 2
    return "".join(parts) + ")"


def int_tensor_repr(shape, values, dtype_name):
    """PyTorch's ``repr`` of a CPU integer tensor of ``shape`` holding ``values`` (row-major)."""
    shape = tuple(shape)
    summarize = len(values) > THRESHOLD
    width = max(1, max(len(str(v)) for v in _summarized(shape, values, summarize)))
    body = _body(shape, values, len(PREFIX), summarize, width)
    suffixes = [] if dtype_name == "int64" else [f"dtype=torch.{dtype_name}"]
    return _with_suffixes(PREFIX + body, suffixes, len(PREFIX))
