"""Reshaping layers: Flatten, Reshape, Permute, ZeroPadding, Cropping, UpSampling (no weights).

- Flatten: ``(batch, prod(non-batch dims))`` (``None`` if any is unknown; 1 for a scalar).
- Reshape: ``target_shape`` excludes the batch axis; one ``-1`` is inferred from the size.
- ZeroPadding: ``n + before + after`` per spatial axis (a negative int crops in 2D/3D).
- Cropping: ``n - before - after``, which must stay > 0.
- UpSampling: ``n · size``.
"""

import math

from .. import errors
from ..core import REQUIRED, Layer
from ._utils import (check_ndim, check_output_dims, normalize_data_format, normalize_tuple,
                     spatial_axes, with_spatial)


class Flatten(Layer):
    """Collapses every non-batch axis into one."""
    _ARGS = (("data_format", None),)

    def _standardize(self):
        self.data_format = normalize_data_format(self.data_format)

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, min_ndim=1)

    def compute_output_shape(self, input_shape):
        dims = input_shape[1:]
        if not dims:
            return (input_shape[0], 1)
        if any(d is None for d in dims):
            return (input_shape[0], None)
        return (input_shape[0], math.prod(dims))


def _product(dims):
    """``'8 × 8 × 3 = 192'`` (just ``'100'`` for one axis)."""
    total = math.prod(dims)
    return f"{' × '.join(map(str, dims))} = {total}" if len(dims) > 1 else str(total)


class Reshape(Layer):
    """Reshapes to ``(batch,) + target_shape``; at most one ``-1`` (inferred)."""
    _ARGS = (("target_shape", REQUIRED),)
    _BUILT_AT_INIT = True

    def _standardize(self):
        try:
            self.target_shape = tuple(self.target_shape)
        except TypeError:
            raise errors.keras_error(
                f"`target_shape` must be a tuple of integers (the batch axis excluded). "
                f"Received: target_shape={self.target_shape!r}", "target_shape", TypeError) from None
        for d in self.target_shape:
            if isinstance(d, int) and d < -1:
                raise errors.keras_error(
                    "Each dimension in `target_shape` must be a non-negative integer, or `-1` for a "
                    f"single unknown dimension. Received: target_shape={self.target_shape}.",
                    "target_shape")
        if self.target_shape.count(-1) > 1:
            raise errors.keras_error(
                "There must be at most one unknown dimension (-1) in `target_shape`. "
                f"Received: target_shape={self.target_shape}.", "target_shape")

    def compute_output_shape(self, input_shape):
        src = tuple(input_shape[1:])
        target = self.target_shape
        if None in src:
            return (input_shape[0],) + tuple(None if d == -1 else d for d in target)
        size = math.prod(src)
        if -1 not in target:
            if size != math.prod(target):
                raise errors.keras_error(
                    "The total size of the tensor must be unchanged. Received: "
                    f"input_shape={src}, target_shape={target}: the input holds {_product(src)} "
                    f"values per sample, the target {_product(target)}.", "target_shape")
            return (input_shape[0],) + target
        known = math.prod(d for d in target if d != -1)
        if known == 0 or size % known != 0:
            raise errors.keras_error(
                "The total size of the tensor must be unchanged, however, the input size cannot by "
                "divided by the specified dimensions in target_shape. Received: "
                f"input_shape={src}, target_shape={target}: {size} values per sample is not a "
                f"multiple of {known}.", "target_shape")
        return (input_shape[0],) + tuple(size // known if d == -1 else d for d in target)


class Permute(Layer):
    """Reorders the non-batch axes: ``dims`` is a permutation of 1..n."""
    _ARGS = (("dims", REQUIRED),)

    def _standardize(self):
        self.dims = tuple(self.dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise errors.keras_error(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={self.dims}", "dims")

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=len(self.dims) + 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)


_ORDINALS = ("1st", "2nd", "3rd")


def _edge_pairs(value, rank, name, negative_int_ok):
    """Keras's reading of ``padding`` / ``cropping`` into ``(before, after)`` per axis.

    - 1D: ``standardize_tuple(value, 2)``: an int or two ints, none negative.
    - 2D/3D: an int is used on every side (ZeroPadding2D/3D accept a negative int, which
      crops; Cropping refuses it); otherwise exactly ``rank`` entries, each an int or a
      pair of ints, none negative (``The `1st entry of padding` argument ...``).
    """
    if rank == 1:
        return (normalize_tuple(value, 2, name, allow_zero=True, keep_floats=True),)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0 and not negative_int_ok:
            raise errors.keras_error(f"`{name}` cannot be negative. Received: {name}={value}.", name)
        return ((value, value),) * rank
    if not hasattr(value, "__len__"):
        raise errors.keras_error(
            f"`{name}` should be either an int, a tuple of {rank} ints or a tuple of {rank} tuples "
            f"of 2 ints (before, after) per spatial axis. Received: {name}={value}.", name)
    if len(value) != rank:
        head = (f"`{name}` should have two elements. Received: {name}={value}." if rank == 2
                else f"`{name}` should have {rank} elements. Received: {value}.")
        raise errors.keras_error(
            f"{head} One entry per spatial axis ({rank} here): an int or a (before, after) pair.", name)
    return tuple(normalize_tuple(v, 2, f"{_ORDINALS[i]} entry of {name}", allow_zero=True, keep_floats=True)
                 for i, v in enumerate(value))


class _Spatial(Layer):
    rank = 2

    def _standardize(self):
        self.data_format = normalize_data_format(getattr(self, "data_format", None))

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=self.rank + 2)

    def _length(self, n, i):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        s = tuple(input_shape)
        axes = spatial_axes(len(s), self.data_format)
        out = [self._length(s[a], i, a) for i, a in enumerate(axes)]
        c = s[-1] if self.data_format == "channels_last" else s[1]
        return with_spatial(s, out, c, self.data_format)


class _ZeroPadding(_Spatial):
    """A negative int (2D/3D only) removes pixels; an output length of 0 is allowed, a
    negative one is Keras's "Negative dimensions" error."""

    def _standardize(self):
        super()._standardize()
        self.padding = _edge_pairs(self.padding, self.rank, "padding", negative_int_ok=True)
        if self.rank == 1:
            self.padding = self.padding[0]

    def _length(self, n, i, axis):
        before, after = self.padding if self.rank == 1 else self.padding[i]
        return None if n is None else n + before + after

    def compute_output_shape(self, input_shape):
        return check_output_dims(
            super().compute_output_shape(input_shape), "padding",
            "A negative padding removes pixels: n + before + after falls below zero here.")


class ZeroPadding1D(_ZeroPadding):
    """Adds zeros at the start and end of the steps axis."""
    rank = 1
    _ARGS = (("padding", 1), ("data_format", None))


class ZeroPadding2D(_ZeroPadding):
    """Adds rows/columns of zeros: ``((top, bottom), (left, right))``."""
    rank = 2
    _ARGS = (("padding", (1, 1)), ("data_format", None))


class ZeroPadding3D(_ZeroPadding):
    """Adds zeros on the three spatial axes."""
    rank = 3
    _ARGS = (("padding", ((1, 1), (1, 1), (1, 1))), ("data_format", None))


class _Cropping(_Spatial):
    def _standardize(self):
        super()._standardize()
        pairs = _edge_pairs(self.cropping, self.rank, "cropping", negative_int_ok=False)
        self.cropping = pairs[0] if self.rank == 1 else pairs

    def _length(self, n, i, axis):
        before, after = self.cropping if self.rank == 1 else self.cropping[i]
        if n is None:
            return None
        if n - before - after <= 0:
            if self.rank == 1:
                head = ("`cropping` parameter of `Cropping1D` layer must be smaller than the input "
                        f"length. Received: input_shape={self._shape_seen}, cropping={self.cropping}")
            else:
                head = ("Values in `cropping` argument should be smaller than the corresponding "
                        f"spatial dimension of the input. Received: input_shape={self._shape_seen}, "
                        f"cropping={self.cropping}")
            raise errors.keras_error(
                f"{head}: cropping {before} + {after} = {before + after} pixels from an axis of "
                f"length {n} (axis {axis}) leaves {n - before - after}.", "cropping")
        return n - before - after

    def compute_output_shape(self, input_shape):
        self._shape_seen = tuple(input_shape)
        return check_output_dims(super().compute_output_shape(input_shape), "cropping")


class Cropping1D(_Cropping):
    """Removes steps from the start and end."""
    rank = 1
    _ARGS = (("cropping", (1, 1)),)


class Cropping2D(_Cropping):
    """Removes rows/columns: ``((top, bottom), (left, right))``."""
    rank = 2
    _ARGS = (("cropping", ((0, 0), (0, 0))), ("data_format", None))


class Cropping3D(_Cropping):
    """Removes slices on the three spatial axes."""
    rank = 3
    _ARGS = (("cropping", ((1, 1), (1, 1), (1, 1))), ("data_format", None))


class _UpSampling(_Spatial):
    def _standardize(self):
        super()._standardize()
        if self.rank == 1:
            if not isinstance(self.size, int) or isinstance(self.size, bool):
                raise errors.keras_error(
                    f"Expected an integer value for `size`, got {type(self.size)}.", "size", TypeError)
            if self.size <= 0:
                raise errors.keras_error(
                    f"Argument `size` should be a positive integer. Received: size={self.size}", "size")
        else:
            self.size = normalize_tuple(self.size, self.rank, "size")

    def _length(self, n, i, axis):
        factor = self.size if self.rank == 1 else self.size[i]
        return None if n is None else n * factor


class UpSampling1D(_UpSampling):
    """Repeats each step ``size`` times."""
    rank = 1
    _ARGS = (("size", 2),)


class UpSampling2D(_UpSampling):
    """Repeats rows and columns ``size`` times."""
    rank = 2
    _ARGS = (("size", (2, 2)), ("data_format", None), ("interpolation", "nearest"))


class UpSampling3D(_UpSampling):
    """Repeats along the three spatial axes ``size`` times."""
    rank = 3
    _ARGS = (("size", (2, 2, 2)), ("data_format", None))
