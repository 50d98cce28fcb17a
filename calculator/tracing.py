"""Subclassed layers and models: sublayer tracking, ``build`` and ``call()`` tracing.

Follows ``keras/src/layers/layer.py`` (Keras 3.15, torch backend):

- Tracking: the sublayers of a class written outside ConvDims are the layers held in its
  attributes (directly, or in lists, tuples and dicts), in assignment order; their weights
  count towards the layer's, after its own ``add_weight`` weights.
- ``build``: a ``build(input_shape)`` the class defines runs once, in the layer's name scope,
  then the layer is built with ``_build_shapes_dict = {"input_shape": shape}`` (also when the
  learner calls ``layer.build(shape)`` directly). Without one, a layer whose sublayers are not
  all built has ``call()`` traced once to build them; ``model.build(shape)`` on such a model
  only marks it built, as Keras does (its summary then shows ``?`` / ``0 (unbuilt)``).
- Calling on symbolic tensors: the output shape comes from ``compute_output_shape`` if the
  class defines one, else from tracing ``call()`` on tensors whose unknown sizes are filled
  in, first with 83 then with 89; a size that differs between the two runs is unknown
  (``None``) in the result. Sublayers are built during the first run, so a subclassed
  model's own summary shows ``(83, ...)`` shapes, exactly as Keras on torch prints.
- Inside a trace, layers and ops compute shapes only: no node, no op name used. The
  layer and op calls made are kept in ``layer._traced_calls``, from which
  ``calculator.stats`` computes the traced layer's MACs and receptive field.

An error raised inside ``call()`` comes back as Keras's "Could not automatically infer the
output shape ..." error, the original message inside, of the type Keras on torch raises: a
Keras layer's own check keeps its type (``ValueError``, ``IndexError``); an op, or a layer
whose call goes straight to a torch kernel (pooling), fails with torch's ``RuntimeError``
(``traced_type`` on the exception). What cannot be
traced (``if`` on a tensor's value, ``float(tensor)`` ...) raises ``NotImplementedError``
naming the construct; the runner adds the script line.
"""

import functools

from . import call_spec, errors
from .input_spec import assert_input_compatibility
from .masking import node_with_masks
from .core import (_STATE, KerasTensor, Layer, Node, TracingTensor, as_shape, flatten,
                   map_shapes, map_structure)

__all__ = ["prepare_user_class", "tracked_layers", "noted_calls", "function_output_shape",
           "FILL_SIZES"]

#: The sizes Keras's torch backend puts in place of unknown ones when it traces ``call()``.
FILL_SIZES = (83, 89)

#: Bookkeeping attributes of ConvDims objects, never scanned for sublayers.
_UNTRACKED = frozenset({
    "_inbound_nodes", "_outbound_nodes", "_weights_list", "_layers", "_call_memo", "_config",
    "_build_shapes_dict", "_input_axes", "_functional", "_inputs_struct", "_outputs_struct",
    "_inputs", "_outputs", "_operations", "_operations_by_depth", "_nodes_by_depth",
    "_network_nodes_keyed", "_network_nodes", "optimizer", "_traced_calls", "_traced_io",
})


def prepare_user_class(cls):
    """Called for every ``Layer`` subclass defined outside ConvDims."""
    cls._TRACKS = True
    if cls.__setattr__ is object.__setattr__:
        cls.__setattr__ = _checked_setattr
    from .models import Sequential
    if not issubclass(cls, Sequential):  # a Sequential's _layers is its stack
        cls._layers = property(tracked_layers, _set_own_layers)
    if "build" in cls.__dict__:
        cls.build = _wrap_build(cls.__dict__["build"])
    if cls.compute_mask is not Layer.compute_mask and not cls.compute_mask.__module__.startswith(
            "calculator."):
        cls.supports_masking = True  # Keras: a compute_mask of its own
        cls._NEW_MASKS = True
    if cls.call is not Layer.call:
        cls._TRACED = True
        cls.__call__ = _traced_call
        if cls.compute_output_shape is Layer.compute_output_shape:
            cls.compute_output_shape = _no_output_shape


def tracked_layers(layer):
    """``layer._layers`` plus the layers held in its attributes (lists, tuples, dicts
    included), each once, in assignment order."""
    found = list(layer.__dict__.get("_layers", ()))
    seen = {id(x) for x in found}
    seen.add(id(layer))

    def visit(value):
        if isinstance(value, Layer):
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    for key, value in layer.__dict__.items():
        if key not in _UNTRACKED:
            visit(value)
    return found


def _checked_setattr(layer, name, value):
    """Assigning a sublayer before ``super().__init__()`` fails there, as in Keras on torch."""
    if isinstance(value, Layer) and "_inbound_nodes" not in layer.__dict__:
        raise AttributeError(
            f"cannot assign module before Module.__init__() call: in layer "
            f"'{type(layer).__name__}', call super().__init__() as the first statement of "
            "__init__(), before creating sublayers.")
    object.__setattr__(layer, name, value)


def _set_own_layers(layer, value):
    layer.__dict__["_layers"] = value


def _wrap_build(build):
    @functools.wraps(build)
    def build_wrapper(self, *args, **kwargs):
        scope = _STATE.setdefault("scope", [])
        pushed = not scope or scope[-1] != self.name
        if pushed:
            scope.append(self.name)
        try:
            build(self, *args, **kwargs)
        finally:
            if pushed:
                scope.pop()
        shape = args[0] if args else next(iter(kwargs.values()), None)
        self._build_shapes_dict = {"input_shape": as_shape(shape)}
        self.built = True

    build_wrapper._user_build = True
    return build_wrapper


def _no_output_shape(self, *args, **kwargs):
    raise NotImplementedError(
        f"Layer {type(self).__name__} does not have a `compute_output_shape` method "
        "implemented. Should implement `def compute_output_shape(self, input_shape)`.")


# ------------------------------------------------------------------ calling
def _traced_call(self, *args, **kwargs):
    """``Layer.__call__`` for a class with its own ``call()``."""
    if "_inbound_nodes" not in self.__dict__:  # no sublayer assigned before it either
        raise RuntimeError(
            f"In layer '{type(self).__name__}', you forgot to call `super().__init__()` as the "
            "first statement in the `__init__()` method. Go add it!")
    recorded = kwargs  # the node keeps the keywords as given
    if kwargs:  # Keras binds them to call()'s signature (and drops a training it does not take)
        kwargs = call_spec.check_arguments(type(self), args, kwargs)
    name = call_spec.first_argument(type(self))
    if not args and name not in kwargs:
        raise TypeError(f"{type(self).__name__}.__call__() missing 1 required positional "
                        "argument: 'inputs'")
    first = args[0] if args else kwargs[name]
    tensors = [x for x in flatten([args, kwargs]) if isinstance(x, KerasTensor)]
    if not tensors:
        raise NotImplementedError(
            "ConvDims computes shapes and parameter counts from symbolic inputs: call "
            f"'{self.name}' on a tensor from keras.Input(shape=...), not on data "
            f"(received {type(first).__name__}).")
    first_shape = map_structure(lambda x: x.shape if isinstance(x, KerasTensor) else x, first)
    tracing = any(type(x) is TracingTensor for x in tensors)
    spec = self.__dict__.get("input_spec")
    if spec:
        assert_input_compatibility(spec, first, self.name)
    scope = _STATE.setdefault("scope", [])
    scope.append(self.name)
    try:
        if not self.built:
            _maybe_build(self, args, kwargs, first_shape)
        if tracing:  # inside another layer's trace: run call() directly
            return _run_call(self, args, kwargs)
        outputs = _output_tensors(self, args, kwargs, first_shape)
    finally:
        scope.pop()
    node_with_masks(self, args, recorded, outputs)
    return outputs


def _maybe_build(layer, args, kwargs, first_shape):
    if not getattr(type(layer).build, "_user_build", False) and any(
            not sub.built for sub in layer._sublayers()):
        # the same runs as computing the output; Keras makes (and drops) the result's
        # symbolic tensors, which uses their names
        for shape in traced_shapes(layer, args, kwargs)[0]:
            KerasTensor(shape)
    layer.build(first_shape)


def _output_tensors(layer, args, kwargs, first_shape):
    if type(layer).compute_output_shape is not _no_output_shape:
        shapes = as_shape(layer.compute_output_shape(first_shape))
        dtype = layer._compute_dtype
        return map_shapes(lambda s: KerasTensor(tuple(s), dtype=dtype), shapes)
    shapes, template = traced_shapes(layer, args, kwargs)
    shape_of = {id(t): s for t, s in zip(flatten(template), shapes)}
    return map_structure(lambda t: KerasTensor(shape_of[id(t)], dtype=t.dtype), template)


def traced_shapes(layer, args, kwargs):
    """The output shapes of ``layer.call(*args, **kwargs)`` (one per output tensor, flat) and
    the first run's outputs: run with unknown sizes filled in twice, sizes that differ are
    unknown."""
    outermost = not _STATE.get("tracing")
    previous = _STATE.get("trace_log")
    if outermost:
        _STATE["trace_log"] = []
    try:
        traced_args = []
        first = _trace(layer, args, kwargs, FILL_SIZES[0], traced_args)
        if outermost and getattr(layer, "_traced_calls", None) is None:
            # what call() did on its first call (as layer.input/.output): every ConvDims
            # layer call (nested subclasses included) as (layer, input shape, output shape,
            # input tensors, output tensors), ops as (None, None, None, inputs, outputs);
            # and call()'s own input and output tensors. Statistics (MACs, receptive field)
            # are computed from these.
            layer._traced_calls = _STATE["trace_log"]
            layer._traced_io = (traced_args, flatten(first))
    finally:
        _STATE["trace_log"] = previous
    flat = flatten(first)
    shapes = [t.shape for t in flat]
    if any(d is None for x in flatten([args, kwargs]) if isinstance(x, KerasTensor) for d in x.shape):
        second = flatten(_trace(layer, args, kwargs, FILL_SIZES[1]))
        shapes = [tuple(a if a == b else None for a, b in zip(s, t.shape))
                  for s, t in zip(shapes, second)]
    return shapes, first


def noted_calls(layer):
    """``(calls, (inputs, outputs))`` of what ``layer.call()`` did on its first call (see
    ``traced_shapes``), or ``None``. A layer that defines ``compute_output_shape`` is never
    traced when called (as in Keras); for statistics it is traced here, on its first call's
    inputs, when that changes nothing: every sublayer already built, name counters restored."""
    if getattr(layer, "_traced_calls", None) is None:
        if not layer._inbound_nodes or any(not sub.built for sub in layer._sublayers()):
            return None
        node = layer._inbound_nodes[0]
        saved = dict(_STATE["uids"])
        try:
            traced_shapes(layer, node.call_args, node.call_kwargs)
        except Exception:  # noqa: BLE001 - call() cannot run here: no statistics from it
            return None
        finally:
            _STATE["uids"].clear()
            _STATE["uids"].update(saved)
    return layer._traced_calls, layer._traced_io


def function_output_shape(fn, input_shape, dtype="float32", **kwargs):
    """The output shape(s) of ``fn`` applied to a tensor of ``input_shape`` (a ``Lambda``
    without ``output_shape``): run twice with unknown sizes filled in (83, 89); a size that
    differs is unknown."""
    results = []
    for fill in FILL_SIZES:
        tensor = map_shapes(
            lambda s: TracingTensor(tuple(fill if d is None else d for d in s), dtype), input_shape)
        out = fn(tensor, **kwargs)
        for x in flatten(out):
            if not isinstance(x, KerasTensor):
                raise NotImplementedError(
                    f"The Lambda function returned {type(x).__name__} {x!r}, not a tensor.")
        results.append(out)
        if not any(d is None for s in flatten_shapes(input_shape) for d in s):
            break
    first = flatten(results[0])
    last = flatten(results[-1])
    shapes = [tuple(a if a == b else None for a, b in zip(t.shape, u.shape))
              for t, u in zip(first, last)]
    return shapes[0] if isinstance(results[0], KerasTensor) else shapes


def flatten_shapes(shapes):
    """The shapes in a structure of shapes, as a flat list."""
    out = []
    map_shapes(out.append, shapes)
    return out


def _trace(layer, args, kwargs, fill, made=None):
    """Run ``layer.call`` on tracing copies of the symbolic arguments (noted in ``made``)."""
    def to_tracing(x):
        if isinstance(x, KerasTensor):
            x = TracingTensor(tuple(fill if d is None else d for d in x.shape), x.dtype)
            if made is not None:
                made.append(x)
        return x

    stack = _STATE.setdefault("tracing", [])
    outermost = not stack
    try:
        outputs = _run_call(layer, map_structure(to_tracing, args), map_structure(to_tracing, kwargs))
    except NotImplementedError:
        raise
    except Exception as exc:
        if not outermost:
            raise
        # keep the original traceback: the runner then points at the line inside call()
        raise _call_failed(layer, exc).with_traceback(exc.__traceback__) from exc
    return outputs


def _run_call(layer, args, kwargs):
    stack = _STATE.setdefault("tracing", [])
    stack.append(layer)
    try:
        outputs = layer.call(*args, **kwargs)
    finally:
        stack.pop()
    for x in flatten(outputs):
        if not isinstance(x, KerasTensor):
            raise NotImplementedError(
                f"{type(layer).__name__}.call() returned {type(x).__name__} {x!r}, not a tensor: "
                "ConvDims follows layers whose call() returns tensors (or lists/dicts of them).")
    return outputs


def _call_failed(layer, exc):
    cls = type(layer).__name__
    error = errors.keras_error(
        f"Exception encountered when calling {cls}.call().\n\n"
        f"Could not automatically infer the output shape / dtype of '{layer.name}' (of type "
        f"{cls}). Either the `{cls}.call()` method is incorrect, or you need to implement the "
        f"`{cls}.compute_output_spec() / compute_output_shape()` method. Error encountered:\n\n"
        f"{exc}", getattr(exc, "field", None), getattr(exc, "traced_type", type(exc)))
    return error
