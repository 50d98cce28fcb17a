"""The PyTorch equivalents of Keras layers (calculator.torch_equiv) are the ones that real
PyTorch 2.13 and real Keras 3.15 were seen to agree on, number for number
(tests/fixtures/torch_equiv/cases.json, made by generate_torch_equiv_fixtures.py)."""

import json
import pathlib

import pytest

from calculator import torch_equiv
from calculator.keras import Input, layers

DATA = json.loads((pathlib.Path(__file__).parent.parent / "fixtures" / "torch_equiv" / "cases.json").read_text())
CASES = DATA["cases"]


def built(case):
    layer = getattr(layers, case["layer"])(**case["kwargs"])
    layer(Input(shape=tuple(case["shape"])))
    return layer


def test_the_fixture_verified_exact_equivalents():
    assert sum(c["exact"] for c in CASES) > 200
    assert all(c["torch_matches"] for c in CASES if c["exact"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f'{c["layer"]}-{c["shape"]}-{sorted(c["kwargs"].items())}')
def test_equivalent_is_the_verified_code(case):
    layer = built(case)
    eq = torch_equiv.equivalent(layer)
    assert (eq["code"], eq["exact"]) == (case["code"], case["exact"])
    # the rule's result is the Keras output length along the first spatial axis
    assert eq["rule"].endswith(f"= {layer.output.shape[1]}")


def test_other_layers_are_refused():
    dense = layers.Dense(3)
    dense(Input(shape=(4,)))
    with pytest.raises(ValueError, match="Dense"):
        torch_equiv.equivalent(dense)


def test_calculators_show_the_pytorch_line():
    from calculator.widgets import render

    conv = render("conv2d", {"filters": "32", "kernel_size": "3", "strides": "2", "padding": "same",
                             "input_shape": "128, 128, 3"})["html"]
    assert "x = F.pad(x, (0, 1, 0, 1))" in conv and "layer = nn.Conv2d(3, 32, kernel_size=3, stride=2)" in conv
    # 128 + 0 + 1 = 129 after F.pad; floor((129 − 1·(3 − 1) − 1) / 2) + 1 = 64
    assert "floor((129 − 1·(3 − 1) − 1) / 2) + 1 = 64" in conv
    pool = render("pooling", {"layer": "AveragePooling2D", "pool_size": "3", "padding": "same",
                              "input_shape": "32, 32, 16"})["html"]
    assert "mode=&#x27;replicate&#x27;" in pool and "backends disagree" in pool
    glob = render("pooling", {"layer": "GlobalAveragePooling2D", "input_shape": "7, 7, 8"})["html"]
    assert "PyTorch" not in glob
