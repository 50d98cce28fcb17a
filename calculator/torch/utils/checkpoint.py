"""``torch.utils.checkpoint``: activation checkpointing saves memory by running the forward
again during the backward pass; the forward, all the calculator follows, is ``function(*args)``
(torchvision's and rasbt's DenseNet with ``memory_efficient=True``)."""

import warnings

_EXPLICIT = ("the use_reentrant parameter should be passed explicitly. Starting in PyTorch 2.9, "
             "calling checkpoint without use_reentrant will raise an exception. use_reentrant=False "
             "is recommended, but if you need to preserve the current default behavior, you can "
             "pass use_reentrant=True. Refer to docs for more details on the differences between "
             "the two variants.")


def checkpoint(function, *args, use_reentrant=None, context_fn=None, determinism_check="default",
               debug=False, early_stop=True, **kwargs):
    if use_reentrant is None:
        warnings.warn(f"torch.utils.checkpoint: {_EXPLICIT}", stacklevel=2)
    if use_reentrant and kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    return function(*args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """The modules of ``functions`` (a Sequential or a list) one after another."""
    from ..nn import Sequential

    if use_reentrant is None:
        warnings.warn(f"torch.utils.checkpoint.checkpoint_sequential: {_EXPLICIT}", stacklevel=2)
    for function in (functions.children() if isinstance(functions, Sequential) else functions):
        input = function(input)
    return input
