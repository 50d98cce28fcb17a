"""``torch.autograd``: ``Variable`` (old tutorials' wrapper, a tensor today), ``grad`` and
``backward`` as functions, and the anomaly-detection switches (no-ops).

``grad`` returns one gradient per input, each of its input's shape, after PyTorch's checks
(``_tensor.check_differentiable``, then every input must require grad). Whether an input was
used to compute the outputs is not followed: PyTorch raises "appears to not have been used in
the graph" for one that was not, so ``allow_unused=True`` (where such an input's gradient is
None) is refused by name rather than answered with a tensor that may be None.
"""

import contextlib

from . import _tensor, enable_grad, inference_mode, no_grad, set_grad_enabled
from ._tensor import Tensor, make

__all__ = ["Variable", "grad", "backward", "set_detect_anomaly", "detect_anomaly", "no_grad",
           "enable_grad", "set_grad_enabled", "inference_mode"]


def Variable(data, requires_grad=False, volatile=False):  # noqa: N802 (PyTorch's name)
    """A new leaf holding ``data`` (PyTorch's ``Variable`` has returned a tensor since 0.4)."""
    if not isinstance(data, Tensor):
        raise TypeError("Variable data has to be a tensor, but got "
                        f"{type(data).__name__}")
    new = data.detach()
    if requires_grad:
        if not data.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        new.requires_grad = True
    return new


def _tensors(value, what):
    if isinstance(value, Tensor):
        return (value,)
    items = tuple(value)
    for item in items:
        if not isinstance(item, Tensor):
            raise TypeError(f"{what} must be tensors, not {type(item).__name__} (ConvDims)")
    return items


def _gradients(value, n):
    if value is None:
        return (None,) * n
    if isinstance(value, Tensor):
        return (value,)
    return tuple(value)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    if allow_unused and not materialize_grads:
        raise NotImplementedError(
            "torch.autograd.grad(..., allow_unused=True): the gradient of an input the outputs "
            "were not computed from is None, and ConvDims does not follow which inputs they "
            "were computed from")
    if is_grads_batched:
        raise NotImplementedError("torch.autograd.grad(..., is_grads_batched=True) is not "
                                  "modelled by ConvDims")
    outs = _tensors(outputs, "outputs")
    ins = _tensors(inputs, "inputs")
    grads = _gradients(grad_outputs, len(outs))
    if len(grads) != len(outs):
        raise RuntimeError(f"grad requires one grad_output per output: {len(grads)} given for "
                           f"{len(outs)} outputs")
    _tensor.check_differentiable(outs, grads, "torch.autograd.grad()")
    for t in ins:
        if t._requires_grad is None:
            raise NotImplementedError(
                "torch.autograd.grad() with respect to a computed tensor: ConvDims does not "
                "follow whether it requires grad (differentiate with respect to a leaf, or "
                "call .requires_grad_() on it first)")
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    result = []
    for t in ins:
        g = make(t._shape, t.dtype, t.device, None)  # a computed tensor, not a leaf
        g._requires_grad = bool(create_graph) and _tensor.GRAD["enabled"]
        result.append(g)
    return tuple(result)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    outs = _tensors(tensors, "tensors")
    _tensor.check_differentiable(outs, _gradients(grad_tensors, len(outs)),
                                 "torch.autograd.backward()")
    _tensor.GRAD["backward"] = True
    _tensor.GRAD_NONE.clear()


def set_detect_anomaly(mode, check_nan=True):
    """A debugging switch: it changes no shape."""
    return contextlib.nullcontext()


def detect_anomaly(check_nan=True):
    return contextlib.nullcontext()
