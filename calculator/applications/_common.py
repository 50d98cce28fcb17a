"""The start and the end every application builder shares, in Keras's own order.

Each Keras application (and each lesson model) is built the same way around its own
layers:

1. `check_weights_and_classes`: `weights` must be `None`, `"imagenet"` or an existing
   file, then `weights="imagenet"` with the top needs `classes == 1000`. Keras words both
   messages differently from one application to the next, so each builder passes its own
   wording (the common one is the default) and the text stays exactly Keras's;
2. `imagenet_input`: `checked_input_shape` (Keras's `obtain_input_shape` with the
   application's own default and least size), then `image_input` (the `Input` layer, or
   the caller's `input_tensor`); MobileNet and MobileNetV2, which read the checked shape
   in between, call the two themselves;
3. the top: `pooled_classifier` (GlobalAveragePooling2D then `classifier`, the validated
   Dense "predictions" layer), or without it `global_pooling` (`pooling="avg"`/`"max"`);
4. `finish`: the Functional model from the source inputs to `x`.

Everything builds through `_keras` (as the builders do), so a checking script that binds
`_keras` to real Keras checks these helpers too.
"""

from calculator.applications import _keras as K
from calculator.applications.imagenet_utils import (
    app_error,
    obtain_input_shape,
    validate_activation,
    weights_ok,
)

layers = K.layers

# The wording of VGG16, VGG19 and ResNet; `{weights}` / `{classes}` are filled in.
WEIGHTS_MESSAGE = (
    "The `weights` argument should be either "
    "`None` (random initialization), 'imagenet' "
    "(pre-training on ImageNet), "
    "or the path to the weights file to be loaded.  Received: "
    "weights={weights}"
)
# The wording of DenseNet and EfficientNet: `imagenet` in backquotes, no value given.
WEIGHTS_MESSAGE_NO_VALUE = (
    "The `weights` argument should be either "
    "`None` (random initialization), `imagenet` "
    "(pre-training on ImageNet), "
    "or the path to the weights file to be loaded."
)
# The wording of VGG16, VGG19, ResNet, Xception and MobileNet.
CLASSES_MESSAGE = (
    "If using `weights='imagenet'` with `include_top=True`, "
    "`classes` should be 1000.  "
    "Received classes={classes}"
)


def check_weights_and_classes(
    weights, include_top, classes, weights_message=WEIGHTS_MESSAGE,
    classes_message=CLASSES_MESSAGE,
):
    """Keras's two first checks, in its order; the messages are `str.format` templates.

    A `weights` that is not `None`, `"imagenet"` or an existing file raises
    `weights_message.format(weights=weights)` (field `weights`); then `weights="imagenet"`
    with `include_top` and `classes != 1000` raises `classes_message.format(classes=...)`
    (field `classes`). Both are ValueErrors, as in Keras.
    """
    if not weights_ok(weights):
        raise app_error(weights_message.format(weights=weights), "weights")
    if weights == "imagenet" and include_top and classes != 1000:
        raise app_error(classes_message.format(classes=classes), "classes")


def image_input(input_shape, input_tensor):
    """The model's input: a new `Input(shape=input_shape)` without `input_tensor`, the
    tensor itself when it is symbolic, else `Input(tensor=...)` (which refuses it)."""
    if input_tensor is None:
        return K.Input(shape=input_shape)
    if not K.is_keras_tensor(input_tensor):
        return K.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def image_size(shape, data_format, batch=False):
    """`(rows, cols)` of an image shape, channels first or last (rows indexed first).

    `batch=True` reads a tensor's shape, whose first axis is the batch.

    >>> image_size((160, 128, 3), "channels_last")
    (160, 128)
    >>> image_size((None, 3, 96, 96), "channels_first", batch=True)
    (96, 96)
    """
    first = (1 if batch else 0) + (1 if data_format == "channels_first" else 0)
    return shape[first], shape[first + 1]


def checked_input_shape(
    input_shape, include_top, weights, default_size, min_size, stacklevel=3
):
    """Keras's `obtain_input_shape` with the application's own default and least size.

    Its channel-count warning points at the builder that called this (`stacklevel` 3), as
    Keras's points at the application.
    """
    return obtain_input_shape(
        input_shape,
        default_size=default_size,
        min_size=min_size,
        data_format=K.image_data_format(),
        require_flatten=include_top,
        weights=weights,
        stacklevel=stacklevel,
    )


def imagenet_input(input_shape, input_tensor, include_top, weights, default_size, min_size):
    """`checked_input_shape` then `image_input`: the input of most applications."""
    input_shape = checked_input_shape(
        input_shape, include_top, weights, default_size, min_size, stacklevel=4
    )
    return image_input(input_shape, input_tensor)


def classifier(x, classes, classifier_activation, weights, **dense_kwargs):
    """The Dense "predictions" layer; its activation is checked against `weights` first."""
    validate_activation(classifier_activation, weights)
    return layers.Dense(
        classes, activation=classifier_activation, name="predictions", **dense_kwargs
    )(x)


def pooled_classifier(x, classes, classifier_activation, weights, pool_name="avg_pool"):
    """The usual top: GlobalAveragePooling2D (named `pool_name`) then `classifier`."""
    x = layers.GlobalAveragePooling2D(name=pool_name)(x)
    return classifier(x, classes, classifier_activation, weights)


def global_pooling(x, pooling, named=False):
    """Without the top: `pooling="avg"` or `"max"` pools each feature map to one value.

    Any other `pooling` (`None` included) leaves `x` as it is, as Keras does. `named=True`
    gives the layers Keras's names `avg_pool` / `max_pool` (ResNet, DenseNet,
    EfficientNet, the lesson models); else they take the session's automatic names.
    """
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name="avg_pool" if named else None)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name="max_pool" if named else None)(x)
    return x


def finish(input_tensor, img_input, x, name):
    """The Functional model named `name` from the inputs behind `input_tensor` (or
    `img_input` when there is none) to `x`."""
    inputs = K.get_source_inputs(input_tensor) if input_tensor is not None else img_input
    return K.Functional(inputs, x, name=name)
