"""``torch.nn.modules.activation``."""
from ..layers import (ELU, GELU, GLU, SELU, CELU, Hardsigmoid, Hardswish, Hardtanh,  # noqa: F401
                      LeakyReLU, LogSigmoid, LogSoftmax, Mish, PReLU, ReLU, ReLU6, Sigmoid, SiLU,
                      Softmax, Softmax2d, Softmin, Softplus, Softsign, Tanh, Tanhshrink, Threshold)
from ..transformer import MultiheadAttention  # noqa: F401,E402
