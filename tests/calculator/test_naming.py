"""Auto-naming: the table below is what real Keras 3.15.1 named the first two instances of
each class after ``keras.backend.clear_session()`` (aliases such as MaxPool2D share the
counter of the class they alias)."""

import pytest

from calculator.core import clear_session, to_snake_case
from calculator.keras import Input, Model, Sequential, layers as L
from calculator.keras.backend import clear_session as keras_clear_session

KERAS_NAMES = {
    'Activation': ('activation', 'activation_1'),
    'ActivityRegularization': ('activity_regularization', 'activity_regularization_1'),
    'Add': ('add', 'add_1'),
    'AdditiveAttention': ('additive_attention', 'additive_attention_1'),
    'AlphaDropout': ('alpha_dropout', 'alpha_dropout_1'),
    'Attention': ('attention', 'attention_1'),
    'Average': ('average', 'average_1'),
    'AveragePooling1D': ('average_pooling1d', 'average_pooling1d_1'),
    'AveragePooling2D': ('average_pooling2d', 'average_pooling2d_1'),
    'AveragePooling3D': ('average_pooling3d', 'average_pooling3d_1'),
    'AvgPool1D': ('average_pooling1d', 'average_pooling1d_1'),
    'AvgPool2D': ('average_pooling2d', 'average_pooling2d_1'),
    'AvgPool3D': ('average_pooling3d', 'average_pooling3d_1'),
    'BatchNormalization': ('batch_normalization', 'batch_normalization_1'),
    'CenterCrop': ('center_crop', 'center_crop_1'),
    'Concatenate': ('concatenate', 'concatenate_1'),
    'Conv1D': ('conv1d', 'conv1d_1'),
    'Conv1DTranspose': ('conv1d_transpose', 'conv1d_transpose_1'),
    'Conv2D': ('conv2d', 'conv2d_1'),
    'Conv2DTranspose': ('conv2d_transpose', 'conv2d_transpose_1'),
    'Conv3D': ('conv3d', 'conv3d_1'),
    'Conv3DTranspose': ('conv3d_transpose', 'conv3d_transpose_1'),
    'Convolution1D': ('conv1d', 'conv1d_1'),
    'Convolution1DTranspose': ('conv1d_transpose', 'conv1d_transpose_1'),
    'Convolution2D': ('conv2d', 'conv2d_1'),
    'Convolution2DTranspose': ('conv2d_transpose', 'conv2d_transpose_1'),
    'Convolution3D': ('conv3d', 'conv3d_1'),
    'Convolution3DTranspose': ('conv3d_transpose', 'conv3d_transpose_1'),
    'Cropping1D': ('cropping1d', 'cropping1d_1'),
    'Cropping2D': ('cropping2d', 'cropping2d_1'),
    'Cropping3D': ('cropping3d', 'cropping3d_1'),
    'Dense': ('dense', 'dense_1'),
    'DepthwiseConv1D': ('depthwise_conv1d', 'depthwise_conv1d_1'),
    'DepthwiseConv2D': ('depthwise_conv2d', 'depthwise_conv2d_1'),
    'Dot': ('dot', 'dot_1'),
    'Dropout': ('dropout', 'dropout_1'),
    'ELU': ('elu', 'elu_1'),
    'Embedding': ('embedding', 'embedding_1'),
    'Flatten': ('flatten', 'flatten_1'),
    'GaussianDropout': ('gaussian_dropout', 'gaussian_dropout_1'),
    'GaussianNoise': ('gaussian_noise', 'gaussian_noise_1'),
    'GlobalAveragePooling1D': ('global_average_pooling1d', 'global_average_pooling1d_1'),
    'GlobalAveragePooling2D': ('global_average_pooling2d', 'global_average_pooling2d_1'),
    'GlobalAveragePooling3D': ('global_average_pooling3d', 'global_average_pooling3d_1'),
    'GlobalAvgPool1D': ('global_average_pooling1d', 'global_average_pooling1d_1'),
    'GlobalAvgPool2D': ('global_average_pooling2d', 'global_average_pooling2d_1'),
    'GlobalAvgPool3D': ('global_average_pooling3d', 'global_average_pooling3d_1'),
    'GlobalMaxPool1D': ('global_max_pooling1d', 'global_max_pooling1d_1'),
    'GlobalMaxPool2D': ('global_max_pooling2d', 'global_max_pooling2d_1'),
    'GlobalMaxPool3D': ('global_max_pooling3d', 'global_max_pooling3d_1'),
    'GlobalMaxPooling1D': ('global_max_pooling1d', 'global_max_pooling1d_1'),
    'GlobalMaxPooling2D': ('global_max_pooling2d', 'global_max_pooling2d_1'),
    'GlobalMaxPooling3D': ('global_max_pooling3d', 'global_max_pooling3d_1'),
    'GroupNormalization': ('group_normalization', 'group_normalization_1'),
    'Identity': ('identity', 'identity_1'),
    'Lambda': ('lambda', 'lambda_1'),
    'LayerNormalization': ('layer_normalization', 'layer_normalization_1'),
    'LeakyReLU': ('leaky_re_lu', 'leaky_re_lu_1'),
    'Masking': ('masking', 'masking_1'),
    'MaxPool1D': ('max_pooling1d', 'max_pooling1d_1'),
    'MaxPool2D': ('max_pooling2d', 'max_pooling2d_1'),
    'MaxPool3D': ('max_pooling3d', 'max_pooling3d_1'),
    'MaxPooling1D': ('max_pooling1d', 'max_pooling1d_1'),
    'MaxPooling2D': ('max_pooling2d', 'max_pooling2d_1'),
    'MaxPooling3D': ('max_pooling3d', 'max_pooling3d_1'),
    'Maximum': ('maximum', 'maximum_1'),
    'Minimum': ('minimum', 'minimum_1'),
    'Multiply': ('multiply', 'multiply_1'),
    'Normalization': ('normalization', 'normalization_1'),
    'PReLU': ('p_re_lu', 'p_re_lu_1'),
    'Permute': ('permute', 'permute_1'),
    'RandomBrightness': ('random_brightness', 'random_brightness_1'),
    'RandomContrast': ('random_contrast', 'random_contrast_1'),
    'RandomCrop': ('random_crop', 'random_crop_1'),
    'RandomFlip': ('random_flip', 'random_flip_1'),
    'RandomRotation': ('random_rotation', 'random_rotation_1'),
    'RandomTranslation': ('random_translation', 'random_translation_1'),
    'RandomZoom': ('random_zoom', 'random_zoom_1'),
    'ReLU': ('re_lu', 're_lu_1'),
    'RepeatVector': ('repeat_vector', 'repeat_vector_1'),
    'Rescaling': ('rescaling', 'rescaling_1'),
    'Reshape': ('reshape', 'reshape_1'),
    'Resizing': ('resizing', 'resizing_1'),
    'SeparableConv1D': ('separable_conv1d', 'separable_conv1d_1'),
    'SeparableConv2D': ('separable_conv2d', 'separable_conv2d_1'),
    'SeparableConvolution1D': ('separable_conv1d', 'separable_conv1d_1'),
    'SeparableConvolution2D': ('separable_conv2d', 'separable_conv2d_1'),
    'Softmax': ('softmax', 'softmax_1'),
    'SpatialDropout1D': ('spatial_dropout1d', 'spatial_dropout1d_1'),
    'SpatialDropout2D': ('spatial_dropout2d', 'spatial_dropout2d_1'),
    'SpatialDropout3D': ('spatial_dropout3d', 'spatial_dropout3d_1'),
    'Subtract': ('subtract', 'subtract_1'),
    'UnitNormalization': ('unit_normalization', 'unit_normalization_1'),
    'UpSampling1D': ('up_sampling1d', 'up_sampling1d_1'),
    'UpSampling2D': ('up_sampling2d', 'up_sampling2d_1'),
    'UpSampling3D': ('up_sampling3d', 'up_sampling3d_1'),
    'ZeroPadding1D': ('zero_padding1d', 'zero_padding1d_1'),
    'ZeroPadding2D': ('zero_padding2d', 'zero_padding2d_1'),
    'ZeroPadding3D': ('zero_padding3d', 'zero_padding3d_1')}

ARGS = dict(
    Conv1D=(1, 1), Conv2D=(1, 1), Conv3D=(1, 1), Conv1DTranspose=(1, 1), Conv2DTranspose=(1, 1),
    Conv3DTranspose=(1, 1), SeparableConv1D=(1, 1), SeparableConv2D=(1, 1), DepthwiseConv1D=(1,),
    DepthwiseConv2D=(1,), AveragePooling1D=(2,), AveragePooling2D=(2,), AveragePooling3D=(2,),
    Dense=(1,), Dot=(1,), Dropout=(0.1,), SpatialDropout1D=(0.1,), SpatialDropout2D=(0.1,),
    SpatialDropout3D=(0.1,), Activation=("relu",), Reshape=((1,),), Permute=((1,),),
    Rescaling=(1.0,), RandomRotation=(0.1,), RandomZoom=(0.1,), RandomTranslation=(0.1, 0.1),
    RandomContrast=(0.1,), RandomBrightness=(0.1,), RandomCrop=(1, 1), Resizing=(1, 1),
    CenterCrop=(1, 1), Lambda=(lambda x: x,), GaussianNoise=(0.1,), GaussianDropout=(0.1,),
    AlphaDropout=(0.1,), Embedding=(2, 2), RepeatVector=(2,),
)


def args_for(name):
    if name.startswith(("Convolution", "SeparableConvolution")):
        return (1, 1)
    if name.startswith("AvgPool"):
        return (2,)
    return ARGS.get(name, ())


@pytest.mark.parametrize("class_name", sorted(KERAS_NAMES))
def test_auto_names_match_keras(class_name):
    clear_session()
    cls = getattr(L, class_name)
    first, second = cls(*args_for(class_name)), cls(*args_for(class_name))
    assert (first.name, second.name) == KERAS_NAMES[class_name]


def test_snake_case_rule():
    assert to_snake_case("Conv2D") == "conv2d"
    assert to_snake_case("MaxPooling2D") == "max_pooling2d"
    assert to_snake_case("BatchNormalization") == "batch_normalization"
    assert to_snake_case("InputLayer") == "input_layer"


def test_model_names_and_clear_session():
    clear_session()
    x = Input((3,))
    assert x._keras_history[0].name == "input_layer"
    assert Sequential().name == "sequential"
    assert Model(x, L.Dense(1)(x)).name == "functional"
    assert Sequential().name == "sequential_1"
    keras_clear_session()
    assert L.Dense(1).name == "dense"
    assert Sequential(name="mine").name == "mine"
    assert L.Dense(1, name="out").name == "out"
    assert L.Dense(1).name == "dense_1"   # an explicit name does not use the counter


def test_sequential_rebuilds_consume_functional_names():
    # real Keras: 4 adds after the input -> hidden functional, functional_1, _2, _3
    clear_session()
    model = Sequential()
    model.add(L.Conv2D(4, 3, input_shape=(8, 8, 1)))
    for layer in (L.MaxPooling2D(), L.Flatten(), L.Dense(3)):
        model.add(layer)
    assert model._functional.name == "functional_3"
    assert Model(model.inputs, model.outputs).name == "functional_4"
