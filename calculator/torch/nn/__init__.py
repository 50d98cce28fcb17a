"""``torch.nn``: modules, containers, parameters; ``functional`` and ``init`` as submodules."""

from . import functional, init  # noqa: F401
from .conv import (Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d,  # noqa: F401
                   ConvTranspose3d, LazyConv1d, LazyConv2d, LazyConv3d, LazyConvTranspose1d,
                   LazyConvTranspose2d, LazyConvTranspose3d)
from .layers import *  # noqa: F401,F403
from .layers import _Loss  # noqa: F401
from .module import (Module, ModuleDict, ModuleList, ParameterDict, ParameterList,  # noqa: F401
                     Sequential)
from .norm import (BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, InstanceNorm1d,  # noqa: F401
                   InstanceNorm2d, InstanceNorm3d, LayerNorm, LazyBatchNorm1d, LazyBatchNorm2d,
                   LazyBatchNorm3d, LocalResponseNorm, RMSNorm, SyncBatchNorm)
from .parameter import Buffer, Parameter, UninitializedBuffer, UninitializedParameter  # noqa: F401
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d,  # noqa: F401
                      AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, AvgPool1d,
                      AvgPool2d, AvgPool3d, LPPool1d, LPPool2d, LPPool3d, MaxPool1d, MaxPool2d,
                      MaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d)
from .rnn import GRU, GRUCell, LSTM, LSTMCell, RNN, RNNBase, RNNCell  # noqa: F401
from .transformer import (MultiheadAttention, Transformer, TransformerDecoder,  # noqa: F401
                          TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer)
from . import parameter, modules, utils  # noqa: F401,E402


def __getattr__(name):
    raise AttributeError(f"module 'torch.nn' has no attribute '{name}' (not supported by ConvDims)")
