"""``torch.optim``: optimizers accepted so training scripts run; they change nothing."""

import importlib

from .._tensor import set_grads_to_none


class Optimizer:
    """An optimizer's one parameter group: ``params`` and its settings, the positional ones
    read in the order (and with the defaults) of the PyTorch class (``_positional``)."""

    _positional = (("lr", 1e-3),)
    _tuple_betas = False  # Adam and AdamW keep their betas as a tuple

    def __init__(self, params, *args, **kwargs):
        names = self._positional
        name = type(self).__name__
        if len(args) > len(names):
            raise TypeError(f"{name}.__init__() takes from 2 to {len(names) + 2} positional "
                            f"arguments but {len(args) + 2} were given")
        group = dict(names)
        for (key, _), value in zip(names, args):
            if key in kwargs:
                raise TypeError(f"{name}.__init__() got multiple values for argument '{key}'")
            group[key] = value
        group.update(kwargs)
        if self._tuple_betas:
            group["betas"] = tuple(group["betas"])
        self.param_groups = [{"params": list(params), **group}]

    def zero_grad(self, set_to_none=True):
        if set_to_none:  # as Module.zero_grad
            for group in self.param_groups:
                set_grads_to_none(group["params"])

    def step(self, closure=None):
        return None


def _optimizer(name, *positional, tuple_betas=False):
    return type(name, (Optimizer,), {"_positional": positional, "_tuple_betas": tuple_betas,
                                     "__module__": __name__})


# torch 2.13's positional parameters after ``params``, with their defaults.
_BETAS, _EPS = ("betas", (0.9, 0.999)), ("eps", 1e-8)
SGD = _optimizer("SGD", ("lr", 1e-3), ("momentum", 0), ("dampening", 0), ("weight_decay", 0),
                 ("nesterov", False))
Adam = _optimizer("Adam", ("lr", 1e-3), _BETAS, _EPS, ("weight_decay", 0), ("amsgrad", False),
                  tuple_betas=True)
AdamW = _optimizer("AdamW", ("lr", 1e-3), _BETAS, _EPS, ("weight_decay", 0.01), ("amsgrad", False),
                   tuple_betas=True)
RMSprop = _optimizer("RMSprop", ("lr", 0.01), ("alpha", 0.99), _EPS, ("weight_decay", 0),
                     ("momentum", 0), ("centered", False), ("capturable", False),
                     ("foreach", None), ("maximize", False), ("differentiable", False))
Adagrad = _optimizer("Adagrad", ("lr", 0.01), ("lr_decay", 0), ("weight_decay", 0),
                     ("initial_accumulator_value", 0), ("eps", 1e-10), ("foreach", None))
Adadelta = _optimizer("Adadelta", ("lr", 1.0), ("rho", 0.9), ("eps", 1e-6), ("weight_decay", 0),
                      ("foreach", None))
Adamax = _optimizer("Adamax", ("lr", 0.002), _BETAS, _EPS, ("weight_decay", 0), ("foreach", None))
NAdam = _optimizer("NAdam", ("lr", 0.002), _BETAS, _EPS, ("weight_decay", 0),
                   ("momentum_decay", 0.004), ("decoupled_weight_decay", False))
RAdam = _optimizer("RAdam", ("lr", 1e-3), _BETAS, _EPS, ("weight_decay", 0),
                   ("decoupled_weight_decay", False))


def __getattr__(name):
    if name == "lr_scheduler":
        return importlib.import_module(f"{__name__}.lr_scheduler")
    raise AttributeError(f"module 'torch.optim' has no attribute '{name}' (not supported by ConvDims)")
