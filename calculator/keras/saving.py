"""``keras.saving``: the registration decorator custom layers carry (saving itself is out of
scope: ConvDims has no weights to save)."""


def register_keras_serializable(package="Custom", name=None):
    """Accepted: returns the class (or function) unchanged."""
    def decorator(obj):
        return obj
    return decorator


def load_model(*args, **kwargs):
    raise NotImplementedError("ConvDims cannot load saved models; build the model in code instead.")
