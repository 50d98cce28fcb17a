"""Unchanged PyTorch scripts print, on the mirror, exactly what they print on real PyTorch.

``tests/fixtures/torch_api/*.py`` cover tensor shape operations, the ``nn.Module`` API
(registration order, ``named_modules``/``named_parameters``/``state_dict``, hooks and their
call order, ``apply``, train/eval, ``requires_grad_``, dtype conversion, containers, lazy
modules), whole models and the shape errors learners hit. ``expected.json`` is their stdout
under real torch 2.13 (``tests/fixtures/generate_torch_api_fixtures.py``); each script
runs here through ``calculator.runner.run_script`` and must print the same text, line for line.
"""

import json
import os

import pytest

from calculator import runner

SCRIPT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures",
                          "torch_api")
with open(os.path.join(SCRIPT_DIR, "expected.json"), encoding="utf-8") as f:
    EXPECTED = json.load(f)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_script_prints_what_pytorch_prints(name):
    with open(os.path.join(SCRIPT_DIR, name), encoding="utf-8") as f:
        code = f.read()
    result = runner.run_script(code, filename=name)
    got, want = result.stdout.splitlines(), EXPECTED[name].splitlines()
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"{name} line {i + 1}"
    assert len(got) == len(want)
