"""``torch.optim``: optimizers accepted so training scripts run; they change nothing."""

import importlib

from .._tensor import set_grads_to_none


class Optimizer:
    def __init__(self, params, lr=1e-3, **kwargs):
        self.param_groups = [{"params": list(params), "lr": lr, **kwargs}]

    def zero_grad(self, set_to_none=True):
        if set_to_none:  # as Module.zero_grad
            for group in self.param_groups:
                set_grads_to_none(group["params"])

    def step(self, closure=None):
        return None


SGD = Adam = AdamW = RMSprop = Adagrad = Adadelta = Adamax = NAdam = RAdam = Optimizer


def __getattr__(name):
    if name == "lr_scheduler":
        return importlib.import_module(f"{__name__}.lr_scheduler")
    raise AttributeError(f"module 'torch.optim' has no attribute '{name}' (not supported by ConvDims)")
