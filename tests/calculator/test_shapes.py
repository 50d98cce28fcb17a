"""Unit tests for calculator.shapes: each expected value is derived by hand in the test."""

import pytest

from calculator import shapes


@pytest.mark.parametrize("n,k,s,pad,d,expected", [
    # valid: floor((n - k_eff) / s) + 1
    (200, 2, 2, "valid", 1, 100),   # (200 - 2) // 2 + 1 = 100 (lesson's conv_dims model)
    (5, 3, 1, "valid", 1, 3),       # (5 - 3) // 1 + 1 = 3
    (7, 3, 2, "valid", 1, 3),       # (7 - 3) // 2 + 1 = 3
    (6, 3, 2, "valid", 1, 2),       # (6 - 3) // 2 + 1 = 2 (floor drops one pixel)
    (10, 3, 1, "valid", 2, 6),      # k_eff = 5; (10 - 5) // 1 + 1 = 6
    (5, 5, 1, "valid", 1, 1),       # kernel exactly fits
    (5, 6, 1, "valid", 1, 0),       # (5 - 6) // 1 + 1 = 0 -> error for the layer
    (5, 7, 1, "valid", 1, -1),      # (5 - 7) // 1 + 1 = -1
    # same / causal: ceil(n / s)
    (128, 3, 2, "same", 1, 64),
    (7, 3, 2, "same", 1, 4),        # ceil(7 / 2) = 4
    (5, 9, 1, "same", 1, 5),        # kernel size irrelevant
    (9, 3, 3, "same", 4, 3),        # dilation irrelevant: ceil(9 / 3)
    (10, 3, 1, "causal", 1, 10),
])
def test_conv_output_length(n, k, s, pad, d, expected):
    assert shapes.conv_output_length(n, k, s, pad, d) == expected


def test_conv_output_length_unknown_and_bad_padding():
    assert shapes.conv_output_length(None, 3, 1, "valid") is None
    with pytest.raises(ValueError):
        shapes.conv_output_length(5, 3, 1, "full")


def test_effective_kernel_size():
    assert shapes.effective_kernel_size(3, 1) == 3
    assert shapes.effective_kernel_size(3, 2) == 5   # taps at 0, 2, 4
    assert shapes.effective_kernel_size(1, 7) == 1


@pytest.mark.parametrize("n,k,s,pad,op,d,expected", [
    # valid, no output_padding: (n-1)s + max(k_eff, s)
    (4, 3, 2, "valid", None, 1, 9),    # 3*2 + max(3, 2) = 9
    (4, 1, 2, "valid", None, 1, 8),    # 3*2 + max(1, 2) = 8
    (4, 3, 1, "valid", None, 2, 8),    # k_eff 5: 3*1 + 5 = 8
    # valid with output_padding: (n-1)s + k_eff + op
    (4, 3, 2, "valid", 1, 1, 10),      # 6 + 3 + 1
    (4, 1, 2, "valid", 0, 1, 7),       # 6 + 1 + 0: differs from leaving it out (8)
    # same, no output_padding: n*s
    (4, 3, 2, "same", None, 1, 8),
    # same with output_padding: (n-1)s + k_eff % 2 + op
    (4, 3, 2, "same", 0, 1, 7),        # 6 + 1 + 0
    (4, 4, 2, "same", 1, 1, 7),        # 6 + 0 + 1
])
def test_conv_transpose_output_length(n, k, s, pad, op, d, expected):
    assert shapes.conv_transpose_output_length(n, k, s, pad, op, d) == expected


@pytest.mark.parametrize("n,p,s,pad,expected", [
    (8, 2, None, "valid", 4),   # strides default to pool_size: (8 - 2) // 2 + 1
    (7, 2, None, "valid", 3),   # (7 - 2) // 2 + 1 = 3
    (7, 2, None, "same", 4),    # ceil(7 / 2)
    (7, 3, 1, "valid", 5),      # (7 - 3) // 1 + 1
    (2, 3, None, "valid", 0),   # window larger than the input
])
def test_pooling_output_length(n, p, s, pad, expected):
    assert shapes.pooling_output_length(n, p, s, pad) == expected


@pytest.mark.parametrize("n,k,s,d,expected", [
    (5, 3, 1, 1, (2, 1, 1)),    # out 5: (5-1)*1 + 3 - 5 = 2 -> 1 top, 1 bottom
    (6, 3, 2, 1, (1, 0, 1)),    # out 3: 2*2 + 3 - 6 = 1 -> extra pixel bottom/right
    (6, 2, 2, 1, (0, 0, 0)),    # out 3: 2*2 + 2 - 6 = 0
    (7, 4, 1, 1, (3, 1, 2)),    # out 7: 6 + 4 - 7 = 3 -> 1 / 2
    (5, 1, 2, 1, (0, 0, 0)),    # out 3: 4 + 1 - 5 = 0
    (4, 1, 3, 1, (0, 0, 0)),    # out 2: 3 + 1 - 4 = 0
    (5, 3, 1, 2, (4, 2, 2)),    # k_eff 5: 4 + 5 - 5 = 4
])
def test_same_padding(n, k, s, d, expected):
    assert shapes.same_padding(n, k, s, d) == expected


def test_causal_padding():
    assert shapes.causal_padding(3) == (2, 0)
    assert shapes.causal_padding(3, 2) == (4, 0)


def test_window_starts():
    assert shapes.window_starts(5, 3) == [0, 1, 2]
    assert shapes.window_starts(5, 3, 2, "same") == [-1, 1, 3]   # 1 pixel of padding on top
    assert shapes.window_starts(4, 3, 1, "causal") == [-2, -1, 0, 1]
    assert shapes.window_starts(2, 3) == []
