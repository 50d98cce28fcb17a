"""``keras.activations``: every Keras 3.15 activation, usable as ``activation=`` (shape-neutral)."""
from ._functions import define, get  # noqa: F401

NAMES = ("celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
         "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
         "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
         "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
         "tanh_shrink", "threshold")
define(NAMES, globals(), "keras.activations")
