"""VGG16 and VGG19, ported from Keras 3.15 `keras/src/applications/vgg16.py` / `vgg19.py`.

Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
Recognition", ICLR 2015 (arXiv:1409.1556). Same layer names, shapes, parameter counts,
checks and messages as Keras; weights are accepted and validated but never loaded.
"""

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications import imagenet_utils

layers = K.layers


def _vgg(convs_per_block, include_top, weights, input_tensor, input_shape, pooling,
         classes, classifier_activation, name):
    _common.check_weights_and_classes(weights, include_top, classes)
    img_input = _common.imagenet_input(
        input_shape, input_tensor, include_top, weights, default_size=224, min_size=32
    )

    x = img_input
    for block, (n_convs, filters) in enumerate(
        zip(convs_per_block, (64, 128, 256, 512, 512)), start=1
    ):
        for i in range(1, n_convs + 1):
            x = layers.Conv2D(
                filters, (3, 3), activation="relu", padding="same",
                name=f"block{block}_conv{i}",
            )(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)

    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = _common.classifier(x, classes, classifier_activation, weights)
    else:
        x = _common.global_pooling(x, pooling)

    return _common.finish(input_tensor, img_input, x, name)


def VGG16(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="vgg16",
):
    """VGG16: 13 3x3 convolutions in 5 blocks + 3 dense layers (138,357,544 parameters)."""
    return _vgg((2, 2, 3, 3, 3), include_top, weights, input_tensor, input_shape, pooling,
                classes, classifier_activation, name)


def preprocess_input(x, data_format=None):
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


decode_predictions = imagenet_utils.decode_predictions
