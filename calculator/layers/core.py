"""Core layers: Dense (any rank), EinsumDense, Lambda, Identity, Embedding, RepeatVector."""

from .. import errors
from ..core import REQUIRED, Layer
from . import _einsum
from ._utils import check_ndim, normalize_activation


class Dense(Layer):
    """Fully connected layer on the last axis (works on any rank >= 2).

    kernel ``(C_in, units)`` + bias ``(units,)``: params = ``C_in·units + units``.
    Output shape: the input's shape with the last axis replaced by ``units``.
    """
    _CALL_ARGS = ("inputs", ("training", None))
    supports_masking = True
    _ARGS = (("units", REQUIRED), ("activation", None), ("use_bias", True),
             ("kernel_initializer", "glorot_uniform"), ("bias_initializer", "zeros"),
             ("kernel_regularizer", None), ("bias_regularizer", None),
             ("activity_regularizer", None), ("kernel_constraint", None), ("bias_constraint", None),
             ("lora_rank", None), ("lora_alpha", None), ("quantization_config", None))
    _CONFIG_DROP = ("activity_regularizer", "lora_rank", "lora_alpha")

    def _standardize(self):
        if isinstance(self.units, bool) or not isinstance(self.units, int) or self.units <= 0:
            raise errors.keras_error(
                "Received an invalid value for `units`, expected a positive integer. "
                f"Received: units={self.units!r}", "units")
        self.activation = normalize_activation(self.activation)

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, min_ndim=2,
                   meaning="Dense needs at least (batch, features).")
        if input_shape[-1] is None:
            raise errors.keras_error(
                f"The last dimension of the inputs to a Dense layer should be defined. Found None. "
                f"Full input shape received: {tuple(input_shape)}", "input_shape")

    def _build(self, input_shape):
        c = input_shape[-1]
        self._input_axes = {-1: c}
        self.kernel = self._add_weight("kernel", (c, self.units))
        self.bias = self._add_weight("bias", (self.units,)) if self.use_bias else None

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)


class Identity(Layer):
    """Returns its input unchanged."""
    supports_masking = True
    _BUILT_AT_INIT = True
    _AUTO_CONFIG = True


class Lambda(Layer):
    """Wraps a function. Without ``output_shape`` (without the batch axis, or a function of
    the input shape) the output shape comes from running the function on symbolic tensors,
    as Keras does (``calculator.tracing.function_output_shape``)."""
    _ARGS = (("function", REQUIRED), ("output_shape", None), ("mask", None), ("arguments", None))
    _CONFIG_DROP = ("output_shape", "mask")
    _CALL_ARGS = ("inputs", ("mask", None), ("training", None))

    @property
    def supports_masking(self):
        return self.mask is not None

    def compute_mask(self, inputs, mask=None):
        """Keras's ``Lambda``: ``mask`` called on the inputs and their mask, or ``mask`` itself."""
        return self.mask(inputs, mask) if callable(self.mask) else self.mask

    def compute_output_shape(self, input_shape):
        if self.output_shape is None:
            return self._inferred_output_shape(input_shape)
        if callable(self.output_shape):
            return tuple(self.output_shape(input_shape))
        return _with_batch(self.output_shape, _first_dim(input_shape))

    def _inferred_output_shape(self, input_shape):
        """Keras runs the function on symbolic tensors and turns any failure into one
        NotImplementedError asking for ``output_shape`` (ConvDims adds the failure's own
        message); ConvDims's refusals (NotImplementedError naming what it does not model)
        pass through unchanged."""
        from ..tracing import function_output_shape
        try:
            return function_output_shape(self.function, input_shape, self._compute_dtype,
                                         **(self.arguments or {}))
        except NotImplementedError:
            raise
        except Exception as exc:
            raise NotImplementedError(
                "We could not automatically infer the shape of the Lambda's output. Please "
                "specify the `output_shape` argument for this Lambda layer.\n(Running the "
                f"function on symbolic tensors failed: {type(exc).__name__}: {exc})") from exc


def _first_dim(input_shape):
    """The batch size Keras's ``Lambda`` prepends: the first entry of the flattened input
    shape(s), so the first input's batch axis when there are several."""
    while not isinstance(input_shape, int) and input_shape is not None:
        input_shape = (input_shape[sorted(input_shape)[0]] if isinstance(input_shape, dict)
                       else input_shape[0])
    return input_shape


def _with_batch(output_shape, batch):
    """Keras's rule for a ``Lambda``'s ``output_shape`` given without the batch axis: every
    shape in the structure (a tuple or list of ints and ``None``) gets ``(batch,) + shape``,
    so a list shape raises the TypeError ``tuple + list`` raises in Keras."""
    if isinstance(output_shape, (list, tuple)) and all(
            d is None or isinstance(d, int) for d in output_shape):
        return (batch,) + output_shape
    if isinstance(output_shape, dict):
        return {k: _with_batch(v, batch) for k, v in output_shape.items()}
    return type(output_shape)(_with_batch(s, batch) for s in output_shape)


class Embedding(Layer):
    """Maps integer ids to vectors: embeddings ``(input_dim, output_dim)``; appends ``output_dim``.

    Keras 3 dropped ``input_length``: it is accepted and ignored (the sequence length comes
    from the input shape). ``mask_zero`` changes no shape and no parameter count."""
    _ARGS = (("input_dim", REQUIRED), ("output_dim", REQUIRED), ("embeddings_initializer", "uniform"),
             ("embeddings_regularizer", None), ("embeddings_constraint", None), ("mask_zero", False),
             ("weights", None), ("lora_rank", None), ("lora_alpha", None), ("quantization_config", None))
    _CONFIG_DROP = ("weights", "lora_rank", "lora_alpha")
    _CONFIG_ADD = (("activity_regularizer", None),)
    _CONFIG_ORDER = ("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                     "activity_regularizer")

    _NEW_MASKS = True

    def __init__(self, *args, **kwargs):
        kwargs.pop("input_length", None)
        super().__init__(*args, **kwargs)

    @property
    def supports_masking(self):
        return bool(self.mask_zero)

    def compute_mask(self, inputs, mask=None):
        """``mask_zero``: an id of 0 is padding (a ``not_equal`` op on the ids)."""
        from ..masking import ops
        return ops().not_equal(inputs, 0) if self.mask_zero else None

    def _standardize(self):
        for n in ("input_dim", "output_dim"):
            v = getattr(self, n)
            if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
                raise errors.keras_error(
                    f"`{n}` must be a positive integer. Received: {n}={v!r} (of type "
                    f"{type(v).__name__}).", n)

    def _build(self, input_shape):
        self.embeddings = self._add_weight("embeddings", (self.input_dim, self.output_dim))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def _check_array_values(self, inputs):
        """Called on data, Keras (torch backend) looks the ids up with ``ops.take``, which
        counts a negative id from the end: one outside ``-input_dim`` to ``input_dim − 1``
        raises torch's IndexError. A numpy array's ids are read (as Keras casts them, to
        integers); a shape-only tensor's only when the script states them."""
        n, bad = self.input_dim, None
        if type(inputs).__module__ == "numpy" and inputs.size:
            ids = inputs.astype("int64")
            low, high = int(ids.min()), int(ids.max())
            if low < -n or high >= n:
                bad = f"the ids include {low if low < -n else high}"
        elif type(inputs).__module__.startswith("calculator.torch"):
            from ..torch import _values
            outside = _values.outside(inputs, n, low=-n)
            bad = outside and outside.said
        if bad:
            raise IndexError(
                f"Exception encountered when calling Embedding.call(): index out of range in "
                f"self. Embedding '{self.name}' has input_dim={n} rows (ids 0 to {n - 1}, or "
                f"-{n} to -1 from the end), but {bad}: input_dim must be larger than the largest "
                "id (the vocabulary size).")


class Masking(Layer):
    """Marks timesteps whose features all equal ``mask_value`` as skipped; shape unchanged.
    The mask changes no shape and no parameter count."""
    _ARGS = (("mask_value", 0.0),)
    _BUILT_AT_INIT = True
    supports_masking = True
    _NEW_MASKS = True

    def compute_mask(self, inputs, mask=None):
        """A timestep is kept if any feature differs from ``mask_value`` (``not_equal``,
        then ``any`` over the last axis)."""
        from ..masking import ops
        return ops().any(ops().not_equal(inputs, self.mask_value), axis=-1)


class RepeatVector(Layer):
    """(batch, features) -> (batch, n, features)."""
    _ARGS = (("n", REQUIRED),)
    _BUILT_AT_INIT = False

    def _standardize(self):
        if not isinstance(self.n, int) or isinstance(self.n, bool):
            raise errors.keras_error(f"Expected an integer value for `n`, got {type(self.n)}.", "n", TypeError)
        if self.n <= 0:
            raise errors.keras_error(
                f"Argument `n` should be a positive integer. Received: n={self.n}", "n")

    def _check_input(self, input_shape):
        check_ndim(self, input_shape, ndim=2)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])


class EinsumDense(Layer):
    """A dense projection written as an einsum equation (``"abc,cde->abde"``): kernel and
    bias shapes, and the output shape, follow ``calculator.layers._einsum.analyze``;
    params = kernel size + bias size. ``output_shape`` is the output without the batch axis
    (``None`` where the input gives the size)."""
    _CALL_ARGS = ("inputs", ("training", None))
    _ARGS = (("equation", REQUIRED), ("output_shape", REQUIRED), ("activation", None),
             ("bias_axes", None), ("kernel_initializer", "glorot_uniform"),
             ("bias_initializer", "zeros"), ("kernel_regularizer", None), ("bias_regularizer", None),
             ("kernel_constraint", None), ("bias_constraint", None), ("lora_rank", None),
             ("lora_alpha", None), ("gptq_unpacked_column_size", None), ("quantization_config", None))
    _CONFIG_DROP = ("lora_rank", "lora_alpha", "gptq_unpacked_column_size")
    _CONFIG_ADD = (("activity_regularizer", None),)
    _CONFIG_ORDER = ("output_shape", "equation", "activation", "bias_axes", "kernel_initializer",
                     "bias_initializer", "kernel_regularizer", "bias_regularizer",
                     "activity_regularizer")

    def _standardize(self):
        shape = self.__dict__.pop("output_shape")  # Keras keeps no `output_shape` attribute
        self.partial_output_shape = (shape,) if isinstance(shape, int) else tuple(shape)
        self.activation = normalize_activation(self.activation)

    def _check_input(self, input_shape):
        if self.built:
            check_ndim(self, input_shape, ndim=self._ndim)

    def _build(self, input_shape):
        kernel, bias, _, _, _ = _einsum.analyze(self.equation, self.bias_axes, input_shape,
                                                self.partial_output_shape)
        self._ndim = len(input_shape)
        self.kernel = self._add_weight("kernel", tuple(kernel))
        self.bias = self._add_weight("bias", tuple(bias)) if bias is not None else None

    def compute_output_shape(self, input_shape):
        return tuple(_einsum.analyze(self.equation, self.bias_axes, input_shape,
                                     self.partial_output_shape)[2])

    def get_config(self):
        config = super().get_config()
        config["output_shape"] = self.partial_output_shape
        return config
