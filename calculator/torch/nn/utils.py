"""``torch.nn.utils``: the reparametrisations model code applies to layers, and the helpers a
training step calls.

- ``spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None)``: the
  parameter ``weight`` becomes ``weight_orig`` (same shape, so the count is unchanged) and two
  buffers hold the power iteration's vectors: ``weight_u`` with ``weight.shape[dim]`` entries
  and ``weight_v`` with the rest of the weight's elements (``numel / shape[dim]``). ``dim``
  defaults to 1 for the transposed convolutions (their weight is ``[in, out, ...]``), else 0.
- ``weight_norm(module, name="weight", dim=0)``: ``weight`` becomes ``weight_g`` (the norms:
  ``weight.shape[dim]`` of them, kept in place with every other axis of size 1; a scalar with
  ``dim=None``) and ``weight_v`` (the direction, the weight's shape): the layer gains
  ``shape[dim]`` parameters.
- ``parameters_to_vector`` (one vector of every element), ``vector_to_parameters``,
  ``clip_grad_norm_`` / ``clip_grad_value_`` (no gradients here: they change no shape).

Both reparametrisations keep ``module.weight`` as a plain tensor of the old shape, so the
layer's forward and its printed form are as before (PyTorch's repr does not show them).
"""

import math

from .._tensor import Tensor, make
from .module import Module
from .parameter import Parameter

__all__ = ["spectral_norm", "weight_norm", "parameters_to_vector", "vector_to_parameters",
           "clip_grad_norm_", "clip_grad_value_", "clip_grad_norm"]

_TRANSPOSED = ("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d")


def _take_weight(module, name):
    if not isinstance(module, Module):
        raise TypeError(f"expected a torch.nn.Module, got {type(module).__name__}")
    weight = module._parameters.get(name)
    if weight is None:
        raise AttributeError(f"'{type(module).__name__}' object has no parameter '{name}'")
    del module._parameters[name]
    return weight


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    if dim is None:
        dim = 1 if type(module).__name__ in _TRANSPOSED else 0
    weight = _take_weight(module, name)
    shape = tuple(weight.shape)
    if n_power_iterations <= 0:
        raise ValueError("Expected n_power_iterations to be positive, but got "
                         f"n_power_iterations={n_power_iterations}")
    if not 0 <= dim < len(shape):  # PyTorch fails on a negative dim too, less clearly
        raise NotImplementedError(f"spectral_norm with dim={dim}: ConvDims follows dims 0 to "
                                  f"{len(shape) - 1} of the {len(shape)}-d weight only")
    height = shape[dim]
    width = math.prod(shape) // height if height else 0
    module.register_parameter(name + "_orig", weight)
    setattr(module, name, make(shape, weight.dtype, weight.device))
    module.register_buffer(name + "_u", make((height,), weight.dtype, weight.device))
    module.register_buffer(name + "_v", make((width,), weight.dtype, weight.device))
    return module


def weight_norm(module, name="weight", dim=0):
    weight = _take_weight(module, name)
    shape = tuple(weight.shape)
    if dim is None or dim == -1:  # PyTorch reads -1 as "no dim": one norm for the whole weight
        g_shape = ()
    else:
        if dim < -1:
            dim += len(shape)
        g_shape = tuple(s if i == dim else 1 for i, s in enumerate(shape))
    module.register_parameter(name + "_g", Parameter(make(g_shape, weight.dtype, weight.device)))
    module.register_parameter(name + "_v", Parameter(make(shape, weight.dtype, weight.device)))
    setattr(module, name, make(shape, weight.dtype, weight.device))
    return module


def parameters_to_vector(parameters):
    params = list(parameters)
    total = sum(p.numel() for p in params)
    first = params[0] if params else None
    return make((total,), first.dtype if first is not None else None,
                first.device if first is not None else None)


def vector_to_parameters(vec, parameters):
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    params = list(parameters)
    need = sum(p.numel() for p in params)
    if vec.numel() != need:  # PyTorch's slicing would fail the same way
        raise RuntimeError(f"shape '{list(params[-1].shape)}' is invalid for input of size "
                           f"{vec.numel() - (need - params[-1].numel())}")


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    return make(())


clip_grad_norm = clip_grad_norm_


def clip_grad_value_(parameters, clip_value, foreach=None):
    return None


def __getattr__(name):
    raise AttributeError(f"module 'torch.nn.utils' has no attribute '{name}' "
                         "(not supported by ConvDims)")
