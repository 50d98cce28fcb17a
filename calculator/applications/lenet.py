"""LeNet-5 as a Keras-style builder (not a Keras application).

Architecture: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-Based Learning
Applied to Document Recognition", Proceedings of the IEEE 86(11):2278-2324, 1998,
Section II.B and Fig. 2: a 32x32 input, C1 (6 maps, 5x5), S2 (2x2 subsampling),
C3 (16 maps, 5x5), S4 (2x2 subsampling), C5 (120 maps, 5x5, hence 1x1), F6 (84 units),
and 10 output units.

This builder is the rendering commonly written in Keras, and it makes the usual
simplifications, each of which changes the paper's parameter count:

| layer | paper (LeCun et al. 1998)                        | this Keras rendering                      |
|-------|--------------------------------------------------|-------------------------------------------|
| C1    | 156                                              | Conv2D(6, 5): 5*5*1*6 + 6 = 156           |
| S2    | 12: a trainable coefficient and bias per map     | AveragePooling2D(2): 0                    |
| C3    | 1,516: each map sees 3, 4 or 6 of S2's 6 maps    | Conv2D(16, 5), full connectivity: 2,416   |
|       | (Table I): (6*3 + 9*4 + 1*6)*25 + 16 = 1,516     | = 5*5*6*16 + 16                           |
| S4    | 32                                               | AveragePooling2D(2): 0                    |
| C5    | 48,120                                           | Conv2D(120, 5): 5*5*16*120 + 120 = 48,120 |
| F6    | 10,164                                           | Dense(84): 120*84 + 84 = 10,164           |
| out   | 10 Euclidean RBF units on F6: 84*10 = 840        | Dense(10, softmax): 84*10 + 10 = 850      |
| total | 60,840                                           | 61,706                                    |

The paper's squashing function is a scaled tanh, `1.7159 tanh(2x/3)`; here
`activation="tanh"` (pass `"relu"` for the modern variant: no count changes).
C5 is kept as a convolution, as in the paper; with the 32x32 input it equals a Dense(120)
on the flattened S4 (same 48,120 parameters), and it still works on larger inputs.
"""

from calculator.applications import _keras as K
from calculator.applications import _common
from calculator.applications._lesson import check_weights, lesson_input_shape

layers = K.layers

DEFAULT_SIZE = 32
# C1 -4, S2 /2, C3 -4, S4 /2, C5 -4 must leave at least one pixel: 32 is the least.
MIN_SIZE = 32


def LeNet5(
    include_top=True,
    weights=None,
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=10,
    classifier_activation="softmax",
    activation="tanh",
    name="lenet5",
):
    """LeNet-5 (LeCun et al. 1998), Keras rendering: 61,706 parameters by default.

    Args mirror the Keras applications: `include_top` adds Flatten, F6 (84) and the
    classifier; `input_shape` defaults to `(32, 32, 1)`; `pooling` (`"avg"` / `"max"`)
    applies to C5's output when `include_top=False`; `weights` must be `None`.
    """
    check_weights(weights, "LeNet-5")
    data_format = K.image_data_format()
    default = (1, DEFAULT_SIZE, DEFAULT_SIZE) if data_format == "channels_first" else (
        DEFAULT_SIZE, DEFAULT_SIZE, 1)
    input_shape = lesson_input_shape(input_shape, default, MIN_SIZE, include_top, data_format)

    img_input = _common.image_input(input_shape, input_tensor)

    x = layers.Conv2D(6, 5, activation=activation, name="c1")(img_input)
    x = layers.AveragePooling2D(2, name="s2")(x)
    x = layers.Conv2D(16, 5, activation=activation, name="c3")(x)
    x = layers.AveragePooling2D(2, name="s4")(x)
    x = layers.Conv2D(120, 5, activation=activation, name="c5")(x)

    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(84, activation=activation, name="f6")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.global_pooling(x, pooling, named=True)

    return _common.finish(input_tensor, img_input, x, name)
