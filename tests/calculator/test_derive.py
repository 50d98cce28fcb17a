"""calculator.derive: the steps explain the layer's own numbers.

Expected values are hand derivations written next to each test; the property tests check that
the arithmetic the steps display lands on what the layer computes, for random configurations
and for every layer of the applications.
"""

import pytest
from hypothesis import assume, given, settings, strategies as st

from calculator import derive, shapes
from calculator.keras import Input, layers


def built(cls, input_shape, **kw):
    lyr = getattr(layers, cls)(**kw)
    if isinstance(input_shape, list):
        lyr([Input(shape=s) for s in input_shape])
    else:
        lyr(Input(shape=input_shape))
    return lyr


def texts(d):
    return " | ".join(s["text"] for s in d["steps"])


def latex(d):
    return " | ".join(s["latex"] for s in d["steps"])


def test_conv2d_same_the_lesson_example():
    # ceil(128 / 2) = 64; P = (64 - 1)*2 + 3 - 128 = 1 -> top 0, bottom 1;
    # params 3*3*3*32 + 32 = 896
    d = derive.derive_layer(built("Conv2D", (128, 128, 3), filters=32, kernel_size=3,
                                  strides=2, padding="same"))
    assert d["output_shape"] == (None, 64, 64, 32) == d["formula_shape"]
    assert d["params"] == 896 == d["formula_params"]
    assert d["result"] == "(None, 64, 64, 32), 896 parameters"
    t = texts(d)
    assert "ceil(128 / 2) = 64" in t
    assert "top gets 1 // 2 = 0 and the extra pixel goes to the bottom: bottom = 1" in t
    assert "3 × 3 × 3 × 32 + 32 = 864 + 32 = 896" in t
    assert "\\left\\lceil \\frac{128}{2} \\right\\rceil = 64" in latex(d)
    for s in d["steps"]:
        assert set(s) == {"title", "latex", "text"}


def test_valid_floor_drops_pixels():
    # floor((8 - 3) / 2) + 1 = 2 + 1 = 3; windows start at 0, 2, 4 -> cover 0..6; pixel 7 dropped
    d = derive.derive_layer(built("Conv2D", (8, 8, 1), filters=4, kernel_size=3, strides=2))
    assert d["output_shape"] == (None, 3, 3, 4) == d["formula_shape"]
    t = texts(d)
    assert "floor((8 - 3) / 2) + 1 = floor(2.5) + 1 = 2 + 1 = 3" in t
    assert "drops the remaining pixel (7)" in t


def test_valid_nothing_dropped():
    # floor((7 - 3) / 2) + 1 = 3, (7 - 3) mod 2 = 0
    d = derive.derive_layer(built("Conv2D", (7, 7, 1), filters=1, kernel_size=3, strides=2))
    assert d["formula_shape"] == (None, 3, 3, 1)
    assert "the floor drops nothing" in texts(d)


def test_dilation_effective_kernel():
    # F_eff = (3 - 1)*2 + 1 = 5; floor((10 - 5) / 1) + 1 = 6
    d = derive.derive_layer(built("Conv2D", (10, 10, 2), filters=1, kernel_size=3,
                                  dilation_rate=2))
    assert d["formula_shape"] == d["output_shape"] == (None, 6, 6, 1)
    assert "F_eff = (F - 1) × D + 1 = (3 - 1) × 2 + 1 = 5" in texts(d)


def test_same_even_split():
    # n=5, F=3, S=1: P = (5-1)*1 + 3 - 5 = 2 -> 1 and 1
    d = derive.derive_layer(built("Conv2D", (5, 5, 1), filters=1, kernel_size=3,
                                  padding="same"))
    assert "it splits evenly: 1 at the top, 1 at the bottom" in texts(d)


def test_rectangular_axes_derived_separately():
    d = derive.derive_layer(built("Conv2D", (28, 20, 1), filters=8, kernel_size=(5, 3)))
    assert d["formula_shape"] == (None, 24, 18, 8)
    titles = [s["title"] for s in d["steps"]]
    assert "H_out with valid padding" in titles and "W_out with valid padding" in titles


def test_channels_first():
    d = derive.derive_layer(built("Conv2D", (3, 32, 32), filters=16, kernel_size=3,
                                  data_format="channels_first"))
    assert d["formula_shape"] == d["output_shape"] == (None, 16, 30, 30)


def test_no_bias():
    d = derive.derive_layer(built("Conv2D", (8, 8, 3), filters=4, kernel_size=3,
                                  use_bias=False))
    assert d["params"] == d["formula_params"] == 3 * 3 * 3 * 4
    assert "use_bias=False" in texts(d)


def test_groups():
    # kernel 3*3*(8/2)*4 + 4 = 148
    d = derive.derive_layer(built("Conv2D", (8, 8, 8), filters=4, kernel_size=3, groups=2))
    assert d["params"] == d["formula_params"] == 148


def test_transpose_same_and_valid():
    # same: 32*2 = 64; valid: (32-1)*2 + max(3, 2) = 65; params 3*3*16*8 + 16
    d = derive.derive_layer(built("Conv2DTranspose", (32, 32, 8), filters=16, kernel_size=3,
                                  strides=2, padding="same"))
    assert d["formula_shape"] == d["output_shape"] == (None, 64, 64, 16)
    assert d["formula_params"] == d["params"] == 3 * 3 * 16 * 8 + 16
    d = derive.derive_layer(built("Conv2DTranspose", (32, 32, 8), filters=16, kernel_size=3,
                                  strides=2))
    assert d["formula_shape"] == d["output_shape"] == (None, 65, 65, 16)
    assert "max(3, 2)" in texts(d)


def test_transpose_output_padding():
    # valid with op=1: (4-1)*2 + 3 + 1 = 10; same with op=0: (4-1)*2 + 3%2 + 0 = 7
    d = derive.derive_layer(built("Conv2DTranspose", (4, 4, 1), filters=1, kernel_size=3,
                                  strides=2, output_padding=1))
    assert d["formula_shape"] == d["output_shape"] == (None, 10, 10, 1)
    d = derive.derive_layer(built("Conv2DTranspose", (4, 4, 1), filters=1, kernel_size=3,
                                  strides=2, padding="same", output_padding=0))
    assert d["formula_shape"] == d["output_shape"] == (None, 7, 7, 1)


def test_depthwise():
    # 3*3*32*2 + 32*2 = 640; depth 32*2 = 64
    d = derive.derive_layer(built("DepthwiseConv2D", (16, 16, 32), kernel_size=3,
                                  depth_multiplier=2, padding="same"))
    assert d["formula_shape"] == d["output_shape"] == (None, 16, 16, 64)
    assert d["params"] == d["formula_params"] == 640


def test_separable_parts():
    # depthwise 3*3*3 = 27, pointwise 3*64 = 192, bias 64 -> 283
    d = derive.derive_layer(built("SeparableConv2D", (32, 32, 3), filters=64, kernel_size=3))
    assert d["params"] == d["formula_params"] == 283
    titles = [s["title"] for s in d["steps"]]
    assert "Depthwise part" in titles and "Pointwise part" in titles
    assert "3 × 3 × 3 × 1 = 27" in texts(d) and "3 × 1 × 64 = 192" in texts(d)
    assert "27 + 192 + 64 = 283" in texts(d)


def test_conv1d_causal():
    # causal: ceil(10 / 1) = 10, left pad F_eff - 1 = 2
    d = derive.derive_layer(built("Conv1D", (10, 4), filters=2, kernel_size=3,
                                  padding="causal"))
    assert d["formula_shape"] == d["output_shape"] == (None, 10, 2)
    assert "causal pads F - 1 = 2 pixels on the left only" in texts(d)


def test_conv3d():
    d = derive.derive_layer(built("Conv3D", (8, 16, 16, 1), filters=4, kernel_size=3,
                                  strides=2, padding="same"))
    assert d["formula_shape"] == d["output_shape"] == (None, 4, 8, 8, 4)
    assert d["params"] == d["formula_params"] == 27 * 4 + 4


def test_pooling_default_strides():
    # pool 2, strides default 2: floor((7 - 2) / 2) + 1 = 3
    d = derive.derive_layer(built("MaxPooling2D", (7, 7, 16), pool_size=2))
    assert d["formula_shape"] == d["output_shape"] == (None, 3, 3, 16)
    assert "the default when strides is left out" in texts(d)
    assert d["params"] == 0


def test_average_pooling_same():
    d = derive.derive_layer(built("AveragePooling2D", (7, 7, 3), pool_size=3, strides=2,
                                  padding="same"))
    assert d["formula_shape"] == d["output_shape"] == (None, 4, 4, 3)


@pytest.mark.parametrize("cls,keep,expected", [
    ("GlobalAveragePooling2D", False, (None, 64)),
    ("GlobalMaxPooling2D", True, (None, 1, 1, 64)),
])
def test_global_pooling(cls, keep, expected):
    d = derive.derive_layer(built(cls, (7, 7, 64), keepdims=keep))
    assert d["formula_shape"] == d["output_shape"] == expected


def test_flatten_and_dense():
    d = derive.derive_layer(built("Flatten", (7, 7, 64)))
    assert d["formula_shape"] == d["output_shape"] == (None, 3136)
    assert "7 × 7 × 64 = 3,136" in texts(d)
    # 3136*128 + 128 = 401,536
    d = derive.derive_layer(built("Dense", (3136,), units=128))
    assert d["params"] == d["formula_params"] == 401536
    assert "3,136 × 128 + 128 = 401,536" in texts(d)


def test_dense_on_feature_map():
    d = derive.derive_layer(built("Dense", (5, 5, 8), units=3))
    assert d["formula_shape"] == d["output_shape"] == (None, 5, 5, 3)
    assert d["params"] == 8 * 3 + 3


def test_batchnorm_non_trainable_half():
    # 4*64 = 256, of which moving mean + variance 2*64 = 128 non-trainable
    d = derive.derive_layer(built("BatchNormalization", (8, 8, 64)))
    assert d["params"] == 256 and d["non_trainable"] == 128 and d["trainable"] == 128
    assert d["result"] == "(None, 8, 8, 64), 256 parameters (128 trainable, 128 non-trainable)"
    assert "non-trainable" in texts(d)


@pytest.mark.parametrize("cls,kw,shape,expected", [
    ("ZeroPadding2D", {"padding": ((1, 2), (3, 4))}, (28, 28, 1), (None, 31, 35, 1)),
    ("ZeroPadding2D", {"padding": 1}, (28, 28, 1), (None, 30, 30, 1)),
    ("Cropping2D", {"cropping": ((2, 2), (4, 4))}, (28, 28, 3), (None, 24, 20, 3)),
    ("UpSampling2D", {"size": 2}, (7, 7, 3), (None, 14, 14, 3)),
    ("ZeroPadding1D", {"padding": 2}, (10, 3), (None, 14, 3)),
    ("UpSampling3D", {"size": (1, 2, 2)}, (4, 4, 4, 1), (None, 4, 8, 8, 1)),
])
def test_resizing(cls, kw, shape, expected):
    d = derive.derive_layer(built(cls, shape, **kw))
    assert d["formula_shape"] == d["output_shape"] == expected


def test_reshape_and_permute():
    d = derive.derive_layer(built("Reshape", (784,), target_shape=(28, 28, -1)))
    assert d["formula_shape"] == d["output_shape"] == (None, 28, 28, 1)
    d = derive.derive_layer(built("Permute", (10, 20, 3), dims=(3, 1, 2)))
    assert d["formula_shape"] == d["output_shape"] == (None, 3, 10, 20)


def test_merges():
    d = derive.derive_layer(built("Concatenate", [(8, 8, 16), (8, 8, 32)]))
    assert d["formula_shape"] == d["output_shape"] == (None, 8, 8, 48)
    assert "16 + 32 = 48" in texts(d)
    d = derive.derive_layer(built("Add", [(8, 8, 16), (8, 8, 16)]))
    assert d["formula_shape"] == d["output_shape"] == (None, 8, 8, 16)


@pytest.mark.parametrize("cls,kw", [("Dropout", {"rate": 0.5}), ("Activation", {"activation": "relu"}),
                                    ("ReLU", {}), ("LayerNormalization", {}),
                                    ("SpatialDropout2D", {"rate": 0.1})])
def test_generic_shape_preserving(cls, kw):
    d = derive.derive_layer(built(cls, (8, 8, 4), **kw))
    assert d["formula_shape"] == d["output_shape"] == (None, 8, 8, 4)
    assert d["steps"][-1]["title"] == "Result"


def test_input_shape_argument_without_call():
    lyr = layers.Conv2D(8, 3)
    d = derive.derive_layer(lyr, (None, 10, 10, 1)) if hasattr(lyr, "compute_output_shape") \
        else None
    assert d["output_shape"] == d["formula_shape"] == (None, 8, 8, 8)


def test_conv_axis_and_same_padding_helpers():
    assert derive.same_padding(7, 4) == shapes.same_padding(7, 4) == (3, 1, 2)
    n, steps = derive.conv_axis(7, 4, 1, "same", name="W")
    assert n == 7
    assert any("extra pixel goes to the right" in s["text"] for s in steps)
    assert derive.transpose_axis(4, 3, 2, "valid", op=1)[0] == 10


def test_steps_text_is_plain():
    d = derive.derive_layer(built("Conv2D", (128, 128, 3), filters=32, kernel_size=3,
                                  strides=2, padding="same"))
    out = derive.steps_text(d)
    assert out.startswith("1. What goes in") and "\\" not in out


# ---------------------------------------------------------------- properties

@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "Conv1DTranspose",
                             "DepthwiseConv2D", "SeparableConv2D", "SeparableConv1D",
                             "MaxPooling2D", "AveragePooling1D", "MaxPooling3D"]),
       n=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 4), d=st.integers(1, 3),
       padding=st.sampled_from(["valid", "same"]), c=st.integers(1, 6),
       filters=st.integers(1, 8), first=st.booleans(), bias=st.booleans())
def test_derivation_lands_on_the_layer(kind, n, k, s, d, padding, c, filters, first, bias):
    rank = 3 if "3D" in kind else (1 if "1D" in kind else 2)
    if "3D" in kind:
        n = min(n, 12)
    spatial = (n,) * rank
    shape = ((c,) + spatial) if first else (spatial + (c,))
    kw = {"padding": padding, "strides": s}
    if "Pooling" in kind:
        kw["pool_size"] = k
    else:
        kw.update(kernel_size=k, dilation_rate=d, use_bias=bias)
        if not kind.startswith("Depthwise"):
            kw["filters"] = filters
    if first:
        kw["data_format"] = "channels_first"
    try:
        lyr = built(kind, shape, **kw)
    except ValueError:
        assume(False)
    dv = derive.derive_layer(lyr)
    assert dv["formula_shape"] == dv["output_shape"] == tuple(lyr.output.shape)
    assert dv["params"] == lyr.count_params()
    if dv["formula_params"] is not None:
        assert dv["formula_params"] == lyr.count_params()
    # the weights step adds up to the layer's count
    assert sum(w.size for w in lyr.weights) == dv["params"]


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 300), k=st.integers(1, 11), s=st.integers(1, 4),
       padding=st.sampled_from(["valid", "same"]))
def test_conv_axis_matches_shape_rule(n, k, s, padding):
    out, steps = derive.conv_axis(n, k, s, padding)
    assert out == shapes.conv_output_length(n, k, s, padding)
    assert steps and all(st_["text"] for st_ in steps)


@pytest.mark.parametrize("name", ["vgg16", "resnet50", "mobilenetv2", "inceptionv3",
                                  "xception", "densenet121", "efficientnetb0", "mobilenet"])
def test_every_application_layer(name):
    from calculator import applications
    model = applications.get(name)
    checked = 0

    def walk(m):
        nonlocal checked
        for lyr in m.layers:
            if type(lyr).__name__ == "InputLayer":
                continue
            if hasattr(lyr, "layers") and hasattr(lyr, "outputs"):
                walk(lyr)
                continue
            dv = derive.derive_layer(lyr)
            assert dv["formula_shape"] == dv["output_shape"], lyr.name
            if dv["formula_params"] is not None:
                assert dv["formula_params"] == dv["params"], lyr.name
            checked += 1
    walk(model)
    assert checked > 10


def test_latex_text_is_escaped_for_katex():
    # weight names such as moving_mean go inside \text{...}: the underscore must be escaped
    d = derive.derive_layer(built("BatchNormalization", (4, 4, 8)))
    weights = next(s for s in d["steps"] if s["title"] == "Weights")
    assert "\\text{moving\\_mean}" in weights["latex"]
    import re
    for s in d["steps"]:
        for inner in re.findall(r"\\text\{([^{}]*)\}", s["latex"]):
            assert re.search(r"(?<!\\)_", inner) is None, inner


def test_one_input_channel_reads_in_the_singular():
    d = derive.derive_layer(built("Conv2D", (28, 28, 1), filters=6, kernel_size=5))
    text = " ".join(step["text"] for step in d["steps"])
    assert "through the 1 input channel" in text
    assert "all 1 input channels" not in text


@pytest.mark.parametrize("n, word, expected", [(1, "pixel", "1 pixel"), (0, "pixel", "0 pixels"),
                                               (3, "pixel", "3 pixels")])
def test_plural(n, word, expected):
    assert derive.plural(n, word) == expected
