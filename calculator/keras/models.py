"""``keras.models``: Sequential, Model."""

from ..models import Functional, Model, Sequential  # noqa: F401


def load_model(*args, **kwargs):
    raise NotImplementedError("ConvDims cannot load saved models; build the model in code instead.")


def clone_model(model, **kwargs):
    raise NotImplementedError("ConvDims does not clone models.")
