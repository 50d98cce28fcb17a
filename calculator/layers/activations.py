"""Activation layers: shape-preserving; only PReLU has a weight (``alpha``)."""

from .. import errors
from ..core import REQUIRED, Layer
from ._utils import normalize_activation


class Activation(Layer):
    """Applies ``activation`` element-wise; shape unchanged, no weights."""
    supports_masking = True
    _ARGS = (("activation", REQUIRED),)
    _BUILT_AT_INIT = True

    def _standardize(self):
        self.activation = normalize_activation(self.activation)


class ReLU(Layer):
    """``max(x, 0)`` with optional ``max_value``, ``negative_slope`` and ``threshold``."""
    supports_masking = True
    _ARGS = (("max_value", None), ("negative_slope", 0.0), ("threshold", 0.0))
    _BUILT_AT_INIT = True

    def _standardize(self):
        if self.max_value is not None and self.max_value < 0.0:
            raise errors.keras_error(
                f"max_value of a ReLU layer cannot be a negative value. Received: max_value={self.max_value}",
                "max_value")
        if self.negative_slope is None or self.negative_slope < 0.0:
            raise errors.keras_error(
                "negative_slope of a ReLU layer cannot be a negative value. "
                f"Received: negative_slope={self.negative_slope}", "negative_slope")
        if self.threshold is None or self.threshold < 0.0:
            raise errors.keras_error(
                f"threshold of a ReLU layer cannot be a negative value. Received: threshold={self.threshold}",
                "threshold")


class LeakyReLU(Layer):
    """``x`` if ``x >= 0`` else ``negative_slope·x`` (Keras 2's ``alpha`` is accepted too)."""
    supports_masking = True
    _ARGS = (("negative_slope", 0.3),)
    _BUILT_AT_INIT = True

    def __init__(self, *args, **kwargs):
        if "alpha" in kwargs:
            kwargs["negative_slope"] = kwargs.pop("alpha")
        super().__init__(*args, **kwargs)

    def _standardize(self):
        if self.negative_slope is None or self.negative_slope < 0:
            raise errors.keras_error(
                "The negative_slope value of a Leaky ReLU layer cannot be None or negative value. "
                f"Expected a float. Received: negative_slope={self.negative_slope}", "negative_slope")


class ELU(Layer):
    """Exponential linear unit; shape unchanged."""
    supports_masking = True
    _ARGS = (("alpha", 1.0),)
    _BUILT_AT_INIT = True
    _AUTO_CONFIG = True


class Softmax(Layer):
    """Softmax along ``axis``; shape unchanged."""
    supports_masking = True
    _CALL_ARGS = ("inputs", ("mask", None))
    _ARGS = (("axis", -1),)
    _BUILT_AT_INIT = True


class PReLU(Layer):
    """Leaky ReLU with a learned slope per input element: ``alpha`` has the input's
    non-batch shape, with 1 on every axis in ``shared_axes`` (e.g. ``shared_axes=[1, 2]``
    gives one slope per channel)."""
    supports_masking = True
    _ARGS = (("alpha_initializer", "Zeros"), ("alpha_regularizer", None),
             ("alpha_constraint", None), ("shared_axes", None))

    def _standardize(self):
        if self.shared_axes is not None and not isinstance(self.shared_axes, (list, tuple)):
            self.shared_axes = [self.shared_axes]
        elif self.shared_axes is not None:
            self.shared_axes = list(self.shared_axes)

    def _build(self, input_shape):
        param = list(input_shape[1:])
        if self.shared_axes is not None:
            for i in self.shared_axes:
                param[i - 1] = 1
        if any(d is None for d in param):
            raise errors.keras_error(
                f"PReLU needs every non-shared axis to be known to size its alpha weight; "
                f"received input shape {tuple(input_shape)}. Use shared_axes for the unknown axes.",
                "shared_axes")
        self.alpha = self._add_weight("alpha", tuple(param))
        axes = {}
        for i in range(1, len(input_shape)):
            if self.shared_axes is None or i not in self.shared_axes:
                axes[i] = input_shape[i]
        self._input_axes = axes
