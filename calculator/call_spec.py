"""A layer's ``call`` signature and the keywords Keras 3 records in a call's node
(``Layer.__call__`` and ``CallSpec`` in ``keras/src/layers/layer.py``, Keras 3.15).

Each layer class states Keras's ``call`` parameters in ``_CALL_ARGS``: a name (required),
a ``(name, default)`` pair, or ``"**name"`` (``Dropout``: ``("inputs", ("training", False))``);
a class written in a script has its own ``call``'s signature.

Keras records a call's keywords in its node (and so in a functional model's
``get_config()``, ``inbound_nodes``) as the call gave them, plus what it fills in when it
did not copy them first. It copies them unless the call is one positional symbolic tensor
of the layer's compute dtype and nothing else (``RandomFlip``, ``RandomCrop`` and a
functional model never copy: Keras's ``_convert_input_args`` is False for them). Then it
fills in:

1. ``training``, when not given: the ``call`` default unless it is None (``Dropout``
   ``False``, the augmentation layers ``True``; ``Dense``'s ``training=None`` adds nothing);
2. ``mask``, when ``call`` takes it, it is not given (or None) and the call has exactly one
   tensor argument: that argument's mask, None included, a list of them for a list
   (``BatchNormalization()(x)`` records ``{'mask': None}``, ``LSTM`` ``{'training': False,
   'mask': None}``, ``model(x, training=False)`` ``{'training': False, 'mask': None}``).
"""

import inspect

__all__ = ["signature", "check_arguments", "first_argument", "takes_mask", "filled_keywords", "recorded_keywords",
           "shapes_dict"]

_SIGNATURES = {}
_FILLED = {}


def signature(cls):
    """Keras's ``call`` signature of a layer class, without ``self``."""
    sig = _SIGNATURES.get(cls)
    if sig is None:
        if cls._TRACED:  # a class written in the script: its own call()
            params = list(inspect.signature(cls.call).parameters.values())[1:]
        else:
            params = [_parameter(entry) for entry in cls._CALL_ARGS]
        sig = _SIGNATURES[cls] = inspect.Signature(params)
    return sig


def _parameter(entry):
    from .core import REQUIRED
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if isinstance(entry, str):
        if entry.startswith("**"):
            return inspect.Parameter(entry[2:], inspect.Parameter.VAR_KEYWORD)
        return inspect.Parameter(entry, kind)
    name, default = entry
    return inspect.Parameter(name, kind, default=inspect.Parameter.empty if default is REQUIRED
                             else default)


def check_arguments(cls, args, kwargs):
    """Keras's ``CallSpec`` binds a call to ``call()``'s signature: an unknown keyword
    (``Dense(3)(x, mask=m)``: Dense's ``call`` takes no mask) or a missing argument is
    ``inspect``'s TypeError, worded as Keras shows it. ``training`` (a call-context
    argument) is taken out first when ``call()`` does not take it, as Keras does: the
    keywords ``call()`` is given are returned."""
    sig = signature(cls)
    if "training" in kwargs and "training" not in sig.parameters and not any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()):
        kwargs = {k: v for k, v in kwargs.items() if k != "training"}
    try:
        sig.bind(*args, **kwargs)
    except TypeError as exc:
        raise TypeError(str(exc)) from None
    return kwargs


def shapes_dict(cls, args, kwargs):
    """Keras's ``get_shapes_dict``: ``{"<name>_shape": shape}`` for each argument of the call
    that holds tensors (a tensor, or a non-empty nest of them), masks aside, in ``call()``'s
    order. It is what ``build()`` receives, and what ``get_config()`` writes as
    ``build_config["shapes_dict"]`` when there are several (an RNN given ``initial_state``)."""
    from .core import KerasTensor, flatten, map_structure
    sig = signature(cls)
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in sig.parameters}  # training, dropped
    out = {}
    for name, value in sig.bind_partial(*args, **kwargs).arguments.items():
        if name in ("mask", "args", "kwargs") or name.endswith("_mask"):
            continue
        leaves = flatten(value) if isinstance(value, (list, tuple, dict)) else [value]
        if leaves and all(isinstance(x, KerasTensor) for x in leaves):
            out[f"{name}_shape"] = map_structure(lambda t: t.shape, value)
    return out


def first_argument(cls):
    """The name of ``call()``'s first parameter (``inputs``; ``sequences`` for the RNNs)."""
    return next(iter(signature(cls).parameters), "inputs")


def takes_mask(cls):
    """Whether the class's ``call`` takes ``mask``."""
    return "mask" in signature(cls).parameters


def filled_keywords(layer):
    """Rules 1-2 for one symbolic tensor without a mask: the keywords Keras fills in."""
    cls = type(layer)
    filled = _FILLED.get(cls)
    if filled is None:
        params = signature(cls).parameters
        filled = {}
        training = params.get("training")
        if training is not None and training.default not in (None, inspect.Parameter.empty):
            filled["training"] = training.default
        if "mask" in params:
            filled["mask"] = None
        _FILLED[cls] = filled
    return filled


def recorded_keywords(layer, args, kwargs, mask, one_tensor):
    """The keywords Keras records for a call given ``args``/``kwargs``; ``one_tensor``: the
    call has exactly one tensor argument (a tensor or a nest of them), whose mask(s) are
    ``mask``."""
    from .core import KerasTensor
    if layer._CONVERT_INPUT_ARGS and (
            kwargs or len(args) != 1 or not isinstance(args[0], KerasTensor)
            or args[0].dtype != layer._compute_dtype):
        return kwargs
    recorded = dict(kwargs)
    filled = filled_keywords(layer)
    if "training" in filled and "training" not in kwargs:
        recorded["training"] = filled["training"]
    if "mask" in filled and one_tensor:
        recorded["mask"] = mask
    return recorded
