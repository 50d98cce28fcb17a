"""Layer shapes, weights and errors.

Expected values are hand derivations (written next to each case) or what real Keras 3.15.1
(torch backend) printed for the same code, as noted.
"""

import pytest

from calculator.core import clear_session
from calculator.keras import Input, layers as L


@pytest.fixture(autouse=True)
def _fresh():
    clear_session()


def run(layer, shape):
    """Call ``layer`` on ``Input(shape)`` (a list of shapes for merge layers)."""
    if isinstance(shape, list):
        x = [Input(s) for s in shape]
    else:
        x = Input(shape)
    y = layer(x)
    return y.shape, layer.count_params(), [(w.name, w.shape, w.trainable) for w in layer.weights]


def raises(exc, layer_factory, shape=None):
    with pytest.raises(exc) as info:
        layer = layer_factory()
        if shape is not None:
            run(layer, shape)
    return info.value


# ------------------------------------------------------------------ convolution
def test_conv2d_lesson_example():
    # (200 - 2) // 2 + 1 = 100; params 2*2*1*16 + 16 = 80
    shape, params, weights = run(L.Conv2D(filters=16, kernel_size=2, strides=2, padding="valid",
                                          activation="relu"), (200, 200, 1))
    assert shape == (None, 100, 100, 16)
    assert params == 80
    assert weights == [("kernel", (2, 2, 1, 16), True), ("bias", (16,), True)]


def test_conv2d_same_and_rectangular():
    # same: ceil(128/2) = 64; ceil(96/3) = 32; params 3*5*3*8 + 8 = 368
    shape, params, _ = run(L.Conv2D(8, (3, 5), strides=(2, 3), padding="same"), (128, 96, 3))
    assert shape == (None, 64, 32, 8)
    assert params == 368


def test_conv2d_groups_and_no_bias():
    # Keras: kernel (3, 3, 2, 4) for 4 input channels and groups=2 -> 72 + 4 = 76
    shape, params, weights = run(L.Conv2D(4, 3, groups=2), (8, 8, 4))
    assert shape == (None, 6, 6, 4) and params == 76
    assert weights[0][1] == (3, 3, 2, 4)
    _, params, weights = run(L.Conv2D(4, 3, use_bias=False), (8, 8, 3))
    assert params == 3 * 3 * 3 * 4 and len(weights) == 1


def test_conv2d_channels_first():
    # spatial axes are 2 and 3: (10 - 3) // 1 + 1 = 8
    shape, params, _ = run(L.Conv2D(5, 3, data_format="channels_first"), (3, 10, 10))
    assert shape == (None, 5, 8, 8) and params == 3 * 3 * 3 * 5 + 5


def test_conv1d_causal_and_conv3d():
    # real Keras: Conv1D(2, 3, padding='causal') on (8, 3) -> (None, 8, 2), 20 params
    assert run(L.Conv1D(2, 3, padding="causal"), (8, 3))[:2] == ((None, 8, 2), 20)
    # (16-3)//1+1 = 14 per axis; params 27*1*4 + 4 = 112
    assert run(L.Conv3D(4, 3), (16, 16, 16, 1))[:2] == ((None, 14, 14, 14, 4), 112)


def test_conv_dilation():
    # k_eff = (3-1)*2+1 = 5: (10 - 5) + 1 = 6
    assert run(L.Conv2D(1, 3, dilation_rate=2), (10, 10, 1))[0] == (None, 6, 6, 1)


def test_conv_unknown_spatial_dims():
    # real Keras: (None, None, None, 2) for valid and same
    assert run(L.Conv2D(2, 3), (None, None, 3))[0] == (None, None, None, 2)


def test_conv_kernel_too_large_is_call_time_value_error():
    layer = L.Conv2D(4, 9)            # construction succeeds (as in Keras)
    e = raises(ValueError, lambda: layer, (8, 8, 3))
    assert e.field == "kernel_size"
    assert "9" in str(e) and "8" in str(e)
    # kernel exactly as large as the input is fine: 1x1 output (real Keras: (None, 1, 1, 4), 772)
    assert run(L.Conv2D(4, 8), (8, 8, 3))[:2] == ((None, 1, 1, 4), 772)


@pytest.mark.parametrize("factory,field", [
    (lambda: L.Conv2D(4, 3, strides=2, dilation_rate=2), "strides"),
    (lambda: L.Conv2D(4, 3, groups=3), "groups"),            # 4 % 3 != 0
    (lambda: L.Conv2D(0, 3), "filters"),
    (lambda: L.Conv2D(2, 0), "kernel_size"),
    (lambda: L.Conv2D(2, (3, 3, 3)), "kernel_size"),
    (lambda: L.Conv2D(2, 3, padding="causal"), "padding"),
    (lambda: L.Conv2D(2, 3, padding="full"), "padding"),
    (lambda: L.Conv2D(2, 3, data_format="nhwc"), "data_format"),
    (lambda: L.Conv2D(2, 3, foo=1), "foo"),
    (lambda: L.Conv2DTranspose(2, 3, strides=2, output_padding=2), "output_padding"),
    (lambda: L.Conv2DTranspose(2, 3, strides=2, dilation_rate=2), "strides"),
    (lambda: L.MaxPooling2D(0), "pool_size"),
    (lambda: L.Dense(0), "units"),
    (lambda: L.Dropout(1.5), "rate"),
])
def test_construction_errors(factory, field):
    # all raise ValueError at construction in real Keras 3.15.1
    e = raises(ValueError, factory)
    assert e.field == field


def test_call_errors():
    e = raises(ValueError, lambda: L.Conv2D(4, 3), (8, 8))       # rank 3 input
    assert e.field == "input_shape"
    raises(ValueError, lambda: L.Conv2D(5, 3, groups=2), (8, 8, 4))  # 5 filters % 2
    raises(ValueError, lambda: L.Conv2D(4, 3, groups=2), (8, 8, 3))  # 3 channels % 2
    raises(ValueError, lambda: L.MaxPooling2D(3), (2, 2, 3))
    raises(ValueError, lambda: L.Dense(3), ())
    raises(ValueError, lambda: L.Reshape((5, 3)), (8, 8, 3))
    raises(ValueError, lambda: L.Cropping2D(((4, 4), (3, 4))), (8, 8, 3))
    raises(ValueError, lambda: L.Add(), (4,))
    raises(ValueError, lambda: L.Add(), [(8, 8, 3), (5,)])
    raises(ValueError, lambda: L.Subtract(), [(5,), (5,), (5,)])
    raises(ValueError, lambda: L.Concatenate(axis=1), [(8, 8, 3), (8, 7, 5)])
    raises(ValueError, lambda: L.Permute((2, 1)), (8, 8, 3))
    raises(IndexError, lambda: L.BatchNormalization(axis=5), (8, 8, 3))


def test_missing_required_and_no_kwargs_layers_raise_type_error():
    raises(TypeError, lambda: L.Conv2D(3))
    raises(TypeError, lambda: L.AveragePooling2D())                # no default pool_size
    raises(TypeError, lambda: L.SpatialDropout2D(0.1, input_shape=(3,)))


def test_reused_layer_checks_the_channel_axis():
    layer = L.Dense(3)
    layer(Input((4,)))
    e = raises(ValueError, lambda: layer, (5,))
    assert e.field == "input_shape"


def test_transposed_conv():
    # valid: (4-1)*2 + max(3, 2) = 9; kernel (3, 3, filters, C_in)
    shape, params, weights = run(L.Conv2DTranspose(6, 3, strides=2), (4, 4, 2))
    assert shape == (None, 9, 9, 6)
    assert weights[0][1] == (3, 3, 6, 2) and params == 3 * 3 * 6 * 2 + 6
    # same + output_padding=0: (4-1)*2 + 3 % 2 + 0 = 7
    assert run(L.Conv2DTranspose(1, 3, strides=2, padding="same", output_padding=0), (4, 4, 1))[0] == (None, 7, 7, 1)
    assert run(L.Conv1DTranspose(1, 3, strides=2, padding="same"), (4, 1))[0] == (None, 8, 1)


def test_separable_and_depthwise():
    # real Keras: SeparableConv2D(4, 3, strides=2, dilation_rate=2) on (8, 8, 3)
    # -> (None, 2, 2, 4), 43 params: 3*3*3*1 + 1*1*3*4 + 4
    shape, params, weights = run(L.SeparableConv2D(4, 3, strides=2, dilation_rate=2), (8, 8, 3))
    assert (shape, params) == ((None, 2, 2, 4), 43)
    assert [w[0] for w in weights] == ["depthwise_kernel", "pointwise_kernel", "bias"]
    assert weights[1][1] == (1, 1, 3, 4)
    # real Keras: DepthwiseConv2D(3, depth_multiplier=2) on (8, 8, 3) -> (None, 6, 6, 6), 60
    shape, params, weights = run(L.DepthwiseConv2D(3, depth_multiplier=2), (8, 8, 3))
    assert (shape, params) == ((None, 6, 6, 6), 60)
    assert weights == [("kernel", (3, 3, 3, 2), True), ("bias", (6,), True)]
    assert run(L.DepthwiseConv1D(3), (10, 4))[:2] == ((None, 8, 4), 3 * 4 + 4)
    assert run(L.SeparableConv1D(2, 3), (10, 4))[:2] == ((None, 8, 2), 12 + 8 + 2)


# ---------------------------------------------------------------------- pooling
def test_pooling():
    assert run(L.MaxPooling2D(), (8, 8, 3))[:2] == ((None, 4, 4, 3), 0)
    assert run(L.MaxPooling2D(3, padding="same"), (2, 2, 3))[0] == (None, 1, 1, 3)
    # (7 - 2) // 3 + 1 = 2 (real Keras: (None, 2, 2, 3))
    assert run(L.AveragePooling2D(2, strides=3), (7, 7, 3))[0] == (None, 2, 2, 3)
    assert run(L.MaxPooling1D(), (9, 2))[0] == (None, 4, 2)
    assert run(L.MaxPooling3D(), (4, 6, 8, 1))[0] == (None, 2, 3, 4, 1)
    assert run(L.MaxPooling2D(data_format="channels_first"), (3, 8, 6))[0] == (None, 3, 4, 3)


def test_pooling_built_at_init_like_keras():
    assert L.MaxPooling2D().count_params() == 0
    with pytest.raises(ValueError):
        L.Conv2D(2, 3).count_params()


def test_global_pooling():
    assert run(L.GlobalAveragePooling2D(), (8, 8, 3))[0] == (None, 3)
    assert run(L.GlobalAveragePooling2D(keepdims=True), (8, 8, 3))[0] == (None, 1, 1, 3)
    assert run(L.GlobalMaxPooling1D(), (10, 5))[0] == (None, 5)
    assert run(L.GlobalMaxPooling3D(data_format="channels_first"), (2, 4, 4, 4))[0] == (None, 2)
    raises(ValueError, lambda: L.GlobalMaxPooling1D(), (8, 8, 3))


# ------------------------------------------------------------------------- core
def test_dense_any_rank():
    # real Keras: Dense(5) on (8, 8, 3) -> (None, 8, 8, 5), 20 params (kernel (3, 5))
    assert run(L.Dense(5), (8, 8, 3))[:2] == ((None, 8, 8, 5), 20)
    assert run(L.Dense(10), (3136,))[:2] == ((None, 10), 31370)


def test_flatten_reshape_permute():
    assert run(L.Flatten(), (8, 8, 3))[0] == (None, 192)
    assert run(L.Flatten(), (None, 3))[0] == (None, None)
    assert run(L.Flatten(), ())[0] == (None, 1)
    assert run(L.Reshape((-1, 3)), (8, 8, 3))[0] == (None, 64, 3)
    assert run(L.Reshape((-1,)), (None, 3))[0] == (None, None)
    assert run(L.Permute((2, 1, 3)), (8, 7, 3))[0] == (None, 7, 8, 3)
    raises(ValueError, lambda: L.Reshape((-1, -1)))
    raises(ValueError, lambda: L.Reshape((4, -1)), (10, 3))        # 30 % 4 != 0
    raises(ValueError, lambda: L.Permute((2, 3)))


def test_activation_layers():
    for layer in (L.Activation("relu"), L.ReLU(max_value=6), L.LeakyReLU(), L.ELU(), L.Softmax()):
        assert run(layer, (8,))[:2] == ((None, 8), 0)
    assert L.LeakyReLU(alpha=0.1).negative_slope == 0.1
    raises(ValueError, lambda: L.ReLU(max_value=-1))


def test_prelu():
    # alpha has the input's non-batch shape: 8*8*3 = 192; shared_axes [1, 2] -> (1, 1, 3)
    assert run(L.PReLU(), (8, 8, 3))[1:] == (192, [("alpha", (8, 8, 3), True)])
    assert run(L.PReLU(shared_axes=[1, 2]), (8, 8, 3))[1:] == (3, [("alpha", (1, 1, 3), True)])


def test_dropout_family():
    assert run(L.Dropout(0.5), (4,))[:2] == ((None, 4), 0)
    assert run(L.SpatialDropout2D(0.1), (8, 8, 3))[0] == (None, 8, 8, 3)
    raises(ValueError, lambda: L.SpatialDropout2D(0.1), (8, 8))


# ---------------------------------------------------------------- normalization
def test_batch_normalization():
    # 4*C params, 2*C non-trainable
    shape, params, weights = run(L.BatchNormalization(), (8, 8, 3))
    assert params == 12
    assert weights == [("gamma", (3,), True), ("beta", (3,), True),
                       ("moving_mean", (3,), False), ("moving_variance", (3,), False)]
    layer = L.BatchNormalization(axis=1)
    assert run(layer, (8, 8, 3))[1] == 32      # real Keras: axis=1 -> 8 features, 32 params
    assert len(layer.non_trainable_weights) == 2
    assert run(L.BatchNormalization(scale=False, center=False), (8, 8, 3))[1] == 6


def test_layer_normalization():
    assert run(L.LayerNormalization(), (8, 8, 3))[1] == 6
    # real Keras: axis=[1, 2] -> gamma and beta (8, 8): 128 params
    assert run(L.LayerNormalization(axis=[1, 2]), (8, 8, 3))[1] == 128


def test_normalization_preprocessing():
    # real Keras: mean (3,), variance (3,), count () all non-trainable -> 7
    _, params, weights = run(L.Normalization(), (8, 8, 3))
    assert params == 7
    assert weights == [("mean", (3,), False), ("variance", (3,), False), ("count", (), False)]
    assert run(L.Normalization(axis=None), (8, 8, 3))[1] == 3
    assert run(L.Normalization(mean=[1, 2, 3], variance=[1, 1, 1]), (8, 8, 3))[1] == 0


# -------------------------------------------------------------------- reshaping
def test_padding_cropping_upsampling():
    # ((1,2),(3,4)): 8+1+2 = 11, 8+3+4 = 15 (real Keras)
    assert run(L.ZeroPadding2D(((1, 2), (3, 4))), (8, 8, 3))[0] == (None, 11, 15, 3)
    assert run(L.ZeroPadding2D(), (8, 8, 3))[0] == (None, 10, 10, 3)
    assert run(L.ZeroPadding1D((1, 2)), (5, 3))[0] == (None, 8, 3)
    assert run(L.ZeroPadding3D(), (5, 3, 4, 2))[0] == (None, 7, 5, 6, 2)
    assert run(L.Cropping2D(((1, 2), (3, 4))), (8, 8, 3))[0] == (None, 5, 1, 3)
    assert run(L.Cropping1D(), (5, 3))[0] == (None, 3, 3)
    assert run(L.Cropping3D(1), (5, 3, 4, 2))[0] == (None, 3, 1, 2, 2)
    assert run(L.UpSampling2D((2, 3)), (8, 8, 3))[0] == (None, 16, 24, 3)
    assert run(L.UpSampling1D(3), (5, 3))[0] == (None, 15, 3)
    assert run(L.UpSampling3D(), (5, 3, 4, 2))[0] == (None, 10, 6, 8, 2)
    raises(ValueError, lambda: L.Cropping1D((2, 3)), (5, 3))
    raises(ValueError, lambda: L.Cropping2D(-1))


# ---------------------------------------------------------------------- merging
def test_merging():
    assert run(L.Add(), [(4,), (4,)])[0] == (None, 4)
    assert run(L.Multiply(), [(8, 1, 3), (8, 8, 3)])[0] == (None, 8, 8, 3)   # broadcast 1
    assert run(L.Concatenate(), [(8, 8, 3), (8, 8, 5)])[0] == (None, 8, 8, 8)
    assert run(L.Concatenate(axis=1), [(2, 3), (4, 3)])[0] == (None, 6, 3)
    assert run(L.Average(), [(4,), (4,), (4,)])[0] == (None, 4)
    assert run(L.Maximum(), [(4,), (4,)])[0] == (None, 4)
    assert run(L.Minimum(), [(4,), (4,)])[0] == (None, 4)
    assert run(L.Subtract(), [(4,), (4,)])[0] == (None, 4)
    assert L.concatenate([Input((2,)), Input((3,))]).shape == (None, 5)


# ---------------------------------------------------------------- preprocessing
def test_preprocessing():
    for layer in (L.RandomFlip(), L.RandomRotation(0.1), L.RandomZoom(0.1), L.RandomTranslation(0.1, 0.1),
                  L.RandomContrast(0.1), L.RandomBrightness(0.1), L.Rescaling(1 / 255)):
        assert run(layer, (8, 8, 3))[:2] == ((None, 8, 8, 3), 0)
    assert run(L.RandomCrop(4, 5), (8, 8, 3))[0] == (None, 4, 5, 3)
    assert run(L.Resizing(4, 5), (8, 8, 3))[0] == (None, 4, 5, 3)
    assert run(L.CenterCrop(4, 5), (8, 8, 3))[0] == (None, 4, 5, 3)
    # real Keras: a rank-3 input is one unbatched image
    assert run(L.RandomCrop(4, 4), (8, 3))[0] == (4, 4, 3)
    assert run(L.Resizing(4, 5, data_format="channels_first"), (8, 8, 3))[0] == (None, 8, 4, 5)
    # real Keras 3.15.1 does not check RandomFlip's mode on symbolic inputs
    assert run(L.RandomFlip("diagonal"), (8, 8, 3))[0] == (None, 8, 8, 3)


def test_get_config_uses_keras_keys():
    config = L.Conv2D(16, 3, name="c").get_config()
    assert config["name"] == "c" and config["filters"] == 16
    assert config["kernel_size"] == (3, 3) and config["strides"] == (1, 1)
    assert config["padding"] == "valid" and config["data_format"] == "channels_last"
    assert config["activation"] == "linear"
    assert L.MaxPooling2D().get_config()["strides"] == (2, 2)


def test_layer_input_output_properties():
    x = Input((4,))
    layer = L.Dense(2)
    with pytest.raises(AttributeError):
        layer.output
    y = layer(x)
    assert layer.input is x and layer.output is y
    assert y._keras_history == (layer, 0, 0)
    node = layer._inbound_nodes[0]
    assert node.input_tensors == [x] and node.output_tensors == [y]
    assert node.parent_nodes == [x._keras_history[0]._inbound_nodes[0]]


def test_freezing_a_layer():
    layer = L.BatchNormalization()
    run(layer, (4, 4, 2))
    assert len(layer.trainable_weights) == 2
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4
    layer.trainable = True
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]


def test_layer_called_on_arrays_returns_torch_tensors():
    """As Keras on the torch backend (the API docs' examples call layers on arrays)."""
    from calculator import torch
    conv = L.Conv2D(32, 3)
    y = conv(torch.zeros(4, 10, 10, 128, dtype=torch.float64))
    assert repr(y.shape) == "torch.Size([4, 8, 8, 32])" and y.dtype is torch.float32
    assert conv.count_params() == 3 * 3 * 128 * 32 + 32
    with pytest.raises(AttributeError):
        conv.output  # no node: an eager call is not part of a graph
    with pytest.raises(NotImplementedError, match="not on data"):
        L.Dense(2)([[1.0, 2.0]])


def test_normalization_adapt_on_an_array_builds_it():
    from calculator import torch
    norm = L.Normalization()
    norm.adapt(torch.zeros(100, 8))
    assert norm.count_params() == 17 and repr(norm.mean.shape) == "torch.Size([1, 8])"
    with pytest.raises(NotImplementedError, match="adapt"):
        L.Normalization().adapt([[1.0, 2.0]])


def test_weight_numpy_gives_its_shape():
    layer = L.Dense(3)
    run(layer, (5,))
    assert [w.numpy().shape for w in layer.weights] == [(5, 3), (3,)]


def test_dot_layer_shapes_follow_keras_rule():
    """First shape without its axis + second without its axis and batch; one axis left -> (.., 1)."""
    from calculator.keras import Input, layers
    a, b = Input((10, 8)), Input((12, 8))
    assert layers.Dot(axes=(2, 2))([a, b]).shape == (None, 10, 12)
    assert layers.Dot(axes=-1)([a, b]).shape == (None, 10, 12)
    u, v = Input((50,)), Input((50,))
    assert layers.Dot(axes=1, normalize=True)([u, v]).shape == (None, 1)
    assert layers.dot([u, v], axes=1).shape == (None, 1)
    assert layers.Dot(axes=(1, 1))([a, Input((10, 3))]).shape == (None, 8, 3)


def test_dot_layer_errors_are_keras_errors():
    from calculator.keras import Input, layers
    with pytest.raises(TypeError, match="should be a list or an int"):
        layers.Dot(axes="x")
    with pytest.raises(ValueError, match="it should contain two elements"):
        layers.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match=r"axis values 5 \(at axis 1\) != 6 \(at axis 1\)"):
        layers.Dot(axes=1)([Input((5,)), Input((6,))])
    with pytest.raises(ValueError, match="should be called on a list of 2 inputs"):
        layers.Dot(axes=1)(Input((5,)))
    with pytest.raises(ValueError, match=r"axis values None \(at axis 1\) != 5"):
        layers.Dot(axes=(1, 1))([Input((None, 5)), Input((5,))])


def test_lambda_output_shape_tuple_gets_the_first_inputs_batch():
    """Keras 3.15.1 (torch): a ``Lambda``'s ``output_shape`` tuple gets the first entry of the
    flattened input shapes as batch axis (not the first input's whole shape), every shape in
    a structure gets it, and a list shape fails as ``tuple + list`` does."""
    a, b = Input((3,)), Input((4,), batch_size=8)
    assert L.Lambda(lambda t: t[0], output_shape=(2,))([a, b]).shape == (None, 2)
    assert L.Lambda(lambda t: t[0], output_shape=(5,))([b, a]).shape == (8, 5)
    outs = L.Lambda(lambda t: t, output_shape=[(5,), (6, 2)])([a, b])
    assert [o.shape for o in outs] == [(None, 5), (None, 6, 2)]
    with pytest.raises(TypeError):
        L.Lambda(lambda t: t, output_shape=[5])(a)


def test_lambda_without_output_shape_that_cannot_run_asks_for_it():
    """Keras 3.15.1 (torch): when running a ``Lambda``'s function on symbolic tensors fails
    (here a Keras 2 backend function Keras 3 dropped), the call raises NotImplementedError
    asking for ``output_shape``; a ConvDims refusal inside the function is left as it is."""
    from calculator.keras import backend, ops
    a, b = Input((4,)), Input((4,))
    with pytest.raises(NotImplementedError, match="specify the `output_shape`"):
        L.Lambda(lambda t: backend.sum(t[0] - t[1], axis=1))([a, b])
    with pytest.raises(NotImplementedError, match="keras.ops.no_such_op is not supported"):
        L.Lambda(lambda t: ops.no_such_op(t))(a)
