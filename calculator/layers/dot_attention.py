"""Attention and AdditiveAttention (Keras 3.15's ``keras/src/layers/attention/attention.py``
and ``additive_attention.py``).

Called on a list ``[query, value]`` or ``[query, value, key]`` (``key`` defaults to
``value``; a tuple or a single tensor is Keras's ValueError). With query ``(batch, Tq, dim)``
and key ``(batch, Tv, dim)`` the output is the query's shape with the value's last axis,
``(*query[:-1], value[-1])``; ``return_attention_scores=True`` adds the scores
``(*query[:-1], key[-2])``. Nothing else is checked on symbolic inputs, as in Keras.

Weights: ``Attention`` has a scalar ``scale`` when ``use_scale`` and a scalar
``concat_score_weight`` when ``score_mode="concat"`` (0, 1 or 2 parameters);
``AdditiveAttention`` (``use_scale=True`` by default) has ``scale`` of shape ``(dim,)``,
``dim`` the query's last axis.
"""

from .. import errors
from ..core import Layer


class Attention(Layer):
    """Dot-product (Luong-style) attention; ``score_mode`` is ``"dot"`` or ``"concat"``."""
    supports_masking = True
    _CALL_ARGS = ("inputs", ("mask", None), ("training", False), ("return_attention_scores", False),
                  ("use_causal_mask", False))

    def compute_mask(self, inputs, mask=None):
        """The query's mask (Keras passes it through ``convert_to_tensor``, an op row)."""
        if mask is None or mask[0] is None:
            return None
        from ..masking import ops
        return ops().convert_to_tensor(mask[0])

    _ARGS = (("use_scale", False), ("score_mode", "dot"), ("dropout", 0.0), ("seed", None))
    _BUILT_AT_INIT = False

    def _standardize(self):
        if getattr(self, "score_mode", "dot") not in ("dot", "concat"):
            raise errors.keras_error(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={self.score_mode}", "score_mode")

    def __call__(self, inputs=None, mask=None, training=False, return_attention_scores=False,
                 use_causal_mask=False, **kwargs):
        if mask is not None:
            raise NotImplementedError(
                f"{type(self).__name__}(..., mask=...) is not modelled by ConvDims: the mask "
                "changes no shape; call the layer without it.")
        given = dict(kwargs)
        if return_attention_scores:
            given["return_attention_scores"] = True
        if use_causal_mask:
            given["use_causal_mask"] = True
        self._scores_wanted = bool(return_attention_scores)
        try:
            return super().__call__(inputs, **given)
        finally:
            self._scores_wanted = False

    def _check_input(self, input_shape):
        name = type(self).__name__
        if not isinstance(input_shape, list):
            raise errors.keras_error(
                f"{name} layer must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: inputs={input_shape}.", "input_shape")
        if not 2 <= len(input_shape) <= 3:
            raise errors.keras_error(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                f"[query, value, key]. Received length: {len(input_shape)}.", "input_shape")

    def _build(self, input_shape):
        if self.use_scale:
            self.scale = self._add_weight("scale", ())
        if self.score_mode == "concat":
            self.concat_score_weight = self._add_weight("concat_score_weight", ())

    def compute_output_shape(self, input_shape):
        query, value = tuple(input_shape[0]), tuple(input_shape[1])
        output = query[:-1] + value[-1:]
        if not self.__dict__.get("_scores_wanted"):
            return output
        key = tuple(input_shape[2]) if len(input_shape) > 2 else value
        return output, query[:-1] + (key[-2],)


class AdditiveAttention(Attention):
    """Additive (Bahdanau-style) attention: ``scale`` of shape ``(dim,)`` when ``use_scale``."""
    _ARGS = (("use_scale", True), ("dropout", 0.0), ("seed", None))

    def _build(self, input_shape):
        if self.use_scale:
            self.scale = self._add_weight("scale", (input_shape[0][-1],))
