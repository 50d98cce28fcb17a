"""Merge layers: called on a list of tensors.

Add, Subtract (exactly 2 inputs), Multiply, Average, Maximum, Minimum combine element-wise
with broadcasting (sizes must match, or one of them be 1); Concatenate joins along ``axis``
(all other axes must match); Dot takes the dot product of exactly two inputs along ``axes``
(``(None, 10, 8)`` · ``(None, 12, 8)`` on ``axes=(2, 2)`` gives ``(None, 10, 12)``). No weights.
"""

from .. import errors
from ..core import REQUIRED, Layer, is_shape


def _fmt(shapes):
    return "[" + ", ".join(str(tuple(s)) for s in shapes) + "]"


class _Merge(Layer):
    _MIN_INPUTS = 1
    supports_masking = True

    def compute_mask(self, inputs, mask=None):
        """Keras's merge layers: no mask unless every input has one; then their
        ``logical_or``."""
        if mask is None or any(m is None for m in mask):
            return None
        from ..masking import ops
        out = mask[0]
        for m in mask[1:]:
            out = ops().logical_or(out, m)
        return out

    def _check_input(self, input_shape):
        if is_shape(input_shape) or not isinstance(input_shape, (list, tuple)):
            raise errors.keras_error(
                "A merge layer should be called on a list of inputs. "
                f"Received: input_shape={input_shape} (not a list of shapes). "
                f"Pass a list: {type(self).__name__}()([x1, x2]).", "input_shape")
        batch = {s[0] for s in input_shape if s} - {None}
        if len(batch) > 1:
            raise errors.keras_error(
                f"Cannot merge tensors with different batch sizes. Received tensors with shapes "
                f"{_fmt(input_shape)}", "input_shape")
        self.compute_output_shape(input_shape)

    @staticmethod
    def _broadcast(shape1, shape2):
        if len(shape1) < len(shape2):
            shape1, shape2 = shape2, shape1
        if not shape2:
            return tuple(shape1)
        out = list(shape1[: len(shape1) - len(shape2)])
        for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
            if i is None or j is None:
                out.append(None)
            elif i == 1:
                out.append(j)
            elif j == 1 or i == j:
                out.append(i)
            else:
                raise errors.keras_error(
                    f"Inputs have incompatible shapes. Received shapes {tuple(shape1)} and "
                    f"{tuple(shape2)}: element-wise merging needs equal sizes (or 1) on every axis "
                    f"(batch axis excluded), but {i} != {j}.", "input_shape")
        return tuple(out)

    def compute_output_shape(self, input_shape):
        out = tuple(input_shape[0][1:])
        for s in input_shape[1:]:
            out = self._broadcast(out, tuple(s[1:]))
        batch = {s[0] for s in input_shape} - {None}
        return ((next(iter(batch)) if len(batch) == 1 else None),) + out


class Add(_Merge):
    """Element-wise sum of the inputs."""


class Subtract(_Merge):
    """``inputs[0] - inputs[1]`` (exactly two inputs)."""

    def _check_input(self, input_shape):
        super()._check_input(input_shape)
        if len(input_shape) != 2:
            raise errors.keras_error(
                "A `Subtract` layer should be called on exactly 2 inputs. "
                f"Received: input_shape={_fmt(input_shape)}", "input_shape")


class Multiply(_Merge):
    """Element-wise product."""


class Average(_Merge):
    """Element-wise mean."""


class Maximum(_Merge):
    """Element-wise maximum."""


class Minimum(_Merge):
    """Element-wise minimum."""


class Concatenate(Layer):
    """Joins the inputs along ``axis``: that axis adds up, every other must match."""
    _ARGS = (("axis", -1),)
    supports_masking = True

    def compute_mask(self, inputs, mask=None):
        """Keras's ``Concatenate``: with any input masked, each input's mask made as large
        as the input (all-true ``ones_like`` for one without, ``expand_dims`` or'ed with a
        ``zeros_like`` for a shorter one), concatenated on ``axis``, then ``any`` over the
        last axis."""
        if mask is None or all(m is None for m in mask):
            return None
        from ..masking import ops
        o = ops()
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                masks.append(o.ones_like(x, dtype="bool"))
            elif m.ndim < x.ndim:
                masks.append(o.logical_or(o.expand_dims(m, axis=-1), o.zeros_like(x, dtype="bool")))
            else:
                masks.append(m)
        return o.any(o.concatenate(masks, axis=self.axis), axis=-1, keepdims=False)

    def _check_input(self, input_shape):
        if is_shape(input_shape) or not isinstance(input_shape, (list, tuple)) or len(input_shape) < 1:
            raise errors.keras_error(
                "A `Concatenate` layer should be called on a list of at least 1 input. "
                f"Received: input_shape={input_shape}", "input_shape")
        ranks = {len(s) for s in input_shape}
        msg = ("A `Concatenate` layer requires inputs with matching shapes except for the "
               f"concatenation axis. Received: input_shape={_fmt(input_shape)}")
        if len(ranks) != 1:
            raise errors.keras_error(msg + " (the inputs have different ranks).", "input_shape")
        rank = ranks.pop()
        if not -rank <= self.axis < rank:
            raise errors.keras_error(
                f"axis {self.axis} is out of range for inputs of rank {rank}.", "axis")
        axis = self.axis % rank
        for a in range(1, rank):
            if a == axis:
                continue
            dims = {s[a] for s in input_shape} - {None}
            if len(dims) > 1:
                raise errors.keras_error(
                    msg + f" (axis {a} has sizes {sorted(dims)}).", "axis")

    def compute_output_shape(self, input_shape):
        out = list(input_shape[0])
        axis = self.axis % len(out)
        for s in input_shape[1:]:
            if out[axis] is None or s[axis] is None:
                out[axis] = None
            else:
                out[axis] += s[axis]
        return tuple(out)


class Dot(Layer):
    """Dot product of two tensors along ``axes`` (an int for both, or one per input): the
    output is the first shape without its axis, then the second's without its axis and batch;
    a single remaining axis gets a trailing 1 (``(None, 50)`` · ``(None, 50)`` -> ``(None, 1)``).
    The two summed axes must be equal, compared as Keras does (``None`` differs from a size)."""
    supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return None

    _ARGS = (("axes", REQUIRED), ("normalize", False))
    _BUILT_AT_INIT = False

    def _standardize(self):
        axes = self.axes
        if isinstance(axes, int):
            return
        if not isinstance(axes, (list, tuple)):
            raise errors.keras_error(
                "Invalid type for argument `axes`: it should be a list or an int. "
                f"Received: axes={axes}", "axes", TypeError)
        if len(axes) != 2:
            raise errors.keras_error(
                "Invalid format for argument `axes`: it should contain two elements. "
                f"Received: axes={axes}", "axes")
        if not isinstance(axes[0], int) or not isinstance(axes[1], int):
            raise errors.keras_error(
                "Invalid format for argument `axes`: list elements should be integers. "
                f"Received: axes={axes}", "axes")

    def _axes(self, shape1, shape2):
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % len(shape1), self.axes % len(shape2)]
            return [self.axes] * 2
        return list(self.axes)

    def _check_input(self, input_shape):
        if is_shape(input_shape) or not isinstance(input_shape[0], (tuple, list)) or len(
                input_shape) != 2:
            raise errors.keras_error(
                "A `Dot` layer should be called on a list of 2 inputs. "
                f"Received: input_shape={input_shape}", "input_shape")
        shape1, shape2 = input_shape
        a1, a2 = self._axes(shape1, shape2)
        if shape1[a1] != shape2[a2]:
            raise errors.keras_error(
                f"Incompatible input shapes: axis values {shape1[a1]} (at axis {a1}) != "
                f"{shape2[a2]} (at axis {a2}). Full input shapes: {shape1}, {shape2}",
                "input_shape")

    def compute_output_shape(self, input_shape):
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        a1, a2 = self._axes(shape1, shape2)
        shape1.pop(a1)
        shape2.pop(a2)
        shape2.pop(0)
        output_shape = shape1 + shape2
        if len(output_shape) == 1:
            output_shape += [1]
        return tuple(output_shape)


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, **kwargs):
    return Dot(axes=axes, **kwargs)(inputs)
