"""``model.summary()`` exactly as Keras 3 prints it.

A port of ``keras/src/utils/summary_utils.py`` (Keras 3.15) onto our object
model (``calculator.core`` / ``calculator.models``), with the rich table
rendering done by ``calculator._texttable``.  The widths come from
``calculator.summary_width.current()``: the terminal's columns cap the default
table at ``min(88, columns - 4)`` (``min(108, columns - 4)`` with a "Connected
to" column), and the console width wraps the title and totals and crops a
wider ``line_length``, as rich does.
"""

import math
import re

from calculator import _texttable, summary_width

#: keras/src/utils/dtype_utils.py DTYPE_TO_SIZE (bits per element).
_DTYPE_BITS = {
    "float16": 16, "bfloat16": 16, "float32": 32, "float64": 64,
    "int8": 8, "uint8": 8, "int16": 16, "uint16": 16, "int32": 32,
    "uint32": 32, "int64": 64, "uint64": 64, "bool": 1,
}


def _dtype_name(w):
    dtype = getattr(w, "dtype", None) or "float32"
    return getattr(dtype, "name", None) or str(dtype)


# ---------------------------------------------------------------- numbers
def count_params(weights):
    return int(sum(math.prod(w.shape) for w in weights))


def weight_memory_size(weights):
    """Bytes taken by ``weights`` (each counted once), as a float like Keras."""
    unique = {id(w): w for w in weights}.values()
    bits = 0
    for w in unique:
        bits += math.prod(w.shape) * _DTYPE_BITS.get(_dtype_name(w), 32)
    return bits / 8


def readable_memory_size(size):
    """``832.0`` -> ``"832.00 B"``, ``19232.0`` -> ``"18.78 KB"``."""
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return "{:.2f} {}".format(size, unit)
        size /= 1024
    return "{:.2f} {}".format(size, units[-1])


# ---------------------------------------------------------------- graph access
def _history(tensor):
    """``(operation, node_index, tensor_index)`` of a symbolic tensor."""
    hist = tensor._keras_history
    op = getattr(hist, "operation", None)
    if op is None:
        op = hist[0]
    return op, hist[1], hist[2]


def _flatten(x):
    if isinstance(x, (list, tuple)):
        out = []
        for item in x:
            out.extend(_flatten(item))
        return out
    if isinstance(x, dict):
        out = []
        for key in x:
            out.extend(_flatten(x[key]))
        return out
    return [x]


def _class_names(obj):
    return {cls.__name__ for cls in type(obj).__mro__}


def is_sequential(model):
    return "Sequential" in _class_names(model)


def is_functional(model):
    if is_sequential(model):
        return False
    return (hasattr(model, "_nodes_by_depth") or "Functional" in _class_names(model)
            ) and getattr(model, "outputs", None) is not None


def is_sequential_like(model, depth_lists):
    """Keras's test for printing a functional model without the "Connected to" column: every
    depth holds one node with one input, and no layer is called twice within the model."""
    nodes = []
    for v in depth_lists:
        if len(v) > 1 or (len(v) == 1 and len(_flatten(v[0].input_tensors)) > 1):
            return False
        nodes += v
    node_ids = {id(n) for n in nodes}
    for layer in model.layers:
        calls = sum(1 for node in getattr(layer, "_inbound_nodes", []) if id(node) in node_ids)
        if calls > 1:
            return False
    return True


def nodes_by_depth(model):
    """``model._nodes_by_depth`` values; computed from the graph if absent."""
    nbd = getattr(model, "_nodes_by_depth", None)
    if nbd is not None:
        return [list(v) for v in nbd.values()]
    # Fallback: every node reachable from the outputs, depth = longest path to an output.
    depth = {}
    order = []

    def visit(node, d):
        key = id(node)
        if key in depth and depth[key][1] >= d:
            return
        if key not in depth:
            order.append(node)
        depth[key] = (node, d)
        for t in _flatten(node.input_tensors):
            op, ni, _ = _history(t)
            visit(op._inbound_nodes[ni], d + 1)

    for t in _flatten(model.outputs):
        op, ni, _ = _history(t)
        visit(op._inbound_nodes[ni], 0)
    by_depth = {}
    for node in order:
        by_depth.setdefault(depth[id(node)][1], []).append(node)
    return [by_depth[d] for d in sorted(by_depth, reverse=True)]


def model_operations(model):
    ops = getattr(model, "_operations", None)
    if ops is None:
        ops = model.layers
    return list(ops)


# ---------------------------------------------------------------- cells
def format_shape(shape):
    return "(" + ", ".join(str(x) for x in shape) + ")"


def format_layer_shape(layer):
    inbound = list(getattr(layer, "_inbound_nodes", None) or [])
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not inbound and not build_shapes:
        return "?"
    if inbound:
        outputs = inbound[-1].output_tensors
        output_shapes = [format_shape(t.shape) for t in _flatten(outputs)]
    else:
        try:
            if hasattr(layer, "output_shape"):
                output_shapes = [format_shape(layer.output_shape)]
            else:
                out = layer.compute_output_shape(**build_shapes)
                if out and isinstance(out[0], (list, tuple)):
                    output_shapes = [format_shape(s) for s in out]
                else:
                    output_shapes = [format_shape(out)]
        except (NotImplementedError, AttributeError, TypeError):
            return "?"
    if len(output_shapes) == 1:
        return output_shapes[0]
    return "[" + ", ".join(output_shapes) + "]"


def get_layer_index_bound_by_layer_name(layers, layer_range=None):
    if layer_range is not None:
        if len(layer_range) != 2:
            raise ValueError(
                "layer_range must be a list or tuple of length 2. Received: "
                f"layer_range = {layer_range} of length {len(layer_range)}"
            )
        if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
            raise ValueError(
                f"layer_range should contain string type only. Received: {layer_range}"
            )
    else:
        return [0, len(layers)]
    lower = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return [min(upper), max(lower) + 1]
    return [min(lower), max(upper) + 1]


def _layer_weights(layer):
    return list(getattr(layer, "weights", None) or [])


# ---------------------------------------------------------------- summary
def summary_text(model, line_length=None, positions=None, expand_nested=False,
                 show_trainable=False, layer_range=None, width=None):
    """The whole summary as one string (ending with a newline); ``width`` a
    ``summary_width.Width`` (default: ``summary_width.current()``)."""
    width = width or summary_width.current()
    console_width, terminal_columns = width.console, width.terminal
    if is_functional(model):
        layers = model_operations(model)
        depth_lists = nodes_by_depth(model)
        sequential_like = is_sequential_like(model, depth_lists)
    else:
        layers = list(model.layers)
        sequential_like = True
        depth_lists = []

    if sequential_like:
        default_line_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
        relevant = set()
    else:
        default_line_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
        relevant = {id(n) for v in depth_lists for n in v}

    if show_trainable:
        default_line_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")

    default_line_length = min(default_line_length, terminal_columns - 4)
    line_length = line_length or default_line_length
    column_widths = []
    current = 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        column_widths.append(width)
        current += width
    # Keras makes one rich column per header cell, of width column_widths[i]: fewer
    # positions than columns is its IndexError, positions beyond the columns are ignored.
    column_widths = [column_widths[i] for i in range(len(header))]

    def get_connections(layer):
        parts = []
        for node in getattr(layer, "_inbound_nodes", []):
            if relevant and id(node) not in relevant:
                continue
            for kt in _flatten(node.input_tensors):
                op, node_index, tensor_index = _history(kt)
                parts.append(f"{op.name}[{node_index}][{tensor_index}]")
        return ", ".join(parts) if parts else "-"

    def get_layer_fields(layer, prefix=""):
        name = f"{prefix}{layer.name} ({layer.__class__.__name__})"
        if not hasattr(layer, "built"):
            params = "0"
        elif not layer.built:
            params = "0 (unbuilt)"
        else:
            params = f"{layer.count_params():,}"
        fields = [name, format_layer_shape(layer), params]
        if not sequential_like:
            fields.append(get_connections(layer))
        if show_trainable:
            if _layer_weights(layer):
                fields.append("Y" if layer.trainable else "N")
            else:
                fields.append("-")
        return fields

    def layer_rows(layer, nested_level=0):
        prefix = "   " * nested_level + "└ " if nested_level else ""
        rows = [get_layer_fields(layer, prefix=prefix)]
        sub = getattr(layer, "layers", None) if expand_nested else None
        if sub:
            for inner in sub:
                rows.extend(layer_rows(inner, nested_level + 1))
        return rows

    bounds = get_layer_index_bound_by_layer_name(layers, layer_range)
    rows = []
    for layer in layers[bounds[0]:bounds[1]]:
        rows.extend(layer_rows(layer))

    trainable = list(model.trainable_weights)
    non_trainable = list(model.non_trainable_weights)
    trainable_count = count_params(trainable)
    trainable_size = weight_memory_size(trainable)
    non_trainable_count = count_params(non_trainable)
    non_trainable_size = weight_memory_size(non_trainable)
    total_count = trainable_count + non_trainable_count
    total_size = trainable_size + non_trainable_size

    lines = []
    lines += _texttable.wrap_console(f'Model: "{model.name}"', console_width)
    lines += _texttable.render_table(header, rows, column_widths, alignment,
                                     line_length, console_width)
    for label, count, size in (
        ("Total params", total_count, total_size),
        ("Trainable params", trainable_count, trainable_size),
        ("Non-trainable params", non_trainable_count, non_trainable_size),
    ):
        lines += _texttable.wrap_console(
            f" {label}: {count:,} ({readable_memory_size(size)})", console_width)
    return "\n".join(lines) + "\n"
