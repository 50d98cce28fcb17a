"""VGG19, ported from Keras 3.15 `keras/src/applications/vgg19.py` (see `vgg16`)."""

from calculator.applications import imagenet_utils
from calculator.applications.vgg16 import _vgg


def VGG19(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="vgg19",
):
    """VGG19: 16 3x3 convolutions in 5 blocks + 3 dense layers (143,667,240 parameters)."""
    return _vgg((2, 2, 4, 4, 4), include_top, weights, input_tensor, input_shape, pooling,
                classes, classifier_activation, name)


def preprocess_input(x, data_format=None):
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


decode_predictions = imagenet_utils.decode_predictions
