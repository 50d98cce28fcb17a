"""AlexNet as a Keras-style builder (not a Keras application).

Architecture: A. Krizhevsky, I. Sutskever and G. E. Hinton, "ImageNet Classification
with Deep Convolutional Neural Networks", NeurIPS 2012, Section 3.5 and Figure 2:
conv1 96 11x11 stride 4, max pool 3/2, conv2 256 5x5, max pool 3/2, conv3 384 3x3,
conv4 384 3x3, conv5 256 3x3, max pool 3/2, then dense 4096, 4096 and 1000, with ReLU
everywhere and dropout 0.5 on the two 4096-unit layers.

What the common Keras rendering (this builder) changes:

- Input 227x227x3. The paper says 224x224, but 11x11 windows at stride 4 give the stated
  55x55 only from 227 (`(227 - 11) / 4 + 1 = 55`; 224 gives 54): a well-known erratum.
- Local response normalisation after conv1 and conv2 is left out (Keras has no such
  layer; it has no weights, so no count changes).
- One tower. The paper split the network over two GPUs: conv2, conv4 and conv5 only see
  the half of the previous layer on their own GPU. `two_towers=True` reproduces that with
  `Conv2D(groups=2)`, which halves those three layers' kernels:

| layer | one tower (default)            | two towers (paper)             |
|-------|--------------------------------|--------------------------------|
| conv1 | 11*11*3*96 + 96 = 34,944       | 34,944                         |
| conv2 | 5*5*96*256 + 256 = 614,656     | 5*5*48*256 + 256 = 307,456     |
| conv3 | 3*3*256*384 + 384 = 885,120    | 885,120                        |
| conv4 | 3*3*384*384 + 384 = 1,327,488  | 3*3*192*384 + 384 = 663,936    |
| conv5 | 3*3*384*256 + 256 = 884,992    | 3*3*192*256 + 256 = 442,624    |
| fc6   | 6*6*256*4096 + 4096 = 37,752,832 | 37,752,832                   |
| fc7   | 4096*4096 + 4096 = 16,781,312  | 16,781,312                     |
| fc8   | 4096*1000 + 1000 = 4,097,000   | 4,097,000                      |
| total | 62,378,344                     | 60,965,224 (the paper's "60 million") |
"""

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications._lesson import check_weights, lesson_input_shape

layers = K.layers

DEFAULT_SIZE = 227
# conv1 (11/4) then three 3/2 max pools must leave at least one pixel: 67 is the least.
MIN_SIZE = 67


def AlexNet(
    include_top=True,
    weights=None,
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    dropout=0.5,
    two_towers=False,
    name="alexnet",
):
    """AlexNet (Krizhevsky et al. 2012), Keras rendering: 62,378,344 parameters by default.

    Args mirror the Keras applications: `include_top` adds Flatten, fc6, fc7 (each with
    `Dropout(dropout)`) and the classifier; `input_shape` defaults to `(227, 227, 3)`;
    `pooling` applies to pool5's output when `include_top=False`; `weights` must be
    `None`; `two_towers=True` uses the paper's two-GPU grouping (`groups=2`).
    """
    check_weights(weights, "AlexNet")
    data_format = K.image_data_format()
    default = (3, DEFAULT_SIZE, DEFAULT_SIZE) if data_format == "channels_first" else (
        DEFAULT_SIZE, DEFAULT_SIZE, 3)
    input_shape = lesson_input_shape(input_shape, default, MIN_SIZE, include_top, data_format)

    img_input = _common.image_input(input_shape, input_tensor)

    grouped = {"groups": 2} if two_towers else {}
    x = layers.Conv2D(96, 11, strides=4, activation="relu", name="conv1")(img_input)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    x = layers.Conv2D(256, 5, padding="same", activation="relu", name="conv2", **grouped)(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool2")(x)
    x = layers.Conv2D(384, 3, padding="same", activation="relu", name="conv3")(x)
    x = layers.Conv2D(384, 3, padding="same", activation="relu", name="conv4", **grouped)(x)
    x = layers.Conv2D(256, 3, padding="same", activation="relu", name="conv5", **grouped)(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool5")(x)

    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc6")(x)
        x = layers.Dropout(dropout, name="drop6")(x)
        x = layers.Dense(4096, activation="relu", name="fc7")(x)
        x = layers.Dropout(dropout, name="drop7")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.global_pooling(x, pooling, named=True)

    return _common.finish(input_tensor, img_input, x, name)
