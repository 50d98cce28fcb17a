"""``torch.optim.lr_scheduler``: schedulers accepted so training scripts run; they change no
shape. They do change the learning rate, which ConvDims does not follow: once a scheduler
wraps an optimizer, its ``param_groups[i]["lr"]`` (and ``get_last_lr()``) is a value that
stops the script where it is used (printed, compared, computed with), never a stale number."""

NAMES = """
ChainedScheduler ConstantLR CosineAnnealingLR CosineAnnealingWarmRestarts CyclicLR ExponentialLR
LRScheduler LambdaLR LinearLR MultiStepLR MultiplicativeLR OneCycleLR PolynomialLR
ReduceLROnPlateau SequentialLR StepLR
""".split()


class ScheduledRate:
    """The learning rate under a scheduler: unknown here."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def _unknown(self, *args, **kwargs):
        raise TypeError(f"the learning rate under {self.scheduler} changes as the schedule runs; "
                        "ConvDims does not follow schedules, so the script stops where the value "
                        "is used.")

    __str__ = __repr__ = __format__ = __float__ = __int__ = __bool__ = _unknown
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _unknown
    __truediv__ = __rtruediv__ = __lt__ = __le__ = __gt__ = __ge__ = __round__ = _unknown


class LRScheduler:
    def __init__(self, optimizer, *args, **kwargs):
        self.optimizer = optimizer
        for group in getattr(optimizer, "param_groups", []):
            group.setdefault("initial_lr", group.get("lr"))
            group["lr"] = ScheduledRate(type(self).__name__)

    def step(self, *args, **kwargs):
        return None

    def get_last_lr(self):
        return [group["lr"] for group in getattr(self.optimizer, "param_groups", [])]

    def state_dict(self):
        return {}


_LRScheduler = LRScheduler
for _name in NAMES:
    if _name not in globals():
        globals()[_name] = type(_name, (LRScheduler,), {"__module__": __name__})
del _name
__all__ = NAMES
