"""Keras 3's masks on symbolic tensors (``Layer.__call__`` in ``keras/src/layers/layer.py``,
Keras 3.15).

A symbolic tensor may carry a mask, ``x._keras_mask`` (the attribute is absent when it has
none). When a layer is called on symbolic tensors:

1. The mask the call receives: ``mask=`` as given; else, when the layer's ``call`` takes
   ``mask`` and the call has exactly one tensor argument (a tensor, or a list of them), that
   argument's mask (a list of masks for a list). Keras writes it into the call's keywords,
   and so into the layer's node (a "Connected to" entry, which brings the mask's own op rows
   into the summary), only when it did not copy the keywords first (``calculator.call_spec``):
   ``LSTM(8)(x, training=False)`` gets the mask but records no connection.
2. ``previous_mask``: that mask if not None, else the mask(s) of the first argument.
3. A layer with ``supports_masking`` then puts ``compute_mask(first_argument,
   previous_mask)`` on its outputs (default: ``previous_mask`` unchanged). The ops Keras runs
   there (``not_equal``, ``any``, ``logical_or``, ...) are symbolic ops with nodes and rows,
   made after the layer's outputs and before its node. Any other layer drops the mask.

Ops (``keras.ops``, ``x + y``) neither read nor set masks.
"""

from .call_spec import recorded_keywords, takes_mask
from .core import KerasTensor, Node, flatten, map_structure

__all__ = ["get_mask", "node_with_masks"]


def ops():
    """``keras.ops`` of the mirror, for the ops a ``compute_mask`` runs."""
    from .keras import ops as keras_ops
    return keras_ops


def get_mask(x):
    """The mask a symbolic tensor carries, or None."""
    return x.__dict__.get("_keras_mask") if isinstance(x, KerasTensor) else None


def _is_tensor_argument(value):
    """Keras's ``CallSpec``: a tensor, or a non-empty nest of tensors (and Nones)."""
    if isinstance(value, KerasTensor):
        return True
    if isinstance(value, (list, tuple, dict)) and len(value) > 0:
        leaves = flatten(value)
        return bool(leaves) and all(x is None or isinstance(x, KerasTensor) for x in leaves)
    return False


def node_with_masks(layer, args, kwargs, outputs, by_keyword=None):
    """Steps 1-3 for one call of ``layer`` on ``args``/``kwargs`` that gave ``outputs``: sets
    the outputs' masks, then makes the layer's node with the keywords Keras records.
    ``by_keyword``: the name of ``call()``'s first parameter when the call passed it by
    keyword (``inputs=x``, ``sequences=x``; ``args`` is then empty): Keras records the
    keywords exactly as given, the first one among them, and fills none in."""
    first = args[0] if args else kwargs.get(by_keyword or "inputs", next(iter(kwargs.values()), None))
    mask = kwargs.get("mask")
    one_tensor = False
    if mask is None and takes_mask(type(layer)):
        tensor_args = [v for v in list(args) + list(kwargs.values()) if _is_tensor_argument(v)]
        one_tensor = len(tensor_args) == 1
        if one_tensor:
            mask = map_structure(get_mask, tensor_args[0])
    recorded = kwargs if by_keyword else recorded_keywords(layer, args, kwargs, mask, one_tensor)
    if mask is None:
        mask = map_structure(get_mask, first)
    if layer.supports_masking:
        flat_outputs = flatten(outputs)
        masks = layer.compute_mask(first, mask)
        if masks is not None:
            for tensor, m in zip(flat_outputs, flatten(masks)):
                if m is not None and get_mask(tensor) is None:
                    tensor._keras_mask = m
    return Node(layer, call_args=args, call_kwargs=recorded, outputs=outputs)
