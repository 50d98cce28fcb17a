"""Accept-anything stand-ins for training-side objects (optimizers, losses, callbacks...)."""


class Stub:
    """Records its arguments; never computes."""

    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.built = False
        self.variables = []

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __call__(self, *args, **kwargs):
        raise NotImplementedError("ConvDims computes shapes and parameter counts; it does not train.")


def make(names, module):
    """Create one Stub subclass per name in ``module``'s namespace."""
    for name in names:
        module[name] = type(name, (Stub,), {"__module__": module["__name__"]})
