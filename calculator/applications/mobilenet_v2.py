"""MobileNetV2, ported from Keras 3.15 `keras/src/applications/mobilenet_v2.py`.

Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018
(arXiv:1801.04381). Inverted residual blocks (1x1 expand, 3x3 depthwise, linear 1x1
project), filter counts rounded to multiples of 8 by `_make_divisible`. The model's
default name is `mobilenetv2_{alpha:.2f}_{rows}`.
"""

import warnings

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications import imagenet_utils
from calculator.applications.imagenet_utils import app_error

layers = K.layers

# Keras's MobileNetV2 words its two first errors its own way.
_WEIGHTS_MESSAGE = (
    "The `weights` argument should be either "
    "`None` (random initialization), `imagenet` "
    "(pre-training on ImageNet), "
    "or the path to the weights file to be loaded.  "
    "Received `weights={weights}`"
)
_CLASSES_MESSAGE = (
    'If using `weights="imagenet"` with `include_top` '
    "as true, `classes` should be 1000. Received `classes={classes}`"
)


def MobileNetV2(
    input_shape=None,
    alpha=1.0,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name=None,
):
    """MobileNetV2: 17 inverted residual blocks (3,538,984 parameters at alpha=1)."""
    _common.check_weights_and_classes(
        weights, include_top, classes, _WEIGHTS_MESSAGE, _CLASSES_MESSAGE
    )

    data_format = K.image_data_format()
    # If both input_shape and input_tensor are used, they should match.
    if input_shape is not None and input_tensor is not None:
        if K.is_keras_tensor(input_tensor):
            if data_format == "channels_first":
                if input_tensor.shape[1] != input_shape[1]:
                    raise app_error(
                        "input_shape[1] must equal shape(input_tensor)[1] "
                        "when `image_data_format` is `channels_first`; "
                        "Received `input_tensor.shape="
                        f"{input_tensor.shape}`"
                        f", `input_shape={input_shape}`",
                        "input_shape",
                    )
            else:
                if input_tensor.shape[2] != input_shape[1]:
                    raise app_error(
                        "input_tensor.shape[2] must equal input_shape[1]; "
                        "Received `input_tensor.shape="
                        f"{input_tensor.shape}`, "
                        f"`input_shape={input_shape}`",
                        "input_shape",
                    )
        else:
            raise app_error(
                "input_tensor is not a Keras tensor; "
                f"Received `input_tensor={input_tensor}`",
                "input_tensor",
            )

    # If input_shape is None, infer shape from input_tensor.
    if input_shape is None and input_tensor is not None:
        if not K.is_keras_tensor(input_tensor):
            default_size = 224
        else:
            rows, cols = _common.image_size(input_tensor.shape, data_format, batch=True)
            default_size = rows if rows == cols and rows in [96, 128, 160, 192, 224] else 224

    # If input_shape is None and no input_tensor
    elif input_shape is None:
        default_size = 224

    # If input_shape is not None, assume default size.
    else:
        rows, cols = _common.image_size(input_shape, data_format)
        default_size = rows if rows == cols and rows in [96, 128, 160, 192, 224] else 224

    input_shape = _common.checked_input_shape(
        input_shape, include_top, weights, default_size=default_size, min_size=32
    )

    rows, cols = _common.image_size(input_shape, data_format)

    if weights == "imagenet":
        if alpha not in [0.35, 0.50, 0.75, 1.0, 1.3, 1.4]:
            raise app_error(
                "If imagenet weights are being loaded, "
                "alpha must be one of `0.35`, `0.50`, `0.75`, "
                "`1.0`, `1.3` or `1.4` only;"
                f" Received `alpha={alpha}`",
                "alpha",
            )

        if rows != cols or rows not in [96, 128, 160, 192, 224]:
            rows = 224
            warnings.warn(
                "`input_shape` is undefined or non-square, "
                "or `rows` is not in [96, 128, 160, 192, 224]. "
                "Weights for input shape (224, 224) will be "
                "loaded as the default.",
                stacklevel=2,
            )

    img_input = _common.image_input(input_shape, input_tensor)

    channel_axis = 1 if data_format == "channels_first" else -1

    first_block_filters = _make_divisible(32 * alpha, 8)
    x = layers.Conv2D(
        first_block_filters,
        kernel_size=3,
        strides=(2, 2),
        padding="same",
        use_bias=False,
        name="Conv1",
    )(img_input)
    x = _batch_norm(x, channel_axis, "bn_Conv1")
    x = layers.ReLU(6.0, name="Conv1_relu")(x)

    # (filters, stride, expansion) for blocks 0..16, as in Keras's unrolled source.
    plan = (
        [(16, 1, 1)]
        + [(24, 2, 6), (24, 1, 6)]
        + [(32, 2, 6), (32, 1, 6), (32, 1, 6)]
        + [(64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6)]
        + [(96, 1, 6), (96, 1, 6), (96, 1, 6)]
        + [(160, 2, 6), (160, 1, 6), (160, 1, 6)]
        + [(320, 1, 6)]
    )
    for block_id, (filters, stride, expansion) in enumerate(plan):
        x = _inverted_res_block(
            x, filters=filters, alpha=alpha, stride=stride, expansion=expansion,
            block_id=block_id,
        )

    # No alpha on the last conv, as in the paper, unless the network is widened.
    if alpha > 1.0:
        last_block_filters = _make_divisible(1280 * alpha, 8)
    else:
        last_block_filters = 1280

    x = layers.Conv2D(last_block_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = _batch_norm(x, channel_axis, "Conv_1_bn")
    x = layers.ReLU(6.0, name="out_relu")(x)

    if include_top:
        x = _common.pooled_classifier(x, classes, classifier_activation, weights, pool_name=None)
    else:
        x = _common.global_pooling(x, pooling)

    if name is None:
        name = f"mobilenetv2_{alpha:0.2f}_{rows}"
    return _common.finish(input_tensor, img_input, x, name)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    """Expand 1x1 (not in block 0) -> depthwise 3x3 -> linear project 1x1 (+ Add if same shape)."""
    data_format = K.image_data_format()
    channel_axis = 1 if data_format == "channels_first" else -1

    in_channels = inputs.shape[channel_axis]
    pointwise_conv_filters = int(filters * alpha)
    pointwise_filters = _make_divisible(pointwise_conv_filters, 8)
    x = inputs
    prefix = f"block_{block_id}_"

    if block_id:
        x = _pointwise_conv_bn(x, expansion * in_channels, f"{prefix}expand", channel_axis)
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    else:
        prefix = "expanded_conv_"

    if stride == 2:
        x = layers.ZeroPadding2D(
            padding=imagenet_utils.correct_pad(x, 3, data_format), name=f"{prefix}pad"
        )(x)
    x = layers.DepthwiseConv2D(
        kernel_size=3,
        strides=stride,
        activation=None,
        use_bias=False,
        padding="same" if stride == 1 else "valid",
        name=f"{prefix}depthwise",
    )(x)
    x = _batch_norm(x, channel_axis, f"{prefix}depthwise_BN")
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)

    x = _pointwise_conv_bn(x, pointwise_filters, f"{prefix}project", channel_axis)

    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


def _batch_norm(x, channel_axis, name):
    """MobileNetV2's BatchNormalization: epsilon 1e-3, momentum 0.999."""
    return layers.BatchNormalization(
        axis=channel_axis, epsilon=1e-3, momentum=0.999, name=name
    )(x)


def _pointwise_conv_bn(x, filters, name, channel_axis):
    """A linear 1x1 Conv2D (same padding, no bias) `name`, then `_batch_norm` `{name}_BN`."""
    x = layers.Conv2D(
        filters,
        kernel_size=1,
        padding="same",
        use_bias=False,
        activation=None,
        name=name,
    )(x)
    return _batch_norm(x, channel_axis, f"{name}_BN")


def _make_divisible(v, divisor, min_value=None):
    """Round `v` to the nearest multiple of `divisor`, never dropping more than 10%.

    >>> _make_divisible(32 * 0.35, 8), _make_divisible(1280 * 1.4, 8)
    (16, 1792)
    """
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def preprocess_input(x, data_format=None):
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
