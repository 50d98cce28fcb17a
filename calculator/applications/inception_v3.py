"""InceptionV3, ported from Keras 3.15 `keras/src/applications/inception_v3.py`.

Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016
(arXiv:1512.00567). Every convolution is `conv2d_bn`: Conv2D without bias, then
BatchNormalization with `scale=False` (3*C parameters, 2*C of them non-trainable), then
ReLU. Keras leaves most layers unnamed, so they carry the session's automatic names
(`conv2d`, `conv2d_1`, ..., `batch_normalization_93`); only the `mixed*` concatenations
and the head are named.
"""

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications import imagenet_utils

layers = K.layers

# Keras's InceptionV3 words its two first errors its own way.
_WEIGHTS_MESSAGE = (
    "The `weights` argument should be either "
    "`None` (random initialization), `imagenet` "
    "(pre-training on ImageNet), "
    "or the path to the weights file to be loaded; "
    "Received: weights={weights}"
)
_CLASSES_MESSAGE = (
    'If using `weights="imagenet"` with `include_top=True`, '
    "`classes` should be 1000. "
    "Received classes={classes}"
)


def InceptionV3(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="inception_v3",
):
    """InceptionV3: 299x299 default input, at least 75x75 (23,851,784 parameters)."""
    _common.check_weights_and_classes(
        weights, include_top, classes, _WEIGHTS_MESSAGE, _CLASSES_MESSAGE
    )
    data_format = K.image_data_format()
    img_input = _common.imagenet_input(
        input_shape, input_tensor, include_top, weights, default_size=299, min_size=75
    )

    channel_axis = 1 if data_format == "channels_first" else 3

    def avg_pool_3x3(t):
        return layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(t)

    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding="valid")
    x = conv2d_bn(x, 32, 3, 3, padding="valid")
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    x = conv2d_bn(x, 80, 1, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    # mixed 0, 1, 2: 35 x 35 x 256 / 288 / 288
    for i, pool_filters in enumerate((32, 64, 64)):
        branch1x1 = conv2d_bn(x, 64, 1, 1)

        branch5x5 = conv2d_bn(x, 48, 1, 1)
        branch5x5 = conv2d_bn(branch5x5, 64, 5, 5)

        branch3x3dbl = conv2d_bn(x, 64, 1, 1)
        branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
        branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)

        branch_pool = avg_pool_3x3(x)
        branch_pool = conv2d_bn(branch_pool, pool_filters, 1, 1)
        x = K.concatenate(
            [branch1x1, branch5x5, branch3x3dbl, branch_pool],
            axis=channel_axis,
            name=f"mixed{i}",
        )

    # mixed 3: 17 x 17 x 768
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")

    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3, strides=(2, 2), padding="valid")

    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = K.concatenate([branch3x3, branch3x3dbl, branch_pool], axis=channel_axis, name="mixed3")

    # mixed 4, 5, 6, 7: 17 x 17 x 768
    for i, width in enumerate((128, 160, 160, 192)):
        branch1x1 = conv2d_bn(x, 192, 1, 1)

        branch7x7 = conv2d_bn(x, width, 1, 1)
        branch7x7 = conv2d_bn(branch7x7, width, 1, 7)
        branch7x7 = conv2d_bn(branch7x7, 192, 7, 1)

        branch7x7dbl = conv2d_bn(x, width, 1, 1)
        branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
        branch7x7dbl = conv2d_bn(branch7x7dbl, width, 1, 7)
        branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
        branch7x7dbl = conv2d_bn(branch7x7dbl, 192, 1, 7)

        branch_pool = avg_pool_3x3(x)
        branch_pool = conv2d_bn(branch_pool, 192, 1, 1)
        x = K.concatenate(
            [branch1x1, branch7x7, branch7x7dbl, branch_pool],
            axis=channel_axis,
            name=f"mixed{4 + i}",
        )

    # mixed 8: 8 x 8 x 1280
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2), padding="valid")

    branch7x7x3 = conv2d_bn(x, 192, 1, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 1, 7)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2), padding="valid")

    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = K.concatenate([branch3x3, branch7x7x3, branch_pool], axis=channel_axis, name="mixed8")

    # mixed 9, 10: 8 x 8 x 2048
    for i in range(2):
        branch1x1 = conv2d_bn(x, 320, 1, 1)

        branch3x3 = conv2d_bn(x, 384, 1, 1)
        branch3x3_1 = conv2d_bn(branch3x3, 384, 1, 3)
        branch3x3_2 = conv2d_bn(branch3x3, 384, 3, 1)
        branch3x3 = K.concatenate(
            [branch3x3_1, branch3x3_2], axis=channel_axis, name=f"mixed9_{i}"
        )

        branch3x3dbl = conv2d_bn(x, 448, 1, 1)
        branch3x3dbl = conv2d_bn(branch3x3dbl, 384, 3, 3)
        branch3x3dbl_1 = conv2d_bn(branch3x3dbl, 384, 1, 3)
        branch3x3dbl_2 = conv2d_bn(branch3x3dbl, 384, 3, 1)
        branch3x3dbl = K.concatenate([branch3x3dbl_1, branch3x3dbl_2], axis=channel_axis)

        branch_pool = avg_pool_3x3(x)
        branch_pool = conv2d_bn(branch_pool, 192, 1, 1)
        x = K.concatenate(
            [branch1x1, branch3x3, branch3x3dbl, branch_pool],
            axis=channel_axis,
            name=f"mixed{9 + i}",
        )

    if include_top:
        x = _common.pooled_classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.global_pooling(x, pooling)

    return _common.finish(input_tensor, img_input, x, name)


def conv2d_bn(x, filters, num_row, num_col, padding="same", strides=(1, 1), name=None):
    """Conv2D (no bias) + BatchNormalization(scale=False) + ReLU."""
    if name is not None:
        bn_name = f"{name}_bn"
        conv_name = f"{name}_conv"
    else:
        bn_name = None
        conv_name = None
    bn_axis = 1 if K.image_data_format() == "channels_first" else 3
    x = layers.Conv2D(
        filters,
        (num_row, num_col),
        strides=strides,
        padding=padding,
        use_bias=False,
        name=conv_name,
    )(x)
    x = layers.BatchNormalization(axis=bn_axis, scale=False, name=bn_name)(x)
    x = layers.Activation("relu", name=name)(x)
    return x


def preprocess_input(x, data_format=None):
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
