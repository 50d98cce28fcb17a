"""calculator.stats: MACs, memory, receptive field and jump (hand derivations in comments)."""

import pytest
from hypothesis import given, strategies as st

from calculator import stats
from calculator.keras import Input, Model, Sequential, layers


def built(cls, shape, **kw):
    lyr = getattr(layers, cls)(**kw)
    lyr(Input(shape=shape))
    return lyr


def test_conv_macs_and_memory():
    # 64*64 output positions * 3*3 kernel * 3 channels * 32 filters = 3,538,944
    # output 64*64*32 = 131,072 values * 4 B = 524,288 B; 896 params * 4 B = 3,584 B
    s = stats.layer_stats(built("Conv2D", (128, 128, 3), filters=32, kernel_size=3, strides=2,
                                padding="same"))
    assert s["macs"] == 3538944
    assert s["activation_bytes"] == 524288
    assert s["param_bytes"] == 3584
    assert s["window"] == [[3, 2], [3, 2]]


def test_grouped_conv_macs():
    # 6*6 positions * 3*3 * (8/2) * 4 = 5,184
    s = stats.layer_stats(built("Conv2D", (8, 8, 8), filters=4, kernel_size=3, groups=2))
    assert s["macs"] == 36 * 9 * 4 * 4


def test_dense_macs():
    assert stats.layer_stats(built("Dense", (3136,), units=128))["macs"] == 3136 * 128
    # on a 5x5 map: 25 positions * 8 * 3
    assert stats.layer_stats(built("Dense", (5, 5, 8), units=3))["macs"] == 25 * 8 * 3


def test_depthwise_and_separable_macs():
    # depthwise: 16*16 * 3*3 * 32 * 1
    assert stats.layer_stats(built("DepthwiseConv2D", (16, 16, 32), kernel_size=3,
                                   padding="same"))["macs"] == 256 * 9 * 32
    # separable: depthwise 30*30*9*3 + pointwise 30*30*3*64
    assert stats.layer_stats(built("SeparableConv2D", (32, 32, 3), filters=64,
                                   kernel_size=3))["macs"] == 900 * 27 + 900 * 192


def test_transpose_macs_counts_input_positions():
    # 4*4 input pixels each stamp a 3x3x(2 -> 5) kernel
    assert stats.layer_stats(built("Conv2DTranspose", (4, 4, 2), filters=5, kernel_size=3,
                                   strides=2))["macs"] == 16 * 9 * 2 * 5


@pytest.mark.parametrize("cls,kw", [("MaxPooling2D", {"pool_size": 2}),
                                    ("BatchNormalization", {}), ("ReLU", {}),
                                    ("GlobalAveragePooling2D", {}), ("Flatten", {})])
def test_zero_mac_layers(cls, kw):
    assert stats.layer_stats(built(cls, (8, 8, 4), **kw))["macs"] == 0


def test_receptive_field_recurrence():
    # r_out = r_in + (k - 1) * j_in, j_out = j_in * s
    assert stats.receptive_field([(3, 1)] * 3) == [(3, 1), (5, 1), (7, 1)]
    assert stats.receptive_field([(7, 2), (3, 2)]) == [(7, 2), (11, 4)]


def test_lenet_like_stack():
    # conv5 -> r5 j1; pool2 -> r6 j2; conv5 -> 6+4*2 = 14 j2; pool2 -> 16 j4; flatten: global
    model = Sequential([Input(shape=(32, 32, 1)), layers.Conv2D(6, 5), layers.MaxPooling2D(2),
                        layers.Conv2D(16, 5), layers.MaxPooling2D(2), layers.Flatten(),
                        layers.Dense(10)])
    rows = stats.model_stats(model)["layers"]
    assert [r["receptive_field"] for r in rows] == [
        [[5, 1], [5, 1]], [[6, 2], [6, 2]], [[14, 2], [14, 2]], [[16, 4], [16, 4]], None, None]
    # conv1 28*28*25*1*6 = 117,600; conv2 10*10*25*6*16 = 240,000; dense 400*10 = 4,000
    assert [r["macs"] for r in rows] == [117600, 0, 240000, 0, 0, 4000]
    t = stats.model_stats(model)["totals"]
    assert t["macs"] == 361600 and t["params"] == model.count_params()
    assert t["param_bytes"] == 4 * model.count_params()


def test_dilation_in_receptive_field():
    # k_eff = (3-1)*2+1 = 5 -> r = 5; then 3x3 -> 7
    model = Sequential([Input(shape=(32, 32, 1)), layers.Conv2D(1, 3, dilation_rate=2),
                        layers.Conv2D(1, 3)])
    rows = stats.model_stats(model)["layers"]
    assert rows[0]["receptive_field"] == [[5, 1], [5, 1]]
    assert rows[1]["receptive_field"] == [[7, 1], [7, 1]]


def test_functional_merge_takes_largest_field():
    x = Input(shape=(16, 16, 3))
    a = layers.Conv2D(4, 3, padding="same")(x)
    a = layers.Conv2D(4, 3, padding="same")(a)   # r = 5
    b = layers.Conv2D(4, 1)(x)                   # r = 1
    y = layers.Add()([a, b])
    rows = stats.model_stats(Model(x, y))["layers"]
    assert rows[-1]["class_name"] == "Add" and rows[-1]["receptive_field"] == [[5, 1], [5, 1]]


def test_vgg16_published_figures():
    # VGG16 at pool5: receptive field 212, jump 32 (standard figure); ~15.5 GMACs
    from calculator import applications
    ms = stats.model_stats(applications.get("vgg16"))
    pool5 = next(r for r in ms["layers"] if r["name"] == "block5_pool")
    assert pool5["receptive_field"] == [[212, 32], [212, 32]]
    assert ms["totals"]["macs"] == 15470264320
    assert ms["totals"]["params"] == 138357544


def test_human_bytes():
    assert stats.human_bytes(3584) == "3.50 KB"
    assert stats.human_bytes(12) == "12.00 B"
    assert stats.human_bytes(527 * 1024 * 1024) == "527.00 MB"


def test_human_bytes_picks_a_readable_unit_for_huge_figures():
    # 4e18 B / 1024**6 = 3.469 EB (never "3725290298.46 GB")
    assert stats.human_bytes(4 * 10 ** 18) == "3.47 EB"
    assert stats.human_bytes(3 * 1024 ** 4) == "3.00 TB"
    assert stats.human_bytes(5 * 1024 ** 7) == "5.90e+21 B"
    assert stats.human_bytes(None) == "unknown"


@pytest.mark.parametrize("cls, kw", [
    ("Conv2D", {"filters": 32, "kernel_size": 3}),
    ("SeparableConv2D", {"filters": 8, "kernel_size": 3}),
    ("DepthwiseConv2D", {"kernel_size": 3}),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}),
    ("Dense", {"units": 5}),
])
def test_unknown_spatial_size_gives_unknown_macs_and_memory(cls, kw):
    s = stats.layer_stats(built(cls, (None, None, 3), **kw))
    assert s["macs"] is None
    assert s["activation_bytes"] is None and s["output_elements"] is None
    assert s["param_bytes"] == s["params"] * 4 > 0  # weights do not depend on the image size


def test_unknown_size_makes_model_totals_unknown_but_keeps_params():
    inp = Input(shape=(None, None, 3))
    x = layers.Conv2D(8, 3)(inp)
    out = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(2)(out)
    ms = stats.model_stats(Model(inp, out))
    # after global pooling the Dense sees a known (None, 8): its 16 MACs are known
    assert [r["macs"] for r in ms["layers"]] == [None, 0, 16]
    assert ms["totals"]["macs"] is None and ms["totals"]["activation_bytes"] is None
    assert ms["totals"]["params"] == 8 * 27 + 8 + 8 * 2 + 2


@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 3)), min_size=1, max_size=8))
def test_receptive_field_matches_brute_force(windows):
    # brute force on one axis: which input indices can reach output pixel 0
    reach = {0}
    for k, s in reversed(windows):
        reach = {o * s + t for o in reach for t in range(k)}
    r, j = stats.receptive_field(windows)[-1]
    assert r == max(reach) - min(reach) + 1
    prod = 1
    for _, s in windows:
        prod *= s
    assert j == prod


def test_nested_model_counts_its_macs_and_field():
    # a Sequential around a functional base: the base's row carries the base's own totals
    inner_in = Input(shape=(16, 16, 3))
    inner = Model(inner_in, layers.Conv2D(4, 3, strides=2)(layers.Conv2D(4, 3)(inner_in)))
    outer = Sequential([Input(shape=(16, 16, 3)), inner, layers.Conv2D(2, 3)])
    inner_stats = stats.model_stats(inner)
    rows = stats.model_stats(outer)["layers"]
    assert rows[0]["macs"] == inner_stats["totals"]["macs"] > 0
    # inner: r 3 j1 -> r 5 j 2; then 3x3: 5 + 2*2 = 9, j 2
    assert rows[0]["receptive_field"] == [[5, 2], [5, 2]]
    assert rows[1]["receptive_field"] == [[9, 2], [9, 2]]
