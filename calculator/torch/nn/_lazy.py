"""Lazy modules (``LazyLinear``, ``LazyConv2d``, ``LazyBatchNorm2d`` ...): sized by the first input.

As in PyTorch, the constructor registers a forward pre-hook that, on the first call,
materializes the ``UninitializedParameter``s from the input and turns the module into its
``cls_to_become`` (``Linear``, ``Conv2d`` ...); the hook then removes itself.
"""

from .parameter import UninitializedParameter


class LazyMixin:
    """Sets up the hook; subclasses define ``initialize_parameters(input)``, ``cls_to_become``."""

    cls_to_become = None

    def _lazy_setup(self):
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters)

    @staticmethod
    def _uninitialized():
        return UninitializedParameter(None)

    def _infer_parameters(self, module, args):
        self.initialize_parameters(*args)
        self._initialize_hook.remove()
        del self.__dict__["_initialize_hook"]
        if self.cls_to_become is not None:
            object.__setattr__(self, "__class__", self.cls_to_become)

    def has_uninitialized_params(self):
        return any(isinstance(p, UninitializedParameter) for p in self._parameters.values())
