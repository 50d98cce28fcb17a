"""EinsumDense's shape rule (Keras's ``_analyze_einsum_string``, ``einsum_dense.py``).

An equation ``"<input>,<kernel>-><output>"`` (one letter per axis; ``...`` may stand for
leading axes on the input and output, or trailing ones after at least two letters) and
the output's non-batch shape give every weight: each kernel letter takes its size from the
output when the output has it, else from the input; the bias spans the output from the
first ``bias_axes`` letter on, 1 on the axes not named. As in Keras, an output axis given as
``None`` stays ``None`` (even when the input knows it), and the axes ``...`` stands for on the
left come out in reverse order after the batch axis (Keras 3.15 prints ``(None, 7, 5, 4)``
below).

>>> analyze("ab,bc->ac", "c", (None, 32), (64,))[:3]
([32, 64], [64], [None, 64])
>>> analyze("abc,cde->abde", "de", (None, 10, 16), (None, 2, 8))[:3]
([16, 2, 8], [2, 8], [None, None, 2, 8])
>>> analyze("...b,bc->...c", None, (None, 5, 7, 3), (4,))[:3]
([3, 4], None, [None, 7, 5, 4])
"""

import re

from .. import errors

_FORMS = (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
          ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
          ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False))


def split(equation):
    """``(input_spec, kernel_spec, output_spec, left_elided)``; ValueError as Keras's."""
    text = re.sub(r"\.\.\.", "0", equation)
    for pattern, left in _FORMS:
        found = re.match(pattern, text)
        if found:
            return found.group(1), found.group(2), found.group(3), left
    raise errors.keras_error(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....", "equation")


def analyze(equation, bias_axes, input_shape, output_shape):
    """``(kernel_shape, bias_shape or None, full_output_shape, left_elided, elided)`` for an
    input of ``input_shape`` (batch included); ValueError where Keras raises one."""
    input_spec, weight_spec, output_spec, left = split(equation)
    elided = len(input_shape) - len(input_spec)
    output = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output.insert(0, input_shape[0])
    if elided > 0 and left:
        for i in range(1, elided):
            output.insert(1, input_shape[i])
    elif elided > 0:
        output.extend(input_shape[len(input_shape) - elided:])
    if left:
        in_map = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        out_map = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        in_map = {d: i for i, d in enumerate(input_spec)}
        out_map = {d: i for i, d in enumerate(output_spec)}
    for d in input_spec:
        if d in out_map and output[out_map[d]] is not None and output[out_map[d]] != input_shape[in_map[d]]:
            raise errors.keras_error(
                f"Input shape and output shape do not match at shared dimension '{d}'. Input "
                f"shape is {input_shape[in_map[d]]}, and output shape is {output[out_map[d]]}.",
                "output_shape")
    for d in output_spec:
        if d not in input_spec and d not in weight_spec:
            raise errors.keras_error(
                f"Dimension '{d}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec '{output_spec}'",
                "equation")
    kernel = []
    for d in weight_spec:
        if d in out_map:
            kernel.append(output[out_map[d]])
        elif d in in_map:
            kernel.append(input_shape[in_map[d]])
        else:
            raise errors.keras_error(
                f"Weight dimension '{d}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the weight "
                "must be fully specified.", "equation")
    bias = None
    if bias_axes is not None:
        shift = elided if left else 0
        size = {c: output[i + shift] for i, c in enumerate(output_spec)}
        for c in bias_axes:
            if c not in output_spec:
                raise errors.keras_error(
                    f"Bias dimension '{c}' was requested, but is not part of the output spec "
                    f"'{output_spec}'", "bias_axes")
        first = min(output_spec.find(c) for c in bias_axes)
        bias = [size[c] if c in bias_axes else 1 for c in output_spec[first:]]
        if not left:
            bias.extend([1] * max(elided, 0))
    return kernel, bias, output, left, elided


def keeps_positions(equation):
    """Whether every input axis but the last passes to the output unmixed (a Dense-like
    projection, the receptive field kept) rather than being contracted with the kernel."""
    input_spec, weight_spec, output_spec, left = split(equation)
    middle = input_spec[1:-1] if not left else input_spec[:-1]
    return all(d in output_spec and d not in weight_spec for d in middle)
