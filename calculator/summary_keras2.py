"""``model.summary()`` in the classic Keras 2 layout (TF 2.15 / Keras 2.15).

A port of ``keras/src/utils/layer_utils.py::print_summary`` from Keras 2.15
onto our (Keras 3 shaped) object model.  Differences that come from the object
model, not the layout, remain: layer names are Keras 3's (``input_layer``,
``functional``), where Keras 2 said ``input_1`` and ``model``.

Keras 2 calls ``print_fn`` once per line (Keras 3 calls it once).
"""

import math

from calculator.summary_keras3 import (
    is_sequential_like,
    _DTYPE_BITS, _dtype_name, _flatten, _history, count_params,
    get_layer_index_bound_by_layer_name, is_functional, nodes_by_depth,
)

NOT_BUILT = ("This model has not yet been built. Build the model first by "
             "calling `build()` or by calling the model on a batch of data.")


def weight_memory_size(weights):
    """Bytes taken by ``weights`` (each once): Keras 2 uses ``dtype.size`` bytes."""
    unique = {id(w): w for w in weights}.values()
    return sum(math.prod(w.shape) * max(_DTYPE_BITS.get(_dtype_name(w), 32) // 8, 1)
               for w in unique)


def readable_memory_size(size):
    units = ["Byte", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return "{:.2f} {}".format(size, unit)
        size /= 1024
    return "{:.2f} {}".format(size, units[-1])


def _is_input_layer(layer):
    return type(layer).__name__ == "InputLayer"


def output_shape_repr(layer):
    """What Keras 2's ``layer.output_shape`` prints as (or ``"multiple"``)."""
    nodes = list(getattr(layer, "_inbound_nodes", None) or [])
    if not nodes:
        return "multiple"  # Keras 2 raises AttributeError: never called
    shapes = []
    for node in nodes:
        outs = [tuple(t.shape) for t in _flatten(node.output_tensors)]
        shapes.append(outs)
    if any(s != shapes[0] for s in shapes):
        return "multiple"
    outs = shapes[0]
    if _is_input_layer(layer):
        return str([outs[0]])  # Keras 2 InputLayer.output_shape is a list
    if len(outs) == 1:
        return str(outs[0])
    return str(outs)


def summary_lines(model, line_length=None, positions=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """The summary as a list of lines (what Keras 2 passes to ``print_fn``)."""
    if not getattr(model, "built", True):
        raise ValueError(NOT_BUILT)
    ops = [op.name for op in getattr(model, "_operations", ()) if not hasattr(op, "built")]
    if ops:
        raise NotImplementedError(
            f"The classic Keras 2 summary of model '{model.name}' is not available: it holds "
            f"tensor operations ({', '.join(ops[:3])}{', ...' if len(ops) > 3 else ''}), which "
            "Keras 2 prints as TensorFlow op layers (TFOpLambda) that ConvDims does not "
            "reproduce. Use the Keras 3 layout.")
    relevant = set()
    sequential_like = True
    if is_functional(model):
        depth_lists = nodes_by_depth(model)
        sequential_like = is_sequential_like(model, depth_lists)
        relevant = {id(n) for v in depth_lists for n in v}

    if sequential_like:
        line_length = line_length or 65
        positions = list(positions or [0.45, 0.85, 1.0])
        to_display = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = list(positions or [0.3, 0.6, 0.70, 1.0])
        to_display = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    if show_trainable:
        line_length += 11
        positions.append(line_length)
        to_display.append("Trainable")

    bounds = get_layer_index_bound_by_layer_name(model.layers, layer_range)
    out = []
    print_fn = out.append

    def print_row(fields, positions, nested_level=0):
        left_to_print = [str(x) for x in fields]
        while any(left_to_print):
            line = ""
            for col in range(len(left_to_print)):
                start_pos = positions[col - 1] if col > 0 else 0
                end_pos = positions[col]
                space = 2 if col != len(positions) - 1 else 0
                cutoff = end_pos - start_pos - space
                if col != len(positions) - 1:
                    cutoff -= 1
                if col == 0:
                    cutoff -= nested_level
                fit_into_line = left_to_print[col][:cutoff]
                candidates = [fit_into_line.find(x) + len(x)
                              for x in ("),", "},", "],", "',")
                              if fit_into_line.find(x) >= 0]
                if candidates:
                    cutoff = min(candidates)
                    fit_into_line = fit_into_line[:cutoff]
                if col == 0:
                    line += "|" * nested_level + " "
                line += fit_into_line
                line += " " * space if space else ""
                left_to_print[col] = left_to_print[col][cutoff:]
                if nested_level and col == len(positions) - 1:
                    line += " " * (positions[col] - len(line) - nested_level)
                else:
                    line += " " * (positions[col] - len(line))
            line += "|" * nested_level
            print_fn(line)

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_row(to_display, positions)
    print_fn("=" * line_length)

    def layer_fields(layer):
        fields = [layer.name + " (" + layer.__class__.__name__ + ")",
                  output_shape_repr(layer)]
        if sequential_like:
            if not getattr(layer, "built", True) and not hasattr(layer, "layers"):
                fields.append("0 (unused)")
            else:
                fields.append(layer.count_params())
        else:
            connections = []
            for node in getattr(layer, "_inbound_nodes", []):
                if relevant and id(node) not in relevant:
                    continue
                for kt in _flatten(node.input_tensors):
                    op, node_index, tensor_index = _history(kt)
                    connections.append(f"{op.name}[{node_index}][{tensor_index}]")
            fields += [layer.count_params(), connections]
        if show_trainable:
            fields.append("Y" if layer.trainable else "N")
        return fields

    def print_layer(layer, nested_level=0, is_nested_last=False):
        print_row(layer_fields(layer), positions, nested_level)
        sub = getattr(layer, "layers", None) if expand_nested else None
        if sub:
            print_fn("|" * (nested_level + 1)
                     + "¯" * (line_length - 2 * nested_level - 2)
                     + "|" * (nested_level + 1))
            is_nested_last = False
            for i, inner in enumerate(sub):
                if i == len(sub) - 1:
                    is_nested_last = True
                print_layer(inner, nested_level + 1, is_nested_last)
            print_fn("|" * nested_level
                     + "¯" * (line_length - 2 * nested_level)
                     + "|" * nested_level)
        if not is_nested_last:
            print_fn("|" * nested_level
                     + " " * (line_length - 2 * nested_level)
                     + "|" * nested_level)

    for layer in list(model.layers)[bounds[0]:bounds[1]]:
        print_layer(layer)
    print_fn("=" * line_length)

    trainable = list(model.trainable_weights)
    non_trainable = list(model.non_trainable_weights)
    t_count, nt_count = count_params(trainable), count_params(non_trainable)
    t_size = weight_memory_size(trainable)
    nt_size = weight_memory_size(non_trainable)
    print_fn(f"Total params: {t_count + nt_count} "
             f"({readable_memory_size(t_size + nt_size)})")
    print_fn(f"Trainable params: {t_count} ({readable_memory_size(t_size)})")
    print_fn(f"Non-trainable params: {nt_count} ({readable_memory_size(nt_size)})")
    print_fn("_" * line_length)
    return out
