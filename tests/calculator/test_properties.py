"""Property tests: shape rules against brute-force window counting, parameter counts
against the sum of weight sizes and the closed formulas."""

import math

import pytest
from hypothesis import assume, given, settings, strategies as st

from calculator import shapes
from calculator.core import clear_session
from calculator.keras import Input, layers as L

sizes = st.integers(1, 64)
kernels = st.integers(1, 9)
strides_ = st.integers(1, 5)
dilations = st.integers(1, 4)
SETTINGS = settings(max_examples=80, deadline=None)


def count_windows(length, k_eff, stride):
    """Brute force: slide a window of k_eff pixels over `length` pixels, stride by stride."""
    count, start = 0, 0
    while start + k_eff <= length:
        count += 1
        start += stride
    return count


@SETTINGS
@given(n=sizes, k=kernels, s=strides_, d=dilations)
def test_valid_conv_counts_window_positions(n, k, s, d):
    k_eff = (k - 1) * d + 1
    expected = count_windows(n, k_eff, s)
    got = shapes.conv_output_length(n, k, s, "valid", d)
    assert max(got, 0) == expected
    assert (got <= 0) == (expected == 0)


@SETTINGS
@given(n=sizes, k=kernels, s=strides_, d=dilations)
def test_same_conv_counts_window_positions_on_the_padded_input(n, k, s, d):
    total, before, after = shapes.same_padding(n, k, s, d)
    k_eff = (k - 1) * d + 1
    assert count_windows(n + total, k_eff, s) == shapes.conv_output_length(n, k, s, "same", d)
    assert shapes.conv_output_length(n, k, s, "same", d) == math.ceil(n / s)


@SETTINGS
@given(n=sizes, k=kernels, s=strides_, d=dilations)
def test_same_padding_split(n, k, s, d):
    total, before, after = shapes.same_padding(n, k, s, d)
    assert before + after == total
    assert before == total // 2 and after - before in (0, 1)   # extra pixel bottom/right


@SETTINGS
@given(n=sizes, p=kernels, s=st.one_of(st.none(), strides_))
def test_pooling_counts_window_positions(n, p, s):
    stride = p if s is None else s
    expected = count_windows(n, p, stride)
    assert max(shapes.pooling_output_length(n, p, s, "valid"), 0) == expected


@SETTINGS
@given(n=sizes, k=kernels, s=strides_)
def test_transpose_conv_undoes_conv_length(n, k, s):
    # a valid transposed conv followed by the same valid conv returns n; likewise for same
    up = shapes.conv_transpose_output_length(n, k, s, "valid")
    assert shapes.conv_output_length(up, k, s, "valid") == n
    up = shapes.conv_transpose_output_length(n, k, s, "same")
    assert shapes.conv_output_length(up, k, s, "same") == n


def weight_sum(layer):
    return sum(math.prod(w.shape) for w in layer.weights)


@SETTINGS
@given(h=st.integers(1, 40), w=st.integers(1, 40), c=st.integers(1, 6), f=st.integers(1, 6),
       kh=kernels, kw=kernels, s=strides_, pad=st.sampled_from(["valid", "same"]),
       groups=st.sampled_from([1, 2, 3]), bias=st.booleans())
def test_conv2d_layer_shape_and_params(h, w, c, f, kh, kw, s, pad, groups, bias):
    clear_session()
    assume(c % groups == 0 and f % groups == 0)
    layer = L.Conv2D(f, (kh, kw), strides=s, padding=pad, groups=groups, use_bias=bias)
    oh = shapes.conv_output_length(h, kh, s, pad)
    ow = shapes.conv_output_length(w, kw, s, pad)
    if oh <= 0 or ow <= 0:
        with pytest.raises(ValueError):
            layer(Input((h, w, c)))
        return
    y = layer(Input((h, w, c)))
    assert y.shape == (None, oh, ow, f)
    expected = kh * kw * (c // groups) * f + (f if bias else 0)
    assert layer.count_params() == weight_sum(layer) == expected


@SETTINGS
@given(n=st.integers(3, 30), c=st.integers(1, 6), f=st.integers(1, 6), k=st.integers(1, 3),
       m=st.integers(1, 3))
def test_separable_and_depthwise_params(n, c, f, k, m):
    clear_session()
    sep = L.SeparableConv2D(f, k, depth_multiplier=m)
    sep(Input((n, n, c)))
    assert sep.count_params() == weight_sum(sep) == k * k * c * m + c * m * f + f
    dw = L.DepthwiseConv2D(k, depth_multiplier=m)
    dw(Input((n, n, c)))
    assert dw.count_params() == weight_sum(dw) == k * k * c * m + c * m


@SETTINGS
@given(dims=st.lists(st.integers(1, 8), min_size=1, max_size=3), units=st.integers(1, 20))
def test_dense_and_batchnorm_params(dims, units):
    clear_session()
    dense = L.Dense(units)
    y = dense(Input(tuple(dims)))
    assert y.shape == (None, *dims[:-1], units)
    assert dense.count_params() == weight_sum(dense) == dims[-1] * units + units
    bn = L.BatchNormalization()
    bn(Input(tuple(dims)))
    assert bn.count_params() == weight_sum(bn) == 4 * dims[-1]
    assert sum(math.prod(w.shape) for w in bn.non_trainable_weights) == 2 * dims[-1]
