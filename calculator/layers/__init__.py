"""Every layer class, by Keras name (``calculator.layers.Conv2D`` ...).

Families live in submodules: ``convolutional``, ``pooling``, ``core``, ``activations``,
``regularization``, ``normalization``, ``reshaping``, ``merging``, ``preprocessing``,
``recurrent``, ``attention``, ``dot_attention``.
"""

from ..core import Layer  # noqa: F401
from ..models import Input, InputLayer  # noqa: F401
from .activations import ELU, Activation, LeakyReLU, PReLU, ReLU, Softmax  # noqa: F401
from .convolutional import (  # noqa: F401
    Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose, Convolution1D,
    Convolution1DTranspose, Convolution2D, Convolution2DTranspose, Convolution3D,
    Convolution3DTranspose, DepthwiseConv1D,
    DepthwiseConv2D, SeparableConv1D, SeparableConv2D, SeparableConvolution1D, SeparableConvolution2D)
from .attention import MultiHeadAttention  # noqa: F401
from .dot_attention import AdditiveAttention, Attention  # noqa: F401
from .core import Dense, EinsumDense, Embedding, Identity, Lambda, Masking, RepeatVector  # noqa: F401
from .merging import (  # noqa: F401
    Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add, average,
    concatenate, dot, maximum, minimum, multiply, subtract)
from .normalization import (  # noqa: F401
    BatchNormalization, GroupNormalization, LayerNormalization, Normalization, UnitNormalization)
from .pooling import (  # noqa: F401
    AveragePooling1D, AveragePooling2D, AveragePooling3D, AvgPool1D, AvgPool2D, AvgPool3D,
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalAvgPool1D,
    GlobalAvgPool2D, GlobalAvgPool3D, GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D,
    GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPool1D, MaxPool2D, MaxPool3D,
    MaxPooling1D, MaxPooling2D, MaxPooling3D)
from .preprocessing import (  # noqa: F401
    CenterCrop, RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomRotation,
    RandomTranslation, RandomZoom, Rescaling, Resizing)
from .recurrent import (  # noqa: F401
    GRU, LSTM, RNN, Bidirectional, ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, GRUCell, LSTMCell, SimpleRNN,
    SimpleRNNCell, StackedRNNCells, TimeDistributed)
from .regularization import (  # noqa: F401
    ActivityRegularization, AlphaDropout, Dropout, GaussianDropout, GaussianNoise,
    SpatialDropout1D, SpatialDropout2D, SpatialDropout3D)
from .reshaping import (  # noqa: F401
    Cropping1D, Cropping2D, Cropping3D, Flatten, Permute, Reshape, UpSampling1D, UpSampling2D,
    UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D)


def _layer_classes():
    """Name -> class for every public layer (aliases included)."""
    g = globals()
    return {n: v for n, v in g.items() if isinstance(v, type) and issubclass(v, Layer) and not n.startswith("_")}


LAYER_CLASSES = _layer_classes()
