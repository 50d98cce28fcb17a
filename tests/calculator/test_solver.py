"""calculator.solver: every listed setting really gives the wanted size; 'none' is explained."""

import pytest
from hypothesis import given, settings, strategies as st

from calculator import shapes, solver
from calculator.keras import Input, layers


def out_len(sol, n, layer="Conv2D"):
    cls = getattr(layers, layer)
    if layer.startswith(("MaxPooling", "AveragePooling")):
        lyr = cls(pool_size=sol["kernel_size"], strides=sol["strides"], padding=sol["padding"])
    else:
        lyr = cls(filters=1, kernel_size=sol["kernel_size"], strides=sol["strides"],
                  padding=sol["padding"], dilation_rate=sol["dilation_rate"])
    return lyr(Input(shape=(n, n, 1))).shape[1]


def test_128_to_64():
    # same with stride 2: ceil(128/2) = 64 for every kernel 1..11 (11 settings);
    # valid with stride 2: floor((128 - F)/2) + 1 = 64 <=> F in {1, 2} (2 settings)
    r = solver.solve(128, 64)
    got = {(s["kernel_size"], s["strides"], s["padding"], s["dilation_rate"])
           for s in r["solutions"]}
    want = {(k, 2, "same", 1) for k in range(1, 12)} | {(1, 2, "valid", 1), (2, 2, "valid", 1)}
    assert got == want and r["explanation"] is None
    assert all(s["output_size"] == 64 for s in r["solutions"])


def test_stride_and_dilation_never_together_for_conv2d():
    r = solver.solve(100, 50)
    assert not any(s["strides"] > 1 and s["dilation_rate"] > 1 for s in r["solutions"])


def test_dilation_solutions_with_stride_1():
    # valid, S=1: 32 - F_eff + 1 = 28 -> F_eff = 5: (5, d1), (3, d2)
    r = solver.solve(32, 28, padding=["valid"])
    got = {(s["kernel_size"], s["dilation_rate"]) for s in r["solutions"] if s["strides"] == 1}
    assert got == {(5, 1), (3, 2)}


def test_none_same_explains_ceil():
    r = solver.solve(128, 50)
    assert r["solutions"] == []
    assert "same can only give ceil(128 / S)" in r["explanation"]
    assert "S=2: 64" in r["explanation"] and "S=3: 43" in r["explanation"]


def test_none_larger_output():
    r = solver.solve(32, 64)
    assert r["solutions"] == [] and "never makes a map larger" in r["explanation"]
    assert "Conv2DTranspose" in r["explanation"]


def test_transpose_grows():
    r = solver.solve(32, 64, layer="Conv2DTranspose")
    assert any(s["padding"] == "same" and s["strides"] == 2 for s in r["solutions"])
    for s in r["solutions"]:
        assert shapes.conv_transpose_output_length(32, s["kernel_size"], s["strides"],
                                                   s["padding"], None,
                                                   s["dilation_rate"]) == 64


def test_pooling():
    r = solver.solve(224, 112, layer="MaxPooling2D")
    assert {"kernel_size": 2, "strides": 2, "padding": "valid", "dilation_rate": 1}.items() <= \
        next(s for s in r["solutions"] if s["kernel_size"] == 2 and s["padding"] == "valid"
             ).items()
    assert all(s["dilation_rate"] == 1 for s in r["solutions"])
    assert all(s["keras_code"].startswith("MaxPooling2D(pool_size=") for s in r["solutions"])


def test_bounds_and_errors():
    r = solver.solve(10, 8, kernel=3, stride=1, dilation=1, padding=["valid"])
    assert [(s["kernel_size"], s["strides"]) for s in r["solutions"]] == [(3, 1)]
    with pytest.raises(ValueError) as e:
        solver.solve(0, 8)
    assert e.value.field == "input_size"
    with pytest.raises(ValueError) as e:
        solver.solve(10, 8, padding=["full"])
    assert e.value.field == "padding"
    with pytest.raises(ValueError):
        solver.solve(10, 8, layer="Dense")


def test_derivation_included():
    r = solver.solve(7, 3, kernel=3, stride=2, padding=["valid"])
    (sol,) = r["solutions"]
    text = " ".join(s["text"] for s in sol["derivation"]["steps"])
    assert "floor((7 - 3) / 2) + 1" in text
    assert sol["keras_code"] == "Conv2D(filters=..., kernel_size=3, strides=2, padding='valid')"


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 64), m=st.integers(1, 64),
       layer=st.sampled_from(["Conv2D", "MaxPooling2D", "AveragePooling2D"]))
def test_every_solution_is_real(n, m, layer):
    r = solver.solve(n, m, layer=layer, derivations=False)
    for sol in r["solutions"]:
        assert out_len(sol, n, layer) == m
    if not r["solutions"]:
        assert r["explanation"]
    # completeness: brute force over the same bounds with the shape rule
    expected = 0
    for p in ("valid", "same"):
        for s in range(1, 5):
            for d in (range(1, 4) if layer == "Conv2D" else [1]):
                if layer == "Conv2D" and s > 1 and d > 1:
                    continue
                for k in range(1, 12):
                    got = (shapes.conv_output_length(n, k, s, p, d) if layer == "Conv2D"
                           else shapes.pooling_output_length(n, k, s, p))
                    expected += got == m
    assert len(r["solutions"]) == expected


def test_summary_names_each_padding_with_its_strides_and_kernels():
    # 128 -> 64: same with strides 2 is ceil(128 / 2) = 64 for every kernel 1..11 (11 settings);
    # valid with strides 2: floor((128 - F) / 2) + 1 = 64 for F = 1, 2 only (2 settings)
    res = solver.solve(128, 64)
    assert res["summary"] == (
        "13 settings turn 128 into 64: 11 with padding='same' (strides=2 with any kernel_size "
        "from 1 to 11); 2 with padding='valid' (strides=2 with kernel_size 1 or 2).")


def test_summary_for_pooling_says_pool_size():
    res = solver.solve(28, 14, layer="MaxPooling2D", padding="valid")
    # floor((28 - P) / 2) + 1 = 14 for P = 1, 2
    assert res["summary"] == ("2 settings turn 28 into 14: 2 with padding='valid' "
                              "(strides=2 with pool_size 1 or 2).")
