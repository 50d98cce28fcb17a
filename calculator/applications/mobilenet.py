"""MobileNet (v1), ported from Keras 3.15 `keras/src/applications/mobilenet.py`.

Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
Applications", 2017 (arXiv:1704.04861). `alpha` (width multiplier) scales every
pointwise filter count by `int(filters * alpha)`; `depth_multiplier` (resolution
multiplier in the paper's terms, here the depthwise channel multiplier) multiplies the
depthwise outputs. The model's default name is `mobilenet_{alpha:.2f}_{rows}`.
"""

import warnings

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications import imagenet_utils
from calculator.applications.imagenet_utils import app_error

layers = K.layers

# Keras's MobileNet words the `weights` error its own way.
_WEIGHTS_MESSAGE = (
    "The `weights` argument should be either "
    "`None` (random initialization), 'imagenet' "
    "(pre-training on ImageNet), "
    "or the path to the weights file to be loaded. "
    "Received weights={weights}"
)


def MobileNet(
    input_shape=None,
    alpha=1.0,
    depth_multiplier=1,
    dropout=1e-3,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name=None,
):
    """MobileNet: a 3x3 convolution then 13 depthwise-separable blocks (4,253,864 parameters)."""
    _common.check_weights_and_classes(weights, include_top, classes, _WEIGHTS_MESSAGE)

    data_format = K.image_data_format()
    # Determine proper input shape and default size.
    if input_shape is None:
        default_size = 224
    else:
        rows, cols = _common.image_size(input_shape, data_format)
        default_size = rows if rows == cols and rows in [128, 160, 192, 224] else 224

    input_shape = _common.checked_input_shape(
        input_shape, include_top, weights, default_size=default_size, min_size=32
    )

    rows, cols = _common.image_size(input_shape, data_format)

    if weights == "imagenet":
        if depth_multiplier != 1:
            raise app_error(
                "If imagenet weights are being loaded, "
                "depth multiplier must be 1.  "
                f"Received depth_multiplier={depth_multiplier}",
                "depth_multiplier",
            )

        if alpha not in [0.25, 0.50, 0.75, 1.0]:
            raise app_error(
                "If imagenet weights are being loaded, "
                "alpha can be one of"
                "`0.25`, `0.50`, `0.75` or `1.0` only.  "
                f"Received alpha={alpha}",
                "alpha",
            )

        if rows != cols or rows not in [128, 160, 192, 224]:
            rows = 224
            warnings.warn(
                "`input_shape` is undefined or non-square, "
                "or `rows` is not in [128, 160, 192, 224]. "
                "Weights for input shape (224, 224) will be "
                "loaded as the default.",
                stacklevel=2,
            )

    img_input = _common.image_input(input_shape, input_tensor)

    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    x = _depthwise_conv_block(x, 64, alpha, depth_multiplier, block_id=1)

    x = _depthwise_conv_block(x, 128, alpha, depth_multiplier, strides=(2, 2), block_id=2)
    x = _depthwise_conv_block(x, 128, alpha, depth_multiplier, block_id=3)

    x = _depthwise_conv_block(x, 256, alpha, depth_multiplier, strides=(2, 2), block_id=4)
    x = _depthwise_conv_block(x, 256, alpha, depth_multiplier, block_id=5)

    x = _depthwise_conv_block(x, 512, alpha, depth_multiplier, strides=(2, 2), block_id=6)
    for block_id in range(7, 12):
        x = _depthwise_conv_block(x, 512, alpha, depth_multiplier, block_id=block_id)

    x = _depthwise_conv_block(x, 1024, alpha, depth_multiplier, strides=(2, 2), block_id=12)
    x = _depthwise_conv_block(x, 1024, alpha, depth_multiplier, block_id=13)

    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.global_pooling(x, pooling)

    if name is None:
        name = f"mobilenet_{alpha:0.2f}_{rows}"
    return _common.finish(input_tensor, img_input, x, name)


def _conv_block(inputs, filters, alpha, kernel=(3, 3), strides=(1, 1)):
    """The stem: Conv2D (no bias) + BatchNormalization + ReLU6."""
    channel_axis = 1 if K.image_data_format() == "channels_first" else -1
    filters = int(filters * alpha)
    x = layers.Conv2D(
        filters, kernel, padding="same", use_bias=False, strides=strides, name="conv1"
    )(inputs)
    x = layers.BatchNormalization(axis=channel_axis, name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_conv_block(
    inputs, pointwise_conv_filters, alpha, depth_multiplier=1, strides=(1, 1), block_id=1
):
    """Depthwise 3x3 (+BN+ReLU6) then pointwise 1x1 (+BN+ReLU6); stride 2 pads (0,1) first."""
    channel_axis = 1 if K.image_data_format() == "channels_first" else -1
    pointwise_conv_filters = int(pointwise_conv_filters * alpha)

    if strides == (1, 1):
        x = inputs
    else:
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name="conv_pad_%d" % block_id)(inputs)
    x = layers.DepthwiseConv2D(
        (3, 3),
        padding="same" if strides == (1, 1) else "valid",
        depth_multiplier=depth_multiplier,
        strides=strides,
        use_bias=False,
        name="conv_dw_%d" % block_id,
    )(x)
    x = layers.BatchNormalization(axis=channel_axis, name="conv_dw_%d_bn" % block_id)(x)
    x = layers.ReLU(6.0, name="conv_dw_%d_relu" % block_id)(x)

    x = layers.Conv2D(
        pointwise_conv_filters,
        (1, 1),
        padding="same",
        use_bias=False,
        strides=(1, 1),
        name="conv_pw_%d" % block_id,
    )(x)
    x = layers.BatchNormalization(axis=channel_axis, name="conv_pw_%d_bn" % block_id)(x)
    return layers.ReLU(6.0, name="conv_pw_%d_relu" % block_id)(x)


def preprocess_input(x, data_format=None):
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
