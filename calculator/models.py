"""Inputs and models: ``InputLayer``/``Input``, ``Sequential``, ``Model`` (Functional).

Mirrors ``keras/src/layers/core/input_layer.py``, ``keras/src/models/sequential.py``,
``keras/src/models/functional.py`` and ``keras/src/ops/function.py`` (Keras 3.15), including
the behaviours a summary depends on:

- ``Model(inputs, outputs)`` returns a ``Functional`` named ``functional``, ``functional_1``...
- ``Sequential`` rebuilds itself after every ``add()`` once its input is known: each rebuild
  calls every layer again (adding a node to ``layer._inbound_nodes``) and creates a hidden
  ``Functional`` (so it consumes a ``functional`` name, exactly as Keras does).
- ``input_shape=``/``input_dim=`` on the first layer adds an ``InputLayer``; ``.layers`` of a
  Sequential omits it, ``.layers`` of a Functional includes its InputLayers.
- Freezing a model (``model.trainable = False``) freezes every layer in it.
- Training is out of scope: ``compile()`` is accepted, ``fit``/``predict``/``evaluate`` raise
  ``NotImplementedError``.
"""

import collections

from . import call_spec, errors
from .core import _STATE, KerasTensor, Layer, Node, flatten, is_shape, map_structure, name_scope

__all__ = ["InputLayer", "Input", "Model", "Functional", "Sequential"]

_NO_TRAINING = "ConvDims computes shapes and parameter counts; it does not train."
_NO_FILES = ("ConvDims computes shapes and parameter counts; its weights have no values, so "
             "{} has nothing to write or read.")


def standardize_shape(shape, field="input_shape"):
    """Keras's ``standardize_shape``: an iterable of non-negative ints or ``None``."""
    if not isinstance(shape, tuple):
        if shape is None:
            raise errors.keras_error("Undefined shapes are not supported.", field)
        if isinstance(shape, str) or not hasattr(shape, "__iter__"):
            raise errors.keras_error(
                f"Cannot convert '{shape}' to a shape. A shape is a tuple such as (28, 28, 1) "
                f"(the batch axis excluded); for one axis write ({shape},) with a comma.", field)
        shape = tuple(shape)
    for e in shape:
        if e is None:
            continue
        if isinstance(e, bool) or not isinstance(e, int):
            raise errors.keras_error(
                f"Cannot convert '{shape}' to a shape. Found invalid entry '{e}' of type '{type(e)}'. ",
                field)
        if e < 0:
            raise errors.keras_error(
                f"Cannot convert '{shape}' to a shape. Negative dimensions are not allowed.", field)
    return shape


class InputLayer(Layer):
    """The entry point of a model: holds the input tensor of shape ``(batch_size,) + shape``."""
    _CALL_ARGS = ()

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, ragged=None,
                 batch_shape=None, input_tensor=None, optional=False, name=None, **kwargs):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        Layer.__init__(self, name=name, **kwargs)
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise errors.keras_error(
                    "Argument `input_tensor` must be a KerasTensor. Received invalid type: "
                    f"input_tensor={input_tensor} (of type {type(input_tensor)})", "input_tensor")
            batch_shape = input_tensor.shape
            dtype = input_tensor.dtype
        else:
            if shape is not None and batch_shape is not None:
                raise errors.keras_error(
                    "You cannot pass both `shape` and `batch_shape` at the same time.", "shape")
            if batch_size is not None and batch_shape is not None:
                raise errors.keras_error(
                    "You cannot pass both `batch_size` and `batch_shape` at the same time.", "batch_size")
            if shape is None and batch_shape is None:
                raise errors.keras_error("You must pass a `shape` argument.", "input_shape")
            if shape is not None:
                batch_shape = (batch_size,) + standardize_shape(shape)
        self._batch_shape = standardize_shape(batch_shape)
        self._dtype = self._compute_dtype = dtype or "float32"
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.optional = optional
        self.built = True
        if input_tensor is None:
            input_tensor = KerasTensor(self._batch_shape, dtype=self._dtype, sparse=self.sparse,
                                       ragged=self.ragged, name=name)
        self._input_tensor = input_tensor
        Node(self, call_args=(), call_kwargs={}, outputs=input_tensor)

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def dtype(self):
        return self._dtype

    def get_config(self):
        return {"batch_shape": self._batch_shape, "dtype": self._dtype, "sparse": self.sparse,
                "ragged": self.ragged, "name": self.name, "optional": self.optional}

    def compute_output_shape(self, input_shape):
        return self._batch_shape

    def __call__(self, *args, **kwargs):
        raise errors.keras_error(
            "An InputLayer is not called on tensors: use keras.Input(shape=...) and call the next "
            "layer on the tensor it returns.", None, TypeError)


def Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
          name=None, tensor=None, optional=False):
    """A symbolic input tensor of shape ``(batch_size,) + shape`` (``batch_size`` ``None``)."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       ragged=ragged, batch_shape=batch_shape, name=name, input_tensor=tensor,
                       optional=optional)
    return layer.output


def _output_shapes(op, args, kwargs):
    """The output shapes (flat list) of a tensor op or a subclassed layer on ``args``."""
    if isinstance(op, Layer):
        from . import tracing
        if type(op).compute_output_shape is not tracing._no_output_shape:
            return op.compute_output_shape(map_structure(lambda x: x.shape, args[0]))
        return tracing.traced_shapes(op, args, kwargs)[0]
    spec = op.compute_output_spec(*args, **kwargs)
    specs = [spec] if isinstance(spec, tuple) and isinstance(spec[1], str) else spec
    return [shape for shape, _ in specs]


def _first_argument(node):
    """What a layer's node was called on: its first positional argument, or the one passed by
    keyword (``Dense(3)(inputs=x)``, ``LSTM(8)(sequences=x)``: Keras records those as given)."""
    if node.call_args:
        return node.call_args[0]
    return node.call_kwargs.get(call_spec.first_argument(type(node.operation)))


def _flat_shapes(shapes):
    if is_shape(shapes):
        return [shapes]
    out = []
    for s in (shapes.values() if isinstance(shapes, dict) else shapes):
        out.extend(_flat_shapes(s))
    return out


class Model(Layer):
    """Base of ``Functional`` and ``Sequential``; ``Model(inputs, outputs)`` builds a Functional."""
    _CALL_ARGS = ("inputs", ("training", None), ("mask", None), "**kwargs")

    def __new__(cls, *args, **kwargs):
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            return object.__new__(Functional)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs or "outputs" in kwargs:
            # a subclass calling super().__init__(inputs, outputs): it becomes a Functional
            _inject_functional(type(self))
            Functional.__init__(self, *args, **kwargs)
            return
        Layer.__init__(self, *args, **kwargs)
        self._record()

    @property
    def layers(self):
        """A subclassed model's layers: those held in its attributes (see ``calculator.tracing``)."""
        from . import tracing
        return tracing.tracked_layers(self)

    compiled = False
    optimizer = None
    _MEMO_CALLS = False  # a model's output shape depends on the layers inside

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A subclassed model's own config rebuilds it (``cls(**config)``, as Keras); a
        functional model's (it has ``layers``) is refused."""
        if cls is Model and "layers" in config:
            _refuse_model_from_config(cls)
        return cls(**config)

    # ---- training API: accepted or refused plainly
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, **kwargs):
        """Accepted (no training happens); ``optimizer`` resolved as Keras resolves it
        (``"adam"`` -> an ``Adam``; an unknown name raises Keras's ``ValueError``)."""
        from .keras import optimizers
        self.optimizer = optimizers.get(optimizer)
        self.compiled = True
        self.loss = loss

    def _refuse_training(name):
        def refuse(self, *args, **kwargs):
            raise NotImplementedError(
                f"model.{name}() is not run here: {_NO_TRAINING} Its checks of the data "
                f"(shapes of x and y against the model and the loss) are not made either; "
                f"model.summary() and model.output_shape give what the model computes.")
        refuse.__name__ = name
        refuse.__doc__ = f"Refused, naming ``{name}``: no data passes through a model here."
        return refuse

    fit, predict, evaluate, train_on_batch, test_on_batch, predict_on_batch = map(
        _refuse_training, ("fit", "predict", "evaluate", "train_on_batch", "test_on_batch",
                           "predict_on_batch"))
    del _refuse_training

    def save(self, *args, **kwargs):
        raise NotImplementedError(_NO_FILES.format("model.save()"))

    def save_weights(self, *args, **kwargs):
        raise NotImplementedError(_NO_FILES.format("model.save_weights()"))

    def load_weights(self, *args, **kwargs):
        raise NotImplementedError(_NO_FILES.format("model.load_weights()"))

    def to_json(self, **kwargs):
        """Refused: Keras's JSON holds every layer's full serialized config, which ConvDims
        does not reproduce (a made-up JSON is worse than none)."""
        raise NotImplementedError(
            "ConvDims does not serialize models: model.to_json() needs Keras's full layer "
            "configs. model.summary() lists the layers, shapes and parameter counts.")

    # ---- inspection
    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None, **kwargs):
        """Print the layer table as Keras 3 does (``style="keras2"`` for the classic layout)."""
        from . import summary as summary_module
        return summary_module.print_summary(
            self, line_length=line_length, positions=positions, print_fn=print_fn,
            expand_nested=expand_nested, show_trainable=show_trainable, layer_range=layer_range,
            **kwargs)

    def get_layer(self, name=None, index=None):
        """A layer by name or by index in ``model.layers``."""
        if index is not None and name is not None:
            raise errors.keras_error(
                "Provide only a layer name or a layer index. Received: "
                f"index={index}, name={name}.", "name")
        if index is not None:
            if len(self.layers) <= index:
                raise errors.keras_error(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(self.layers)} layers.", "index")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise errors.keras_error(
                f"No such layer: {name}. Existing layers are: {[l.name for l in self.layers]}.", "name")
        raise errors.keras_error("Provide either a layer name or layer index at `get_layer`.", "name")

    def _sublayers(self):
        return self.layers

    def _record(self):
        """Report this model to a running script (``calculator.runner``), unless internal."""
        created = _STATE.get("created_models")
        if created is not None and not _STATE.get("internal_model"):
            created.append(self)


def _inject_functional(cls):
    """Keras's ``inject_functional_model_class``: put ``Functional`` where ``Model`` is among
    the bases of a subclass that passes ``inputs``/``outputs`` to ``Model.__init__``."""
    if cls is Model:
        return Functional
    if cls is Functional or not issubclass(cls, Model):
        return cls
    cls.__bases__ = tuple(_inject_functional(base) for base in cls.__bases__)
    return cls


class Functional(Model):
    """A model defined by its input and output tensors (``keras.Model(inputs, outputs)``)."""
    _CONVERT_INPUT_ARGS = False

    def __init__(self, inputs, outputs, name=None, **kwargs):
        trainable = kwargs.pop("trainable", None)
        chain = kwargs.pop("_chain", None)  # Sequential: the tensors of its linear graph
        Layer.__init__(self, name=name, **kwargs)
        flat_inputs, flat_outputs = flatten(inputs), flatten(outputs)
        for what, values, flat in (("inputs", inputs, flat_inputs), ("outputs", outputs, flat_outputs)):
            for x in flat:
                if not isinstance(x, KerasTensor):
                    raise errors.keras_error(
                        f"All `{what}` values must be KerasTensors. Received: {what}={values} "
                        f"including invalid value {x} of type {type(x)}", "inputs")
            if not flat:
                raise errors.keras_error(
                    f"`{what}` argument cannot be empty. Received:\ninputs={inputs}\noutputs={outputs}",
                    "inputs")
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = flat_inputs
        self._outputs = flat_outputs
        graph = None
        if chain is not None and len(flat_inputs) == 1 and len(flat_outputs) == 1 and (
                chain[0] is flat_inputs[0] and chain[-1] is flat_outputs[0]):
            graph = _map_chain(chain)
        (self._network_nodes_keyed, self._nodes_by_depth, self._operations,
         self._operations_by_depth) = graph or _map_graph(flat_inputs, flat_outputs)
        self._network_nodes = None
        if trainable is not None:
            self.trainable = trainable
        self.built = True
        self._build_shapes_dict = {"input_shape": None}  # Keras's Functional runs build(None)
        self.output_names = [x._keras_history[0].name for x in flat_outputs]
        self._record()

    @property
    def _nodes(self):
        """Keras's set of ``"<id(operation)>_ib-<node index>"`` keys of the graph's nodes."""
        if self._network_nodes is None:
            self._network_nodes = _network_node_keys(self._network_nodes_keyed)
        return self._network_nodes

    @property
    def layers(self):
        return [op for op in self._operations if isinstance(op, Layer)]

    @property
    def operations(self):
        return self._operations[:]

    @property
    def inputs(self):
        return self._inputs

    @property
    def outputs(self):
        return self._outputs

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        shapes = [x.shape for x in self._inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        """As Keras: the shapes of the flat ``outputs`` list (a dict of outputs gives a list in
        sorted-key order), or the one shape when there is a single output."""
        shapes = [x.shape for x in self._outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    def _check_input(self, input_shape):
        """Keras's input spec of a Functional model: each input's shape with the batch axis
        free, compared axis by axis over the shorter of the two after dropping a last axis
        of 1 from either (``allow_last_axis_squeeze``), so (None, 28, 28) passes a
        (None, 28, 28, 1) input and so does (None, 28, 28, 5); the rank itself is not checked."""
        given = _flat_shapes(input_shape)
        if len(given) != len(self._inputs):
            raise errors.keras_error(
                f"Model '{self.name}' expects {len(self._inputs)} input(s), but it received "
                f"{len(given)} input tensors.", "input_shape")
        for index, (got, tensor) in enumerate(zip(given, self._inputs)):
            want = (None,) + tuple(tensor.shape[1:]) if tensor.shape else ()
            found, expected = tuple(got), want
            if found and found[-1] == 1:
                found = found[:-1]
            if expected and expected[-1] == 1:
                expected = expected[:-1]
            if any(a is not None and b is not None and a != b for a, b in zip(expected, found)):
                raise errors.keras_error(
                    f"Input {index} with name '{tensor._keras_history[0].name}' of layer "
                    f"'{self.name}' is incompatible with the layer: expected shape={want}, "
                    f"found shape={found}", "input_shape")

    def _adjust_input_rank(self, input_shape):
        """Keras's ``Functional._adjust_input_rank`` on an eager call: an input one axis
        longer than the model's, ending in 1, loses that axis; one axis shorter, where the
        model's ends in 1, gains it ((28, 28, 1) for a (None, 28, 28, 1) model becomes a
        batch of 28 images of 28 × 1); any other rank is a ValueError."""
        adjusted = []
        for got, tensor in zip(_flat_shapes(input_shape), self._inputs):
            got, ref = tuple(got), tensor.shape
            if len(got) == len(ref) + 1 and got[-1] == 1:
                got = got[:-1]
            elif len(got) == len(ref) - 1 and ref[-1] == 1:
                got = got + (1,)
            elif len(got) != len(ref):
                raise errors.keras_error(
                    f"Invalid input shape for input with name '{tensor.name}' and path ''. "
                    f"Expected shape {ref}, but input has incompatible shape {got}",
                    "input_shape")
            adjusted.append(got)
        return adjusted

    def _check_array_values(self, inputs):
        """The value checks of the layers a model input reaches unchanged (an ``Embedding``
        right after its ``Input``: its ids are the array's)."""
        arrays = {id(t): x for t, x in zip(self._inputs, flatten(inputs))}
        for nodes in self._nodes_by_depth.values():
            for node in nodes:
                args = _first_argument(node)
                if not node.is_input and isinstance(node.operation, Layer) and id(args) in arrays:
                    node.operation._check_array_values(arrays[id(args)])

    def _eager_output_shape(self, input_shape):
        """An eager call runs every layer's own call, with its input checks, on the inputs
        ``_adjust_input_rank`` gives (a symbolic call computes shapes only, unchecked)."""
        return self.compute_output_shape(self._adjust_input_rank(input_shape), eager=True)

    def compute_output_shape(self, input_shape, eager=False):
        """Run the graph on shapes: every node's layer computes its output shape in turn (as
        Keras's ``compute_output_spec``, without the layers' input checks unless ``eager``)."""
        known = {id(t): tuple(s) for t, s in zip(self._inputs, _flat_shapes(input_shape))}
        for depth in sorted(self._nodes_by_depth, reverse=True):
            for node in self._nodes_by_depth[depth]:
                if node.is_input or not all(id(t) in known for t in node.input_tensors):
                    continue
                op = node.operation
                if not isinstance(op, Layer) or op._TRACED:
                    # a tensor op or a subclassed layer: rerun it on tensors of the new shapes
                    probe = lambda x: KerasTensor(known[id(x)], x.dtype, name="probe") if (
                        isinstance(x, KerasTensor)) else x
                    args = map_structure(probe, node.call_args)
                    kwargs = map_structure(probe, node.call_kwargs)
                    out = _output_shapes(op, args, kwargs)
                else:
                    args = _first_argument(node)
                    arg_shapes = map_structure(
                        lambda x: known[id(x)] if isinstance(x, KerasTensor) else x, args)
                    if eager:
                        op._assert_input_compatibility(arg_shapes)
                        out = op._eager_output_shape(arg_shapes)
                    else:
                        out = op.compute_output_shape(arg_shapes)
                for t, s in zip(node.outputs, _flat_shapes(out)):
                    known[id(t)] = tuple(s)
        return map_structure(lambda t: known[id(t)], self._outputs_struct)

    def _assert_input_compatibility(self, input_shape):
        # Keras checks a model's input spec on symbolic calls only (compute_output_spec):
        # called eagerly inside a traced call() (Keras's 83/89 passes) the graph runs unchecked
        if not _STATE.get("tracing"):
            self._check_input(input_shape)

    def get_config(self):
        from .config_serialization import functional_config
        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        _refuse_model_from_config(cls)


def _check_one_input(layer):
    """Keras's ValueError when a layer that needs more than one input (MultiHeadAttention's
    query and value) is in a Sequential (it is raised for the TypeError of calling it)."""
    import inspect
    params = [p for p in inspect.signature(layer.call).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in params if p.default is p.empty]
    if not params:
        raise errors.keras_error(
            "Layers added to a Sequential model should have a single positional argument, the "
            f"input tensor. Layer {layer.__class__.__name__} has no positional arguments.", None)
    if len(required) > 1:
        raise errors.keras_error(
            "Layers added to a Sequential model can only have a single required positional "
            f"argument, the input tensor. Layer {layer.__class__.__name__} has multiple required "
            f"positional arguments: {required}", None)


class Sequential(Model):
    """A linear stack of layers."""

    def __init__(self, layers=None, trainable=True, name=None):
        Layer.__init__(self, trainable=trainable, name=name)
        self._functional = None
        self._layers = []
        self._record()
        if layers:
            for layer in layers:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        """Append a layer (or a ``keras.Input`` tensor) and rebuild when the input is known."""
        if not self._layers and getattr(layer, "_input_shape_arg", None) is not None:
            self.add(InputLayer(shape=layer._input_shape_arg))
        if isinstance(layer, KerasTensor) and hasattr(layer, "_keras_history"):
            origin = layer._keras_history[0]
            if isinstance(origin, InputLayer):
                layer = origin
        if not isinstance(layer, Layer):
            raise errors.keras_error(
                "Only instances of `keras.Layer` can be added to a Sequential model. "
                f"Received: {layer} (of type {type(layer)})", None)
        if any(l.name == layer.name for l in self._layers):
            raise errors.keras_error(
                "All layers added to a Sequential model should have unique names. Name "
                f"'{layer.name}' is already the name of a layer in this model. Update the `name` "
                "argument to pass a unique name.", "name")
        if isinstance(layer, InputLayer) and self._layers and isinstance(self._layers[0], InputLayer):
            raise errors.keras_error(
                f"Sequential model '{self.name}' has already been configured to use input shape "
                f"{self._layers[0].batch_shape}. You cannot add a different Input layer to it.",
                "input_shape")
        self._layers.append(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built = False
            self._functional = None

    def pop(self, rebuild=True):
        """Remove and return the last layer."""
        layer = self._layers.pop()
        self.built = False
        self._functional = None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        self.built = False
        self._functional = None
        first = self._layers[0]
        if isinstance(first, InputLayer) and len(self._layers) > 1:
            self.build(first.batch_shape)
        elif hasattr(first, "input_shape") and len(self._layers) > 1:
            self.build(first.input_shape)

    def build(self, input_shape=None):
        """Create the InputLayer (if missing) and call every layer in turn."""
        try:
            input_shape = standardize_shape(input_shape)
        except ValueError:
            return
        if not self._layers:
            raise errors.keras_error(
                f"Sequential model {self.name} cannot be built because it has no layers. "
                "Call `model.add(layer)`.", None)
        if isinstance(self._layers[0], InputLayer):
            if self._layers[0].batch_shape != input_shape:
                raise errors.keras_error(
                    f"Sequential model '{self.name}' has already been configured to use input "
                    f"shape {self._layers[0].batch_shape}. You cannot build it with input_shape "
                    f"{input_shape}", "input_shape")
        else:
            self._layers = [InputLayer(batch_shape=input_shape, dtype=self._layers[0].compute_dtype)] + self._layers
        inputs = self._layers[0].output
        x = inputs
        chain = [x]
        with name_scope(self.name):
            for layer in self._layers[1:]:
                try:
                    x = layer(x)
                except TypeError:
                    _check_one_input(layer)
                    raise
                chain.append(x)
        _STATE["internal_model"] = _STATE.get("internal_model", 0) + 1
        try:
            self._functional = Functional(inputs=inputs, outputs=x, _chain=chain)
        finally:
            _STATE["internal_model"] -= 1
        self._build_shapes_dict = {"input_shape": input_shape}
        self.built = True

    @property
    def layers(self):
        layers = self._layers
        if layers and isinstance(layers[0], InputLayer):
            return layers[1:]
        return layers[:]

    def _sublayers(self):
        return self._layers

    def _need_functional(self, what):
        if self._functional is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined {what} yet.")
        return self._functional

    @property
    def inputs(self):
        return self._need_functional("inputs").inputs

    @property
    def outputs(self):
        return self._need_functional("outputs").outputs

    @property
    def input(self):
        """Keras 3's ``Operation.input``: the input of the model's first call as a layer. A
        Sequential never called on a tensor has none, built or not (AttributeError, as in
        Keras 3.15: ``keras.Model(model.input, ...)`` fails there; ``model.inputs`` works)."""
        return self._first_call("input")

    @property
    def output(self):
        """The output of the model's first call as a layer (see ``input``)."""
        return self._first_call("output")

    def _first_call(self, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer {self.name} has never been called and thus has no defined {what}. "
                f"In Keras 3 a Sequential model's .{what} is that of its first call on a tensor; "
                f"model.{what}s gives the tensors its layers were built on.")
        return getattr(Layer, what).fget(self)

    @property
    def input_shape(self):
        return self._need_functional("input shape").input_shape

    @property
    def output_shape(self):
        return self._need_functional("output shape").output_shape

    def _check_input(self, input_shape):
        if self._functional is not None:
            self._functional._check_input(input_shape)

    def _check_array_values(self, inputs):
        if self._functional is not None:
            self._functional._check_array_values(inputs)

    def _eager_output_shape(self, input_shape):
        if self._functional is not None:
            return self._functional._eager_output_shape(input_shape)
        return Model._eager_output_shape(self, input_shape)

    def compute_output_shape(self, input_shape):
        if self._functional is not None:
            return self._functional.compute_output_shape(input_shape)
        shape = input_shape
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def _assert_input_compatibility(self, input_shape):
        if not _STATE.get("tracing"):  # as Functional's
            self._check_input(input_shape)

    def get_config(self):
        """Keras's Sequential config: name, trainable, dtype policy, every layer serialized
        (its ``InputLayer`` first once there is one), ``build_input_shape`` once built."""
        from .config_serialization import dtype_policy, serialize_layer
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": dtype_policy(self._dtype_policy_name),
                  "layers": [serialize_layer(l) for l in self._layers]}
        if self.built:
            config["build_input_shape"] = self._build_shapes_dict["input_shape"]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        _refuse_model_from_config(cls)


def _refuse_model_from_config(cls):
    """Rebuilding a model from its config (layers rebuilt, then re-called node by node from
    ``inbound_nodes``) is refused: ConvDims prints Keras's config, it does not replay it."""
    raise NotImplementedError(
        f"ConvDims cannot rebuild a model from its config ({cls.__name__}.from_config). "
        "Build the second model by calling the code that built the first one again.")


# ------------------------------------------------------------------ graph map
def _node_key(op, index):
    return f"{id(op)}_ib-{index}"


def _node_index(node):
    """``node.operation._inbound_nodes.index(node)``, using the index the node noted
    when it was created (checked, so a list changed since still gives the right answer)."""
    inbound = node.operation._inbound_nodes
    index = getattr(node, "_node_index", None)
    if index is not None and index < len(inbound) and inbound[index] is node:
        return index
    return inbound.index(node)


def map_graph(inputs, outputs):
    """Keras's ``map_graph``: topologically sort the nodes between ``inputs`` and ``outputs``.

    Returns ``(nodes, nodes_by_depth, operations, operations_by_depth)``; depth 0 is the
    output side. Raises ValueError for a disconnected graph or duplicate layer names.
    """
    keyed, nodes_by_depth, operations, ops_by_depth = _map_graph(inputs, outputs)
    return _network_node_keys(keyed), nodes_by_depth, operations, ops_by_depth


def _network_node_keys(keyed):
    """The ``"<id(op)>_ib-<index>"`` keys of ``(node, index or None)`` pairs."""
    return {_node_key(node.operation, _node_index(node) if index is None else index)
            for node, index in keyed}


def _map_graph(inputs, outputs):
    """``map_graph``, with the network-node keys left as ``(node, index)`` pairs (Keras
    keeps them as strings; building them costs more than the rest, and only
    ``Functional._nodes`` reads them)."""
    nodes_in_decreasing_depth, op_indices = _build_map(inputs, outputs)
    in_graph = set(nodes_in_decreasing_depth)
    keyed = [(n, None) for n in nodes_in_decreasing_depth]
    node_depths, op_depths = {}, {}
    for node in reversed(nodes_in_decreasing_depth):
        depth = node_depths.setdefault(node, 0)
        op = node.operation
        op_depth = op_depths.get(op, 0)
        if op_depth > depth:
            depth = op_depth
        op_depths[op] = depth
        node_depths[node] = depth
        for t in node._input_tensors:  # node.parent_nodes, inline
            parent_op, index, _ = t._keras_history
            if parent_op is not None:
                parent = parent_op._inbound_nodes[index]
                if parent in in_graph:
                    parent_depth = node_depths.get(parent, 0)
                    node_depths[parent] = depth + 1 if depth + 1 > parent_depth else parent_depth
    for t in inputs:
        op = t._keras_history[0]
        if op is not None and op not in op_depths:
            node = op._inbound_nodes[t._keras_history[1]]
            if node.is_input:
                op_depths[op] = 0
                op_indices[op] = -1
                node_depths[node] = 0
                keyed.append((node, t._keras_history[1]))
    nodes_by_depth = collections.defaultdict(list)
    for node, depth in node_depths.items():
        nodes_by_depth[depth].append(node)
    ops_by_depth = collections.defaultdict(list)
    for op, depth in op_depths.items():
        ops_by_depth[depth].append(op)
    operations = []
    for depth in sorted(ops_by_depth, reverse=True):
        ops = ops_by_depth[depth]
        if len(ops) > 1:
            ops.sort(key=lambda o: op_indices[o])
        operations.extend(ops)
    computable = set(id(x) for x in inputs)
    input_ids = set(computable)
    done = []
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            if node.is_input and not any(id(x) in input_ids for x in node.outputs):
                raise errors.keras_error(
                    f"Graph disconnected: the outputs depend on input '{node.operation.name}' "
                    f"(shape {node.outputs[0].shape}), which is not among the model's inputs "
                    f"{[x.name for x in inputs]}. Pass every keras.Input the outputs are computed "
                    "from in `inputs`.", "inputs")
            for x in node._input_tensors:
                if id(x) not in computable:
                    raise errors.keras_error(
                        f"Graph disconnected: cannot find parent for tensor {x} at operation "
                        f"'{node.operation.name}'. The following previous operations were accessed "
                        f"without issue: {done}. Every path to the outputs must start at one of "
                        "the model's inputs.", "inputs")
                done.append(node.operation.name)
            for x in node.outputs:
                computable.add(id(x))
    _check_unique_names(operations)
    return keyed, nodes_by_depth, operations, ops_by_depth


def _check_unique_names(operations):
    names = [op.name for op in operations]
    try:
        counts = collections.Counter(names)
    except TypeError:  # an unhashable name: count the slow way
        counts = None
    if counts is None or len(counts) != len(names):
        for name in names:
            count = names.count(name) if counts is None else counts[name]
            if count != 1:
                raise errors.keras_error(
                    f'The name "{name}" is used {count} times in the model. All operation '
                    "names should be unique.", "name")


def _map_chain(tensors):
    """What ``_map_graph([tensors[0]], [tensors[-1]])`` returns when the tensors form a
    chain ``input -> layer_1 -> ... -> layer_k`` (each made by one call of a distinct
    layer on the one before, the first by an InputLayer), as a Sequential's are;
    ``None`` when they do not (then the general walk runs)."""
    if len(tensors) < 2:
        return None
    nodes = []
    append = nodes.append
    prev = None
    for x in tensors:
        if type(x) is not KerasTensor:
            return None
        try:
            op, index, tensor_index = x._keras_history
            node = op._inbound_nodes[index]
        except (AttributeError, TypeError, IndexError, ValueError):
            return None
        outs = node.outputs
        if tensor_index != 0 or len(outs) != 1 or outs[0] is not x:
            return None
        if prev is None:
            if not node.is_input:
                return None
        else:
            ins = node._input_tensors
            if node.is_input or len(ins) != 1 or ins[0] is not prev:
                return None
        append(node)
        prev = x
    operations = [n.operation for n in nodes]
    if len({id(op) for op in operations}) != len(operations):
        return None
    # depth 0 is the output side: node i sits at depth k - i, alone with its layer
    nodes_by_depth = collections.defaultdict(list)
    nodes_by_depth.update(enumerate([node] for node in reversed(nodes)))
    ops_by_depth = collections.defaultdict(list)
    ops_by_depth.update(enumerate([op] for op in reversed(operations)))
    _check_unique_names(operations)
    return [(n, None) for n in nodes], nodes_by_depth, operations, ops_by_depth


def _build_map(inputs, outputs):
    finished, in_progress = set(), set()
    ordered, op_indices = [], {}
    input_ids = {id(x) for x in inputs}

    def visit(tensor):
        op, node_index, _ = tensor._keras_history
        if op is None:
            return
        node = op._inbound_nodes[node_index]
        if node in finished:
            return
        if not node.is_input and id(tensor) in input_ids:
            finished.add(node)
            return
        if node in in_progress:
            raise errors.keras_error(
                f"Tensor {tensor} from operation '{op.name}' is part of a cycle.", None)
        if op not in op_indices:
            op_indices[op] = len(op_indices)
        in_progress.add(node)
        if not node.is_input:
            for t in node.input_tensors:
                visit(t)
        finished.add(node)
        in_progress.remove(node)
        ordered.append(node)

    for out in outputs:
        if not hasattr(out, "_keras_history"):
            raise errors.keras_error(
                f"Output tensor {out} was not produced by a layer call.", "outputs")
        visit(out)
    return ordered, op_indices
