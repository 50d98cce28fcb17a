"""``torch.optim``: optimizers accepted so training scripts run; they change nothing."""


class Optimizer:
    def __init__(self, params, lr=1e-3, **kwargs):
        self.param_groups = [{"params": list(params), "lr": lr, **kwargs}]

    def zero_grad(self, set_to_none=True):
        return None

    def step(self, closure=None):
        return None


SGD = Adam = AdamW = RMSprop = Adagrad = Adadelta = Adamax = NAdam = RAdam = Optimizer
