"""``torch.amp``: mixed precision. There is no CUDA here, so ``autocast("cuda")`` and
``GradScaler`` disable themselves as PyTorch's do on a CPU-only machine (shapes and dtypes are
the float32 run's). An enabled CPU autocast runs matmuls and convolutions in bfloat16 in
PyTorch; the mirror does not model that cast and refuses it."""

import functools


class autocast:
    """A context manager and decorator; enabled only for ``device_type="cpu"``, which is refused."""

    def __init__(self, device_type="cuda", dtype=None, enabled=True, cache_enabled=None):
        if enabled and str(device_type) == "cpu":
            raise NotImplementedError(
                "torch.autocast(device_type='cpu') is not supported by ConvDims: PyTorch then "
                "runs matmuls and convolutions in bfloat16, a dtype change the mirror does not "
                "model (autocast on 'cuda' disables itself here, as PyTorch does without a GPU)")
        self.device = str(device_type)
        self.fast_dtype = dtype

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorated


class GradScaler:
    """Loss scaling: disabled for ``"cuda"`` (no GPU), so ``scale`` returns the loss itself;
    enabled on ``"cpu"``, where the scaled loss has the loss's shape and dtype."""

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0,
                 backoff_factor=0.5, growth_interval=2000, enabled=True):
        self._enabled = enabled and str(device) != "cuda"

    def is_enabled(self):
        return self._enabled

    def scale(self, outputs):
        return outputs * 1.0 if self._enabled else outputs

    def unscale_(self, optimizer):
        return None

    def step(self, optimizer, *args, **kwargs):
        return optimizer.step(*args, **kwargs)

    def update(self, new_scale=None):
        return None

    def state_dict(self):
        return {}

    def load_state_dict(self, state_dict):
        return None
