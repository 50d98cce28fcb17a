"""``torch.nn.init``: initializers leave shapes alone, so they return the tensor unchanged,
after PyTorch's checks of its rank (xavier and kaiming need fans: at least 2 dims)."""


def calculate_gain(nonlinearity, param=None):
    gains = {"linear": 1.0, "conv1d": 1.0, "conv2d": 1.0, "conv3d": 1.0, "sigmoid": 1.0,
             "tanh": 5.0 / 3, "relu": 2.0 ** 0.5, "selu": 3.0 / 4}
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return (2.0 / (1 + slope ** 2)) ** 0.5
    if nonlinearity not in gains:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")
    return gains[nonlinearity]


def _keep(tensor, *args, **kwargs):
    return tensor


def _calculate_fan_in_and_fan_out(tensor):
    """(fan_in, fan_out): in / out features times the receptive field; at least 2 dims."""
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         "dimensions")
    receptive = tensor[0][0].numel() if tensor.dim() > 2 else 1
    return tensor.size(1) * receptive, tensor.size(0) * receptive


def _xavier(tensor, gain=1.0, generator=None):
    _calculate_fan_in_and_fan_out(tensor)
    return tensor


def _kaiming(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """PyTorch's order: a zero-element tensor is left alone, then the mode, the fans, the gain."""
    if 0 in tensor.shape:
        return tensor
    if mode.lower() not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    _calculate_fan_in_and_fan_out(tensor)
    calculate_gain(nonlinearity, a)
    return tensor


def _ranks(ranks, words):
    def init(tensor, *args, **kwargs):
        if tensor.dim() not in ranks:
            raise ValueError(f"Only tensors with {words} dimensions are supported")
        return tensor
    return init


def dirac_(tensor, groups=1):
    if tensor.dim() not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    if tensor.size(0) % groups:
        raise ValueError("dim 0 must be divisible by groups")
    return tensor


def orthogonal_(tensor, gain=1, generator=None):
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    return tensor


uniform_ = normal_ = constant_ = ones_ = zeros_ = trunc_normal_ = _keep
eye_ = sparse_ = _ranks((2,), "2")
xavier_uniform_ = xavier_normal_ = _xavier
kaiming_uniform_ = kaiming_normal_ = _kaiming
uniform = normal = constant = _keep
xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal = _xavier, _xavier, _kaiming, _kaiming
orthogonal = orthogonal_
