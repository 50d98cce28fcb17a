"""``torch.nn.init``: initializers leave shapes alone, so they return the tensor unchanged."""


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


uniform_ = normal_ = constant_ = ones_ = zeros_ = eye_ = dirac_ = _keep
xavier_uniform_ = xavier_normal_ = kaiming_uniform_ = kaiming_normal_ = _keep
trunc_normal_ = orthogonal_ = sparse_ = _keep
uniform = normal = constant = xavier_uniform = xavier_normal = kaiming_uniform = _keep
kaiming_normal = orthogonal = _keep
