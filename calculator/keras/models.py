"""``keras.models``: Sequential, Model."""

from ..models import Functional, Model, Sequential  # noqa: F401


def load_model(*args, **kwargs):
    raise NotImplementedError("ConvDims cannot load saved models; build the model in code instead.")


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive=False, **kwargs):
    """Keras's ``clone_model`` for a Sequential model: each layer rebuilt from its config
    (``type(layer).from_config(layer.get_config())``, or ``clone_function(layer)``), behind a new
    Input of the same batch shape, dtype and name; the clone keeps the model's name and its
    ``trainable`` flag. Refused: other models (ConvDims does not rewire a functional graph) and
    compiled ones (Keras builds the clone's optimizer, whose variables ConvDims does not count)."""
    from ..models import InputLayer
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s): {tuple(kwargs.keys())}")
    if not isinstance(model, Sequential) or input_tensors is not None or recursive:
        what = ("input_tensors=" if input_tensors is not None else "recursive=True"
                if recursive else f"a {type(model).__name__} model")
        raise NotImplementedError(
            f"ConvDims clones Sequential models only (keras.models.clone_model with {what} is "
            "not supported). Build the second model by calling the function that built the "
            "first one again.")
    if model.compiled:
        raise NotImplementedError(
            f"ConvDims cannot clone the compiled model '{model.name}' (keras.models.clone_model): "
            "Keras compiles the clone and builds its optimizer, whose variables ConvDims does not "
            "count. Clone the model before compiling it, then compile the clone.")
    if call_function is not None:
        raise ValueError(
            "`call_function` argument is not supported with Sequential models.  In a Sequential "
            "model, layers aren't called at model-construction time (they're merely listed). Use "
            "`call_function` with Functional models only. Received model of type "
            f"'{type(model).__name__}', with call_function={clone_function}")
    if clone_function is None:
        for layer in model.layers:
            if isinstance(layer, Model):
                raise NotImplementedError(
                    f"ConvDims cannot clone the model '{layer.name}' nested in '{model.name}' "
                    "(keras.models.clone_model). Build the second model by calling the function "
                    "that built the first one again.")

        def clone_function(layer):
            return type(layer).from_config(layer.get_config())
    cache = {}
    new_layers = []
    for layer in model.layers:
        if id(layer) not in cache:
            cache[id(layer)] = clone_function(layer)
        new_layers.append(cache[id(layer)])
    first = model._layers[0] if model._layers else None
    if isinstance(first, InputLayer):
        new_layers.insert(0, InputLayer(batch_shape=first.batch_shape, dtype=first._dtype,
                                        name=first.name, optional=first.optional))
    return Sequential(new_layers, name=model.name, trainable=model.trainable)
