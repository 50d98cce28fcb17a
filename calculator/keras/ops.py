"""``keras.ops`` on symbolic tensors: each function creates the op Keras creates (same class
name, so the summary row reads the same) and returns its symbolic result. Shape rules live in
``calculator.symbolic_ops``. Functions Keras has but ConvDims does not follow raise
``NotImplementedError`` naming the function.
"""

import types as _types

from .. import symbolic_ops as _s

_apply = _s.apply


def _op(kind, rule):
    def fn(*args, **kwargs):
        return _apply(kind, rule, *args, **kwargs)
    return fn


# name in keras.ops -> (Keras op class, shape rule)
_OPS = {
    "add": ("Add", _s.elementwise), "subtract": ("Subtract", _s.elementwise),
    "multiply": ("Multiply", _s.elementwise), "divide": ("Divide", _s.divide),
    "true_divide": ("TrueDivide", _s.divide), "floor_divide": ("FloorDivide", _s.elementwise),
    "mod": ("Mod", _s.elementwise), "power": ("Power", _s.elementwise),
    "maximum": ("Maximum", _s.elementwise), "minimum": ("Minimum", _s.elementwise),
    "matmul": ("Matmul", _s.matmul), "dot": ("Dot", _s.dot),
    "equal": ("Equal", _s.comparison), "not_equal": ("NotEqual", _s.comparison),
    "greater": ("Greater", _s.comparison), "greater_equal": ("GreaterEqual", _s.comparison),
    "less": ("Less", _s.comparison), "less_equal": ("LessEqual", _s.comparison),
    "negative": ("Negative", _s.unary), "abs": ("Absolute", _s.unary),
    "absolute": ("Absolute", _s.unary), "square": ("Square", _s.unary), "sign": ("Sign", _s.unary),
    "exp": ("Exp", _s.unary_float), "log": ("Log", _s.unary_float), "sqrt": ("Sqrt", _s.unary_float),
    "rsqrt": ("Rsqrt", _s.unary_float), "log1p": ("Log1p", _s.unary_float),
    "tanh": ("Tanh", _s.unary_float), "sin": ("Sin", _s.unary_float), "cos": ("Cos", _s.unary_float),
    "floor": ("Floor", _s.unary), "ceil": ("Ceil", _s.unary), "round": ("Round", _s.unary),
    "clip": ("Clip", _s.clip), "where": ("Where", _s.where),
    "mean": ("Mean", _s.reduction_float), "std": ("Std", _s.reduction_float),
    "var": ("Var", _s.reduction_float), "sum": ("Sum", _s.reduction), "max": ("Max", _s.reduction),
    "min": ("Min", _s.reduction), "prod": ("Prod", _s.reduction),
    "argmax": ("Argmax", _s.arg_reduction), "argmin": ("Argmin", _s.arg_reduction),
    "reshape": ("Reshape", _s.reshape), "transpose": ("Transpose", _s.transpose),
    "expand_dims": ("ExpandDims", _s.expand_dims), "squeeze": ("Squeeze", _s.squeeze),
    "concatenate": ("Concatenate", _s.concatenate), "stack": ("Stack", _s.stack),
    "split": ("Split", _s.split), "cast": ("Cast", _s.cast),
    "pad": ("Pad", _s.pad), "tile": ("Tile", _s.tile), "repeat": ("Repeat", _s.repeat),
    "broadcast_to": ("BroadcastTo", _s.broadcast_to), "flip": ("Flip", _s.unary),
    "take": ("Take", _s.take), "roll": ("Roll", _s.roll), "one_hot": ("OneHot", _s.one_hot),
    "tensordot": ("Tensordot", _s.tensordot),
    "ones_like": ("OnesLike", _s.like), "zeros_like": ("ZerosLike", _s.like),
    "logical_or": ("LogicalOr", _s.logical), "logical_and": ("LogicalAnd", _s.logical),
    "any": ("Any", _s.boolean_reduction), "all": ("All", _s.boolean_reduction),
    # keras.ops.nn
    "max_pool": ("MaxPool", _s.pool), "average_pool": ("AveragePool", _s.pool),
    "conv": ("Conv", _s.conv), "depthwise_conv": ("DepthwiseConv", _s.depthwise_conv),
    "relu": ("Relu", _s.unary_float), "relu6": ("Relu6", _s.unary_float),
    "sigmoid": ("Sigmoid", _s.unary_float), "softmax": ("Softmax", _s.unary_float),
    "log_softmax": ("LogSoftmax", _s.unary_float), "softplus": ("Softplus", _s.unary_float),
    "softsign": ("Softsign", _s.unary_float), "silu": ("Silu", _s.unary_float),
    "swish": ("Silu", _s.unary_float), "gelu": ("Gelu", _s.unary_float),
    "elu": ("Elu", _s.unary_float), "selu": ("Selu", _s.unary_float),
    "leaky_relu": ("LeakyRelu", _s.unary_float), "hard_sigmoid": ("HardSigmoid", _s.unary_float),
}

globals().update({name: _op(kind, rule) for name, (kind, rule) in _OPS.items()})


def shape(x):
    """The static shape, as a tuple (``None`` for unknown sizes); no op is recorded."""
    return _s.shape_of(x)


arange, zeros, ones, eye = _s.arange, _s.zeros, _s.ones, _s.eye


def depth_to_space(x, block_size, data_format="channels_last"):
    _s.check_block_size(block_size)
    return _apply("DepthToSpace", _s.depth_to_space, x, block_size, data_format=data_format)


def space_to_depth(x, block_size, data_format="channels_last"):
    _s.check_block_size(block_size)
    return _apply("SpaceToDepth", _s.space_to_depth, x, block_size, data_format=data_format)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A symbolic tensor -> Keras's ``ConvertToTensor`` op; plain data -> a ``Constant``."""
    if isinstance(x, _s.KerasTensor):
        return _apply("ConvertToTensor", _s.convert_to_tensor, x, dtype=dtype)
    return _s.Constant(x, dtype)

image = _types.SimpleNamespace(resize=_op("Resize", _s.resize),
                               extract_patches=_op("ExtractPatches", _s.extract_patches))
nn = _types.SimpleNamespace(**{n: globals()[n] for n in (
    "max_pool", "average_pool", "conv", "depthwise_conv", "depth_to_space", "one_hot", "space_to_depth", "relu", "relu6", "sigmoid", "softmax", "log_softmax", "softplus", "softsign", "silu",
    "swish", "gelu", "elu", "selu", "leaky_relu", "hard_sigmoid")})
numpy = _types.SimpleNamespace(arange=arange, zeros=zeros, ones=ones, eye=eye, **{n: globals()[n] for n, (k, r) in _OPS.items()
                                                 if n not in vars(nn)})


def __getattr__(name):
    if name.startswith("__"):  # introspection (hasattr(module, "__path__") ...), not an op
        raise AttributeError(name)
    raise NotImplementedError(
        f"keras.ops.{name} is not supported by ConvDims (it follows the ops CNN code uses: "
        "arithmetic, exp/log/sqrt, mean/sum/max, reshape/transpose, concatenate/stack/split, "
        "squeeze/expand_dims, slicing, cast, arange / zeros / ones / eye inside call(), image.resize, "
        "image.extract_patches, depth_to_space / space_to_depth, take, roll, one_hot, tensordot, "
        "convert_to_tensor and "
        "activations).")
