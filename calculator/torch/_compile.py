"""``torch.compile``: the model wrapped as PyTorch wraps it, run eagerly.

Compiling changes no shape: ``torch.compile(model)`` is an ``OptimizedModule`` holding the
model as ``_orig_mod`` (so ``print``, ``state_dict`` keys and torchinfo show that level),
reading the model's attributes through it; a compiled function is the function itself. A
script error inside a compiled call is refused: PyTorch reports it through TorchDynamo (a
``TorchRuntimeError`` with its own wording), which the calculator does not reproduce.
"""

from .nn.module import Module


class OptimizedModule(Module):
    """``torch._dynamo.eval_frame.OptimizedModule``."""

    def __init__(self, mod):
        super().__init__()
        self._orig_mod = mod
        del self.__dict__["training"]  # read through to the model, as PyTorch's property does

    @property
    def training(self):
        return self._orig_mod.training

    @training.setter
    def training(self, mode):
        self._orig_mod.training = mode

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self._orig_mod, name)

    def forward(self, *args, **kwargs):
        try:
            return self._orig_mod(*args, **kwargs)
        except NotImplementedError:
            raise
        except Exception as exc:
            raise NotImplementedError(
                f"torch.compile: the compiled model raised {type(exc).__name__} (below); "
                "PyTorch reports this error through TorchDynamo as a TorchRuntimeError worded "
                "differently, which ConvDims does not reproduce: remove torch.compile to see "
                "PyTorch's own error for this line") from exc


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None,
            options=None, disable=False):
    if model is None:  # @torch.compile(mode=...)
        return lambda fn: compile(fn, fullgraph=fullgraph, dynamic=dynamic, backend=backend,
                                  mode=mode, options=options, disable=disable)
    return OptimizedModule(model) if isinstance(model, Module) else model
