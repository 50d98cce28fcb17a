"""Xception, ported from Keras 3.15 `keras/src/applications/xception.py`.

Chollet, "Xception: Deep Learning with Depthwise Separable Convolutions", CVPR 2017
(arXiv:1610.02357). Entry flow with strided 1x1 residual projections, 8 middle-flow
blocks of three 728-filter separable convolutions, exit flow. The residual Conv2D /
BatchNormalization layers and the `add` merges are unnamed in Keras, so they carry the
session's automatic names (`conv2d`, `batch_normalization`, `add`, ...).
"""

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications import imagenet_utils

layers = K.layers

# Keras's Xception words the `weights` error without the value received.
_WEIGHTS_MESSAGE = (
    "The `weights` argument should be either "
    "`None` (random initialization), 'imagenet' "
    "(pre-training on ImageNet), "
    "or the path to the weights file to be loaded."
)


def Xception(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="xception",
):
    """Xception: 299x299 default input, at least 71x71 (22,910,480 parameters)."""
    _common.check_weights_and_classes(weights, include_top, classes, _WEIGHTS_MESSAGE)
    data_format = K.image_data_format()
    img_input = _common.imagenet_input(
        input_shape, input_tensor, include_top, weights, default_size=299, min_size=71
    )

    channel_axis = 1 if data_format == "channels_first" else -1

    def sepconv_bn(t, filters, conv_name):
        t = layers.SeparableConv2D(
            filters, (3, 3), padding="same", use_bias=False, name=conv_name
        )(t)
        return layers.BatchNormalization(axis=channel_axis, name=f"{conv_name}_bn")(t)

    def residual_projection(t, filters):
        r = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding="same", use_bias=False)(t)
        return layers.BatchNormalization(axis=channel_axis)(r)

    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(
        img_input
    )
    x = layers.BatchNormalization(axis=channel_axis, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=channel_axis, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)

    # block 2 (no activation before its first separable conv)
    residual = residual_projection(x, 128)
    x = sepconv_bn(x, 128, "block2_sepconv1")
    x = layers.Activation("relu", name="block2_sepconv2_act")(x)
    x = sepconv_bn(x, 128, "block2_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name="block2_pool")(x)
    x = K.add([x, residual])

    # blocks 3 and 4
    for block, filters in ((3, 256), (4, 728)):
        residual = residual_projection(x, filters)
        x = layers.Activation("relu", name=f"block{block}_sepconv1_act")(x)
        x = sepconv_bn(x, filters, f"block{block}_sepconv1")
        x = layers.Activation("relu", name=f"block{block}_sepconv2_act")(x)
        x = sepconv_bn(x, filters, f"block{block}_sepconv2")
        x = layers.MaxPooling2D(
            (3, 3), strides=(2, 2), padding="same", name=f"block{block}_pool"
        )(x)
        x = K.add([x, residual])

    # middle flow: blocks 5 to 12
    for i in range(8):
        residual = x
        prefix = f"block{i + 5}"
        for j in (1, 2, 3):
            x = layers.Activation("relu", name=f"{prefix}_sepconv{j}_act")(x)
            x = sepconv_bn(x, 728, f"{prefix}_sepconv{j}")
        x = K.add([x, residual])

    # exit flow
    residual = residual_projection(x, 1024)
    x = layers.Activation("relu", name="block13_sepconv1_act")(x)
    x = sepconv_bn(x, 728, "block13_sepconv1")
    x = layers.Activation("relu", name="block13_sepconv2_act")(x)
    x = sepconv_bn(x, 1024, "block13_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name="block13_pool")(x)
    x = K.add([x, residual])

    x = sepconv_bn(x, 1536, "block14_sepconv1")
    x = layers.Activation("relu", name="block14_sepconv1_act")(x)
    x = sepconv_bn(x, 2048, "block14_sepconv2")
    x = layers.Activation("relu", name="block14_sepconv2_act")(x)

    if include_top:
        x = _common.pooled_classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.global_pooling(x, pooling)

    return _common.finish(input_tensor, img_input, x, name)


def preprocess_input(x, data_format=None):
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
