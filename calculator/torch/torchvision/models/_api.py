"""Pretrained-weight arguments (``weights=``, legacy ``pretrained=``) of the model builders.

Decision: the calculator never reads weight values, and a builder given ImageNet weights
builds exactly the same modules (torchvision only loads a state dict into them), so
``weights="IMAGENET1K_V1"`` / ``"DEFAULT"`` / ``ResNet50_Weights.DEFAULT`` and
``pretrained=True`` are accepted and build the 1000-class architecture without downloading
anything. As in torchvision, ``num_classes`` other than 1000 together with weights raises
``ValueError``, and an unknown weight name raises ``KeyError``. Anything that needs the
values themselves (predictions, ``weights.transforms()``) is refused where it is used.
"""

import warnings

__all__ = ["Weights", "WeightsEnum", "weights_enum", "resolve_weights", "overwrite_named_param"]


class Weights:
    """One pretrained checkpoint: its name and published metadata (no tensors)."""

    def __init__(self, enum_name, name, num_params):
        self._enum_name = enum_name
        self.name = name
        self.meta = {"num_params": num_params, "categories": None}

    def __repr__(self):
        return f"{self._enum_name}.{self.name}"

    def transforms(self):
        raise NotImplementedError(
            f"{self!r}.transforms() resizes and normalises image values; the calculator "
            "follows shapes only. Write the input size instead, e.g. torch.randn(1, 3, 224, 224).")


class WeightsEnum:
    """Class-level access like torchvision's enums: ``ResNet50_Weights.DEFAULT``."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._members = {}

    @classmethod
    def verify(cls, obj):
        if obj is None or isinstance(obj, Weights):
            return obj
        if isinstance(obj, str):
            key = obj.replace(cls.__name__ + ".", "")
            if key not in cls._members:
                raise KeyError(key)
            return cls._members[key]
        raise TypeError(f"Invalid Weight class provided; expected {cls.__name__} "
                        f"but received {obj.__class__.__name__}.")


def weights_enum(name, num_params, versions=("IMAGENET1K_V1",), default=None):
    """A ``WeightsEnum`` subclass named ``name`` with ``versions`` and ``DEFAULT``."""
    members = {v: Weights(name, v, num_params) for v in versions}
    members["DEFAULT"] = members[default or versions[0]]
    cls = type(name, (WeightsEnum,), dict(members))
    cls._members = members
    return cls


def resolve_weights(enum_cls, weights, kwargs):
    """torchvision's ``handle_legacy_interface`` + ``_ovewrite_named_param`` for one builder.

    Returns the verified weights (or ``None``); pops ``pretrained`` from ``kwargs``; with
    weights, fixes ``num_classes`` at 1000 and refuses another value.
    """
    if "pretrained" in kwargs:
        pretrained = kwargs.pop("pretrained")
        warnings.warn("The parameter 'pretrained' is deprecated since 0.13 and may be removed "
                      "in the future, please use 'weights' instead.")
        if pretrained:
            weights = enum_cls.DEFAULT
    weights = enum_cls.verify(weights)
    if weights is not None:
        overwrite_named_param(kwargs, "num_classes", 1000)
    return weights


def overwrite_named_param(kwargs, param, new_value):
    """torchvision's ``_ovewrite_named_param``: set ``param`` to ``new_value`` in ``kwargs``;
    a different value already there raises ``ValueError``."""
    if param in kwargs:
        if kwargs[param] != new_value:
            raise ValueError(f"The parameter '{param}' expected value {new_value} but got "
                             f"{kwargs[param]} instead.")
    else:
        kwargs[param] = new_value
