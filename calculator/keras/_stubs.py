"""Stand-ins for training-side objects (optimizers, losses, metrics, callbacks...).

They change no shape and no parameter count, so ConvDims only records their arguments.
``signed`` stand-ins bind their arguments to Keras's own signature first, so a script that
Keras rejects (a missing argument, a Keras 2 name) is rejected here too, with Python's
``TypeError`` as Keras's ``__init__`` raises it.
"""

import inspect


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
        raise NotImplementedError(
            f"{type(self).__name__} needs data to compute; ConvDims computes shapes and "
            "parameter counts from the model definition, it does not train or evaluate.")


def make(names, module, base=Stub):
    """Create one ``base`` subclass per name in ``module``'s namespace."""
    for name in names:
        module[name] = type(name, (base,), {"__module__": module["__name__"]})


def _signature(spec):
    """``"a, b, c=1.0"`` -> an ``inspect.Signature`` (defaults are Python literals)."""
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _, default = part.partition("=")
        params.append(inspect.Parameter(
            name.strip(), inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=eval(default) if default else inspect.Parameter.empty))  # noqa: S307
    return inspect.Signature(params)


def bind(cls, signature, args, kwargs):
    """Bind like Python calling ``cls.__init__`` with that signature (same ``TypeError``s)."""
    func = f"{cls.__name__}.__init__()"
    params = list(signature.parameters.values())[1:]
    if len(args) > len(params):
        raise TypeError(f"{func} takes from 1 to {len(params) + 1} positional arguments but "
                        f"{len(args) + 1} were given")
    bound = dict(zip((p.name for p in params), args))
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"{func} got multiple values for argument '{key}'")
        if key not in signature.parameters:
            raise TypeError(f"{func} got an unexpected keyword argument '{key}'")
        bound[key] = value
    missing = [p.name for p in params if p.default is p.empty and p.name not in bound]
    if missing:
        names = " and ".join(f"'{n}'" for n in missing) if len(missing) <= 2 else (
            ", ".join(f"'{n}'" for n in missing[:-1]) + f", and '{missing[-1]}'")
        s = "s" if len(missing) > 1 else ""
        raise TypeError(f"{func} missing {len(missing)} required positional argument{s}: {names}")
    return bound


def make_signed(specs, module, base=Stub):
    """One stand-in per ``name: "arg, arg=default"`` in ``specs``, checking Keras's signature."""
    for name, spec in specs.items():
        signature = _signature(spec)

        def __init__(self, *args, _sig=signature, **kwargs):
            base.__init__(self, **bind(type(self), _sig, args, kwargs))

        module[name] = type(name, (base,), {"__module__": module["__name__"], "__init__": __init__})
