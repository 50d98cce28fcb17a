"""The PyTorch corpus: course-style scripts run on the mirror print what real PyTorch prints.

Golden data: ``tests/fixtures/torch_corpus.json``, recorded from real torch 2.13.0 CPU and
torchinfo 1.8.0 by ``tests/fixtures/generate_torch_corpus.py`` from the scripts in
``tests/fixtures/torch_scripts/`` (``torchvision.models`` there are the calculator's
definitions running on real torch, since torchvision's wheel does not import on the CPU
build). Each script must print the same text, and a script that raises must raise the same
exception type with PyTorch's message (the mirror may add its fix on the lines after it),
on the same script line, after printing the same text.
"""

import importlib.util
import json
import os

import pytest

from calculator.api import error_data
from calculator.runner import run_script

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures")
SCRIPTS = os.path.join(FIXTURES, "torch_scripts")

with open(os.path.join(FIXTURES, "torch_corpus.json"), encoding="utf-8") as _f:
    CORPUS = json.load(_f)["scripts"]


def _read(name):
    with open(os.path.join(SCRIPTS, name), encoding="utf-8") as f:
        return f.read()


def _torch_message(exc):
    """PyTorch's own message: the mirror keeps it as the first part, the fix after it."""
    return getattr(exc, "torch_message", str(exc))


def test_corpus_covers_every_script():
    assert sorted(CORPUS) == sorted(n for n in os.listdir(SCRIPTS) if n.endswith(".py"))
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_script_prints_what_pytorch_prints(name):
    expected = CORPUS[name]
    code = _read(name)
    if "import numpy" in code and importlib.util.find_spec("numpy") is None:
        # Inside Pyodide's test run there is no numpy (without it a script stops where a
        # numpy value is needed: tests/calculator/test_script_compat.py); the native run
        # checks these scripts against PyTorch.
        pytest.skip("the script needs numpy, which this interpreter does not have")
    if expected["error"] is None:
        assert run_script(code).stdout == expected["stdout"]
        return
    want = expected["error"]
    with pytest.raises(Exception) as info:
        run_script(code)
    exc = info.value
    assert type(exc).__name__ == want["type"]
    assert _torch_message(exc) == want["message"]
    assert str(exc).startswith(want["message"])
    assert exc.line == want["line"]
    assert exc.stdout == expected["stdout"]
    if want["cause"] is not None:
        assert type(exc.__cause__).__name__ == want["cause"]["type"]
        assert _torch_message(exc.__cause__) == want["cause"]["message"]


def test_torchinfo_error_carries_the_fix_of_its_cause():
    # 37_summary_of_broken_model.py: Conv2d(3, 16, 3) on 32×32 gives 30×30, MaxPool2d(2)
    # gives 15×15, so Flatten yields 16 × 15 × 15 = 3600 features, not the 4096 written.
    with pytest.raises(RuntimeError) as info:
        run_script(_read("37_summary_of_broken_model.py"))
    assert str(info.value) == CORPUS["37_summary_of_broken_model.py"]["error"]["message"]
    lines = error_data(info.value)["message"].split("\n")  # as the CLI and the page report it
    assert lines[0] == str(info.value)
    assert lines[1] == "RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x3600 and 4096x10)"
    assert lines[2].startswith("Fix: ") and "3600" in lines[2]
