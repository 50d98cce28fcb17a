"""What a quiz can ask about a built layer or model, and the right answer to each.

A question names a *kind* (what is asked) and, for layer questions, a layer. The answer is
always read off the model the calculator built from the question's Keras code, never typed.

Layer kinds: ``params``, ``trainable_params``, ``non_trainable_params``, ``depth`` (the channel
axis of the output), ``height``, ``width``, ``length`` (1-D), ``output_shape`` (as Keras prints
it, ``(None, 64, 64, 32)``). Model kinds: ``total_params``, ``trainable_total``,
``non_trainable_total``, ``model_output_shape``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LAYER_KINDS = ("params", "trainable_params", "non_trainable_params", "depth", "height",
               "width", "length", "output_shape")
MODEL_KINDS = ("total_params", "trainable_total", "non_trainable_total", "model_output_shape")
KINDS = LAYER_KINDS + MODEL_KINDS
TEXT_KINDS = ("output_shape", "model_output_shape")

_FAMILIES = {
    "Conv1D": "conv", "Conv2D": "conv", "Conv3D": "conv",
    "Conv1DTranspose": "transpose", "Conv2DTranspose": "transpose", "Conv3DTranspose": "transpose",
    "DepthwiseConv1D": "depthwise", "DepthwiseConv2D": "depthwise",
    "SeparableConv1D": "separable", "SeparableConv2D": "separable",
    "MaxPooling1D": "pool", "MaxPooling2D": "pool", "MaxPooling3D": "pool",
    "AveragePooling1D": "pool", "AveragePooling2D": "pool", "AveragePooling3D": "pool",
    "GlobalMaxPooling1D": "global_pool", "GlobalMaxPooling2D": "global_pool",
    "GlobalMaxPooling3D": "global_pool", "GlobalAveragePooling1D": "global_pool",
    "GlobalAveragePooling2D": "global_pool", "GlobalAveragePooling3D": "global_pool",
    "Dense": "dense", "Flatten": "flatten", "BatchNormalization": "batchnorm",
}


def shape_text(shape) -> str:
    """A shape as Keras prints it: ``(None, 64, 64, 32)``."""
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _tuple(value, n):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,) * n


@dataclass
class LayerFacts:
    """A built layer seen the way a learner reasons about it (batch axis dropped)."""

    layer: object
    class_name: str
    family: str
    in_shape: tuple
    out_shape: tuple
    params: int
    trainable: int
    non_trainable: int
    config: dict = field(default_factory=dict)

    @classmethod
    def of(cls, layer) -> "LayerFacts":
        in_shape = tuple(layer.input.shape[1:])
        out_shape = tuple(layer.output.shape[1:])
        trainable = sum(w.size for w in layer.trainable_weights)
        non_trainable = sum(w.size for w in layer.non_trainable_weights)
        name = type(layer).__name__
        return cls(layer, name, _FAMILIES.get(name, "other"), in_shape, out_shape,
                   trainable + non_trainable, trainable, non_trainable, layer.get_config())

    # geometry -----------------------------------------------------------------
    @property
    def channels_last(self) -> bool:
        return self.config.get("data_format", "channels_last") != "channels_first"

    @property
    def rank(self) -> int:
        """Number of spatial axes of the input."""
        return max(len(self.in_shape) - 1, 0)

    def spatial_axis(self, kind: str) -> int | None:
        """Index (batch dropped) of the axis ``height``/``width``/``length`` names, or None."""
        names = {1: ("length",), 2: ("height", "width"), 3: ("depth3d", "height", "width")}
        order = names.get(len(self.out_shape) - 1, ())
        if kind not in order:
            return None
        i = order.index(kind)
        return i if self.channels_last else i + 1

    @property
    def channel_axis(self) -> int:
        return -1 if self.channels_last else 0

    @property
    def in_depth(self):
        return self.in_shape[self.channel_axis] if self.in_shape else None

    def window(self, axis: int):
        """(kernel, stride, dilation, padding) along spatial axis ``axis`` (0-based)."""
        n = self.rank
        if self.family == "pool":
            k = _tuple(self.config.get("pool_size"), n)
            s = _tuple(self.config.get("strides") or self.config.get("pool_size"), n)
            d = (1,) * n
        else:
            k = _tuple(self.config.get("kernel_size"), n)
            s = _tuple(self.config.get("strides", 1), n)
            d = _tuple(self.config.get("dilation_rate", 1), n)
        return k[axis], s[axis], d[axis], self.config.get("padding", "valid")

    @property
    def kernel_area(self) -> int:
        return math.prod(_tuple(self.config.get("kernel_size"), self.rank))


def answer_for_layer(facts: LayerFacts, kind: str):
    """The right answer to ``kind`` about one layer; None when the kind does not apply."""
    if kind == "params":
        return facts.params
    if kind == "trainable_params":
        return facts.trainable
    if kind == "non_trainable_params":
        return facts.non_trainable
    if kind == "depth":
        return facts.out_shape[facts.channel_axis] if len(facts.out_shape) >= 2 else None
    if kind == "output_shape":
        return shape_text((None,) + facts.out_shape)
    axis = facts.spatial_axis(kind)
    return None if axis is None else facts.out_shape[axis]


def answer_for_model(model, kind: str):
    """The right answer to a whole-model ``kind``."""
    if kind == "total_params":
        return model.count_params()
    if kind == "trainable_total":
        return sum(w.size for w in model.trainable_weights)
    if kind == "non_trainable_total":
        return sum(w.size for w in model.non_trainable_weights)
    if kind == "model_output_shape":
        return shape_text(model.output_shape)
    raise ValueError(f"unknown model question kind {kind!r}")
