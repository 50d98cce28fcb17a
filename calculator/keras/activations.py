"""``keras.activations``: names usable as ``activation=`` (shape-neutral)."""


def _named(name):
    def fn(x, *args, **kwargs):
        raise NotImplementedError("ConvDims does not evaluate activations.")
    fn.__name__ = name
    return fn


for _n in ("relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "silu", "swish", "linear",
           "leaky_relu", "relu6", "softplus", "softsign", "exponential", "hard_sigmoid", "mish"):
    globals()[_n] = _named(_n)


def get(identifier):
    return identifier
