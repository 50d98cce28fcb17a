"""PyTorch-notation derivations land on the mirror's numbers (the mirror is held to real
PyTorch by test_torch_layers.py), and Keras ``same`` is reproduced by the PyTorch code shown."""

from hypothesis import given, settings, strategies as st

from calculator import derive_torch as dt, shapes
import calculator.torch as torch
import calculator.torch.nn as nn
import calculator.torch.nn.functional as F

small = st.integers(1, 6)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 40), k=small, s=small, p=st.integers(0, 3), d=st.integers(1, 3))
def test_conv_axis_matches_the_mirror(n, k, s, p, d):
    length, steps = dt.conv_axis(n, k, s, p, d)
    if n + 2 * p < d * (k - 1) + 1:
        assert "does not fit" in steps[-1]["title"]
        return
    out = nn.Conv1d(1, 1, k, s, p, d)(torch.randn(1, 1, n))
    assert length == out.shape[-1]
    assert f"= {length}" in steps[0]["text"]


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 40), k=small, s=small, p=st.integers(0, 3), ceil=st.booleans())
def test_pool_axis_matches_the_mirror(n, k, s, p, ceil):
    if p > k // 2 or n + 2 * p < k:
        return
    length, _ = dt.pool_axis(n, k, s, p, ceil_mode=ceil)
    assert length == nn.MaxPool1d(k, s, p, ceil_mode=ceil)(torch.randn(1, 1, n)).shape[-1]


def test_ceil_mode_drops_a_window_that_starts_in_the_right_padding():
    # n=5, k=3, s=3, p=1: ceil((5 + 2 - 2 - 1)/3) + 1 = 3, but window 2 would start at
    # 2 * 3 = 6 >= n + p = 6 (in the right padding): dropped, so 2
    length, steps = dt.pool_axis(5, 3, 3, 1, ceil_mode=True)
    assert length == 2 and "must start inside" in steps[-1]["title"]


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 20), k=small, s=small, p=st.integers(0, 2), d=st.integers(1, 2))
def test_transpose_axis_matches_the_mirror(n, k, s, p, d):
    op = s - 1
    length, _ = dt.transpose_axis(n, k, s, p, op, d)
    if length <= 0:
        return
    out = nn.ConvTranspose1d(1, 1, k, s, p, op, dilation=d)(torch.randn(1, 1, n))
    assert length == out.shape[-1]


def test_adaptive_axis():
    assert dt.adaptive_axis(14, 7)[1][-1]["text"].endswith("kernel_size = stride = 2.")
    assert dt.adaptive_axis(5, 3)[0] == 3
    assert "uneven" in dt.adaptive_axis(5, 3)[1][-1]["title"]


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 64), k=small, s=small, d=st.integers(1, 2))
def test_keras_same_is_reproduced_by_the_pytorch_code_shown(n, k, s, d):
    r = dt.keras_same_in_torch(n, k, s, d)
    assert r["keras_out"] == shapes.conv_output_length(n, k, s, "same", d)
    x = F.pad(torch.randn(1, 1, n), r["torch_pad"])
    if x.shape[-1] < d * (k - 1) + 1:
        return
    assert nn.Conv1d(1, 1, k, s, dilation=d)(x).shape[-1] == r["keras_out"] == r["torch_out"]
    if r["torch_padding"] is not None:
        conv = nn.Conv1d(1, 1, k, s, r["torch_padding"], d)
        assert conv(torch.randn(1, 1, n)).shape[-1] == r["keras_out"]


def test_derive_module_conv_and_params():
    d = dt.derive_module(nn.Conv2d(3, 16, 3, stride=2, padding=1), (1, 3, 224, 224))
    assert d["formula_shape"] == d["output_shape"] == (1, 16, 112, 112)
    assert d["params"] == 3 * 9 * 16 + 16 == 448
    assert "448" in d["steps"][-1]["text"]


def test_derive_module_pool_linear_and_grouped_conv():
    d = dt.derive_module(nn.MaxPool2d(3, 2, 1, ceil_mode=True), (1, 8, 7, 7))
    assert d["formula_shape"] == d["output_shape"] == (1, 8, 4, 4)
    d = dt.derive_module(nn.Conv2d(32, 32, 3, groups=32, bias=False), (2, 32, 10, 10))
    assert d["params"] == 32 * 9 and d["formula_shape"] == d["output_shape"]
    d = dt.derive_module(nn.Linear(9216, 128), (64, 9216))
    assert d["params"] == 9216 * 128 + 128 and d["formula_shape"] == (64, 128)
    d = dt.derive_module(nn.ConvTranspose2d(8, 4, 4, 2, 1), (1, 8, 16, 16))
    assert d["formula_shape"] == d["output_shape"] == (1, 4, 32, 32)
    d = dt.derive_module(nn.AdaptiveAvgPool2d((7, None)), (1, 8, 13, 5))
    assert d["formula_shape"] == d["output_shape"] == (1, 8, 7, 5)


@settings(max_examples=60, deadline=None)
@given(cin=st.integers(1, 8), cout=st.integers(1, 8), k=st.integers(1, 4), g=st.sampled_from([1, 2]),
       bias=st.booleans())
def test_conv_and_linear_parameter_formulas(cin, cout, k, g, bias):
    cin, cout = cin * g, cout * g
    d = dt.derive_module(nn.Conv2d(cin, cout, k, groups=g, bias=bias), (1, cin, 9, 9))
    assert d["formula_params"] == d["params"]
    d = dt.derive_module(nn.Linear(cin, cout, bias=bias), (3, cin))
    assert d["formula_params"] == d["params"]


@settings(max_examples=60, deadline=None)
@given(mode=st.sampled_from(["RNN", "LSTM", "GRU"]), layers=st.integers(1, 3),
       bi=st.booleans(), bias=st.booleans(), proj=st.integers(0, 3))
def test_recurrent_parameter_formula(mode, layers, bi, bias, proj):
    proj = proj if mode == "LSTM" else 0
    module = getattr(nn, mode)(6, 5, num_layers=layers, bidirectional=bi, bias=bias,
                               **({"proj_size": proj} if proj else {}))
    d = dt.derive_module(module, (7, 2, 6))
    assert d["formula_params"] == d["params"]


def test_batch_norm_counts_weight_and_bias_only():
    d = dt.derive_module(nn.BatchNorm2d(64), (2, 64, 8, 8))
    assert d["params"] == d["formula_params"] == 128
    assert "buffers" in d["steps"][0]["text"] and "129" in d["steps"][0]["text"]
    assert dt.derive_module(nn.BatchNorm1d(8, affine=False), (4, 8))["formula_params"] == 0


def test_docstring_examples():
    import doctest

    from calculator import shapes_torch
    for module in (shapes_torch, dt):
        assert doctest.testmod(module).failed == 0
